// The editor at workspace scale, over stdio: LSP 3.17 pull diagnostics for the workspace
// (workspace/diagnostic with previousResultIds and partial results, textDocument/diagnostic) for
// clients that pull, and the background scan (iamMfaGuard.workspaceScan "on") for clients that
// take pushed diagnostics. A generated workspace in a temp folder holds policies with findings,
// files that are not policies, skipped folders, bad files (binary, a FIFO, too large, unreadable,
// links out of the tree); what the server reports is compared with what the core finds.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  CancellationTokenSource,
  ClientCapabilities,
  Diagnostic,
  DocumentDiagnosticReport,
  WorkspaceDiagnosticReport,
  WorkspaceDiagnosticReportPartialResult,
  WorkspaceDiagnosticRequest,
  WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import { lint, prepareLint } from '../../server/src/core';
import { formatOf } from '../../server/src/shared/formats';
import { AWS_EXEMPTION, mfaDeny, policyText } from '../testUtil';
import { EDITOR_CAPABILITIES, LspClient } from './harness';

const RULES = { MFA007: 'off', MFA009: 'off' } as const;
/** Policy files added to the scanned workspace, so that the scan takes a while. */
const COPIES = 400;
const MAX_FILE_SIZE = 4096;
const FLAWED = policyText(mfaDeny('iam:*')); // MFA001
const SOUND = policyText(mfaDeny(AWS_EXEMPTION)); // nothing, with MFA007 and MFA009 off
const BOOL = policyText(mfaDeny(AWS_EXEMPTION, 'Bool')); // MFA003
const TEMPLATE = `Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Deny\n            NotAction: "iam:*"\n            Resource: "*"\n            Condition:\n              BoolIfExists:\n                aws:MultiFactorAuthPresent: "false"\n`;
const TERRAFORM = `resource "aws_iam_policy" "force_mfa" {\n  name = "force-mfa"\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect = "Deny"\n      NotAction = ["iam:*"]\n      Resource = "*"\n      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "false" } }\n    }]\n  })\n}\n`;

/** Files of the generated workspace: relative path → content (policies and not). */
const FILES: Record<string, string> = {
  'policies/flawed.json': FLAWED,
  'policies/sound.json': SOUND,
  'policies/bool.json': BOOL,
  'templates/stack.yaml': TEMPLATE,
  'infra/main.tf': TERRAFORM,
  'package.json': JSON.stringify({ name: 'left-pad', version: '1.3.0' }),
  'config/app.yaml': 'server:\n  port: 8080\n',
  'README.md': 'A policy in Markdown is not checked: "Statement": []',
  'legacy/old.json': FLAWED, // excluded by the settings' exclude glob
  'node_modules/pkg/policy.json': FLAWED,
  '.git/hooks/policy.json': FLAWED,
  '.terraform/modules/m/policy.json': FLAWED,
  'big.json': policyText(...Array.from({ length: 40 }, () => mfaDeny('iam:*'))), // over maxFileSize
  'unreadable.json': FLAWED,
};

/** The capabilities of an editor that pulls diagnostics (VS Code's client announces these). */
const PULL_CAPABILITIES: ClientCapabilities = {
  ...EDITOR_CAPABILITIES,
  workspace: { ...EDITOR_CAPABILITIES.workspace, diagnostics: { refreshSupport: true } },
  textDocument: { ...EDITOR_CAPABILITIES.textDocument, diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } },
};

interface Workspace {
  readonly dir: string;
  readonly uriOf: (relative: string) => string;
  /** Whether this process (and so the server, same user) can read a chmod 000 file: root can. */
  readonly unreadableIsReadable: boolean;
  readonly cleanup: () => void;
}

