// IAM wildcard matching: `*` any run of characters, `?` exactly one; case-insensitive, as IAM
// matches action names and condition keys (StringLike values are matched case-sensitively).
// Patterns come from files other people wrote, so no regular expression is ever built from
// them: the two-pointer matcher below takes at most pattern × candidate steps, where a
// backtracking RegExp of `*?*?*?…` takes exponential time.

export type Matcher = (candidate: string) => boolean;

const cache = new Map<string, Matcher>();

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/**
 * Whether `candidate` matches `pattern` (`*`, `?`), exactly as given (case-sensitive).
 * Greedy with one back-up point: when a later `*` is reached, earlier choices never need
 * revisiting, so the cost is O(pattern × candidate) in the worst case and linear usually.
 */
export function wildcardMatch(pattern: string, candidate: string): boolean {
  let p = 0;
  let c = 0;
  let star = -1; // index in pattern just after the last `*` seen
  let resume = 0; // candidate index that `*` will absorb up to on the next back-up
  const pn = pattern.length;
  const cn = candidate.length;
  while (c < cn) {
    const pc = p < pn ? pattern.charCodeAt(p) : -1;
    if (pc === 42 /* * */) {
      // Runs of `*` are one `*`.
      while (p < pn && pattern.charCodeAt(p) === 42) p++;
      if (p === pn) return true;
      star = p;
      resume = c;
    } else if (pc === 63 /* ? */ || (pc !== -1 && pc === candidate.charCodeAt(c))) {
      p++;
      c++;
    } else if (star >= 0) {
      p = star;
      c = ++resume;
    } else {
      return false;
    }
  }
  while (p < pn && pattern.charCodeAt(p) === 42) p++;
  return p === pn;
}

/** Case-insensitive matching, as IAM compares action names and condition key names. */
export function wildcardMatchIgnoreCase(pattern: string, candidate: string): boolean {
  return wildcardMatch(pattern.toLowerCase(), candidate.toLowerCase());
}

/** A cached case-insensitive matcher for one pattern. */
export function wildcardMatcher(pattern: string): Matcher {
  const key = pattern.toLowerCase();
  let matcher = cache.get(key);
  if (!matcher) {
    if (!hasWildcard(key)) {
      matcher = (candidate) => candidate.toLowerCase() === key;
    } else if (/^\*+$/.test(key)) {
      matcher = () => true;
    } else {
      matcher = (candidate) => wildcardMatch(key, candidate.toLowerCase());
    }
    if (cache.size > 5000) cache.clear();
    cache.set(key, matcher);
  }
  return matcher;
}
