// What one principal can do in each request context, given every policy that applies to it:
// identity policies allow, the permissions boundary and SCPs limit, an explicit Deny anywhere
// wins (IAM User Guide, "Policy evaluation logic"). IAM actions are evaluated request by request
// against the resources they are authorised on (the user's own, and another user's); every other
// service through action-set algebra, since force-MFA policies name their resources only for IAM.
import { ActionSet, expandActionPatterns } from '../analysis/actionSet';
import type { ContextId } from '../analysis/contexts';
import { findService } from '../catalog/catalog';
import type { StatementNode } from '../model';
import { iamActions, nonSensitiveActions } from './danger';
import { defaultResourcesFor, evaluatePolicy, evaluateStatementCondition, EvalRequest, requestFacts, Tri } from './evaluateAdapter';
import type { PolicyText } from './model';

/** The three contexts the verdict needs (RULES.md §2). */
export const AUDIT_CONTEXTS: readonly ContextId[] = ['access-key', 'no-mfa-session', 'mfa-session'];

export type PolicyLayer = 'identity' | 'boundary' | 'scp';

export interface AppliedPolicy {
  /** Stable id for caching: the ARN, or owner + inline name. */
  readonly id: string;
  readonly layer: PolicyLayer;
  readonly policy: PolicyText;
}

export interface PrincipalFacts {
  readonly arn: string;
  readonly knownKeys: Readonly<Record<string, readonly string[]>>;
  readonly absentKeys: readonly string[];
}

export type StatementRole = 'allows-without-mfa' | 'stops-without-mfa';

export interface DecidingStatement {
  readonly policyId: string;
  readonly statement: StatementNode;
  readonly role: StatementRole;
}

export interface PrincipalEvaluation {
  /** Sensitive actions reachable, per context. */
  readonly sensitive: Readonly<Record<ContextId, ActionSet>>;
  readonly deciding: readonly DecidingStatement[];
  /** Condition keys the evaluation could not decide (counted as reachable: worst case). */
  readonly dependsOnKeys: readonly string[];
}

interface StatementInfo {
  readonly policy: AppliedPolicy;
  readonly node: StatementNode;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: ActionSet;
  /** Allow: reaches some non-IAM resource. Deny: covers every non-IAM resource. */
  readonly nonIamScope: boolean;
}

const actionSets = new WeakMap<StatementNode, ActionSet>();

function statementActions(node: StatementNode, isFragment: boolean): ActionSet {
  let set = actionSets.get(node);
  if (!set) {
    if (node.action) set = expandActionPatterns(node.action.values.map((v) => v.value));
    else if (node.notAction) set = expandActionPatterns(node.notAction.values.map((v) => v.value)).invert();
    else set = isFragment ? ActionSet.ALL : ActionSet.NONE;
    actionSets.set(node, set);
  }
  return set;
}

const IAM_ARN = /^arn:[^:]*:iam:/i;
const EVERY_RESOURCE = /^(\*|arn:(\*|aws[a-z-]*):\*(:\*)*)$/;

function nonIamScope(node: StatementNode, effect: 'Allow' | 'Deny'): boolean {
  if (node.resource) {
    const values = node.resource.values.map((v) => v.value);
    if (effect === 'Allow') return node.resource.unknownValues > 0 || values.some((v) => !IAM_ARN.test(v));
    return values.some((v) => EVERY_RESOURCE.test(v));
  }
  if (node.notResource) {
    const values = node.notResource.values.map((v) => v.value);
    if (effect === 'Allow') return true;
    return values.every((v) => IAM_ARN.test(v));
  }
  return true;
}

function statementsOf(policies: readonly AppliedPolicy[]): StatementInfo[] {
  const out: StatementInfo[] = [];
  for (const p of policies) {
    const isFragment = p.policy.document.shape === 'statement-fragment';
    for (const node of p.policy.document.statements) {
      const effect = node.effect?.value;
      if (effect !== 'Allow' && effect !== 'Deny') continue;
      out.push({ policy: p, node, effect, actions: statementActions(node, isFragment), nonIamScope: nonIamScope(node, effect) });
    }
  }
  return out;
}

