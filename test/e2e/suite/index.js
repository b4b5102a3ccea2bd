// Extension API tests, run inside VS Code's extension host by @vscode/test-electron (or by
// test/e2e/code-shim.mjs in code-server). The runTests contract: export run(), resolve = pass,
// reject = fail. The workspace holds fresh copies of published policies (see
// extension-api.test.mjs); every wait polls a state with a deadline.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');

const REPO = process.env.E2E_REPO_ROOT || path.resolve(__dirname, '..', '..', '..');
const EXTENSION_ID = (() => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  return `${pkg.publisher}.${pkg.name}`;
})();
const SOURCE = 'iam-mfa-guard';
const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('iam-mfa-guard');
const FLAWED = 'aws-docs-notaction-deny-all-users-not-using-mfa-2018-09.json';
const FIX_ALL = 'aws-docs-iam-mfa-selfmanage-2018-11-21.json';

const say = (m) => console.log(`[ext-test] ${m}`);
const tick = () => new Promise((resolve) => setTimeout(resolve, 100));

async function waitFor(fn, what, timeout = 30000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await tick(); // poll again: the state is produced by another process (the language server)
  }
}

const ws = () => vscode.workspace.workspaceFolders[0].uri;
const fileUri = (name) => vscode.Uri.joinPath(ws(), name);
const codeOf = (d) => (typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code));
const ours = (uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
const labelOf = (item) => (typeof item.label === 'string' ? item.label : item.label.label);
const hoverText = (hovers) => hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');

async function open(name) {
  const doc = await vscode.workspace.openTextDocument(fileUri(name));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** Code actions at `range`, polled: the first request right after activation can come back empty. */
async function actionsAt(uri, range, kind, accept) {
  return waitFor(async () => {
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, range, kind);
    return actions && accept(actions) ? actions : undefined;
  }, `code actions${kind ? ` of kind ${kind}` : ''} at ${uri.path.split('/').pop()}:${range.start.line + 1}`);
}

async function applyAction(action) {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `applyEdit for "${action.title}"`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments || []));
}

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

