// `audit` on Terraform HCL: the principals a folder of `.tf` files defines get the verdicts of
// the same principals written as Terraform JSON and CloudFormation; for_each/count, computed
// references, the credentials a template defines, and file() references that would leave the
// configuration's folder.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { auditGraph, AuditResult } from '../../server/src/core/audit/audit';
import { principalLenses } from '../../server/src/core/audit/principalLenses';
import { readPrincipalSource } from '../../server/src/core/audit/sources';
import { readTerraformConfiguration, readTerraformHcl, TerraformFile } from '../../server/src/core/audit/terraformHclSource';
import { lint } from '../../server/src/core/lint';
import { loadHclParser } from '../../server/src/core/parse/hcl/hclParser';
import { readInsideFolder } from '../../server/src/shared/readInsideFolder';
import { cli } from '../cliUtil';
import { REPO_ROOT } from '../testUtil';

const DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'audit');
const read = (f: string) => fs.readFileSync(path.join(DIR, f), 'utf8');

function folder(name: string): TerraformFile[] {
  return fs
    .readdirSync(path.join(DIR, name))
    .filter((f) => f.endsWith('.tf'))
    .sort()
    .map((f) => ({ file: `${name}/${f}`, text: read(path.join(name, f)) }));
}

function verdicts(result: AuditResult): Record<string, string> {
  return Object.fromEntries(result.principals.map((p) => [p.name, p.verdict]));
}

before(async () => {
  await loadHclParser();
});

