// What each statement does in each request context, and what a principal holding
// `Allow *:*` could still do without MFA given the policy's Deny statements.
import type { ConditionKeyNode, PolicyDocumentNode, StatementNode, StringListNode } from '../model';
import { ActionSet, expandActionPatterns } from './actionSet';
import { ALL_CONTEXTS, CONTEXTS, ContextId, NO_MFA_CONTEXTS } from './contexts';
import { Verdict, evaluateCondition } from './conditions';
import { misspelledMfaKey, mfaKeyKind } from './mfaKeys';

/**
 * Which resources a statement reaches, as far as the MFA analysis needs it:
 * every resource, only the caller's own (`${aws:username}`), everyone's but the
 * caller's own (`NotResource` of own ARNs), or some other subset.
 */
export type ResourceScope = 'all' | 'self' | 'others' | 'some';

export type StatementRole =
  /** A Deny that should apply when MFA is missing. */
  | 'mfa-deny'
  /** A Deny that applies to MFA-authenticated requests. */
  | 'inverted-deny'
  /** An Allow that should apply only with MFA. */
  | 'mfa-allow'
  /** An Allow that applies only without MFA. */
  | 'inverted-allow'
  /** No MFA key in the condition. */
  | 'plain';

export interface AnalyzedStatement {
  readonly node: StatementNode;
  readonly effect?: 'Allow' | 'Deny';
  /** The actions the statement applies to: its Action list, or all but its NotAction list. */
  readonly actions: ActionSet;
  /** The element that names the actions (Action or NotAction). */
  readonly actionElement?: StringListNode;
  readonly usesNotAction: boolean;
  readonly scope: ResourceScope;
  readonly verdicts: Readonly<Record<ContextId, Verdict>>;
  /** Condition keys that are, or were meant to be, MFA keys. */
  readonly mfaKeys: readonly ConditionKeyNode[];
  readonly role: StatementRole;
}

export interface PolicyAnalysis {
  readonly policy: PolicyDocumentNode;
  readonly policyIndex: number;
  readonly statements: readonly AnalyzedStatement[];
  /** The policy mentions an MFA condition key, so it tries to do something with MFA. */
  readonly mentionsMfa: boolean;
  /** Denied, for certain, on every resource in the context. */
  deniedEverywhere(context: ContextId): ActionSet;
  /** Still possible on some resource in the context (the no-MFA reachable set). */
  reachable(context: ContextId): ActionSet;
  /** Still possible on other users' resources in the context. */
  reachableOnOthers(context: ContextId): ActionSet;
  /** Still possible on the caller's own resources in the context. */
  reachableOnSelf(context: ContextId): ActionSet;
}

export function analyzePolicy(policy: PolicyDocumentNode, policyIndex: number): PolicyAnalysis {
  const statements = policy.statements.map((s) => analyzeStatement(s, policy.shape === 'statement-fragment'));
  return new PolicyAnalysisImpl(policy, policyIndex, statements);
}

/**
 * A fragment copied from documentation often shows only the parts that matter
 * ("Effect" and "Condition"); without an action element it is read as applying to every
 * action. In a full policy such a statement matches nothing (and IAM013 says so).
 */
export function analyzeStatement(node: StatementNode, isFragment = false): AnalyzedStatement {
  const effect = node.effect?.value === 'Allow' || node.effect?.value === 'Deny' ? node.effect.value : undefined;
  const usesNotAction = !node.action && !!node.notAction;
  const actionElement = node.action ?? node.notAction;
  let actions = ActionSet.NONE;
  if (node.action) actions = expandActionPatterns(node.action.values.map((v) => v.value));
  else if (node.notAction) actions = expandActionPatterns(node.notAction.values.map((v) => v.value)).invert();
  else if (isFragment) actions = ActionSet.ALL;
  const verdicts = Object.fromEntries(ALL_CONTEXTS.map((id) => [id, evaluateCondition(node.condition, CONTEXTS[id])])) as Record<ContextId, Verdict>;
  const mfaKeys = (node.condition?.operators ?? []).flatMap((op) => op.keys.filter((k) => mfaKeyKind(k.name) || misspelledMfaKey(k.name)));
  return { node, effect, actions, actionElement, usesNotAction, scope: resourceScope(node), verdicts, mfaKeys, role: roleOf(effect, mfaKeys, verdicts) };
}

