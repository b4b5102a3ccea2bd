// MFA014: findings on valid and invalid policies (fix output: test/unit/fixes.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, policyText } from '../../testUtil';

describe('MFA014 CreateVirtualMFADevice only on mfa/${aws:username}', () => {
  const allow = (resource: string | string[]) => ({ Effect: 'Allow', Action: 'iam:CreateVirtualMFADevice', Resource: resource });

  it('warns at the resource and suggests mfa/*', () => {
    const [f] = findingsOf('MFA014', policyText(allow('arn:aws:iam::*:mfa/${aws:username}')));
    assert.equal(f.text, '"arn:aws:iam::*:mfa/${aws:username}"');
    assert.equal(f.data?.suggestedResource, 'arn:aws:iam::*:mfa/*');
  });

  it('also sees wildcards that grant it ("iam:*MFADevice*")', () => {
    const wildcard = { Effect: 'Allow', Action: 'iam:*MFADevice*', Resource: ['arn:aws:iam::111122223333:mfa/${aws:username}', 'arn:aws:iam::111122223333:user/${aws:username}'] };
    assert.equal(findingsOf('MFA014', policyText(wildcard)).length, 1);
  });

  it("reports a Deny that exempts only the user's own device name (Trek10's NotResource statement)", () => {
    const deny = { Effect: 'Deny', Action: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice'], NotResource: ['arn:aws:iam::*:mfa/${aws:username}', 'arn:aws:iam::*:user/${aws:username}'], Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } };
    const [f] = findingsOf('MFA014', policyText(allow('arn:aws:iam::*:mfa/*'), deny));
    assert.equal(f.text, '"arn:aws:iam::*:mfa/${aws:username}"');
    assert.equal(f.data?.via, 'deny');
  });

  it('is silent for mfa/*, and when another grant admits any name', () => {
    assert.equal(findingsOf('MFA014', policyText(allow('arn:aws:iam::*:mfa/*'))).length, 0);
    assert.equal(findingsOf('MFA014', policyText(allow('arn:aws:iam::*:mfa/${aws:username}'), allow('*'))).length, 0);
  });
});
