// Extension API tests through @vscode/test-electron's runTests: the extension under development
// (this checkout: package.json "main" -> dist/client.js, `npm run bundle`) is loaded into VS Code
// and test/e2e/suite/index.js runs inside its extension host, asserting through the `vscode` API.
//
// Which VS Code:
//   VSCODE_EXECUTABLE=/path/to/code   a desktop VS Code (or Insiders) binary: runTests launches it
//   E2E_VSCODE_VERSION=stable|1.100.3 test-electron downloads that build (needs internet)
//   neither                           test/e2e/code-shim.mjs: code-server + headless chromium
import { chmodSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, test } from 'node:test';
import {
  artifactsDir, chromiumBin, codeServerBin, copyInto, e2eDir, freshArtifacts, log as baseLog, makeRun, need, repoRoot, variantsDir, writeUserSettings,
} from './lib/harness.mjs';

const require = createRequire(import.meta.url);
const { runTests } = require('@vscode/test-electron');
const SUITE = 'api';
const log = (m) => baseLog(SUITE, m);

let run;
after(() => run?.cleanup([[path.join(run.userDataDir, 'logs'), 'vscode-logs']]));

test('extension API: diagnostics, code actions, fix-all, hover, completion, code lens', { timeout: 420_000 }, async () => {
  need(existsSync(path.join(repoRoot, 'dist', 'client.js')) && existsSync(path.join(repoRoot, 'dist', 'server.js')), 'dist/client.js and dist/server.js (run `npm run bundle` or `npm run package`)');
  freshArtifacts(SUITE);
  run = makeRun(SUITE);
  for (const name of ['aws-docs-notaction-deny-all-users-not-using-mfa-2018-09.json', 'aws-docs-iam-mfa-selfmanage-2018-11-21.json']) {
    copyInto(run.workspace, path.join(variantsDir, name));
  }
  writeUserSettings(run.userDataDir);

  const options = {
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(e2eDir, 'suite', 'index.js'),
    launchArgs: [run.workspace, '--user-data-dir', run.userDataDir, '--extensions-dir', run.extensionsDir, '--disable-extensions'],
    extensionTestsEnv: { ...run.env, E2E_REPO_ROOT: repoRoot, E2E_ARTIFACTS: artifactsDir },
  };
  let how;
  if (process.env.VSCODE_EXECUTABLE) {
    need(existsSync(process.env.VSCODE_EXECUTABLE), `VSCODE_EXECUTABLE=${process.env.VSCODE_EXECUTABLE}`);
    options.vscodeExecutablePath = process.env.VSCODE_EXECUTABLE;
    how = `desktop VS Code ${process.env.VSCODE_EXECUTABLE}`;
  } else if (process.env.E2E_VSCODE_VERSION) {
    options.version = process.env.E2E_VSCODE_VERSION;
    how = `VS Code ${options.version} downloaded by @vscode/test-electron`;
  } else {
    const shim = path.join(e2eDir, 'code-shim.mjs');
    chmodSync(shim, 0o755); // runTests spawns it directly
    options.vscodeExecutablePath = shim;
    // resolve the prerequisites here, so a missing one fails with its own message
    options.extensionTestsEnv.CODE_SERVER_BIN = codeServerBin();
    options.extensionTestsEnv.CHROMIUM_BIN = chromiumBin();
    how = 'code-server through test/e2e/code-shim.mjs';
  }
  log(`running test/e2e/suite in ${how}`);
  const started = Date.now();
  await runTests(options); // rejects with TestRunFailedError when run() throws
  log(`extension API tests passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
