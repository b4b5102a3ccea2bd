// IAM wildcard matching: `*` any run of characters, `?` exactly one; case-insensitive, as IAM
// matches action names and condition keys (StringLike values are matched case-sensitively).
// Patterns come from files other people wrote, so no regular expression is ever built from
// them: the two-pointer matcher below (also the ARN matcher's, analysis/arnMatch.ts) takes at most pattern × candidate steps, where a
// backtracking RegExp of `*?*?*?…` takes exponential time.
import { ownCopy } from '../ownCopy';

export type Matcher = (candidate: string) => boolean;

const cache = new Map<string, Matcher>();

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/** In a compiled pattern: character codes, and these two for `*` (a run of them is one) and `?`. */
export const ANY_RUN = -1;
export const ANY_ONE = -2;

/** The pattern compiled for matchWildcardTokens. */
export function wildcardTokens(pattern: string): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const code = pattern.charCodeAt(i);
    if (code === 42 /* * */) {
      if (out[out.length - 1] !== ANY_RUN) out.push(ANY_RUN);
    } else out.push(code === 63 /* ? */ ? ANY_ONE : code);
  }
  return Int32Array.from(out);
}

/**
 * Whether text[start, end) matches the compiled pattern, exactly (case-sensitive). Greedy with
 * one back-up point: when a later `*` is reached, earlier choices never need revisiting, so the
 * cost is O(pattern × text) in the worst case and linear usually.
 */
export function matchWildcardTokens(tokens: Int32Array, text: string, start = 0, end = text.length): boolean {
  let t = 0;
  let c = start;
  let star = -1; // index in tokens just after the last `*` seen
  let resume = start; // text index that `*` will absorb up to on the next back-up
  while (c < end) {
    const token = t < tokens.length ? tokens[t] : undefined;
    if (token === ANY_RUN) {
      star = ++t;
      resume = c;
      if (t === tokens.length) return true;
    } else if (token !== undefined && (token === ANY_ONE || token === text.charCodeAt(c))) {
      t++;
      c++;
    } else if (star >= 0) {
      t = star;
      c = ++resume;
    } else return false;
  }
  while (t < tokens.length && tokens[t] === ANY_RUN) t++;
  return t === tokens.length;
}

/** Whether `candidate` matches `pattern` (`*`, `?`), exactly as given (case-sensitive). */
export function wildcardMatch(pattern: string, candidate: string): boolean {
  return matchWildcardTokens(wildcardTokens(pattern), candidate);
}

/** Case-insensitive matching, as IAM compares action names and condition key names. */
export function wildcardMatchIgnoreCase(pattern: string, candidate: string): boolean {
  return wildcardMatch(pattern.toLowerCase(), candidate.toLowerCase());
}

/** A cached case-insensitive matcher for one pattern. */
export function wildcardMatcher(pattern: string): Matcher {
  const key = ownCopy(pattern.toLowerCase());
  let matcher = cache.get(key);
  if (!matcher) {
    if (!hasWildcard(key)) {
      matcher = (candidate) => candidate.toLowerCase() === key;
    } else if (/^\*+$/.test(key)) {
      matcher = () => true;
    } else {
      const tokens = wildcardTokens(key);
      matcher = (candidate) => matchWildcardTokens(tokens, candidate.toLowerCase());
    }
    if (cache.size > 5000) cache.clear();
    cache.set(key, matcher);
  }
  return matcher;
}
