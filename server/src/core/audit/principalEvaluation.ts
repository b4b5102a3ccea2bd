// What one principal can do in each request context, given every policy that applies to it:
// identity policies allow, the permissions boundary and SCPs limit, an explicit Deny anywhere
// wins (IAM User Guide, "Policy evaluation logic"). IAM actions are evaluated request by request
// against the resources they are authorised on (the user's own, and another user's); every other
// service through action-set algebra, since force-MFA policies name their resources only for IAM.
import { ActionSet, expandActionPatterns } from '../analysis/actionSet';
import type { ContextId } from '../analysis/contexts';
import { isNeverWithoutMfa } from '../analysis/mfaSets';
import { findService } from '../catalog/catalog';
import type { PolicyDocumentNode, StatementNode, StringListNode } from '../model';
import { ActionBits, BitAccumulator } from './actionBits';
import { evaluateKeyWith } from '../analysis/conditions';
import { defaultResourcesFor, evaluatePolicy, EvalRequest, PolicyEvaluation, requestLookup, Tri } from '../analysis/evaluate';
import { parseOperator } from '../analysis/operators';
import { KeyLookup, variablesApply } from '../analysis/policyVariables';
import type { PolicyText } from './model';
import { ownCopy } from '../ownCopy';

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
  readonly node: StatementNode;
  readonly effect: 'Allow' | 'Deny';
  readonly bits: ActionBits;
  /** Allow: reaches some non-IAM resource. Deny: covers every non-IAM resource. */
  readonly nonIamScope: boolean;
}

/** What the audit needs of one policy document, worked out once: documents do not change. */
interface DocumentFacts {
  /** Its Allow and Deny statements. */
  readonly statements: readonly StatementInfo[];
  /** Some condition is on a key other than the MFA keys: the principal's facts matter. */
  readonly usesFacts: boolean;
  /** No MFA key in a condition or a resource: every request context gets the same answer. */
  readonly contextFree: boolean;
  /** Some statement names an IAM action (Action or NotAction). */
  readonly touchesIam: boolean;
  readonly variables: boolean;
  /** Per IAM action: the document cut down to the statements that name it (null: none does). */
  readonly cuts: Map<string, Cut | null>;
}

interface Cut {
  readonly document: PolicyDocumentNode;
  /** Cuts written alike (the same statements, shape and version) share this number, and every answer. */
  readonly contentId: number;
  /** No condition but on the MFA keys and no variable: the tags and other known keys cannot change its answer. */
  readonly ignoresKnownKeys: boolean;
  /** Besides, no resource that could tell one user's name or path from another's: only the account and kind of principal matter. */
  readonly ignoresName: boolean;
}

/**
 * Whether a Resource value matches the resources an IAM action is authorised on alike for every
 * principal of one account and kind, whatever its name and path: "*", another service's
 * resources, "TYPE/*", or an IAM resource without wildcards that is no user and no MFA device.
 */
function nameBlindResource(value: string): boolean {
  if (value === '*') return true;
  const parts = value.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return false;
  const service = parts[2];
  if (!/[*?]/.test(service) && service !== 'iam') return true;
  const resource = parts.slice(5).join(':');
  if (resource === '*' || /^[A-Za-z-]+\/\*$/.test(resource)) return true;
  return !/[*?]/.test(resource) && !/^(user|mfa)\//i.test(resource);
}

const actionSets = new WeakMap<StatementNode, ActionSet>();
const statementBits = new WeakMap<StatementNode, ActionBits>();
const patternBits = new Map<string, ActionBits>();
const documentFacts = new WeakMap<PolicyText, DocumentFacts>();
let statementScratch: BitAccumulator | undefined;
let contributionScratch: { readonly allowAny: BitAccumulator; readonly allowNonIam: BitAccumulator; readonly denyNonIam: BitAccumulator } | undefined;

