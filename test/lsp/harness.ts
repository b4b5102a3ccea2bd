// Speaks LSP to the real server process over stdio, as an editor does. Notifications are
// awaited by state (a promise resolved when the awaited publishDiagnostics arrives), never by
// sleeping; every wait has an upper bound so a broken server fails the test instead of hanging.
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
// vscode-languageserver/node re-exports the protocol types and vscode-jsonrpc's stream
// connection: the client side of the wire, from a package the project depends on directly.
import {
  ClientCapabilities,
  CodeLens,
  CompletionItem,
  CompletionList,
  Hover,
  InitializeResult,
  MessageConnection,
  Position,
  PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
  TextEdit,
  createMessageConnection,
} from 'vscode-languageserver/node';
import { LineIndex } from '../../server/src/core/positions';
import { STATUS_NOTIFICATION, type DocumentStatus } from '../../server/src/shared/lspProtocol';
import { REPO_ROOT } from '../testUtil';

export const CLI_MAIN = path.join(REPO_ROOT, 'out', 'server', 'src', 'cli', 'main.js');
export const SERVER_MAIN = path.join(REPO_ROOT, 'out', 'server', 'src', 'lsp', 'main.js');

/** The capabilities a full editor announces (VS Code-like), unless a test narrows them. */
export const EDITOR_CAPABILITIES: ClientCapabilities = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, tagSupport: { valueSet: [1, 2] }, dataSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } },
    codeLens: {},
    codeAction: { resolveSupport: { properties: ['edit'] } },
  },
};

export interface StartOptions {
  /** What workspace/configuration answers for the "iamMfaGuard" section. */
  settings?: Record<string, unknown> | null;
  initializationOptions?: Record<string, unknown>;
  capabilities?: ClientCapabilities;
  /** Start out/server/src/lsp/main.js directly rather than through the CLI. */
  direct?: boolean;
  /** Start this server module (e.g. a bundle) with --stdio. */
  serverPath?: string;
  rootUri?: string | null;
  /** Node options for the server process (e.g. --cpu-prof for a profile). */
  nodeArgs?: readonly string[];
}

interface Waiter {
  readonly uri: string;
  readonly accept: (p: PublishDiagnosticsParams) => boolean;
  readonly resolve: (p: PublishDiagnosticsParams) => void;
}