describe('audit: Terraform HCL principals', () => {
  it('three .tf files of one folder reach the verdicts of tf-principals.tf.json', () => {
    const hcl = readTerraformConfiguration(folder('tf-hcl'), 'tf-hcl');
    assert.deepEqual(hcl.problems, []);
    const json = readPrincipalSource(read('tf-principals.tf.json'), 'tf-principals.tf.json')!;
    const expected = { erin: 'partial', frank: 'not-enforced', deploy: 'not-enforced' };
    assert.deepEqual(verdicts(auditGraph(json)), expected);
    assert.deepEqual(verdicts(auditGraph(hcl)), expected);
    // frank's ReadOnlyAccess is written with ${data.aws_partition…}: the bundled document, not an unknown Allow *.
    const frank = auditGraph(hcl).principals.find((p) => p.name === 'frank')!;
    assert.deepEqual(frank.policies.map((p) => [p.name, !!p.unknown]), [['ReadOnlyAccess', false]]);
    assert.equal(hcl.users.find((u) => u.name === 'frank')!.path, '/ops/');
  });

  it('references resolve across the files of the folder, not within one file alone', () => {
    const alone = readTerraformHcl(read('tf-hcl/users.tf'), 'tf-hcl/users.tf');
    // The developers group carries its policies in attachments.tf: alone, erin holds nothing.
    assert.equal(verdicts(auditGraph(alone)).erin, 'no-access');
  });

  it('the CloudFormation scenario as HCL (heredoc, jsonencode, for_each, count, aws_iam_policy_attachment) has its verdicts', () => {
    const hcl = readTerraformConfiguration(folder('tf-hcl-cfn'), 'tf-hcl-cfn');
    assert.deepEqual(hcl.problems, []);
    const cfn = readPrincipalSource(read('cfn-principals.yaml'), 'cfn-principals.yaml')!;
    const expected = { alice: 'enforced', bob: 'not-enforced', carol: 'console-only', dave: 'not-enforced', 'admin-with-mfa': 'enforced', LambdaRole: 'not-applicable' };
    assert.deepEqual(verdicts(auditGraph(cfn)), expected);
    assert.deepEqual(verdicts(auditGraph(hcl)), expected);
  });

  it('locates each principal on its block, and the deciding statement inside the heredoc', () => {
    const [main] = folder('tf-hcl-cfn');
    const result = auditGraph(readTerraformConfiguration([main], 'tf-hcl-cfn'));
    const alice = result.principals.find((p) => p.name === 'alice')!;
    assert.equal(main.text.slice(alice.location!.range!.start, alice.location!.range!.end), '"people"');
    const deny = result.principals.find((p) => p.name === 'alice')!.policies.find((p) => p.name === 'force-mfa')!.deciding.find((d) => d.role === 'stops-without-mfa')!;
    assert.equal(deny.sid, 'BlockMostAccessUnlessSignedInWithMFA');
    assert.match(main.text.slice(deny.location!.range!.start, deny.location!.range!.end), /^\{\s+"Sid": "BlockMostAccessUnlessSignedInWithMFA"/);
  });

  it('what Terraform computes is reported, never guessed', () => {
    const text = `
variable "names" { type = set(string) }
resource "aws_iam_user" "team" {
  for_each = var.names
  name     = each.key
}
resource "aws_iam_user" "ops" {
  name = "ops"
}
resource "aws_iam_user" "named" {
  name = "\${var.prefix}-svc"
}
resource "aws_iam_user_policy_attachment" "by_variable" {
  user       = var.user_name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
resource "aws_iam_user_policy_attachment" "elsewhere" {
  user       = aws_iam_user.not_here.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
resource "aws_iam_user_policy_attachment" "ops" {
  user       = aws_iam_user.ops.name
  policy_arn = var.policy_arn
}
resource "aws_iam_user" "pair" {
  count = 2
  name  = "pair-\${count.index}"
}
resource "aws_iam_user_login_profile" "pair" {
  user = aws_iam_user.pair.name
}
`;
    const graph = readTerraformHcl(text, 'computed.tf');
    const messages = graph.problems.map((p) => p.message);
    assert.ok(messages.some((m) => /aws_iam_user\.team: for_each = var\.names is computed by Terraform: its instances are not audited/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /by_variable: user = var\.user_name is computed by Terraform: not resolved/.test(m)));
    assert.ok(messages.some((m) => /elsewhere: user = aws_iam_user\.not_here\.name is not defined in this configuration/.test(m)));
    assert.ok(messages.some((m) => /aws_iam_user\.named: the name is computed by Terraform \(\$\{var\.prefix\}-svc\): the user is shown as named/.test(m)));
    assert.ok(messages.some((m) => /aws_iam_user_login_profile\.pair: user = aws_iam_user\.pair\.name is a resource with several instances \(for_each\/count\), not one of them/.test(m)));
    assert.deepEqual(graph.users.map((u) => u.name).sort(), ['named', 'ops', 'pair-0', 'pair-1']);
    // A policy ARN from a variable: unknown, counted as Allow * (the worst case), and said so.
    const ops = auditGraph(graph).principals.find((p) => p.name === 'ops')!;
    assert.equal(ops.verdict, 'not-enforced');
    assert.ok(ops.policies.some((p) => p.unknown));
  });

  it('for_each over a literal map: each.value attributes, and references by key', () => {
    const text = `
resource "aws_iam_user" "u" {
  for_each = { ann = { path = "/eng/" }, ben = { path = "/" } }
  name     = "\${each.key}"
  path     = each.value.path
}
resource "aws_iam_user_policy_attachment" "ann" {
  user       = aws_iam_user.u["ann"].name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
`;
    const graph = readTerraformHcl(text, 'map.tf');
    assert.deepEqual(graph.problems, []);
    assert.deepEqual(graph.users.map((u) => [u.name, u.path, u.managed]), [
      ['ann', '/eng/', ['arn:aws:iam::aws:policy/AdministratorAccess']],
      ['ben', '/', []],
    ]);
  });

  it('group inline policies, aws_iam_group_membership, and attachments expanded by for_each', () => {
    const text = `
resource "aws_iam_group" "ops" {
  name = "ops"
}
resource "aws_iam_group_policy" "ops_deny" {
  name  = "ops-deny-without-mfa"
  group = aws_iam_group.ops.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", NotAction = ["iam:ListMFADevices"], Resource = "*", Condition = { BoolIfExists = { "aws:MultiFactorAuthPresent" = "false" } } }]
  })
}
resource "aws_iam_group_policy_attachment" "ops" {
  for_each   = toset(["arn:aws:iam::aws:policy/PowerUserAccess", "arn:aws:iam::aws:policy/IAMFullAccess"])
  group      = aws_iam_group.ops.name
  policy_arn = each.value
}
resource "aws_iam_user" "olga" {
  name = "olga"
}
resource "aws_iam_group_membership" "ops" {
  name  = "ops"
  group = aws_iam_group.ops.name
  users = [aws_iam_user.olga.name]
}
`;
    const graph = readTerraformHcl(text, 'groups.tf');
    assert.deepEqual(graph.problems, []);
    assert.deepEqual(graph.groups.get('ops')!.managed.sort(), ['arn:aws:iam::aws:policy/IAMFullAccess', 'arn:aws:iam::aws:policy/PowerUserAccess']);
    const olga = auditGraph(graph).principals.find((p) => p.name === 'olga')!;
    assert.equal(olga.verdict, 'enforced');
    assert.deepEqual(olga.policies.map((p) => [p.name, p.via]).sort(), [
      ['IAMFullAccess', 'ops'],
      ['PowerUserAccess', 'ops'],
      ['ops-deny-without-mfa', 'ops'],
    ]);
  });

  it('role inline_policy blocks and permissions_boundary', () => {
    const text = `
resource "aws_iam_policy" "boundary" {
  name   = "mfa-boundary"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*", Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } } }] })
}
resource "aws_iam_user" "hank" {
  name                 = "hank"
  permissions_boundary = aws_iam_policy.boundary.arn
}
resource "aws_iam_user_policy_attachment" "hank" {
  user       = aws_iam_user.hank.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = "sts:AssumeRole" }] })
  inline_policy {
    name   = "admin"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
  }
}
`;
    const result = auditGraph(readTerraformHcl(text, 'boundary.tf'));
    assert.deepEqual(result.problems, []);
    assert.equal(verdicts(result).hank, 'enforced');
    const role = result.principals.find((p) => p.name === 'r')!;
    assert.equal(role.verdict, 'not-enforced');
    assert.deepEqual(role.policies.map((p) => [p.name, p.kind, !!p.unknown]), [['admin', 'inline', false]]);
    assert.ok(role.reachableWithoutMfa.count > 0);
  });

  it('a code lens on each principal block of the .tf, with the sibling files of its folder', () => {
    const files = folder('tf-hcl');
    const users = files.find((f) => f.file.endsWith('users.tf'))!;
    const lenses = principalLenses(users.text, users.file, files.filter((f) => f !== users));
    assert.deepEqual(
      lenses.map((l) => [users.text.slice(l.range.start, l.range.end), l.principal.verdict]),
      [
        ['"erin"', 'partial'],
        ['"frank"', 'not-enforced'],
      ],
    );
    // The role is defined in attachments.tf: its lens is there, not here.
    assert.ok(!lenses.some((l) => l.principal.name === 'deploy'));
  });
});

describe('audit: credentials a template defines', () => {
  it('Terraform: aws_iam_user_login_profile and aws_iam_access_key (status) give the user its credentials', () => {
    const result = auditGraph(readTerraformConfiguration(folder('tf-hcl-cfn'), 'tf-hcl-cfn'));
    const by = (n: string) => result.principals.find((p) => p.name === n)!;
    assert.deepEqual(by('bob').credentials, { known: true, source: 'template', consolePassword: true, activeAccessKeys: 1, mfaDevice: undefined });
    assert.deepEqual(by('carol').credentials, { known: true, source: 'template', consolePassword: undefined, activeAccessKeys: 0, mfaDevice: undefined });
    // Nothing in the template about alice's credentials: unknown, as without a credential report.
    assert.deepEqual(by('alice').credentials, { known: false });
    assert.match(by('bob').exposure.summary, /1 active access key, console password/);
    // carol's long-term keys pass MFA, but her only key is inactive and sessions are stopped: no usable gap.
    assert.equal(by('carol').exposure.level, 'low');
  });

  it('the ranking uses them: without them the same gap ranks higher', () => {
    const graph = readTerraformConfiguration(folder('tf-hcl-cfn'), 'tf-hcl-cfn');
    const carol = graph.users.find((u) => u.name === 'carol')!;
    const withCredentials = auditGraph(graph).principals.find((p) => p.name === 'carol')!;
    carol.credentials = undefined;
    const without = auditGraph(graph).principals.find((p) => p.name === 'carol')!;
    assert.ok(without.exposure.score > withCredentials.exposure.score, `${without.exposure.score} > ${withCredentials.exposure.score}`);
  });

  it('CloudFormation: LoginProfile, AWS::IAM::AccessKey (UserName, Status), AWS::IAM::VirtualMFADevice (Users)', () => {
    const template = `
Resources:
  Ann:
    Type: AWS::IAM::User
    Properties:
      UserName: ann
      LoginProfile:
        Password: "{{resolve:secretsmanager:ann}}"
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
  AnnKey:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Ref Ann
  AnnOldKey:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Ref Ann
      Status: Inactive
  AnnMfa:
    Type: AWS::IAM::VirtualMFADevice
    Properties:
      Users: [!Ref Ann]
  Ben:
    Type: AWS::IAM::User
    Properties:
      UserName: ben
`;
    const result = auditGraph(readPrincipalSource(template, 'creds.yaml')!);
    assert.deepEqual(result.problems, []);
    const ann = result.principals.find((p) => p.name === 'ann')!;
    assert.deepEqual(ann.credentials, { known: true, source: 'template', consolePassword: true, activeAccessKeys: 1, mfaDevice: true });
    assert.match(ann.exposure.summary, /1 active access key, console password, MFA device/);
    assert.deepEqual(result.principals.find((p) => p.name === 'ben')!.credentials, { known: false });
  });

  it('a credential report, when given, wins over the template', () => {
    const graph = readTerraformConfiguration(folder('tf-hcl-cfn'), 'tf-hcl-cfn');
    const bob = graph.users.find((u) => u.name === 'bob')!;
    const row = { user: 'bob', arn: bob.arn, passwordEnabled: false, mfaActive: true, activeAccessKeys: 0 };
    const result = auditGraph(graph, { credentials: { byArn: new Map([[bob.arn, row]]), byUser: new Map([['bob', row]]), problems: [] } });
    assert.deepEqual(result.principals.find((p) => p.name === 'bob')!.credentials, { known: true, mfaDevice: true, consolePassword: false, activeAccessKeys: 0, passwordLastUsed: undefined, accessKeyLastUsed: undefined });
  });
});

describe('file() and templatefile() never read outside the configuration folder', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-mfa-guard-tree-'));
    fs.mkdirSync(path.join(dir, 'module', 'policies'), { recursive: true });
    const admin = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
    fs.writeFileSync(path.join(dir, 'outside.json'), admin);
    fs.writeFileSync(path.join(dir, 'module', 'policies', 'inside.json'), admin);
    fs.symlinkSync(path.join(dir, 'outside.json'), path.join(dir, 'module', 'policies', 'link.json'));
    fs.writeFileSync(
      path.join(dir, 'module', 'main.tf'),
      `resource "aws_iam_user" "a" {
  name = "a"
}
resource "aws_iam_user_policy" "inside" {
  user   = aws_iam_user.a.name
  policy = file("\${path.module}/policies/inside.json")
}
resource "aws_iam_user_policy" "up" {
  user   = aws_iam_user.a.name
  policy = file("\${path.module}/../outside.json")
}
resource "aws_iam_user_policy" "absolute" {
  user   = aws_iam_user.a.name
  policy = templatefile("${path.join(dir, 'outside.json').replace(/\\/g, '/')}", {})
}
resource "aws_iam_user_policy" "link" {
  user   = aws_iam_user.a.name
  policy = file("\${path.module}/policies/link.json")
}
`,
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lint: a reference that leaves the folder is a diagnostic, not a file to check', () => {
    const text = fs.readFileSync(path.join(dir, 'module', 'main.tf'), 'utf8');
    const result = lint(text, { format: 'hcl' });
    assert.deepEqual(
      result.parsed.fileReferences!.map((r) => r.path),
      ['policies/inside.json', 'policies/link.json'],
    );
    const outside = result.findings.filter((f) => /outside the folder of this configuration/.test(f.message));
    assert.deepEqual(
      outside.map((f) => [text.slice(f.range.start, f.range.end).split('(')[0], f.severity]),
      [
        ['file', 'warning'],
        ['templatefile', 'warning'],
      ],
    );
  });

  it('lint from the command line: the link out of the folder is not followed', async () => {
    const { stdout, stderr } = await cli(['--format', 'json', 'module'], { cwd: dir });
    const files = [...new Set((JSON.parse(stdout) as { file: string }[]).map((f) => f.file))];
    assert.ok(!files.some((f) => f.includes('outside')), files.join(', '));
    assert.match(stderr, /main\.tf:\d+:\d+: file\(\) names policies\/link\.json, which leads out of the folder of this configuration: not read/);
    assert.match(stderr, /the policy file\(\) reads is checked in module\/policies\/inside\.json/);
  });

  it('audit: only the policy inside is read; the others are reported and left unknown', async () => {
    const { stdout, stderr } = await cli(['audit', '--format', 'json', 'module'], { cwd: dir });
    const report = JSON.parse(stdout) as { principals: { name: string; policies: { name: string; problem?: string }[] }[] };
    const a = report.principals.find((p) => p.name === 'a')!;
    assert.deepEqual(a.policies.map((p) => [p.name, !!p.problem]), [
      ['inside', false],
      ['up', true],
      ['absolute', true],
      ['link', true],
    ]);
    assert.match(stderr, /file\("\.\.\/outside\.json"\) leaves the folder of this configuration: not read/);
    assert.match(stderr, /templatefile\("\/.*outside\.json"\) leaves the folder of this configuration/);
    assert.match(stderr, /file\("policies\/link\.json"\): it leads out of the folder of this configuration \(through a link\)/);
  });

  it('readInsideFolder: a path inside reads, a link or a missing file does not', () => {
    const module = path.join(dir, 'module');
    assert.ok('text' in readInsideFolder(module, 'policies/inside.json'));
    assert.match((readInsideFolder(module, 'policies/link.json') as { problem: string }).problem, /through a link/);
    assert.match((readInsideFolder(module, 'policies/none.json') as { problem: string }).problem, /no such file/);
  });
});