/** A statement's actions as bits: the OR of its patterns' bits, each pattern expanded once. */
function bitsOf(node: StatementNode, isFragment: boolean): ActionBits {
  let bits = statementBits.get(node);
  if (!bits) {
    const list = node.action ?? node.notAction;
    if (!list) bits = isFragment ? ActionBits.all() : ActionBits.EMPTY;
    else {
      const acc = (statementScratch ??= new BitAccumulator()).clear();
      for (const v of list.values) {
        const pattern = v.value.trim().toLowerCase();
        let one = patternBits.get(pattern);
        if (!one) {
          one = ActionBits.fromActionSet(expandActionPatterns([pattern]));
          if (patternBits.size > 20_000) patternBits.clear();
          patternBits.set(ownCopy(pattern), one);
        }
        acc.or(one);
      }
      bits = acc.toBits();
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
const MFA_KEY = /^aws:multifactorauth(present|age)$/i;

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

function factsOfDocument(policy: PolicyText): DocumentFacts {
  let facts = documentFacts.get(policy);
  if (!facts) {
    const doc = policy.document;
    const isFragment = doc.shape === 'statement-fragment';
    const statements: StatementInfo[] = [];
    for (const node of doc.statements) {
      const effect = node.effect?.value;
      if (effect !== 'Allow' && effect !== 'Deny') continue;
      statements.push({ node, effect, bits: bitsOf(node, isFragment), nonIamScope: nonIamScope(node, effect) });
    }
    const operators = doc.statements.flatMap((st) => st.condition?.operators ?? []);
    // Only the MFA keys differ between the contexts; a variable may name one too (${aws:MultiFactorAuthPresent}).
    const mentionsMfa = (text: string) => /multifactorauth/i.test(text);
    const contextFree =
      !operators.some((op) => op.keys.some((k) => mentionsMfa(k.name) || k.values.some((v) => mentionsMfa(String(v.value))))) &&
      !doc.statements.some((st) => [...(st.resource?.values ?? []), ...(st.notResource?.values ?? [])].some((v) => mentionsMfa(v.value)));
    facts = {
      statements,
      usesFacts: operators.some((op) => op.keys.some((k) => !MFA_KEY.test(k.name))),
      contextFree,
      touchesIam: statements.some((s) => s.bits.intersects(iamAll())),
      variables: variablesApply(doc.version?.value),
      cuts: new Map(),
    };
    documentFacts.set(policy, facts);
  }
  return facts;
}

/** Everything of a statement that its evaluation reads (not where it is written). */
function statementContent(st: StatementNode): unknown {
  const list = (l: StringListNode | undefined) => l && [l.values.map((v) => v.value), l.unknownValues];
  return [
    st.effect?.value,
    list(st.action),
    list(st.notAction),
    list(st.resource),
    list(st.notResource),
    st.principal && [st.principal.key, st.principal.values.map((v) => v.value)],
    st.condition?.operators.map((op) => [op.name, op.keys.map((k) => [k.name, k.values.map((v) => v.value)])]),
  ];
}

const cutContents = new Map<string, number>();
let nextContentId = 0;

/** The document cut down to the statements that name the action; null when none does. */
function cutFor(policy: PolicyText, action: string): Cut | null {
  const cuts = factsOfDocument(policy).cuts;
  let cut = cuts.get(action);
  if (cut === undefined) {
    const doc = policy.document;
    const isFragment = doc.shape === 'statement-fragment';
    const statements = doc.statements.filter((st) => statementActions(st, isFragment).has(action));
    const ignoresKnownKeys = statements.every(
      (st) =>
        (st.condition?.operators ?? []).every((op) => op.keys.every((k) => MFA_KEY.test(k.name) && k.values.every((v) => !String(v.value).includes('${')))) &&
        [...(st.resource?.values ?? []), ...(st.notResource?.values ?? [])].every((v) => !v.value.includes('${')),
    );
    const ignoresName =
      ignoresKnownKeys &&
      statements.every((st) => !st.principal && [st.resource, st.notResource].every((list) => !list || (list.unknownValues === 0 && list.values.every((v) => nameBlindResource(v.value)))));
    const content = JSON.stringify([doc.shape, doc.version?.value, statements.map(statementContent)]);
    let contentId = cutContents.get(content);
    if (contentId === undefined) {
      // Numbers are never reused, so forgetting contents (to bound memory) only loses sharing.
      if (cutContents.size > 50_000) cutContents.clear();
      cutContents.set(content, (contentId = nextContentId++));
    }
    cut = statements.length === 0 ? null : { document: statements.length === doc.statements.length ? doc : { ...doc, statements }, contentId, ignoresKnownKeys, ignoresName };
    cuts.set(action, cut);
  }
  return cut;
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

interface ActionAnswer {
  readonly allowed: boolean;
  /** The unknown keys met on the way, in the order met. */
  readonly keys: readonly string[];
}

/**
 * Answers shared between the principals of one audit: per policy document and context, per IAM
 * request loop, per IAM action. Loop and action answers are keyed by policy ids, so one cache
 * must not outlive the graph it was made for. `share: false` shares nothing, not even between
 * contexts: the straightforward evaluation the shared one is tested against.
 */
export interface EvaluationCache {
  readonly share: boolean;
  readonly contributions: WeakMap<PolicyText, Map<string, Contribution>>;
  readonly iamLoops: Map<string, { readonly reachable: readonly string[]; readonly keys: readonly string[] }>;
  readonly iamActions: Map<string, ActionAnswer>;
  /** One policy cut's answer to one IAM request, by content, context, principal and resource. */
  readonly cutAnswers: Map<string, PolicyEvaluation>;
}

export function newEvaluationCache(share = true): EvaluationCache {
  return { share, contributions: new WeakMap(), iamLoops: new Map(), iamActions: new Map(), cutAnswers: new Map() };
}

interface Scratch {
  readonly identityAny: BitAccumulator;
  readonly identityNonIam: BitAccumulator;
  readonly boundaryAny: BitAccumulator;
  readonly boundaryNonIam: BitAccumulator;
  readonly scpAny: BitAccumulator;
  readonly scpNonIam: BitAccumulator;
  readonly denied: BitAccumulator;
  readonly open: BitAccumulator;
  readonly stopped: BitAccumulator;
}

// One set of dense accumulators for every evaluation (it runs to completion, never nested).
let scratchSets: Scratch | undefined;
function scratch(): Scratch {
  return (scratchSets ??= {
    identityAny: new BitAccumulator(),
    identityNonIam: new BitAccumulator(),
    boundaryAny: new BitAccumulator(),
    boundaryNonIam: new BitAccumulator(),
    scpAny: new BitAccumulator(),
    scpNonIam: new BitAccumulator(),
    denied: new BitAccumulator(),
    open: new BitAccumulator(),
    stopped: new BitAccumulator(),
  });
}

export function evaluatePrincipal(policies: readonly AppliedPolicy[], facts: PrincipalFacts, cache: EvaluationCache = newEvaluationCache()): PrincipalEvaluation {
  const layers = {
    identity: policies.filter((p) => p.layer === 'identity'),
    boundary: policies.filter((p) => p.layer === 'boundary'),
    scp: policies.filter((p) => p.layer === 'scp'),
  };
  // SCPs given without any Allow are deny lists: FullAWSAccess is assumed beside them.
  const scpAllows = layers.scp.some((p) => p.policy.document.statements.some((s) => s.effect?.value === 'Allow'));
  const hasBoundary = layers.boundary.length > 0;
  const scpGate = layers.scp.length > 0 && scpAllows;
  const documents = policies.map((p) => factsOfDocument(p.policy));
  // Without any condition (or MFA key) the three contexts give one answer: work it out once.
  const oneContext = cache.share && documents.every((d) => d.contextFree);
  const dependsOnKeys = new Set<string>();
  const sensitive = {} as Record<ContextId, ActionBits>;
  const contributionsByContext = new Map<ContextId, Contribution[]>();
  const factsKey = `${facts.shareKey ?? facts.arn}\u0000${JSON.stringify(facts.knownKeys)}\u0000${facts.absentKeys.join(',')}`;
  const iamPolicies = policies
    .filter((p, i) => documents[i].touchesIam)
    .map((p) => p.layer + ':' + p.id)
    .sort()
    .join('\u0001');
  // Only the policies that name some IAM action can take part in an IAM answer.
  const touching = policies.filter((p, i) => documents[i].touchesIam);
  const iamLayers = { identity: touching.filter((p) => p.layer === 'identity'), boundary: touching.filter((p) => p.layer === 'boundary'), scp: touching.filter((p) => p.layer === 'scp') };
  const acc = scratch();

  for (const context of AUDIT_CONTEXTS) {
    if (oneContext && context !== AUDIT_CONTEXTS[0]) {
      sensitive[context] = sensitive[AUDIT_CONTEXTS[0]];
      contributionsByContext.set(context, contributionsByContext.get(AUDIT_CONTEXTS[0])!);
      continue;
    }
    let lookup: KeyLookup | undefined;
    const lookupFor = () => (lookup ??= requestLookup({ action: '', resource: '*', principalArn: facts.arn, context, knownKeys: facts.knownKeys, absentKeys: facts.absentKeys }));
    acc.identityAny.clear();
    acc.identityNonIam.clear();
    acc.denied.clear();
    if (hasBoundary) acc.boundaryAny.clear(), acc.boundaryNonIam.clear();
    if (layers.scp.length) acc.scpAny.clear(), acc.scpNonIam.clear();
    // Each policy's contribution in this context, shared by every principal that holds it.
    const contributions = policies.map((p, i) => contribution(p.policy, documents[i], context, lookupFor, factsKey, cache));
    contributionsByContext.set(context, contributions);
    policies.forEach((p, i) => {
      const c = contributions[i];
      c.keys.forEach((k) => dependsOnKeys.add(k));
      acc[`${p.layer}Any`].or(c.allowAny);
      acc[`${p.layer}NonIam`].or(c.allowNonIam);
      acc.denied.or(c.denyNonIam);
    });
    const nonIam = acc.identityNonIam;
    const candidates = acc.identityAny;
    if (hasBoundary) {
      nonIam.andAccumulator(acc.boundaryNonIam);
      candidates.andAccumulator(acc.boundaryAny);
    }
    if (scpGate) {
      nonIam.andAccumulator(acc.scpNonIam);
      candidates.andAccumulator(acc.scpAny);
    }
    nonIam.andNotAccumulator(acc.denied).andNot(iamAll()).and(sensitiveActions());

    // Sensitive IAM actions, request by request, on the principal's own resources and on someone else's.
    // Only sensitive IAM actions matter for the verdict; IAM reads and enrolment are never counted.
    const candidateBits = candidates.and(sensitiveIam()).toBits();
    // The IAM answers depend only on the policies that mention IAM actions at all: principals
    // that share those (most do: an admin policy, a force-MFA policy) share the whole loop.
    const loopKey = `${context}\u0000${iamPolicies}\u0000${candidateBits.key}\u0000${factsKey}`;
    let loop = cache.share ? cache.iamLoops.get(loopKey) : undefined;
    if (!loop) {
      const reachable: string[] = [];
      const keys = new Set<string>();
      for (const action of candidateBits.keys()) {
        const answer = answerFor(action, context, iamLayers, hasBoundary, scpGate, facts, factsKey, cache);
        answer.keys.forEach((k) => keys.add(k));
        if (answer.allowed) reachable.push(action);
      }
      loop = { reachable, keys: [...keys] };
      if (cache.share) cache.iamLoops.set(loopKey, loop);
    }
    loop.keys.forEach((k) => dependsOnKeys.add(k));
    if (loop.reachable.length) nonIam.or(ActionBits.ofKeys(loop.reachable));
    const bits = nonIam.toBits();
    // Contexts that reach the same set share one (sets are immutable).
    sensitive[context] = AUDIT_CONTEXTS.map((c) => sensitive[c]).find((b) => b?.equals(bits)) ?? bits;
  }

  // Deciding statements: Allows that leave something sensitive open without MFA, and the
  // Denies that stop, without MFA, what an MFA session may do.
  // Keyed by statement info, one per statement of each policy text: a text applied twice counts once.
  const deciding = new Map<StatementInfo, DecidingStatement>();
  for (const context of oneContext ? (['access-key'] as const) : (['access-key', 'no-mfa-session'] as const)) {
    const contributions = contributionsByContext.get(context)!;
    const open = acc.open.set(sensitive[context]);
    const stopped = acc.stopped.set(sensitive['mfa-session']).andNot(sensitive[context]);
    policies.forEach((p, i) => {
      const tris = contributions[i].tris;
      documents[i].statements.forEach((s, j) => {
        if (deciding.has(s)) return;
        const tri = tris[j];
        if (s.effect === 'Allow' && p.layer === 'identity' && tri !== 'no' && open.intersects(s.bits)) deciding.set(s, { policyId: p.id, statement: s.node, role: 'allows-without-mfa' });
        if (s.effect === 'Deny' && tri === 'yes' && stopped.intersects(s.bits)) deciding.set(s, { policyId: p.id, statement: s.node, role: 'stops-without-mfa' });
      });
    });
  }
  return { sensitive, deciding: [...deciding.values()], dependsOnKeys: [...dependsOnKeys] };
}

/** Whether the principal may perform one sensitive IAM action on some resource it is authorised on. */
function answerFor(
  action: string,
  context: ContextId,
  layers: Record<PolicyLayer, readonly AppliedPolicy[]>,
  hasBoundary: boolean,
  scpGate: boolean,
  facts: PrincipalFacts,
  factsKey: string,
  cache: EvaluationCache,
): ActionAnswer {
  // Only the policies with a statement naming the action take part: principals whose such
  // statements read the same (an admin policy, a force-MFA deny) share the answer.
  const relevant: RelevantCut[] = [];
  let ids = '';
  let ignoresKnownKeys = true;
  let ignoresName = true;
  for (const layer of ['identity', 'boundary', 'scp'] as const) {
    for (const p of layers[layer]) {
      const cut = cutFor(p.policy, action);
      if (!cut) continue;
      relevant.push({ layer, cut });
      ids += `${layer}:${cut.contentId}\u0001`;
      ignoresKnownKeys &&= cut.ignoresKnownKeys;
      ignoresName &&= cut.ignoresName;
    }
  }
  // What of the principal an answer can depend on: everything, its name and path (its own
  // resources) but not its tags, or only its partition, account and kind.
  const kind = principalKind(facts.arn);
  const whoFor = (cut: { readonly ignoresName: boolean; readonly ignoresKnownKeys: boolean }) => (cut.ignoresName ? kind : cut.ignoresKnownKeys ? (facts.shareKey ?? facts.arn) : factsKey);
  const who = whoFor({ ignoresName, ignoresKnownKeys });
  const key = `${context}\u0000${action}\u0000${ids}\u0000${hasBoundary ? 'b' : ''}${scpGate ? 's' : ''}\u0000${who}`;
  let answer = cache.share ? cache.iamActions.get(key) : undefined;
  if (!answer) {
    const keys = new Set<string>();
    let allowed = false;
    const resources = resourcesFor(action, facts.arn);
    for (let i = 0; i < resources.length; i++) {
      const request: EvalRequest = { action, resource: resources[i], principalArn: facts.arn, context, knownKeys: facts.knownKeys, absentKeys: facts.absentKeys };
      // Each cut's answer to this request, shared as far as the cut allows (see `who`).
      const answerOf = (r: RelevantCut): PolicyEvaluation => {
        if (!cache.share) return evaluatePolicy(r.cut.document, request);
        const requestKey = `${r.cut.contentId}\u0000${context}\u0000${action}\u0000${i}/${resources.length}\u0000${whoFor(r.cut)}`;
        let ev = cache.cutAnswers.get(requestKey);
        if (!ev) cache.cutAnswers.set(requestKey, (ev = evaluatePolicy(r.cut.document, request)));
        return ev;
      };
      if (isAllowed(relevant, answerOf, hasBoundary, scpGate, keys)) {
        allowed = true;
        break;
      }
    }
    answer = { allowed, keys: [...keys] };
    if (cache.share) cache.iamActions.set(key, answer);
  }
  return answer;
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

/** One policy's share of a principal's sets in one context. */
interface Contribution {
  readonly allowAny: ActionBits;
  readonly allowNonIam: ActionBits;
  readonly denyNonIam: ActionBits;
  /** Per statement of DocumentFacts.statements: its Condition's answer. */
  readonly tris: readonly Tri[];
  readonly keys: readonly string[];
}

function contribution(policy: PolicyText, doc: DocumentFacts, context: ContextId, lookupFor: () => KeyLookup, factsKey: string, cache: EvaluationCache): Contribution {
  let byKey = cache.contributions.get(policy);
  if (!byKey) cache.contributions.set(policy, (byKey = new Map()));
  const key = `${doc.contextFree && cache.share ? '' : context}\u0000${doc.usesFacts ? factsKey : ''}`;
  let c = byKey.get(key);
  if (!c) {
    contributionScratch ??= { allowAny: new BitAccumulator(), allowNonIam: new BitAccumulator(), denyNonIam: new BitAccumulator() };
    const allowAny = contributionScratch.allowAny.clear();
    const allowNonIam = contributionScratch.allowNonIam.clear();
    const denyNonIam = contributionScratch.denyNonIam.clear();
    const tris: Tri[] = [];
    const keys = new Set<string>();
    for (const s of doc.statements) {
      const r = conditionTri(s.node, lookupFor(), doc.variables);
      tris.push(r.tri);
      if (r.tri === 'depends') r.keys.forEach((k) => keys.add(k));
      if (s.effect === 'Allow' && r.tri !== 'no') {
        allowAny.or(s.bits);
        if (s.nonIamScope) allowNonIam.or(s.bits);
      }
      if (s.effect === 'Deny' && r.tri === 'yes' && s.nonIamScope) denyNonIam.or(s.bits);
    }
    c = { allowAny: allowAny.toBits(), allowNonIam: allowNonIam.toBits(), denyNonIam: denyNonIam.toBits(), tris, keys: [...keys] };
    byKey.set(key, c);
  }
  return c;
}

/** "arn:aws:iam::123456789012:user/engineering/grace" → "aws:123456789012:user". */
function principalKind(arn: string): string {
  const parts = arn.split(':');
  const resource = parts.slice(5).join(':');
  return `${parts[1]}:${parts[4]}:${resource.split('/')[0]}`;
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

interface RelevantCut {
  readonly layer: PolicyLayer;
  readonly cut: Cut;
}

function isAllowed(relevant: readonly RelevantCut[], answerOf: (r: RelevantCut) => PolicyEvaluation, hasBoundary: boolean, scpGate: boolean, dependsOnKeys: Set<string>): boolean {
  const allows: Record<PolicyLayer, boolean> = { identity: false, boundary: false, scp: false };
  for (const p of relevant) {
    const ev = answerOf(p);
    ev.dependsOnKeys.forEach((k) => dependsOnKeys.add(k));
    if (ev.explicitDeny === 'yes') return false;
    if (ev.allow !== 'no') allows[p.layer] = true;
  }
  if (!allows.identity) return false;
  if (hasBoundary && !allows.boundary) return false;
  if (scpGate && !allows.scp) return false;
  return true;
}