function makeWorkspace(extraCopies = 0): Workspace {
  // An "@" in the path: VS Code writes it "%40" in URIs, pathToFileURL does not, and both must mean the same file.
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'iam-mfa-guard-workspace-@')));
  const outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'iam-mfa-guard-outside-')));
  for (const [relative, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    fs.writeFileSync(path.join(dir, relative), text);
  }
  for (let i = 0; i < extraCopies; i++) fs.writeFileSync(path.join(dir, 'policies', `copy-${String(i).padStart(4, '0')}.json`), i % 2 ? FLAWED : BOOL);
  fs.writeFileSync(path.join(dir, 'blob.json'), Buffer.from([0x7b, 0, 1, 2, 0x22, 0x53, 0x74]));
  fs.writeFileSync(path.join(outside, 'secret.json'), FLAWED);
  fs.symlinkSync(path.join(outside, 'secret.json'), path.join(dir, 'linked-out.json'));
  fs.symlinkSync(outside, path.join(dir, 'linked-out-dir'));
  fs.symlinkSync(path.join(dir, 'nowhere.json'), path.join(dir, 'dangling.json'));
  // A FIFO: reading it would block forever; it is not a regular file, so it is never read.
  spawnSync('mkfifo', [path.join(dir, 'pipe.json')]);
  fs.chmodSync(path.join(dir, 'unreadable.json'), 0o000);
  let unreadableIsReadable = true;
  try {
    fs.accessSync(path.join(dir, 'unreadable.json'), fs.constants.R_OK);
  } catch {
    unreadableIsReadable = false;
  }
  return {
    dir,
    uriOf: (relative) => pathToFileURL(path.join(dir, relative)).href,
    unreadableIsReadable,
    cleanup: () => {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    },
  };
}

/** What the core finds in a text, as the rule codes a diagnostic carries (sorted). */
async function expectedCodes(relative: string, text: string): Promise<string[]> {
  const format = formatOf(relative, text);
  await prepareLint(text, { format });
  return lint(text, { format, rules: RULES })
    .findings.map((f) => f.rule)
    .sort();
}

/** uri → sorted codes (a too-large note as "too-large") of every file the workspace should report. */
async function expectedReport(ws: Workspace, reported: (relative: string) => boolean = () => true): Promise<Map<string, string[]>> {
  const expected = new Map<string, string[]>();
  const checked = ['policies/flawed.json', 'policies/sound.json', 'policies/bool.json', 'templates/stack.yaml', 'infra/main.tf'];
  if (ws.unreadableIsReadable) checked.push('unreadable.json');
  for (const file of fs.readdirSync(path.join(ws.dir, 'policies')).filter((f) => f.startsWith('copy-'))) checked.push(`policies/${file}`);
  for (const relative of checked) if (reported(relative)) expected.set(ws.uriOf(relative), await expectedCodes(relative, fs.readFileSync(path.join(ws.dir, relative), 'utf8')));
  if (reported('big.json')) expected.set(ws.uriOf('big.json'), ['too-large']);
  return expected;
}

const codesOf = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => (d.code === undefined && /^Not analysed: this file is/.test(d.message) ? 'too-large' : String(d.code))).sort();

function fullItems(items: readonly WorkspaceDocumentDiagnosticReport[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const item of items) if (item.kind === 'full') map.set(item.uri, codesOf(item.items));
  return map;
}

const PULL_SETTINGS = { rules: RULES, exclude: ['legacy/**'], maxFileSize: MAX_FILE_SIZE, workspaceScan: 'on' };

