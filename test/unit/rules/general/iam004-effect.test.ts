// IAM004: Effect must be "Allow" or "Deny", exactly.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, policyText } from '../../../testUtil';

const stmt = (effect: unknown) => ({ Effect: effect, Action: 's3:GetObject', Resource: '*' });

describe('IAM004 Effect', () => {
  it('"allow" is not "Allow": reported with the spelling IAM accepts', () => {
    const [f] = findingsOf('IAM004', policyText(stmt('allow')));
    assert.equal(f.text, '"allow"');
    assert.equal(f.data?.suggestion, 'Allow');
  });

  it('"DENY" is suggested as "Deny"', () => {
    assert.equal(findingsOf('IAM004', policyText(stmt('DENY')))[0].data?.suggestion, 'Deny');
  });

  it('the two valid effects are clean', () => {
    assert.equal(findingsOf('IAM004', policyText(stmt('Allow'), stmt('Deny'))).length, 0);
  });
});