export function evaluatePrincipal(policies: readonly AppliedPolicy[], facts: PrincipalFacts): PrincipalEvaluation {
  const statements = statementsOf(policies);
  const layers = {
    identity: policies.filter((p) => p.layer === 'identity'),
    boundary: policies.filter((p) => p.layer === 'boundary'),
    scp: policies.filter((p) => p.layer === 'scp'),
  };
  // SCPs given without any Allow are deny lists: FullAWSAccess is assumed beside them.
  const scpAllows = statements.some((s) => s.policy.layer === 'scp' && s.effect === 'Allow');
  const dependsOnKeys = new Set<string>();
  const sensitive = {} as Record<ContextId, ActionSet>;
  const conditionCache = new Map<StatementNode, Tri>();
  const deciding = new Map<StatementNode, DecidingStatement>();

  for (const context of AUDIT_CONTEXTS) {
    const rf = requestFacts({ principalArn: facts.arn, context, knownKeys: facts.knownKeys, absentKeys: facts.absentKeys });
    conditionCache.clear();
    const tri = (s: StatementInfo): Tri => {
      let t = conditionCache.get(s.node);
      if (t === undefined) {
        const r = evaluateStatementCondition(s.node.condition, rf);
        t = r.tri;
        if (t === 'depends') r.dependsOnKeys.forEach((k) => dependsOnKeys.add(k));
        conditionCache.set(s.node, t);
      }
      return t;
    };
    const allowedCache = new Map<string, ActionSet>();
    const allowed = (layer: PolicyLayer, forNonIam: boolean) => {
      const key = layer + forNonIam;
      let set = allowedCache.get(key);
      if (!set) {
        set = unionAll(statements.filter((s) => s.policy.layer === layer && s.effect === 'Allow' && (!forNonIam || s.nonIamScope) && tri(s) !== 'no').map((s) => s.actions));
        allowedCache.set(key, set);
      }
      return set;
    };
    const limit = (set: ActionSet, forNonIam: boolean) => {
      let out = set;
      if (layers.boundary.length) out = out.intersect(allowed('boundary', forNonIam));
      if (layers.scp.length && scpAllows) out = out.intersect(allowed('scp', forNonIam));
      return out;
    };
    const denied = unionAll(statements.filter((s) => s.effect === 'Deny' && s.nonIamScope && tri(s) === 'yes').map((s) => s.actions));
    const nonIam = limit(allowed('identity', true), true).minus(denied).minus(iamActions());

    // IAM, request by request, on the principal's own resources and on someone else's.
    // Only sensitive IAM actions matter for the verdict; IAM reads and enrolment are never counted.
    const iamCandidates = limit(allowed('identity', false), false).intersect(sensitiveIamActions());
    const iamReachable: string[] = [];
    for (const action of candidateKeys(iamCandidates)) {
      const resources = resourcesFor(action, facts.arn);
      for (const resource of resources) {
        const request: EvalRequest = { action, resource, principalArn: facts.arn, context, knownKeys: facts.knownKeys, absentKeys: facts.absentKeys };
        if (isAllowed(request, layers, scpAllows, dependsOnKeys)) {
          iamReachable.push(action);
          break;
        }
      }
    }
    sensitive[context] = nonIam.union(ActionSet.of(iamReachable)).minus(nonSensitiveActions());
  }

  // Deciding statements: Allows that leave something sensitive open without MFA, and the
  // Denies that stop, without MFA, what an MFA session may do.
  for (const context of ['access-key', 'no-mfa-session'] as const) {
    const rf = requestFacts({ principalArn: facts.arn, context, knownKeys: facts.knownKeys, absentKeys: facts.absentKeys });
    const open = sensitive[context];
    const stopped = sensitive['mfa-session'].minus(open);
    for (const s of statements) {
      if (deciding.has(s.node)) continue;
      const t = evaluateStatementCondition(s.node.condition, rf).tri;
      if (s.effect === 'Allow' && s.policy.layer === 'identity' && t !== 'no' && !s.actions.intersect(open).isEmpty) deciding.set(s.node, { policyId: s.policy.id, statement: s.node, role: 'allows-without-mfa' });
      if (s.effect === 'Deny' && t === 'yes' && !s.actions.intersect(stopped).isEmpty) deciding.set(s.node, { policyId: s.policy.id, statement: s.node, role: 'stops-without-mfa' });
    }
  }
  return { sensitive, deciding: [...deciding.values()], dependsOnKeys: [...dependsOnKeys] };
}

/** Union of many sets without building one intermediate set per step. */
function unionAll(sets: readonly ActionSet[]): ActionSet {
  const finite = new Set<string>();
  let complement: ActionSet | undefined;
  for (const set of sets) {
    if (set.isComplement) complement = complement ? complement.union(set) : set;
    else for (const k of set.keys) finite.add(k);
  }
  const finiteSet = ActionSet.of(finite);
  return complement ? complement.union(finiteSet) : finiteSet;
}

let sensitiveIam: ActionSet | undefined;
function sensitiveIamActions(): ActionSet {
  return (sensitiveIam ??= iamActions().minus(nonSensitiveActions()));
}

function candidateKeys(set: ActionSet): string[] {
  if (!set.isComplement) return [...set.keys];
  return (findService('iam')?.actions ?? []).map((a) => a.key).filter((k) => set.has(k));
}

const resourceCache = new Map<string, string[]>();

/** The action's own resources for this principal, plus the same kind of resource of someone else. */
function resourcesFor(action: string, principalArn: string): string[] {
  const key = action + '\u0000' + principalArn;
  let out = resourceCache.get(key);
  if (!out) {
    const own = defaultResourcesFor(action, principalArn);
    const others = own.map((r) => (r === '*' ? r : r.replace(/([:/])([^:/]+)$/, '$1another-principal-0000')));
    out = [...new Set([...own, ...others])];
    if (resourceCache.size > 100_000) resourceCache.clear();
    resourceCache.set(key, out);
  }
  return out;
}

function isAllowed(
  request: EvalRequest,
  layers: Record<PolicyLayer, readonly AppliedPolicy[]>,
  scpAllows: boolean,
  dependsOnKeys: Set<string>,
): boolean {
  let identityAllows = false;
  for (const layer of ['identity', 'boundary', 'scp'] as const) {
    let layerAllows = false;
    for (const p of layers[layer]) {
      // Only the statements that name the action can decide; the others are skipped cheaply.
      const relevant = p.policy.document.statements.filter((st) => statementActions(st, p.policy.document.shape === 'statement-fragment').has(request.action));
      if (relevant.length === 0) continue;
      const ev = evaluatePolicy(relevant.length === p.policy.document.statements.length ? p.policy.document : { ...p.policy.document, statements: relevant }, request);
      ev.dependsOnKeys.forEach((k) => dependsOnKeys.add(k));
      if (ev.explicitDeny === 'yes') return false;
      if (ev.allow !== 'no') layerAllows = true;
    }
    if (layer === 'identity') identityAllows = layerAllows;
    else if (layers[layer].length && !(layer === 'scp' && !scpAllows) && !layerAllows) return false;
  }
  return identityAllows;
}
