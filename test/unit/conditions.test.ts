import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateCondition } from '../../server/src/core/analysis/conditions';
import { CONTEXTS, ContextId } from '../../server/src/core/analysis/contexts';
import { parseDocument } from '../../server/src/core/parse/parseDocument';

/** The verdict of a condition block in each context, as "access-key:holds …". */
function verdicts(condition: object): Record<string, string> {
  const text = JSON.stringify({ Effect: 'Deny', Action: '*', Resource: '*', Condition: condition });
  const node = parseDocument(text).policies[0].statements[0].condition;
  const ids: ContextId[] = ['access-key', 'no-mfa-session', 'mfa-session', 'mfa-stale'];
  return Object.fromEntries(ids.map((id) => [id, evaluateCondition(node, CONTEXTS[id]).kind]));
}

describe('three-valued condition evaluation (RULES.md §1–2)', () => {
  it('Bool false: no match for absent keys, match for sessions without MFA', () => {
    assert.deepEqual(verdicts({ Bool: { 'aws:MultiFactorAuthPresent': 'false' } }), { 'access-key': 'fails', 'no-mfa-session': 'holds', 'mfa-session': 'fails', 'mfa-stale': 'fails' });
  });

  it('BoolIfExists false: matches absent keys too', () => {
    assert.deepEqual(verdicts({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }), { 'access-key': 'holds', 'no-mfa-session': 'holds', 'mfa-session': 'fails', 'mfa-stale': 'fails' });
  });

  it('accepts a JSON boolean value', () => {
    assert.equal(verdicts({ Bool: { 'aws:MultiFactorAuthPresent': true } })['mfa-session'], 'holds');
  });

  it('Null on the age key: "true" matches whenever there was no MFA', () => {
    assert.deepEqual(verdicts({ Null: { 'aws:MultiFactorAuthAge': 'true' } }), { 'access-key': 'holds', 'no-mfa-session': 'holds', 'mfa-session': 'fails', 'mfa-stale': 'fails' });
    assert.deepEqual(verdicts({ Null: { 'aws:MultiFactorAuthPresent': 'true' } }), { 'access-key': 'holds', 'no-mfa-session': 'fails', 'mfa-session': 'fails', 'mfa-stale': 'fails' });
  });

  it('NumericGreaterThan on the age key applies only to stale MFA sessions; IfExists also to requests without MFA', () => {
    assert.deepEqual(verdicts({ NumericGreaterThan: { 'aws:MultiFactorAuthAge': '3600' } }), { 'access-key': 'fails', 'no-mfa-session': 'fails', 'mfa-session': 'fails', 'mfa-stale': 'holds' });
    assert.deepEqual(verdicts({ NumericGreaterThanIfExists: { 'aws:MultiFactorAuthAge': '3600' } }), { 'access-key': 'holds', 'no-mfa-session': 'holds', 'mfa-session': 'fails', 'mfa-stale': 'holds' });
  });

  it('negated operators match an absent key and AND their values', () => {
    assert.equal(verdicts({ StringNotEquals: { 'aws:MultiFactorAuthPresent': 'true' } })['access-key'], 'holds');
    assert.equal(verdicts({ StringNotEquals: { 'aws:MultiFactorAuthPresent': ['true', 'false'] } })['no-mfa-session'], 'fails');
  });

  it('another key makes the result "depends" unless an MFA key already fails', () => {
    const v = verdicts({ Bool: { 'aws:MultiFactorAuthPresent': 'false', 'aws:ViaAWSService': 'false' } });
    assert.equal(v['access-key'], 'fails');
    assert.equal(v['no-mfa-session'], 'depends');
  });

  it('an unknown operator makes the result "depends"', () => {
    assert.equal(verdicts({ BoolIfExist: { 'aws:MultiFactorAuthPresent': 'false' } })['access-key'], 'depends');
  });

  it('StringLike matches wildcards case-sensitively', () => {
    assert.equal(verdicts({ StringLike: { 'aws:MultiFactorAuthPresent': 't*' } })['mfa-session'], 'holds');
    assert.equal(verdicts({ StringLike: { 'aws:MultiFactorAuthPresent': 'T*' } })['mfa-session'], 'fails');
    assert.equal(verdicts({ StringLike: { 'aws:MultiFactorAuthPresent': 'f?lse' } })['no-mfa-session'], 'holds');
  });

  it('key names are case-insensitive', () => {
    assert.equal(verdicts({ BoolIfExists: { 'AWS:MULTIFACTORAUTHPRESENT': 'false' } })['no-mfa-session'], 'holds');
  });
});
