// Which inputs to lint (files, folders searched recursively, stdin) and reading them safely:
// size limit, binary detection, BOMs and UTF-16. Nothing here throws for a bad path or file.
import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isLintedFileName, looksBinary } from '../shared/formats';
import { walkFolder } from '../shared/walk';

export const STDIN_NAME = '<stdin>';

export type InputSource =
  | {
      readonly kind: 'file';
      readonly absolutePath: string;
      readonly displayPath: string;
      /** The real path: `--fix` writes there. */
      readonly realPath?: string;
      /** For a file found by walking a folder: that folder's real path, which `--fix` never writes outside of. */
      readonly walkedFrom?: string;
    }
  | { readonly kind: 'stdin'; readonly displayPath: typeof STDIN_NAME };

export interface PathProblem {
  readonly path: string;
  readonly message: string;
}

export interface CollectedInputs {
  readonly sources: readonly InputSource[];
  /** Paths that do not exist or cannot be read: reported on stderr, exit code 2. */
  readonly problems: readonly PathProblem[];
}

/**
 * Expands the command-line paths in order: a file as given (any extension), a folder to every
 * .json/.jsonc/.yaml/.yml/.template/.tf file below it (sorted, node_modules, .git and .terraform
 * skipped, each real folder and file once, symlinks out of the folder not followed), "-" to
 * stdin. The same file named twice is linted once. `found` hears of each source as it is found,
 * in the same order, so linting can start while a big tree is still being walked.
 */
export async function collectInputs(paths: readonly string[], cwd: string, found?: (source: InputSource) => void): Promise<CollectedInputs> {
  const sources: InputSource[] = [];
  const problems: PathProblem[] = [];
  const seen = new Set<string>();
  const add = (source: InputSource) => {
    sources.push(source);
    found?.(source);
  };
  for (const given of paths) {
    if (given === '-') {
      if (!seen.has(STDIN_NAME)) add({ kind: 'stdin', displayPath: STDIN_NAME });
      seen.add(STDIN_NAME);
      continue;
    }
    const absolute = path.resolve(cwd, given);
    let stat: fs.Stats;
    let real: string;
    try {
      stat = await fs.promises.stat(absolute);
      real = await fs.promises.realpath(absolute);
    } catch (error) {
      problems.push({ path: given, message: describeFsError(error) });
      continue;
    }
    if (stat.isDirectory()) {
      const walkProblems: { path: string; error: unknown }[] = [];
      await walkFolder(absolute, isLintedFileName, seen, walkProblems, (file, realRoot) =>
        add({ kind: 'file', absolutePath: file.path, displayPath: displayPathOf(file.path, cwd), realPath: file.realPath, walkedFrom: realRoot }),
      );
      for (const p of walkProblems) problems.push({ path: displayPathOf(p.path, cwd), message: describeFsError(p.error) });
    } else if (stat.isFile()) {
      if (seen.has(real)) continue;
      seen.add(real);
      add({ kind: 'file', absolutePath: absolute, displayPath: displayPathOf(absolute, cwd), realPath: real });
    } else problems.push({ path: given, message: 'not a file or folder' });
  }
  return { sources, problems };
}

/** Relative to cwd when below it, otherwise absolute; native separators. */
export function displayPathOf(absolutePath: string, cwd: string): string {
  const relative = path.relative(cwd, absolutePath);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolutePath;
}

export function describeFsError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'not a folder';
    case 'EISDIR':
      return 'is a folder';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return e?.message ?? String(error);
  }
}

/** How the text was stored, so `--fix` writes it back the same way. */
export interface StoredEncoding {
  readonly encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  readonly bom: boolean;
  /** Decoding kept every byte (no invalid sequence became U+FFFD): only then can it be written back. */
  readonly lossless: boolean;
}

export type ReadResult =
  | { readonly kind: 'text'; readonly text: string; readonly stored?: StoredEncoding; readonly bytes?: Buffer }
  /** Not linted, but not an error either: too large, or binary. */
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'unreadable'; readonly message: string };

