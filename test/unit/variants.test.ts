// Every published variant in test/data/variants: the flaws INDEX.md lists for it are
// reported, and the current AWS policies get no error and no warning.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lint } from '../../server/src/core/lint';
import { VARIANTS_DIR } from '../testUtil';

/** INDEX.md's flaw codes that this product reports, and the rule that reports each. */
const RULE_FOR_FLAW: Record<string, string> = { A: 'MFA001', B: 'MFA002', C: 'MFA003', 'F′': 'MFA014', H: 'IAM001', I: 'MFA008', K: 'MFA004', L: 'MFA015' };

/** Variants INDEX.md describes in prose rather than in a table row (its Trek10 note). */
const PROSE_ROWS: Record<string, string[]> = {
  // "Flaws: original A, B, E; improved B (DeactivateMFADevice exempt), H" — both .txt are
  // "as published, including the invalid "Null": [ … ]", so both carry H.
  'trek10-force-mfa-2017-original': ['A', 'B', 'E', 'H'],
  'trek10-force-mfa-2017-improved': ['B', 'H'],
};

/** The AWS policies that are current today: no error, no warning. */
const CURRENT_AWS = [
  'aws-docs-self-manage-credentials-2022-11.json',
  'aws-docs-self-manage-mfa-only-2022-11.json',
  'aws-docs-iam-mfa-selfmanage-current-2025.json',
  'aws-docs-role-trust-require-mfa-2020.json',
  'aws-docs-cross-account-role-trust-require-mfa.json',
  'aws-docs-scp-require-mfa-ec2-stop-terminate.json',
  'aws-docs-ec2-require-mfa-stop-terminate-2019.json',
  'aws-docs-api-require-mfa-ec2-stop-terminate-allow.json',
  'aws-docs-mfa-sample-ec2-deny-no-mfa-or-old-mfa-2017.json',
  'aws-docs-s3-production-bucket-recent-mfa-2020.json',
  'aws-docs-cross-account-s3-bucket-policy-require-mfa.json',
  'aws-docs-s3-bucket-policy-require-mfa-and-age-2021.corrected.json',
  'aws-docs-allow-remove-mfa-only-if-recent-mfa-2022-12.json',
];

interface Row {
  ids: string[];
  flaws: string[];
}

/** Reads every table row of INDEX.md that has a "flaws" column. */
export function readIndex(markdown: string): Row[] {
  const rows: Row[] = [];
  let flawColumn = -1;
  let previous: string[] = [];
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) {
      flawColumn = -1;
      continue;
    }
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (cells[0] === 'id') {
      flawColumn = cells.indexOf('flaws');
      continue;
    }
    if (flawColumn < 0 || /^-+$/.test(cells[0]) || cells[0].startsWith('(no file)')) continue;
    const cell = cells[flawColumn];
    // "as above" / "same" repeat the row before.
    const flaws = /^(as above|same)\b/.test(cell) ? previous : [...cell.matchAll(/(?:^|[\s,;*(=])([A-L]′?)(?=$|[\s,;*)])/g)].map((m) => m[1]);
    previous = flaws;
    rows.push({ ids: idsOf(cells[0]), flaws });
  }
  return rows;
}

/** "x-8HourSession-Strict / -12HourSession-Strict" names two files; "(.txt + .corrected.json)" is a note. */
function idsOf(cell: string): string[] {
  const [first, ...more] = cell.replace(/\(.*?\)/g, '').split(' / ').map((s) => s.trim().replace(/\.(txt|json)$/, ''));
  const ids = [first];
  for (const short of more) {
    if (short.startsWith('…')) continue; // "…-recommended-…-fragment.txt": the row's flaw is the first file's (handled below)
    const segments = short.replace(/^-/, '').split('-').length;
    ids.push(first.split('-').slice(0, -segments).join('-') + short);
  }
  return ids;
}

function expectedRules(file: string, flaws: string[]): string[] {
  const corrected = file.endsWith('.corrected.json');
  return [...new Set(flaws.filter((f) => RULE_FOR_FLAW[f] && !(corrected && f === 'H')).map((f) => RULE_FOR_FLAW[f]))].sort();
}

const index = readIndex(fs.readFileSync(path.join(VARIANTS_DIR, 'INDEX.md'), 'utf8'));
const files = fs.readdirSync(VARIANTS_DIR).filter((f) => f !== 'INDEX.md').sort();

function flawsFor(file: string): string[] | undefined {
  const stem = file.replace(/\.(corrected\.json|rendered\.json|json|txt)$/, '');
  if (PROSE_ROWS[stem]) return PROSE_ROWS[stem];
  return index.find((row) => row.ids.includes(stem))?.flaws;
}

describe('published variants (test/data/variants)', () => {
  it('INDEX.md is read: every variant file has a row', () => {
    assert.ok(index.length > 40, `read ${index.length} rows`);
    const missing = files.filter((f) => !flawsFor(f) && !f.startsWith('aws-docs-condition-keys-'));
    assert.deepEqual(missing, []);
  });

  for (const file of files) {
    const flaws = flawsFor(file) ?? [];
    const expected = expectedRules(file, flaws);
    it(`${file}: reports ${expected.join(', ') || 'no mapped flaw'}`, () => {
      const text = fs.readFileSync(path.join(VARIANTS_DIR, file), 'utf8');
      const result = lint(text);
      const reported = new Set(result.findings.map((f) => f.rule));
      for (const rule of expected) assert.ok(reported.has(rule), `${rule} expected for flaws ${flaws.join(', ')}; got ${[...reported].join(', ')}`);
      assert.ok(result.parsed.policies.length > 0, 'the policy is found despite any syntax error');
      // An error-level MFA finding must be one INDEX.md agrees is a flaw of this variant.
      const unexpected = result.findings.filter((f) => f.rule.startsWith('MFA') && f.severity === 'error' && !expected.includes(f.rule));
      assert.deepEqual(unexpected.map((f) => `${f.rule}: ${f.message}`), []);
    });
  }

  it('the "NOT RECOMMENDED" condition-key fragment (flaw C) gets MFA003; the recommended one does not', () => {
    const bad = lint(fs.readFileSync(path.join(VARIANTS_DIR, 'aws-docs-condition-keys-not-recommended-deny-bool-false-fragment.txt'), 'utf8'));
    const good = lint(fs.readFileSync(path.join(VARIANTS_DIR, 'aws-docs-condition-keys-recommended-deny-boolifexists-fragment.txt'), 'utf8'));
    assert.ok(bad.findings.some((f) => f.rule === 'MFA003'));
    assert.ok(!good.findings.some((f) => f.rule === 'MFA003'));
  });

  for (const file of CURRENT_AWS) {
    it(`${file} (current AWS text) gets no error and no warning`, () => {
      const result = lint(fs.readFileSync(path.join(VARIANTS_DIR, file), 'utf8'));
      const loud = result.findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
      assert.deepEqual(loud.map((f) => `${f.rule}: ${f.message}`), []);
    });
  }
});
