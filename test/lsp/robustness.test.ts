// The server survives what clients and files do: huge files, bursts of edits, cancellation,
// stale versions; and it never opens a socket of its own.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource } from 'vscode-languageserver/node';
import { lint } from '../../server/src/core';
import { AWS_EXEMPTION, readVariant } from '../testUtil';
import { LspClient, docUri, rangeOf } from './harness';

describe('robustness over stdio', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    await client.stop();
  });

  it('answers a 50 MB file with one clear "not analysed" diagnostic, then serves the next request', async () => {
    const statement = JSON.stringify({ Effect: 'Deny', NotAction: 'iam:*', Resource: '*' });
    const count = Math.ceil((50 * 1024 * 1024) / (statement.length + 1));
    const text = `{"Version": "2012-10-17", "Statement": [${Array(count).fill(statement).join(',')}]}`;
    const uri = docUri('huge.json');
    const started = Date.now();
    await client.open(uri, text);
    const { diagnostics } = await client.diagnosticsFor(uri, 1);
    assert.equal(diagnostics.length, 1);
    assert.match(diagnostics[0].message, /Not analysed: this file is 50\.\d MB, over the iamMfaGuard\.maxFileSize limit of 4\.0 MB/);
    assert.ok(Date.now() - started < 20_000, 'no hang');
    await client.close(uri);
    const small = docUri('after-huge.json');
    await client.open(small, readVariant('aws-docs-notaction-deny-all-users-not-using-mfa-2018-09.json'));
    assert.ok((await client.diagnosticsFor(small, 1)).diagnostics.some((d) => d.code === 'MFA001'));
  });

  it('after 100 rapid edits only the last version is analysed and published', async () => {
    const base = readVariant('aws-docs-self-manage-credentials-2022-11.json');
    const uri = docUri('rapid.json');
    await client.open(uri, base);
    await client.diagnosticsFor(uri, 1);
    const before = client.published.length;
    for (let v = 2; v <= 101; v++) await client.change(uri, v, base.replace('"BoolIfExists"', v === 101 ? '"Bool"' : `"BoolIfExists" `.trimEnd()));
    const last = await client.diagnosticsFor(uri, 101);
    assert.ok(last.diagnostics.some((d) => d.code === 'MFA003'), 'the last text (Bool) is the one analysed');
    const forThisUri = client.published.slice(before).filter((p) => p.uri === uri);
    assert.deepEqual(forThisUri.map((p) => p.version), [101]);
  });

  it('survives a cancelled request and answers the next one', async () => {
    const text = readVariant('trek10-force-mfa-2017-original.corrected.json');
    const uri = docUri('cancel.json');
    await client.open(uri, text);
    await client.diagnosticsFor(uri, 1);
    const source = new CancellationTokenSource();
    const pending = client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } }, source.token).catch((e: Error) => e);
    source.cancel();
    await pending; // either answered or cancelled: both are fine, a crash is not
    const lenses = await client.codeLens(uri);
    assert.ok(lenses && lenses.length > 0);
  });

  it('copes with versions out of order: the newest text wins', async () => {
    const text = readVariant('aws-docs-notaction-deny-all-users-not-using-mfa-2018-09.json');
    const uri = docUri('versions.json');
    await client.open(uri, text, 'json', 5);
    await client.diagnosticsFor(uri, 5);
    await client.change(uri, 4, text.replace('"iam:*"', '"iam:GetUser"'));
    await client.change(uri, 6, text);
    const { diagnostics } = await client.diagnosticsFor(uri, 6);
    assert.ok(diagnostics.some((d) => d.code === 'MFA001'));
    assert.equal(client.child.exitCode, null, 'still running');
  });

  it('an older version with a different text after a newer one: answered for that text, never with the newer result', async () => {
    const original = readVariant('aws-docs-notaction-deny-all-users-not-using-mfa-2018-09.json');
    const fixed = original.replace('"iam:*"', JSON.stringify(AWS_EXEMPTION));
    // Older and different from both: the exemption stays broken and the operator misses access keys.
    const older = original.replace('"BoolIfExists"', '"Bool"');
    assert.notEqual(older, original);
    const uri = docUri('older-after-newer.json');
    await client.open(uri, original);
    await client.diagnosticsFor(uri, 1);
    await client.change(uri, 3, fixed);
    const newer = await client.diagnosticsFor(uri, 3);
    assert.ok(!newer.diagnostics.some((d) => d.code === 'MFA001'));
    const from = client.published.length;
    await client.change(uri, 2, older);
    const stale = await client.waitForDiagnostics(uri, (p) => p.version === 2, 15000, from);
    // Computed from the text that came with version 2, not the cached result of version 3.
    assert.deepEqual(stale.diagnostics.map((d) => d.code), lint(older).findings.map((f) => f.rule));
    assert.ok(stale.diagnostics.some((d) => d.code === 'MFA001') && stale.diagnostics.some((d) => d.code === 'MFA003'));
    // Hover and quick-fix answer for that text too.
    const hover = await client.hover(uri, rangeOf(older, '"iam:*"').start);
    assert.match(JSON.stringify(hover?.contents), /MFA001/);
    const mfa001 = stale.diagnostics.find((d) => d.code === 'MFA001')!;
    const actions = await client.request<{ title: string }[]>('textDocument/codeAction', { textDocument: { uri }, range: mfa001.range, context: { diagnostics: [mfa001], only: ['quickfix'] } });
    assert.ok(actions.length > 0, 'the MFA001 quick-fix of the older text is offered');
    assert.equal(client.child.exitCode, null, 'still running');
  });

  it('opens no network socket: its only sockets are the stdio socketpairs', async () => {
    // Node gives a child's stdio pipes as Unix socketpairs, so count only sockets that appear
    // in the kernel's TCP/UDP tables (IPv4 and IPv6) for this process.
    const pid = client.child.pid!;
    const inodes = fs
      .readdirSync(`/proc/${pid}/fd`)
      .map((fd) => {
        try {
          return /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        } catch {
          return undefined;
        }
      })
      .filter((i): i is string => !!i);
    assert.ok(inodes.length >= 2, 'the stdio sockets are seen, so the check can see sockets at all');
    const network = ['tcp', 'tcp6', 'udp', 'udp6'].flatMap((table) => {
      const rows = fs.readFileSync(`/proc/${pid}/net/${table}`, 'utf8').trim().split('\n').slice(1);
      return rows.map((row) => row.trim().split(/\s+/)[9]).filter((inode) => inodes.includes(inode)).map((inode) => `${table}:${inode}`);
    });
    assert.deepEqual(network, []);
  });
});
