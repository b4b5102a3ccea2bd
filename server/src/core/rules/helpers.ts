// Small pieces several rules share, so that each rule file reads as its own logic.
import { ActionSet, displayAction, expandActionPattern } from '../analysis/actionSet';
import { misspelledMfaKey } from '../analysis/mfaKeys';
import { ContextId, NO_MFA_CONTEXTS } from '../analysis/contexts';
import { EXAMPLE_PRIORITY } from '../analysis/mfaSets';
import type { AnalyzedStatement, PolicyAnalysis } from '../analysis/policyAnalysis';
import type { RelatedLocation } from '../findings';
import type { StringNode } from '../model';
import type { Owner } from '../analysis/resourceFacts';
import { formatCount } from '../explain/text';

/**
 * The deny-unless-MFA statements: Deny statements keyed on a real MFA key that do not
 * apply only with MFA. (A statement keyed only on a misspelled key is MFA006's.)
 */
export function mfaDenies(policy: PolicyAnalysis): AnalyzedStatement[] {
  // Asked by most rules, some per finding: once per policy.
  let known = denies.get(policy);
  if (!known) denies.set(policy, (known = policy.statements.filter((s) => s.role === 'mfa-deny' && s.mfaKeys.some((k) => !misspelledMfaKey(k.name)))));
  return known;
}

const denies = new WeakMap<PolicyAnalysis, AnalyzedStatement[]>();

/**
 * A deny that excludes only the caller's own ARNs on purpose protects other users (Trek10's,
 * MFA007's fix) when it names the actions; one that denies everything (NotAction, "*") but the
 * caller's own resources leaves them open without MFA.
 */
export function protectsOthersOnPurpose(deny: AnalyzedStatement): boolean {
  if (deny.scope !== 'others' || deny.usesNotAction) return false;
  return !(deny.node.action?.values ?? []).some((v) => /^\*(:\*)?$/.test(v.value.trim()));
}

/** The no-MFA contexts in which the statement's condition holds (or may hold). */
export function contextsApplying(statement: AnalyzedStatement, includeDepends = true): ContextId[] {
  return NO_MFA_CONTEXTS.filter((c) => statement.verdicts[c].kind === 'holds' || (includeDepends && statement.verdicts[c].kind === 'depends'));
}

/** The entries of a NotAction/Action element, each with the actions it matches. */
export function entries(statement: AnalyzedStatement): { node: StringNode; actions: ActionSet }[] {
  return (statement.actionElement?.values ?? []).map((node) => ({ node, actions: expandActionPattern(node.value) }));
}

export interface Exemption {
  /** The no-MFA contexts in which the entry lets something through. */
  readonly contexts: ContextId[];
  /** What it lets through, over those contexts. */
  readonly actions: ActionSet;
  /** Its IAM part, as keys. */
  readonly iam: readonly string[];
}

/** Per deny, by entry text: a repeated entry is computed once. */
const exemptions = new WeakMap<AnalyzedStatement, Map<string, Exemption>>();

/**
 * What one NotAction entry of a deny-unless-MFA lets through without MFA, in the contexts
 * where that deny applies and no other Deny closes it. MFA001, MFA013 and MFA015 each read
 * it, so it is computed once per entry.
 */
export function exemptionThrough(policy: PolicyAnalysis, deny: AnalyzedStatement, entry: { node: StringNode; actions: ActionSet }): Exemption {
  let byEntry = exemptions.get(deny);
  if (!byEntry) exemptions.set(deny, (byEntry = new Map()));
  const entryKey = entry.node.value.trim().toLowerCase();
  let known = byEntry.get(entryKey);
  if (!known) {
    const contexts: ContextId[] = [];
    let actions = ActionSet.NONE;
    for (const c of contextsApplying(deny)) {
      const through = entry.actions.intersect(policy.reachable(c));
      if (through.isEmpty) continue;
      contexts.push(c);
      actions = actions.union(through);
    }
    known = { contexts, actions, iam: actions.inService('iam') };
    byEntry.set(entryKey, known);
  }
  return known;
}