describe('audit command on a Terraform folder', () => {
  it('audits the .tf files of a folder as one configuration', async () => {
    const { code, stdout } = await cli(['audit', '--format', 'json', 'test/fixtures/audit/tf-hcl'], { cwd: REPO_ROOT });
    assert.equal(code, 1);
    const report = JSON.parse(stdout) as { principals: { name: string; verdict: string }[] };
    assert.deepEqual(Object.fromEntries(report.principals.map((p) => [p.name, p.verdict])), { erin: 'partial', frank: 'not-enforced', deploy: 'not-enforced' });
  });

  it('the text table shows the credentials a template defines, "?" for what it leaves out', async () => {
    const { stdout } = await cli(['audit', 'test/fixtures/audit/tf-hcl-cfn/main.tf'], { cwd: REPO_ROOT });
    assert.match(stdout, /bob .*1 key, password, MFA \?/);
    assert.match(stdout, /carol .*0 keys, password \?, MFA \?/);
  });
});

describe('audit: bad Terraform never throws', () => {
  it('every cut of a configuration, random damage, and absurd nesting: a graph, never an exception', () => {
    const text = read('tf-hcl-cfn/main.tf');
    for (let end = 0; end <= text.length; end += 23) {
      const graph = readTerraformHcl(text.slice(0, end), 'cut.tf');
      auditGraph(graph);
    }
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 200; i++) {
      const chars = [...text];
      for (let k = 0; k < 5; k++) chars[Math.floor(random() * chars.length)] = '{}[]"=$#\n('[Math.floor(random() * 11)];
      auditGraph(readTerraformHcl(chars.join(''), 'damaged.tf'));
    }
    const deep = `resource "aws_iam_user" "d" {\n  name = "d"\n  tags = ${'['.repeat(20000)}${']'.repeat(20000)}\n}\n`;
    const graph = readTerraformHcl(deep, 'deep.tf');
    assert.match(graph.problems[0].message, /deep\.tf: nests deeper than 1000 levels: not audited/);
    assert.equal(graph.users.length, 0);
  });
});

