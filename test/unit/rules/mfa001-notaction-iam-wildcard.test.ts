// MFA001: findings on valid and invalid policies (fix output: test/unit/fixes.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AWS_EXEMPTION, findingsOf, mfaDeny, policyText } from '../../testUtil';

describe('MFA001 NotAction exemption lets IAM administration through', () => {
  it('reports "iam:*" in the exemption, at that string, naming the context and a count', () => {
    const text = policyText(mfaDeny(['iam:*', 'sts:GetSessionToken']));
    const [f, ...rest] = findingsOf('MFA001', text);
    assert.equal(rest.length, 0);
    assert.equal(f.text, '"iam:*"');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /^iam:DetachUserPolicy and \d{2,3} other IAM actions/);
    assert.match(f.message, /long-term access keys/);
    assert.deepEqual(f.data?.contexts, ['access-key', 'no-mfa-session']);
  });

  it('matches the service prefix case-insensitively ("IAM:*")', () => {
    assert.equal(findingsOf('MFA001', policyText(mfaDeny('IAM:*'))).length, 1);
  });

  it('reports other wildcards that cover permission changes ("iam:Put*", "*")', () => {
    assert.equal(findingsOf('MFA001', policyText(mfaDeny(['iam:Put*']))).length, 1);
    assert.equal(findingsOf('MFA001', policyText(mfaDeny(['*']))).length, 1);
  });

  it('does not report the AWS self-service exemption or read-only wildcards', () => {
    assert.equal(findingsOf('MFA001', policyText(mfaDeny(AWS_EXEMPTION))).length, 0);
    assert.equal(findingsOf('MFA001', policyText(mfaDeny(['iam:List*', 'iam:Get*']))).length, 0);
  });

  it('is not reported when another Deny of the policy closes the same actions without MFA', () => {
    const closing = { Effect: 'Deny', Action: 'iam:*', Resource: '*', Condition: { Null: { 'aws:MultiFactorAuthAge': 'true' } } };
    const text = policyText(mfaDeny('iam:*'), closing);
    assert.equal(findingsOf('MFA001', text).length, 0);
  });

  it('suggests an allowlist from the policy\'s own Allow statements minus the dangerous ones', () => {
    const allow = { Effect: 'Allow', Action: ['iam:ListMFADevices', 'iam:EnableMFADevice', 'iam:DeactivateMFADevice', 'iam:CreateAccessKey'], Resource: 'arn:aws:iam::*:user/${aws:username}' };
    const [f] = findingsOf('MFA001', policyText(allow, mfaDeny('iam:*')));
    const list = f.data?.suggestedAllowlist as string[];
    assert.ok(list.includes('iam:ListMFADevices') && list.includes('iam:EnableMFADevice'));
    assert.ok(!list.includes('iam:DeactivateMFADevice'), 'DeactivateMFADevice is never copied over');
    assert.ok(!list.includes('iam:CreateAccessKey'));
  });

  it('falls back to the AWS self-service list when the policy grants no IAM actions', () => {
    const [f] = findingsOf('MFA001', policyText(mfaDeny('iam:*')));
    assert.deepEqual(f.data?.suggestedAllowlist, AWS_EXEMPTION);
  });
});
