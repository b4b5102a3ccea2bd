import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AWS_EXEMPTION, findingsOf, mfaDeny, policyText } from '../../testUtil';

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

describe('MFA008 enrolment lockout', () => {
  it('warns when the exemption lacks the enrolment actions', () => {
    const [f] = findingsOf('MFA008', policyText(mfaDeny(['iam:GetUser', 'sts:GetSessionToken'])));
    assert.equal(f.severity, 'warning');
    assert.equal(f.text, '"NotAction"');
    assert.deepEqual(f.data?.blockedActions, ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice']);
  });

  it('is information when the deny covers "*" on purpose', () => {
    const all = { Effect: 'Deny', Action: '*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } };
    const [f] = findingsOf('MFA008', policyText(all));
    assert.equal(f.severity, 'information');
    assert.equal(f.text, '"*"');
  });

  it('reports a deny that lists enrolment actions in Action instead of NotAction', () => {
    const inverted = { Effect: 'Deny', Action: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice'], Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } };
    const found = findingsOf('MFA008', policyText(inverted));
    assert.equal(found.length, 1);
    assert.equal(found[0].data?.usesNotAction, false);
  });

  it('is silent when enrolment stays possible in at least one context', () => {
    assert.equal(findingsOf('MFA008', policyText(mfaDeny(AWS_EXEMPTION))).length, 0);
    // Bool (no IfExists) leaves access keys open: that is MFA003, not a lockout.
    assert.equal(findingsOf('MFA008', policyText(mfaDeny(['sts:GetSessionToken'], 'Bool'))).length, 0);
  });
});

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

describe('MFA010 MFA never expires (off by default)', () => {
  it('is off unless turned on', () => {
    assert.equal(findingsOf('MFA010', policyText(mfaDeny(AWS_EXEMPTION))).length, 0);
  });

  it('reports a policy without an age bound when turned on, and not one with a bound', () => {
    const on = { rules: { MFA010: 'hint' as const } };
    const [f] = findingsOf('MFA010', policyText(mfaDeny(AWS_EXEMPTION)), on);
    assert.equal(f.severity, 'hint');
    const cap = { Effect: 'Deny', Action: '*', Resource: '*', Condition: { NumericGreaterThanIfExists: { 'aws:MultiFactorAuthAge': '28800' } } };
    assert.equal(findingsOf('MFA010', policyText(mfaDeny(AWS_EXEMPTION), cap), on).length, 0);
  });
});
