// Building blocks for fixes: jsonc-parser edits that keep the user's formatting.
import { Edit, FormattingOptions, JSONPath, modify } from 'jsonc-parser';
import type { PolicyDocumentNode, TextRange } from '../model';

export type { Edit };

/** The indentation and line ending the document already uses. */
export function detectFormatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indents = [...text.matchAll(/\n([ \t]+)\S/g)].map((m) => m[1]);
  if (indents.some((i) => i.startsWith('\t'))) return { insertSpaces: false, tabSize: 4, eol };
  const widths = indents.map((i) => i.length).filter((n) => n > 0);
  const smallest = widths.length ? Math.min(...widths) : 2;
  return { insertSpaces: true, tabSize: Math.max(1, Math.min(8, smallest)), eol };
}

/** The JSON path of a statement (or of an element inside it). */
export function statementPath(policy: PolicyDocumentNode, statementIndex: number, ...rest: (string | number)[]): JSONPath {
  if (policy.shape === 'statement-fragment') return [...policy.path, ...rest];
  return [...policy.path, 'Statement', ...(policy.statementProperty?.isArray ? [statementIndex] : []), ...rest];
}

/** Sets (or, with undefined, removes) a value, formatted like the rest of the document. */
export function setValue(text: string, path: JSONPath, value: unknown): Edit[] {
  return modify(text, path, value, { formattingOptions: detectFormatting(text) });
}

/** Inserts a value into an array at an index. */
export function insertIntoArray(text: string, path: JSONPath, index: number, value: unknown): Edit[] {
  return modify(text, [...path, index], value, { formattingOptions: detectFormatting(text), isArrayInsertion: true });
}

/** Replaces exactly the characters of a range (a string literal, a property name). */
export function replaceRange(range: TextRange, content: string): Edit[] {
  return [{ offset: range.start, length: range.end - range.start, content }];
}

/** Replaces a JSON string literal with another string, escaped. */
export function replaceString(range: TextRange, value: string): Edit[] {
  return replaceRange(range, JSON.stringify(value));
}
