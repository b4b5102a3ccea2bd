// The no-MFA reachable set as (action, resource) facts: each action is asked on the resources
// it is authorised against (its resource types from the catalog), once on the caller's own
// (user "alice": user/alice, mfa/alice) and once on someone else's (user/bob). A statement's
// Resource/NotResource is matched against those ARNs, with policy variables, so a Deny on
// mfa/${aws:username} protects DeleteVirtualMFADevice but not DeactivateMFADevice (a user action).
import { getCatalog } from '../catalog/catalog';
import { resourceTypesOf, serviceResourceTypes } from '../catalog/resourceTypes';
import type { StringListNode } from '../model';
import { ActionSet } from './actionSet';
import { matchResolved } from './arnMatch';
import { defaultResourcesFor, requestLookup } from './evaluate';
import { KeyLookup, resolvePattern, ResolvedPattern } from './policyVariables';
import { ownCopy } from '../ownCopy';

export type Owner = 'self' | 'others';

/**
 * Where the analysed policy lives: the partition and account its ARNs name (published policies
 * write placeholders such as "ACCOUNT-ID-WITHOUT-HYPHENS"; the policy is read as attached in
 * that account), else aws / 123456789012.
 */
export interface Home {
  readonly partition: string;
  readonly account: string;
}

export const DEFAULT_HOME: Home = { partition: 'aws', account: '123456789012' };

