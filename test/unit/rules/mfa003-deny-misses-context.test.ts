// MFA003: findings on valid and invalid policies (fix output: test/unit/fixes.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AWS_EXEMPTION, findingsOf, mfaDeny, policyText } from '../../testUtil';

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
