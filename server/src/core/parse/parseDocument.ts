// Reads a document tolerantly and finds the IAM policies in it: the depth guard, then the
// reader for its syntax (readers.ts). JSON (with comments) unless told otherwise.
import type { ParsedDocument, SourceFormat } from '../model';
import { GeneralCode } from '../ruleIds';
import { jsonDepthExceeded, MAX_NESTING, MAX_YAML_NESTING, yamlDepthExceeded } from './depthGuard';
import type { ParseOptions } from './reader';
import { READERS } from './readers';

export type { ParseOptions } from './reader';

export function parseDocument(text: string, options: ParseOptions = {}): ParsedDocument {
  const format = options.format ?? 'json';
  // Each syntax has its own ways of opening a level; the guard knows them (comments, quotes, YAML indicators).
  const limit = format === 'yaml' ? MAX_YAML_NESTING : MAX_NESTING;
  const tooDeep = format === 'yaml' ? yamlDepthExceeded(text, limit) : jsonDepthExceeded(text, limit);
  if (tooDeep >= 0) return notAnalysed(text, format, `Nested more than ${limit} levels deep: the document is not analysed.`, tooDeep);
  try {
    return READERS[format].read(text, options);
  } catch (error) {
    // The guard should make this unreachable; if a parser still overflows, the file says so.
    if (error instanceof RangeError) return notAnalysed(text, format, 'Nested too deeply to read: the document is not analysed.', 0);
    throw error;
  }
}

function notAnalysed(text: string, format: SourceFormat, message: string, at: number): ParsedDocument {
  const start = Math.max(0, Math.min(at, text.length - 1));
  return { text, format, policies: [], problems: [{ code: GeneralCode.Syntax, message, range: { start, end: Math.min(text.length, start + 1) } }], notAnalysed: true };
}
