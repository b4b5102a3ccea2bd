// A clone of this repository alone passes its tests: nothing the tests, scripts, e2e suites or
// CI run reaches outside the checkout for data, and the data they read is here with its origin.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CORPUS_DIR, DATA_DIR, REPO_ROOT, VARIANTS_DIR } from '../testUtil';

const SCANNED = ['test', 'scripts', '.ci', 'client/src', 'server/src'];
const SOURCE = /\.(ts|mjs|js|cjs|sh|lua|json|ya?ml)$|^run$/;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (file !== DATA_DIR && entry.name !== 'artifacts' && entry.name !== 'node_modules') out.push(...sourceFiles(file));
    } else if (SOURCE.test(entry.name)) out.push(file);
  }
  return out;
}

describe('self-contained repository', () => {
  it('no test, script or CI step reads a folder beside the checkout (../shared)', () => {
    // a path.join/resolve of the parent folder and "shared", or a literal path into it (imports of server/src/shared's own modules excepted)
    const ownModules = fs.readdirSync(path.join(REPO_ROOT, 'server', 'src', 'shared')).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));
    const outside = new RegExp(`['"]\\.\\.['"]\\s*,\\s*['"]shared['"]|\\.\\./shared/(?!(?:${ownModules.join('|')})['"])`);
    const offenders = SCANNED.flatMap((d) => sourceFiles(path.join(REPO_ROOT, d)))
      .filter((f) => outside.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(REPO_ROOT, f));
    assert.deepEqual(offenders, []);
  });

  it('the data the suites read is in test/data, and SOURCES.md names every folder of it', () => {
    const sources = fs.readFileSync(path.join(DATA_DIR, 'SOURCES.md'), 'utf8');
    assert.ok(fs.existsSync(path.join(VARIANTS_DIR, 'INDEX.md')));
    assert.ok(fs.existsSync(path.join(CORPUS_DIR, 'aws-managed.index.json')));
    const folders = ['variants', ...fs.readdirSync(CORPUS_DIR, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'community').map((e) => `corpus/${e.name}`)];
    for (const sub of fs.readdirSync(path.join(CORPUS_DIR, 'community'), { withFileTypes: true })) if (sub.isDirectory()) folders.push(`corpus/community/${sub.name}`);
    for (const folder of folders) assert.ok(sources.includes(`\`${folder}/\``), `${folder}/ is not described in test/data/SOURCES.md`);
    assert.match(sources, /licen[cs]e/i);
  });
});
