// Real policies nobody here wrote: no MFA finding on any AWS managed policy.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lint } from '../../server/src/core/lint';
import { CORPUS_DIR } from '../testUtil';

const managed = path.join(CORPUS_DIR, 'aws-managed');

describe('AWS managed policies (test/data/corpus/aws-managed)', () => {
  it('all 1,645 are linted in one run with zero MFA findings', () => {
    const files = fs.readdirSync(managed).filter((f) => f.endsWith('.json'));
    assert.equal(files.length, 1645);
    const mfaFindings: string[] = [];
    let policies = 0;
    for (const file of files) {
      const result = lint(fs.readFileSync(path.join(managed, file), 'utf8'));
      policies += result.parsed.policies.length;
      for (const f of result.findings) if (f.rule.startsWith('MFA') || f.rule === 'IAM000' || f.rule === 'IAM001') mfaFindings.push(`${file}: ${f.rule} ${f.message}`);
    }
    assert.equal(policies, 1645, 'every file holds one policy');
    assert.deepEqual(mfaFindings, []);
  });
});

describe('community policies about MFA (test/data/corpus/community)', () => {
  it('the S3 example AWS fixed in 2020: the 2019 text is an MFA003 bypass, the 2020 text is clean', () => {
    const dir = path.join(CORPUS_DIR, 'community', 'awsdocs-iam-user-guide-mfa-history');
    const pick = (date: string) => fs.readdirSync(dir).find((f) => f.startsWith('reference_policies_examples_s3_full-access-except-production__' + date))!;
    const rulesOf = (file: string) => lint(fs.readFileSync(path.join(dir, file), 'utf8')).findings.map((f) => f.rule);
    assert.ok(rulesOf(pick('2019-07-12')).includes('MFA003'));
    assert.ok(!rulesOf(pick('2020-01-10')).includes('MFA003'));
  });
});
