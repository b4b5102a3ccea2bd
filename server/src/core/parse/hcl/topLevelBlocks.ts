// Splits a Terraform file into its top-level blocks with a small scanner that knows only what
// can hide a brace: strings (with `${ … }` inside), heredocs and comments. tree-sitter then
// parses only the blocks that may hold a policy, each on its own and once per distinct text:
// in a 1 MB module an edit re-parses the one block it touched, not the megabyte.
import type { TextRange } from '../../model';

/** The last text split: the linter and the audit's lenses split the same text one after the other. */
let last: { text: string; chunks: readonly TextRange[] } | undefined;

/** Consecutive ranges covering the whole text; each ends after a top-level block's closing brace (the last at the end). */
export function topLevelChunks(text: string): readonly TextRange[] {
  if (last?.text === text) return last.chunks;
  const chunks = splitChunks(text);
  last = { text, chunks };
  return chunks;
}

function splitChunks(text: string): TextRange[] {
  const chunks: TextRange[] = [];
  let start = 0;
  let depth = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      i = lineEnd(text, i);
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
    } else if (c === '"') {
      i = skipQuoted(text, i);
    } else if (c === '<' && text[i + 1] === '<') {
      i = skipHeredoc(text, i);
    } else if (c === '{' || c === '[' || c === '(') {
      depth++;
      i++;
    } else if (c === '}' || c === ']' || c === ')') {
      depth = Math.max(0, depth - 1);
      i++;
      if (depth === 0 && c === '}') {
        chunks.push({ start, end: i });
        start = i;
      }
    } else {
      i++;
    }
  }
  if (start < n || chunks.length === 0) chunks.push({ start, end: n });
  return chunks;
}

function lineEnd(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl;
}

/** After the closing quote of the string at `i` (or at the line's end: a quoted string does not span lines). */
function skipQuoted(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === '"') return j + 1;
    else if (c === '\n') return j;
    else if ((c === '$' || c === '%') && text[j + 1] === '{') {
      if (text[j - 1] === c && text[j - 2] !== c) continue; // $${ and %%{ are literal
      j = skipTemplateExpression(text, j + 2) - 1;
    }
  }
  return text.length;
}

/** After the `}` that closes a `${ … }` opened before `i`. */
function skipTemplateExpression(text: string, i: number): number {
  let depth = 1;
  for (let j = i; j < text.length; j++) {
    const c = text[j];
    if (c === '"') j = skipQuoted(text, j) - 1;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return j + 1;
    else if (c === '\n') return j;
  }
  return text.length;
}

/** `<<EOF` / `<<-EOF`: after the line that closes it. Anything else starting with `<<` is two characters. */
function skipHeredoc(text: string, i: number): number {
  const header = /^<<-?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(text.slice(i, i + 200));
  if (!header) return i + 2;
  const marker = header[1];
  let j = i + header[0].length;
  while (j < text.length) {
    const end = lineEnd(text, j);
    if (text.slice(j, end).trim() === marker) return end;
    j = end + 1;
  }
  return text.length;
}
