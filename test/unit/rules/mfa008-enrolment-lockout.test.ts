// MFA008: findings on valid and invalid policies (fix output: test/unit/fixes.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AWS_EXEMPTION, findingsOf, mfaDeny, policyText } from '../../testUtil';

describe('MFA008 enrolment lockout', () => {
  it('warns when the exemption lacks the enrolment actions', () => {
    const [f] = findingsOf('MFA008', policyText(mfaDeny(['iam:GetUser', 'sts:GetSessionToken'])));
    assert.equal(f.severity, 'warning');
    assert.equal(f.text, '"NotAction"');
    assert.deepEqual(f.data?.blockedActions, ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice']);
  });

  it('is information when the deny covers "*" on purpose', () => {
    const all = { Effect: 'Deny', Action: '*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } };
    const [f] = findingsOf('MFA008', policyText(all));
    assert.equal(f.severity, 'information');
    assert.equal(f.text, '"*"');
  });

  it('reports a deny that lists enrolment actions in Action instead of NotAction', () => {
    const inverted = { Effect: 'Deny', Action: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice'], Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } };
    const found = findingsOf('MFA008', policyText(inverted));
    assert.equal(found.length, 1);
    assert.equal(found[0].data?.usesNotAction, false);
  });

  it('is silent when enrolment stays possible in at least one context', () => {
    assert.equal(findingsOf('MFA008', policyText(mfaDeny(AWS_EXEMPTION))).length, 0);
    // Bool (no IfExists) leaves access keys open: that is MFA003, not a lockout.
    assert.equal(findingsOf('MFA008', policyText(mfaDeny(['sts:GetSessionToken'], 'Bool'))).length, 0);
  });
});
