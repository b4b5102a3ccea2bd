// MFA010: findings on valid and invalid policies (fix output: test/unit/fixes.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AWS_EXEMPTION, findingsOf, mfaDeny, policyText } from '../../testUtil';

describe('MFA010 MFA never expires (off by default)', () => {
  it('is off unless turned on', () => {
    assert.equal(findingsOf('MFA010', policyText(mfaDeny(AWS_EXEMPTION))).length, 0);
  });

  it('reports a policy without an age bound when turned on, and not one with a bound', () => {
    const on = { rules: { MFA010: 'hint' as const } };
    const [f] = findingsOf('MFA010', policyText(mfaDeny(AWS_EXEMPTION)), on);
    assert.equal(f.severity, 'hint');
    const cap = { Effect: 'Deny', Action: '*', Resource: '*', Condition: { NumericGreaterThanIfExists: { 'aws:MultiFactorAuthAge': '28800' } } };
    assert.equal(findingsOf('MFA010', policyText(mfaDeny(AWS_EXEMPTION), cap), on).length, 0);
  });
});
