// What each statement does in each request context, and what a principal holding
// `Allow *:*` could still do without MFA given the policy's Deny statements.
import type { ConditionKeyNode, PolicyDocumentNode, StatementNode, StringListNode } from '../model';
import { ActionSet, actionPatternMatcher, expandActionPatterns } from './actionSet';
import { ALL_CONTEXTS, CONTEXTS, ContextId, NO_MFA_CONTEXTS } from './contexts';
import { Verdict, evaluateCondition } from './conditions';
import { misspelledMfaKey, mfaKeyKind } from './mfaKeys';
import { variablesApply } from './policyVariables';
import { Home, homeOf, Owner, ResourceCoverage, resourceCoverage } from './resourceFacts';
import { ownCopy } from '../ownCopy';

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
  /** Its actions that it applies to on the owner's resources, per resource type (see resourceFacts.ts). */
  onResources(owner: Owner): ActionSet;
  /** `onResources(owner).has(key)`, asked for one action without building the whole set. */
  appliesOn(owner: Owner, key: string): boolean;
  /** False only when the statement applies to no action of the service (its Action list names others only). */
  mayApplyToService(prefix: string): boolean;
}

export interface PolicyAnalysis {
  readonly policy: PolicyDocumentNode;
  readonly policyIndex: number;
  readonly statements: readonly AnalyzedStatement[];
  /** The policy mentions an MFA condition key, so it tries to do something with MFA. */
  readonly mentionsMfa: boolean;
  /** The partition and account the policy's ARNs name: where its (action, resource) facts live. */
  readonly home: Home;
  /** Whether policy variables apply (Version 2012-10-17, or a statement fragment). */
  readonly variables: boolean;
  /** Denied, for certain, on every resource in the context. */
  deniedEverywhere(context: ContextId): ActionSet;
  /** Still possible on some resource in the context (the no-MFA reachable set). */
  reachable(context: ContextId): ActionSet;
  /** Still possible on other users' resources in the context. */
  reachableOnOthers(context: ContextId): ActionSet;
  /** Still possible on the caller's own resources in the context. */
  reachableOnSelf(context: ContextId): ActionSet;
  /** Denied for certain in the context on the owner's resources (each action on its own resource types). */
  deniedFor(context: ContextId, owner: Owner): ActionSet;
}

export function analyzePolicy(policy: PolicyDocumentNode, policyIndex: number): PolicyAnalysis {
  // Where the policy lives matters only once a rule matches resources, which most policies never need.
  let home: Home | undefined;
  const homeOfPolicy = () => (home ??= homeOf(resourceValues(policy)));
  // Pushed, not mapped: TurboFan's inlined Array.prototype.map makes a holey array where the
  // builtin makes a packed one, and every rule optimized on the one was deoptimized at the first
  // other (18 of the 39 deoptimizations of a 20,000-file run).
  const statements: StatementAnalysis[] = [];
  for (const s of policy.statements) statements.push(new StatementAnalysis(s, policy.shape === 'statement-fragment', policy.version?.value, homeOfPolicy));
  return new PolicyAnalysisImpl(policy, policyIndex, statements, homeOfPolicy, policy.shape === 'statement-fragment' || variablesApply(policy.version?.value));
}

function* resourceValues(policy: PolicyDocumentNode): Iterable<string> {
  for (const s of policy.statements) {
    for (const v of s.resource?.values ?? []) yield v.value;
    for (const v of s.notResource?.values ?? []) yield v.value;
  }
}

/**
 * A class rather than closures: a corpus run analyses 9,000 statements, and most rules read
 * only a field or two of each. A fragment copied from documentation often shows only the parts
 * that matter ("Effect" and "Condition"); without an action element it is read as applying to
 * every action. In a full policy such a statement matches nothing (and IAM013 says so).
 */
class StatementAnalysis implements AnalyzedStatement {
  readonly effect?: 'Allow' | 'Deny';
  readonly actionElement?: StringListNode;
  readonly usesNotAction: boolean;
  readonly mfaKeys: readonly ConditionKeyNode[];
  private knownVerdicts?: Readonly<Record<ContextId, Verdict>>;
  private knownRole?: StatementRole;
  private knownScope?: ResourceScope;
  // The action set is expanded when a rule first asks for it: most statements of most policies
  // (an Allow with "ec2:Describe*" and no MFA key) never need their thousands of members.
  private expanded?: ActionSet;
  /** Per owner, made on first use: the element read once, the whole set built only when asked. */
  private perOwner?: Map<Owner, { coverage: ResourceCoverage; set?: ActionSet }>;
  /** A fragment has no Version of its own: it is read as part of a 2012-10-17 policy. */
  private readonly variables: boolean;

