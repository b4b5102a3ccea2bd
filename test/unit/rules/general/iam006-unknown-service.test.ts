// IAM006: an action whose service prefix no AWS service has.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, policyText } from '../../../testUtil';

const allow = (action: string[]) => ({ Effect: 'Allow', Action: action, Resource: '*' });

describe('IAM006 unknown service', () => {
  it('reports a misspelt prefix with the service meant, and an action without a prefix', () => {
    const found = findingsOf('IAM006', policyText(allow(['ec22:RunInstances', 'GetObject', 's3:GetObject'])));
    assert.deepEqual(found.map((f) => f.text), ['"ec22:RunInstances"', '"GetObject"']);
    assert.equal(found[0].data?.suggestion, 'ec2:RunInstances');
  });

  it('known services, in any case, and wildcards over them are clean', () => {
    assert.equal(findingsOf('IAM006', policyText(allow(['S3:GetObject', 'iam:*', 'ec2:Describe*', '*']))).length, 0);
  });
});
