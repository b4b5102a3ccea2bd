// Text as people paste it from documentation: line numbers in front of every line, or a
// statement's properties without the surrounding braces. Both are read as what the author
// meant, at the same offsets, and reported once so the user still fixes the text.
import { createScanner, SyntaxKind } from 'jsonc-parser';

export interface Recovery {
  /** Text to parse instead: same length up to `prefix`, offsets shifted by `prefix.length`. */
  readonly text: string;
  /** Characters added in front (a "{"), subtracted from every offset of the result. */
  readonly shift: number;
  readonly message: string;
  readonly range: { start: number; end: number };
}

const LINE_NUMBER = /^([ \t]*)(\d+\.)([ \t])/;

/** "1. {" … "29. }": every non-blank line numbered, as the S3 guide published a policy. */
export function maskLineNumbers(text: string): Recovery | undefined {
  const lines = text.split(/(?<=\n)/);
  const numbered = lines.filter((l) => l.trim() !== '');
  if (numbered.length < 2 || !numbered.every((l) => LINE_NUMBER.test(l))) return undefined;
  const masked = lines.map((l) => l.replace(LINE_NUMBER, (_m, indent: string, num: string, sep: string) => indent + ' '.repeat(num.length) + sep)).join('');
  const first = text.search(/\d/);
  return { text: masked, shift: 0, message: 'Line numbers copied from the documentation: they are not JSON. The policy is analysed as if they were removed.', range: { start: first, end: first + (text.slice(first).match(/^\d+\./)?.[0].length ?? 1) } };
}

/** `"Effect": "Deny", "NotAction": …` with no braces: a statement copied without its object. */
export function wrapBareProperties(text: string): Recovery | undefined {
  const scanner = createScanner(text, false);
  let kind = scanner.scan();
  // Skip a prose line such as "##### WARNING: NOT RECOMMENDED #####" before the properties.
  while (kind !== SyntaxKind.EOF && kind !== SyntaxKind.StringLiteral && kind !== SyntaxKind.OpenBraceToken && kind !== SyntaxKind.OpenBracketToken) kind = scanner.scan();
  if (kind !== SyntaxKind.StringLiteral) return undefined;
  const start = scanner.getTokenOffset();
  let next = scanner.scan();
  while (next === SyntaxKind.Trivia || next === SyntaxKind.LineBreakTrivia) next = scanner.scan();
  if (next !== SyntaxKind.ColonToken) return undefined;
  const masked = text.slice(0, start).replace(/[^\r\n]/g, ' ') + text.slice(start);
  return { text: '{' + masked + '\n}', shift: 1, message: 'These are statement properties without the surrounding { }: the text is not valid JSON. It is analysed as if it were wrapped in braces.', range: { start, end: start + 1 } };
}
