// The per-policy summary (RULES.md §5): what a principal holding `Allow *:*` could still do
// without MFA, given this policy's Deny statements, with a long-term access key and in a
// session signed in without MFA.
import type { PolicyAnalysis } from '../analysis/policyAnalysis';
import { ActionSet, displayAction } from '../analysis/actionSet';
import type { ContextId } from '../analysis/contexts';
import { EXAMPLE_PRIORITY, SAFE_EXEMPTIONS, isNeverWithoutMfa } from '../analysis/mfaSets';
import { catalogActionCount, getCatalog } from '../catalog/catalog';
import { formatCount } from './text';

export const SUMMARY_CONTEXTS: readonly ContextId[] = ['access-key', 'no-mfa-session'];

/**
 * "reachable": the policy has Deny statements, so the question is what they leave possible for
 * a principal that also holds `Allow *:*`. "allowed": a policy of Allow statements only (MFA
 * on the grant, as AWS's EC2 and S3 examples do) denies nothing, so the question is what it
 * grants without MFA.
 */
export type SummaryMode = 'reachable' | 'allowed';

export function summaryMode(analysis: PolicyAnalysis): SummaryMode {
  return analysis.statements.some((s) => s.effect === 'Deny') ? 'reachable' : 'allowed';
}

/** The set the summary counts in one context. */
export function summarySet(analysis: PolicyAnalysis, context: ContextId, mode = summaryMode(analysis)): ActionSet {
  if (mode === 'reachable') return analysis.reachable(context);
  return analysis.statements
    .filter((s) => s.effect === 'Allow' && s.verdicts[context].kind !== 'fails')
    .reduce((acc, s) => acc.union(s.actions), ActionSet.NONE);
}

export interface ContextReach {
  readonly context: ContextId;
  readonly set: ActionSet;
  readonly count: number;
  /** Every action in the catalog is reachable: the policy denies nothing in this context. */
  readonly everything: boolean;
  /** Only self-service enrolment, low-risk reads and sts:GetSessionToken. */
  readonly selfServiceOnly: boolean;
  /** Nothing in the never-without-MFA set. */
  readonly noDangerous: boolean;
  /** Every reachable action is an IAM action. */
  readonly iamOnly: boolean;
  /** The most alarming reachable action, as AWS spells it. */
  readonly example?: string;
  /** "7 actions reachable (self-service only)", "190 IAM actions reachable (110 change permissions or credentials), including iam:DetachUserPolicy". */
  readonly text: string;
}

export interface PolicySummary {
  readonly mode: SummaryMode;
  readonly contexts: readonly ContextReach[];
  /** Whether the two no-MFA contexts reach the same set, for the same reason. */
  readonly same: boolean;
  /** "Without MFA — access key: 7 actions reachable (self-service only) · session: same". */
  readonly text: string;
}

export function summarizePolicy(analysis: PolicyAnalysis): PolicySummary {
  const mode = summaryMode(analysis);
  const contexts = SUMMARY_CONTEXTS.map((c) => reachIn(summarySet(analysis, c, mode), c, mode, () => everythingNote(analysis, c)));
  const [key, session] = contexts;
  const same = key.text === session.text && sameSet(key.set, session.set);
  const unknown = analysis.policy.unknownStatements?.length ?? 0;
  // What a statement computed at deploy time allows or denies is not in these counts: say so.
  const notCounting = unknown ? ` · not counting ${unknown === 1 ? 'a statement' : `${unknown} statements`} computed at deploy time` : '';
  const text = `Without MFA — access key: ${key.text} · session: ${same ? 'same' : session.text}${notCounting}`;
  return { mode, contexts, same, text };
}

/** Why a policy with Deny statements leaves every action reachable in a context. */
function everythingNote(analysis: PolicyAnalysis, context: ContextId): string {
  const denies = analysis.statements.filter((s) => s.effect === 'Deny' && s.verdicts[context].kind !== 'fails');
  if (denies.length === 0) return 'this policy denies nothing here';
  if (denies.some((s) => s.verdicts[context].kind === 'holds')) return 'its Deny covers only some resources';
  const keys = [...new Set(denies.flatMap((s) => s.verdicts[context].dependsOn.map((k) => k.name)))];
  return keys.length ? `its Deny also depends on ${keys.join(', ')}` : 'its Deny depends on other conditions';
}