  constructor(
    readonly node: StatementNode,
    private readonly isFragment: boolean,
    version: string | undefined,
    private readonly home: () => Home,
  ) {
    this.effect = node.effect?.value === 'Allow' || node.effect?.value === 'Deny' ? node.effect.value : undefined;
    this.usesNotAction = !node.action && !!node.notAction;
    this.actionElement = node.action ?? node.notAction;
    // Most statements have no Condition: they share one set of verdicts and one empty key list.
    this.mfaKeys = node.condition ? node.condition.operators.flatMap((op) => op.keys.filter((k) => mfaKeyKind(k.name) || misspelledMfaKey(k.name))) : NO_KEYS;
    this.variables = isFragment || variablesApply(version);
  }

  /** Evaluated when first asked: the rules ask of Deny statements and of a few Allows, not of every statement with a Condition. */
  get verdicts(): Readonly<Record<ContextId, Verdict>> {
    const condition = this.node.condition;
    return (this.knownVerdicts ??= condition ? (Object.fromEntries(ALL_CONTEXTS.map((id) => [id, evaluateCondition(condition, CONTEXTS[id])])) as Record<ContextId, Verdict>) : UNCONDITIONAL);
  }

  get role(): StatementRole {
    // Without an MFA key it is plain, whatever its condition says.
    if (!this.effect || this.mfaKeys.length === 0) return 'plain';
    return (this.knownRole ??= roleOf(this.effect, this.mfaKeys, this.verdicts));
  }

  /** Read from the Resource element when first asked: only Deny statements are. */
  get scope(): ResourceScope {
    return (this.knownScope ??= resourceScope(this.node));
  }

  get actions(): ActionSet {
    return (this.expanded ??= statementActions(this.node, this.isFragment));
  }

  onResources(owner: Owner): ActionSet {
    const entry = this.ownerEntry(owner);
    return (entry.set ??= entry.coverage.within(this.actions));
  }

  appliesOn(owner: Owner, key: string): boolean {
    const built = this.perOwner?.get(owner)?.set;
    if (built) return built.has(key);
    // The action first: most statements name none of the few actions the rules ask about, and
    // then their resources need not be read at all.
    const lower = key.toLowerCase();
    return includesAction(this, lower) && this.ownerEntry(owner).coverage.has(lower);
  }

  mayApplyToService(prefix: string): boolean {
    // NotAction, or no action element: left to appliesOn.
    if (!this.node.action) return true;
    const services = namedServices(this.node.action);
    return !services || services.has(`${prefix.toLowerCase()}:`);
  }

  private ownerEntry(owner: Owner): { coverage: ResourceCoverage; set?: ActionSet } {
    this.perOwner ??= new Map();
    let entry = this.perOwner.get(owner);
    if (!entry) this.perOwner.set(owner, (entry = { coverage: resourceCoverage(this.node.resource, this.node.notResource, owner, this.variables, this.home()) }));
    return entry;
  }
}

const UNCONDITIONAL: Readonly<Record<ContextId, Verdict>> = Object.freeze(Object.fromEntries(ALL_CONTEXTS.map((id) => [id, evaluateCondition(undefined, CONTEXTS[id])])) as Record<ContextId, Verdict>);
const NO_KEYS: readonly ConditionKeyNode[] = Object.freeze([]);

/** `statement.actions.has(key)`, without expanding the statement's action set. */
export function statementIncludesAction(statement: AnalyzedStatement, key: string): boolean {
  return includesAction(statement, key.toLowerCase());
}

/** Whether the Action/NotAction element covers the (lower-case) action; the set is expanded only for a statement without one. */
function includesAction(statement: AnalyzedStatement, lower: string): boolean {
  const node = statement.node;
  const element = node.action ?? node.notAction;
  if (!element) return statement.actions.has(lower);
  const listed = namesAction(element, lower);
  return node.action ? listed : !listed;
}

/**
 * Whether some pattern of the element matches the action (a lower-case key): `patternIncludes`
 * over its patterns. The rules ask a few iam: actions of every statement, and most statements
 * name other services only: a pattern whose service part certainly differs is passed over
 * without allocating anything.
 */
function namesAction(element: StringListNode, lowerKey: string): boolean {
  const sep = lowerKey.indexOf(':');
  if (sep > 0) {
    const services = namedServices(element);
    if (services && !services.has(servicePartOf(lowerKey, sep))) return false;
  }
  for (const { value } of element.values) if (mayNameService(value, lowerKey, sep) && actionPatternMatcher(value)(lowerKey)) return true;
  return false;
}

/**
 * The "service:" prefixes (lower case) of an element's entries when each entry names one
 * plainly (ASCII, no wildcard or white space before its ":"); else null. A key of a service
 * outside the set matches no entry (mayNameService says false for each), so a statement of a
 * thousand ec2: actions answers the rules' iam: questions without a pass over them each time.
 */
