#!/usr/bin/env node
// Stands in for a desktop VS Code executable in @vscode/test-electron's
// runTests({ vscodeExecutablePath }), where no desktop VS Code can be downloaded.
//
// It reads the flags runTests passes (--extensionDevelopmentPath=, --extensionTestsPath=,
// --user-data-dir, --extensions-dir, the folder to open), starts code-server with them in its
// own process group, and opens the web workbench in headless chromium with the same test
// options in the `payload` URL parameter. The extension and its tests then run in code-server's
// Node extension host, exactly as in VS Code; the test module's run() result comes back through
// window.codeAutomationExit, and the shim exits with that code (0 = passed).
//
// Environment: CODE_SERVER_BIN (else scripts/install-code-server.sh's cache), CHROMIUM_BIN
// (/usr/bin/chromium), SHIM_TIMEOUT_MS (300000), E2E_ARTIFACTS (a failure screenshot goes there).
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, artifactsDir, chromiumBin, codeServerBin, makeRun, startCodeServer } from './lib/harness.mjs';

const dev = [];
const positional = [];
let tests, userDataDir, extensionsDir;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i];
  const [key, inline] = arg.startsWith('--') ? arg.split(/=(.*)/s) : [arg, undefined];
  const value = () => inline ?? argv[++i];
  if (key === '--extensionDevelopmentPath') dev.push(value());
  else if (key === '--extensionTestsPath') tests = value();
  else if (key === '--user-data-dir') userDataDir = value();
  else if (key === '--extensions-dir') extensionsDir = value();
  else if (!arg.startsWith('-')) positional.push(arg);
  // other VS Code flags (--no-sandbox, --disable-gpu-sandbox, --skip-welcome, ...) mean nothing here
}

const say = (m) => console.log(`[code-shim] ${m}`);
const run = makeRun('api-shim');
if (userDataDir) run.userDataDir = userDataDir;
if (extensionsDir) run.extensionsDir = extensionsDir;
mkdirSync(run.userDataDir, { recursive: true });
mkdirSync(run.extensionsDir, { recursive: true });
const folder = positional[0];

let server, browser;
let code = 1;
try {
  server = await startCodeServer(run, { bin: codeServerBin(), workspace: null });
  say(`code-server on ${server.origin} (process group ${server.pid})`);
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [...dev.map((d) => ['extensionDevelopmentPath', remote(path.resolve(d))]), ['skipWelcome', 'true']];
  if (tests) payload.push(['extensionTestsPath', remote(path.resolve(tests))]);
  const url = `${server.origin}/?${folder ? `folder=${encodeURIComponent(path.resolve(folder))}&` : ''}payload=${encodeURIComponent(JSON.stringify(payload))}`;

  browser = await chromium.launch({ executablePath: chromiumBin(), headless: true, args: CHROMIUM_ARGS, env: run.env });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (e) => say(`pageerror: ${e.message}`));
  code = await new Promise((resolve) => {
    const timeout = Number(process.env.SHIM_TIMEOUT_MS ?? 300_000);
    const timer = setTimeout(() => {
      say(`no result after ${timeout} ms`);
      resolve(2);
    }, timeout);
    // The workbench reports the extension host's console and the tests' exit code through these.
    page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      if (/\[ext-test\]/.test(text)) console.log(text);
      // the workbench's own errors (e.g. no gallery without internet): first line, unless SHIM_VERBOSE
      else if (type !== 'info') console.log(`[${type}] ${process.env.SHIM_VERBOSE ? text : text.split('\n')[0]}`);
    })
      .then(() => page.exposeFunction('codeAutomationExit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      }))
      .then(() => page.goto(url))
      .catch((error) => {
        clearTimeout(timer);
        say(`could not open the workbench: ${error.message}`);
        resolve(3);
      });
  });
  if (code !== 0) {
    const dir = path.join(artifactsDir, 'api');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, 'failure.png') }).catch(() => {});
  }
} catch (error) {
  say(error.stack ?? String(error));
  code = 3;
} finally {
  await browser?.close().catch(() => {});
  await server?.stop();
  run.cleanup([[server?.logFile, 'code-server.log'], [path.join(run.userDataDir, 'logs'), 'vscode-logs']], 'api');
}
say(`tests exited with ${code}`);
process.exit(code);
