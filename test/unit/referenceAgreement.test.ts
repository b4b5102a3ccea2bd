// Seeded property test: generated force-MFA-shaped policies, evaluated by the core and by the
// reference evaluator in test/reference (written from the IAM documentation, sharing no code
// with the core), must agree on every (request, context) cell.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { evaluatePolicy } from '../../server/src/core/analysis/evaluate';
import { parseDocument } from '../../server/src/core/parse/parseDocument';
import { Context, referenceEvaluate, ReferenceRequest } from '../reference/iamReference';

const CONTEXTS: Context[] = ['access-key', 'no-mfa-session', 'mfa-session', 'mfa-stale'];
const ACCOUNT = '123456789012';

/** Requests with the ARN of the resource type each action is authorised against, spelled out. */
const REQUESTS: [string, string][] = [
  ['iam:DeactivateMFADevice', `arn:aws:iam::${ACCOUNT}:user/alice`], // user
  ['iam:DeactivateMFADevice', `arn:aws:iam::${ACCOUNT}:user/bob`], // user (someone else)
  ['iam:EnableMFADevice', `arn:aws:iam::${ACCOUNT}:user/alice`], // user
  ['iam:CreateVirtualMFADevice', `arn:aws:iam::${ACCOUNT}:mfa/alice`], // mfa
  ['iam:CreateVirtualMFADevice', `arn:aws:iam::${ACCOUNT}:mfa/my-phone`], // mfa, free-form name
  ['iam:DeleteVirtualMFADevice', `arn:aws:iam::${ACCOUNT}:mfa/alice`], // mfa
  ['iam:ListMFADevices', `arn:aws:iam::${ACCOUNT}:user/alice`], // user
  ['iam:CreateAccessKey', `arn:aws:iam::${ACCOUNT}:user/alice`], // user
  ['iam:DetachUserPolicy', `arn:aws:iam::${ACCOUNT}:user/alice`], // user
  ['iam:ChangePassword', `arn:aws:iam::${ACCOUNT}:user/alice`], // user
  ['iam:ListUsers', '*'], // no resource type
  ['sts:GetCallerIdentity', '*'], // no resource type
  ['s3:GetObject', 'arn:aws:s3:::bucket/alice/report.csv'], // object
];

const ACTION_PATTERNS = [
  'iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices', 'iam:ResyncMFADevice', 'iam:GetUser',
  'iam:ChangePassword', 'iam:DeactivateMFADevice', 'iam:*MFA*', 'iam:*', 'iam:List*', 'sts:GetSessionToken', '*', 's3:*', 'iam:Create*', 'IAM:listusers',
];
const RESOURCES = [
  '*', 'arn:aws:iam::*:user/${aws:username}', 'arn:aws:iam::*:mfa/${aws:username}', 'arn:aws:iam::*:mfa/*', 'arn:aws:iam::*:user/*',
  `arn:aws:iam::${ACCOUNT}:user/alice`, 'arn:aws:iam::*:user/${aws:userid}', 'arn:aws:s3:::bucket/${aws:username}/*', 'arn:aws:s3:::*',
  "arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'alice'}/*", 'arn:aws:iam::*:mfa/${*}', 'arn:aws:iam::*:*',
];
const MFA_CONDITIONS: object[] = [
  { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
  { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
  { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
  { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } },
  { Null: { 'aws:MultiFactorAuthAge': 'true' } },
  { Null: { 'aws:MultiFactorAuthPresent': 'true' } },
  { Null: { 'aws:MultiFactorAuthAge': 'false' } },
  { NumericGreaterThan: { 'aws:MultiFactorAuthAge': '3600' } },
  { NumericGreaterThanIfExists: { 'aws:MultiFactorAuthAge': '28800' } },
  { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } },
  { 'ForAnyValue:StringEquals': { 'aws:MultiFactorAuthPresent': ['false'] } },
  { 'ForAnyValue:StringEqualsIfExists': { 'aws:MultiFactorAuthPresent': ['false'] } },
  { 'ForAllValues:StringEquals': { 'aws:MultiFactorAuthPresent': ['true'] } },
  { StringNotEquals: { 'aws:MultiFactorAuthPresent': 'true' } },
  { StringNotEqualsIfExists: { 'aws:MultiFactorAuthPresent': ['true', 'false'] } },
  { StringLike: { 'aws:MultiFactorAuthPresent': 'f*' } },
  { 'BoolIfExists': { 'aws:MultiFactorAuthPresent': 'false' }, Bool: { 'aws:ViaAWSService': 'false' } },
  { StringEquals: { 'aws:username': '${aws:username}' } },
  { StringNotEquals: { 'aws:PrincipalTag/team': 'eng' } },
  {},
];

const statement = fc.record({
  Effect: fc.constantFrom('Allow', 'Deny'),
  actionKey: fc.constantFrom('Action', 'NotAction'),
  actions: fc.uniqueArray(fc.constantFrom(...ACTION_PATTERNS), { minLength: 1, maxLength: 4 }),
  resourceKey: fc.constantFrom('Resource', 'Resource', 'NotResource'),
  resources: fc.uniqueArray(fc.constantFrom(...RESOURCES), { minLength: 1, maxLength: 3 }),
  condition: fc.constantFrom(...MFA_CONDITIONS),
}).map((s) => ({
  Effect: s.Effect,
  [s.actionKey]: s.actions.length === 1 ? s.actions[0] : s.actions,
  [s.resourceKey]: s.resources.length === 1 ? s.resources[0] : s.resources,
  ...(Object.keys(s.condition).length ? { Condition: s.condition } : {}),
}));

const policyArb = fc.record({
  Version: fc.constantFrom('2012-10-17', '2012-10-17', '2012-10-17', '2008-10-17'),
  Statement: fc.array(statement, { minLength: 1, maxLength: 4 }),
});

const knownArb = fc.record(
  { 'aws:viaawsservice': fc.constantFrom(['true'], ['false']), 'aws:principaltag/team': fc.constantFrom(['eng'], ['ops']) },
  { requiredKeys: [] },
);

describe('core evaluator agrees with the reference evaluator (seeded)', () => {
  it('on every (request, context) cell of generated force-MFA policies', () => {
    let cells = 0;
    fc.assert(
      fc.property(policyArb, knownArb, (policy, givenKeys) => {
        const known = givenKeys as Record<string, string[]>;
        const node = parseDocument(JSON.stringify(policy)).policies[0];
        for (const [action, resource] of REQUESTS) {
          for (const context of CONTEXTS) {
            const req: ReferenceRequest = { action, resource, userName: 'alice', context, staleAge: 3601, known };
            const expected = referenceEvaluate(policy as never, req);
            const actual = evaluatePolicy(node, { action, resource, principalArn: `arn:aws:iam::${ACCOUNT}:user/alice`, context, knownKeys: known });
            cells++;
            assert.deepEqual(
              { explicitDeny: actual.explicitDeny, allow: actual.allow },
              expected,
              `${action} on ${resource} in ${context}, known ${JSON.stringify(known)}:\n${JSON.stringify(policy, null, 1)}`,
            );
          }
        }
      }),
      { seed: 20261201, numRuns: Number(process.env.REFERENCE_RUNS ?? 200) },
    );
    assert.ok(cells >= 200 * REQUESTS.length * CONTEXTS.length);
  });
});
