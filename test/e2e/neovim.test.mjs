// Neovim (headless, Debian's 0.7.2) as a second real LSP client of `iam-mfa-guard lsp --stdio`
// (out/server/src/cli/main.js from `npm run build`): test/e2e/nvim-lsp.lua reads diagnostics,
// hovers, applies the MFA001 quick fix, compares the buffer with test/fixtures/fixed and waits
// for the finding to go. Neovim runs in its own process group with its own XDG folders.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import {
  copyInto, e2eDir, freshArtifacts, killGroupNow, log as baseLog, makeRun, need, registerCleanup, repoRoot, stopGroup, variantsDir,
} from './lib/harness.mjs';

const SUITE = 'neovim';
const log = (m) => baseLog(SUITE, m);
const FLAWED = 'aws-docs-notaction-deny-all-users-not-using-mfa-2018-09.json';
const CLI = path.join(repoRoot, 'out', 'server', 'src', 'cli', 'main.js');

let run, child;
after(async () => {
  if (child) await stopGroup(child.pid);
  run?.cleanup();
});

test('Neovim: diagnostics, hover, quick fix applied, finding gone', { timeout: 120_000 }, async () => {
  const nvim = process.env.NVIM_BIN ?? 'nvim';
  const version = spawnSync(nvim, ['--version'], { encoding: 'utf8' });
  need(version.status === 0, `${nvim} (apt-get install neovim, or set NVIM_BIN)`);
  need(existsSync(CLI), `${path.relative(repoRoot, CLI)} (run \`npm run build\`)`);
  log(version.stdout.split('\n')[0]);
  run = makeRun(SUITE);
  const policy = copyInto(run.workspace, path.join(variantsDir, FLAWED));
  const expected = path.join(repoRoot, 'test', 'fixtures', 'fixed', FLAWED);

  const started = Date.now();
  child = spawn(nvim, ['--headless', '-n', '-i', 'NONE', '-u', 'NONE', '--noplugin', '-c', `luafile ${path.join(e2eDir, 'nvim-lsp.lua')}`, policy], {
    cwd: run.workspace,
    env: { ...run.env, IAM_MFA_GUARD_CLI: CLI, EXPECTED: expected },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const unregister = registerCleanup(() => killGroupNow(child.pid));
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { err += d; });
  const closed = new Promise((resolve) => child.on('close', resolve));
  const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? signal)));
  // the output is complete when the pipes close (at once, unless a straggler holds them)
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  unregister();
  const transcript = out.replace(/\r/g, '').trim();
  const messages = err.replace(/\r/g, '').trim();
  writeFileSync(path.join(freshArtifacts(SUITE), 'transcript.txt'), `${transcript}\n${messages ? `--- nvim messages (stderr)\n${messages}\n` : ''}`);
  for (const line of transcript.split('\n')) log(line);
  if (messages) log(`nvim messages: ${messages}`);
  log(`nvim exited ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  assert.equal(code, 0, `nvim exit code (transcript above)`);
  assert.match(transcript, /^DIAG 6:22 MFA001 ERROR$/m);
  assert.match(transcript, /^HOVER \*\*MFA001 · NotAction exemption/m);
  assert.match(transcript, /^ACTION Replace "iam:\*" with the AWS-recommended self-service list/m);
  assert.match(transcript, /^TEXT equals /m);
  assert.match(transcript, /^PASS$/m);
});