describe('audit: Terraform HCL policies from locals and from deploy time', () => {
  /** A user "ana" with one inline policy, "reads", whose `policy` is the expression given. */
  const userWithInlinePolicy = (policy: string) =>
    [
      'resource "aws_iam_user" "ana" {',
      '  name = "ana"',
      '}',
      'resource "aws_iam_user_policy" "reads" {',
      '  name   = "reads"',
      '  user   = aws_iam_user.ana.name',
      `  policy = ${policy}`,
      '}',
      '',
    ].join('\n');

  it('policy = jsonencode(local.x) is the policy written in locals, in any file of the folder', () => {
    const iam = userWithInlinePolicy('jsonencode(local.reads)');
    const locals = ['locals {', '  reads = {', '    Version   = "2012-10-17"', '    Statement = [{ Effect = "Allow", Action = "iam:GetUser", Resource = "*" }]', '  }', '}', ''].join('\n');
    const graph = readTerraformConfiguration([{ file: 'm/iam.tf', text: iam }, { file: 'm/locals.tf', text: locals }], 'm');
    const [ana] = auditGraph(graph).principals;
    assert.equal(ana.verdict, 'no-access');
    assert.deepEqual(ana.policies.map((p) => [p.name, !!p.unknown]), [['reads', false]]);
    // The same local granting everything: the verdict follows the policy, not a guess.
    const admin = readTerraformConfiguration([{ file: 'm/iam.tf', text: iam }, { file: 'm/locals.tf', text: locals.replace('iam:GetUser', '*') }], 'm');
    assert.equal(auditGraph(admin).principals[0].verdict, 'not-enforced');
  });

  it('a statement computed at deploy time counts as Allow * (the worst case), with a note that says so', () => {
    const config = (statements: string) => userWithInlinePolicy(`jsonencode({ Version = "2012-10-17", Statement = ${statements} })`);
    const known = auditGraph(readTerraformHcl(config('[{ Effect = "Allow", Action = "iam:GetUser", Resource = "*" }]'), 'known.tf')).principals[0];
    assert.equal(known.verdict, 'no-access');
    assert.deepEqual(known.notes, []);
    const partly = auditGraph(readTerraformHcl(config('[{ Effect = "Allow", Action = "iam:GetUser", Resource = "*" }, var.extra_statement]'), 'partly.tf')).principals[0];
    assert.equal(partly.verdict, 'not-enforced');
    assert.deepEqual(partly.notes, ['reads: a statement computed at deploy time counted as Allow * (worst case)']);
  });
});
