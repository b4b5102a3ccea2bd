// Every fix obeys the rules of issue 5: the result parses, the finding is gone, no new
// finding appears, the user's formatting survives, and fix-all is idempotent.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ParseError, parseTree } from 'jsonc-parser';
import { ActionSet } from '../../server/src/core/analysis/actionSet';
import { isNeverWithoutMfa } from '../../server/src/core/analysis/mfaSets';
import { applyFix, fixAll, fixesFor } from '../../server/src/core/fixes/fixEngine';
import type { Finding } from '../../server/src/core/findings';
import { lint } from '../../server/src/core/lint';
import { AWS_EXEMPTION, mfaDeny, policyText, readVariant, REPO_ROOT, VARIANTS_DIR } from '../testUtil';

const syntaxErrors = (text: string) => {
  const errors: ParseError[] = [];
  parseTree(text, errors, { allowTrailingComma: true });
  return errors.length;
};

const counts = (findings: readonly Finding[]) => {
  const m = new Map<string, number>();
  for (const f of findings) m.set(`${f.rule}|${f.severity}`, (m.get(`${f.rule}|${f.severity}`) ?? 0) + 1);
  return m;
};

const variantFiles = fs.readdirSync(VARIANTS_DIR).filter((f) => f !== 'INDEX.md').sort();
const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');
const fixtureFiles = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort();
const documents = [
  ...variantFiles.map((f) => ({ name: f, text: () => readVariant(f) })),
  ...fixtureFiles.map((f) => ({ name: `fixtures/${f}`, text: () => fs.readFileSync(path.join(FIXTURES, f), 'utf8') })),
];

describe('every offered fix on every published variant and fixture', () => {
  let checked = 0;
  for (const doc of documents) {
    it(doc.name, () => {
      const text = doc.text();
      const before = lint(text);
      for (const finding of before.findings) {
        for (const fix of fixesFor(before, finding)) {
          checked++;
          const fixed = applyFix(text, fix);
          const label = `${finding.rule} "${fix.title}"`;
          assert.ok(syntaxErrors(fixed) <= syntaxErrors(text), `${label}: the result parses`);
          const after = lint(fixed);
          const was = counts(before.findings);
          const now = counts(after.findings);
          const key = `${finding.rule}|${finding.severity}`;
          assert.ok((now.get(key) ?? 0) < (was.get(key) ?? 0), `${label}: the finding is gone`);
          for (const [k, n] of now) assert.ok(n <= (was.get(k) ?? 0), `${label}: no new ${k}`);
        }
      }
    });
  }
  it('offered fixes at all (the table above is not empty)', () => {
    assert.ok(checked > 50, `${checked} fixes checked`);
  });
});

describe('fix-all', () => {
  for (const doc of documents) {
    it(`${doc.name}: idempotent, and never worse`, () => {
      const text = doc.text();
      const once = fixAll(text);
      const twice = fixAll(once.text);
      assert.equal(twice.text, once.text);
      assert.equal(twice.applied.length, 0);
      const before = lint(text).findings;
      const after = lint(once.text).findings;
      assert.ok(after.length <= before.length);
      assert.ok(after.filter((f) => f.severity === 'error').length <= before.filter((f) => f.severity === 'error').length);
    });
  }

  it('leaves the published "iam:*" policies with no error and no warning', () => {
    for (const file of ['aws-docs-notaction-deny-all-users-not-using-mfa-2018-09.json', 'trek10-force-mfa-2017-original.corrected.json', 'aws-security-blog-2016-force-mfa-reconstructed.json']) {
      const after = lint(fixAll(readVariant(file)).text).findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
      assert.deepEqual(after.map((f) => `${f.rule} ${f.message}`), [], file);
    }
  });
});

