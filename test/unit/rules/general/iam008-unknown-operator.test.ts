// IAM008: a condition operator IAM does not know.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, policyText } from '../../../testUtil';

const withCondition = (condition: object) => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: condition });

describe('IAM008 unknown condition operator', () => {
  it('suggests the operator meant, keeping the set qualifier', () => {
    const [f] = findingsOf('IAM008', policyText(withCondition({ 'ForAnyValue:StringEqual': { 'aws:TagKeys': 'a' } })));
    assert.equal(f.data?.suggestion, 'ForAnyValue:StringEquals');
  });

  it('known operators with IfExists and qualifiers are clean', () => {
    const text = policyText(withCondition({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' }, 'ForAllValues:StringLike': { 'aws:TagKeys': 'team*' }, NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }));
    assert.equal(findingsOf('IAM008', text).length, 0);
  });
});