test('the extension activates on a JSON policy', async () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is loaded`);
  await open(FLAWED);
  await waitFor(() => ext.isActive, 'activation on a JSON file');
});

test('getDiagnostics: MFA001 on "iam:*", with MFA007 and MFA009 as information', async () => {
  const uri = fileUri(FLAWED);
  const diags = await waitFor(() => (ours(uri).length >= 3 ? ours(uri) : undefined), 'three iam-mfa-guard diagnostics');
  const byRule = new Map(diags.map((d) => [codeOf(d), d]));
  assert.deepStrictEqual([...byRule.keys()].sort(), ['MFA001', 'MFA007', 'MFA009']);
  const mfa001 = byRule.get('MFA001');
  assert.strictEqual(mfa001.severity, vscode.DiagnosticSeverity.Error);
  assert.match(mfa001.message, /detach this very policy/);
  const doc = await open(FLAWED);
  assert.strictEqual(doc.getText(mfa001.range), '"iam:*"');
  assert.strictEqual(byRule.get('MFA007').severity, vscode.DiagnosticSeverity.Information);
  assert.strictEqual(byRule.get('MFA009').severity, vscode.DiagnosticSeverity.Information);
  if (typeof mfa001.code === 'object') assert.match(String(mfa001.code.target), /docs\/rules\/MFA001\.md$/);
  say(`diagnostics: ${diags.map((d) => `${codeOf(d)}@${d.range.start.line + 1}:${d.range.start.character + 1}`).join(', ')}`);
});

test('settings: iamMfaGuard.rules turns MFA009 off and back on', async () => {
  const uri = fileUri(FLAWED);
  const config = vscode.workspace.getConfiguration('iamMfaGuard');
  await config.update('rules', { MFA009: 'off' }, vscode.ConfigurationTarget.Global);
  try {
    await waitFor(() => ours(uri).length > 0 && !ours(uri).some((d) => codeOf(d) === 'MFA009'), 'MFA009 gone after turning it off');
  } finally {
    await config.update('rules', undefined, vscode.ConfigurationTarget.Global);
  }
  await waitFor(() => ours(uri).some((d) => codeOf(d) === 'MFA009'), 'MFA009 back after removing the setting');
});

test('executeHoverProvider: the finding explained on "iam:*"', async () => {
  const uri = fileUri(FLAWED);
  const mfa001 = ours(uri).find((d) => codeOf(d) === 'MFA001');
  const at = mfa001.range.start.translate(0, 2);
  const hovers = await waitFor(async () => {
    const h = await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, at);
    return h && /MFA001/.test(hoverText(h)) ? h : undefined;
  }, 'a hover naming MFA001');
  const text = hoverText(hovers);
  assert.match(text, /\*\*MFA001 · [^*]+\*\*/);
  assert.match(text, /\*\*Attack:\*\* /);
  assert.match(text, /\*\*Fix:\*\* /);
  assert.match(text, /docs\/rules\/MFA001\.md/);
  assert.ok(!text.includes(mfa001.message.slice(0, 60)), 'the diagnostic message is not repeated');
  say(`hover: ${text.split('\n')[0]}`);
});

test('executeCodeLensProvider: the policy summary above "Statement"', async () => {
  const uri = fileUri(FLAWED);
  const lenses = await waitFor(async () => {
    const l = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri, 10);
    return l && l.some((x) => x.command && /Without MFA/.test(x.command.title)) ? l : undefined;
  }, 'a resolved code lens');
  const lens = lenses.find((x) => /Without MFA/.test(x.command.title));
  assert.match(lens.command.title, /access key: \d+ IAM actions reachable \(\d+ change permissions or credentials\), including iam:DetachUserPolicy/);
  assert.strictEqual(lens.range.start.line, 2, 'above "Statement" (line 3)');
  say(`code lens: ${lens.command.title}`);
});

test('executeCodeActionProvider: the MFA001 quick fix, applied, clears the finding', async () => {
  const uri = fileUri(FLAWED);
  const doc = await open(FLAWED);
  const mfa001 = ours(uri).find((d) => codeOf(d) === 'MFA001');
  const actions = await actionsAt(uri, mfa001.range, undefined, (a) => a.some((x) => /^Replace "iam:\*"/.test(x.title)));
  say(`code actions: ${actions.map((a) => `${a.title} [${a.kind && a.kind.value}]`).join(' | ')}`);
  const fix = actions.find((x) => /^Replace "iam:\*"/.test(x.title));
  assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind), `kind quickfix, got ${fix.kind && fix.kind.value}`);
  assert.ok(fix.isPreferred, 'the fix is the preferred action');
  await applyAction(fix);
  const expected = fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'fixed', FLAWED), 'utf8');
  assert.strictEqual(doc.getText(), expected, 'document after the quick fix = test/fixtures/fixed (the CLI --fix output)');
  await waitFor(() => ours(uri).length > 0 && !ours(uri).some((d) => codeOf(d) === 'MFA001'), 'MFA001 gone');
  await doc.save();
});

test(`executeCodeActionProvider: ${FIX_ALL_KIND.value} fixes every fixable finding at once`, async () => {
  const uri = fileUri(FIX_ALL);
  const doc = await open(FIX_ALL);
  await waitFor(() => ours(uri).filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning).length === 3, 'two MFA002 errors and an MFA014 warning');
  const whole = new vscode.Range(0, 0, doc.lineCount, 0);
  const actions = await actionsAt(uri, whole, FIX_ALL_KIND.value, (a) => a.length > 0);
  assert.strictEqual(actions.length, 1, `one fix-all action: ${actions.map((a) => a.title).join(' | ')}`);
  assert.ok(FIX_ALL_KIND.contains(actions[0].kind), `kind ${FIX_ALL_KIND.value}, got ${actions[0].kind && actions[0].kind.value}`);
  say(`fix-all: ${actions[0].title}`);
  await applyAction(actions[0]);
  const expected = fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'fixed', FIX_ALL), 'utf8');
  await waitFor(() => doc.getText() === expected, 'document = test/fixtures/fixed after fix-all', 10000).catch(() => assert.strictEqual(doc.getText(), expected));
  await waitFor(() => ours(uri).length > 0 && ours(uri).every((d) => d.severity === vscode.DiagnosticSeverity.Information), 'only information findings left');
  say(`left after fix-all: ${ours(uri).map(codeOf).join(', ')}`);
  await doc.save();
});

test('executeCompletionItemProvider: actions of a service inside "Action"', async () => {
  const uri = fileUri('completion.json');
  const text = '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Deny", "Action": "iam:Deac", "Resource": "*" }]\n}\n';
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
  const doc = await open('completion.json');
  const at = doc.positionAt(text.indexOf('iam:Deac') + 'iam:Deac'.length);
  const list = await waitFor(async () => {
    const l = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', uri, at);
    return l && l.items.some((i) => labelOf(i) === 'iam:DeactivateMFADevice') ? l : undefined;
  }, 'iam:DeactivateMFADevice offered');
  const item = list.items.find((i) => labelOf(i) === 'iam:DeactivateMFADevice');
  assert.strictEqual(item.kind, vscode.CompletionItemKind.Function);
  say(`completion: ${list.items.filter((i) => /^iam:Deac/.test(labelOf(i))).map(labelOf).join(', ')}`);
});

test('executeCompletionItemProvider: the contributed snippets by prefix', async () => {
  const uri = fileUri('snippet.json');
  await vscode.workspace.fs.writeFile(uri, Buffer.from('force-mfa-man'));
  const doc = await open('snippet.json');
  assert.strictEqual(doc.languageId, 'json');
  const list = await waitFor(async () => {
    const l = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', uri, new vscode.Position(0, 13));
    return l && l.items.some((i) => labelOf(i) === 'force-mfa-manage-own-credentials') ? l : undefined;
  }, 'snippet force-mfa-manage-own-credentials offered');
  const item = list.items.find((i) => labelOf(i) === 'force-mfa-manage-own-credentials');
  assert.strictEqual(item.kind, vscode.CompletionItemKind.Snippet);
  const body = item.insertText instanceof vscode.SnippetString ? item.insertText.value : String(item.insertText);
  assert.match(body, /AllowManageOwnPasswords/);
  say(`snippets offered: ${list.items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet).map(labelOf).join(', ')}`);
});

test('command "Lint the workspace": findings of a file nobody opened reach the Problems panel', async () => {
  const uri = fileUri('never-opened.json');
  await vscode.workspace.fs.writeFile(uri, fs.readFileSync(path.join(REPO, 'test', 'data', 'variants', FLAWED)));
  assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'not open');
  await vscode.commands.executeCommand('iamMfaGuard.lintWorkspace');
  const diags = await waitFor(() => (ours(uri).length ? ours(uri) : undefined), 'diagnostics for never-opened.json');
  assert.ok(diags.some((d) => codeOf(d) === 'MFA001' && d.severity === vscode.DiagnosticSeverity.Error), diags.map(codeOf).join(', '));
  say(`lint workspace: never-opened.json has ${diags.map(codeOf).join(', ')}`);
});

test('setting iamMfaGuard.workspaceScan "on": findings of a file nobody opened reach the Problems panel, and a change on disk is checked again', async () => {
  const uri = fileUri('scanned.json');
  await vscode.workspace.fs.writeFile(uri, fs.readFileSync(path.join(REPO, 'test', 'data', 'variants', FLAWED)));
  assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'not open');
  const config = vscode.workspace.getConfiguration('iamMfaGuard');
  await config.update('workspaceScan', 'on', vscode.ConfigurationTarget.Global);
  try {
    const diags = await waitFor(() => (ours(uri).some((d) => codeOf(d) === 'MFA001') ? ours(uri) : undefined), 'diagnostics for scanned.json from the background scan');
    say(`workspace scan: scanned.json has ${diags.map(codeOf).join(', ')}`);
    // Rewritten on disk as no policy at all: the watcher the server registered reports it, and its findings go.
    await vscode.workspace.fs.writeFile(uri, Buffer.from('{ "name": "not a policy" }\n'));
    await waitFor(() => ours(uri).length === 0, 'scanned.json cleared after it changed on disk');
  } finally {
    await config.update('workspaceScan', undefined, vscode.ConfigurationTarget.Global);
  }
});

test('command "Fix all in this file" applies the fix-all of the active file', async () => {
  const name = 'fix-all-command.json';
  const uri = fileUri(name);
  await vscode.workspace.fs.writeFile(uri, fs.readFileSync(path.join(REPO, 'test', 'data', 'variants', FIX_ALL)));
  const doc = await open(name);
  await waitFor(() => ours(uri).some((d) => codeOf(d) === 'MFA002'), 'MFA002 before the command');
  await vscode.commands.executeCommand('iamMfaGuard.fixAll');
  const expected = fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'fixed', FIX_ALL), 'utf8');
  await waitFor(() => doc.getText() === expected, 'the document fixed like the CLI --fix does', 15000).catch(() => assert.strictEqual(doc.getText(), expected));
  await waitFor(() => ours(uri).length > 0 && !ours(uri).some((d) => codeOf(d) === 'MFA002'), 'MFA002 gone');
  await doc.save();
});

test('command "Restart server": the server comes back and checks edits again', async () => {
  const commands = await vscode.commands.getCommands(true);
  for (const id of ['iamMfaGuard.restartServer', 'iamMfaGuard.showOutput', 'iamMfaGuard.fixAll', 'iamMfaGuard.lintWorkspace']) assert.ok(commands.includes(id), id);
  await vscode.commands.executeCommand('iamMfaGuard.restartServer');
  const name = 'after-restart.json';
  const uri = fileUri(name);
  await vscode.workspace.fs.writeFile(uri, fs.readFileSync(path.join(REPO, 'test', 'data', 'variants', FLAWED)));
  await open(name);
  await waitFor(() => ours(uri).some((d) => codeOf(d) === 'MFA001'), 'MFA001 from the restarted server');
  await vscode.commands.executeCommand('iamMfaGuard.showOutput');
});

exports.run = async function run() {
  const failures = [];
  for (const t of tests) {
    const started = Date.now();
    try {
      await t.fn();
      say(`✔ ${t.name} (${Date.now() - started} ms)`);
    } catch (error) {
      failures.push(t.name);
      say(`✖ ${t.name} (${Date.now() - started} ms)\n${error && error.stack ? error.stack : error}`);
    }
  }
  say(`${tests.length - failures.length} passing, ${failures.length} failing`);
  await vscode.commands.executeCommand('workbench.action.files.saveAll');
  if (failures.length) throw new Error(`${failures.length} extension test(s) failed: ${failures.join('; ')}`);
};
