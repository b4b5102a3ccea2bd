// The explanation texts the hover and code lens show (server/src/core/explain), in-process.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandActionPattern } from '../../server/src/core/analysis/actionSet';
import { getCatalog } from '../../server/src/core/catalog/catalog';
import { describeActionEntry, mfaClassOf } from '../../server/src/core/explain/actionText';
import { describeConditionKey } from '../../server/src/core/explain/conditionKeys';
import { describeOperator } from '../../server/src/core/explain/operatorText';
import { explainStatement } from '../../server/src/core/explain/statementText';
import { reachableList, summarizePolicy } from '../../server/src/core/explain/summary';
import { formatCount } from '../../server/src/core/explain/text';
import { lint } from '../../server/src/core/lint';
import { mfaDeny, policyText, readVariant } from '../testUtil';

const analysisOf = (text: string) => lint(text).analyses[0];

describe('policy summary', () => {
  it('reads "7 actions reachable (self-service only)" for the AWS self-management policy', () => {
    assert.equal(summarizePolicy(analysisOf(readVariant('aws-docs-self-manage-credentials-2022-11.json'))).text, 'Without MFA — access key: 7 actions reachable (self-service only) · session: same');
  });

  it('counts IAM actions, says how many change permissions or credentials, and names the most alarming for NotAction "iam:*"', () => {
    const n = formatCount(expandActionPattern('iam:*').count());
    const text = readVariant('aws-docs-notaction-deny-all-users-not-using-mfa-2018-09.json');
    // the same count the MFA001 message gives ("iam:DetachUserPolicy and N-1 other IAM actions that change permissions or credentials")
    const writes = lint(text).findings.find((f) => f.rule === 'MFA001')?.data?.exemptedIamWriteCount as number;
    assert.ok(writes > 50);
    assert.equal(summarizePolicy(analysisOf(text)).text, `Without MFA — access key: ${n} IAM actions reachable (${formatCount(writes)} change permissions or credentials), including iam:DetachUserPolicy · session: same`);
  });

  it('tells access keys from sessions when Bool "false" misses access keys', () => {
    const text = policyText(mfaDeny('iam:GetUser', 'Bool'));
    const all = formatCount(getCatalog().actionCount);
    assert.equal(summarizePolicy(analysisOf(text)).text, `Without MFA — access key: all ${all} actions reachable (this policy denies nothing here) · session: 1 IAM action reachable (self-service only)`);
  });

  it('says what an Allow-only policy grants without MFA', () => {
    const gated = policyText({ Effect: 'Allow', Action: ['ec2:StopInstances'], Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } });
    assert.equal(summarizePolicy(analysisOf(gated)).text, 'Without MFA — access key: this policy allows nothing · session: same');
    const leaky = policyText({ Effect: 'Allow', Action: ['iam:DeactivateMFADevice'], Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } } });
    assert.equal(summarizePolicy(analysisOf(leaky)).text, 'Without MFA — access key: 1 IAM action allowed, including iam:DeactivateMFADevice · session: this policy allows nothing');
  });

  it('lists at most the limit, IAM first, and says when it cut', () => {
    const analysis = analysisOf(policyText(mfaDeny([], 'BoolIfExists', { NotAction: undefined, Action: 'iam:DeleteUser' })));
    const list = reachableList(analysis, 'access-key', 50);
    assert.equal(list.truncated, true);
    assert.equal(list.actions.length, 50);
    assert.ok(list.actions.every((a) => a.startsWith('iam:')));
    assert.ok(!list.actions.includes('iam:DeleteUser'));
  });
});

describe('statement sentences', () => {
  it('explain the iSEC pair: Null "true" denies every no-MFA context, NumericGreaterThan only stale MFA', () => {
    const [nullDeny, ageDeny] = analysisOf(readVariant('isec-aws-recipes-EnforceMFA-8HourSession-2015-04.json')).statements.map((s) => explainStatement(s));
    assert.equal(nullDeny.summary, 'Denies every action, on any resource, whenever the request was not MFA-authenticated — including long-term access keys.');
    assert.equal(nullDeny.contexts[0].sentence, 'Denies every action, on any resource — `aws:MultiFactorAuthAge` is absent, so `Null` "true" matches.');
    assert.equal(ageDeny.contexts.length, 4, 'the stale MFA session is shown where it differs');
    assert.equal(ageDeny.contexts[0].sentence, 'Does not apply — `aws:MultiFactorAuthAge` is absent, and `NumericGreaterThan` does not match a missing key.');
    assert.equal(ageDeny.contexts[3].applies, 'yes');
  });

  it('name the other key a deny depends on', () => {
    const [stmt] = analysisOf(policyText(mfaDeny(['iam:GetUser'], 'BoolIfExists', { Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }))).statements;
    const e = explainStatement(stmt);
    assert.equal(e.contexts[0].applies, 'depends');
    assert.match(e.contexts[0].sentence, /only when `aws:SourceIp` matches the condition/);
  });
});

describe('operators, keys and actions', () => {
  it('say what an operator does with an absent key', () => {
    const absent = (op: string) => describeOperator(op).matchesAbsent;
    assert.equal(absent('Bool'), false);
    assert.equal(absent('BoolIfExists'), true);
    assert.equal(absent('NumericGreaterThanIfExists'), true);
    assert.equal(absent('StringNotEquals'), true);
    assert.equal(absent('ForAllValues:StringEquals'), true);
    assert.equal(absent('ForAnyValue:StringEquals'), false);
    assert.equal(absent('Null'), undefined);
    assert.equal(describeOperator('NullIfExists').known, false);
  });

  it('describe every global key the catalog knows', () => {
    for (const key of getCatalog().globalKeys) assert.notEqual(describeConditionKey(key.name).description, 'A global condition key.', key.name);
    assert.match(describeConditionKey('aws:MFAPresent').description, /misspelling of `aws:MultiFactorAuthPresent`/);
    assert.match(describeConditionKey('iam:PassedToService').description, /\S/);
  });

  it('place actions in the MFA sets and count wildcards', () => {
    assert.equal(mfaClassOf('iam:EnableMFADevice'), 'self-service');
    assert.equal(mfaClassOf('iam:DeactivateMFADevice'), 'never-without-mfa');
    assert.equal(mfaClassOf('sts:GetSessionToken'), 'ungoverned');
    assert.equal(mfaClassOf('iam:ListAccountAliases'), 'low-risk-read');
    const wildcard = describeActionEntry('iam:*MFA*');
    assert.equal(wildcard.kind, 'wildcard');
    assert.equal(wildcard.count, expandActionPattern('iam:*MFA*').count());
    assert.ok(wildcard.examples.includes('iam:DeactivateMFADevice'));
    const literal = describeActionEntry('iam:CreateUser');
    assert.equal(literal.kind, 'action');
    assert.equal(literal.action?.accessLevel, 'Write');
    assert.match(literal.details?.description ?? '', /create a new IAM user/i);
    assert.equal(describeActionEntry('iam:NoSuchAction').kind, 'unknown');
    assert.equal(describeActionEntry('nonsense').kind, 'malformed');
  });
});
