// Rule settings: "off" removes a rule's findings, a severity word replaces its default.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, policyText } from '../testUtil';

describe('severity settings', () => {
  it('off removes a rule, a severity replaces the default', () => {
    const text = policyText({ Effect: 'allow', Action: 's3:GetObject', Resource: '*' });
    assert.equal(findingsOf('IAM004', text).length, 1);
    assert.equal(findingsOf('IAM004', text, { rules: { IAM004: 'off' } }).length, 0);
    assert.equal(findingsOf('IAM004', text, { rules: { IAM004: 'hint' } })[0].severity, 'hint');
  });
});
