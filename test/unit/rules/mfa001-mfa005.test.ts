import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AWS_EXEMPTION, findingsOf, mfaDeny, policyText } from '../../testUtil';

describe('MFA001 NotAction exemption lets IAM administration through', () => {
  it('reports "iam:*" in the exemption, at that string, naming the context and a count', () => {
    const text = policyText(mfaDeny(['iam:*', 'sts:GetSessionToken']));
    const [f, ...rest] = findingsOf('MFA001', text);
    assert.equal(rest.length, 0);
    assert.equal(f.text, '"iam:*"');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /^iam:DetachUserPolicy and \d{2,3} other IAM actions/);
    assert.match(f.message, /long-term access keys/);
    assert.deepEqual(f.data?.contexts, ['access-key', 'no-mfa-session']);
  });

  it('matches the service prefix case-insensitively ("IAM:*")', () => {
    assert.equal(findingsOf('MFA001', policyText(mfaDeny('IAM:*'))).length, 1);
  });

  it('reports other wildcards that cover permission changes ("iam:Put*", "*")', () => {
    assert.equal(findingsOf('MFA001', policyText(mfaDeny(['iam:Put*']))).length, 1);
    assert.equal(findingsOf('MFA001', policyText(mfaDeny(['*']))).length, 1);
  });

  it('does not report the AWS self-service exemption or read-only wildcards', () => {
    assert.equal(findingsOf('MFA001', policyText(mfaDeny(AWS_EXEMPTION))).length, 0);
    assert.equal(findingsOf('MFA001', policyText(mfaDeny(['iam:List*', 'iam:Get*']))).length, 0);
  });

  it('is not reported when another Deny of the policy closes the same actions without MFA', () => {
    const closing = { Effect: 'Deny', Action: 'iam:*', Resource: '*', Condition: { Null: { 'aws:MultiFactorAuthAge': 'true' } } };
    const text = policyText(mfaDeny('iam:*'), closing);
    assert.equal(findingsOf('MFA001', text).length, 0);
  });

  it('suggests an allowlist from the policy\'s own Allow statements minus the dangerous ones', () => {
    const allow = { Effect: 'Allow', Action: ['iam:ListMFADevices', 'iam:EnableMFADevice', 'iam:DeactivateMFADevice', 'iam:CreateAccessKey'], Resource: 'arn:aws:iam::*:user/${aws:username}' };
    const [f] = findingsOf('MFA001', policyText(allow, mfaDeny('iam:*')));
    const list = f.data?.suggestedAllowlist as string[];
    assert.ok(list.includes('iam:ListMFADevices') && list.includes('iam:EnableMFADevice'));
    assert.ok(!list.includes('iam:DeactivateMFADevice'), 'DeactivateMFADevice is never copied over');
    assert.ok(!list.includes('iam:CreateAccessKey'));
  });

  it('falls back to the AWS self-service list when the policy grants no IAM actions', () => {
    const [f] = findingsOf('MFA001', policyText(mfaDeny('iam:*')));
    assert.deepEqual(f.data?.suggestedAllowlist, AWS_EXEMPTION);
  });
});

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

