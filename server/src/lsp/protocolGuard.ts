// The connection over stdio, guarded against a client (or anything else writing to stdin)
// that breaks the protocol: a header without a valid Content-Length, or a body that is not
// what its Content-Length says, ends the process with an error instead of leaving a server
// that is alive but never answers again; a message that never completes does the same after
// a while. After `shutdown`, requests are refused with InvalidRequest, as LSP says.
import {
  Connection,
  createConnection,
  DataCallback,
  Disposable,
  ErrorCodes,
  Message,
  MessageReader,
  ProposedFeatures,
  ResponseMessage,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';

/** A message half-read for this long is not coming: the stream is out of step. */
export const PARTIAL_MESSAGE_LIMIT_MS = 15_000;

export const EXIT_PROTOCOL_ERROR = 1;

export function createGuardedStdioConnection(): Connection {
  const reader = new StreamMessageReader(process.stdin);
  const writer = new StreamMessageWriter(process.stdout);
  const fail = (why: string) => {
    // stderr: stdout carries the protocol.
    process.stderr.write(`iam-mfa-guard language server: ${why}; exiting.\n`);
    process.exit(EXIT_PROTOCOL_ERROR);
  };
  reader.partialMessageTimeout = 1000;
  reader.onError((error) => fail(`unreadable message from the client (${oneLine(error?.message ?? String(error))})`));
  // The reader reports a stalled message once per timeout; the wait is added up per message.
  let stalled = { token: -1, waited: 0 };
  reader.onPartialMessage((info) => {
    stalled = info.messageToken === stalled.token ? { token: stalled.token, waited: stalled.waited + info.waitingTime } : { token: info.messageToken, waited: info.waitingTime };
    if (stalled.waited >= PARTIAL_MESSAGE_LIMIT_MS) fail(`a message announced more bytes than arrived within ${PARTIAL_MESSAGE_LIMIT_MS / 1000} s`);
  });
  let shutDown = false;
  reader.onClose(() => process.exit(shutDown ? 0 : 1));
  const guarded = new ShutdownAwareReader(reader, (message) => {
    void writer.write(message);
  }, () => {
    shutDown = true;
  });
  const connection = createConnection(ProposedFeatures.all, guarded, writer);
  // Stdout is the protocol: nothing may print there.
  console.log = console.info = console.debug = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
  console.warn = console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
  return connection;
}

function oneLine(text: string): string {
  return text.split('\n')[0].slice(0, 200);
}

/** Passes messages on, except requests after `shutdown`: those are answered InvalidRequest here. */
export class ShutdownAwareReader implements MessageReader {
  private shutdown = false;

  constructor(
    private readonly inner: MessageReader,
    private readonly reply: (message: ResponseMessage) => void,
    private readonly onShutdown: () => void,
  ) {}

  get onError() {
    return this.inner.onError;
  }
  get onClose() {
    return this.inner.onClose;
  }
  get onPartialMessage() {
    return this.inner.onPartialMessage;
  }

  listen(callback: DataCallback): Disposable {
    return this.inner.listen((message: Message) => {
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
      callback(message);
    });
  }

  dispose(): void {
    this.inner.dispose();
  }
}
