// IAM003: the policy's Version.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, policyText } from '../../../testUtil';

const stmt = (extra: object = {}) => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', ...extra });

describe('IAM003 Version', () => {
  it('a missing Version is a warning', () => {
    const [f] = findingsOf('IAM003', JSON.stringify({ Statement: [stmt()] }));
    assert.equal(f.severity, 'warning');
  });

  it('a missing Version with policy variables is an error: the variables are read as literal text', () => {
    const withVariable = JSON.stringify({ Statement: [stmt({ Resource: 'arn:aws:iam::*:user/${aws:username}' })] });
    assert.equal(findingsOf('IAM003', withVariable)[0].severity, 'error');
  });

  it('points at the old 2008-10-17 version', () => {
    const old = JSON.stringify({ Version: '2008-10-17', Statement: [stmt()] });
    assert.equal(findingsOf('IAM003', old)[0].text, '"2008-10-17"');
  });

  it('says nothing of 2012-10-17', () => {
    assert.equal(findingsOf('IAM003', policyText(stmt())).length, 0);
  });
});
