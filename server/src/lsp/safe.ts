// Every handler goes through here: an exception is logged to the client's output and the
// request is answered with the fallback, so one bad document never takes the server down.
import type { Connection } from 'vscode-languageserver/node';

export type Log = (message: string) => void;

export function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

export function guard<A extends unknown[], R>(log: Log, name: string, fallback: R, handler: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (error) {
      log(`[${name}] ${errorText(error)}`);
      return fallback;
    }
  };
}

/** Logs to the client's output channel (window/logMessage); never throws. */
export function connectionLogger(connection: Connection): { info: Log; error: Log } {
  const safe = (fn: (m: string) => void): Log => (message) => {
    try {
      fn(message);
    } catch {
      // the connection is gone; nothing left to tell
    }
  };
  return { info: safe((m) => connection.console.info(m)), error: safe((m) => connection.console.error(m)) };
}
