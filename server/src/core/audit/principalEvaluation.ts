// What one principal can do in each request context, given every policy that applies to it:
// identity policies allow, the permissions boundary and SCPs limit, an explicit Deny anywhere
// wins (IAM User Guide, "Policy evaluation logic"). IAM actions are evaluated request by request
// against the resources they are authorised on (the user's own, and another user's); every other
// service through action-set algebra, since force-MFA policies name their resources only for IAM.
import { ActionSet, expandActionPatterns } from '../analysis/actionSet';
import type { ContextId } from '../analysis/contexts';
import { isNeverWithoutMfa } from '../analysis/mfaSets';
import { findService } from '../catalog/catalog';
import type { StatementNode } from '../model';
import { ActionBits } from './actionBits';
import { evaluateKeyWith } from '../analysis/conditions';
import { defaultResourcesFor, evaluatePolicy, EvalRequest, requestLookup, Tri } from '../analysis/evaluate';
import { parseOperator } from '../analysis/operators';
import { KeyLookup, variablesApply } from '../analysis/policyVariables';
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
  /**
   * Principals with the same share key get the same answer for the same policies and facts
   * (the caller knows when names do not matter: policies that use only ${aws:username}).
   * Default: the ARN.
   */
  readonly shareKey?: string;
}

export type StatementRole = 'allows-without-mfa' | 'stops-without-mfa';

export interface DecidingStatement {
  readonly policyId: string;
  readonly statement: StatementNode;
  readonly role: StatementRole;
}

export interface PrincipalEvaluation {
  /** Sensitive actions reachable, per context. */
  readonly sensitive: Readonly<Record<ContextId, ActionBits>>;
  readonly deciding: readonly DecidingStatement[];
  /** Condition keys the evaluation could not decide (counted as reachable: worst case). */
  readonly dependsOnKeys: readonly string[];
}

interface StatementInfo {
  readonly policy: AppliedPolicy;
  readonly node: StatementNode;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: ActionSet;
  readonly bits: ActionBits;
  /** Allow: reaches some non-IAM resource. Deny: covers every non-IAM resource. */
  readonly nonIamScope: boolean;
}

const actionSets = new WeakMap<StatementNode, ActionSet>();
const statementBits = new WeakMap<StatementNode, ActionBits>();
const patternBits = new Map<string, ActionBits>();

/** A statement's actions as bits: the OR of its patterns' bits, each pattern expanded once. */
function bitsOf(node: StatementNode, isFragment: boolean): ActionBits {
  let bits = statementBits.get(node);
  if (!bits) {
    const list = node.action ?? node.notAction;
    if (!list) bits = isFragment ? ActionBits.all() : ActionBits.empty();
    else {
      bits = ActionBits.empty();
      for (const v of list.values) {
        const pattern = v.value.trim().toLowerCase();
        let one = patternBits.get(pattern);
        if (!one) {
          one = ActionBits.fromActionSet(expandActionPatterns([pattern]));
          if (patternBits.size > 20_000) patternBits.clear();
          patternBits.set(pattern, one);
        }
        bits.orInPlace(one);
      }
      if (!node.action) bits = ActionBits.all().minus(bits);
    }
    statementBits.set(node, bits);
  }
  return bits;
}

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

const statementInfos = new WeakMap<PolicyText, StatementInfo[]>();

function statementsOf(policies: readonly AppliedPolicy[]): StatementInfo[] {
  const out: StatementInfo[] = [];
  for (const p of policies) {
    let infos = statementInfos.get(p.policy);
    if (!infos || infos[0]?.policy.layer !== p.layer || infos[0]?.policy.id !== p.id) {
      infos = [];
      const isFragment = p.policy.document.shape === 'statement-fragment';
      for (const node of p.policy.document.statements) {
        const effect = node.effect?.value;
        if (effect !== 'Allow' && effect !== 'Deny') continue;
        const actions = statementActions(node, isFragment);
        infos.push({ policy: p, node, effect, actions, bits: bitsOf(node, isFragment), nonIamScope: nonIamScope(node, effect) });
      }
      statementInfos.set(p.policy, infos);
    }
    out.push(...infos);
  }
  return out;
}

