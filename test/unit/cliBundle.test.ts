// The bin users run is packages/cli/dist/cli.js, which runs main.js (one minified esbuild bundle;
// npm run build makes both) from a V8 code cache. It must say exactly what the in-process core
// says; the cache and worker threads (--jobs) must not change a byte of the output; and the npm
// package must install and run from its tarball alone.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';
import type { JsonFinding } from '../../server/src/cli/formatters/json';
import { parseCliArgs } from '../../server/src/cli/args';
import { lintInWorkers, SourceFeed, WORKER_START, workerCount } from '../../server/src/cli/jobs';
import { BIG_RUN_FILES, YOUNG_GENERATION_LIMIT_BYTES } from '../../server/src/cli/youngGeneration';
import { FileOutcome, lintSource } from '../../server/src/cli/lintFile';
import { ProjectConfigFinder } from '../../server/src/config/projectConfig';
import { lint } from '../../server/src/core/lint';
import { LineIndex } from '../../server/src/core/positions';
import { formatOf } from '../../server/src/shared/formats';
import { cli } from '../cliUtil';
import { CORPUS_DIR, REPO_ROOT, VARIANTS_DIR } from '../testUtil';

const CLI_DIR = path.join(REPO_ROOT, 'packages', 'cli');
const BUNDLE = path.join(CLI_DIR, 'dist', 'cli.js');
const MAIN_BUNDLE = path.join(CLI_DIR, 'dist', 'main.js');
const MANAGED = path.join(CORPUS_DIR, 'aws-managed');
const BUILTINS = new Set(builtinModules);

