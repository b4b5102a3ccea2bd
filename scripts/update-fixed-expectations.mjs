// Regenerates test/fixtures/fixed/: every published variant after `iam-mfa-guard --fix`.
// Run after a deliberate change to a fix, then read the diff before committing it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const variants = resolve(root, 'test', 'data', 'variants');
const expected = join(root, 'test', 'fixtures', 'fixed');
const work = mkdtempSync(join(tmpdir(), 'iam-mfa-guard-fix-'));
const files = readdirSync(variants).filter((f) => f.endsWith('.json'));
for (const f of files) copyFileSync(join(variants, f), join(work, f));
spawnSync(process.execPath, [join(root, 'out/server/src/cli/main.js'), '--fix', '--quiet', work], { stdio: 'ignore' });
for (const f of readdirSync(expected)) if (f.endsWith('.json')) rmSync(join(expected, f));
let changed = 0;
for (const f of files) {
  const after = readFileSync(join(work, f), 'utf8');
  if (after !== readFileSync(join(variants, f), 'utf8')) {
    writeFileSync(join(expected, f), after);
    changed++;
  }
}
rmSync(work, { recursive: true });
console.log(`${changed} of ${files.length} variants change under --fix; written to test/fixtures/fixed/`);
