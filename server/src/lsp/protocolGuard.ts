// The connection over stdio or node IPC, guarded against a client (or anything else writing to
// stdin) that breaks the protocol: a header without a valid Content-Length, or a body that is
// not what its Content-Length says, ends the process with an error instead of leaving a server
// that is alive but never answers again; a message that never completes does the same after
// a while. Over IPC, a message that is not a JSON-RPC object is dropped (and logged), and a
// parent that disconnects ends the server. After `shutdown`, requests are refused with
// InvalidRequest, as LSP says.
import {
  Connection,
  createConnection,
  DataCallback,
  Disposable,
  ErrorCodes,
  IPCMessageReader,
  IPCMessageWriter,
  Message,
  MessageReader,
  MessageWriter,
  ProposedFeatures,
  ResponseMessage,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';

/** A message half-read for this long is not coming: the stream is out of step. */
export const PARTIAL_MESSAGE_LIMIT_MS = 15_000;

export const EXIT_PROTOCOL_ERROR = 1;

export type GuardedTransport = 'stdio' | 'node-ipc';

export function createGuardedConnection(transport: GuardedTransport): Connection {
  const fail = (why: string) => {
    // stderr: stdout may carry the protocol.
    process.stderr.write(`iam-mfa-guard language server: ${why}; exiting.\n`);
    process.exit(EXIT_PROTOCOL_ERROR);
  };
  let reader: MessageReader;
  let writer: MessageWriter;
  if (transport === 'stdio') {
    const stream = new StreamMessageReader(process.stdin);
    stream.partialMessageTimeout = 1000;
    // The reader reports a stalled message once per timeout; the wait is added up per message.
    let stalled = { token: -1, waited: 0 };
    stream.onPartialMessage((info) => {
      stalled = info.messageToken === stalled.token ? { token: stalled.token, waited: stalled.waited + info.waitingTime } : { token: info.messageToken, waited: info.waitingTime };
      if (stalled.waited >= PARTIAL_MESSAGE_LIMIT_MS) fail(`a message announced more bytes than arrived within ${PARTIAL_MESSAGE_LIMIT_MS / 1000} s`);
    });
    reader = stream;
    writer = new StreamMessageWriter(process.stdout);
  } else {
    if (!process.send) fail('--node-ipc given, but the process has no IPC channel');
    reader = new JsonRpcObjectsOnly(new IPCMessageReader(process), (why) => process.stderr.write(`iam-mfa-guard language server: ${why}\n`));
    writer = new IPCMessageWriter(process);
  }
  reader.onError((error) => fail(`unreadable message from the client (${oneLine(error?.message ?? String(error))})`));
  let shutDown = false;
  reader.onClose(() => process.exit(shutDown ? 0 : 1));
  const guarded = new ShutdownAwareReader(reader, (message) => {
    void writer.write(message);
  }, () => {
    shutDown = true;
  });
  const connection = createConnection(ProposedFeatures.all, guarded, writer);
  if (transport === 'stdio') {
    // Stdout is the protocol: nothing may print there.
    console.log = console.info = console.debug = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
    console.warn = console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
  }
  return connection;
}

/** A reader that passes the inner reader's messages through `pass`, which may drop or answer them. */
abstract class FilteringReader implements MessageReader {
  constructor(protected readonly inner: MessageReader) {}

  get onError() {
    return this.inner.onError;
  }
  get onClose() {
    return this.inner.onClose;
  }
  get onPartialMessage() {
    return this.inner.onPartialMessage;
  }

  protected abstract pass(message: unknown, callback: DataCallback): void;

  listen(callback: DataCallback): Disposable {
    return this.inner.listen((message: unknown) => this.pass(message, callback));
  }

  dispose(): void {
    this.inner.dispose();
  }
}

/** Over IPC anything serialisable arrives: only objects that are JSON-RPC 2.0 messages pass. */
class JsonRpcObjectsOnly extends FilteringReader {
  constructor(
    inner: MessageReader,
    private readonly dropped: (why: string) => void,
  ) {
    super(inner);
  }

  protected pass(message: unknown, callback: DataCallback): void {
    const m = message as { jsonrpc?: unknown; method?: unknown; id?: unknown } | null;
    const valid = typeof m === 'object' && m !== null && !Array.isArray(m) && m.jsonrpc === '2.0' && (typeof m.method === 'string' || 'id' in m);
    if (valid) callback(m as Message);
    else this.dropped(`dropped a message that is not JSON-RPC 2.0 (${oneLine(describe(message))})`);
  }
}

function describe(value: unknown): string {
  if (value === null || typeof value !== 'object') return typeof value;
  return Array.isArray(value) ? 'an array' : 'an object without "jsonrpc": "2.0"';
}

function oneLine(text: string): string {
  return text.split('\n')[0].slice(0, 200);
}

/** Passes messages on, except requests after `shutdown`: those are answered InvalidRequest here. */
export class ShutdownAwareReader extends FilteringReader {
  private shutdown = false;

  constructor(
    inner: MessageReader,
    private readonly reply: (message: ResponseMessage) => void,
    private readonly onShutdown: () => void,
  ) {
    super(inner);
  }

  protected pass(message: unknown, callback: DataCallback): void {
    const m = message as { id?: unknown; method?: unknown };
    const isRequest = typeof m.method === 'string' && (typeof m.id === 'number' || typeof m.id === 'string');
    if (this.shutdown && isRequest) {
      this.reply({ jsonrpc: '2.0', id: m.id as number | string, error: { code: ErrorCodes.InvalidRequest, message: `The server is shut down: ${String(m.method).slice(0, 100)} is refused.` } });
      return;
    }
    if (isRequest && m.method === 'shutdown') {
      this.shutdown = true;
      this.onShutdown();
    }
    callback(message as Message);
  }
}