function bundle(args: string[], cwd = REPO_ROOT) {
  const r = spawnSync(process.execPath, [BUNDLE, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** What the core itself says about every .json file of the folders, in the CLI's JSON shape. */
function coreFindings(dirs: string[]): JsonFinding[] {
  const out: JsonFinding[] = [];
  for (const dir of dirs) {
    for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      const file = path.join(dir, name);
      const text = fs.readFileSync(file, 'utf8');
      const lines = new LineIndex(text);
      const displayPath = path.relative(REPO_ROOT, file);
      for (const f of lint(text, { format: formatOf(displayPath, text) }).findings) {
        const start = lines.positionAt(f.range.start);
        const end = lines.positionAt(Math.max(f.range.start, f.range.end));
        out.push({ file: displayPath, rule: f.rule, severity: f.severity, message: f.message, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 });
      }
    }
  }
  return out;
}

describe('the bundled CLI (packages/cli/dist/cli.js)', () => {
  test('is a small bin and one bundle beside it: they require only node built-ins (and ./lsp.js for `lsp`; the Terraform parser\'s WebAssembly lies beside them)', () => {
    const bin = fs.readFileSync(BUNDLE, 'utf8');
    assert.equal(bin.split('\n')[0], '#!/usr/bin/env node');
    assert.ok(bin.length < 8 * 1024, `the bin is ${bin.length} bytes`);
    assert.match(bin, /main\.js/);
    for (const source of [bin, fs.readFileSync(MAIN_BUNDLE, 'utf8')]) {
      const required = new Set([...source.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]));
      const foreign = [...required].filter((id) => !id.startsWith('node:') && !BUILTINS.has(id) && id !== './lsp.js');
      assert.deepEqual(foreign, []);
      // The bin compiles main.js with vm.Script, where import() would fail.
      assert.doesNotMatch(source, /\bimport\(/);
    }
  });

  test('the bin knows its bundle by the hash written in at build time, and a lint run loads no node:crypto', () => {
    const hash = createHash('sha256').update(fs.readFileSync(MAIN_BUNDLE)).digest('hex');
    assert.ok(fs.readFileSync(BUNDLE, 'utf8').includes(hash), 'cli.js carries the sha256 of main.js');
    const cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-mfa-guard-cache-'));
    const probe = path.join(cacheHome, 'modules.js');
    fs.writeFileSync(probe, "process.on('exit', () => process.stderr.write('\\nmodules ' + JSON.stringify(process.moduleLoadList) + '\\n'));\n");
    try {
      const r = spawnSync(process.execPath, ['-r', probe, BUNDLE, '--format', 'json', path.join(VARIANTS_DIR, 'aws-docs-self-manage-credentials-2022-11.json')], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cacheHome } });
      const modules = JSON.parse(/modules (.*)/.exec(r.stderr)![1]) as string[];
      assert.ok(modules.includes('NativeModule vm'), 'the probe sees the modules');
      assert.ok(!modules.includes('NativeModule crypto'), 'node:crypto (and the streams it brings) stays unloaded');
      if (process.platform !== 'win32') assert.ok(fs.readdirSync(path.join(cacheHome, 'iam-mfa-guard')).some((f) => f.startsWith(`main-${hash.slice(0, 24)}-`)), 'the cache is named by that hash');
    } finally {
      fs.rmSync(cacheHome, { recursive: true, force: true });
    }
  });

  test('the code cache: made at the first run, used after, and a broken or foreign one changes nothing', () => {
    const cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-mfa-guard-cache-'));
    const flawed = path.join(VARIANTS_DIR, 'aws-docs-notaction-deny-all-users-not-using-mfa-2018-09.json');
    const run = (env: Record<string, string> = {}) => spawnSync(process.execPath, [BUNDLE, '--format', 'json', flawed], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cacheHome, ...env } });
    const cacheFiles = () => (fs.existsSync(path.join(cacheHome, 'iam-mfa-guard')) ? fs.readdirSync(path.join(cacheHome, 'iam-mfa-guard')).map((f) => path.join(cacheHome, 'iam-mfa-guard', f)) : []);
    try {
      const off = run({ IAM_MFA_GUARD_NO_CACHE: '1' });
      assert.equal(off.status, 1, off.stderr);
      assert.deepEqual(cacheFiles(), [], 'IAM_MFA_GUARD_NO_CACHE=1 writes nothing');
      const first = run();
      if (process.platform === 'win32') {
        // No owner or mode bits to check a cache by: none is kept, and runs are as without one.
        assert.deepEqual(cacheFiles(), []);
        assert.equal(first.stdout, off.stdout);
        return;
      }
      const [cache] = cacheFiles();
      assert.ok(cache && fs.statSync(cache).size > 10_000, 'the first run leaves a cache');
      assert.equal((fs.statSync(cache).mode & 0o077), 0, 'only its owner can read it');
      const written = fs.statSync(cache).mtimeMs;
      const second = run();
      assert.equal(fs.statSync(cache).mtimeMs, written, 'a cache that fits is used, not rewritten');
      fs.writeFileSync(cache, Buffer.alloc(4096, 7));
      const broken = run();
      assert.ok(fs.statSync(cache).size > 10_000, 'a cache V8 rejects is made again');
      fs.chmodSync(cache, 0o666);
      const foreign = run();
      for (const r of [first, second, broken, foreign]) {
        assert.equal(r.status, off.status);
        assert.equal(r.stdout, off.stdout);
        assert.equal(r.stderr, off.stderr);
      }
      assert.ok((JSON.parse(off.stdout) as JsonFinding[]).some((f) => f.rule === 'MFA001'));
    } finally {
      fs.rmSync(cacheHome, { recursive: true, force: true });
    }
  });

  test('reports on the corpus and the variants exactly what the in-process core finds', () => {
    const dirs = [MANAGED, VARIANTS_DIR];
    const r = bundle(['--format', 'json', ...dirs.map((d) => path.relative(REPO_ROOT, d))]);
    assert.equal(r.stderr, '');
    const expected = coreFindings(dirs);
    assert.ok(expected.length > 100, 'the corpus and variants have findings to compare');
    assert.deepEqual(JSON.parse(r.stdout), expected);
    assert.equal(r.code, expected.some((f) => f.severity === 'error') ? 1 : 0);
  });

  test('a corpus run holds V8\'s young generation at its limit, a run past BIG_RUN_FILES files lets it grow; run() called in process leaves the heap alone', () => {
    // Preloaded: the new space's size (both semi-spaces) as the process exits, on stderr.
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-mfa-guard-young-'));
    try {
      const reporter = path.join(work, 'report-new-space.js');
      fs.writeFileSync(reporter, `process.on('exit', () => process.stderr.write('new-space ' + require('node:v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size + '\\n'));\n`);
      const newSpace = (args: string[]) => {
        const r = spawnSync(process.execPath, ['-r', reporter, ...args], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
        assert.ok(r.status === 0 || r.status === 1, r.stderr);
        return Number(/new-space (\d+)/.exec(r.stderr)?.[1]);
      };
      const corpus = path.relative(REPO_ROOT, MANAGED);
      const command = newSpace([BUNDLE, '--format', 'json', corpus]);
      const main = path.join(REPO_ROOT, 'out', 'server', 'src', 'cli', 'main.js');
      const inProcess = newSpace(['-e', `require(${JSON.stringify(main)}).run(['--format', 'json', ${JSON.stringify(corpus)}], { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, isTTY: false, cwd: process.cwd() })`]);
      assert.ok(command <= YOUNG_GENERATION_LIMIT_BYTES, `the command's new space ended at ${command} bytes, over the ${YOUNG_GENERATION_LIMIT_BYTES} limit (did start-up alone grow it past?)`);
      assert.ok(inProcess > YOUNG_GENERATION_LIMIT_BYTES, `run() in process: V8 grows the new space as usual (${inProcess} bytes), so the limit above is the command's doing`);
      // Copies of the corpus, half as many files again as BIG_RUN_FILES, on one thread.
      const big = path.join(work, 'big');
      const policies = fs.readdirSync(MANAGED).filter((f) => f.endsWith('.json'));
      const copies = Math.ceil((BIG_RUN_FILES * 1.5) / policies.length);
      for (let copy = 0; copy < copies; copy++) {
        fs.mkdirSync(path.join(big, `c${copy}`), { recursive: true });
        for (const name of policies) fs.copyFileSync(path.join(MANAGED, name), path.join(big, `c${copy}`, name));
      }
      const bigRun = newSpace([BUNDLE, '--jobs', '1', '--exit-zero', '--quiet', big]);
      assert.ok(bigRun > YOUNG_GENERATION_LIMIT_BYTES, `${copies * policies.length} files: the new space ended at ${bigRun} bytes, still held at the ${YOUNG_GENERATION_LIMIT_BYTES} limit`);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  test('text and SARIF output on the variants are byte for byte those of the compiled modules run in process', async () => {
    for (const format of ['text', 'sarif']) {
      const args = ['--format', format, path.relative(REPO_ROOT, VARIANTS_DIR)];
      const inProcess = await cli(args, { cwd: REPO_ROOT });
      const bundled = bundle(args);
      assert.equal(bundled.stdout, inProcess.stdout, format);
      assert.equal(bundled.stderr, inProcess.stderr, format);
      assert.equal(bundled.code, inProcess.code, format);
    }
  });

  test('`lsp --stdio` answers initialize from lsp.js beside the bin', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, capabilities: {} } });
    const server = spawn(process.execPath, [BUNDLE, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      let received = '';
      const answered = new Promise<void>((resolve, reject) => {
        server.stdout.on('data', (chunk: Buffer) => {
          received += chunk.toString('utf8');
          if (/"id":1,"result":\{"capabilities":/.test(received)) resolve();
        });
        server.on('exit', (code) => reject(new Error(`the server exited (${code}) before answering: ${received}`)));
      });
      server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      await answered;
    } finally {
      server.kill();
    }
  });
});

