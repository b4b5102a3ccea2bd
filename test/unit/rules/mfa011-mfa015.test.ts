import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AWS_EXEMPTION, findingsOf, mfaDeny, policyText } from '../../testUtil';

describe('MFA011 MFA deny depends on another key', () => {
  it('warns about aws:SourceIp in the same block, at that key', () => {
    const deny = { Effect: 'Deny', NotAction: AWS_EXEMPTION, Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' }, NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } };
    const [f] = findingsOf('MFA011', policyText(deny));
    assert.equal(f.text, '"aws:SourceIp"');
    assert.equal(f.severity, 'warning');
  });

  it('gives information for aws:ViaAWSService', () => {
    const deny = { Effect: 'Deny', NotAction: AWS_EXEMPTION, Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false', 'aws:ViaAWSService': 'false' } } };
    const [f] = findingsOf('MFA011', policyText(deny));
    assert.equal(f.severity, 'information');
    assert.equal(f.data?.benign, true);
  });

  it('is silent when another Deny closes the gap without the extra key', () => {
    const deny = { Effect: 'Deny', NotAction: AWS_EXEMPTION, Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' }, NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } };
    assert.equal(findingsOf('MFA011', policyText(deny, mfaDeny(AWS_EXEMPTION))).length, 0);
  });
});

describe('MFA012 Sid promises MFA', () => {
  it('warns about a Deny named "…UnlessMFAd" without MFA condition, at the Sid', () => {
    const deny = { Sid: 'DenyIamAccessToOtherAccountsUnlessMFAd', Effect: 'Deny', Action: 'iam:*', NotResource: 'arn:aws:iam::*:user/${aws:username}' };
    const [f] = findingsOf('MFA012', policyText(deny));
    assert.equal(f.text, '"DenyIamAccessToOtherAccountsUnlessMFAd"');
  });

  it('is silent once the MFA condition is there, and for unrelated Sids', () => {
    assert.equal(findingsOf('MFA012', policyText(mfaDeny(AWS_EXEMPTION))).length, 0);
    assert.equal(findingsOf('MFA012', policyText({ Sid: 'DenyOutsideEU', Effect: 'Deny', Action: '*', Resource: '*' })).length, 0);
  });
});

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

describe('MFA015 exemption lets credentials change', () => {
  it('warns about ChangePassword and login-profile actions, one finding per entry', () => {
    const found = findingsOf('MFA015', policyText(mfaDeny([...AWS_EXEMPTION, 'iam:ChangePassword', 'iam:*LoginProfile'])));
    assert.deepEqual(found.map((f) => f.text), ['"iam:ChangePassword"', '"iam:*LoginProfile"']);
    assert.ok((found[1].data?.actions as string[]).includes('iam:createloginprofile'));
    assert.ok(!(found[1].data?.actions as string[]).includes('iam:getloginprofile'), 'reading the login profile is not a change');
  });

  it('does not report reads such as ListAccessKeys or GetLoginProfile', () => {
    assert.equal(findingsOf('MFA015', policyText(mfaDeny([...AWS_EXEMPTION, 'iam:ListAccessKeys', 'iam:GetLoginProfile']))).length, 0);
  });
});
