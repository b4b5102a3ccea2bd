// `audit`: principals of account exports and templates, their verdicts against the hand-decided
// expectations of test/fixtures/audit/README.md, inputs that are damaged, and the outputs.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { auditGraph, AuditResult, VERDICTS } from '../../server/src/core/audit/audit';
import { readAccountExport } from '../../server/src/core/audit/accountExport';
import { readCredentialReport } from '../../server/src/core/audit/credentialReport';
import { readPrincipalSource } from '../../server/src/core/audit/sources';
import { principalLenses } from '../../server/src/core/audit/principalLenses';
import { readServiceControlPolicy } from '../../server/src/core/audit/scp';
import { formatAuditHtml } from '../../server/src/cli/formatters/auditHtml';
import { cli } from '../cliUtil';
import { REPO_ROOT } from '../testUtil';
import { generateAccountExport } from '../bench/generateExport';

const DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'audit');
const read = (f: string) => fs.readFileSync(path.join(DIR, f), 'utf8');

function verdicts(result: AuditResult): Record<string, string> {
  return Object.fromEntries(result.principals.map((p) => [p.name, p.verdict]));
}

const EXPECTED_API: Record<string, string> = {
  alice: 'enforced',
  bob: 'partial',
  carol: 'not-enforced',
  dave: 'console-only',
  erin: 'enforced',
  frank: 'no-access',
  gina: 'enforced',
  hank: 'enforced',
  ivy: 'enforced',
  jack: 'not-enforced',
  leo: 'not-enforced',
  mia: 'no-access',
  ned: 'not-enforced',
  AdminRoleWithMfa: 'enforced',
  AdminRoleWithoutMfa: 'not-enforced',
  ConsoleRole: 'console-only',
  Ec2ServiceRole: 'not-applicable',
  VendorRole: 'not-enforced',
};

describe('audit: account export (IAM API shape, URL-encoded documents)', () => {
  const graph = readAccountExport(read('account-api.json'), 'account-api.json');
  const result = auditGraph(graph, { credentials: readCredentialReport(read('credential-report.csv'), 'credential-report.csv') });
  const byName = new Map(result.principals.map((p) => [p.name, p]));

  it('gives every principal the verdict decided by hand', () => {
    assert.deepEqual(verdicts(result), EXPECTED_API);
  });

  it('uses the default policy version, not the first one', () => {
    // ForceMFA v1 is the Bool "false" deny, which would make alice console-only.
    assert.equal(byName.get('alice')!.verdict, 'enforced');
    assert.ok(byName.get('alice')!.policies.some((p) => p.name === 'ForceMFA' && p.deciding.some((d) => d.sid === 'BlockMostAccessUnlessSignedInWithMFA' && d.role === 'stops-without-mfa')));
  });

  it('names what stays reachable, most dangerous first, and the statements that decide it', () => {
    const bob = byName.get('bob')!;
    assert.equal(bob.reachableWithoutMfa.dangerous[0], 'iam:DetachUserPolicy');
    assert.ok(bob.reachableWithoutMfa.dangerous.includes('iam:CreateAccessKey'));
    assert.ok(bob.reachableWithoutMfa.count > 50 && bob.reachableWithoutMfa.count < 200, `IAM writes only: ${bob.reachableWithoutMfa.count}`);
    const trek10 = bob.policies.find((p) => p.name === 'ForceMFATrek10')!;
    assert.equal(trek10.via, 'Trek10');
    assert.ok(trek10.deciding.some((d) => d.sid === 'DoNotAllowAnythingOtherThanAboveUnlessMFAd' && d.role === 'stops-without-mfa'));
    const admin = bob.policies.find((p) => p.name === 'AdministratorAccess')!;
    assert.ok(admin.deciding.some((d) => d.role === 'allows-without-mfa'));
    const carol = byName.get('carol')!;
    assert.ok(carol.reachableWithoutMfa.count > 20_000);
    assert.ok(carol.reachableWithoutMfa.dangerous.includes('iam:DeactivateMFADevice'));
  });

  it('console-only leaves keys open and closes sessions', () => {
    const dave = byName.get('dave')!;
    assert.ok(dave.reachableWithoutMfa.accessKey > 20_000);
    assert.equal(dave.reachableWithoutMfa.noMfaSession, 0);
  });

  it('matches ${aws:username} against user ARNs with paths as IAM does', () => {
    assert.equal(byName.get('frank')!.arn, 'arn:aws:iam::111122223333:user/engineering/frank');
    assert.equal(byName.get('frank')!.withMfaCount, 0);
    assert.equal(byName.get('gina')!.withMfaCount, 2);
  });

  it('decides conditions on principal tags from the user tags in the export', () => {
    assert.equal(byName.get('ivy')!.verdict, 'enforced');
    assert.equal(byName.get('jack')!.verdict, 'not-enforced');
    assert.deepEqual(byName.get('jack')!.dependsOnKeys, []);
  });

  it('counts an unknown managed policy as Allow * and says so', () => {
    const ned = byName.get('ned')!;
    const unknown = ned.policies.find((p) => p.name === 'NotInThisExport')!;
    assert.equal(unknown.unknown, true);
    assert.match(ned.notes.join('\n'), /NotInThisExport: .*Allow \* \(worst case\)/);
  });

  it('reports the document that does not URL-decode by its place, and audits the rest', () => {
    const problem = result.problems.find((p) => /URL-decode/.test(p.message))!;
    assert.match(problem.message, /UserDetailList\[12\]\.UserPolicyList\[0\]\.PolicyDocument: user ned: inline policy Broken/);
    assert.equal(result.principals.length, 18);
  });

  it('ranks by real exposure: an active key without MFA device above a gap nobody can use', () => {
    const names = result.principals.map((p) => p.name);
    assert.ok(names.indexOf('carol') < names.indexOf('bob'));
    assert.equal(byName.get('carol')!.exposure.level, 'critical');
    assert.match(byName.get('carol')!.exposure.summary, /1 active access key, no MFA device, AdministratorAccess, .* MFA not enforced/);
    assert.equal(byName.get('bob')!.exposure.level, 'low');
    assert.deepEqual(byName.get('carol')!.credentials, { known: true, mfaDevice: false, consolePassword: false, activeAccessKeys: 1, passwordLastUsed: 'N/A', accessKeyLastUsed: '2024-05-03T11:00:00+00:00' });
  });

  it('judges roles by their trust policy', () => {
    assert.equal(byName.get('Ec2ServiceRole')!.trust!.note, 'only AWS services may assume it');
    assert.deepEqual(byName.get('VendorRole')!.dependsOnKeys.includes('sts:externalid'), true);
    assert.equal(byName.get('AdminRoleWithMfa')!.reachableWithoutMfa.count, 0);
    assert.ok(byName.get('AdminRoleWithoutMfa')!.reachableWithoutMfa.count > 20_000);
  });

  it('evaluates principals that hold the same policies once', () => {
    assert.ok(result.evaluations < result.principals.length);
  });
});

