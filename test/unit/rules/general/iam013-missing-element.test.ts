// IAM013: a statement without Effect or Action, or with an element IAM does not know.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, policyText } from '../../../testUtil';

describe('IAM013 missing or unknown element', () => {
  it('a misspelt Action: the unknown element (with the name meant), and the missing Effect and Action', () => {
    const found = findingsOf('IAM013', policyText({ Actions: 's3:GetObject', Resource: '*' }));
    assert.equal(found.length, 3);
    assert.equal(found.find((f) => f.data?.element === 'Actions')?.data?.suggestion, 'Action');
  });

  it('a complete statement is clean', () => {
    assert.equal(findingsOf('IAM013', policyText({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })).length, 0);
  });
});
