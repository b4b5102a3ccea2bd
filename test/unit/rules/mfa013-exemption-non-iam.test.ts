// MFA013: findings on valid and invalid policies (fix output: test/unit/fixes.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AWS_EXEMPTION, findingsOf, mfaDeny, policyText } from '../../testUtil';

describe('MFA013 exemption lets non-IAM actions through', () => {
  it('is an error for write access and service wildcards', () => {
    const found = findingsOf('MFA013', policyText(mfaDeny([...AWS_EXEMPTION, 'ec2:*', 's3:PutObject'])));
    assert.deepEqual(found.map((f) => [f.text, f.severity]), [['"ec2:*"', 'error'], ['"s3:PutObject"', 'error']]);
  });

  it('is a warning for read-only actions and wildcards', () => {
    const found = findingsOf('MFA013', policyText(mfaDeny([...AWS_EXEMPTION, 's3:GetObject', '*:Describe*'])));
    assert.deepEqual(found.map((f) => f.severity), ['warning', 'warning']);
  });

  it('never reports sts:GetSessionToken or sts:GetCallerIdentity', () => {
    assert.equal(findingsOf('MFA013', policyText(mfaDeny([...AWS_EXEMPTION, 'sts:GetCallerIdentity']))).length, 0);
  });
});
