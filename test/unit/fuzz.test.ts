// Seeded fuzzing of the core (a bounded run; `npm run fuzz` runs many more cases).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { applyFix, fixesFor } from '../../server/src/core/fixes/fixEngine';
import { lint } from '../../server/src/core/lint';
import { corpus, mutatedDocument, SEED, syntaxErrorCount } from '../fuzz/mutations';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

describe(`fuzzing the core (seed ${SEED}, ${RUNS} cases)`, () => {
  const documents = corpus();

  it('never throws, never reports an internal error, and keeps every range inside the document', () => {
    fc.assert(
      fc.property(mutatedDocument(documents), (text) => {
        const result = lint(text);
        for (const f of result.findings) {
          assert.notEqual(f.rule, 'IAM000', f.message);
          assert.ok(f.range.start >= 0 && f.range.start <= f.range.end && f.range.end <= text.length, `${f.rule} range ${f.range.start}-${f.range.end} in ${text.length}`);
          for (const r of f.related ?? []) assert.ok(r.range.start >= 0 && r.range.end <= text.length);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('every offered fix yields a document that parses at least as well', () => {
    fc.assert(
      fc.property(mutatedDocument(documents), (text) => {
        const result = lint(text);
        const errors = syntaxErrorCount(text);
        for (const finding of result.findings) {
          for (const fix of fixesFor(result, finding)) {
            const fixed = applyFix(text, fix);
            assert.ok(syntaxErrorCount(fixed) <= errors, `${finding.rule}: ${fix.title}`);
            assert.doesNotThrow(() => lint(fixed));
          }
        }
      }),
      { seed: SEED + 1, numRuns: Math.ceil(RUNS / 2) },
    );
  });

  it('survives pathological inputs: 50,000-deep nesting, a 5 MB string, lone surrogates, NUL bytes', () => {
    for (const text of ['['.repeat(50_000), '{"Statement": ' + '['.repeat(50_000), JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotAction: 'x'.repeat(5_000_000) }] }), '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":"\uD800iam:*","Resource":"*"}]}', '\u0000\u0000{"Statement":[{"Effect":"Allow"}]}']) {
      const result = lint(text);
      for (const f of result.findings) assert.ok(f.range.end <= text.length);
    }
  });
});