describe('MFA001 fix keeps the semantic promise', () => {
  for (const file of ['aws-docs-notaction-deny-all-users-not-using-mfa-2018-09.json', 'trek10-force-mfa-2017-original.corrected.json', 'aws-docs-tutorial-force-mfa-2017-06-reconstructed.json']) {
    it(`${file}: after the fix, only actions safe without MFA are reachable without MFA`, () => {
      const text = readVariant(file);
      const before = lint(text);
      const finding = before.findings.find((f) => f.rule === 'MFA001')!;
      for (const fix of fixesFor(before, finding)) {
        const after = lint(applyFix(text, fix));
        for (const context of ['access-key', 'no-mfa-session'] as const) {
          const reachable: ActionSet = after.analyses[0].reachable(context);
          assert.equal(reachable.isComplement, false, 'a finite allowlist');
          const dangerous = reachable.list().filter(isNeverWithoutMfa);
          assert.deepEqual(dangerous, [], `${fix.title} (${context})`);
        }
        const deny = JSON.parse(applyFix(text, fix)).Statement[finding.statementIndex!];
        assert.ok(!deny.NotAction.some((a: string) => /deactivatemfadevice/i.test(a)), 'DeactivateMFADevice is not copied into the exemption');
      }
    });
  }

  it('offers the policy-derived list first and the AWS list second, with titles that say what is listed', () => {
    const allow = { Effect: 'Allow', Action: ['iam:ListMFADevices', 'iam:EnableMFADevice', 'iam:DeactivateMFADevice'], Resource: 'arn:aws:iam::*:user/${aws:username}' };
    const text = policyText(allow, mfaDeny(['iam:*', 'sts:GetSessionToken']));
    const result = lint(text);
    const fixes = fixesFor(result, result.findings.find((f) => f.rule === 'MFA001')!);
    assert.equal(fixes.length, 2);
    assert.match(fixes[0].title, /2 IAM actions this policy grants.*EnableMFADevice, ListMFADevices/);
    assert.equal(fixes[0].preferred, true);
    assert.match(fixes[1].title, /AWS-recommended/);
    const fixed = JSON.parse(applyFix(text, fixes[0]));
    assert.deepEqual(fixed.Statement[1].NotAction, ['sts:GetSessionToken', 'iam:EnableMFADevice', 'iam:ListMFADevices']);
  });
});

describe('formatting survives', () => {
  it('keeps tabs, CRLF line endings and every character outside the touched value', () => {
    const text = policyText(mfaDeny(['iam:*', 'sts:GetSessionToken'])).replace(/ {2}/g, '\t').replace(/\n/g, '\r\n');
    const result = lint(text);
    const [fix] = fixesFor(result, result.findings.find((f) => f.rule === 'MFA001')!);
    const fixed = applyFix(text, fix);
    assert.ok(!/[^\r]\n/.test(fixed), 'CRLF only');
    assert.ok(!/\n {2}/.test(fixed), 'tabs, not spaces');
    const notAction = result.analyses[0].statements[0].node.notAction!;
    assert.equal(fixed.slice(0, notAction.range.start), text.slice(0, notAction.range.start));
    const tail = text.slice(notAction.range.end);
    assert.ok(fixed.endsWith(tail));
  });

  it('renames only the operator for MFA003 and MFA004', () => {
    const text = policyText(mfaDeny(AWS_EXEMPTION, 'Bool'));
    const result = lint(text);
    const [fix] = fixesFor(result, result.findings.find((f) => f.rule === 'MFA003')!);
    assert.equal(applyFix(text, fix), text.replace('"Bool"', '"BoolIfExists"'));
  });

  it('moves the MFA key into its own block when another key shares it', () => {
    const deny = mfaDeny(AWS_EXEMPTION, 'Bool') as { Condition: { Bool: Record<string, string> } };
    deny.Condition.Bool['aws:ViaAWSService'] = 'false';
    const text = policyText(deny);
    const result = lint(text);
    const [fix] = fixesFor(result, result.findings.find((f) => f.rule === 'MFA003')!);
    const condition = JSON.parse(applyFix(text, fix)).Statement[0].Condition;
    assert.deepEqual(condition, { Bool: { 'aws:ViaAWSService': 'false' }, BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } });
  });
});

describe('fixes that cannot be made safely are not offered', () => {
  it('no structural fix on a text with syntax errors (Trek10 as published)', () => {
    const text = readVariant('trek10-force-mfa-2017-original.txt');
    const result = lint(text);
    const mfa001 = result.findings.find((f) => f.rule === 'MFA001')!;
    assert.deepEqual(fixesFor(result, mfa001), []);
  });

  it('no removal that would empty the exemption', () => {
    const text = policyText(mfaDeny('iam:ChangePassword'));
    const result = lint(text);
    const finding = result.findings.find((f) => f.rule === 'MFA015')!;
    assert.deepEqual(fixesFor(result, finding), []);
  });

  it('did-you-mean is offered but not applied by fix-all', () => {
    const text = policyText({ Effect: 'Allow', Action: 's3:GetObjekt', Resource: '*' });
    const result = lint(text);
    const [fix] = fixesFor(result, result.findings.find((f) => f.rule === 'IAM007')!);
    assert.equal(fix.safeForFixAll, false);
    assert.equal(fixAll(text).text, text);
  });
});
