// MFA002: findings on valid and invalid policies (fix output: test/unit/fixes.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AWS_EXEMPTION, findingsOf, mfaDeny, policyText } from '../../testUtil';

describe('MFA002 MFA device can be removed without MFA', () => {
  it('reports DeactivateMFADevice in the exemption', () => {
    const [f] = findingsOf('MFA002', policyText(mfaDeny([...AWS_EXEMPTION, 'iam:DeactivateMFADevice'])));
    assert.equal(f.text, '"iam:DeactivateMFADevice"');
    assert.equal(f.data?.via, 'exemption');
  });

  it('reports wildcards that cover it ("iam:*MFA*", "iam:Deactivate*")', () => {
    for (const entry of ['iam:*MFA*', 'iam:Deactivate*']) {
      const found = findingsOf('MFA002', policyText(mfaDeny([...AWS_EXEMPTION, entry])));
      assert.equal(found.length, 1, entry);
      assert.equal(found[0].text, JSON.stringify(entry));
    }
  });

  it('reports an Allow without MFA condition when no Deny covers it', () => {
    const allow = { Effect: 'Allow', Action: ['iam:DeactivateMFADevice', 'iam:EnableMFADevice'], Resource: '*' };
    const text = policyText(allow, mfaDeny([...AWS_EXEMPTION, 'iam:DeactivateMFADevice']));
    const viaAllow = findingsOf('MFA002', text).filter((f) => f.data?.via === 'allow');
    assert.equal(viaAllow.length, 1);
    assert.equal(viaAllow[0].data?.sharedWithOtherActions, true);
  });

  it('does not report an Allow of a dangerous action that a Deny already covers', () => {
    const allow = { Effect: 'Allow', Action: 'iam:DeactivateMFADevice', Resource: '*' };
    assert.equal(findingsOf('MFA002', policyText(allow, mfaDeny(AWS_EXEMPTION))).length, 0);
  });

  it('does not report an Allow that requires MFA', () => {
    const allow = { Effect: 'Allow', Action: 'iam:DeactivateMFADevice', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } };
    assert.equal(findingsOf('MFA002', policyText(allow)).length, 0);
  });

  it('does not report DeleteVirtualMFADevice: an assigned device must be deactivated first', () => {
    assert.equal(findingsOf('MFA002', policyText(mfaDeny([...AWS_EXEMPTION, 'iam:DeleteVirtualMFADevice']))).length, 0);
  });
});
