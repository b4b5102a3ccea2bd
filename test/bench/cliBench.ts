// Command-line figures for `npm run bench`: the bin users run (packages/cli/dist/cli.js, the
// minified bundle) as whole processes, each figure printed beside its target. Figures, not
// pass/fail; medians of interleaved runs, so a busy machine slows both sides of a ratio alike.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CORPUS_DIR, REPO_ROOT } from '../testUtil';

export const CLI_BUNDLE = path.join(REPO_ROOT, 'packages', 'cli', 'dist', 'cli.js');
const MANAGED = path.join(CORPUS_DIR, 'aws-managed');
/**
 * Preloaded with -r: prints, as the process exits, its peak resident memory and the CPU time of
 * all its threads (worker threads, V8's GC and compiler threads) on stderr. The main thread's only.
 */
const PROCESS_FIGURES = `if(require('node:worker_threads').isMainThread)process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('\\npeak-rss '+u.maxRSS+' cpu-us '+(u.userCPUTime+u.systemCPUTime)+'\\n')});\n`;

interface Run {
  readonly ms: number;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runNode(args: readonly string[], env?: Readonly<Record<string, string>>): Run {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, env: env ? { ...process.env, ...env } : process.env });
  const ms = performance.now() - start;
  if (r.status !== 0 && r.status !== 1) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);

/** Each command `runs` times, interleaved; the medians in order. */
function interleaved(commands: readonly (readonly string[])[], runs: number): number[][] {
  const samples = commands.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) commands.forEach((args, c) => samples[c].push(runNode(args).ms));
  return samples;
}

/** A run of node with `args`, and what the process said of itself as it exited (PROCESS_FIGURES). */
export function measuredRun(args: readonly string[]): Run & { readonly peakRssMb: number; readonly cpuMs: number } {
  const reporter = path.join(os.tmpdir(), `iam-mfa-guard-process-figures-${process.pid}.js`);
  fs.writeFileSync(reporter, PROCESS_FIGURES);
  const r = runNode(['-r', reporter, ...args]);
  fs.rmSync(reporter, { force: true });
  const figures = /peak-rss (\d+) cpu-us (\d+)/.exec(r.stderr);
  return { ...r, peakRssMb: Number(figures?.[1]) / 1024, cpuMs: Number(figures?.[2]) / 1000 };
}

export function peakRssMb(args: readonly string[]): number {
  return measuredRun(args).peakRssMb;
}

/** Reads every file below `dir` once. */
function warmPageCache(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) warmPageCache(full);
    else if (entry.isFile()) fs.readFileSync(full);
  }
}

/** Milliseconds from starting two node processes at once to both having exited (timed by a helper process, whose own start is left out). */
function twoAtOnce(first: readonly string[], second: readonly string[]): number {
  const helper = `const { spawn } = require('node:child_process'); const t = process.hrtime.bigint(); let left = 2;
    for (const args of JSON.parse(process.argv[1])) spawn(process.execPath, args, { stdio: 'ignore' }).on('exit', () => { if (--left === 0) console.log(Number(process.hrtime.bigint() - t) / 1e6); });`;
  const r = spawnSync(process.execPath, ['-e', helper, JSON.stringify([first, second])], { encoding: 'utf8' });
  const elapsed = Number(r.stdout.trim());
  if (r.status !== 0 || !Number.isFinite(elapsed)) throw new Error(`two processes at once failed: ${r.stderr}`);
  return elapsed;
}

/** How many files the text report says it linted ("… in 1,645 files …"). */
function lintedCount(stdout: string): number {
  const m = /in (?:[\d,]+ of )?([\d,]+) files?/.exec(stdout.trim().split('\n').pop() ?? '');
  return m ? Number(m[1].replace(/,/g, '')) : -1;
}

