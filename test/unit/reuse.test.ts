// Linting a new version with the previous result gives exactly what a fresh lint gives.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { lint } from '../../server/src/core/lint';
import { VARIANTS_DIR } from '../testUtil';

const variants = fs.readdirSync(VARIANTS_DIR).filter((f) => f.endsWith('.json')).map((f) => fs.readFileSync(`${VARIANTS_DIR}/${f}`, 'utf8'));
const template = (policies: string[]) =>
  JSON.stringify({ Resources: Object.fromEntries(policies.map((p, i) => [`P${i}`, { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: JSON.parse(p) } }])) }, null, 2);
const strip = (r: ReturnType<typeof lint>) => ({ findings: r.findings, suppressed: r.suppressed });

describe('re-using the previous result for unchanged policies', () => {
  it('an edit in one policy of a template: identical findings to a fresh lint, in every position', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(variants.length - 1), { minLength: 2, maxLength: 8 }), fc.nat(), fc.constantFrom('"Bool"', '"iam:GetUser"', '"Deny"', ''), (picks, which, replacement) => {
        const before = template(picks.map((i) => variants[i]));
        // Change one string literal somewhere in the template (a keystroke's worth).
        const strings = [...before.matchAll(/"(BoolIfExists|iam:\*|Allow|sts:GetSessionToken)"/g)];
        if (strings.length === 0) return;
        const m = strings[which % strings.length];
        const after = before.slice(0, m.index) + replacement + before.slice(m.index! + m[0].length);
        const previous = lint(before);
        assert.deepEqual(strip(lint(after, {}, previous)), strip(lint(after)));
      }),
      { seed: 4242, numRuns: 60 },
    );
  });

  it('does not re-use a result made under other options', () => {
    const text = variants[0];
    const previous = lint(text, { rules: { MFA009: 'off' } });
    assert.deepEqual(strip(lint(text, {}, previous)), strip(lint(text)));
  });

  it('re-uses the findings of policies that moved (text inserted before them)', () => {
    const flawed = ['aws-docs-notaction-deny-all-users-not-using-mfa-2018-09.json', 'trek10-force-mfa-2017-original.corrected.json'].map((f) => fs.readFileSync(`${VARIANTS_DIR}/${f}`, 'utf8'));
    const before = template(flawed);
    const after = before.replace('"Resources": {', '"Description": "moved down",\n  "Resources": {');
    const fresh = lint(after);
    const reused = lint(after, {}, lint(before));
    assert.deepEqual(strip(reused), strip(fresh));
    assert.ok(fresh.findings.length > 0);
  });
});
