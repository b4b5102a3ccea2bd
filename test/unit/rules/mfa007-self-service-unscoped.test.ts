// MFA007: findings on valid and invalid policies (fix output: test/unit/fixes.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AWS_EXEMPTION, findingsOf, mfaDeny, policyText } from '../../testUtil';

describe('MFA007 credential self-service not limited to the caller', () => {
  it('warns about an Allow of credential actions on "*" without MFA', () => {
    const allow = { Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:DeleteAccessKey'], Resource: '*' };
    const [f] = findingsOf('MFA007', policyText(allow, mfaDeny(AWS_EXEMPTION)));
    assert.equal(f.severity, 'warning');
    assert.equal(f.text, '"*"');
    assert.equal(f.data?.suggestedResource, 'arn:aws:iam::*:user/${aws:username}');
  });

  it('is silent for the same Allow scoped to ${aws:username}, or when it requires MFA', () => {
    const own = { Effect: 'Allow', Action: ['iam:CreateAccessKey'], Resource: 'arn:aws:iam::*:user/${aws:username}' };
    const withMfa = { Effect: 'Allow', Action: ['iam:CreateAccessKey'], Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } };
    assert.equal(findingsOf('MFA007', policyText(own, mfaDeny(AWS_EXEMPTION))).filter((f) => f.severity === 'warning').length, 0);
    assert.equal(findingsOf('MFA007', policyText(withMfa)).length, 0);
  });

  it('gives information when only the exemption is unscoped, and nothing once a NotResource deny limits it', () => {
    const [info] = findingsOf('MFA007', policyText(mfaDeny(AWS_EXEMPTION)));
    assert.equal(info.severity, 'information');
    assert.equal(info.text, '"NotAction"');
    const limit = {
      Effect: 'Deny',
      Action: ['iam:EnableMFADevice', 'iam:ResyncMFADevice'],
      NotResource: ['arn:aws:iam::*:user/${aws:username}', 'arn:aws:iam::*:mfa/${aws:username}'],
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    };
    assert.equal(findingsOf('MFA007', policyText(mfaDeny(AWS_EXEMPTION), limit)).length, 0);
  });

  it('does not report CreateVirtualMFADevice on mfa/* (a device name need not equal the user)', () => {
    const allow = { Effect: 'Allow', Action: 'iam:CreateVirtualMFADevice', Resource: 'arn:aws:iam::*:mfa/*' };
    assert.equal(findingsOf('MFA007', policyText(allow, mfaDeny(['sts:GetSessionToken']))).length, 0);
  });
});
