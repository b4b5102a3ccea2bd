// IAM wildcard matching: `*` any run of characters, `?` exactly one; case-insensitive, as IAM
// matches action names and condition keys (StringLike values are matched case-sensitively).

export type Matcher = (candidate: string) => boolean;

const cache = new Map<string, Matcher>();

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/** The pattern as an anchored regular expression (flags: "i" for case-insensitive). */
export function wildcardRegExp(pattern: string, flags: string): RegExp {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, flags);
}

export function wildcardMatcher(pattern: string): Matcher {
  const key = pattern.toLowerCase();
  let matcher = cache.get(key);
  if (!matcher) {
    if (!hasWildcard(key)) {
      matcher = (candidate) => candidate.toLowerCase() === key;
    } else if (key === '*') {
      matcher = () => true;
    } else {
      const regex = wildcardRegExp(key, 'is');
      matcher = (candidate) => regex.test(candidate);
    }
    if (cache.size > 5000) cache.clear();
    cache.set(key, matcher);
  }
  return matcher;
}
