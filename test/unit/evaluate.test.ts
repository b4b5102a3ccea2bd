import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultResourcesFor, EvalRequest, evaluatePolicy } from '../../server/src/core/analysis/evaluate';
import type { ContextId } from '../../server/src/core/analysis/contexts';
import { parseDocument } from '../../server/src/core/parse/parseDocument';
import { policyText } from '../testUtil';

const ALICE = 'arn:aws:iam::123456789012:user/alice';
const ALICE_USER = 'arn:aws:iam::123456789012:user/alice'; // resource type "user"
const BOB_USER = 'arn:aws:iam::123456789012:user/bob';
const ALICE_MFA = 'arn:aws:iam::123456789012:mfa/alice'; // resource type "mfa"

function policy(...statements: object[]) {
  return parseDocument(policyText(...statements)).policies[0];
}

function evaluate(p: ReturnType<typeof policy>, action: string, resource: string, context: ContextId, extra: Partial<EvalRequest> = {}) {
  return evaluatePolicy(p, { action, resource, principalArn: ALICE, context, ...extra });
}

const denyUnlessMfa = (extra: object) => ({ Sid: 'DenyUnlessMFA', Effect: 'Deny', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }, ...extra });

describe('evaluatePolicy: resource types', () => {
  it('a Deny on mfa/${aws:username} does not cover DeactivateMFADevice, which is authorised against the user', () => {
    const p = policy(denyUnlessMfa({ Action: 'iam:DeactivateMFADevice', Resource: 'arn:aws:iam::*:mfa/${aws:username}' }));
    assert.deepEqual(defaultResourcesFor('iam:DeactivateMFADevice', ALICE), [ALICE_USER]);
    assert.equal(evaluate(p, 'iam:DeactivateMFADevice', ALICE_USER, 'access-key').explicitDeny, 'no');
    // and it does cover a request against the device ARN (DeleteVirtualMFADevice takes the mfa type)
    const q = policy(denyUnlessMfa({ Action: 'iam:DeleteVirtualMFADevice', Resource: 'arn:aws:iam::*:mfa/${aws:username}' }));
    assert.equal(evaluate(q, 'iam:DeleteVirtualMFADevice', ALICE_MFA, 'access-key').explicitDeny, 'yes');
  });

  it('a Deny on user/${aws:username} does not cover CreateVirtualMFADevice on mfa/…; it covers EnableMFADevice on the user', () => {
    const p = policy(denyUnlessMfa({ Action: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice'], Resource: 'arn:aws:iam::*:user/${aws:username}' }));
    assert.deepEqual(defaultResourcesFor('iam:CreateVirtualMFADevice', ALICE), [ALICE_MFA]);
    assert.deepEqual(defaultResourcesFor('iam:EnableMFADevice', ALICE), [ALICE_USER]);
    assert.equal(evaluate(p, 'iam:CreateVirtualMFADevice', ALICE_MFA, 'access-key').explicitDeny, 'no');
    assert.equal(evaluate(p, 'iam:EnableMFADevice', ALICE_USER, 'access-key').explicitDeny, 'yes');
    assert.equal(evaluate(p, 'iam:EnableMFADevice', BOB_USER, 'access-key').explicitDeny, 'no', '${aws:username} is alice');
  });

  it('NotResource with an entry that is not the caller\'s own covers every other resource', () => {
    const p = policy(denyUnlessMfa({ NotAction: ['iam:ListMFADevices'], NotResource: ['arn:aws:iam::*:user/${aws:username}', 'arn:aws:iam::*:mfa/*'] }));
    assert.equal(evaluate(p, 'iam:DeactivateMFADevice', ALICE_USER, 'access-key').explicitDeny, 'no', 'own user excluded');
    assert.equal(evaluate(p, 'iam:DeactivateMFADevice', BOB_USER, 'access-key').explicitDeny, 'yes', 'another user is covered');
    assert.equal(evaluate(p, 'iam:CreateVirtualMFADevice', ALICE_MFA, 'access-key').explicitDeny, 'no', 'mfa/* excluded');
    assert.equal(evaluate(p, 's3:GetObject', 'arn:aws:s3:::bucket/key', 'access-key').explicitDeny, 'yes');
    assert.equal(evaluate(p, 'iam:ListUsers', '*', 'access-key').explicitDeny, 'yes', '"*" is not one of the listed ARNs');
  });

  it('a Resource of mfa/* covers CreateVirtualMFADevice for every device name, not the user', () => {
    const p = policy(denyUnlessMfa({ Action: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice'], Resource: 'arn:aws:iam::*:mfa/*' }));
    assert.equal(evaluate(p, 'iam:CreateVirtualMFADevice', 'arn:aws:iam::123456789012:mfa/my-phone', 'no-mfa-session').explicitDeny, 'yes');
    assert.equal(evaluate(p, 'iam:EnableMFADevice', ALICE_USER, 'no-mfa-session').explicitDeny, 'no');
  });

  it('wildcards stay within ARN segments; "*" matches every ARN; actions without resource types take "*"', () => {
    const p = policy({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:iam::*:user/*' });
    assert.equal(evaluate(p, 'iam:GetUser', 'arn:aws:iam::123456789012:user/engineering/grace', 'mfa-session').allow, 'yes');
    assert.equal(evaluate(p, 'iam:GetUser', 'arn:aws:iam::123:456:user/x', 'mfa-session').allow, 'no');
    assert.deepEqual(defaultResourcesFor('iam:ListUsers', ALICE), ['*']);
    assert.equal(evaluate(p, 'iam:ListUsers', '*', 'mfa-session').allow, 'no');
    assert.equal(evaluate(policy({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }), 'iam:ListUsers', '*', 'mfa-session').allow, 'yes');
  });
});

describe('evaluatePolicy: policy variables', () => {
  it('${aws:username} is the user name of the principal, without its path', () => {
    const p = policy({ Effect: 'Allow', Action: 'iam:GetUser', Resource: 'arn:aws:iam::*:user/${aws:username}' });
    const grace = 'arn:aws:iam::123456789012:user/engineering/grace';
    assert.equal(evaluatePolicy(p, { action: 'iam:GetUser', resource: 'arn:aws:iam::123456789012:user/grace', principalArn: grace, context: 'mfa-session' }).allow, 'yes');
    assert.equal(evaluatePolicy(p, { action: 'iam:GetUser', resource: grace, principalArn: grace, context: 'mfa-session' }).allow, 'no', 'a user with a path is not user/${aws:username}');
    assert.deepEqual(defaultResourcesFor('iam:GetUser', grace), [grace]);
  });

  it('a role has no aws:username: the element does not match, unless a default is given', () => {
    const role = 'arn:aws:iam::123456789012:role/admin';
    const p = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' });
    assert.equal(evaluatePolicy(p, { action: 's3:GetObject', resource: 'arn:aws:s3:::home/admin/x', principalArn: role, context: 'mfa-session' }).allow, 'no');
    const q = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: "arn:aws:s3:::home/${aws:username, 'shared'}/*" });
    assert.equal(evaluatePolicy(q, { action: 's3:GetObject', resource: 'arn:aws:s3:::home/shared/x', principalArn: role, context: 'mfa-session' }).allow, 'yes');
  });

  it('${aws:userid} and ${aws:PrincipalTag/…} are unknown unless given; ${*} ${?} ${$} are literal', () => {
    const p = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: ['arn:aws:s3:::b/${aws:userid}/*', 'arn:aws:s3:::t/${aws:PrincipalTag/team}/*'] });
    const unknown = evaluate(p, 's3:GetObject', 'arn:aws:s3:::b/AIDAEXAMPLE/x', 'mfa-session');
    assert.equal(unknown.allow, 'depends');
    assert.deepEqual(unknown.dependsOnKeys, ['aws:userid']);
    assert.equal(evaluate(p, 's3:GetObject', 'arn:aws:s3:::t/eng/x', 'mfa-session', { knownKeys: { 'aws:principaltag/team': ['eng'] } }).allow, 'yes');
    assert.equal(evaluate(p, 's3:GetObject', 'arn:aws:s3:::t/ops/x', 'mfa-session', { knownKeys: { 'aws:principaltag/team': ['eng'] } }).allow, 'no', 'the b/ entry cannot match a t/ ARN');
    assert.equal(evaluate(p, 's3:GetObject', 'arn:aws:s3:::b/ops/x', 'mfa-session', { knownKeys: { 'aws:principaltag/team': ['eng'] } }).allow, 'depends', 'aws:userid still unknown');
    assert.equal(evaluate(p, 's3:GetObject', 'arn:aws:s3:::b/ops/x', 'mfa-session', { knownKeys: { 'aws:principaltag/team': ['eng'], 'aws:userid': ['AIDA1'] } }).allow, 'no');
    const literal = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/a${*}b${?}${$}' });
    assert.equal(evaluate(literal, 's3:GetObject', 'arn:aws:s3:::b/a*b?$', 'mfa-session').allow, 'yes');
    assert.equal(evaluate(literal, 's3:GetObject', 'arn:aws:s3:::b/axxbz$', 'mfa-session').allow, 'no', 'escapes are not wildcards');
  });

  it('in a Version 2008-10-17 policy ${aws:username} is literal text', () => {
    const p = parseDocument(JSON.stringify({ Version: '2008-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: 'arn:aws:iam::*:user/${aws:username}' }] })).policies[0];
    assert.equal(evaluate(p, 'iam:GetUser', ALICE_USER, 'mfa-session').allow, 'no');
    assert.equal(evaluate(p, 'iam:GetUser', 'arn:aws:iam::123456789012:user/${aws:username}', 'mfa-session').allow, 'yes');
  });
});

describe('evaluatePolicy: contexts and operators', () => {
  const deny = (condition: object) => policy({ Effect: 'Deny', Action: '*', Resource: '*', Condition: condition });
  const cells = (p: ReturnType<typeof policy>, extra: Partial<EvalRequest> = {}) =>
    (['access-key', 'no-mfa-session', 'mfa-session', 'mfa-stale'] as ContextId[]).map((c) => evaluate(p, 's3:GetObject', 'arn:aws:s3:::b/k', c, extra).explicitDeny).join(' ');

  it('BoolIfExists / Bool / Null in the four contexts', () => {
    assert.equal(cells(deny({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } })), 'yes yes no no');
    assert.equal(cells(deny({ Bool: { 'aws:MultiFactorAuthPresent': 'false' } })), 'no yes no no');
    assert.equal(cells(deny({ Null: { 'aws:MultiFactorAuthAge': 'true' } })), 'yes yes no no');
  });

  it('the stale context is maxMfaAge + 1 seconds old', () => {
    const p = deny({ NumericGreaterThanIfExists: { 'aws:MultiFactorAuthAge': '3600' } });
    assert.equal(cells(p), 'yes yes no yes');
    assert.equal(cells(p, { maxMfaAge: 7200 }), 'yes yes no yes');
    assert.equal(cells(deny({ NumericGreaterThanIfExists: { 'aws:MultiFactorAuthAge': '7200' } }), { maxMfaAge: 3600 }), 'yes yes no no');
  });

  it('ForAnyValue on an absent key is false; with IfExists the documentation is open, so it depends', () => {
    assert.equal(cells(deny({ 'ForAnyValue:StringEquals': { 'aws:MultiFactorAuthPresent': 'false' } })), 'no yes no no');
    const open = deny({ 'ForAnyValue:StringEqualsIfExists': { 'aws:MultiFactorAuthPresent': 'false' } });
    assert.equal(cells(open), 'depends yes no no');
    assert.deepEqual(evaluate(open, 's3:GetObject', '*', 'access-key').dependsOnKeys, ['aws:multifactorauthpresent']);
    assert.equal(cells(deny({ 'ForAllValues:StringEquals': { 'aws:MultiFactorAuthPresent': 'false' } })), 'yes yes no no', 'ForAllValues holds on an absent key');
  });

  it('other keys are unknown unless given; absentKeys makes them absent', () => {
    const p = deny({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' }, Bool: { 'aws:ViaAWSService': 'false' } });
    assert.equal(cells(p), 'depends depends no no');
    assert.deepEqual(evaluate(p, 's3:GetObject', '*', 'access-key').dependsOnKeys, ['aws:viaawsservice']);
    assert.equal(cells(p, { knownKeys: { 'aws:viaawsservice': ['false'] } }), 'yes yes no no');
    assert.equal(cells(p, { knownKeys: { 'aws:viaawsservice': ['true'] } }), 'no no no no');
    assert.equal(cells(p, { absentKeys: ['aws:ViaAWSService'] }), 'no no no no');
    const ip = deny({ NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } });
    assert.equal(cells(ip, { knownKeys: { 'aws:sourceip': ['10.1.2.3'] } }), 'no no no no');
    assert.equal(cells(ip, { knownKeys: { 'aws:sourceip': ['192.0.2.1'] } }), 'yes yes yes yes');
  });

  it('the deciding statements are named, certain ones first, with the answer per effect', () => {
    const p = policy(
      { Sid: 'Maybe', Effect: 'Deny', Action: 'iam:*', Resource: '*', Condition: { Bool: { 'aws:ViaAWSService': 'false' } } },
      { Sid: 'Sure', Effect: 'Deny', NotAction: 'iam:ListMFADevices', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
      { Sid: 'All', Effect: 'Allow', Action: '*', Resource: '*' },
    );
    const r = evaluate(p, 'IAM:deactivatemfadevice', ALICE_USER, 'access-key');
    assert.equal(r.explicitDeny, 'yes');
    assert.deepEqual(r.denyingStatements.map((s) => s.sid), ['Sure', 'Maybe']);
    assert.deepEqual(r.allowingStatements.map((s) => s.sid), ['All']);
    assert.equal(evaluate(p, 'iam:ListMFADevices', ALICE_USER, 'access-key').explicitDeny, 'depends');
    assert.equal(evaluate(p, 'iam:ListMFADevices', ALICE_USER, 'mfa-session').explicitDeny, 'depends');
    assert.equal(evaluate(p, 's3:GetObject', '*', 'mfa-session').explicitDeny, 'no');
  });
});