export class LspClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  /** iamMfaGuard/status notifications (sent when initializationOptions.statusNotifications). */
  readonly statuses: DocumentStatus[] = [];
  /** workspace/codeLens/refresh requests received. */
  codeLensRefreshes = 0;
  /** workspace/diagnostic/refresh requests received. */
  diagnosticRefreshes = 0;
  /** What the server registered with client/registerCapability. */
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  stderr = '';
  settings: Record<string, unknown> | null;
  initializeResult!: InitializeResult;
  private readonly waiters: Waiter[] = [];
  private exited = false;
  readonly exitPromise: Promise<number | null>;

  private constructor(readonly child: ChildProcess, readonly connection: MessageConnection, options: StartOptions) {
    this.settings = options.settings === undefined ? {} : options.settings;
    this.exitPromise = new Promise((resolve) =>
      child.on('exit', (code) => {
        this.exited = true;
        resolve(code);
      }),
    );
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push(p);
      for (const w of [...this.waiters]) {
        if (w.uri === p.uri && w.accept(p)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p);
        }
      }
    });
    connection.onNotification('window/logMessage', (p: { message: string }) => this.logs.push(p.message));
    connection.onNotification(STATUS_NOTIFICATION, (p: DocumentStatus) => this.statuses.push(p));
    connection.onRequest('workspace/codeLens/refresh', () => {
      this.codeLensRefreshes++;
      return null;
    });
    connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map(() => this.settings));
    connection.onRequest('workspace/diagnostic/refresh', () => {
      this.diagnosticRefreshes++;
      return null;
    });
    connection.onRequest('client/registerCapability', (p: { registrations?: { method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...(p?.registrations ?? []));
      return null;
    });
    connection.onRequest('workspace/workspaceFolders', () => null);
    connection.listen();
  }

  static async start(options: StartOptions = {}): Promise<LspClient> {
    const useCli = !options.direct && fs.existsSync(CLI_MAIN);
    const args = options.serverPath ? [options.serverPath, '--stdio'] : useCli ? [CLI_MAIN, 'lsp', '--stdio'] : [SERVER_MAIN, '--stdio'];
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...args], { stdio: ['pipe', 'pipe', 'pipe'], cwd: REPO_ROOT });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(child, connection, options);
    client.initializeResult = await client.request<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: options.rootUri === undefined ? null : options.rootUri,
      capabilities: options.capabilities ?? EDITOR_CAPABILITIES,
      initializationOptions: options.initializationOptions,
      workspaceFolders: null,
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** A request that fails the test after `timeoutMs` rather than hanging it. */
  async request<R>(method: string, params: unknown, timeoutMs = 15000): Promise<R> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${method}: no answer in ${timeoutMs} ms; server stderr: ${this.stderr.slice(-2000)}`)), timeoutMs);
    });
    try {
      return await Promise.race([this.connection.sendRequest<R>(method, params), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves with the first publishDiagnostics for `uri` (already received or coming) that `accept`s. */
  waitForDiagnostics(uri: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 15000, since = 0): Promise<PublishDiagnosticsParams> {
    const already = this.published.slice(since).find((p) => p.uri === uri && accept(p));
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { uri, accept, resolve: (p) => (clearTimeout(timer), resolve(p)) };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no matching diagnostics for ${uri} in ${timeoutMs} ms; got ${JSON.stringify(this.published.filter((p) => p.uri === uri).map((p) => p.version))}; stderr: ${this.stderr.slice(-2000)}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** The latest diagnostics published for each URI. */
  latestDiagnostics(): Map<string, PublishDiagnosticsParams> {
    const latest = new Map<string, PublishDiagnosticsParams>();
    for (const p of this.published) latest.set(p.uri, p);
    return latest;
  }

  /** Resolves once a window/logMessage matching `pattern` arrived after the first `since` ones. */
  async waitForLog(pattern: RegExp, timeoutMs = 30000, since = 0): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.logs.slice(since).find((l) => pattern.test(l));
      if (line !== undefined) return line;
      if (Date.now() > deadline) throw new Error(`no log line matching ${pattern} in ${timeoutMs} ms; logs: ${this.logs.slice(-20).join('\n')}; stderr: ${this.stderr.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Diagnostics published for exactly this version of the document. */
  diagnosticsFor(uri: string, version: number): Promise<PublishDiagnosticsParams> {
    return this.waitForDiagnostics(uri, (p) => p.version === version);
  }

  async open(uri: string, text: string, languageId = 'json', version = 1): Promise<void> {
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  async change(uri: string, version: number, text: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** An incremental change, as editors send keystrokes: replace one range of the current text. */
  async edit(uri: string, version: number, range: { start: Position; end: Position }, text: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async changeSettings(settings: Record<string, unknown> | null, pushed: unknown = null): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: pushed });
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.request('textDocument/hover', { textDocument: { uri }, position });
  }

  async completion(uri: string, position: Position): Promise<CompletionItem[]> {
    const result = await this.request<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri }, position });
    return Array.isArray(result) ? result : (result?.items ?? []);
  }

  codeLens(uri: string): Promise<CodeLens[] | null> {
    return this.request('textDocument/codeLens', { textDocument: { uri } });
  }

  /** shutdown + exit, then make sure the process is gone. */
  async stop(): Promise<void> {
    if (this.exited) return;
    try {
      await this.request('shutdown', null, 3000);
      await this.connection.sendNotification('exit');
    } catch {
      // the server is already unusable; kill it below
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await this.exitPromise;
    clearTimeout(timer);
    this.connection.dispose();
  }
}

/** The position of the `occurrence`-th `needle` in `text`, plus `delta` characters. */
export function positionOf(text: string, needle: string, delta = 0, occurrence = 1): Position {
  let at = -1;
  for (let i = 0; i < occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" (occurrence ${occurrence}) not in text`);
  }
  return new LineIndex(text).positionAt(at + delta);
}

/** The LSP range of the `occurrence`-th `needle` in `text`. */
export function rangeOf(text: string, needle: string, occurrence = 1): { start: Position; end: Position } {
  const start = positionOf(text, needle, 0, occurrence);
  return { start, end: positionOf(text, needle, needle.length, occurrence) };
}

let counter = 0;
/** A fresh file URI per document, so tests never share state through the server. */
export function docUri(name: string): string {
  counter++;
  return `file:///virtual/lsp-test/${counter}/${name}`;
}

export function hoverText(hover: Hover | null): string {
  if (!hover) return '';
  const c = hover.contents as unknown;
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) return c.map((x) => (typeof x === 'string' ? x : x.value)).join('\n');
  return (c as { value: string }).value;
}

/** The text after the edits of one code action (as the editor applies them: all against the original text). */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const lines = new LineIndex(text);
  const sorted = edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), text: e.newText })).sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
