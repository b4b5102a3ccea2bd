// Sets of IAM actions that may be infinite in one direction: either a finite set of
// action keys ("iam:createuser") or every action except a finite set. Statements give
// both kinds (`Action` lists vs `NotAction` exemptions), and the reachable set is an
// intersection of complements, so the algebra stays exact without enumerating 22,000
// actions unless a caller asks for a list.
import { CatalogService, catalogActionCount, findAction, findService, getCatalog, servicePrefixes } from '../catalog/catalog';
import { hasWildcard, wildcardMatcher } from '../catalog/wildcard';
import { ownCopy } from '../ownCopy';

export class ActionSet {
  private constructor(
    /** true: every action except `keys`; false: exactly `keys`. */
    readonly isComplement: boolean,
    readonly keys: ReadonlySet<string>,
  ) {}

  static readonly NONE = new ActionSet(false, new Set());
  static readonly ALL = new ActionSet(true, new Set());

  static of(keys: Iterable<string>): ActionSet {
    return new ActionSet(false, new Set(keys));
  }

  /**
   * The union of many sets in one pass (a chain of `union` calls copies the growing set at
   * every step: quadratic over 20,000 statements).
   */
  static unionOf(sets: Iterable<ActionSet>): ActionSet {
    const finite = new Set<string>();
    // Union of complements is the complement of the intersection of their exclusions.
    let excluded: Set<string> | undefined;
    for (const set of sets) {
      if (set.isComplement) {
        if (!excluded) excluded = new Set(set.keys);
        else for (const k of excluded) if (!set.keys.has(k)) excluded.delete(k);
        if (excluded.size === 0) return ActionSet.ALL;
      } else {
        for (const k of set.keys) finite.add(k);
      }
    }
    if (!excluded) return new ActionSet(false, finite);
    for (const k of finite) excluded.delete(k);
    return excluded.size === 0 ? ActionSet.ALL : new ActionSet(true, excluded);
  }

  has(key: string): boolean {
    return this.keys.has(key.toLowerCase()) !== this.isComplement;
  }

  get isEmpty(): boolean {
    return !this.isComplement && this.keys.size === 0;
  }

  get isAll(): boolean {
    return this.isComplement && this.keys.size === 0;
  }

  invert(): ActionSet {
    return new ActionSet(!this.isComplement, this.keys);
  }

  union(other: ActionSet): ActionSet {
    if (!this.isComplement && !other.isComplement) return new ActionSet(false, new Set([...this.keys, ...other.keys]));
    if (this.isComplement && other.isComplement) return new ActionSet(true, intersect(this.keys, other.keys));
    const [finite, cofinite] = this.isComplement ? [other, this] : [this, other];
    return new ActionSet(true, difference(cofinite.keys, finite.keys));
  }

  intersect(other: ActionSet): ActionSet {
    return this.invert().union(other.invert()).invert();
  }

  minus(other: ActionSet): ActionSet {
    return this.intersect(other.invert());
  }

  isSubsetOf(other: ActionSet): boolean {
    return this.minus(other).isEmpty;
  }

  /** How many catalog actions (plus unknown literal actions) the set holds. */
  count(): number {
    if (!this.isComplement) return this.keys.size;
    let excluded = 0;
    for (const k of this.keys) if (findAction(k)) excluded++;
    return catalogActionCount() - excluded;
  }

  /** The action keys, enumerating the catalog for a complement set. */
  list(): string[] {
    if (!this.isComplement) return [...this.keys].sort();
    const out: string[] = [];
    for (const key of getCatalog().actions.keys()) if (!this.keys.has(key)) out.push(key);
    return out.sort();
  }

  private readonly byService = new Map<string, readonly string[]>();

  /** The members within one service (cheap for complement sets too; a set is immutable, so kept). */
  inService(prefix: string): readonly string[] {
    let members = this.byService.get(prefix);
    if (!members) {
      const lower = prefix.toLowerCase() + ':';
      members = this.isComplement
        ? serviceKeys(findService(prefix)).filter((k) => !this.keys.has(k))
        : [...this.keys].filter((k) => k.startsWith(lower)).sort();
      this.byService.set(prefix, members);
    }
    return members;
  }
}

/** A service's action keys ("iam:createuser"), in catalog order. */
function serviceKeys(service: CatalogService | undefined): string[] {
  return service ? service.lowerActionNames.map((name) => `${service.prefix}:${name}`) : [];
}

function intersect<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): Set<T> {
  const out = new Set<T>();
  for (const x of a) if (b.has(x)) out.add(x);
  return out;
}

function difference<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): Set<T> {
  const out = new Set<T>();
  for (const x of a) if (!b.has(x)) out.add(x);
  return out;
}

const expansionCache = new Map<string, ActionSet>();

/**
 * The actions one pattern of an `Action`/`NotAction` element matches. A literal action the
 * catalog does not know still matches itself, so a policy naming a brand-new action works.
 */
