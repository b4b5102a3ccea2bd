// Reads a document tolerantly and finds the IAM policies in it: the depth guard, then the
// reader for its syntax (readers.ts). JSON (with comments) unless told otherwise.
import type { ParsedDocument } from '../model';
import { GeneralCode } from '../ruleIds';
import { MAX_NESTING, offsetBeyondDepth } from './depthGuard';
import type { ParseOptions } from './reader';
import { READERS } from './readers';

export type { ParseOptions } from './reader';

export function parseDocument(text: string, options: ParseOptions = {}): ParsedDocument {
  const tooDeep = offsetBeyondDepth(text, MAX_NESTING);
  if (tooDeep >= 0) {
    const problem = { code: GeneralCode.Syntax, message: `Nested more than ${MAX_NESTING} levels deep: the document is not analysed.`, range: { start: tooDeep, end: tooDeep + 1 } };
    return { text, format: options.format ?? 'json', policies: [], problems: [problem] };
  }
  return READERS[options.format ?? 'json'].read(text, options);
}
