// MFA015: findings on valid and invalid policies (fix output: test/unit/fixes.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixesFor } from '../../../server/src/core/fixes/fixEngine';
import { lint } from '../../../server/src/core/lint';
import { AWS_EXEMPTION, findingsOf, mfaDeny, policyText } from '../../testUtil';

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

  describe('a Resource/NotResource hole on the caller\'s own user', () => {
    const OWN_USER = 'arn:aws:iam::*:user/${aws:username}';
    const holeDeny = (extra: object) => ({ ...mfaDeny(AWS_EXEMPTION), Resource: undefined, ...extra });

    it('a deny of everything but the caller\'s own user: permission and credential changes on it are an error, at the NotResource entry, with no fix', () => {
      const text = policyText(holeDeny({ NotResource: [OWN_USER, 'arn:aws:iam::*:mfa/${aws:username}'] }));
      const [f, ...more] = findingsOf('MFA015', text);
      assert.equal(more.length, 0);
      assert.equal(f.severity, 'error');
      assert.equal(f.text, JSON.stringify(OWN_USER));
      assert.equal(f.data?.via, 'notresource');
      const actions = f.data?.actions as string[];
      for (const a of ['iam:CreateAccessKey', 'iam:ChangePassword', 'iam:DetachUserPolicy', 'iam:AttachUserPolicy']) assert.ok(actions.includes(a), a);
      assert.ok(!actions.includes('iam:DeactivateMFADevice'), "device removal is MFA002's");
      assert.ok(!actions.includes('iam:PassRole'), 'not authorised against the user');
      assert.match(f.message, /^iam:DetachUserPolicy, iam:AttachUserPolicy, iam:PutUserPolicy and \d+ others on the caller's own user/);
      const result = lint(text);
      assert.deepEqual(fixesFor(result, result.findings.find((x) => x.rule === 'MFA015')!), []);
      assert.equal(findingsOf('MFA002', text).length, 1, 'DeactivateMFADevice through the same hole is MFA002');
    });

    it('a Resource of IAM ARNs without the user: the credential changes are open on it', () => {
      const text = policyText(holeDeny({ NotAction: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices'], Resource: ['arn:aws:iam::*:mfa/${aws:username}', 'arn:aws:iam::*:role/*'] }));
      const [f] = findingsOf('MFA015', text);
      assert.equal(f.data?.via, 'resource');
      assert.ok((f.data?.actions as string[]).includes('iam:CreateAccessKey'));
    });

    it('not reported: a deny that names credential actions for other users only, a deny about a bucket, a deny on every resource', () => {
      const othersOnly = { Sid: 'DenyOthersCredentials', Effect: 'Deny', Action: ['iam:CreateAccessKey', 'iam:DeleteAccessKey'], NotResource: OWN_USER, Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } };
      assert.equal(findingsOf('MFA015', policyText(mfaDeny(AWS_EXEMPTION), othersOnly)).length, 0);
      const bucket = { ...mfaDeny('s3:ListBucket'), Resource: 'arn:aws:s3:::payroll/*' };
      assert.equal(findingsOf('MFA015', policyText(bucket)).length, 0);
      assert.equal(findingsOf('MFA015', policyText(mfaDeny(AWS_EXEMPTION))).length, 0);
    });

    it('not reported when another deny covers the user\'s own resources', () => {
      const text = policyText(holeDeny({ NotResource: [OWN_USER] }), { ...mfaDeny(AWS_EXEMPTION), Sid: 'DenyOwn', Resource: OWN_USER });
      assert.equal(findingsOf('MFA015', text).length, 0);
    });
  });
});
