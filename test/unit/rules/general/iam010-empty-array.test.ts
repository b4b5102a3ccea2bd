// IAM010: an empty array where IAM expects at least one value.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, policyText } from '../../../testUtil';

describe('IAM010 empty array', () => {
  it('points at an empty Action list', () => {
    assert.equal(findingsOf('IAM010', policyText({ Effect: 'Allow', Action: [], Resource: '*' }))[0].text, '[]');
  });

  it('a list with a value is clean', () => {
    assert.equal(findingsOf('IAM010', policyText({ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['*'] })).length, 0);
  });
});