describe('workspace/diagnostic (LSP 3.17 pull, for clients that pull)', () => {
  let ws: Workspace;
  let client: LspClient;
  let first: WorkspaceDiagnosticReport;
  before(async () => {
    ws = makeWorkspace();
    client = await LspClient.start({ capabilities: PULL_CAPABILITIES, rootUri: pathToFileURL(ws.dir).href, settings: PULL_SETTINGS });
    first = await client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] }, 60000);
  });
  after(async () => {
    await client.stop();
    ws.cleanup();
  });

  it('announces a diagnostic provider with workspace diagnostics, and pushes nothing', () => {
    assert.deepEqual(client.initializeResult.capabilities.diagnosticProvider, { identifier: 'iam-mfa-guard', interFileDependencies: false, workspaceDiagnostics: true });
    assert.deepEqual(client.published, []);
  });

  it('lists exactly the policy files, each with the diagnostics the core finds in it', async () => {
    assert.ok(first.items.every((i) => i.kind === 'full' && typeof i.resultId === 'string' && i.version === null));
    assert.deepEqual(fullItems(first.items), await expectedReport(ws));
    // Clean policies are listed too (with no items), so a client clears what it held for them.
    assert.deepEqual(fullItems(first.items).get(ws.uriOf('policies/sound.json')), []);
    if (!ws.unreadableIsReadable) assert.ok(client.logs.some((l) => l.includes('unreadable.json: permission denied')), client.logs.join('\n'));
  });

  it('answers a second pull "unchanged" for untouched files, in full for an edited one, and clears a deleted one', async () => {
    fs.writeFileSync(path.join(ws.dir, 'policies/bool.json'), FLAWED);
    fs.rmSync(path.join(ws.dir, 'templates/stack.yaml'));
    const previousResultIds = first.items.map((i) => ({ uri: i.uri, value: i.resultId! }));
    const second = await client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds }, 60000);
    const byUri = new Map(second.items.map((i) => [i.uri, i]));
    const edited = byUri.get(ws.uriOf('policies/bool.json'));
    assert.equal(edited?.kind, 'full');
    assert.deepEqual(edited.kind === 'full' && codesOf(edited.items), await expectedCodes('policies/bool.json', FLAWED));
    assert.notEqual(edited.resultId, first.items.find((i) => i.uri === edited.uri)?.resultId);
    const deleted = byUri.get(ws.uriOf('templates/stack.yaml'));
    assert.deepEqual(deleted && deleted.kind === 'full' && deleted.items, []);
    const untouched = first.items.map((i) => i.uri).filter((u) => u !== edited.uri && u !== deleted?.uri);
    assert.ok(untouched.length >= 4);
    for (const uri of untouched) assert.equal(byUri.get(uri)?.kind, 'unchanged', uri);
    assert.equal(second.items.length, untouched.length + 2);
    fs.writeFileSync(path.join(ws.dir, 'policies/bool.json'), BOOL);
    fs.writeFileSync(path.join(ws.dir, 'templates/stack.yaml'), TEMPLATE);
  });

  it('streams partial results per slice when the client gives a partialResultToken', async () => {
    const token = 'partial-1';
    const partials: WorkspaceDocumentDiagnosticReport[] = [];
    const disposable = client.connection.onProgress(WorkspaceDiagnosticRequest.partialResult, token, (p: WorkspaceDiagnosticReportPartialResult) => partials.push(...p.items));
    try {
      const final = await client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [], partialResultToken: token }, 60000);
      assert.deepEqual(fullItems([...partials, ...final.items]), await expectedReport(ws));
      assert.equal(partials.length + final.items.length, new Set([...partials, ...final.items].map((i) => i.uri)).size, 'each file once');
    } finally {
      disposable.dispose();
    }
  });

  it('reports an open document from its editor text, with its version; textDocument/diagnostic answers "unchanged" for the same text', async () => {
    const walked = ws.uriOf('policies/flawed.json');
    // Opened as VS Code spells the URI.
    const uri = walked.replace('@', '%40');
    assert.notEqual(uri, walked);
    await client.open(uri, SOUND, 'json', 7);
    const report = await client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] }, 60000);
    const item = report.items.find((i) => i.uri === walked);
    assert.equal(item?.version, 7);
    assert.deepEqual(item.kind === 'full' && item.items, [], 'the editor text, not the flawed file on disk');
    const pulled = await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
    assert.equal(pulled.kind, 'full');
    await client.change(uri, 8, BOOL);
    const changed = await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: pulled.resultId });
    assert.deepEqual(changed.kind === 'full' && codesOf(changed.items), await expectedCodes('x.json', BOOL));
    const again = await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: changed.resultId });
    assert.deepEqual(again, { kind: 'unchanged', resultId: changed.resultId });
    await client.close(uri);
    assert.deepEqual(client.published, [], 'a pulling client gets nothing pushed');
  });

  it('a file nobody opened is answered from disk by textDocument/diagnostic', async () => {
    const pulled = await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: ws.uriOf('templates/stack.yaml') } });
    assert.deepEqual(pulled.kind === 'full' && codesOf(pulled.items), await expectedCodes('templates/stack.yaml', TEMPLATE));
  });

  it('a cancelled workspace pull is answered with RequestCancelled and the server keeps serving', async () => {
    // $/cancelRequest travels behind the request: a server that has answered by the time it
    // arrives has answered in full, as LSP allows, so one of a few tries must be cut short.
    const outcomes: string[] = [];
    for (let attempt = 0; attempt < 5 && !outcomes.includes('cancelled'); attempt++) {
      const source = new CancellationTokenSource();
      const pending = client.connection.sendRequest<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] }, source.token);
      source.cancel();
      outcomes.push(
        await pending.then(
          (report) => (Array.isArray(report.items) ? 'answered' : 'no items'),
          (error: { code?: number }) => (error.code === -32800 ? 'cancelled' : `error ${error.code}`),
        ),
      );
    }
    assert.ok(outcomes.includes('cancelled'), `no try was cancelled: ${outcomes.join(', ')}`);
    assert.ok(outcomes.every((o) => o === 'answered' || o === 'cancelled'), outcomes.join(', '));
    const pulled = await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: ws.uriOf('policies/flawed.json') } });
    assert.equal(pulled.kind, 'full');
  });

  it('a settings change asks the client to pull again (workspace/diagnostic/refresh)', async () => {
    const before = client.diagnosticRefreshes;
    await client.changeSettings({ ...PULL_SETTINGS, rules: { ...RULES, MFA001: 'warning' } });
    const deadline = Date.now() + 10000;
    while (client.diagnosticRefreshes === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.equal(client.diagnosticRefreshes, before + 1);
  });

  it('bad parameters are answered, not crashed on', async () => {
    const report = await client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [null, 5, { uri: 3 }] }, 60000);
    assert.ok(report.items.length > 0);
    await assert.rejects(client.request('textDocument/diagnostic', { textDocument: {} }));
    assert.ok(client.alive);
  });

  it('with iamMfaGuard.workspaceScan "off", reports no file (and clears what the client holds), while documents are still answered', async () => {
    await client.changeSettings({ ...PULL_SETTINGS, workspaceScan: 'off' });
    const held = first.items.map((i) => ({ uri: i.uri, value: i.resultId! }));
    const report = await client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: held }, 60000);
    assert.deepEqual(report.items.map((i) => [i.uri, i.kind === 'full' && i.items.length]).sort(), held.map((h) => [h.uri, 0]).sort());
    const empty = await client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] }, 60000);
    assert.deepEqual(empty.items, []);
    const pulled = await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: ws.uriOf('templates/stack.yaml') } });
    assert.equal(pulled.kind === 'full' && pulled.items.length, 1);
  });
});

