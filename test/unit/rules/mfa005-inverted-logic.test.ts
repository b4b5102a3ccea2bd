// MFA005: findings on valid and invalid policies (fix output: test/unit/fixes.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AWS_EXEMPTION, findingsOf, policyText } from '../../testUtil';

describe('MFA005 inverted MFA logic', () => {
  it('reports a Deny that applies only with MFA', () => {
    const deny = { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } };
    const [f] = findingsOf('MFA005', policyText(deny));
    assert.equal(f.text, '"Bool"');
    assert.equal(f.data?.effect, 'Deny');
  });

  it('reports Null MultiFactorAuthAge "false" and NumericLessThan age in a Deny', () => {
    const nullFalse = { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Null: { 'aws:MultiFactorAuthAge': 'false' } } };
    const lessThan = { Effect: 'Deny', Action: '*', Resource: '*', Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } } };
    assert.equal(findingsOf('MFA005', policyText(nullFalse)).length, 1);
    assert.equal(findingsOf('MFA005', policyText(lessThan)).length, 1);
  });

  it('reports a Deny that also denies MFA sessions (BoolIfExists "true", Null MultiFactorAuthPresent "false"), not as MFA003', () => {
    for (const condition of [{ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }, { Null: { 'aws:MultiFactorAuthPresent': 'false' } }]) {
      const text = policyText({ Effect: 'Deny', NotAction: AWS_EXEMPTION, Resource: '*', Condition: condition });
      assert.equal(findingsOf('MFA005', text).length, 1, JSON.stringify(condition));
      assert.equal(findingsOf('MFA003', text).length, 0);
    }
  });

  it('reports an Allow that applies only without MFA', () => {
    const allow = { Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } };
    assert.equal(findingsOf('MFA005', policyText(allow))[0]?.data?.effect, 'Allow');
  });

  it('does not report a session cap (NumericGreaterThan age) as inverted', () => {
    const cap = { Effect: 'Deny', Action: '*', Resource: '*', Condition: { NumericGreaterThanIfExists: { 'aws:MultiFactorAuthAge': '28800' } } };
    assert.equal(findingsOf('MFA005', policyText(cap)).length, 0);
  });
});