describe('--jobs: worker threads', () => {
  // Started at once here, for a tree of a few hundred files: these tests are about what workers do.
  const defaults = { ...WORKER_START };
  before(() => Object.assign(WORKER_START, { minFiles: 256, worthMs: 0 }));
  after(() => Object.assign(WORKER_START, defaults));

  // A tree big enough for workers, with what makes output order matter: a project config with
  // problems, ignored files, a binary file and findings of every kind.
  function tree(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-mfa-guard-jobs-'));
    const variants = fs.readdirSync(VARIANTS_DIR).filter((f) => f.endsWith('.json'));
    for (let i = 0; i < WORKER_START.minFiles + 50; i++) {
      const sub = path.join(dir, `d${i % 7}`);
      fs.mkdirSync(sub, { recursive: true });
      fs.copyFileSync(path.join(VARIANTS_DIR, variants[i % variants.length]), path.join(sub, `p${i}.json`));
    }
    fs.writeFileSync(path.join(dir, 'd3', '.iam-mfa-guard.json'), JSON.stringify({ rules: { MFA009: 'off', NOPE001: 'error' }, ignore: ['p1*.json'] }));
    fs.writeFileSync(path.join(dir, 'd5', 'binary.json'), Buffer.from([0x7b, 0, 1, 2, 0x7d]));
    fs.writeFileSync(path.join(dir, 'd6', 'broken.json'), '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny",');
    return dir;
  }

  test('the output of 2 workers is byte for byte that of one thread, in every format', async () => {
    const dir = tree();
    try {
      for (const format of ['text', 'json', 'sarif']) {
        const one = await cli(['--jobs', '1', '--format', format, '.'], { cwd: dir });
        const two = await cli(['--jobs', '2', '--format', format, '.'], { cwd: dir });
        assert.equal(two.stdout, one.stdout, format);
        assert.equal(two.stderr, one.stderr, format);
        assert.equal(two.code, one.code, format);
      }
      const text = await cli(['--jobs', '2', '.'], { cwd: dir });
      assert.match(text.stderr, /unknown rule "NOPE001"|NOPE001/);
      assert.match(text.stderr, /skipped d5[\\/]binary\.json: binary file/);
      assert.match(text.stdout, /ignored by \.iam-mfa-guard\.json/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('files linted while the walk goes on are reported after it, behind the paths it could not read', async () => {
    const dir = tree();
    try {
      // The missing path comes after the folder, so the walk finds it last; its message still comes first.
      for (const jobs of ['1', '2']) {
        const r = await cli(['--jobs', jobs, '--format', 'json', '.', 'missing.json'], { cwd: dir });
        const lines = r.stderr.split('\n');
        assert.equal(lines[0], 'iam-mfa-guard: cannot read missing.json: no such file or folder', jobs);
        assert.ok(lines.some((l) => /skipped d5[\\/]binary\.json: binary file/.test(l)), jobs);
        assert.equal(r.code, 2, jobs);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--fix-dry-run through workers prints the same diffs in the same order', async () => {
    const dir = tree();
    try {
      const one = await cli(['--jobs', '1', '--fix-dry-run', '.'], { cwd: dir });
      const two = await cli(['--jobs', '2', '--fix-dry-run', '.'], { cwd: dir });
      assert.match(one.stdout, /^--- a\//m);
      assert.equal(two.stdout, one.stdout);
      assert.equal(two.stderr, one.stderr);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('workers are used for big runs only, and with the main thread never more than --jobs threads', () => {
    assert.equal(workerCount(2, WORKER_START.minFiles - 1), 0);
    assert.equal(workerCount(1, 100_000), 0);
    assert.equal(workerCount(2, 100_000), 1);
    assert.equal(workerCount(8, 100_000), 7);
    assert.equal(workerCount(8, WORKER_START.minFiles), 1);
    // The default: the 1,645 managed policies stay on one thread, a 100,000-file tree gets every core.
    Object.assign(WORKER_START, defaults);
    assert.equal(workerCount(2, 1645), 0);
    assert.equal(workerCount(2, 100_000), 1);
    Object.assign(WORKER_START, { minFiles: 256, worthMs: 0 });
  });

  test('workers that cannot start leave every file to the main thread, in input order', async () => {
    const parsed = parseCliArgs(['--jobs', '2', '.']);
    assert.equal(parsed.kind, 'run');
    const options = parsed.kind === 'run' ? parsed.options : (undefined as never);
    const sources = Array.from({ length: 300 }, (_, i) => ({ kind: 'file' as const, absolutePath: `/nowhere/p${i}.json`, displayPath: `p${i}.json` }));
    const configs = new ProjectConfigFinder();
    const reported: number[] = [];
    const kinds = new Set<string>();
    await lintInWorkers(path.join(os.tmpdir(), 'no-such-worker-script.js'), SourceFeed.of(sources), options, os.tmpdir(), () => 2, (s) => lintSource(s, options, os.tmpdir(), configs, () => process.stdin), (i, outcome) => {
      reported.push(i);
      kinds.add(outcome.kind);
    });
    assert.deepEqual(reported, sources.map((_, i) => i));
    assert.deepEqual([...kinds], ['unreadable']);
  });

  test('workers start only when the files left are worth one: not for files that cost next to nothing', async () => {
    const parsed = parseCliArgs(['--jobs', '2', '.']);
    const options = parsed.kind === 'run' ? parsed.options : (undefined as never);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-mfa-guard-start-'));
    // A "worker" that says it started (in the folder it is given as cwd) and leaves: its batches come back to the main thread.
    const script = path.join(dir, 'worker.js');
    fs.writeFileSync(script, "require('fs').writeFileSync(require('path').join(require('worker_threads').workerData.cwd, 'started'), ''); process.exit(0);");
    const sources = Array.from({ length: 300 }, (_, i) => ({ kind: 'file' as const, absolutePath: `/nowhere/p${i}.json`, displayPath: `p${i}.json` }));
    const lintTaking = (ms: number) => async (): Promise<FileOutcome> => {
      const until = performance.now() + ms;
      while (performance.now() < until);
      return { kind: 'unreadable', message: 'no such file or folder' };
    };
    try {
      for (const [ms, expected] of [[0, false], [3, true]] as const) {
        fs.rmSync(path.join(dir, 'started'), { force: true });
        const reported: number[] = [];
        await lintInWorkers(script, SourceFeed.of(sources), options, dir, () => 1, lintTaking(ms), (i) => reported.push(i), 400);
        assert.deepEqual(reported, sources.map((_, i) => i), `${ms} ms a file`);
        // The worker writes its marker as it starts; give a started one time to get there.
        for (let wait = 0; expected && wait < 100 && !fs.existsSync(path.join(dir, 'started')); wait++) await new Promise((r) => setTimeout(r, 50));
        assert.equal(fs.existsSync(path.join(dir, 'started')), expected, `${ms} ms a file`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--jobs takes a whole number of threads, 1 or more', async () => {
    for (const bad of ['0', '-1', '1.5', 'many']) {
      const r = await cli([`--jobs=${bad}`, '.'], { cwd: REPO_ROOT });
      assert.equal(r.code, 2, bad);
      assert.match(r.stderr, /--jobs takes a whole number/, bad);
    }
  });

  test('node_modules, .git and .terraform are skipped by default', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-mfa-guard-skip-'));
    try {
      const policy = fs.readFileSync(path.join(VARIANTS_DIR, 'aws-docs-notaction-deny-all-users-not-using-mfa-2018-09.json'));
      for (const sub of ['node_modules/dep', '.git/objects', '.terraform/modules/x', 'own']) {
        fs.mkdirSync(path.join(dir, sub), { recursive: true });
        fs.writeFileSync(path.join(dir, sub, 'policy.json'), policy);
      }
      const r = await cli(['--format', 'json', '.'], { cwd: dir });
      assert.deepEqual([...new Set((JSON.parse(r.stdout) as JsonFinding[]).map((f) => f.file))], [path.join('own', 'policy.json')]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the npm package (packages/cli)', () => {
  test('is publishable, versioned with the extension, and its bin is the bundle', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(CLI_DIR, 'package.json'), 'utf8'));
    const root = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    assert.equal(pkg.private, undefined);
    assert.equal(pkg.name, 'iam-mfa-guard');
    assert.equal(pkg.version, root.version);
    assert.equal(pkg.license, root.license);
    assert.deepEqual(pkg.bin, { 'iam-mfa-guard': 'dist/cli.js' });
    assert.equal(pkg.dependencies, undefined, 'the bundle needs nothing installed beside it');
  });

  // --ignore-scripts: npm run build made the bundle already; prepack would rewrite it under the other tests' feet.
  test('npm pack gives a tarball that installs globally into an empty prefix and lints', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-mfa-guard-pack-'));
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    try {
      const pack = spawnSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: CLI_DIR, encoding: 'utf8', shell: process.platform === 'win32' });
      assert.equal(pack.status, 0, pack.stderr);
      const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
      assert.deepEqual(info.files.map((f) => f.path).sort(), ['LICENSE', 'README.md', 'dist/cli.js', 'dist/lsp.js', 'dist/main.js', 'dist/tree-sitter-hcl.LICENSE', 'dist/tree-sitter-terraform.wasm', 'dist/tree-sitter.wasm', 'dist/web-tree-sitter.LICENSE', 'package.json']);
      const prefix = path.join(work, 'prefix');
      fs.mkdirSync(prefix);
      const install = spawnSync(npm, ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', path.join(work, path.basename(info.filename))], {
        cwd: work,
        encoding: 'utf8',
        shell: process.platform === 'win32',
      });
      assert.equal(install.status, 0, install.stderr);
      const bin = process.platform === 'win32' ? path.join(prefix, 'iam-mfa-guard.cmd') : path.join(prefix, 'bin', 'iam-mfa-guard');
      const version = spawnSync(bin, ['--version'], { cwd: work, encoding: 'utf8', shell: process.platform === 'win32' });
      assert.equal(version.stdout.trim(), JSON.parse(fs.readFileSync(path.join(CLI_DIR, 'package.json'), 'utf8')).version);
      const flawed = path.join(VARIANTS_DIR, 'aws-docs-notaction-deny-all-users-not-using-mfa-2018-09.json');
      const lintRun = spawnSync(bin, ['--format', 'json', flawed], { cwd: work, encoding: 'utf8', shell: process.platform === 'win32' });
      assert.equal(lintRun.status, 1, lintRun.stderr);
      assert.ok((JSON.parse(lintRun.stdout) as JsonFinding[]).some((f) => f.rule === 'MFA001'));
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