export function expandActionPattern(pattern: string): ActionSet {
  const written = pattern.trim().toLowerCase();
  let set = expansionCache.get(written);
  if (set) return set;
  const lower = ownCopy(written);
  if (lower === '*' || lower === '*:*') {
    set = ActionSet.ALL;
  } else {
    const sep = lower.indexOf(':');
    if (sep <= 0) {
      set = ActionSet.NONE; // not of the form service:action; the general checks report it
    } else if (!hasWildcard(lower)) {
      set = ActionSet.of([lower]);
    } else {
      const servicePart = lower.slice(0, sep);
      const actionMatcher = wildcardMatcher(lower.slice(sep + 1));
      const services = hasWildcard(servicePart)
        ? [...servicePrefixes()].filter((prefix) => wildcardMatcher(servicePart)(prefix)).map((prefix) => findService(prefix))
        : [findService(servicePart)].filter((s) => s !== undefined);
      const keys: string[] = [];
      // Matched by name (the matcher ignores case): no action objects are made for it.
      for (const service of services) for (const name of service!.lowerActionNames) if (actionMatcher(name)) keys.push(`${service!.prefix}:${name}`);
      set = ActionSet.of(keys);
    }
  }
  if (expansionCache.size > 2000) expansionCache.clear();
  expansionCache.set(lower, set);
  return set;
}

/** Whether `expandActionPattern(pattern).has(key)`, without building the set. */
export function patternIncludes(pattern: string, key: string): boolean {
  return actionPatternMatcher(pattern)(key.toLowerCase());
}

/** `patternIncludes(pattern, key)` for a key already in lower case ("iam:createuser"): a cached function per pattern. */
export type LowerKeyMatcher = (lowerKey: string) => boolean;

const ALWAYS: LowerKeyMatcher = () => true;
const NEVER: LowerKeyMatcher = () => false;
const patternMatchers = new Map<string, LowerKeyMatcher>();

/**
 * The rules ask a handful of actions (the enrolment and self-service ones) of every pattern of
 * every statement: a pattern is read once, and a wildcard pattern remembers its answers, so a
 * question costs a map look-up instead of a catalog look-up and a match. The catalog is fixed,
 * so nothing remembered can go stale.
 */
export function actionPatternMatcher(pattern: string): LowerKeyMatcher {
  let matcher = patternMatchers.get(pattern);
  if (!matcher) {
    const own = ownCopy(pattern);
    matcher = compilePattern(own);
    if (patternMatchers.size > 5000) patternMatchers.clear();
    patternMatchers.set(own, matcher);
  }
  return matcher;
}

function compilePattern(pattern: string): LowerKeyMatcher {
  const lower = pattern.trim().toLowerCase();
  if (lower === '*' || lower === '*:*') return ALWAYS;
  const sep = lower.indexOf(':');
  if (sep <= 0) return NEVER;
  if (!hasWildcard(lower)) return (key) => key === lower;
  const servicePart = lower.slice(0, sep);
  const serviceMatcher = wildcardMatcher(servicePart);
  const nameMatcher = wildcardMatcher(lower.slice(sep + 1));
  // "s3:Get*" cannot hold an iam: action: no catalog look-up, no matching.
  const servicePrefix = hasWildcard(servicePart) ? undefined : `${servicePart}:`;
  const answers = new Map<string, boolean>();
  return (key) => {
    if (servicePrefix !== undefined && !key.startsWith(servicePrefix)) return false;
    let answer = answers.get(key);
    if (answer === undefined) {
      const action = findAction(key);
      // A wildcard expands to catalog actions only.
      answer = action !== undefined && serviceMatcher(action.service) && nameMatcher(action.name);
      if (answers.size < 256) answers.set(key, answer);
    }
    return answer;
  };
}

/** Whether the pattern matches any action: `!expandActionPattern(p).isEmpty`, without building the set. */
export function matchesAnyAction(pattern: string): boolean {
  let answer = anyActionAnswers.get(pattern);
  if (answer === undefined) {
    answer = computeMatchesAnyAction(pattern);
    if (anyActionAnswers.size > 5000) anyActionAnswers.clear();
    anyActionAnswers.set(ownCopy(pattern), answer);
  }
  return answer;
}

/** The same wildcards ("s3:Get*", "ec2:Describe*") come back in policy after policy; the catalog is fixed. */
const anyActionAnswers = new Map<string, boolean>();

function computeMatchesAnyAction(pattern: string): boolean {
  const lower = pattern.trim().toLowerCase();
  const known = expansionCache.get(lower);
  if (known) return !known.isEmpty;
  if (lower === '*' || lower === '*:*') return true;
  const sep = lower.indexOf(':');
  if (sep <= 0) return false;
  if (!hasWildcard(lower)) return true;
  const servicePart = lower.slice(0, sep);
  const actionMatcher = wildcardMatcher(lower.slice(sep + 1));
  const prefixes = hasWildcard(servicePart) ? [...servicePrefixes()].filter(wildcardMatcher(servicePart)) : [servicePart];
  for (const prefix of prefixes) if (findService(prefix)?.lowerActionNames.some(actionMatcher)) return true;
  return false;
}

export function expandActionPatterns(patterns: Iterable<string>): ActionSet {
  // Every single pattern expands to a finite set unless it is "*", so collect into one set
  // rather than building a new set per union.
  const keys = new Set<string>();
  for (const p of patterns) {
    const one = expandActionPattern(p);
    if (one.isAll) return ActionSet.ALL;
    for (const k of one.keys) keys.add(k);
  }
  return ActionSet.of(keys);
}

/** "iam:createuser" -> "iam:CreateUser" where the catalog knows it. */
export function displayAction(key: string): string {
  return findAction(key)?.id ?? key;
}
