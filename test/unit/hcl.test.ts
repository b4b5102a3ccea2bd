// Terraform HCL (`*.tf`): where policies are found, at which characters, what is unknown, and
// that every fix writes valid HCL that removes its finding and adds none.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Finding } from '../../server/src/core/findings';
import { applyFix, fixAll, fixesFor, isImprovement } from '../../server/src/core/fixes/fixEngine';
import { lint, LintResult, prepareLint } from '../../server/src/core/lint';
import { loadHclParser } from '../../server/src/core/parse/hcl/hclParser';
import { topLevelChunks } from '../../server/src/core/parse/hcl/topLevelBlocks';
import { asHeredoc, asJsonencode, asPolicyDocument } from '../hclForms';
import { parsesAsHcl, REPO_ROOT, VARIANTS_DIR } from '../testUtil';

const HCL = { format: 'hcl' as const };
const FORMS_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'hcl', 'forms');
const FORMS = fs.readFileSync(path.join(FORMS_DIR, 'main.tf'), 'utf8');

const at = (text: string, f: Finding) => text.slice(f.range.start, f.range.end);
const lintHcl = (text: string) => lint(text, HCL);

/** The offset of the `occurrence`-th `needle`. */
function offsetOf(text: string, needle: string, occurrence = 1): number {
  let i = -1;
  for (let n = 0; n < occurrence; n++) {
    i = text.indexOf(needle, i + 1);
    assert.ok(i >= 0, `${needle} #${occurrence} not in the text`);
  }
  return i;
}

before(async () => {
  await loadHclParser();
});

