// Policies where people keep them: CloudFormation YAML with short-form tags, Terraform JSON
// with the policy as a string, plan output; and in-file suppression.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { applyFix, fixAll, fixesFor } from '../../server/src/core/fixes/fixEngine';
import { lint } from '../../server/src/core/lint';
import { policyText, mfaDeny, AWS_EXEMPTION, REPO_ROOT } from '../testUtil';

const INFRA = path.join(REPO_ROOT, 'test', 'fixtures', 'infra');
const read = (f: string) => fs.readFileSync(path.join(INFRA, f), 'utf8');
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

describe('CloudFormation YAML', () => {
  const text = read('force-mfa-template.yaml');
  const result = lint(text, { format: 'yaml' });

  it('finds the three policies (managed policy, trust policy, inline policy)', () => {
    assert.equal(result.parsed.policies.length, 3);
    assert.deepEqual(result.parsed.policies.map((p) => p.path.join('.')), [
      'Resources.ForceMfaPolicy.Properties.PolicyDocument',
      'Resources.DeveloperRole.Properties.AssumeRolePolicyDocument',
      'Resources.DeveloperRole.Properties.Policies.0.PolicyDocument',
    ]);
  });

  it('reports MFA001 on the plain scalar iam:* and MFA003 on Bool, at their exact lines', () => {
    const mfa001 = result.findings.find((f) => f.rule === 'MFA001')!;
    assert.equal(text.slice(mfa001.range.start, mfa001.range.end), 'iam:*');
    assert.equal(lineOf(text, mfa001.range.start), 27);
    const mfa003 = result.findings.find((f) => f.rule === 'MFA003')!;
    assert.equal(text.slice(mfa003.range.start, mfa003.range.end), 'Bool');
    assert.equal(lineOf(text, mfa003.range.start), 30);
  });

  it('reads !Sub with ${!aws:username} as the policy variable and !Ref/!GetAtt/!If as unknown values, never as errors', () => {
    const loud = result.findings.filter((f) => f.rule.startsWith('IAM'));
    assert.deepEqual(loud.map((f) => `${f.rule} ${f.message}`), []);
    const allow = result.analyses[0].statements[0];
    assert.equal(allow.node.resource!.values[1].value, 'arn:${AWS::Partition}:iam::${AWS::AccountId}:user/${aws:username}');
  });

  it('a quick-fix edits the YAML in its own style', () => {
    const mfa003 = result.findings.find((f) => f.rule === 'MFA003')!;
    const [fix] = fixesFor(result, mfa003);
    const fixed = applyFix(text, fix);
    assert.equal(fixed, text.replace('              Bool:\n                aws:MultiFactorAuthPresent: "false"', '              BoolIfExists:\n                aws:MultiFactorAuthPresent: "false"'));
    assert.ok(!lint(fixed, { format: 'yaml' }).findings.some((f) => f.rule === 'MFA003'));
  });

  it('survives broken YAML with a clear syntax finding', () => {
    const broken = lint('Resources:\n  P:\n    Properties: {PolicyDocument: {Statement: [\n', { format: 'yaml' });
    assert.ok(broken.findings.some((f) => f.rule === 'IAM001' && /YAML/.test(f.message)));
  });
});

describe('Terraform JSON: a policy inside a JSON string', () => {
  it('maps findings into the string, onto the escaped text of the entry', () => {
    const text = read('force-mfa.tf.json');
    const result = lint(text);
    assert.equal(result.parsed.policies.length, 1);
    assert.ok(result.parsed.policies[0].embeddedIn);
    const mfa001 = result.findings.find((f) => f.rule === 'MFA001')!;
    assert.equal(text.slice(mfa001.range.start, mfa001.range.end), '\\"iam:*\\"');
  });

  it('fixes inside the string keep the file valid JSON and the string a valid policy', () => {
    const text = read('force-mfa.tf.json');
    const fixed = fixAll(text).text;
    const tf = JSON.parse(fixed);
    const policy = JSON.parse(tf.resource.aws_iam_policy.force_mfa.policy);
    assert.ok(!JSON.stringify(policy).includes('"iam:*"'));
    assert.equal(tf.resource.aws_iam_group_policy_attachment.admins.group, 'admins', 'nothing else changed');
    assert.ok(!lint(fixed).findings.some((f) => f.severity === 'error'));
  });

  it('reads `terraform show -json` plan output', () => {
    const text = read('terraform-plan.json');
    const result = lint(text);
    const mfa003 = result.findings.find((f) => f.rule === 'MFA003')!;
    assert.equal(text.slice(mfa003.range.start, mfa003.range.end), '\\"NumericGreaterThan\\"');
    const [fix] = fixesFor(result, mfa003);
    const fixed = JSON.parse(applyFix(text, fix));
    assert.match(fixed.planned_values.root_module.resources[0].values.policy, /NumericGreaterThanIfExists/);
  });

  it('ignores strings that are not policies', () => {
    assert.equal(lint(JSON.stringify({ description: '{"not": "a policy"}', policy: 'plain text' })).parsed.policies.length, 0);
  });
});

