// Shared pieces of the end-to-end suites: where things are, isolated profiles, a free port,
// code-server started in its own process group (and always stopped), and state polling.
// Nothing here sleeps a fixed time: every wait is for a condition, with a deadline.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, chmodSync, closeSync, constants, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const e2eDir = path.join(repoRoot, 'test', 'e2e');
export const variantsDir = path.join(repoRoot, 'test', 'data', 'variants');
export const artifactsDir = process.env.E2E_ARTIFACTS ?? path.join(e2eDir, 'artifacts');
export const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));

const t0 = Date.now();
export const log = (suite, message) => console.log(`[${suite} ${((Date.now() - t0) / 1000).toFixed(1)}s] ${message}`);

/** Throws with a hint: a missing prerequisite is a failure, never a skip. */
export function need(condition, message) {
  if (!condition) throw new Error(`e2e prerequisite missing: ${message}`);
}

export function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** code-server from scripts/install-code-server.sh (instant when already installed), or CODE_SERVER_BIN. */
export function codeServerBin() {
  if (process.env.CODE_SERVER_BIN) {
    need(isExecutable(process.env.CODE_SERVER_BIN), `CODE_SERVER_BIN=${process.env.CODE_SERVER_BIN} is not executable`);
    return process.env.CODE_SERVER_BIN;
  }
  const res = spawnSync('bash', [path.join(repoRoot, 'scripts', 'install-code-server.sh')], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  need(res.status === 0, `scripts/install-code-server.sh failed (exit ${res.status})`);
  const bin = res.stdout.trim().split('\n').pop();
  need(bin && isExecutable(bin), `scripts/install-code-server.sh printed no usable binary: ${JSON.stringify(res.stdout)}`);
  return bin;
}

export function chromiumBin() {
  const bin = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
  need(isExecutable(bin), `${bin} (apt-get install chromium, or set CHROMIUM_BIN)`);
  return bin;
}

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--no-default-browser-check'];

export function vsixPath() {
  const file = path.resolve(repoRoot, process.env.VSIX ?? `${pkg.name}-${pkg.version}.vsix`);
  need(existsSync(file), `${file} (run \`npm run package\` first)`);
  const built = statSync(file).mtimeMs;
  const newer = ['dist/client.js', 'dist/server.js', 'package.json'].filter((f) => existsSync(path.join(repoRoot, f)) && statSync(path.join(repoRoot, f)).mtimeMs > built + 1000);
  if (newer.length) console.warn(`[e2e] note: ${path.basename(file)} is older than ${newer.join(', ')}: testing the package as built then (\`npm run package\` rebuilds it)`);
  return file;
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * A throwaway run folder outside the repository (short socket paths) with its own HOME, XDG
 * folders and TMPDIR, so code-server and chromium write nothing into ~ or /tmp.
 */
export function makeRun(suite) {
  // Not nested in another run's TMPDIR: chromium's and VS Code's unix sockets need short paths.
  const base = process.env.E2E_TMP_BASE ?? os.tmpdir();
  const dir = mkdtempSync(path.join(base, `imfg-e2e-${suite}-`));
  const env = {
    ...process.env,
    E2E_TMP_BASE: base,
    HOME: path.join(dir, 'home'),
    XDG_CONFIG_HOME: path.join(dir, 'xdg-config'),
    XDG_DATA_HOME: path.join(dir, 'xdg-data'),
    XDG_CACHE_HOME: path.join(dir, 'xdg-cache'),
    XDG_RUNTIME_DIR: path.join(dir, 'xdg-runtime'),
    TMPDIR: path.join(dir, 'tmp'),
  };
  for (const key of ['HOME', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'XDG_RUNTIME_DIR', 'TMPDIR']) mkdirSync(env[key], { recursive: true, mode: 0o700 });
  const run = {
    dir,
    env,
    userDataDir: path.join(dir, 'user-data'),
    extensionsDir: path.join(dir, 'extensions'),
    workspace: path.join(dir, 'workspace'),
    /** Copies logs worth keeping to the artifacts folder, then deletes the run folder. */
    cleanup(keep = [], artifactsName = suite) {
      const dest = path.join(artifactsDir, artifactsName);
      for (const [from, name] of keep) {
        try {
          if (existsSync(from)) {
            mkdirSync(dest, { recursive: true });
            cpSync(from, path.join(dest, name), { recursive: true });
          }
        } catch {}
      }
      if (!process.env.E2E_KEEP_RUN) rmSync(dir, { recursive: true, force: true });
      else console.log(`[${suite}] run folder kept: ${dir}`);
    },
  };
  mkdirSync(run.userDataDir, { recursive: true });
  mkdirSync(run.extensionsDir, { recursive: true });
  mkdirSync(run.workspace, { recursive: true });
  // interrupted before cleanup(): still remove the folder (after the processes are stopped)
  const unregister = registerCleanup(() => {
    if (!process.env.E2E_KEEP_RUN) rmSync(dir, { recursive: true, force: true });
  });
  const cleanup = run.cleanup;
  run.cleanup = (...args) => {
    unregister();
    cleanup(...args);
  };
  return run;
}

/** An empty test/e2e/artifacts/<name>/: no stale screenshots or logs from an earlier run. */
export function freshArtifacts(name) {
  const dir = path.join(artifactsDir, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** VS Code user settings for a test profile: quiet, no walkthroughs, no trust prompt. */
export function writeUserSettings(userDataDir, extra = {}) {
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.enableExperiments': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'chat.commandCenter.enabled': false,
    'files.autoSave': 'off',
    'editor.codeLens': true,
    'editor.minimap.enabled': false,
    ...extra,
  };
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
}

export function copyInto(dir, file, name = path.basename(file)) {
  const dest = path.join(dir, name);
  copyFileSync(file, dest);
  chmodSync(dest, 0o644); // a read-only source would make editors open the copy read-only too
  return dest;
}

/** Polls `fn` until it returns a truthy value; `what` names the awaited state in the error. */
export async function waitFor(fn, what, timeoutMs = 30_000, intervalMs = 200) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (error) {
      if (error?.fatal) throw error; // the state can no longer come (e.g. the process died)
      last = error;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Runs a command to completion (output captured to `logFile`); throws on a non-zero exit. */
export function runChecked(cmd, args, { env, cwd, logFile, timeoutMs = 120_000 } = {}) {
  const res = spawnSync(cmd, args, { env, cwd, encoding: 'utf8', timeout: timeoutMs });
  if (logFile) writeFileSync(logFile, `$ ${cmd} ${args.join(' ')}\n${res.stdout ?? ''}${res.stderr ?? ''}`);
  if (res.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(' ')} failed (exit ${res.status ?? res.signal}):\n${res.stdout}${res.stderr}`);
  return res.stdout;
}

/**
 * Starts code-server on 127.0.0.1:<free port> in its own process group (detached = setsid),
 * waits for /healthz and returns { origin, port, pid, logFile, stop() }. stop() ends the whole
 * group (the file watcher and extension host outlive the parent otherwise) and is idempotent;
 * if the test process dies first, an exit hook SIGKILLs the group.
 */
export async function startCodeServer(run, { bin, workspace = run.workspace, extraArgs = [] } = {}) {
  const port = await freePort();
  const logFile = path.join(run.dir, 'code-server.log');
  const out = openSync(logFile, 'a');
  const args = ['--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override', '--user-data-dir', run.userDataDir,
    '--extensions-dir', run.extensionsDir, ...extraArgs];
  if (workspace) args.push(workspace);
  const child = spawn(bin, args, { env: run.env, detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  let exited = null;
  child.on('exit', (code, signal) => { exited = code ?? signal; });
  const unregister = registerCleanup(() => killGroupNow(child.pid));
  const stop = async () => {
    await stopGroup(child.pid);
    unregister();
  };
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitFor(async () => {
      if (exited !== null) throw Object.assign(new Error(`code-server exited (${exited}) before answering`), { fatal: true });
      const res = await fetch(`${origin}/healthz`);
      return res.ok;
    }, 'code-server /healthz', 60_000, 250);
  } catch (error) {
    await stop();
    throw new Error(`${error.message}\n${tail(logFile)}`);
  }
  return { origin, port, pid: child.pid, logFile, stop, child };
}

/** Whether any process of the group still exists. */
export function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to the process group; SIGKILL to whatever is left when it has not gone in 10 s. */
export async function stopGroup(pid) {
  if (!pid || !groupAlive(pid)) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {}
  try {
    await waitFor(() => !groupAlive(pid), `process group ${pid} to exit`, 10_000, 100);
  } catch {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {}
  }
}

/** Last resort when the test process itself exits: synchronous SIGKILL of the group. */
export function killGroupNow(pid) {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {}
}

const cleanups = new Set();
/** Synchronous hooks run when the test process exits or is interrupted (SIGINT, SIGTERM). */
export function registerCleanup(fn) {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}
const runCleanups = () => {
  for (const fn of [...cleanups].reverse()) { // last registered first: processes before folders
    try {
      fn();
    } catch {}
  }
  cleanups.clear();
};
process.on('exit', runCleanups);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    runCleanups();
    process.exit(128 + (os.constants.signals[signal] ?? 1));
  });
}

export function tail(file, lines = 40) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