function roleOf(effect: 'Allow' | 'Deny' | undefined, mfaKeys: readonly ConditionKeyNode[], v: Record<ContextId, Verdict>): StatementRole {
  if (!effect || mfaKeys.length === 0) return 'plain';
  const withoutMfaSometimes = NO_MFA_CONTEXTS.some((c) => v[c].kind !== 'fails');
  // A Deny keyed on MFA that holds for a fresh MFA session denies the very users who use MFA:
  // inverted, whether or not it also catches some request without MFA.
  if (effect === 'Deny') return v['mfa-session'].kind === 'holds' ? 'inverted-deny' : 'mfa-deny';
  return withoutMfaSometimes && v['mfa-session'].kind === 'fails' ? 'inverted-allow' : 'mfa-allow';
}

const OWN = '${aws:username}';

function resourceScope(node: StatementNode): ResourceScope {
  if (node.resource) {
    const values = node.resource.values.map((v) => v.value);
    if (values.some(coversEveryResource)) return 'all';
    if (values.length > 0 && values.every((v) => v.includes(OWN))) return 'self';
    return 'some';
  }
  if (node.notResource) {
    const values = node.notResource.values.map((v) => v.value);
    if (values.length > 0 && values.every((v) => v.includes(OWN))) return 'others';
    return values.some(coversEveryResource) ? 'some' : 'all';
  }
  return 'all'; // trust policies and fragments without a Resource apply to their resource
}

function coversEveryResource(resource: string): boolean {
  return resource === '*' || /^arn:(\*|aws[a-z-]*):\*$/.test(resource) || /^arn:\*:\*:\*:\*:\*$/.test(resource);
}

class PolicyAnalysisImpl implements PolicyAnalysis {
  readonly mentionsMfa: boolean;
  /** Some Deny is limited to the caller's own resources or to everyone else's. */
  private readonly hasScopedDenies: boolean;
  private readonly memo = new Map<string, ActionSet>();

  constructor(readonly policy: PolicyDocumentNode, readonly policyIndex: number, readonly statements: readonly AnalyzedStatement[]) {
    this.mentionsMfa = statements.some((s) => s.mfaKeys.length > 0);
    this.hasScopedDenies = statements.some((s) => s.effect === 'Deny' && (s.scope === 'self' || s.scope === 'others'));
  }

  private cached(key: string, compute: () => ActionSet): ActionSet {
    let set = this.memo.get(key);
    if (!set) {
      set = compute();
      this.memo.set(key, set);
    }
    return set;
  }

  private deniedIn(context: ContextId, scopes: readonly ResourceScope[]): ActionSet {
    return this.cached(`denied:${context}:${scopes.join(',')}`, () =>
      ActionSet.unionOf(this.statements.filter((s) => s.effect === 'Deny' && scopes.includes(s.scope) && s.verdicts[context].kind === 'holds').map((s) => s.actions)),
    );
  }

  deniedEverywhere(context: ContextId): ActionSet {
    return this.deniedIn(context, ['all']);
  }

  reachableOnOthers(context: ContextId): ActionSet {
    return this.cached(`others:${context}`, () => this.deniedIn(context, ['all', 'others']).invert());
  }

  reachableOnSelf(context: ContextId): ActionSet {
    return this.cached(`self:${context}`, () => this.deniedIn(context, ['all', 'self']).invert());
  }

  reachable(context: ContextId): ActionSet {
    // Without Denies limited to self or to others, both halves are the same set.
    if (!this.hasScopedDenies) return this.reachableOnOthers(context);
    return this.cached(`any:${context}`, () => this.reachableOnOthers(context).union(this.reachableOnSelf(context)));
  }
}
