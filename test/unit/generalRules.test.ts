import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, policyText } from '../testUtil';

const stmt = (extra: object) => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', ...extra });

describe('general policy checks (RULES.md §4)', () => {
  it('IAM003: missing Version is a warning, an error when policy variables are used; 2008-10-17 too', () => {
    const plain = JSON.stringify({ Statement: [stmt({})] });
    assert.equal(findingsOf('IAM003', plain)[0].severity, 'warning');
    const withVariable = JSON.stringify({ Statement: [stmt({ Resource: 'arn:aws:iam::*:user/${aws:username}' })] });
    assert.equal(findingsOf('IAM003', withVariable)[0].severity, 'error');
    const old = JSON.stringify({ Version: '2008-10-17', Statement: [stmt({})] });
    assert.equal(findingsOf('IAM003', old)[0].text, '"2008-10-17"');
    assert.equal(findingsOf('IAM003', policyText(stmt({}))).length, 0);
  });

  it('IAM004: Effect must be Allow or Deny, with a suggestion', () => {
    const [f] = findingsOf('IAM004', policyText(stmt({ Effect: 'allow' })));
    assert.equal(f.text, '"allow"');
    assert.equal(f.data?.suggestion, 'Allow');
  });

  it('IAM005: Action with NotAction', () => {
    assert.equal(findingsOf('IAM005', policyText(stmt({ NotAction: 'iam:*' })))[0].text, '"NotAction"');
  });

  it('IAM006/IAM007: unknown service and action, with did-you-mean', () => {
    const text = policyText(stmt({ Action: ['s3:GetObjekt', 'ec22:RunInstances', 'iam:Deactivate*', 'iam:Nothing*', 'GetObject'] }));
    const unknownAction = findingsOf('IAM007', text);
    assert.deepEqual(unknownAction.map((f) => f.text), ['"s3:GetObjekt"', '"iam:Nothing*"']);
    assert.equal(unknownAction[0].data?.suggestion, 's3:GetObject');
    const unknownService = findingsOf('IAM006', text);
    assert.deepEqual(unknownService.map((f) => f.text), ['"ec22:RunInstances"', '"GetObject"']);
    assert.equal(unknownService[0].data?.suggestion, 'ec2:RunInstances');
  });

  it('IAM008: unknown condition operator, with suggestion, keeping the qualifier', () => {
    const [f] = findingsOf('IAM008', policyText(stmt({ Condition: { 'ForAnyValue:StringEqual': { 'aws:TagKeys': 'a' } } })));
    assert.equal(f.data?.suggestion, 'ForAnyValue:StringEquals');
  });

  it('IAM009: Bool on a string key, and a non-boolean value for Bool', () => {
    assert.equal(findingsOf('IAM009', policyText(stmt({ Condition: { Bool: { 'aws:SourceVpc': 'true' } } }))).length, 1);
    assert.equal(findingsOf('IAM009', policyText(stmt({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'yes' } } })))[0].text, '"yes"');
    assert.equal(findingsOf('IAM009', policyText(stmt({ Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '1h' } } })))[0].text, '"1h"');
    assert.equal(findingsOf('IAM009', policyText(stmt({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } }))).length, 0);
  });

  it('IAM010: empty arrays', () => {
    assert.equal(findingsOf('IAM010', policyText(stmt({ Action: [] })))[0].text, '[]');
  });

  it('IAM011: duplicate Sid points at the first use', () => {
    const [f] = findingsOf('IAM011', policyText(stmt({ Sid: 'A' }), stmt({ Sid: 'A' })));
    assert.equal(f.related?.length, 1);
    assert.ok(f.related![0].range.start < f.range.start);
  });

  it('IAM012: unknown aws: key with suggestion; service keys are not checked', () => {
    const [f] = findingsOf('IAM012', policyText(stmt({ Condition: { StringEquals: { 'aws:SourceAcount': '111122223333' } } })));
    assert.equal(f.data?.suggestion, 'aws:SourceAccount');
    assert.equal(findingsOf('IAM012', policyText(stmt({ Condition: { StringEquals: { 's3:prefix': 'x' } } }))).length, 0);
  });

  it('IAM013: missing Effect or Action, and unknown elements', () => {
    const found = findingsOf('IAM013', policyText({ Actions: 's3:GetObject', Resource: '*' }));
    assert.equal(found.length, 3);
    assert.equal(found.find((f) => f.data?.element === 'Actions')?.data?.suggestion, 'Action');
  });

  it('severity settings: off removes a rule, a severity replaces the default', () => {
    const text = policyText(stmt({ Effect: 'allow' }));
    assert.equal(findingsOf('IAM004', text, { rules: { IAM004: 'off' } }).length, 0);
    assert.equal(findingsOf('IAM004', text, { rules: { IAM004: 'hint' } })[0].severity, 'hint');
  });
});