let iamBits: ActionBits | undefined;
let sensitiveBits: ActionBits | undefined;
let sensitiveIamBits: ActionBits | undefined;

function iamAll(): ActionBits {
  return (iamBits ??= ActionBits.ofKeys((findService('iam')?.actions ?? []).map((a) => a.key)));
}

/** Sensitive actions (RULES.md §3): all but IAM reads, self-service enrolment, GetSessionToken, GetCallerIdentity. */
export function sensitiveActions(): ActionBits {
  return (sensitiveBits ??= ActionBits.all().minus(ActionBits.ofKeys(ActionBits.all().keys().filter((k) => !isNeverWithoutMfa(k)))));
}

function sensitiveIam(): ActionBits {
  return (sensitiveIamBits ??= iamAll().intersect(sensitiveActions()));
}

/**
 * Answers shared between the principals of one audit: per policy and context, and per IAM
 * request. Keyed by policy ids, so one cache must not outlive the graph it was made for.
 */
export interface EvaluationCache {
  readonly contributions: Map<string, Contribution>;
  readonly relevant: Map<string, AppliedPolicy | null>;
  readonly iamLoops: Map<string, { readonly reachable: readonly string[]; readonly keys: readonly string[] }>;
}

export function newEvaluationCache(): EvaluationCache {
  return { contributions: new Map(), relevant: new Map(), iamLoops: new Map() };
}

