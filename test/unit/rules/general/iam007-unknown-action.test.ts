// IAM007: an action (or a wildcard) that names nothing in a known service.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, policyText } from '../../../testUtil';

const allow = (action: string[]) => ({ Effect: 'Allow', Action: action, Resource: '*' });

describe('IAM007 unknown action', () => {
  it('reports a misspelt action with did-you-mean, and a wildcard that matches nothing', () => {
    const found = findingsOf('IAM007', policyText(allow(['s3:GetObjekt', 'iam:Deactivate*', 'iam:Nothing*'])));
    assert.deepEqual(found.map((f) => f.text), ['"s3:GetObjekt"', '"iam:Nothing*"']);
    assert.equal(found[0].data?.suggestion, 's3:GetObject');
  });

  it('leaves actions of unknown services to IAM006', () => {
    assert.equal(findingsOf('IAM007', policyText(allow(['ec22:RunInstances']))).length, 0);
  });
});
