// Statements computed at deploy time: a CloudFormation Fn::If around a statement, a Statement
// that is a Ref, a Terraform `Statement = var.extra`. They are neither read as broken statements
// (no "no Effect" errors on valid templates) nor guessed at: findings that rest on every
// statement of the policy wait, findings about a known statement's own text stay.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { evaluatePolicy } from '../../server/src/core/analysis/evaluate';
import { lint } from '../../server/src/core/lint';
import { loadHclParser } from '../../server/src/core/parse/hcl/hclParser';
import { provideHover } from '../../server/src/core/service/hover';
import { summarizePolicy } from '../../server/src/core/explain/summary';
import { AWS_EXEMPTION, mfaDeny } from '../testUtil';

const template = (statement: unknown) =>
  JSON.stringify(
    {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: { Policy: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Version: '2012-10-17', Statement: statement } } } },
    },
    null,
    2,
  );

const optional = (statement: object) => ({ 'Fn::If': ['IsProduction', statement, { Ref: 'AWS::NoValue' }] });
const readS3 = { Sid: 'ReadS3', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };
/** Terraform text from its lines, ending as a file does. */
const terraform = (...lines: string[]) => [...lines, ''].join('\n');
const lintTf = (text: string) => lint(text, { format: 'hcl' });
const rules = (text: string, format?: 'yaml' | 'hcl') => lint(text, format ? { format } : undefined).findings.map((f) => f.rule);

before(async () => {
  await loadHclParser();
});

