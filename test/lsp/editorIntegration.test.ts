// What the VS Code client's status item, code lenses and "Lint the workspace" command rely on,
// over stdio: status notifications after each check, workspace/codeLens/refresh after each
// check of a policy, and iamMfaGuard/lintFiles publishing diagnostics for files read from disk.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LINT_FILES_REQUEST, type LintFilesResult } from '../../server/src/shared/lspProtocol';
import { AWS_EXEMPTION, mfaDeny, policyText } from '../testUtil';
import { EDITOR_CAPABILITIES, LspClient, docUri } from './harness';

const FLAWED = policyText(mfaDeny('iam:*')); // MFA001 error, MFA007 and MFA009 information
const SOUND = policyText(mfaDeny(AWS_EXEMPTION)); // MFA007 and MFA009 information
const NOT_A_POLICY = JSON.stringify({ name: 'left-pad', version: '1.3.0' });

/** Polls a condition on what the client has received, with a deadline (no fixed sleeps). */
async function until<T>(what: string, get: () => T | undefined, timeoutMs = 10000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('status notifications', () => {
  let client: LspClient;
  let silent: LspClient;
  before(async () => {
    client = await LspClient.start({ initializationOptions: { statusNotifications: true } });
    silent = await LspClient.start();
  });
  after(async () => {
    await client.stop();
    await silent.stop();
  });

  it('after each check: the policies found and the findings by severity, per version', async () => {
    const uri = docUri('status.json');
    await client.open(uri, FLAWED);
    const first = await until('status v1', () => client.statuses.find((s) => s.uri === uri && s.version === 1));
    assert.equal(first.selection, 'policy');
    assert.equal(first.policies, 1);
    assert.deepEqual(first.counts, { error: 1, warning: 0, information: 2, hint: 0 });
    await client.change(uri, 2, SOUND);
    const second = await until('status v2', () => client.statuses.find((s) => s.uri === uri && s.version === 2));
    assert.deepEqual(second.counts, { error: 0, warning: 0, information: 2, hint: 0 });
    await client.change(uri, 3, NOT_A_POLICY);
    const third = await until('status v3', () => client.statuses.find((s) => s.uri === uri && s.version === 3));
    assert.equal(third.selection, 'not-policy');
    assert.equal(third.policies, 0);
  });

  it('are not sent to a client that did not ask for them', async () => {
    const uri = docUri('quiet.json');
    await silent.open(uri, FLAWED);
    await silent.diagnosticsFor(uri, 1);
    assert.deepEqual(silent.statuses, []);
  });
});

describe('code lens refresh', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ capabilities: { ...EDITOR_CAPABILITIES, workspace: { ...EDITOR_CAPABILITIES.workspace, codeLens: { refreshSupport: true } } } });
  });
  after(async () => {
    await client.stop();
  });

  it('is asked for after the check of every new version of a policy, and the lens then has the new summary', async () => {
    const uri = docUri('lens.json');
    await client.open(uri, FLAWED);
    await client.diagnosticsFor(uri, 1);
    const afterOpen = await until('a refresh after open', () => (client.codeLensRefreshes > 0 ? client.codeLensRefreshes : undefined));
    const before = (await client.codeLens(uri))?.[0].command?.title;
    await client.change(uri, 2, SOUND);
    await client.diagnosticsFor(uri, 2);
    await until('a refresh after the change', () => (client.codeLensRefreshes > afterOpen ? true : undefined));
    const now = (await client.codeLens(uri))?.[0].command?.title;
    assert.match(before ?? '', /IAM actions reachable/);
    assert.match(now ?? '', /self-service only/);
  });

  it('is not asked for on files that never had a lens', async () => {
    const uri = docUri('package.json');
    const count = client.codeLensRefreshes;
    await client.open(uri, NOT_A_POLICY);
    await client.diagnosticsFor(uri, 1);
    await client.change(uri, 2, NOT_A_POLICY.replace('1.3.0', '1.3.1'));
    // a policy opened after it is checked later than the edit: its refresh proves the edit got none
    const other = docUri('other.json');
    await client.open(other, FLAWED);
    await client.diagnosticsFor(other, 1);
    await until('the refresh for the policy', () => (client.codeLensRefreshes > count ? true : undefined));
    assert.equal(client.codeLensRefreshes, count + 1);
  });
});

