// MFA004: findings on valid and invalid policies (fix output: test/unit/fixes.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AWS_EXEMPTION, findingsOf, mfaDeny, policyText } from '../../testUtil';

describe('MFA004 IfExists in an Allow lets access keys through', () => {
  const allow = { Effect: 'Allow', Action: ['ec2:*'], Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } } };

  it('is an error when nothing else denies those actions without MFA', () => {
    const [f] = findingsOf('MFA004', policyText(allow));
    assert.equal(f.text, '"BoolIfExists"');
    assert.equal(f.severity, 'error');
    assert.equal(f.data?.suggestedOperator, 'Bool');
  });

  it('is a warning when another Deny of the policy covers the actions today', () => {
    const [f] = findingsOf('MFA004', policyText(allow, mfaDeny(AWS_EXEMPTION)));
    assert.equal(f.severity, 'warning');
    assert.equal(f.data?.coveredByDeny, true);
  });

  it('is not reported for Bool "true" (the correct form) or for NumericLessThanIfExists-free Allows', () => {
    const ok = { ...allow, Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } };
    assert.equal(findingsOf('MFA004', policyText(ok)).length, 0);
  });

  it('reports NumericLessThanIfExists on MultiFactorAuthAge', () => {
    const age = { ...allow, Condition: { NumericLessThanIfExists: { 'aws:MultiFactorAuthAge': '3600' } } };
    assert.equal(findingsOf('MFA004', policyText(age)).length, 1);
  });
});