describe('audit: the same account as the AWS CLI prints it (documents as objects)', () => {
  const result = auditGraph(readAccountExport(read('account-cli.json'), 'account-cli.json'));
  it('reaches the same verdicts', () => {
    const v = verdicts(result);
    for (const name of Object.keys(v)) assert.equal(v[name], EXPECTED_API[name], name);
    assert.equal(Object.keys(v).length, 6);
  });
});

describe('audit: damaged input', () => {
  it('a truncated export: a clear error, and the principals before the cut are audited', () => {
    const text = read('account-api.json');
    const cut = text.slice(0, text.indexOf('"UserName": "erin"'));
    const result = auditGraph(readAccountExport(cut, 'cut.json'));
    assert.match(result.problems[0].message, /cut\.json: the export is truncated/);
    assert.deepEqual(
      result.principals.map((p) => p.name).sort(),
      ['alice', 'bob', 'carol', 'dave'],
    );
    // Groups and policies come after the users: missing, so the audit says so for each user.
    assert.match(result.principals.find((p) => p.name === 'alice')!.notes.join(' '), /group Admins is not in the input/);
  });

  it('not an export at all', () => {
    const g = readAccountExport('{"Version":"2012-10-17","Statement":[]}', 'policy.json');
    assert.match(g.problems[0].message, /none of UserDetailList, GroupDetailList, RoleDetailList, Policies found/);
    assert.equal(readAccountExport('[1,2', 'x.json').problems.length, 2);
  });

  it('a paginated export says the other pages are missing', () => {
    const g = readAccountExport('{"UserDetailList":[],"IsTruncated":true,"Marker":"abc"}', 'page.json');
    assert.match(g.problems[0].message, /IsTruncated is true/);
  });

  it('bad input never throws: every prefix of the export is read', () => {
    const text = read('account-cli.json');
    for (let n = 0; n < text.length; n += 997) {
      const result = auditGraph(readAccountExport(text.slice(0, n), 'prefix.json'));
      assert.ok(Array.isArray(result.principals));
    }
  });
});