describe('Terraform HCL: where the policies are', () => {
  it('finds every form of the fixture module, in order, each under its resource', () => {
    const result = lintHcl(FORMS);
    assert.deepEqual(
      result.parsed.policies.map((p) => p.path.join('.')),
      [
        'resource.aws_iam_policy.jsonencode_bare.policy',
        'resource.aws_iam_group_policy.jsonencode_quoted.policy',
        'resource.aws_iam_user_policy.heredoc.policy',
        'resource.aws_iam_role_policy.indented_heredoc.policy',
        'resource.aws_iam_policy.quoted_string.policy',
        'data.aws_iam_policy_document.force_mfa',
      ],
    );
    assert.deepEqual(result.parsed.problems, []);
  });

  it('jsonencode with bare keys and `=`: findings on the HCL key and string', () => {
    const start = offsetOf(FORMS, 'jsonencode_bare');
    const end = offsetOf(FORMS, 'jsonencode_quoted');
    const found = lintHcl(FORMS).findings.filter((f) => f.range.start > start && f.range.start < end);
    assert.deepEqual(
      found.map((f) => [f.rule, at(FORMS, f)]),
      [
        ['MFA007', 'NotAction'],
        ['MFA001', '"iam:*"'],
        ['MFA009', '"iam:*"'],
        ['MFA003', 'Bool'],
      ],
    );
    assert.equal(found.find((f) => f.rule === 'MFA003')!.range.start, offsetOf(FORMS, 'Bool = {'));
  });

  it('jsonencode with quoted keys and `:`: MFA002 on the exempt DeactivateMFADevice, MFA014 on the $${aws:username} ARN', () => {
    const start = offsetOf(FORMS, 'jsonencode_quoted');
    const end = offsetOf(FORMS, '"heredoc"');
    const found = lintHcl(FORMS).findings.filter((f) => f.range.start > start && f.range.start < end);
    assert.deepEqual(
      found.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => [f.rule, at(FORMS, f)]),
      [
        ['MFA002', '"iam:DeactivateMFADevice"'],
        ['MFA014', '"arn:aws:iam::*:mfa/$${aws:username}"'],
      ],
    );
    // The message speaks of the IAM policy variable, decoded from Terraform's escape.
    assert.match(found.find((f) => f.rule === 'MFA014')!.message, /"arn:aws:iam::\*:mfa\/\$\{aws:username\}"/);
  });

  it('heredocs, indented heredocs and quoted strings: findings inside the text, through the escapes', () => {
    const result = lintHcl(FORMS);
    const heredoc = result.findings.filter((f) => f.range.start > offsetOf(FORMS, '"heredoc"') && f.range.start < offsetOf(FORMS, '"indented_heredoc"'));
    assert.deepEqual(heredoc.map((f) => [f.rule, at(FORMS, f)]), [['MFA007', '"NotAction"'], ['MFA001', '"iam:*"'], ['MFA009', '"iam:*"']]);
    const indented = result.findings.filter((f) => f.range.start > offsetOf(FORMS, '"indented_heredoc"') && f.range.start < offsetOf(FORMS, '"quoted_string"'));
    assert.deepEqual(indented.filter((f) => f.severity === 'error').map((f) => [f.rule, at(FORMS, f)]), [['MFA003', '"Null"']]);
    const quoted = result.findings.filter((f) => f.range.start > offsetOf(FORMS, '"quoted_string"') && f.range.start < offsetOf(FORMS, '"force_mfa"'));
    assert.deepEqual(quoted.map((f) => [f.rule, at(FORMS, f)]), [['MFA007', '\\"NotAction\\"'], ['MFA001', '\\"iam:*\\"'], ['MFA009', '\\"iam:*\\"']]);
  });

  it('aws_iam_policy_document: default effect Allow, &{aws:username}, findings on the Terraform names and values', () => {
    const result = lintHcl(FORMS);
    const doc = result.parsed.policies.find((p) => p.fromTerraformDataSource)!;
    assert.equal(doc.statements[0].effect?.value, 'Allow');
    assert.deepEqual(doc.statements[0].resource?.values.map((v) => v.value), ['arn:aws:iam::*:mfa/*', 'arn:aws:iam::*:user/${aws:username}']);
    const found = result.findings.filter((f) => f.range.start > offsetOf(FORMS, '"force_mfa"') && f.range.start < offsetOf(FORMS, '"from_document"'));
    assert.deepEqual(
      found.filter((f) => f.severity !== 'information').map((f) => [f.rule, at(FORMS, f)]),
      [
        ['MFA015', '"iam:ChangePassword"'],
        ['MFA003', '"Bool"'],
      ],
    );
  });

  it('a var. entry is unknown: counted, never read as an action, and named in the statement text', () => {
    const doc = lintHcl(FORMS).parsed.policies.find((p) => p.fromTerraformDataSource)!;
    const deny = doc.statements[1];
    assert.equal(deny.notAction?.unknownValues, 1);
    assert.ok(!deny.notAction?.values.some((v) => v.value.includes('var.')));
    const heredoc = lintHcl(FORMS).parsed.policies[2];
    // "arn:${data.aws_partition.current.partition}:iam::*:user/…" is computed by Terraform.
    assert.equal(heredoc.statements[1].resource?.unknownValues, 1);
    assert.deepEqual(heredoc.statements[1].resource?.values, []);
  });

  it('a policy written in locals, or as a variable\'s default, is read where it is written, once; its fixes stay HCL', () => {
    const text = [
      'locals {',
      '  region = "eu-west-1"',
      '  force_mfa = {',
      '    Version = "2012-10-17"',
      '    Statement = [{',
      '      Effect    = "Deny"',
      '      NotAction = ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices", "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken"]',
      '      Resource  = "*"',
      '      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "false" } }',
      '    }]',
      '  }',
      '}',
      'variable "boundary" {',
      '  default = { Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObjekt", Resource = "*" }] }',
      '}',
      'resource "aws_iam_policy" "force_mfa" {',
      '  policy = jsonencode(local.force_mfa)',
      '}',
      '',
    ].join('\n');
    const result = lintHcl(text);
    assert.deepEqual(result.parsed.policies.map((p) => p.path.join('.')), ['locals.force_mfa', 'variable.boundary.default']);
    assert.deepEqual(
      result.findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => [f.rule, at(text, f)]),
      [
        ['MFA003', 'Bool'],
        ['IAM007', '"s3:GetObjekt"'],
      ],
    );
    const fixed = fixAll(text, HCL).text;
    assert.ok(parsesAsHcl(fixed));
    assert.match(fixed, /Condition = \{ BoolIfExists = \{ "aws:MultiFactorAuthPresent" = "false" \} \}/);
    assert.ok(!lintHcl(fixed).findings.some((f) => f.rule === 'MFA003'));
    // A local that holds no policy is not one.
    assert.equal(lintHcl('locals {\n  tags = { Statement = "not a policy" }\n}\n').parsed.policies.length, 0);
  });

  it('no finding rests on an unknown value: a Resource Terraform computes is not "every user"', () => {
    const text = `resource "aws_iam_user_policy" "x" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Deny"
        NotAction = ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices", "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken"]
        Resource  = "*"
        Condition = { BoolIfExists = { "aws:MultiFactorAuthPresent" = "false" } }
      },
      {
        Effect   = "Allow"
        Action   = ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice"]
        Resource = var.own_user_arn
      },
    ]
  })
}
`;
    const result = lintHcl(text);
    assert.equal(result.parsed.policies.length, 1);
    const onAllow = (r: LintResult) => r.findings.filter((f) => f.rule === 'MFA007' && f.statementIndex === 1);
    assert.deepEqual(onAllow(result), []);
    assert.deepEqual(result.findings.filter((f) => f.rule.startsWith('IAM')), []);
    const literal = lintHcl(text.replace('var.own_user_arn', '"*"'));
    assert.equal(onAllow(literal).length, 1, 'the same policy with "*" is a finding: the unknown value is what silenced it');
  });

  it('reports an unescaped ${aws:username} as the Terraform error it is, and still reads the policy as meant', () => {
    const text = `data "aws_iam_policy_document" "x" {
  statement {
    effect    = "Allow"
    actions   = ["iam:CreateVirtualMFADevice"]
    resources = ["arn:aws:iam::*:mfa/\${aws:username}"]
  }
}
`;
    const result = lintHcl(text);
    const syntax = result.findings.filter((f) => f.rule === 'IAM001');
    assert.equal(syntax.length, 1);
    assert.equal(at(text, syntax[0]), '${aws:username}');
    assert.match(syntax[0].message, /Terraform reads \$\{aws:username\} as its own interpolation.*\$\$\{aws:username\}/);
    assert.deepEqual(result.findings.filter((f) => f.rule === 'MFA014').map((f) => at(text, f)), ['"arn:aws:iam::*:mfa/${aws:username}"']);
  });

  it('half-typed HCL: the policy before the break is still analysed, and the break is a syntax finding', () => {
    const cut = FORMS.slice(0, offsetOf(FORMS, '# a heredoc')) + 'resource "aws_iam_policy" "typing" {\n  policy = jsonencode({\n    Statement = [{ Effect = "Deny", NotAction = ["iam:*"\n';
    const result = lintHcl(cut);
    assert.ok(result.findings.some((f) => f.rule === 'IAM001'));
    assert.deepEqual(result.findings.filter((f) => f.rule === 'MFA003').map((f) => at(cut, f)), ['Bool']);
  });

  it('suppression: # iam-mfa-guard-disable before a statement block, and -file', () => {
    const text = FORMS.replace('  statement {\n    sid    = "BlockMostAccess', '  # iam-mfa-guard-disable MFA015\n  statement {\n    sid    = "BlockMostAccess');
    const result = lintHcl(text);
    assert.deepEqual(result.suppressed.map((f) => f.rule), ['MFA015']);
    assert.ok(!result.findings.some((f) => f.rule === 'MFA015'));
    const whole = lintHcl('// iam-mfa-guard-disable-file MFA009\n' + FORMS);
    assert.ok(!whole.findings.some((f) => f.rule === 'MFA009'));
    assert.ok(whole.suppressed.filter((f) => f.rule === 'MFA009').length >= 4);
  });

  it('source_policy_documents: the rendered policy is analysed with the source\'s statements, each finding once', () => {
    const text = `data "aws_iam_policy_document" "force_mfa" {
  statement {
    sid         = "DenyAllExceptListedIfNoMFA"
    effect      = "Deny"
    not_actions = ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices", "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken"]
    resources   = ["*"]
    condition {
      test     = "BoolIfExists"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["false"]
    }
  }
}

data "aws_iam_policy_document" "engineers" {
  source_policy_documents = [data.aws_iam_policy_document.force_mfa.json]
  statement {
    sid       = "ManageKeys"
    actions   = ["iam:CreateAccessKey", "iam:UpdateAccessKey"]
    resources = ["*"]
  }
}
`;
    const result = lintHcl(text);
    const engineers = result.parsed.policies.find((p) => p.terraformDocument?.name === 'engineers')!;
    assert.deepEqual(engineers.statements.map((s) => [s.index, s.sid?.value]), [[0, 'DenyAllExceptListedIfNoMFA'], [1, 'ManageKeys']]);
    // Alone, "engineers" has no MFA condition and says nothing; rendered with its source, its
    // credential actions on "*" are a finding at its own Resource.
    const alone = lintHcl(text.replace('  source_policy_documents = [data.aws_iam_policy_document.force_mfa.json]\n', ''));
    assert.deepEqual(alone.findings.filter((f) => f.rule === 'MFA007' && f.range.start > offsetOf(text, '"engineers"')), []);
    const onEngineers = result.findings.filter((f) => f.rule === 'MFA007' && f.range.start > offsetOf(text, '"engineers"'));
    assert.deepEqual(onEngineers.map((f) => at(text, f)), ['"*"']);
    const keys = result.findings.map((f) => `${f.rule}@${f.range.start}`);
    assert.equal(new Set(keys).size, keys.length, 'no finding twice');
  });

  it('a .tf without a policy costs one regular-expression test and never loads the parser', async () => {
    const { spawnSync } = await import('node:child_process');
    const script = `
      const { lint, prepareLint } = require(${JSON.stringify(path.join(REPO_ROOT, 'out', 'server', 'src', 'core', 'lint.js'))});
      const { hclParserReady } = require(${JSON.stringify(path.join(REPO_ROOT, 'out', 'server', 'src', 'core', 'parse', 'hcl', 'hclParser.js'))});
      const text = ${JSON.stringify(fs.readFileSync(path.join(FORMS_DIR, 'variables.tf'), 'utf8'))};
      prepareLint(text, { format: 'hcl' }).then(() => {
        const r = lint(text, { format: 'hcl' });
        process.stdout.write(JSON.stringify({ ready: hclParserReady(), policies: r.parsed.policies.length, findings: r.findings.length }));
      });`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { ready: false, policies: 0, findings: 0 });
    await prepareLint(FORMS, HCL); // already loaded here: resolves at once
  });
});