/** `stdin` is called only for the stdin source (opening fd 0 has side effects). */
export async function readSource(source: InputSource, stdin: () => NodeJS.ReadableStream, maxFileSize: number): Promise<ReadResult> {
  if (source.kind === 'stdin') return readStream(stdin(), maxFileSize);
  try {
    // Synchronous on purpose: files are linted one after the other, and an await per file
    // left the process idle ~60% of the time on a folder of 1,645 small policies. One open
    // file, no path look-up after the open: reading is most of what a file that holds no
    // policy costs.
    const fd = fs.openSync(source.absolutePath, 'r');
    try {
      // Most files fit the reusable buffer and need no fstat (whose Stats object, with its four
      // Dates, cost more than the read); a larger one is sized before the rest is read, so the
      // limit holds without reading past it.
      const start = readStart(fd, maxFileSize);
      if (start.complete) return decode(start.bytes);
      const size = fs.fstatSync(fd).size;
      if (size > maxFileSize) return tooLarge(size, maxFileSize);
      const rest = readOpenFile(fd, Math.max(0, size - start.bytes.length), maxFileSize - start.bytes.length);
      const buffer = Buffer.concat([start.bytes, rest]);
      // A file that gives no size (/proc) may hold more than the limit.
      if (buffer.length > maxFileSize) return tooLarge(buffer.length, maxFileSize);
      return decode(buffer);
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    return { kind: 'unreadable', message: describeFsError(error) };
  }
}

/** Reused by every read: a file that fits is copied out of it. */
const smallFileBuffer = Buffer.allocUnsafe(256 * 1024);

/**
 * The file from its start, read sequentially (pipes and /proc files too) into the reusable
 * buffer and copied out: `complete` when it ended there, within the limit.
 */
function readStart(fd: number, limit: number): { bytes: Buffer; complete: boolean } {
  const capacity = Math.min(smallFileBuffer.length, limit + 1);
  let length = 0;
  let complete = false;
  while (length < capacity) {
    const read = fs.readSync(fd, smallFileBuffer, length, capacity - length, null);
    if (read === 0) {
      complete = true;
      break;
    }
    length += read;
  }
  return { bytes: Buffer.from(smallFileBuffer.subarray(0, length)), complete };
}

/** Its `size` bytes (fewer if it shrank), as readFileSync reads them; a file of size 0 to its end, or just past `limit`. */
function readOpenFile(fd: number, size: number, limit: number): Buffer {
  if (size > 0) {
    const buffer = Buffer.allocUnsafe(size);
    let length = 0;
    while (length < size) {
      const read = fs.readSync(fd, buffer, length, size - length, null);
      if (read === 0) break;
      length += read;
    }
    return length < size ? buffer.subarray(0, length) : buffer;
  }
  const chunks: Buffer[] = [];
  let length = 0;
  while (length <= limit) {
    const chunk = Buffer.allocUnsafe(64 * 1024);
    const read = fs.readSync(fd, chunk, 0, chunk.length, null);
    if (read === 0) break;
    chunks.push(chunk.subarray(0, read));
    length += read;
  }
  return Buffer.concat(chunks, length);
}

async function readStream(stream: NodeJS.ReadableStream, maxFileSize: number): Promise<ReadResult> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer | string>) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      size += buffer.length;
      // Past the limit, keep draining so the writer is not blocked, but keep nothing.
      if (size <= maxFileSize) chunks.push(buffer);
    }
  } catch (error) {
    return { kind: 'unreadable', message: (error as Error).message };
  }
  if (size > maxFileSize) return tooLarge(size, maxFileSize);
  return decode(Buffer.concat(chunks));
}

function tooLarge(size: number, limit: number): ReadResult {
  return { kind: 'skipped', reason: `${formatBytes(size)} is over the --max-file-size limit of ${formatBytes(limit)}` };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0).replace(/\.0$/, '')} ${units[unit]}`;
}

/**
 * Bytes to text: UTF-8 (BOM dropped, as editors do, so columns match), UTF-16 with a BOM
 * (what PowerShell's ">" writes); anything else with NUL bytes is binary and skipped.
 */
export function decode(buffer: Buffer): ReadResult {
  if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) return decoded(buffer, 'utf-16le', 2);
  if (buffer.length >= 2 && buffer[0] === 0xfe && buffer[1] === 0xff) return decoded(buffer, 'utf-16be', 2);
  const start = buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  if (looksBinary(buffer.subarray(start))) return { kind: 'skipped', reason: 'binary file (not text)' };
  return decoded(buffer, 'utf-8', start);
}

function decoded(buffer: Buffer, encoding: StoredEncoding['encoding'], bomLength: number): ReadResult {
  const body = buffer.subarray(bomLength);
  // Valid UTF-8 (nearly every file) decodes as TextDecoder would, without building one per file;
  // a second byte-order mark, which TextDecoder would drop, takes the general path.
  if (encoding === 'utf-8' && isUtf8(body) && !(body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf)) {
    return { kind: 'text', text: body.toString('utf8'), stored: { encoding, bom: bomLength > 0, lossless: true }, bytes: buffer };
  }
  let text: string;
  let lossless = true;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(body);
  } catch {
    // Still linted (invalid bytes read as U+FFFD), but never written back: that would change them.
    text = new TextDecoder(encoding).decode(body);
    lossless = false;
  }
  return { kind: 'text', text, stored: { encoding, bom: bomLength > 0, lossless }, bytes: buffer };
}
