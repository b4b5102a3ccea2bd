// Writing a fixed file for `--fix` without ever losing data: the new content goes to a temp
// file in the same folder and replaces the original by rename (a full disk or a file-size
// limit leaves the original whole), in the file's own encoding and BOM, with its mode; and
// nothing is written when the file changed since it was read, when it was not decoded
// losslessly, or when it is reached through a link that leads out of the folder being fixed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StoredEncoding } from './files';
import { isInside } from '../shared/walk';
import { nodeCrypto } from '../shared/nodeCrypto';

export type WriteOutcome = { readonly written: true } | { readonly written: false; readonly reason: string };

export interface FileToWrite {
  readonly absolutePath: string;
  readonly realPath?: string;
  /** The real folder the file was found in by walking: never written outside it. */
  readonly walkedFrom?: string;
  /** The bytes as read: the file must still hold exactly these. */
  readonly original: Buffer;
  readonly stored: StoredEncoding;
}

export function encodeText(text: string, stored: StoredEncoding): Buffer {
  let body: Buffer;
  if (stored.encoding === 'utf-8') body = Buffer.from(text, 'utf8');
  else {
    body = Buffer.from(text, 'utf16le');
    if (stored.encoding === 'utf-16be') body.swap16();
  }
  if (!stored.bom) return body;
  const bom = stored.encoding === 'utf-8' ? [0xef, 0xbb, 0xbf] : stored.encoding === 'utf-16le' ? [0xff, 0xfe] : [0xfe, 0xff];
  return Buffer.concat([Buffer.from(bom), body]);
}

export function writeFixedFile(file: FileToWrite, text: string): WriteOutcome {
  if (!file.stored.lossless) return { written: false, reason: `it is not valid ${file.stored.encoding.toUpperCase()}, and writing it back would change bytes the fix does not touch` };
  let real: string;
  try {
    real = fs.realpathSync(file.absolutePath);
  } catch (error) {
    return { written: false, reason: `it cannot be found any more (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  if (file.realPath !== undefined && real !== file.realPath) return { written: false, reason: 'it was moved or relinked since it was read' };
  if (file.walkedFrom !== undefined && !isInside(real, file.walkedFrom)) return { written: false, reason: 'it is a link to a file outside the folder being fixed' };
  const bytes = encodeText(text, file.stored);
  const dir = path.dirname(real);
  const temp = path.join(dir, `.${path.basename(real)}.${process.pid}.${nodeCrypto().randomBytes(4).toString('hex')}.iam-mfa-guard.tmp`);
  let fd: number | undefined;
  try {
    const before = fs.statSync(real);
    if (!before.isFile()) return { written: false, reason: 'it is not a regular file' };
    if (!sameContent(real, file.original)) return { written: false, reason: 'it changed since it was read; run again' };
    fd = fs.openSync(temp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
    let offset = 0;
    while (offset < bytes.length) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
    fs.fchmodSync(fd, before.mode & 0o7777);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    // The last look before replacing it: an edit made meanwhile is never overwritten.
    if (!sameContent(real, file.original)) {
      fs.rmSync(temp, { force: true });
      return { written: false, reason: 'it changed since it was read; run again' };
    }
    fs.renameSync(temp, real);
    return { written: true };
  } catch (error) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // already closed
      }
    }
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // nothing left to clean up
    }
    const e = error as NodeJS.ErrnoException;
    return { written: false, reason: `writing failed (${e.code ?? e.message}); the file is unchanged` };
  }
}

function sameContent(file: string, expected: Buffer): boolean {
  const stat = fs.statSync(file);
  if (stat.size !== expected.length) return false;
  return fs.readFileSync(file).equals(expected);
}
