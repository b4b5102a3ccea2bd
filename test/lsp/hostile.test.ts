// Issue 14 over stdio: what a hostile document or a broken client does to the language server.
import assert from 'node:assert/strict';
import { fork, spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { CLI_MAIN, LspClient, docUri, hoverText, positionOf } from './harness';
import { REPO_ROOT } from '../testUtil';

/** Starts the server, writes `bytes` to it raw, and resolves with its exit code (or 'alive' after `ms`). */
function rawSession(bytes: Buffer, ms: number): Promise<{ code: number | 'alive'; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_MAIN, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], cwd: REPO_ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ code: 'alive', stdout, stderr });
    }, ms);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
    child.stdin.write(bytes);
  });
}

const frame = (body: string, length = Buffer.byteLength(body)) => Buffer.from(`Content-Length: ${length}\r\n\r\n${body}`);
const initialize = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });

describe('hostile input over stdio: the protocol', () => {
  it('a header without a valid Content-Length, or a lying one, ends the server with an error instead of a silent hang', async () => {
    for (const bytes of [
      Buffer.from('Content-Length: abc\r\n\r\n{}'),
      Buffer.from('Content-Type: x\r\n\r\n{}'),
      Buffer.concat([frame(initialize, 20), Buffer.from('garbage that is not a header\r\n\r\n')]),
    ]) {
      const r = await rawSession(bytes, 20_000);
      assert.notEqual(r.code, 'alive', `still alive after: ${bytes.toString().slice(0, 40)}`);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /exiting/);
    }
  });

  it('a Content-Length larger than what arrives ends the server once it is clearly not coming', async () => {
    const r = await rawSession(frame(initialize, 10_000), 40_000);
    assert.notEqual(r.code, 'alive');
    assert.notEqual(r.code, 0);
  });

  it('initialize with malformed params is answered with an error, and the server stays usable', async () => {
    const bytes = Buffer.concat([
      frame(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: null })),
      frame(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'initialize', params: { capabilities: 'nope' } })),
      frame(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'initialize', params: { capabilities: { textDocument: { codeAction: { resolveSupport: { properties: 5 } } } }, workspaceFolders: 'x' } })),
      frame(initialize.replace('"id":1', '"id":4')),
    ]);
    const r = await rawSession(bytes, 5_000);
    for (const id of [1, 2, 3]) assert.match(r.stdout, new RegExp(`"id":${id},"error":\\{"code":-32\\d{3}`), `request ${id} answered with an error`);
    assert.match(r.stdout, /"id":4,"result":\{"capabilities"/);
  });

  it('after shutdown requests are refused with InvalidRequest, and exit ends the process with 0', async () => {
    const client = await LspClient.start();
    await client.request('shutdown', null);
    const refused = await client.request('textDocument/hover', { textDocument: { uri: docUri('x.json') }, position: { line: 0, character: 0 } }).then(
      () => undefined,
      (e: { code?: number }) => e,
    );
    assert.equal(refused?.code, -32600);
    await client.connection.sendNotification('exit');
    const code = await new Promise<number | null>((resolve) => (client.alive ? client.child.once('exit', (c) => resolve(c)) : resolve(client.child.exitCode)));
    assert.equal(code, 0);
  });
});

describe('hostile input over node IPC (the VS Code client\'s transport)', () => {
  it('messages that are not JSON-RPC are dropped with a note, the server answers what follows, refuses requests after shutdown, and ends when the parent disconnects', async () => {
    const child = fork(CLI_MAIN, ['lsp', '--node-ipc'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const replies = new Map<number, { result?: unknown; error?: { code: number } }>();
    child.on('message', (m: { id?: number; result?: unknown; error?: { code: number } }) => {
      if (typeof m?.id === 'number') replies.set(m.id, m);
    });
    const reply = async (id: number) => {
      for (let waited = 0; !replies.has(id) && waited < 20_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
      return replies.get(id);
    };
    for (const garbage of ['text', 42, true, [1, 2], { method: 'initialize', id: 9 }, { jsonrpc: '1.0', id: 8, method: 'x' }]) child.send(garbage);
    child.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    assert.ok((await reply(1))?.result, 'initialize answered after the garbage');
    assert.equal(replies.has(9), false, 'the message without "jsonrpc" was not taken as a request');
    child.send({ jsonrpc: '2.0', id: 2, method: 'shutdown', params: null });
    await reply(2);
    child.send({ jsonrpc: '2.0', id: 3, method: 'textDocument/hover', params: { textDocument: { uri: docUri('x.json') }, position: { line: 0, character: 0 } } });
    assert.equal((await reply(3))?.error?.code, -32600);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.disconnect();
    const code = await Promise.race([exited, new Promise<'alive'>((r) => setTimeout(() => r('alive'), 20_000))]);
    if (code === 'alive') child.kill('SIGKILL');
    assert.notEqual(code, 'alive', 'the server ends when its parent goes');
    assert.match(stderr, /dropped a message that is not JSON-RPC 2\.0/);
  });
});

describe('hostile input over stdio: documents', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    await client.stop();
  });

  it('a document the depth guard refuses shows a diagnostic saying so, never an empty list', async () => {
    for (const [name, text, languageId] of [
      ['deep-comment.json', `{"Statement": /* " */ ${'['.repeat(100_000)}`, 'json'],
      ['deep.yaml', `Statement:\n${'- '.repeat(4_000)}x\n`, 'yaml'],
    ] as const) {
      const uri = docUri(name);
      await client.open(uri, text, languageId);
      const { diagnostics } = await client.diagnosticsFor(uri, 1);
      assert.ok(diagnostics.some((d) => /not analysed/.test(d.message)), `${name}: ${JSON.stringify(diagnostics)}`);
    }
  });

  it('a Sid or action full of backticks cannot break out of the hover into a link or an image', async () => {
    const sid = 'x` ![pwn](https://attacker.example/i.png) [click](https://attacker.example) `';
    const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Deny', NotAction: ['iam:`[a](https://attacker.example)`'], Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }] }, null, 2);
    const uri = docUri('backticks.json');
    await client.open(uri, text);
    await client.diagnosticsFor(uri, 1);
    for (const needle of ['"Sid"', 'iam:`', '"Deny"']) {
      const markdown = hoverText(await client.hover(uri, positionOf(text, needle, 2)));
      assert.ok(markdown.length > 0, needle);
      // Outside code spans, no link or image syntax survives unescaped.
      const outside = stripCodeSpans(markdown);
      assert.doesNotMatch(outside, /(^|[^\\])\]\(https:\/\/attacker/, `${needle}: ${markdown}`);
    }
  });
});

/** Removes CommonMark code spans (a run of N backticks up to the next run of exactly N). */
function stripCodeSpans(markdown: string): string {
  let out = '';
  let i = 0;
  while (i < markdown.length) {
    if (markdown[i] === '\\') {
      out += markdown.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (markdown[i] !== '`') {
      out += markdown[i++];
      continue;
    }
    let n = 0;
    while (markdown[i + n] === '`') n++;
    const fence = '`'.repeat(n);
    let close = -1;
    for (let j = markdown.indexOf(fence, i + n); j >= 0; j = markdown.indexOf(fence, j + 1)) {
      if (markdown[j - 1] !== '`' && markdown[j + n] !== '`') {
        close = j;
        break;
      }
    }
    if (close < 0) {
      out += fence;
      i += n;
    } else i = close + n;
  }
  return out;
}
