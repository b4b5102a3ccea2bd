// MFA009: findings on valid and invalid policies (fix output: test/unit/fixes.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AWS_EXEMPTION, findingsOf, mfaDeny, policyText } from '../../testUtil';

describe('MFA009 activation race', () => {
  it('is information on the exemption entry that lets EnableMFADevice through', () => {
    const [f] = findingsOf('MFA009', policyText(mfaDeny(AWS_EXEMPTION)));
    assert.equal(f.severity, 'information');
    assert.equal(f.text, '"iam:EnableMFADevice"');
  });

  it('is absent when enrolment needs MFA (an administrator enrols devices)', () => {
    assert.equal(findingsOf('MFA009', policyText(mfaDeny(['sts:GetSessionToken']))).length, 0);
  });
});