describe('audit: credential report', () => {
  it('reads the CSV, and the get-credential-report JSON with base64 content, alike', () => {
    const csv = readCredentialReport(read('credential-report.csv'), 'r.csv');
    const json = readCredentialReport(read('credential-report.json'), 'r.json');
    assert.deepEqual([...csv.byArn.entries()], [...json.byArn.entries()]);
    assert.equal(csv.byUser.get('carol')!.activeAccessKeys, 1);
    assert.equal(csv.byUser.get('alice')!.mfaActive, true);
    assert.deepEqual(csv.problems, []);
    const bare = readCredentialReport(Buffer.from(read('credential-report.csv')).toString('base64'), 'r.b64');
    assert.equal(bare.byArn.size, csv.byArn.size);
  });

  it('a CSV with other columns: found by name; missing ones named, the rest read', () => {
    const r = readCredentialReport('arn,extra,user,mfa_active\narn:aws:iam::1:user/x,1,x,true\n', 'odd.csv');
    assert.equal(r.byUser.get('x')!.mfaActive, true);
    assert.equal(r.byUser.get('x')!.activeAccessKeys, undefined);
    assert.match(r.problems[0].message, /odd\.csv, line 1: no column password_enabled, access_key_1_active, access_key_2_active/);
    const wrong = readCredentialReport('name,value\na,b\n', 'wrong.csv');
    assert.match(wrong.problems[0].message, /wrong\.csv, line 1: missing columns user, arn/);
    assert.match(readCredentialReport('%%%', 'bin').problems[0].message, /not a credential report/);
  });
});

describe('audit: SCPs', () => {
  it('an SCP Deny without MFA makes an admin enforced; describe-policy output is read too', () => {
    const deny = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }] });
    const wrapped = JSON.stringify({ Policy: { PolicySummary: { Name: 'RequireMfa' }, Content: deny } });
    const scp = readServiceControlPolicy(wrapped, 'scp.json').scp!;
    assert.equal(scp.name, 'RequireMfa');
    const result = auditGraph(readAccountExport(read('account-api.json'), 'a.json'), { scps: [scp] });
    assert.equal(result.principals.find((p) => p.name === 'carol')!.verdict, 'enforced');
    assert.ok(result.principals.find((p) => p.name === 'carol')!.policies.some((p) => p.kind === 'scp' && p.deciding.length > 0));
  });

  it('an SCP that allows only some services limits what is reachable', () => {
    const allowS3 = readServiceControlPolicy(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }), 's3only.json').scp!;
    const result = auditGraph(readAccountExport(read('account-api.json'), 'a.json'), { scps: [allowS3] });
    const carol = result.principals.find((p) => p.name === 'carol')!;
    assert.ok(carol.reachableWithoutMfa.count > 50 && carol.reachableWithoutMfa.count < 500, String(carol.reachableWithoutMfa.count));
    assert.ok(carol.reachableWithoutMfa.dangerous.every((a) => a.startsWith('s3:')));
  });
});

describe('audit: principals defined in templates', () => {
  it('CloudFormation: groups, managed policies by Ref, UserToGroupAddition, roles', () => {
    const g = readPrincipalSource(read('cfn-principals.yaml'), 'cfn-principals.yaml')!;
    assert.deepEqual(verdicts(auditGraph(g)), { alice: 'enforced', bob: 'not-enforced', dave: 'not-enforced', carol: 'console-only', 'admin-with-mfa': 'enforced', LambdaRole: 'not-applicable' });
  });

  it('Terraform JSON: attachments, memberships, data-source trust policies', () => {
    const g = readPrincipalSource(read('tf-principals.tf.json'), 'tf-principals.tf.json')!;
    assert.deepEqual(verdicts(auditGraph(g)), { erin: 'partial', frank: 'not-enforced', deploy: 'not-enforced' });
  });

  it('code lenses sit on the principal, with its verdict', () => {
    const text = read('cfn-principals.yaml');
    const lenses = principalLenses(text, 'cfn-principals.yaml');
    const bob = lenses.find((l) => l.principal.name === 'bob')!;
    assert.equal(text.slice(bob.range.start, bob.range.end), 'Bob');
    assert.match(bob.title, /^MFA audit: not-enforced — [\d,]+ sensitive actions without MFA, e\.g\. iam:DetachUserPolicy/);
    assert.deepEqual(principalLenses('{"Version":"2012-10-17","Statement":[]}', 'p.json'), []);
  });
});