describe('in-file suppression', () => {
  it('a Sid ending in _IgnoreMFA009 suppresses that rule for that statement only, and counts it', () => {
    const deny = mfaDeny(AWS_EXEMPTION, 'BoolIfExists', { Sid: 'DenyAllExceptListedIfNoMFA_IgnoreMFA009' });
    const result = lint(policyText(deny));
    assert.ok(!result.findings.some((f) => f.rule === 'MFA009'));
    assert.deepEqual(result.suppressed.map((f) => f.rule), ['MFA009']);
    assert.ok(result.findings.some((f) => f.rule === 'MFA007'), 'other rules still report');
  });

  it('a YAML comment suppresses the statement it sits in; a file comment the whole file', () => {
    const text = read('force-mfa-template.yaml').replace('            NotAction: iam:*', '            NotAction: iam:*  # iam-mfa-guard-disable MFA001');
    const result = lint(text, { format: 'yaml' });
    assert.ok(!result.findings.some((f) => f.rule === 'MFA001'));
    assert.ok(result.suppressed.some((f) => f.rule === 'MFA001'));
    assert.ok(result.findings.some((f) => f.rule === 'MFA003'));
    const whole = lint('# iam-mfa-guard-disable-file MFA003, MFA009\n' + text, { format: 'yaml' });
    assert.ok(!whole.findings.some((f) => f.rule === 'MFA003' || f.rule === 'MFA009'));
  });

  it('a JSONC comment on the line before a statement suppresses it', () => {
    const text = policyText(mfaDeny(AWS_EXEMPTION)).replace('    {\n      "Sid"', '    // iam-mfa-guard-disable MFA007\n    {\n      "Sid"');
    const result = lint(text);
    assert.ok(!result.findings.some((f) => f.rule === 'MFA007'));
    assert.equal(result.suppressed.length, 1);
  });
});

describe("Terraform's aws_iam_policy_document data source (*.tf.json)", () => {
  const text = read('policy-document.tf.json');
  const result = lint(text);
  const at = (rule: string) => {
    const f = result.findings.find((x) => x.rule === rule)!;
    return text.slice(f.range.start, f.range.end);
  };

  it('reads statement blocks, with Terraform\'s defaults (effect Allow, version 2012-10-17) and $${…} escapes', () => {
    assert.equal(result.parsed.policies.length, 1);
    assert.deepEqual(result.parsed.policies[0].path, ['data', 'aws_iam_policy_document', 'force_mfa']);
    const [allow] = result.analyses[0].statements;
    assert.equal(allow.effect, 'Allow');
    assert.equal(allow.scope, 'self', '"$${aws:username}" is the policy variable');
    assert.ok(!result.findings.some((f) => f.rule === 'IAM003' || f.rule === 'IAM013'));
  });

  it('reports on the Terraform text: not_actions entries, condition tests, resources', () => {
    assert.equal(at('MFA001'), '"iam:*"');
    assert.equal(at('MFA003'), '"Bool"');
    assert.equal(at('MFA004'), '"BoolIfExists"');
    assert.equal(at('MFA014'), '"arn:aws:iam::*:mfa/$${aws:username}"');
    assert.equal(at('MFA007'), '"not_actions"');
  });

  it('fixes condition tests in place, and keeps Terraform escapes in what it writes', () => {
    const mfa003 = result.findings.find((f) => f.rule === 'MFA003')!;
    const [fix] = fixesFor(result, mfa003);
    assert.equal(applyFix(text, fix), text.replace('"test": "Bool"', '"test": "BoolIfExists"'));
    const allowOnStar = text.replace('"resources": ["arn:aws:iam::*:user/$${aws:username}"]', '"resources": ["*"]');
    const relinted = lint(allowOnStar);
    const mfa007 = relinted.findings.find((f) => f.rule === 'MFA007' && f.severity === 'warning')!;
    const [scope] = fixesFor(relinted, mfa007);
    assert.match(applyFix(allowOnStar, scope), /"arn:aws:iam::\*:user\/\$\$\{aws:username\}"\]/);
  });
});
