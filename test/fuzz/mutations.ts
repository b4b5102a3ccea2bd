// Seeded, reproducible mutations of real policies for the fuzz tests.
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createScanner, ParseError, parseTree, SyntaxKind } from 'jsonc-parser';
import { REPO_ROOT, VARIANTS_DIR } from '../testUtil';

export const SEED = Number(process.env.FUZZ_SEED ?? 20261123);

export function corpus(): string[] {
  const fixtures = path.join(REPO_ROOT, 'test', 'fixtures');
  return [
    ...fs.readdirSync(VARIANTS_DIR).filter((f) => f !== 'INDEX.md').map((f) => fs.readFileSync(path.join(VARIANTS_DIR, f), 'utf8')),
    ...fs.readdirSync(fixtures).filter((f) => f.endsWith('.json')).map((f) => fs.readFileSync(path.join(fixtures, f), 'utf8')),
  ];
}

interface Token {
  start: number;
  end: number;
  kind: SyntaxKind;
}

function tokens(text: string): Token[] {
  const scanner = createScanner(text, true);
  const out: Token[] = [];
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) out.push({ start: scanner.getTokenOffset(), end: scanner.getTokenOffset() + scanner.getTokenLength(), kind });
  return out;
}

const REPLACEMENTS = ['5', '[]', '{}', 'null', 'true', '"*"', '""', '[5, {}, null]', '{"Bool": []}', JSON.stringify('x'.repeat(100_000)), '"\uD800"', '"\uDC00abc"', '['.repeat(300) + ']'.repeat(300)];

type Mutation = (text: string, toks: Token[]) => string;

const at = (toks: Token[], i: number) => toks[Math.min(toks.length - 1, Math.max(0, i % Math.max(1, toks.length)))];

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map((i) => (t: string, toks: Token[]) => (toks.length ? t.slice(0, at(toks, i).start) + t.slice(at(toks, i).end) : t)),
  fc.nat().map((i) => (t: string, toks: Token[]) => (toks.length ? t.slice(0, at(toks, i).end) + t.slice(at(toks, i).start) : t)),
  fc.tuple(fc.nat(), fc.nat()).map(([i, j]) => (t: string, toks: Token[]) => {
    if (toks.length < 2) return t;
    let [a, b] = [at(toks, i), at(toks, j)];
    if (a.start > b.start) [a, b] = [b, a];
    if (a.end > b.start) return t;
    return t.slice(0, a.start) + t.slice(b.start, b.end) + t.slice(a.end, b.start) + t.slice(a.start, a.end) + t.slice(b.end);
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...REPLACEMENTS)).map(([i, r]) => (t: string, toks: Token[]) => {
    // Change a value's type: replace a literal, or a whole object/array opened at that token.
    const values = toks.filter((k) => k.kind === SyntaxKind.StringLiteral || k.kind === SyntaxKind.NumericLiteral || k.kind === SyntaxKind.OpenBracketToken || k.kind === SyntaxKind.OpenBraceToken);
    if (!values.length) return t;
    const v = at(values, i);
    const end = v.kind === SyntaxKind.OpenBracketToken || v.kind === SyntaxKind.OpenBraceToken ? matchingClose(t, toks, v) : v.end;
    return t.slice(0, v.start) + r + t.slice(end);
  }),
  fc.tuple(fc.nat(), fc.string({ unit: 'binary', maxLength: 8 })).map(([i, s]) => (t: string, toks: Token[]) => (toks.length ? t.slice(0, at(toks, i).start) + s + t.slice(at(toks, i).start) : t + s)),
  fc.nat().map((n) => (t: string) => t.slice(0, n % (t.length + 1))),
);

function matchingClose(text: string, toks: Token[], open: Token): number {
  let depth = 0;
  for (const k of toks) {
    if (k.start < open.start) continue;
    if (k.kind === SyntaxKind.OpenBraceToken || k.kind === SyntaxKind.OpenBracketToken) depth++;
    if (k.kind === SyntaxKind.CloseBraceToken || k.kind === SyntaxKind.CloseBracketToken) depth--;
    if (depth === 0) return k.end;
  }
  return text.length;
}

export const mutatedDocument = (documents: string[]): fc.Arbitrary<string> =>
  fc.tuple(fc.constantFrom(...documents), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([doc, mutations]) => mutations.reduce((t, m) => m(t, tokens(t)), doc));

export function syntaxErrorCount(text: string): number {
  const errors: ParseError[] = [];
  parseTree(text, errors, { allowTrailingComma: true });
  return errors.length;
}