describe('large and broken Terraform files', () => {
  it('splits a file into top-level blocks: braces in strings, interpolations, heredocs and comments do not count', () => {
    const text = 'locals {\n  a = "}${lookup(var.m, "}")}"\n  # }\n  /* } */\n  h = <<-EOT\n  }\n  EOT\n}\n\ndata "aws_iam_policy_document" "x" {}\n# trailing comment\n';
    const chunks = topLevelChunks(text);
    assert.deepEqual(chunks.map((c) => text.slice(c.start, c.end).trim().split('\n')[0]), ['locals {', 'data "aws_iam_policy_document" "x" {}', '# trailing comment']);
    assert.equal(chunks[0].start, 0);
    for (let i = 1; i < chunks.length; i++) assert.equal(chunks[i].start, chunks[i - 1].end);
    assert.equal(chunks[chunks.length - 1].end, text.length);
  });

  it('a module of many policies: each block read on its own gives the findings it gives alone, at its place', () => {
    const blocks = fs
      .readdirSync(VARIANTS_DIR)
      .filter((f) => f.endsWith('.json'))
      .slice(0, 25)
      .map((f) => JSON.parse(fs.readFileSync(path.join(VARIANTS_DIR, f), 'utf8')))
      .filter((p) => p.Statement)
      .map((p, i) => asJsonencode(p).replace('"twin" {', `"twin_${i}" {`).replace('name   = "twin"', `name   = "twin-${i}"`));
    const module = blocks.join('\n');
    const expected: string[] = [];
    let offset = 0;
    for (const block of blocks) {
      for (const f of lintHcl(block).findings) expected.push(`${f.rule}@${f.range.start + offset}-${f.range.end + offset}`);
      offset += block.length + 1;
    }
    const together = lintHcl(module);
    assert.deepEqual(together.findings.map((f) => `${f.rule}@${f.range.start}-${f.range.end}`).sort(), expected.sort());
    // An edit in one block: the others keep their findings, moved.
    const edited = module.replace('"2012-10-17"', '"2008-10-17"');
    const again = lint(edited, HCL, together);
    assert.deepEqual(again.findings.map((f) => `${f.rule}@${f.range.start}`), lintHcl(edited).findings.map((f) => `${f.rule}@${f.range.start}`));
  });

  it('never throws on cut, doubled or deleted text, and every offered fix still parses', () => {
    let state = 20261201;
    const random = (n: number) => ((state = (state * 1103515245 + 12345) % 2 ** 31), state % n);
    for (let i = 0; i < 150; i++) {
      const at = random(FORMS.length);
      const kind = random(3);
      const text = kind === 0 ? FORMS.slice(0, at) : kind === 1 ? FORMS.slice(0, at) + FORMS.slice(at - 40 > 0 ? at - 40 : 0) : FORMS.slice(0, at) + FORMS.slice(at + 1 + random(20));
      const result = lintHcl(text);
      for (const finding of result.findings.slice(0, 6)) {
        for (const fix of fixesFor(result, finding)) {
          const after = applyFix(text, fix);
          assert.ok(lintHcl(after).parsed.problems.length <= result.parsed.problems.length + (parsesAsHcl(text) ? 0 : 1), `case ${i}: ${fix.title}`);
        }
      }
    }
  });
});