export function evaluatePrincipal(policies: readonly AppliedPolicy[], facts: PrincipalFacts, cache: EvaluationCache = newEvaluationCache()): PrincipalEvaluation {
  const layers = {
    identity: policies.filter((p) => p.layer === 'identity'),
    boundary: policies.filter((p) => p.layer === 'boundary'),
    scp: policies.filter((p) => p.layer === 'scp'),
  };
  // SCPs given without any Allow are deny lists: FullAWSAccess is assumed beside them.
  const scpAllows = layers.scp.some((p) => p.policy.document.statements.some((s) => s.effect?.value === 'Allow'));
  const dependsOnKeys = new Set<string>();
  const sensitive = {} as Record<ContextId, ActionBits>;
  const tris = new Map<ContextId, Map<StatementNode, Tri>>();
  const factsKey = `${facts.shareKey ?? facts.arn}\u0000${JSON.stringify(facts.knownKeys)}\u0000${facts.absentKeys.join(',')}`;

  for (const context of AUDIT_CONTEXTS) {
    const lookup = requestLookup({ action: '', resource: '*', principalArn: facts.arn, context, knownKeys: facts.knownKeys, absentKeys: facts.absentKeys });
    const conditionCache = new Map<StatementNode, Tri>();
    tris.set(context, conditionCache);
    // Each policy's contribution in this context, shared by every principal that holds it.
    const none = ActionBits.EMPTY;
    const fresh = (needed: boolean) => (needed ? ActionBits.empty() : none);
    const acc = {
      identityAny: ActionBits.empty(),
      identityNonIam: ActionBits.empty(),
      boundaryAny: fresh(layers.boundary.length > 0),
      boundaryNonIam: fresh(layers.boundary.length > 0),
      scpAny: fresh(layers.scp.length > 0),
      scpNonIam: fresh(layers.scp.length > 0),
      denied: ActionBits.empty(),
    };
    for (const p of policies) {
      const c = contribution(p, context, lookup, factsKey, cache.contributions);
      c.keys.forEach((k) => dependsOnKeys.add(k));
      c.tris.forEach((t, node) => conditionCache.set(node, t));
      acc[`${p.layer}Any`].orInPlace(c.allowAny);
      acc[`${p.layer}NonIam`].orInPlace(c.allowNonIam);
      acc.denied.orInPlace(c.denyNonIam);
    }
    // Combined in place: these accumulators belong to this evaluation.
    const nonIam = acc.identityNonIam;
    const candidates = acc.identityAny;
    if (layers.boundary.length) {
      nonIam.andInPlace(acc.boundaryNonIam);
      candidates.andInPlace(acc.boundaryAny);
    }
    if (layers.scp.length && scpAllows) {
      nonIam.andInPlace(acc.scpNonIam);
      candidates.andInPlace(acc.scpAny);
    }
    nonIam.andNotInPlace(acc.denied).andNotInPlace(iamAll()).andInPlace(sensitiveActions());

    // Sensitive IAM actions, request by request, on the principal's own resources and on someone else's.
    // Only sensitive IAM actions matter for the verdict; IAM reads and enrolment are never counted.
    candidates.andInPlace(sensitiveIam());
    // The IAM answers depend only on the policies that mention IAM actions at all: principals
    // that share those (most do: an admin policy, a force-MFA policy) share the whole loop.
    const iamPolicies = policies.filter((p) => touchesIam(p));
    const loopKey = `${context}\u0000${iamPolicies.map((p) => p.layer + ':' + p.id).sort().join('\u0001')}\u0000${candidatesKey(candidates)}\u0000${factsKey}`;
    let loop = cache.iamLoops.get(loopKey);
    if (!loop) {
      const reachable: string[] = [];
      const keys = new Set<string>();
      for (const action of candidates.keys()) {
        const relevant = relevantPolicies(layers, action, cache.relevant);
        for (const resource of resourcesFor(action, facts.arn)) {
          const request: EvalRequest = { action, resource, principalArn: facts.arn, context, knownKeys: facts.knownKeys, absentKeys: facts.absentKeys };
          if (isAllowed(request, relevant, layers, scpAllows, keys)) {
            reachable.push(action);
            break;
          }
        }
      }
      loop = { reachable, keys: [...keys] };
      cache.iamLoops.set(loopKey, loop);
    }
    loop.keys.forEach((k) => dependsOnKeys.add(k));
    const reachable = loop.reachable;
    if (reachable.length) nonIam.orInPlace(ActionBits.ofKeys(reachable));
    sensitive[context] = nonIam;
  }

  // Deciding statements: Allows that leave something sensitive open without MFA, and the
  // Denies that stop, without MFA, what an MFA session may do.
  const deciding = new Map<StatementNode, DecidingStatement>();
  const statements = statementsOf(policies);
  for (const context of ['access-key', 'no-mfa-session'] as const) {
    const t = tris.get(context)!;
    const open = sensitive[context];
    const stopped = sensitive['mfa-session'].minus(open);
    for (const s of statements) {
      if (deciding.has(s.node)) continue;
      const tri = t.get(s.node) ?? 'no';
      if (s.effect === 'Allow' && s.policy.layer === 'identity' && tri !== 'no' && s.bits.intersects(open)) deciding.set(s.node, { policyId: s.policy.id, statement: s.node, role: 'allows-without-mfa' });
      if (s.effect === 'Deny' && tri === 'yes' && s.bits.intersects(stopped)) deciding.set(s.node, { policyId: s.policy.id, statement: s.node, role: 'stops-without-mfa' });
    }
  }
  return { sensitive, deciding: [...deciding.values()], dependsOnKeys: [...dependsOnKeys] };
}

/**
 * A statement's Condition alone, with the evaluator's key semantics: the algebra over non-IAM
 * actions needs it for statements whatever their actions.
 */
function conditionTri(statement: StatementNode, lookup: KeyLookup, variables: boolean): { tri: Tri; keys: string[] } {
  let tri: Tri = 'yes';
  const keys: string[] = [];
  for (const op of statement.condition?.operators ?? []) {
    const info = parseOperator(op.name);
    if (!info) {
      tri = 'depends';
      keys.push(op.name);
      continue;
    }
    for (const key of op.keys) {
      const verdict = evaluateKeyWith(info, key, lookup, variables);
      if (verdict === 'fails') return { tri: 'no', keys: [] };
      if (verdict === 'depends') {
        tri = 'depends';
        keys.push(key.name.toLowerCase());
      }
    }
  }
  return { tri, keys };
}

interface Contribution {
  readonly allowAny: ActionBits;
  readonly allowNonIam: ActionBits;
  readonly denyNonIam: ActionBits;
  readonly tris: ReadonlyMap<StatementNode, Tri>;
  readonly keys: readonly string[];
}

const usesFacts = new WeakMap<PolicyText, boolean>();