export function homeOf(arns: Iterable<string>): Home {
  for (const arn of arns) {
    if (!arn.startsWith('arn:')) continue; // "*", mostly: no split
    const parts = arn.split(':');
    if (parts.length < 6 || parts[0] !== 'arn') continue;
    const account = parts[4];
    if (!account || /[*?]|\$\{/.test(account) || account === 'aws') continue;
    const partition = /^[a-z-]+$/.test(parts[1]) ? parts[1] : 'aws';
    return { partition, account };
  }
  return DEFAULT_HOME;
}

/** The caller the analysis asks about ("alice"), and the other user whose resources it may reach ("bob"). */
export function analysisPrincipal(home: Home, owner: Owner = 'self'): string {
  return `arn:${home.partition}:iam::${home.account}:user/${owner === 'self' ? 'alice' : 'bob'}`;
}

export const ANALYSIS_PRINCIPAL = analysisPrincipal(DEFAULT_HOME);

const callers = new Map<string, KeyLookup>();

function callerLookup(home: Home): KeyLookup {
  const principalArn = analysisPrincipal(home);
  let lookup = callers.get(principalArn);
  if (!lookup) {
    lookup = requestLookup({ action: '', resource: '', principalArn, context: 'mfa-session' });
    callers.set(principalArn, lookup);
  }
  return lookup;
}

const arnCache = new Map<string, string[]>();

/** The ARNs an action is authorised against on the owner's resources ("*" for actions without resource types). */
export function factResources(actionKey: string, owner: Owner, home: Home = DEFAULT_HOME): string[] {
  const principal = analysisPrincipal(home, owner);
  const cacheKey = principal + ' ' + actionKey;
  let arns = arnCache.get(cacheKey);
  if (!arns) {
    arns = defaultResourcesFor(actionKey, principal);
    if (arnCache.size > 20_000) arnCache.clear();
    arnCache.set(cacheKey, arns);
  }
  return arns;
}

/**
 * What a statement's Resource/NotResource covers on the owner's resources, read once and asked
 * per action or for a whole set. An action is covered when every resource it is authorised
 * against (for the owner) is matched for certain by a `Resource` entry, or may be matched by no
 * `NotResource` entry. A missing element covers every resource (fragments, trust policies).
 */
export interface ResourceCoverage {
  /**
   * The covered actions of `actions`. Only those are asked: "s3:GetObject" on one bucket is one
   * question, not one per action of every service the ARN may name.
   */
  within(actions: ActionSet): ActionSet;
  /** Whether one (lower-case) action is covered. */
  has(key: string): boolean;
}

const EVERY_RESOURCE: ResourceCoverage = { within: (actions) => actions, has: () => true };
const NO_RESOURCE: ResourceCoverage = { within: () => ActionSet.NONE, has: () => false };

export function resourceCoverage(resource: StringListNode | undefined, notResource: StringListNode | undefined, owner: Owner, variables: boolean, home: Home = DEFAULT_HOME): ResourceCoverage {
  if (resource) {
    const entries = resource.values.map((v) => v.value.trim());
    if (entries.some(matchesAnything)) return EVERY_RESOURCE;
    const matcher = elementMatcher(entries, owner, variables, 'every-arn-certain', home);
    return { within: (actions) => matchedBy(matcher, actions), has: (key) => matcher.matches(key) };
  }
  if (notResource) {
    // An entry written as a template reference could exclude anything.
    if (notResource.unknownValues > 0) return NO_RESOURCE;
    const entries = notResource.values.map((v) => v.value.trim());
    if (entries.some(matchesAnything)) return NO_RESOURCE;
    const matcher = elementMatcher(entries, owner, variables, 'some-arn-possible', home);
    return { within: (actions) => actions.minus(matchedBy(matcher, actions)), has: (key) => !matcher.matches(key) };
  }
  return EVERY_RESOURCE;
}

/** "*" (or "**", "*?*"…): it matches the "*" of actions without resource types too. */
function matchesAnything(entry: string): boolean {
  return /^[*]+$/.test(entry);
}

/** One element's entries, resolved once, with each action's answer kept as it is asked. */
interface ElementMatcher {
  /** The services whose ARNs an entry may name (asked only to enumerate a complement set). */
  services(): readonly string[];
  readonly answers: Map<string, boolean>;
  matches(actionKey: string): boolean;
}

const matchers = new Map<string, ElementMatcher>();

function elementMatcher(entries: string[], owner: Owner, variables: boolean, mode: 'every-arn-certain' | 'some-arn-possible', home: Home): ElementMatcher {
  const cacheKey = JSON.stringify([entries, owner, variables, mode, home.partition, home.account]);
  let matcher = matchers.get(cacheKey);
  if (matcher) return matcher;
  // Kept with the matcher, beyond the text they came from.
  const patterns = entries.map(ownCopy).map((e) => ({ entry: e, resolved: resolvePattern(e, callerLookup(home), { wildcards: true, variables }) }));
  const answers = new Map<string, boolean>();
  const hit = (arn: string, accept: (t: string) => boolean) => patterns.some((p) => accept(matchResolved(p.resolved, arn, { arn: true })));
  let services: string[] | undefined;
  matcher = {
    services: () => (services ??= candidateServices(patterns)),
    answers,
    matches(actionKey) {
      let answer = answers.get(actionKey);
      if (answer === undefined) {
        // "*" (no resource types) is matched only by entries that match anything.
        if (resourceTypesOf(actionKey).length === 0) answer = false;
        else {
          const arns = factResources(actionKey, owner, home);
          answer = mode === 'every-arn-certain' ? arns.every((arn) => hit(arn, (t) => t === 'yes')) : arns.some((arn) => hit(arn, (t) => t !== 'no'));
        }
        answers.set(actionKey, answer);
      }
      return answer;
    },
  };
  if (matchers.size > 2000) matchers.clear();
  matchers.set(cacheKey, matcher);
  return matcher;
}

/** The actions of `within` the element's matcher answers yes for. */
function matchedBy(matcher: ElementMatcher, within: ActionSet): ActionSet {
  const keys: string[] = [];
  const consider = (key: string) => {
    if (matcher.matches(key)) keys.push(key);
  };
  if (!within.isComplement) for (const key of within.keys) consider(key);
  else for (const prefix of matcher.services()) for (const key of within.inService(prefix)) consider(key);
  return ActionSet.of(keys);
}

/** Services with a resource type whose ARN service part an entry may match (by the entry's third segment). */
function candidateServices(patterns: { entry: string; resolved?: ResolvedPattern }[]): string[] {
  const wanted = new Set<string>();
  let everyService = false;
  for (const p of patterns) {
    const segments = p.entry.split(':');
    if (segments.length < 3 || /[*?$]/.test(segments[2])) everyService = true;
    else wanted.add(segments[2]);
  }
  const out: string[] = [];
  for (const prefix of getCatalog().services.keys()) {
    if (everyService || serviceResourceTypes(prefix).some((t) => wanted.has(t.arnFormat.split(':')[2]))) out.push(prefix);
  }
  return out;
}

/** Whether one Resource/NotResource entry matches (or may match) a resource the action takes on the owner's side. */
export function entryMayMatch(entry: string, actionKey: string, owner: Owner, home: Home, variables: boolean): boolean {
  const resolved = resolvePattern(entry.trim(), callerLookup(home), { wildcards: true, variables });
  return factResources(actionKey, owner, home).some((arn) => matchResolved(resolved, arn, { arn: true }) !== 'no');
}
