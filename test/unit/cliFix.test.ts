// `iam-mfa-guard --fix` and `--fix-dry-run` on copies of the published variants.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli as runCli } from '../cliUtil';
import { lint } from '../../server/src/core/lint';
import { REPO_ROOT, VARIANTS_DIR } from '../testUtil';

const EXPECTED = path.join(REPO_ROOT, 'test', 'fixtures', 'fixed');

const cli = (args: string[], cwd: string) => runCli(args, { cwd });

describe('--fix on copies of every published variant', () => {
  let dir: string;
  const variants = fs.readdirSync(VARIANTS_DIR).filter((f) => f.endsWith('.json'));
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-mfa-guard-fix-'));
    for (const f of variants) fs.copyFileSync(path.join(VARIANTS_DIR, f), path.join(dir, f));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes exactly the expected files, says what it fixed, and leaves no error', async () => {
    const { code, stderr } = await cli(['--fix', '--quiet', dir], dir);
    assert.equal(code, 0, 'no error-level finding is left');
    const expectedFiles = fs.readdirSync(EXPECTED).filter((f) => f.endsWith('.json'));
    assert.ok(expectedFiles.length > 20);
    for (const f of variants) {
      const actual = fs.readFileSync(path.join(dir, f), 'utf8');
      const want = expectedFiles.includes(f) ? fs.readFileSync(path.join(EXPECTED, f), 'utf8') : fs.readFileSync(path.join(VARIANTS_DIR, f), 'utf8');
      assert.equal(actual, want, f);
      if (expectedFiles.includes(f)) assert.match(stderr, new RegExp(`fixed ${f.replace(/[.]/g, '\\.')}: MFA0\\d\\d `));
    }
  });

  it('a second --fix changes nothing', async () => {
    const before = variants.map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
    const { stderr } = await cli(['--fix', '--quiet', dir], dir);
    assert.equal(stderr, '');
    assert.deepEqual(variants.map((f) => fs.readFileSync(path.join(dir, f), 'utf8')), before);
  });

  it('every fixed file parses and has no error-level finding', () => {
    for (const f of fs.readdirSync(EXPECTED).filter((x) => x.endsWith('.json'))) {
      const text = fs.readFileSync(path.join(EXPECTED, f), 'utf8');
      assert.doesNotThrow(() => JSON.parse(text), f);
      assert.deepEqual(lint(text).findings.filter((x) => x.severity === 'error').map((x) => x.rule), [], f);
    }
  });
});

describe('--fix-dry-run', () => {
  it('prints a unified diff and changes nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-mfa-guard-dry-'));
    try {
      const file = path.join(dir, 'policy.json');
      fs.copyFileSync(path.join(VARIANTS_DIR, 'aws-docs-notaction-deny-all-users-not-using-mfa-2018-09.json'), file);
      const original = fs.readFileSync(file, 'utf8');
      const { stdout, stderr, code } = await cli(['--fix-dry-run', 'policy.json'], dir);
      assert.equal(fs.readFileSync(file, 'utf8'), original);
      assert.match(stdout, /^--- a\/policy\.json$/m);
      assert.match(stdout, /^\+\+\+ b\/policy\.json$/m);
      assert.match(stdout, /^-\s+"NotAction": "iam:\*",$/m);
      assert.match(stdout, /^\+\s+"iam:EnableMFADevice",$/m);
      assert.doesNotMatch(stdout, /MFA001|problems/, 'stdout holds only the diff');
      // The report (on stderr) and the exit code are a plain run's, on the file as it is on disk.
      const plain = await cli(['policy.json'], dir);
      assert.equal(plain.code, 1);
      assert.equal(code, plain.code);
      assert.equal(stderr, plain.stdout);
      const line = Number(/^policy\.json:(\d+):\d+ +error .*MFA001$/m.exec(stderr)?.[1]);
      assert.match(original.split('\n')[line - 1], /"NotAction": "iam:\*"/, 'line numbers of the file on disk');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses --fix with stdin, and --fix with --fix-dry-run', async () => {
    assert.equal((await cli(['--fix', '-'], os.tmpdir())).code, 2);
    assert.equal((await cli(['--fix', '--fix-dry-run', 'x.json'], os.tmpdir())).code, 2);
  });
});