/** Whether a policy has conditions on keys other than the MFA keys (then the facts matter). */
function policyUsesFacts(policy: PolicyText): boolean {
  let v = usesFacts.get(policy);
  if (v === undefined) {
    v = policy.document.statements.some((st) => (st.condition?.operators ?? []).some((op) => op.keys.some((k) => !/^aws:multifactorauth(present|age)$/i.test(k.name))));
    usesFacts.set(policy, v);
  }
  return v;
}

function contribution(p: AppliedPolicy, context: ContextId, lookup: KeyLookup, factsKey: string, contributions: Map<string, Contribution>): Contribution {
  const key = `${p.layer}:${p.id}\u0000${context}\u0000${policyUsesFacts(p.policy) ? factsKey : ''}`;
  let c = contributions.get(key);
  if (!c) {
    const allowAny = ActionBits.empty();
    const allowNonIam = ActionBits.empty();
    const denyNonIam = ActionBits.empty();
    const tris = new Map<StatementNode, Tri>();
    const keys = new Set<string>();
    const variables = variablesApply(p.policy.document.version?.value);
    for (const s of statementsOf([p])) {
      const r = conditionTri(s.node, lookup, variables);
      tris.set(s.node, r.tri);
      if (r.tri === 'depends') r.keys.forEach((k) => keys.add(k));
      if (s.effect === 'Allow' && r.tri !== 'no') {
        allowAny.orInPlace(s.bits);
        if (s.nonIamScope) allowNonIam.orInPlace(s.bits);
      }
      if (s.effect === 'Deny' && r.tri === 'yes' && s.nonIamScope) denyNonIam.orInPlace(s.bits);
    }
    c = { allowAny, allowNonIam, denyNonIam, tris, keys: [...keys] };
    contributions.set(key, c);
  }
  return c;
}

const iamTouch = new WeakMap<PolicyText, boolean>();

/** Whether any statement of the policy names an IAM action (Action or NotAction). */
function touchesIam(p: AppliedPolicy): boolean {
  let v = iamTouch.get(p.policy);
  if (v === undefined) {
    v = statementsOf([p]).some((s) => s.bits.intersects(iamAll()));
    iamTouch.set(p.policy, v);
  }
  return v;
}

/** The candidate set, as a key: which sensitive IAM actions the principal may be allowed. */
function candidatesKey(candidates: ActionBits): string {
  let n = candidates.words.length;
  while (n > 0 && candidates.words[n - 1] === 0) n--;
  return candidates.words.slice(0, n).join(',');
}

/** The policies with a statement that names the action, each cut down to those statements. */
function relevantPolicies(layers: Record<PolicyLayer, readonly AppliedPolicy[]>, action: string, memo: Map<string, AppliedPolicy | null>): AppliedPolicy[] {
  const out: AppliedPolicy[] = [];
  for (const layer of ['identity', 'boundary', 'scp'] as const) {
    for (const p of layers[layer]) {
      const key = `${layer}:${p.id}\u0000${action}`;
      let cut = memo.get(key);
      if (cut === undefined) {
        const doc = p.policy.document;
        const isFragment = doc.shape === 'statement-fragment';
        const statements = doc.statements.filter((st) => statementActions(st, isFragment).has(action));
        cut = statements.length === 0 ? null : statements.length === doc.statements.length ? p : { ...p, policy: { ...p.policy, document: { ...doc, statements } } };
        memo.set(key, cut);
      }
      if (cut) out.push(cut);
    }
  }
  return out;
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

function isAllowed(request: EvalRequest, relevant: readonly AppliedPolicy[], layers: Record<PolicyLayer, readonly AppliedPolicy[]>, scpAllows: boolean, dependsOnKeys: Set<string>): boolean {
  const allows: Record<PolicyLayer, boolean> = { identity: false, boundary: false, scp: false };
  for (const p of relevant) {
    const ev = evaluatePolicy(p.policy.document, request);
    ev.dependsOnKeys.forEach((k) => dependsOnKeys.add(k));
    if (ev.explicitDeny === 'yes') return false;
    if (ev.allow !== 'no') allows[p.layer] = true;
  }
  if (!allows.identity) return false;
  if (layers.boundary.length && !allows.boundary) return false;
  if (layers.scp.length && scpAllows && !allows.scp) return false;
  return true;
}