describe('audit: real public sample exports', () => {
  const dir = path.join(DIR, 'public');
  const audit = (f: string) => auditGraph(readAccountExport(fs.readFileSync(path.join(dir, f), 'utf8'), f));

  it('every one is read without error, and every principal gets a verdict', () => {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json') && !f.includes('credential-report'));
    assert.ok(files.length >= 3, files.join(', '));
    for (const f of files) {
      const g = readAccountExport(fs.readFileSync(path.join(dir, f), 'utf8'), f);
      // The AWS CLI's example is one page of a paginated export, and says so; nothing else is a problem.
      assert.deepEqual(g.problems.filter((p) => !/IsTruncated is true/.test(p.message)), [], f);
      const result = auditGraph(g);
      assert.ok(result.principals.length > 0, f);
      assert.equal(result.principals.length, g.users.length + g.roles.length, f);
      assert.ok(result.principals.every((p) => VERDICTS.includes(p.verdict)), f);
    }
  });

  it('the verdicts decided by hand (public/README.md)', () => {
    assert.deepEqual(verdicts(audit('aws-cli-get-account-authorization-details.example.json')), { Alice: 'not-enforced', Bob: 'not-enforced', Charlie: 'not-enforced', EC2role: 'not-applicable' });
    assert.deepEqual(verdicts(audit('cloudmapper-demo-iam-get-account-authorization-details.json')), { bad_role: 'not-enforced', level1: 'not-applicable', level3: 'not-applicable' });
    assert.deepEqual(verdicts(audit('cloudsplaining-example-authz-details.excerpt.json')), {
      biden: 'not-enforced',
      obama: 'not-enforced',
      userwithlotsofpermissions: 'not-enforced',
      MyOtherRole: 'not-applicable',
      MyRole: 'not-applicable',
      OverprivilegedEC2: 'not-applicable',
    });
  });

  it('the AWS CLI example: a group attachment written as one object still counts; a Deny without MFA conditions takes IAM away in every context', () => {
    const result = audit('aws-cli-get-account-authorization-details.example.json');
    const by = (n: string) => result.principals.find((p) => p.name === n)!;
    assert.deepEqual(by('Charlie').policies.map((p) => [p.name, p.via]), [['PowerUserAccess', 'Dev']]);
    assert.ok(by('Alice').reachableWithoutMfa.dangerous.some((a) => a.startsWith('iam:')));
    assert.ok(!by('Bob').reachableWithoutMfa.dangerous.some((a) => a.startsWith('iam:')), by('Bob').reachableWithoutMfa.dangerous.join(', '));
    assert.ok(by('Bob').reachableWithoutMfa.count < by('Alice').reachableWithoutMfa.count);
    // The role's two AWS managed policies are neither in this page nor bundled: unknown, and said so.
    assert.deepEqual(by('EC2role').policies.map((p) => [p.name, !!p.unknown]), [['AmazonS3FullAccess', true], ['AmazonDynamoDBFullAccess', true]]);
  });

  it("CloudMapper demo's credential report: the command's JSON with the CSV not base64-encoded, the root row's not_supported", () => {
    const report = readCredentialReport(fs.readFileSync(path.join(dir, 'cloudmapper-demo-iam-get-credential-report.json'), 'utf8'), 'report.json');
    assert.deepEqual(report.problems, []);
    const root = report.byArn.get('arn:aws:iam::653711331788:root')!;
    assert.deepEqual([root.user, root.passwordEnabled, root.mfaActive, root.activeAccessKeys, root.accessKeyLastUsed], ['<root_account>', undefined, true, 1, '2018-11-27T00:02:00+00:00']);
  });

  it('CloudMapper demo: a role anyone may assume, without MFA', () => {
    const bad = audit('cloudmapper-demo-iam-get-account-authorization-details.json').principals.find((p) => p.name === 'bad_role')!;
    assert.deepEqual(bad.trust!.trusted, ['AWS *']);
    assert.equal(bad.exposure.level, 'critical');
  });
});