function namedServices(element: StringListNode): ReadonlySet<string> | null {
  let services = servicesNamedBy.get(element);
  if (services === undefined) {
    services = plainServicePrefixes(element);
    servicesNamedBy.set(element, services);
  }
  return services;
}

/** "iam:" of "iam:createuser": the rules ask the same few keys of every statement, so each is cut once. */
function servicePartOf(lowerKey: string, sep: number): string {
  let part = serviceParts.get(lowerKey);
  if (part === undefined) {
    part = lowerKey.slice(0, sep + 1);
    if (serviceParts.size > 10_000) serviceParts.clear();
    serviceParts.set(ownCopy(lowerKey), part);
  }
  return part;
}

const serviceParts = new Map<string, string>();

const servicesNamedBy = new WeakMap<StringListNode, ReadonlySet<string> | null>();

function plainServicePrefixes(element: StringListNode): Set<string> | null {
  const services = new Set<string>();
  for (const { value } of element.values) {
    let colon = 0;
    for (;; colon++) {
      const c = value.charCodeAt(colon);
      if (c === 58 /* : */) break;
      // A wildcard, white space, a non-ASCII character or the end (NaN) before any ":".
      if (c === 42 || c === 63 || !(c > 32 && c < 128)) return null;
    }
    services.add(value.slice(0, colon + 1).toLowerCase());
  }
  return services;
}

/**
 * False only when `pattern` certainly names a service other than `lowerKey`'s (whose ":" is at
 * `sep`): a plain ASCII character before the first wildcard differs from the key's. White space
 * (trimmed by the matcher), non-ASCII characters (whose lower case may be ASCII) and wildcards
 * leave the answer to the matcher.
 */
function mayNameService(pattern: string, lowerKey: string, sep: number): boolean {
  if (sep <= 0) return true;
  for (let i = 0; i <= sep; i++) {
    const c = pattern.charCodeAt(i);
    if (c === 42 /* * */ || c === 63 /* ? */ || !(c > 32 && c < 128)) return true;
    const lower = c >= 65 && c <= 90 ? c + 32 : c;
    if (lower !== lowerKey.charCodeAt(i)) return false;
  }
  return true;
}

function statementActions(node: StatementNode, isFragment: boolean): ActionSet {
  if (node.action) return expandActionPatterns(node.action.values.map((v) => v.value));
  if (node.notAction) return expandActionPatterns(node.notAction.values.map((v) => v.value)).invert();
  return isFragment ? ActionSet.ALL : ActionSet.NONE;
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
    if (values.length > 0 && values.every((v) => v.includes(OWN)) && node.notResource.unknownValues === 0) return 'others';
    // An entry Terraform or CloudFormation computes may exclude anything: not "all".
    return values.some(coversEveryResource) || node.notResource.unknownValues > 0 ? 'some' : 'all';
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

  constructor(
    readonly policy: PolicyDocumentNode,
    readonly policyIndex: number,
    readonly statements: readonly AnalyzedStatement[],
    private readonly homeOfPolicy: () => Home,
    readonly variables: boolean,
  ) {
    this.mentionsMfa = statements.some((s) => s.mfaKeys.length > 0);
    this.hasScopedDenies = statements.some((s) => s.effect === 'Deny' && (s.scope === 'self' || s.scope === 'others'));
  }

  get home(): Home {
    return this.homeOfPolicy();
  }

  private cached(key: string, compute: () => ActionSet): ActionSet {
    let set = this.memo.get(key);
    if (!set) {
      set = compute();
      this.memo.set(key, set);
    }
    return set;
  }

  /** Denied for certain in the context on the owner's resources. */
  deniedFor(context: ContextId, owner: Owner): ActionSet {
    return this.cached(`denied:${context}:${owner}`, () =>
      ActionSet.unionOf(this.statements.filter((s) => s.effect === 'Deny' && s.verdicts[context].kind === 'holds').map((s) => s.onResources(owner))),
    );
  }

  deniedEverywhere(context: ContextId): ActionSet {
    return this.cached(`everywhere:${context}`, () => this.deniedFor(context, 'self').intersect(this.deniedFor(context, 'others')));
  }

  reachableOnOthers(context: ContextId): ActionSet {
    return this.cached(`others:${context}`, () => this.deniedFor(context, 'others').invert());
  }

  reachableOnSelf(context: ContextId): ActionSet {
    return this.cached(`self:${context}`, () => this.deniedFor(context, 'self').invert());
  }

  reachable(context: ContextId): ActionSet {
    return this.cached(`any:${context}`, () => this.deniedEverywhere(context).invert());
  }
}
