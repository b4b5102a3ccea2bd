// IAM011: two statements with the same Sid.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, policyText } from '../../../testUtil';

const stmt = (sid: string) => ({ Sid: sid, Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });

describe('IAM011 duplicate Sid', () => {
  it('reports the second use and points at the first', () => {
    const [f] = findingsOf('IAM011', policyText(stmt('A'), stmt('A')));
    assert.equal(f.related?.length, 1);
    assert.ok(f.related![0].range.start < f.range.start);
  });

  it('different Sids are clean', () => {
    assert.equal(findingsOf('IAM011', policyText(stmt('A'), stmt('B'))).length, 0);
  });
});
