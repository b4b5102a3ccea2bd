// IAM009: an operator or a value that does not fit the key's type.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, policyText } from '../../../testUtil';

const withCondition = (condition: object) => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: condition });

describe('IAM009 key type mismatch', () => {
  it('Bool on a string key', () => {
    assert.equal(findingsOf('IAM009', policyText(withCondition({ Bool: { 'aws:SourceVpc': 'true' } }))).length, 1);
  });

  it('a value that is not a boolean for Bool, not a number for Numeric…', () => {
    assert.equal(findingsOf('IAM009', policyText(withCondition({ Bool: { 'aws:MultiFactorAuthPresent': 'yes' } })))[0].text, '"yes"');
    assert.equal(findingsOf('IAM009', policyText(withCondition({ NumericLessThan: { 'aws:MultiFactorAuthAge': '1h' } })))[0].text, '"1h"');
  });

  it('fitting operators and values are clean', () => {
    assert.equal(findingsOf('IAM009', policyText(withCondition({ Bool: { 'aws:SecureTransport': 'false' }, NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }))).length, 0);
  });
});