/** The most telling member of a set, for messages ("iam:DetachUserPolicy and 140 other …"). */
export function exampleOf(set: ActionSet): string | undefined {
  for (const k of EXAMPLE_PRIORITY) if (set.has(k)) return displayAction(k);
  if (set.isEmpty) return undefined;
  const first = set.inService('iam')[0] ?? set.list()[0];
  return first && displayAction(first);
}

// The one count formatter (explain/text.ts), offered to the rules beside their other helpers.
export { formatCount };

export function plural(n: number, one: string, many = one + 's'): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** "iam:A", "iam:A and iam:B", "iam:A, iam:B and 3 others". */
export function listActions(keys: readonly string[], max = 3): string {
  const shown = keys.slice(0, max).map(displayAction);
  const rest = keys.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${plural(rest, 'other')}`;
  return shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** undefined for an empty list, so a finding carries no empty `related`. */
export function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length ? list : undefined;
}

export function statementLabel(statement: AnalyzedStatement): string {
  return statement.node.sid ? `statement "${statement.node.sid.value}"` : `statement #${statement.node.index + 1}`;
}

export function relatedStatement(statement: AnalyzedStatement, message: string): RelatedLocation {
  const range = statement.node.sid?.range ?? statement.node.effect?.range ?? statement.node.range;
  return { range, message: `${message} (${statementLabel(statement)})` };
}

/** Allow statements whose condition does not exclude the context. */
export function allowsIn(statement: AnalyzedStatement, context: ContextId): boolean {
  return statement.effect === 'Allow' && statement.verdicts[context].kind !== 'fails';
}

/**
 * The deny's (action, resource) facts that no other Deny of the policy also denies for certain in
 * the context, compared per resource (the caller's own and another user's), so a pair with the
 * same NotAction/NotResource covers each other. Returned as the actions with such a fact.
 */
export function uncoveredByOthers(policy: PolicyAnalysis, deny: AnalyzedStatement, context: ContextId): ActionSet {
  let gap = ActionSet.NONE;
  for (const owner of OWNERS) {
    const covered = ActionSet.unionOf(policy.statements.filter((o) => o !== deny && o.effect === 'Deny' && o.verdicts[context].kind === 'holds').map((o) => o.onResources(owner)));
    gap = gap.union(deny.onResources(owner).minus(covered));
  }
  // Named resources the facts do not stand for (a bucket "prod/*"): compared by their text.
  if (deny.node.resource && deny.scope !== 'all') gap = gap.union(deny.actions.minus(coveredByOthers(policy, deny, context)));
  return gap;
}

const OWNERS: readonly Owner[] = ['self', 'others'];

/** Actions other Denies of the policy deny for certain in the context, on at least the same resources (by their text). */
function coveredByOthers(policy: PolicyAnalysis, deny: AnalyzedStatement, context: ContextId): ActionSet {
  let covered = ActionSet.NONE;
  for (const other of policy.statements) {
    if (other === deny || other.effect !== 'Deny' || other.verdicts[context].kind !== 'holds') continue;
    if (!coversResources(other, deny)) continue;
    covered = covered.union(other.actions);
  }
  return covered;
}

const coverage = new WeakMap<PolicyAnalysis, Map<string, ActionSet>>();

/** Related locations listed on one finding: enough to find them, never thousands. */
export const MAX_RELATED = 10;

/** At most MAX_RELATED related locations, built only for those. */
export function relatedStatements(statements: readonly AnalyzedStatement[], message: string): RelatedLocation[] | undefined {
  return nonEmpty(statements.slice(0, MAX_RELATED).map((s) => relatedStatement(s, message)));
}

function coversResources(wide: AnalyzedStatement, narrow: AnalyzedStatement): boolean {
  if (wide.scope === 'all') return true;
  const wideValues = (wide.node.resource?.values ?? []).map((v) => v.value);
  const narrowValues = (narrow.node.resource?.values ?? []).map((v) => v.value);
  return !wide.node.notResource && !narrow.node.notResource && narrowValues.length > 0 && narrowValues.every((v) => wideValues.includes(v));
}
