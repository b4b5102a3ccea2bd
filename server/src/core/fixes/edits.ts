// Building blocks for fixes: jsonc-parser edits that keep the user's formatting.
import { Edit, FormattingOptions, JSONPath, modify } from 'jsonc-parser';
import type { PolicyDocumentNode, TextRange } from '../model';

export type { Edit };

/** The indentation and line ending the document already uses. */
export function detectFormatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indents = text.split(/\r?\n/).filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0]);
  if (indents.some((i) => i.startsWith('\t'))) return { insertSpaces: false, tabSize: 4, eol };
  // The step between nesting levels: the most frequent increase of indentation from one line
  // to the next (a document indented as a whole, as in a numbered list, keeps its step).
  const steps = new Map<number, number>();
  for (let i = 1; i < indents.length; i++) {
    const step = indents[i].length - indents[i - 1].length;
    if (step > 0 && step <= 8) steps.set(step, (steps.get(step) ?? 0) + 1);
  }
  const step = [...steps.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 2;
  return { insertSpaces: true, tabSize: step, eol };
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

/**
 * Inserts a value into an array right after an existing element, indented like that element.
 * Only new text is added: the element before keeps its characters (jsonc-parser's insertion
 * would re-indent the neighbourhood).
 */
export function insertAfterElement(text: string, element: TextRange, value: unknown): Edit[] {
  const { insertSpaces, tabSize, eol } = detectFormatting(text);
  const unit = insertSpaces ? ' '.repeat(tabSize ?? 2) : '\t';
  const lineStart = text.lastIndexOf('\n', element.start - 1) + 1;
  const lineIndent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  // An element that does not start its line ("Statement": [{ …) sits one level deeper than the line.
  const indent = text.slice(lineStart, element.start).trim() === '' ? lineIndent : lineIndent + unit;
  const body = JSON.stringify(value, null, unit).split('\n').join((eol ?? '\n') + indent);
  return [{ offset: element.end, length: 0, content: `,${eol}${indent}${body}` }];
}

/** Replaces exactly the characters of a range (a string literal, a property name). */
export function replaceRange(range: TextRange, content: string): Edit[] {
  return [{ offset: range.start, length: range.end - range.start, content }];
}

/** Replaces a JSON string literal with another string, escaped. */
export function replaceString(range: TextRange, value: string): Edit[] {
  return replaceRange(range, JSON.stringify(value));
}
