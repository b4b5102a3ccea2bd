// Policy variables (IAM User Guide, "IAM policy elements: Variables and tags"): `${key}` is
// replaced by the request's value of that key, `${key, 'default'}` falls back to the default,
// `${*}`, `${?}` and `${$}` stand for the literal characters. A key the request does not carry,
// without a default, makes the element not match. Only policies of Version 2012-10-17 have
// variables; in older ones the text is literal.

/** What the request says about one condition key (lower-case name). */
export type KeyFact = { readonly values: readonly string[] } | 'absent' | 'unknown';
export type KeyLookup = (lowerKey: string) => KeyFact;

export type PatternPiece =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'star' }
  | { readonly kind: 'one' }
  /** a variable whose value the request does not give */
  | { readonly kind: 'unknown'; readonly key: string };

export interface ResolvedPattern {
  readonly pieces: readonly PatternPiece[];
  /** Keys of the variables left unknown. */
  readonly unknownKeys: readonly string[];
}

/**
 * Each `${…}` in the text, found with indexOf: a RegExp scan restarts at every `${` that is never
 * closed (quadratic on 50,000 of them); past the last `}`, no variable can follow.
 */
function* variablesIn(text: string): Generator<{ index: number; 0: string; 1: string }> {
  let from = 0;
  for (;;) {
    const open = text.indexOf('${', from);
    if (open < 0) return;
    const close = text.indexOf('}', open + 2);
    if (close < 0) return;
    yield { index: open, 0: text.slice(open, close + 1), 1: text.slice(open + 2, close) };
    from = close + 1;
  }
}
const WITH_DEFAULT = /^\s*([^,\s]+)\s*,\s*'((?:[^']|'')*)'\s*$/;

/**
 * Splits a Resource or condition value into literal text, wildcards (when `wildcards`) and
 * unknown variables; undefined when a variable's key is absent and has no default (no match).
 */
export function resolvePattern(pattern: string, lookup: KeyLookup, options: { wildcards: boolean; variables: boolean }): ResolvedPattern | undefined {
  const pieces: PatternPiece[] = [];
  const unknownKeys: string[] = [];
  const pushText = (text: string) => {
    if (!options.wildcards) {
      if (text) pieces.push({ kind: 'text', text });
      return;
    }
    let run = '';
    for (const ch of text) {
      if (ch === '*' || ch === '?') {
        if (run) pieces.push({ kind: 'text', text: run });
        run = '';
        pieces.push({ kind: ch === '*' ? 'star' : 'one' });
      } else run += ch;
    }
    if (run) pieces.push({ kind: 'text', text: run });
  };
  const literal = (text: string) => text && pieces.push({ kind: 'text', text });
  if (!options.variables) {
    pushText(pattern);
    return { pieces, unknownKeys };
  }
  let last = 0;
  for (const m of variablesIn(pattern)) {
    pushText(pattern.slice(last, m.index));
    last = m.index + m[0].length;
    const inner = m[1];
    if (inner === '*' || inner === '?' || inner === '$') {
      literal(inner);
      continue;
    }
    const withDefault = WITH_DEFAULT.exec(inner);
    const key = (withDefault ? withDefault[1] : inner.trim()).toLowerCase();
    if (!key || /\s/.test(key)) {
      literal(m[0]); // not a variable: IAM keeps the text
      continue;
    }
    const fact = lookup(key);
    if (fact === 'unknown') {
      pieces.push({ kind: 'unknown', key });
      unknownKeys.push(key);
    } else if (fact !== 'absent' && fact.values.length === 1) {
      literal(fact.values[0]);
    } else if (withDefault) {
      literal(withDefault[2].replace(/''/g, "'"));
    } else {
      return undefined; // absent (or multi-valued) without a default: the element does not match
    }
  }
  pushText(pattern.slice(last));
  return { pieces, unknownKeys };
}

/** Whether policy text uses variables: only Version 2012-10-17 has them. */
export function variablesApply(version: string | undefined): boolean {
  return version === '2012-10-17';
}