function reachIn(set: ActionSet, context: ContextId, mode: SummaryMode, note: () => string): ContextReach {
  const count = set.count();
  const everything = set.isAll || (set.isComplement && count >= catalogActionCount());
  const verb = mode === 'reachable' ? 'reachable' : 'allowed';
  if (count === 0) return { context, set, count, everything: false, selfServiceOnly: true, noDangerous: true, iamOnly: true, text: mode === 'reachable' ? 'nothing reachable' : 'this policy allows nothing' };
  // Complement sets are huge; only finite sets are walked in full.
  const keys = set.isComplement ? undefined : [...set.keys];
  const selfServiceOnly = !!keys && keys.every((k) => SAFE_EXEMPTIONS.has(k));
  const noDangerous = !!keys && !keys.some(isNeverWithoutMfa);
  const iamOnly = !!keys && keys.every((k) => k.startsWith('iam:'));
  const example = pickExample(set, keys);
  const noun = iamOnly ? (count === 1 ? 'IAM action' : 'IAM actions') : count === 1 ? 'action' : 'actions';
  let text = `${everything ? 'all ' : ''}${formatCount(count)} ${noun} ${verb}`;
  if (everything) text += mode === 'reachable' ? ` (${note()})` : '';
  else if (selfServiceOnly) text += ' (self-service only)';
  else if (noDangerous) text += ' (self-service and reads only)';
  else {
    // Say what part of the count matters, in the words the findings use ("… and 109 other IAM
    // actions that change permissions or credentials"), so the lens and a diagnostic never
    // show two unexplained numbers for one policy.
    const risky = keys?.filter(isNeverWithoutMfa).length;
    if (risky !== undefined && (risky < count || count > 1)) {
      const part = risky === count ? 'all' : formatCount(risky);
      text += iamOnly ? ` (${part} change permissions or credentials)` : ` (${part} beyond self-service and reads)`;
    }
    if (example) text += `, including ${example}`;
  }
  return { context, set, count, everything, selfServiceOnly, noDangerous, iamOnly, example, text };
}

function pickExample(set: ActionSet, keys: string[] | undefined): string | undefined {
  for (const k of EXAMPLE_PRIORITY) if (set.has(k)) return displayAction(k);
  const candidates = keys ? [...keys].sort() : set.inService('iam').concat(set.inService('s3'));
  const dangerous = candidates.find(isNeverWithoutMfa);
  return dangerous ? displayAction(dangerous) : undefined;
}

function sameSet(a: ActionSet, b: ActionSet): boolean {
  return a.isSubsetOf(b) && b.isSubsetOf(a);
}

export interface ReachableList {
  readonly context: ContextId;
  readonly count: number;
  /** Action ids as AWS spells them, sorted; capped at `limit`. */
  readonly actions: readonly string[];
  /** More actions are reachable than `actions` holds. */
  readonly truncated: boolean;
}

/** The summary's actions (reachable, or allowed for an Allow-only policy) as a list, at most `limit` of them. */
export function reachableList(analysis: PolicyAnalysis, context: ContextId, limit = Infinity): ReachableList {
  const set = summarySet(analysis, context);
  const count = set.count();
  let keys: string[];
  if (!set.isComplement) keys = [...set.keys].sort();
  else if (count <= limit) keys = set.list();
  else {
    // Too many to list: IAM's first (what a force-MFA policy is about), then the catalog's order.
    keys = [...set.inService('iam')].sort();
    for (const key of getCatalog().actions.keys()) {
      if (keys.length >= limit) break;
      if (!key.startsWith('iam:') && set.has(key)) keys.push(key);
    }
  }
  const actions = keys.slice(0, limit).map(displayAction);
  return { context, count, actions, truncated: count > actions.length };
}
