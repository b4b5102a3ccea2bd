// The shortcuts the rules take to ask "does this statement apply to action X?" must give what the
// full action sets say: appliesOn against onResources, statementIncludesAction against the
// expanded set, patternIncludes against expandActionPattern — on patterns built to trip them
// (case, wildcards in the service part, white space, a Kelvin sign that lower-cases to "k").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { expandActionPattern, matchesAnyAction, patternIncludes } from '../../server/src/core/analysis/actionSet';
import { analyzePolicy, statementIncludesAction } from '../../server/src/core/analysis/policyAnalysis';
import { parseDocument } from '../../server/src/core/parse/parseDocument';

const KEYS = ['iam:createvirtualmfadevice', 'iam:enablemfadevice', 'iam:listmfadevices', 'iam:getuser', 'iam:nosuchaction', 'kms:decrypt', 's3:getobject', 'ia:x', 'iamx:getuser'];

const service = fc.constantFrom('iam', 'IAM', 'Iam', 'i*', 'i?m', '*', 'ia', 'iamx', 's3', '\u212Ams', 'kms', ' iam', 'iam ', '', 'i\u0130m');
const name = fc.constantFrom('CreateVirtualMFADevice', 'createvirtualmfadevice', 'Create*', '*MFA*', '*', 'Enable?FADevice', '', 'GetUser', 'NoSuchAction', 'Decrypt', 'GetObject', 'List*');
const pattern = fc.oneof(
  fc.tuple(service, fc.constantFrom(':', '::', ''), name).map(([s, sep, n]) => `${s}${sep}${n}`),
  fc.constantFrom('*', '*:*', ' * ', 'iam', ''),
);

function statements(patterns: readonly string[], notAction: boolean, resource: string) {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', [notAction ? 'NotAction' : 'Action']: patterns, Resource: resource }] });
  const [policy] = parseDocument(text).policies;
  // Two analyses: one answers from the shortcut, the other from the built sets.
  return [analyzePolicy(policy, 0).statements[0], analyzePolicy(policy, 0).statements[0]];
}

describe('action questions without building action sets', () => {
  it('patternIncludes and matchesAnyAction agree with expandActionPattern', () => {
    fc.assert(
      fc.property(pattern, (p) => {
        const expanded = expandActionPattern(p);
        for (const key of KEYS) assert.equal(patternIncludes(p, key), expanded.has(key), `${JSON.stringify(p)} ${key}`);
        assert.equal(matchesAnyAction(p), !expanded.isEmpty, JSON.stringify(p));
      }),
      { numRuns: 500, seed: 18 },
    );
  });

  it('appliesOn and statementIncludesAction agree with onResources and the expanded actions', () => {
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 4 }), fc.boolean(), fc.constantFrom('*', 'arn:aws:iam::*:user/${aws:username}', 'arn:aws:iam::*:mfa/*'), (patterns, notAction, resource) => {
        const [quick, full] = statements(patterns, notAction, resource);
        for (const owner of ['self', 'others'] as const) {
          for (const key of KEYS) {
            assert.equal(quick.appliesOn(owner, key), full.onResources(owner).has(key), `${JSON.stringify(patterns)} ${notAction} ${owner} ${key}`);
            assert.equal(statementIncludesAction(quick, key), full.actions.has(key), `${JSON.stringify(patterns)} ${notAction} ${key}`);
          }
        }
      }),
      { numRuns: 400, seed: 18 },
    );
  });

  it('mayApplyToService is false only for a statement that applies to none of the service\'s actions', () => {
    let ruledOut = 0;
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 4 }), fc.boolean(), (patterns, notAction) => {
        const [quick, full] = statements(patterns, notAction, '*');
        for (const prefix of ['iam', 'IAM', 'kms', 's3', 'ia']) {
          if (quick.mayApplyToService(prefix)) continue;
          ruledOut++;
          assert.equal(full.actions.inService(prefix.toLowerCase()).length, 0, `${JSON.stringify(patterns)} ${notAction} ${prefix}`);
          for (const key of KEYS) if (key.startsWith(`${prefix.toLowerCase()}:`)) assert.equal(quick.appliesOn('self', key), false, `${JSON.stringify(patterns)} ${key}`);
        }
      }),
      { numRuns: 400, seed: 18 },
    );
    // The shortcut must also be taken, or it saves nothing.
    assert.ok(ruledOut > 20, `ruled out ${ruledOut} times`);
  });
});