describe('audit: command line and formats', () => {
  it('text: sorted by exposure, exit 1 when someone can act without MFA', async () => {
    const r = await cli(['audit', 'account-api.json', '--credential-report', 'credential-report.csv'], { cwd: DIR });
    assert.equal(r.code, 1);
    const rows = r.stdout.split('\n').slice(2, 20);
    assert.match(rows[0], /^critical\s+not-enforced\s+user\s+carol\s+22/);
    assert.match(r.stderr, /UserDetailList\[12\]\.UserPolicyList\[0\]\.PolicyDocument/);
    assert.match(r.stdout, /18 principals: 6 not-enforced, 1 partial, 2 console-only, 6 enforced, 2 no-access, 1 not-applicable/);
  });

  it('json: the shape of the issue', async () => {
    const r = await cli(['audit', 'account-api.json', '-f', 'json', '--exit-zero'], { cwd: DIR });
    assert.equal(r.code, 0);
    const out = JSON.parse(r.stdout);
    const p = out.principals.find((x: { name: string }) => x.name === 'bob');
    for (const key of ['arn', 'type', 'name', 'verdict', 'reachableWithoutMfa', 'policies', 'credentials']) assert.ok(key in p, key);
    assert.equal(p.type, 'user');
    assert.ok(Array.isArray(p.reachableWithoutMfa.dangerous) && typeof p.reachableWithoutMfa.count === 'number');
  });

  it('sarif: valid SARIF 2.1.0, located on the principal in the export', async () => {
    const r = await cli(['audit', 'account-cli.json', '-f', 'sarif'], { cwd: DIR });
    const log = JSON.parse(r.stdout);
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    addFormats(ajv);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const validate = ajv.compile(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'));
    assert.equal(validate(log), true, JSON.stringify(validate.errors));
    const text = read('account-cli.json').split('\n');
    const carol = log.runs[0].results.find((x: { message: { text: string } }) => /user carol/.test(x.message.text));
    assert.equal(carol.ruleId, 'AUDIT001');
    assert.match(text[carol.locations[0].physicalLocation.region.startLine - 1], /"UserName": "carol"/);
    const dave = log.runs[0].results.find((x: { message: { text: string } }) => /user dave/.test(x.message.text));
    const deny = dave.relatedLocations.find((l: { message: { text: string } }) => /DenyAllExceptListedIfNoMFA/.test(l.message.text));
    assert.match(text.slice(deny.physicalLocation.region.startLine - 1, deny.physicalLocation.region.startLine + 1).join('\n'), /"Sid": "DenyAllExceptListedIfNoMFA"/);
  });

  it('html: self-contained, every user string escaped', () => {
    const g = readAccountExport(JSON.stringify({ UserDetailList: [{ UserName: '<script>alert(1)</script>', Arn: 'arn:aws:iam::111122223333:user/x"><img src=x>', Path: '/', GroupList: ['<b>g</b>'], AttachedManagedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] }] }), 'x.json');
    const html = formatAuditHtml(auditGraph(g));
    assert.ok(!html.includes('<script>alert'));
    assert.ok(!html.includes('<img src=x>'));
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!/(src|href)=["']?(https?:)?\/\//i.test(html), 'nothing is loaded from the network');
    assert.ok(!/<script[^>]+src=/i.test(html));
    assert.match(html, /<svg [^>]*role="img"/);
    assert.match(html, /<table id="principals">/);
  });

  it('a folder of templates is audited like an export', async () => {
    const r = await cli(['audit', '.', '-f', 'json', '--exit-zero'], { cwd: DIR });
    const names = JSON.parse(r.stdout).principals.map((p: { name: string }) => p.name);
    for (const n of ['admin-with-mfa', 'deploy', 'obama', 'VendorRole']) assert.ok(names.includes(n), n);
  });

  it('usage errors exit 2', async () => {
    assert.equal((await cli(['audit'], { cwd: DIR })).code, 2);
    assert.equal((await cli(['audit', 'account-api.json', '-f', 'pdf'], { cwd: DIR })).code, 2);
    assert.equal((await cli(['audit', 'missing.json'], { cwd: DIR })).code, 2);
  });
});

describe('audit: a larger generated export', () => {
  it('is read and audited without problems, and sharing keeps evaluations below principals', () => {
    const text = generateAccountExport({ users: 300, groups: 40, roles: 60, policies: 200, seed: 3 });
    const graph = readAccountExport(text, 'generated.json');
    assert.deepEqual(graph.problems, []);
    const result = auditGraph(graph);
    assert.equal(result.principals.length, 360);
    assert.ok(result.counts['not-enforced'] > 0 && result.counts['not-applicable'] > 0);
  });
});
