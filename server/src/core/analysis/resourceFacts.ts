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
 * The actions whose every resource (for the owner) the element matches for certain: for
 * `Resource`, those the entries match; for `NotResource`, those none of its entries may match.
 * A missing element matches every resource (fragments, trust policies).
 */
export function actionsOnResources(resource: StringListNode | undefined, notResource: StringListNode | undefined, owner: Owner, variables: boolean, home: Home = DEFAULT_HOME): ActionSet {
  if (resource) {
    const entries = resource.values.map((v) => v.value.trim());
    if (entries.some(matchesAnything)) return ActionSet.ALL;
    return matchedBy(entries, owner, variables, 'every-arn-certain', home);
  }
  if (notResource) {
    // An entry written as a template reference could exclude anything.
    if (notResource.unknownValues > 0) return ActionSet.NONE;
    const entries = notResource.values.map((v) => v.value.trim());
    if (entries.some(matchesAnything)) return ActionSet.NONE;
    return matchedBy(entries, owner, variables, 'some-arn-possible', home).invert();
  }
  return ActionSet.ALL;
}

/** "*" (or "**", "*?*"…): it matches the "*" of actions without resource types too. */
function matchesAnything(entry: string): boolean {
  return /^[*]+$/.test(entry);
}

const matchCache = new Map<string, ActionSet>();

function matchedBy(entries: string[], owner: Owner, variables: boolean, mode: 'every-arn-certain' | 'some-arn-possible', home: Home): ActionSet {
  const cacheKey = JSON.stringify([entries, owner, variables, mode, home.partition, home.account]);
  let set = matchCache.get(cacheKey);
  if (set) return set;
  const patterns = entries.map((e) => ({ entry: e, resolved: resolvePattern(e, callerLookup(home), { wildcards: true, variables }) }));
  const keys: string[] = [];
  for (const prefix of candidateServices(patterns)) {
    for (const action of getCatalog().services.get(prefix)!.actions) {
      if (resourceTypesOf(action.key).length === 0) continue; // "*" is matched only by entries that match anything
      const arns = factResources(action.key, owner, home);
      const hit = (arn: string, accept: (t: string) => boolean) => patterns.some((p) => accept(matchResolved(p.resolved, arn, { arn: true })));
      const matched =
        mode === 'every-arn-certain' ? arns.every((arn) => hit(arn, (t) => t === 'yes')) : arns.some((arn) => hit(arn, (t) => t !== 'no'));
      if (matched) keys.push(action.key);
    }
  }
  set = ActionSet.of(keys);
  if (matchCache.size > 2000) matchCache.clear();
  matchCache.set(cacheKey, set);
  return set;
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