describe('statements computed at deploy time', () => {
  it('an Fn::If entry is recorded as unknown, where it is; the known statements keep their array positions', () => {
    const entry = optional(mfaDeny(AWS_EXEMPTION));
    const text = template([entry, readS3]);
    const result = lint(text);
    const [policy] = result.parsed.policies;
    assert.deepEqual(policy.unknownStatements?.map((u) => u.value), ['Fn::If']);
    const [unknown] = policy.unknownStatements!;
    assert.deepEqual(JSON.parse(text.slice(unknown.range.start, unknown.range.end)), entry);
    assert.deepEqual(
      policy.statements.map((s) => [s.index, s.sid?.value]),
      [[1, 'ReadS3']],
    );
    assert.deepEqual(result.findings, []);
    // The hover says what it is and which findings wait for it.
    const hover = provideHover(result, text.indexOf('"Fn::If"') + 2);
    assert.match(hover?.markdown ?? '', /Statement computed at deploy time:\*\* `Fn::If`/);
    assert.match(hover?.markdown ?? '', /MFA003/);
    assert.doesNotMatch(hover?.markdown ?? '', /MFA006/);
    // The code lens's summary says its counts leave it out.
    assert.match(summarizePolicy(result.analyses[0]).text, / · not counting a statement computed at deploy time$/);
    assert.doesNotMatch(summarizePolicy(lint(template([readS3])).analyses[0]).text, /not counting/);
  });

  it('a Statement that is a Ref, and an Fn::If in YAML, give no "no Effect", type or empty-array errors', () => {
    assert.deepEqual(rules(template({ Ref: 'StatementsParameter' })), []);
    assert.deepEqual(rules(template([{ Ref: 'ExtraStatement' }])), []);
    const yaml = [
      'Resources:',
      '  Policy:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      "        Version: '2012-10-17'",
      '        Statement:',
      '          - !If',
      '            - IsProduction',
      '            - Effect: Deny',
      '              Action: s3:*',
      "              Resource: '*'",
      '            - !Ref AWS::NoValue',
      '',
    ].join('\n');
    const result = lint(yaml, { format: 'yaml' });
    assert.equal(result.parsed.policies[0].unknownStatements?.length, 1);
    assert.deepEqual(result.findings, []);
  });

  it('Terraform: `Statement = var.extra` and a `var.x` entry are unknown, not statements without an Effect', () => {
    const tf = terraform(
      'resource "aws_iam_policy" "whole" {',
      '  policy = jsonencode({ Version = "2012-10-17", Statement = var.statements })',
      '}',
      'resource "aws_iam_policy" "entry" {',
      '  policy = jsonencode({',
      '    Version   = "2012-10-17"',
      '    Statement = [var.extra_statement, { Effect = "Allow", Action = "s3:GetObject", Resource = "*" }]',
      '  })',
      '}',
    );
    const result = lintTf(tf);
    assert.deepEqual(
      result.parsed.policies.map((p) => p.unknownStatements?.map((u) => u.value)),
      [['var.statements'], ['var.extra_statement']],
    );
    assert.deepEqual(result.findings, []);
  });

  it('Terraform: concat() keeps the statements and entries written out, each other argument one unknown', () => {
    const tf = terraform(
      'resource "aws_iam_policy" "p" {',
      '  policy = jsonencode({',
      '    Version   = "2012-10-17"',
      '    Statement = concat([',
      '      { Sid = "Reads", Effect = "Allow", Action = concat(["s3:GetObjekt"], local.more_actions), Resource = "*" },',
      '    ], var.extra_statements)',
      '  })',
      '}',
    );
    const result = lintTf(tf);
    const [policy] = result.parsed.policies;
    assert.deepEqual(policy.statements.map((s) => s.sid?.value), ['Reads']);
    assert.deepEqual(policy.unknownStatements?.map((u) => u.value), ['var.extra_statements']);
    const action = policy.statements[0].action!;
    assert.deepEqual([action.values.map((v) => v.value), action.unknownEntries?.map((u) => u.value)], [['s3:GetObjekt'], ['local.more_actions']]);
    assert.deepEqual(result.findings.map((f) => [f.rule, tf.slice(f.range.start, f.range.end)]), [['IAM007', '"s3:GetObjekt"']]);
  });

  it('Terraform: a dynamic "statement" block is read from its content, once, with what its iterator gives unknown', () => {
    const tf = terraform(
      'data "aws_iam_policy_document" "self_management" {',
      '  statement {',
      '    sid       = "AllowOwnMFA"',
      '    actions   = ["iam:EnableMFADevice", "iam:ListMFADevices"]',
      '    resources = ["arn:aws:iam::*:user/$${aws:username}"]',
      '  }',
      '  dynamic "statement" {',
      '    for_each = var.require_mfa ? [1] : []',
      '    content {',
      '      sid         = "DenyWithoutMFA"',
      '      effect      = "Deny"',
      '      not_actions = ["iam:EnableMFADevice", "iam:ListMFADevices", statement.value.extra]',
      '      resources   = ["*"]',
      '      condition {',
      '        test     = "Bool"',
      '        variable = "aws:MultiFactorAuthPresent"',
      '        values   = ["false"]',
      '      }',
      '    }',
      '  }',
      '}',
    );
    const result = lintTf(tf);
    const [policy] = result.parsed.policies;
    assert.deepEqual(policy.statements.map((s) => s.sid?.value), ['AllowOwnMFA', 'DenyWithoutMFA']);
    assert.equal(policy.unknownStatements, undefined);
    assert.deepEqual(policy.statements[1].notAction?.unknownEntries?.map((u) => u.value), ['statement.value.extra']);
    // The content's own text is checked: its Bool misses the long-term keys (MFA003), at the test's value.
    const mfa003 = result.findings.find((f) => f.rule === 'MFA003');
    assert.equal(mfa003 && tf.slice(mfa003.range.start, mfa003.range.end), '"Bool"');
    // Without a content block nothing of it is known.
    const bare = lintTf(tf.replace(/    content \{[\s\S]*?\n    \}\n/, '')).parsed.policies[0];
    assert.deepEqual(bare.statements.map((s) => s.sid?.value), ['AllowOwnMFA']);
    assert.deepEqual(bare.unknownStatements?.map((u) => u.value), ['a dynamic "statement" block without content']);
  });

  it('Terraform: a statement with a dynamic "condition" block is unknown, not read as unconditional', () => {
    const tf = terraform(
      'data "aws_iam_policy_document" "x" {',
      '  statement {',
      '    effect      = "Deny"',
      '    not_actions = ["iam:ListMFADevices"]',
      '    resources   = ["*"]',
      '    dynamic "condition" {',
      '      for_each = var.conditions',
      '      content {',
      '        test     = condition.value.test',
      '        variable = condition.value.variable',
      '        values   = condition.value.values',
      '      }',
      '    }',
      '  }',
      '}',
    );
    const [policy] = lintTf(tf).parsed.policies;
    assert.deepEqual(policy.statements, []);
    assert.deepEqual(policy.unknownStatements?.map((u) => u.value), ['a statement with a dynamic "condition" block']);
    // Read without its condition it would be a deny of nearly everything, for every request.
    const request = { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principalArn: 'arn:aws:iam::123456789012:user/ana', context: 'mfa-session' as const };
    assert.equal(evaluatePolicy(policy, request).explicitDeny, 'depends');
  });

  it('Terraform: a document that merges another (source_policy_documents) keeps what that one leaves unknown', () => {
    const tf = terraform(
      'data "aws_iam_policy_document" "base" {',
      '  dynamic "statement" {',
      '    for_each = var.extra',
      '  }',
      '}',
      'data "aws_iam_policy_document" "merged" {',
      '  source_policy_documents = [data.aws_iam_policy_document.base.json]',
      '  statement {',
      '    actions   = ["s3:GetObject"]',
      '    resources = ["*"]',
      '  }',
      '}',
    );
    const merged = lintTf(tf).parsed.policies.find((p) => p.terraformDocument?.name === 'merged')!;
    assert.deepEqual(merged.unknownStatements?.map((u) => u.value), ['a dynamic "statement" block without content']);
  });

  it('a statement whose Effect is computed at deploy time counts as unknown: it may be a deny', () => {
    const deny = mfaDeny(AWS_EXEMPTION, 'Bool');
    assert.ok(rules(template([deny])).includes('MFA003'));
    const text = template([deny, { Effect: { Ref: 'ExtraEffect' }, Action: 's3:*', Resource: '*' }]);
    const [policy] = lint(text).parsed.policies;
    assert.deepEqual(policy.unknownStatements?.map((u) => u.value), ['an Effect of Ref']);
    assert.equal(policy.statements.length, 2);
    assert.ok(!rules(text).includes('MFA003'));
  });

  it('a finding that rests on every statement waits; one about a known statement\'s own text stays', () => {
    // Alone, this deny's Bool misses the requests that carry no MFA key at all (MFA003), and one key is misspelled (MFA006).
    const deny = { ...mfaDeny(AWS_EXEMPTION, 'Bool'), Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false', 'aws:MultiFactorAuthPresnt': 'false' } } };
    const known = rules(template([deny]));
    assert.ok(known.includes('MFA003'), known.join());
    assert.ok(known.includes('MFA006'), known.join());
    // Another statement that only the stack's parameters decide might deny those requests too.
    const withUnknown = rules(template([deny, optional({ Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: { Null: { 'aws:MultiFactorAuthAge': 'true' } } })]));
    assert.ok(!withUnknown.includes('MFA003'), withUnknown.join());
    assert.ok(withUnknown.includes('MFA006'), withUnknown.join());
  });

  it('a policy with a statement computed at deploy time may allow or deny any request: "depends", never "no"', () => {
    const request = { action: 's3:PutObject', resource: 'arn:aws:s3:::bucket/key', principalArn: 'arn:aws:iam::123456789012:user/ana', context: 'mfa-session' as const };
    const [plain] = lint(template([readS3])).parsed.policies;
    assert.deepEqual([evaluatePolicy(plain, request).allow, evaluatePolicy(plain, request).explicitDeny], ['no', 'no']);
    const [partly] = lint(template([readS3, optional({ Effect: 'Allow', Action: 's3:*', Resource: '*' })])).parsed.policies;
    assert.deepEqual([evaluatePolicy(partly, request).allow, evaluatePolicy(partly, request).explicitDeny], ['depends', 'depends']);
  });

  it('a statement that holds nothing but a Condition object is still a statement missing its Effect', () => {
    const found = rules(template([{ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }]));
    assert.ok(found.includes('IAM013'), found.join());
  });
});
