// MFA015: findings on valid and invalid policies (fix output: test/unit/fixes.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
});