describe('MFA003 MFA deny misses a request context', () => {
  it('reports Bool "false" without IfExists, naming long-term access keys, at the operator', () => {
    const [f, ...rest] = findingsOf('MFA003', policyText(mfaDeny(AWS_EXEMPTION, 'Bool')));
    assert.equal(rest.length, 0);
    assert.equal(f.text, '"Bool"');
    assert.deepEqual(f.data?.contexts, ['access-key']);
    assert.equal(f.data?.suggestedOperator, 'BoolIfExists');
    assert.match(f.message, /long-term access keys/);
    assert.doesNotMatch(f.message, /sessions signed in without MFA/);
  });

  it('reports Null MultiFactorAuthPresent "true" as missing sessions without MFA', () => {
    const deny = { Effect: 'Deny', NotAction: AWS_EXEMPTION, Resource: '*', Condition: { Null: { 'aws:MultiFactorAuthPresent': 'true' } } };
    const [f] = findingsOf('MFA003', policyText(deny));
    assert.deepEqual(f.data?.contexts, ['no-mfa-session']);
  });

  it('reports NumericGreaterThan on MultiFactorAuthAge alone as missing both contexts', () => {
    const deny = { Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::prod/*', Condition: { NumericGreaterThan: { 'aws:MultiFactorAuthAge': '3600' } } };
    const [f] = findingsOf('MFA003', policyText(deny));
    assert.deepEqual(f.data?.contexts, ['access-key', 'no-mfa-session']);
    assert.equal(f.data?.suggestedOperator, 'NumericGreaterThanIfExists');
  });

  it('accepts the iSEC pair: Null age "true" covers what NumericGreaterThan misses', () => {
    const nullDeny = { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Null: { 'aws:MultiFactorAuthAge': 'true' } } };
    const capDeny = { Effect: 'Deny', Action: '*', Resource: '*', Condition: { NumericGreaterThan: { 'aws:MultiFactorAuthAge': '28800' } } };
    assert.equal(findingsOf('MFA003', policyText(nullDeny, capDeny)).length, 0);
  });

  it('still reports when the covering Deny is on other resources', () => {
    const nullDeny = { Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::other/*', Condition: { Null: { 'aws:MultiFactorAuthAge': 'true' } } };
    const capDeny = { Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::prod/*', Condition: { NumericGreaterThan: { 'aws:MultiFactorAuthAge': '3600' } } };
    assert.equal(findingsOf('MFA003', policyText(nullDeny, capDeny)).length, 1);
  });

  it('handles several keys in one block: Bool with a second key still misses access keys', () => {
    const deny = mfaDeny(AWS_EXEMPTION, 'Bool');
    (deny as { Condition: { Bool: Record<string, string> } }).Condition.Bool['aws:ViaAWSService'] = 'false';
    assert.equal(findingsOf('MFA003', policyText(deny)).length, 1);
  });

  it('treats an array of values as OR ("false" or "true" matches every session)', () => {
    const deny = { Effect: 'Deny', NotAction: AWS_EXEMPTION, Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': ['false'] } } };
    assert.equal(findingsOf('MFA003', policyText(deny)).length, 0);
  });
});

describe('MFA004 IfExists in an Allow lets access keys through', () => {
  const allow = { Effect: 'Allow', Action: ['ec2:*'], Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } } };

  it('is an error when nothing else denies those actions without MFA', () => {
    const [f] = findingsOf('MFA004', policyText(allow));
    assert.equal(f.text, '"BoolIfExists"');
    assert.equal(f.severity, 'error');
    assert.equal(f.data?.suggestedOperator, 'Bool');
  });

  it('is a warning when another Deny of the policy covers the actions today', () => {
    const [f] = findingsOf('MFA004', policyText(allow, mfaDeny(AWS_EXEMPTION)));
    assert.equal(f.severity, 'warning');
    assert.equal(f.data?.coveredByDeny, true);
  });

  it('is not reported for Bool "true" (the correct form) or for NumericLessThanIfExists-free Allows', () => {
    const ok = { ...allow, Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } };
    assert.equal(findingsOf('MFA004', policyText(ok)).length, 0);
  });

  it('reports NumericLessThanIfExists on MultiFactorAuthAge', () => {
    const age = { ...allow, Condition: { NumericLessThanIfExists: { 'aws:MultiFactorAuthAge': '3600' } } };
    assert.equal(findingsOf('MFA004', policyText(age)).length, 1);
  });
});

describe('MFA005 inverted MFA logic', () => {
  it('reports a Deny that applies only with MFA', () => {
    const deny = { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } };
    const [f] = findingsOf('MFA005', policyText(deny));
    assert.equal(f.text, '"Bool"');
    assert.equal(f.data?.effect, 'Deny');
  });

  it('reports Null MultiFactorAuthAge "false" and NumericLessThan age in a Deny', () => {
    const nullFalse = { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Null: { 'aws:MultiFactorAuthAge': 'false' } } };
    const lessThan = { Effect: 'Deny', Action: '*', Resource: '*', Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } } };
    assert.equal(findingsOf('MFA005', policyText(nullFalse)).length, 1);
    assert.equal(findingsOf('MFA005', policyText(lessThan)).length, 1);
  });

  it('reports a Deny that also denies MFA sessions (BoolIfExists "true", Null MultiFactorAuthPresent "false"), not as MFA003', () => {
    for (const condition of [{ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }, { Null: { 'aws:MultiFactorAuthPresent': 'false' } }]) {
      const text = policyText({ Effect: 'Deny', NotAction: AWS_EXEMPTION, Resource: '*', Condition: condition });
      assert.equal(findingsOf('MFA005', text).length, 1, JSON.stringify(condition));
      assert.equal(findingsOf('MFA003', text).length, 0);
    }
  });

  it('reports an Allow that applies only without MFA', () => {
    const allow = { Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } };
    assert.equal(findingsOf('MFA005', policyText(allow))[0]?.data?.effect, 'Allow');
  });

  it('does not report a session cap (NumericGreaterThan age) as inverted', () => {
    const cap = { Effect: 'Deny', Action: '*', Resource: '*', Condition: { NumericGreaterThanIfExists: { 'aws:MultiFactorAuthAge': '28800' } } };
    assert.equal(findingsOf('MFA005', policyText(cap)).length, 0);
  });
});
