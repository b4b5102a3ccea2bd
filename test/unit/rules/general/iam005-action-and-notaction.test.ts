// IAM005: a statement may have Action or NotAction, not both.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, policyText } from '../../../testUtil';

describe('IAM005 Action with NotAction', () => {
  it('points at NotAction when both are present', () => {
    const [f] = findingsOf('IAM005', policyText({ Effect: 'Allow', Action: 's3:GetObject', NotAction: 'iam:*', Resource: '*' }));
    assert.equal(f.text, '"NotAction"');
  });

  it('either one alone is clean', () => {
    const text = policyText({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, { Effect: 'Deny', NotAction: 'iam:*', Resource: '*' });
    assert.equal(findingsOf('IAM005', text).length, 0);
  });
});
