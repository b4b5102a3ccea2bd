// MFA006: findings on valid and invalid policies (fix output: test/unit/fixes.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AWS_EXEMPTION, findingsOf, policyText } from '../../testUtil';

const deny = (condition: object, notAction: string[] = AWS_EXEMPTION) => ({ Sid: 'DenyAllExceptListedIfNoMFA', Effect: 'Deny', NotAction: notAction, Resource: '*', Condition: condition });

describe('MFA006 unknown or misspelled MFA key', () => {
  it('reports aws:MultiFactorAuthenticated and aws:MFAPresent with the real key suggested', () => {
    for (const key of ['aws:MultiFactorAuthenticated', 'aws:MFAPresent', 'aws:MultiFactorAuthPresnt']) {
      const [f] = findingsOf('MFA006', policyText(deny({ BoolIfExists: { [key]: 'false' } })));
      assert.equal(f?.text, JSON.stringify(key), key);
      assert.equal(f.data?.suggestedKey, 'aws:MultiFactorAuthPresent');
    }
  });

  it('suggests aws:MultiFactorAuthAge for a misspelled age key', () => {
    const [f] = findingsOf('MFA006', policyText(deny({ NumericGreaterThan: { 'aws:MultiFactorAgeAuth': '3600' } })));
    assert.equal(f.data?.suggestedKey, 'aws:MultiFactorAuthAge');
  });

  it('does not report a different casing: condition key names are case-insensitive', () => {
    assert.equal(findingsOf('MFA006', policyText(deny({ BoolIfExists: { 'aws:multifactorauthpresent': 'false' } }))).length, 0);
    assert.equal(findingsOf('MFA003', policyText(deny({ BoolIfExists: { 'AWS:MultiFactorAuthPresent': 'false' } }))).length, 0);
  });
});
