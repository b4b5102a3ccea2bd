// MFA012: findings on valid and invalid policies (fix output: test/unit/fixes.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AWS_EXEMPTION, findingsOf, mfaDeny, policyText } from '../../testUtil';

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