export function cliBench(): void {
  const load = () => os.loadavg()[0].toFixed(1);
  console.log(`\nCommand line: ${path.relative(REPO_ROOT, CLI_BUNDLE)} (the npm package's bin), whole processes. Load average at start ${load()}.`);
  const policies = fs.readdirSync(MANAGED).filter((f) => f.endsWith('.json'));

  // 1. The corpus, start-up included.
  const [corpus, corpusOneJob] = interleaved([[CLI_BUNDLE, '--format', 'json', MANAGED], [CLI_BUNDLE, '--jobs', '1', '--format', 'json', MANAGED]], 7);
  console.log(`  ${policies.length} AWS managed policies, --format json, default --jobs (${os.availableParallelism?.() ?? os.cpus().length} cores): median ${ms(median(corpus))} (min ${ms(Math.min(...corpus))}, n=7)   target ≤ 0.5 s`);
  console.log(`  same with --jobs 1: median ${ms(median(corpusOneJob))} (min ${ms(Math.min(...corpusOneJob))})`);
  const rss = [0, 1, 2].map(() => peakRssMb([CLI_BUNDLE, '--format', 'json', MANAGED]));
  const rssOneJob = [0, 1, 2].map(() => peakRssMb([CLI_BUNDLE, '--jobs', '1', '--format', 'json', MANAGED]));
  console.log(`  peak resident memory of that run: median ${median(rss).toFixed(0)} MB default --jobs, ${median(rssOneJob).toFixed(0)} MB --jobs 1   target ≤ 100 MB`);

  // 2. Start-up: one small policy against a bare node.
  const small = path.join(MANAGED, 'AmazonS3ReadOnlyAccess.json');
  runNode([CLI_BUNDLE, small]); // the bin's code cache, made by the first run of a version
  const [bare, one] = interleaved([['-e', '0'], [CLI_BUNDLE, small]], 21);
  console.log(
    `  start-up, one small policy (${fs.statSync(small).size} bytes): median ${ms(median(one))}; bare \`node -e 0\` ${ms(median(bare))}; ratio ${(median(one) / median(bare)).toFixed(2)}×   target ≤ 1.6×`,
  );
  const noCache: number[] = [];
  const bareAgain: number[] = [];
  for (let i = 0; i < 11; i++) {
    bareAgain.push(runNode(['-e', '0']).ms);
    noCache.push(runNode([CLI_BUNDLE, small], { IAM_MFA_GUARD_NO_CACHE: '1' }).ms);
  }
  console.log(`  same without the code cache (IAM_MFA_GUARD_NO_CACHE=1, as a first run): median ${ms(median(noCache))}; ratio ${(median(noCache) / median(bareAgain)).toFixed(2)}×`);

  // 3. Big trees, made here from the corpus in a temp folder.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-mfa-guard-bench-'));
  try {
    const texts = policies.map((f) => fs.readFileSync(path.join(MANAGED, f)));
    const tree = (name: string, files: number, content: (i: number) => { ext: string; data: Buffer | string }) => {
      const dir = path.join(root, name);
      for (let i = 0; i < files; i++) {
        const sub = path.join(dir, `d${Math.floor(i / 1000)}`);
        if (i % 1000 === 0) fs.mkdirSync(sub, { recursive: true });
        const { ext, data } = content(i);
        fs.writeFileSync(path.join(sub, `f${i}.${ext}`), data);
      }
      return dir;
    };
    const made = performance.now();
    const policyTree = (n: number) => tree(`policies-${n}`, n, (i) => ({ ext: 'json', data: texts[i % texts.length] }));
    // BENCH_TREE_FILES scales the big trees down on a busy machine (default 100,000).
    const bigCount = Number(process.env.BENCH_TREE_FILES) || 100_000;
    const smallCount = bigCount / 10;
    const small10k = policyTree(smallCount);
    const big = policyTree(bigCount);
    // What a node_modules-like folder holds, under a name the walker does not skip.
    const vendor = tree('vendor', bigCount, (i) =>
      i % 3 === 0
        ? { ext: 'json', data: JSON.stringify({ name: `pkg-${i}`, version: '1.0.0', main: 'index.js', dependencies: { left: '^1.0.0' }, scripts: { test: 'node test' } }, null, 2) }
        : i % 3 === 1
          ? { ext: 'json', data: JSON.stringify({ compilerOptions: { target: 'es2022', module: 'commonjs', strict: true }, include: ['src'] }, null, 2) }
          : { ext: 'yaml', data: `name: pkg-${i}\non:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-latest\n` },
    );
    // Folders skipped by default: a policy in each must not be linted.
    for (const skipped of ['node_modules/dep', '.git/objects', '.terraform/modules']) {
      fs.mkdirSync(path.join(small10k, skipped), { recursive: true });
      fs.writeFileSync(path.join(small10k, skipped, 'policy.json'), texts[0]);
    }
    console.log(`  big trees (made from the corpus in ${ms(performance.now() - made)}, then read once so that every run finds them in the page cache):`);
    const lintTree = (dir: string, jobs?: number) => measuredRun([CLI_BUNDLE, ...(jobs ? ['--jobs', String(jobs)] : []), '--exit-zero', '--quiet', dir]);
    const count = (dir: string) => {
      const r = runNode([CLI_BUNDLE, '--exit-zero', dir]);
      return lintedCount(r.stdout);
    };
    // Both trees were just written, and this machine may already have dropped part of them from
    // its page cache: the first run would pay for the disk and the next not. Read once here.
    warmPageCache(small10k);
    warmPageCache(big);
    warmPageCache(vendor);
    const tenK = lintTree(small10k);
    // Interleaved, two rounds: this VM's speed drifts by 10-30 % from one minute to the next.
    const rounds = [0, 1].map(() => ({ one: lintTree(big, 1), all: lintTree(big) }));
    const hundredK = { ms: (rounds[0].all.ms + rounds[1].all.ms) / 2 };
    const oneJob = (rounds[0].one.ms + rounds[1].one.ms) / 2;
    // What two cores give this work at best: two separate --jobs 1 processes, each on half the
    // tree's folders, with nothing shared between them (no walk, heap, GC threads or report).
    const folders = fs.readdirSync(big).sort().map((d) => path.join(big, d));
    const halves = [folders.slice(0, folders.length / 2), folders.slice(folders.length / 2)].map((part) => [CLI_BUNDLE, '--jobs', '1', '--exit-zero', '--quiet', ...part]);
    const separate = folders.length >= 2 ? (twoAtOnce(halves[0], halves[1]) + twoAtOnce(halves[0], halves[1])) / 2 : undefined;
    const perFile = (r: { ms: number }, n: number) => `${((r.ms * 1000) / n).toFixed(0)} µs/file`;
    const n = (x: number) => x.toLocaleString('en-US');
    console.log(`    ${n(smallCount)} policy files: ${ms(tenK.ms)} (${perFile(tenK, smallCount)}); ${n(bigCount)}: ${ms(hundredK.ms)} (${perFile(hundredK, bigCount)}): ×${(hundredK.ms / tenK.ms).toFixed(1)} for ×10 files   target linear`);
    console.log(
      `    ${n(bigCount)} policy files, --jobs 1: ${rounds.map((r) => ms(r.one.ms)).join(', ')}; default --jobs: ${rounds.map((r) => ms(r.all.ms)).join(', ')}; speed-up ×${(oneJob / hundredK.ms).toFixed(2)}   target ≥ 1.7× on 2 cores`,
    );
    if (separate !== undefined) {
      console.log(`      beside it, two separate --jobs 1 processes at once, each on half the folders (nothing shared: what two cores give this work here): ${ms(separate)}, ×${(oneJob / separate).toFixed(2)}`);
    }
    // --jobs 1 is not one core's work: V8's GC and compiler threads run beside the linting one, so
    // the cores a machine has can give at most (cores / cores that run already use) times.
    const coresUsed = (r: { ms: number; cpuMs: number }) => r.cpuMs / r.ms;
    const cores = os.availableParallelism?.() ?? os.cpus().length;
    const oneJobCores = (coresUsed(rounds[0].one) + coresUsed(rounds[1].one)) / 2;
    const allCores = (coresUsed(rounds[0].all) + coresUsed(rounds[1].all)) / 2;
    const cpuMore = (rounds[0].all.cpuMs + rounds[1].all.cpuMs) / (rounds[0].one.cpuMs + rounds[1].one.cpuMs) - 1;
    console.log(
      `      CPU time of all threads: --jobs 1 keeps ${oneJobCores.toFixed(2)} cores busy, so ${cores} cores give at most ×${(cores / oneJobCores).toFixed(2)}; default --jobs keeps ${allCores.toFixed(2)} of ${cores} busy and spends ${Math.abs(cpuMore * 100).toFixed(0)} % ${cpuMore >= 0 ? 'more' : 'less'} CPU on the same files`,
    );
    const vendorRun = lintTree(vendor);
    console.log(`    ${n(bigCount)} non-policy JSON/YAML files: ${ms(vendorRun.ms)} (${perFile(vendorRun, bigCount)}, against ${perFile(hundredK, bigCount)} for policies)   target next to nothing`);
    const linted = count(small10k);
    console.log(`    node_modules, .git, .terraform skipped by default: ${linted === smallCount ? 'yes' : 'NO'} (${n(linted)} of ${n(smallCount)} + 3 files linted)`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  console.log(`  load average at end ${load()}`);
}