describe('background scan (iamMfaGuard.workspaceScan "on", for clients that take pushed diagnostics)', () => {
  let ws: Workspace;
  let client: LspClient;
  const settings = { rules: RULES, exclude: ['legacy/**'], maxFileSize: MAX_FILE_SIZE, workspaceScan: 'on', debounceMs: 0 };
  before(async () => {
    ws = makeWorkspace(COPIES);
    const capabilities: ClientCapabilities = { ...EDITOR_CAPABILITIES, workspace: { ...EDITOR_CAPABILITIES.workspace, didChangeWatchedFiles: { dynamicRegistration: true } } };
    client = await LspClient.start({ capabilities, rootUri: pathToFileURL(ws.dir).href, settings });
    await client.waitForLog(/^Workspace scan: /, 120000);
  });
  after(async () => {
    await client.stop();
    ws.cleanup();
  });

  it('publishes the diagnostics of the files nobody opened: exactly the policy files with findings', async () => {
    const expected = new Map([...(await expectedReport(ws))].filter(([, codes]) => codes.length > 0));
    const published = new Map([...client.latestDiagnostics()].map(([uri, p]) => [uri, codesOf(p.diagnostics)]));
    assert.deepEqual(published, expected);
    assert.ok([...client.latestDiagnostics().values()].every((p) => p.version === undefined), 'read from disk: no document version');
    // Every file of a linted type outside node_modules, .git and .terraform: not README.md, the FIFO or the links out of the tree.
    const walked = Object.keys(FILES).filter((r) => /\.(json|jsonc|ya?ml|template|tf)$/.test(r) && !/^(node_modules|\.git|\.terraform)\//.test(r)).length + COPIES + 1;
    const line = client.logs.find((l) => l.startsWith('Workspace scan: '))!;
    assert.match(line, new RegExp(`^Workspace scan: ${walked} files checked in \\d+ ms, ${expected.size + 1} with IAM policies, ${expected.size} with findings`), line); // sound.json: a policy without findings
  });

  it('watches policy files, and checks a file changed on disk again (didChangeWatchedFiles)', async () => {
    assert.ok(client.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles' && JSON.stringify(r.registerOptions).includes('**/*.{json,jsonc,yaml,yml,template,tf}')));
    const uri = ws.uriOf('templates/stack.yaml');
    fs.writeFileSync(path.join(ws.dir, 'templates/stack.yaml'), 'Resources: {}\n');
    let since = client.published.length;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
    assert.deepEqual((await client.waitForDiagnostics(uri, () => true, 10000, since)).diagnostics, []);
    const bool = ws.uriOf('policies/bool.json');
    fs.rmSync(path.join(ws.dir, 'policies/bool.json'));
    since = client.published.length;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: bool, type: 3 }] });
    assert.deepEqual((await client.waitForDiagnostics(bool, () => true, 10000, since)).diagnostics, []);
    // A file in node_modules is never the workspace's, changed or not.
    fs.writeFileSync(path.join(ws.dir, 'templates/stack.yaml'), TEMPLATE);
    since = client.published.length;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uriOf('node_modules/pkg/policy.json'), type: 2 }, { uri, type: 2 }] });
    await client.waitForDiagnostics(uri, () => true, 10000, since);
    assert.ok(!client.published.slice(since).some((p) => p.uri.includes('node_modules')));
  });

  it('an open document edited while the workspace is scanned keeps its editor diagnostics; closed, it gets its disk diagnostics back', async () => {
    const walked = ws.uriOf('policies/flawed.json');
    // Opened as VS Code spells the URI ("%40" for "@"): still the same file.
    const uri = walked.replace('@', '%40');
    const logsBefore = client.logs.length;
    // A settings change scans the workspace again; the document is opened and edited meanwhile.
    await client.changeSettings({ ...settings });
    const opened = client.published.length;
    await client.open(uri, SOUND, 'json', 1);
    for (let v = 2; v <= 6; v++) await client.change(uri, v, v % 2 ? SOUND : BOOL);
    await client.diagnosticsFor(uri, 6);
    await client.waitForLog(/^Workspace scan: /, 120000, logsBefore);
    const afterOpen = client.published.slice(opened).filter((p) => p.uri === uri);
    assert.ok(afterOpen.length > 0 && afterOpen.every((p) => typeof p.version === 'number'), 'nothing from disk published for the open document');
    assert.deepEqual(client.published.slice(opened).filter((p) => p.uri === walked), [], 'nor under the URI the walk spells');
    assert.deepEqual(codesOf(afterOpen[afterOpen.length - 1].diagnostics), await expectedCodes('x.json', BOOL));
    const since = client.published.length;
    await client.close(uri);
    const restored = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0, 10000, since);
    assert.deepEqual(codesOf(restored.diagnostics), await expectedCodes('policies/flawed.json', FLAWED));
    assert.equal(restored.version, undefined);
  });

  it('turned off, what the scan published is cleared', async () => {
    const withFindings = [...client.latestDiagnostics()].filter(([, p]) => p.diagnostics.length > 0).map(([uri]) => uri);
    assert.ok(withFindings.length > 100);
    const since = client.published.length;
    await client.changeSettings({ ...settings, workspaceScan: 'off' });
    for (const uri of withFindings) await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0, 30000, since);
    assert.ok(client.published.slice(since).every((p) => p.diagnostics.length === 0));
  });
});