describe('iamMfaGuard/lintFiles (Lint the workspace)', () => {
  let client: LspClient;
  let dir: string;
  const uriOf = (name: string) => pathToFileURL(path.join(dir, name)).href;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-mfa-guard-ws-'));
    fs.writeFileSync(path.join(dir, 'flawed.json'), FLAWED);
    fs.writeFileSync(path.join(dir, 'sound.json'), SOUND);
    fs.writeFileSync(path.join(dir, 'package.json'), NOT_A_POLICY);
    fs.writeFileSync(path.join(dir, 'stack.yaml'), `Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Deny\n            NotAction: "iam:*"\n            Resource: "*"\n            Condition:\n              BoolIfExists:\n                aws:MultiFactorAuthPresent: "false"\n`);
    fs.writeFileSync(path.join(dir, 'blob.json'), Buffer.from([0x7b, 0, 1, 2]));
    client = await LspClient.start({ settings: { rules: { MFA007: 'off', MFA009: 'off' } } });
  });
  after(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads the files from disk, publishes their findings and says what it checked', async () => {
    const uris = ['flawed.json', 'sound.json', 'package.json', 'stack.yaml', 'blob.json', 'missing.json'].map(uriOf);
    const result = await client.request<LintFilesResult>(LINT_FILES_REQUEST, { uris });
    assert.equal(result.files, 4);
    assert.equal(result.withPolicies, 3);
    assert.equal(result.withProblems, 2);
    assert.deepEqual(result.counts, { error: 2, warning: 0, information: 0, hint: 0 });
    assert.deepEqual(result.unreadable.map((u) => [path.basename(u.uri), u.reason]), [['blob.json', 'binary file'], ['missing.json', 'ENOENT']]);
    const flawed = await client.waitForDiagnostics(uriOf('flawed.json'));
    assert.deepEqual(flawed.diagnostics.map((d) => d.code), ['MFA001']);
    const yaml = await client.waitForDiagnostics(uriOf('stack.yaml'));
    assert.deepEqual(yaml.diagnostics.map((d) => d.code), ['MFA001']);
    assert.ok(!client.published.some((p) => p.uri === uriOf('sound.json') || p.uri === uriOf('package.json')), 'nothing published for files without findings');
    assert.ok(client.logs.some((l) => /^Linted 4 files from the workspace in \d+ ms: 3 with IAM policies, 2 errors/.test(l)), client.logs.join('\n'));
  });

  it('an open document keeps its editor text; closed again, its file on disk is what counts', async () => {
    const uri = uriOf('flawed.json');
    await client.open(uri, SOUND);
    const editor = await client.diagnosticsFor(uri, 1);
    assert.deepEqual(editor.diagnostics, []);
    const result = await client.request<LintFilesResult>(LINT_FILES_REQUEST, { uris: [uri] });
    assert.deepEqual(result.counts, { error: 0, warning: 0, information: 0, hint: 0 }, 'the editor text, not the disk');
    const since = client.published.length;
    await client.close(uri);
    const restored = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0, 10000, since);
    assert.deepEqual(restored.diagnostics.map((d) => d.code), ['MFA001']);
  });

  it('a file fixed on disk and linted again loses its diagnostics', async () => {
    fs.writeFileSync(path.join(dir, 'stack.yaml'), 'Resources: {}\n');
    const since = client.published.length;
    await client.request<LintFilesResult>(LINT_FILES_REQUEST, { uris: [uriOf('stack.yaml')] });
    const cleared = await client.waitForDiagnostics(uriOf('stack.yaml'), () => true, 10000, since);
    assert.deepEqual(cleared.diagnostics, []);
  });

  it('bad parameters are answered, not crashed on', async () => {
    const result = await client.request<LintFilesResult>(LINT_FILES_REQUEST, { uris: [42, null, 'not a uri'] });
    assert.equal(result.files, 0);
    assert.equal(result.unreadable.length, 1);
    assert.ok(client.alive);
  });
});