/** Findings that a twin must share: everything but where the text says it. */
const essence = (f: Finding) => `${f.rule}|${f.severity}|${f.message}`;
/** The characters a finding points at, without the syntax that differs between JSON and HCL. */
const normalized = (s: string) => s.replace(/\$\$\{/g, '${').replace(/[\s",]/g, '').replace(/=/g, ':');

describe('the published variants re-expressed in Terraform', () => {
  const variants = fs.readdirSync(VARIANTS_DIR).filter((f) => f.endsWith('.json'));

  it('jsonencode, heredoc and aws_iam_policy_document: the same findings as the JSON twin, at the HCL ranges', () => {
    assert.ok(variants.length > 40);
    let documents = 0;
    for (const file of variants) {
      const json = fs.readFileSync(path.join(VARIANTS_DIR, file), 'utf8');
      const policy = JSON.parse(json);
      if (!policy.Statement) continue;
      const twin = lint(json).findings;
      const expected = twin.map(essence).sort();
      for (const [form, text] of [['jsonencode', asJsonencode(policy)], ['heredoc', asHeredoc(json)]] as const) {
        assert.ok(parsesAsHcl(text), `${file} as ${form} is valid HCL`);
        const found = lintHcl(text).findings;
        assert.deepEqual(found.map(essence).sort(), expected, `${file} as ${form}`);
        const texts = (fs: readonly Finding[], source: string) => fs.map((f) => `${f.rule}:${normalized(source.slice(f.range.start, f.range.end))}`).sort();
        assert.deepEqual(texts(found, text), texts(twin, json), `${file} as ${form}: the same characters`);
      }
      const document = asPolicyDocument(policy);
      if (!document) continue;
      documents++;
      assert.ok(parsesAsHcl(document), `${file} as a data source is valid HCL`);
      const found = lintHcl(document).findings;
      // The data source writes Version itself (2012-10-17) when the block does not: no IAM003 there.
      assert.deepEqual(found.map(essence).sort(), expected.filter((e) => !(e.startsWith('IAM003|') && !policy.Version)), `${file} as aws_iam_policy_document`);
    }
    assert.ok(documents > 40, `${documents} variants re-expressed as aws_iam_policy_document`);
  });
});

/** Applies every offered fix of a result, one at a time, and checks what the issue asks of each. */
let improvements = 0;

function checkEveryFix(name: string, text: string): number {
  const result: LintResult = lintHcl(text);
  let checked = 0;
  for (const finding of result.findings) {
    for (const fix of fixesFor(result, finding)) {
      const after = applyFix(text, fix);
      const label = `${name}: ${fix.title}`;
      assert.ok(parsesAsHcl(after), `${label}: parses as HCL\n${after}`);
      const next = lintHcl(after);
      const count = (r: LintResult, rule: string) => r.findings.filter((f) => f.rule === rule && f.severity === finding.severity).length;
      assert.ok(count(next, finding.rule) < count(result, finding.rule), `${label}: the finding is gone`);
      assert.ok(next.parsed.problems.length <= result.parsed.problems.length, `${label}: no new syntax problem`);
      // Nothing new of the kind an edit breaks: no unknown action, operator, key or type error appears.
      const ofRule = (r: LintResult, rule: string) => r.findings.filter((f) => f.rule === rule).length;
      for (const rule of new Set(next.findings.map((f) => f.rule).filter((r) => r.startsWith('IAM')))) assert.ok(ofRule(next, rule) <= ofRule(result, rule), `${label}: no new ${rule}`);
      // fix-all's test, where it applies: a strict improvement.
      if (fix.preferred && fix.safeForFixAll && isImprovement(result, next, finding)) improvements++;
      // Layout: the text outside the edited span is unchanged, and new lines are indented in the file's steps.
      const first = Math.min(...fix.edits.map((e) => e.offset));
      const last = Math.max(...fix.edits.map((e) => e.offset + e.length));
      assert.equal(after.slice(0, first), text.slice(0, first), `${label}: the text before the edit is untouched`);
      assert.ok(after.endsWith(text.slice(last)), `${label}: the text after the edit is untouched`);
      // (Inside a heredoc the JSON keeps its own indentation, as the JSON fixes do.)
      if (!name.includes('heredoc')) for (const edit of fix.edits) for (const line of edit.content.split('\n').slice(1)) assert.match(line, /^( {2})*\S|^$/, `${label}: indented in steps of two spaces: ${JSON.stringify(line)}`);
      checked++;
    }
  }
  return checked;
}

describe('every fix on every HCL fixture', () => {
  it('the forms module: valid HCL, finding gone, nothing new, layout kept', () => {
    assert.ok(checkEveryFix('main.tf', FORMS) >= 10);
  });

  it('the variants in all three forms', () => {
    let checked = 0;
    for (const file of fs.readdirSync(VARIANTS_DIR).filter((f) => f.endsWith('.json'))) {
      const json = fs.readFileSync(path.join(VARIANTS_DIR, file), 'utf8');
      const policy = JSON.parse(json);
      if (!policy.Statement) continue;
      checked += checkEveryFix(`${file} (jsonencode)`, asJsonencode(policy));
      checked += checkEveryFix(`${file} (heredoc)`, asHeredoc(json));
      const document = asPolicyDocument(policy);
      if (document) checked += checkEveryFix(`${file} (data source)`, document);
    }
    assert.ok(checked > 100, `${checked} fixes checked`);
    assert.ok(improvements > checked / 3, `${improvements} of ${checked} are strict improvements fix-all would apply`);
  });

  it('writes HCL in the file\'s own style: test = "BoolIfExists", a bare key stays bare, a list stays a list laid out as before', () => {
    const fixed = fixAll(FORMS, HCL).text;
    assert.ok(parsesAsHcl(fixed));
    assert.match(fixed, /test {5}= "BoolIfExists"/);
    assert.match(fixed, / {10}BoolIfExists = \{\n {12}"aws:MultiFactorAuthPresent" = "false"/);
    // The data source's list keeps one entry a line and its trailing comma; the unknown entry blocks a rewrite.
    assert.match(fixed, /not_actions = \[\n {6}"iam:CreateVirtualMFADevice",\n/);
    assert.match(fixed, / {6}var\.extra_exempt_action,\n {4}\]/);
    // jsonencode's NotAction ["iam:*"] became the AWS list, inline as it was.
    assert.match(fixed, /NotAction = \["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", /);
    // Left: the heredoc's "iam:*" and the Null operator, whose fixes would each bring a new finding
    // (an enrolment lockout), which fix-all refuses, as it does in JSON.
    const errorsBefore = lintHcl(FORMS).findings.filter((f) => f.severity === 'error').length;
    assert.deepEqual(lintHcl(fixed).findings.filter((f) => f.severity === 'error').map((f) => [f.rule, at(fixed, f)]), [['MFA001', '"iam:*"'], ['MFA003', '"Null"']]);
    assert.equal(errorsBefore, 7);
  });
});
