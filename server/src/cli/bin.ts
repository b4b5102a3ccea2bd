#!/usr/bin/env node
// The command's bin: runs the linter's bundle (main.js beside this file) from a V8 code cache
// kept per user, so that a run does not compile 1.5 MB of JavaScript again — about half of
// what one small policy cost. The cache is named by the bundle's content and the node and V8
// versions, V8 itself rejects one that does not fit, and any problem with it (no home folder,
// a read-only disk, a file not ours, Windows) means an ordinary compile: the cache can make a
// run faster, never different. IAM_MFA_GUARD_NO_CACHE=1 turns it off.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { isMainThread } from 'node:worker_threads';
import { nodeCrypto } from '../shared/nodeCrypto';

/**
 * The sha256 of main.js, written in by scripts/bundle.mjs when it builds the two together, so
 * that start-up need not hash 1.5 MB (nor load node:crypto, see shared/nodeCrypto.ts).
 * Left as it is (a tsc build), the bin hashes the bundle itself.
 */
const BUILT_BUNDLE_HASH = '@@MAIN_BUNDLE_SHA256@@';

/**
 * V8 optimizes a function once it has run `--interrupt-budget` bytes of bytecode (132 KB by
 * default), on node's 4 background threads. A lint run is short and calls the same few hundred
 * functions for every file, so they all come due at once: on 2 cores those threads took
 * ~400 ms of CPU in a 0.5 s run of the 1,645 AWS managed policies, and the main thread, which
 * does the linting, waited ~110 ms of it for a core. With a budget about twice as large only
 * what stays hot is optimized: the main thread's wait fell to ~20 ms and the run took 16 % less
 * (0.55 → 0.46 s, medians of 12 interleaved runs). Set before main.js is compiled, so that the
 * code cache, made at exit under the same flags, fits the next run; left to the user when they
 * give it to node themselves.
 */
const INTERRUPT_BUDGET = 300 * 1024;

paceOptimizingCompiler();

const bundleFile = path.join(__dirname, 'main.js');
const bytes = fs.readFileSync(bundleFile);
// The bundle starts with its own "#!" line; inside the wrapper it would be a syntax error.
const source = bytes.toString('utf8').replace(/^#!.*/, '');
const cacheFile = cacheFileFor(bytes);
const cached = cacheFile ? readOwnFile(cacheFile) : undefined;
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundleFile, cachedData: cached });
if (cacheFile && isMainThread && (!cached || script.cachedDataRejected)) {
  // At exit the cache also holds the functions the run compiled, not only the top level.
  process.once('exit', () => saveCache(script, cacheFile));
}
// The bundle sees this file as its own (`__filename`): worker threads start it, and the
// Terraform parser's WebAssembly lies beside it.
(script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, require, module, __filename, __dirname);

function paceOptimizingCompiler(): void {
  // Flags are the process's: worker threads (--jobs) run under what the main thread set.
  if (!isMainThread) return;
  const userFlags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
  if (/interrupt[-_]budget/.test(userFlags)) return;
  v8.setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}

function cacheFileFor(content: Buffer): string | undefined {
  // Windows reports no owner and no useful mode bits, so a cache there could not be checked as ours.
  if (process.env.IAM_MFA_GUARD_NO_CACHE || process.platform === 'win32') return undefined;
  const base = process.env.XDG_CACHE_HOME && path.isAbsolute(process.env.XDG_CACHE_HOME) ? process.env.XDG_CACHE_HOME : homeCache();
  if (!base) return undefined;
  const runtime = `${process.version}\0${process.versions.v8}\0${process.arch}`;
  // A main.js changed after the build (it should not be) has another size or time: another cache.
  const key = /^[0-9a-f]{64}$/.test(BUILT_BUNDLE_HASH)
    ? `${BUILT_BUNDLE_HASH.slice(0, 24)}-${shortHash(`${runtime}\0${content.length}\0${fs.statSync(bundleFile).mtimeMs}`)}`
    : nodeCrypto().createHash('sha256').update(content).update(`\0${runtime}`).digest('hex').slice(0, 32);
  return path.join(base, 'iam-mfa-guard', `main-${key}.cache`);
}

function homeCache(): string | undefined {
  try {
    const home = os.homedir();
    return home ? path.join(home, '.cache') : undefined;
  } catch {
    return undefined;
  }
}

/** The cache file, if it is a regular file of this user's that nobody else can write. */
function readOwnFile(file: string): Buffer | undefined {
  try {
    const stat = fs.lstatSync(file);
    const uid = process.getuid?.();
    if (!stat.isFile() || (uid !== undefined && stat.uid !== uid) || (stat.mode & 0o022) !== 0) return undefined;
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

function saveCache(compiled: vm.Script, file: string): void {
  try {
    const dir = path.dirname(file);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, compiled.createCachedData(), { mode: 0o600 });
    fs.renameSync(temporary, file);
    // Caches of other versions unused for a month go (another install or node may still use a recent one).
    const monthAgo = Date.now() - 30 * 24 * 3600 * 1000;
    for (const name of fs.readdirSync(dir)) {
      const other = path.join(dir, name);
      if (name.startsWith('main-') && other !== file && fs.lstatSync(other).atimeMs < monthAgo) fs.rmSync(other, { force: true });
    }
  } catch {
    // No cache this time; the next run compiles again.
  }
}

/** FNV-1a, for a short string of versions and sizes (not a security measure: V8 checks the cache it is given too). */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}
