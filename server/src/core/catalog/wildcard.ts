// IAM wildcard matching: `*` any run of characters, `?` exactly one; case-insensitive,
// as IAM matches action names and condition keys.

export type Matcher = (candidate: string) => boolean;

const cache = new Map<string, Matcher>();

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
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
      const source = key.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
      const regex = new RegExp(`^${source}$`, 'is');
      matcher = (candidate) => regex.test(candidate);
    }
    if (cache.size > 5000) cache.clear();
    cache.set(key, matcher);
  }
  return matcher;
}
