// IAM012: an aws: condition key that is not a global key.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, policyText } from '../../../testUtil';

const withCondition = (condition: object) => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: condition });

describe('IAM012 unknown global key', () => {
  it('suggests the global key meant', () => {
    const [f] = findingsOf('IAM012', policyText(withCondition({ StringEquals: { 'aws:SourceAcount': '111122223333' } })));
    assert.equal(f.data?.suggestion, 'aws:SourceAccount');
  });

  it('service keys and known global keys (with tag suffixes) are not reported', () => {
    const text = policyText(withCondition({ StringEquals: { 's3:prefix': 'x', 'aws:SourceAccount': '111122223333', 'aws:PrincipalTag/team': 'a' } }));
    assert.equal(findingsOf('IAM012', text).length, 0);
  });
});
