// Evaluates one request against one policy, as IAM does for a single policy (IAM User Guide,
// "Policy evaluation logic"): a statement applies when its action, resource and condition all
// match; the answer is three-valued, 'depends' when it hangs on a fact the request does not give.
// Combining policy types (identity, boundary, SCP) is the caller's job.
import { resourceTypesOf, fillArnFormat } from '../catalog/resourceTypes';
import { wildcardMatcher } from '../catalog/wildcard';
import type { PolicyDocumentNode, StatementNode, StringListNode, StringNode } from '../model';
import { matchResolved } from './arnMatch';
import { evaluateKeyWith } from './conditions';
import { mfaKeyKind, misspelledMfaKey } from './mfaKeys';
import { CONTEXTS, ContextId } from './contexts';
import { parseOperator } from './operators';
import { KeyFact, KeyLookup, resolvePattern, variablesApply } from './policyVariables';
import { Tri, triAnd, triNot, triOr } from './tri';

export type { Tri } from './tri';

export interface EvalRequest {
  /** "iam:DeactivateMFADevice" (case-insensitive, as IAM). */
  readonly action: string;
  /** Full ARN the action is authorised against ("*" for actions without resource types). */
  readonly resource: string;
  /** "arn:aws:iam::123456789012:user/engineering/grace": gives aws:username, aws:PrincipalArn, the account. */
  readonly principalArn: string;
  readonly context: ContextId;
  /**
   * The MFA age limit the 'mfa-stale' context exceeds: that context's aws:MultiFactorAuthAge is
   * maxMfaAge + 1 (default 3600 + 1). A fresh 'mfa-session' has age 0.
   */
  readonly maxMfaAge?: number;
  /** Other request facts by lower-case key name; a key not listed is unknown ('depends'), not absent. */
  readonly knownKeys?: Readonly<Record<string, readonly string[]>>;
  /** Keys known to be absent from the request. */
  readonly absentKeys?: readonly string[];
}

export interface StatementRef {
  readonly policy: PolicyDocumentNode;
  readonly statement: StatementNode;
  readonly sid?: string;
}

export interface PolicyEvaluation {
  /** Some Deny statement applies ('depends' when it hinges on an unknown key). */
  readonly explicitDeny: Tri;
  /** Some Allow statement applies. */
  readonly allow: Tri;
  /** Deny statements that apply or may apply ('yes' first). */
  readonly denyingStatements: StatementRef[];
  readonly allowingStatements: StatementRef[];
  /** The unknown keys a 'depends' rests on (lower case). */
  readonly dependsOnKeys: string[];
  /** The policy's statements computed at deploy time, which may allow or deny any request. */
  readonly dependsOnStatements: readonly StringNode[];
}

export interface StatementEvaluation {
  readonly applies: Tri;
  readonly action: Tri;
  readonly resource: Tri;
  readonly condition: Tri;
  readonly dependsOnKeys: readonly string[];
}

export function evaluatePolicy(policy: PolicyDocumentNode, request: EvalRequest): PolicyEvaluation {
  const lookup = requestLookup(request);
  const variables = variablesApply(policy.version?.value);
  let explicitDeny: Tri = 'no';
  let allow: Tri = 'no';
  const deny: { ref: StatementRef; applies: Tri }[] = [];
  const allowing: { ref: StatementRef; applies: Tri }[] = [];
  const keys = new Set<string>();
  for (const statement of policy.statements) {
    const effect = statement.effect?.value;
    if (effect !== 'Allow' && effect !== 'Deny') continue;
    const result = evaluateStatementWith(statement, request, lookup, variables, policy.shape === 'statement-fragment');
    if (result.applies === 'no') continue;
    const ref: StatementRef = { policy, statement, sid: statement.sid?.value };
    if (result.applies === 'depends') result.dependsOnKeys.forEach((k) => keys.add(k));
    if (effect === 'Deny') {
      explicitDeny = triOr(explicitDeny, result.applies);
      deny.push({ ref, applies: result.applies });
    } else {
      allow = triOr(allow, result.applies);
      allowing.push({ ref, applies: result.applies });
    }
  }
  // A statement computed at deploy time (Fn::If, var.x) may allow or deny this request.
  if (policy.unknownStatements) {
    explicitDeny = triOr(explicitDeny, 'depends');
    allow = triOr(allow, 'depends');
  }
  const byCertainty = (a: { applies: Tri }, b: { applies: Tri }) => (a.applies === b.applies ? 0 : a.applies === 'yes' ? -1 : 1);
  return {
    explicitDeny,
    allow,
    denyingStatements: deny.sort(byCertainty).map((d) => d.ref),
    allowingStatements: allowing.sort(byCertainty).map((d) => d.ref),
    dependsOnKeys: [...keys].sort(),
    dependsOnStatements: policy.unknownStatements ?? [],
  };
}

/** One statement against one request. */
export function evaluateStatement(statement: StatementNode, request: EvalRequest, policy?: PolicyDocumentNode): StatementEvaluation {
  return evaluateStatementWith(statement, request, requestLookup(request), variablesApply(policy?.version?.value ?? '2012-10-17'), policy?.shape === 'statement-fragment');
}

function evaluateStatementWith(statement: StatementNode, request: EvalRequest, lookup: KeyLookup, variables: boolean, isFragment: boolean): StatementEvaluation {
  const keys: string[] = [];
  const action = actionMatch(statement, request.action, isFragment);
  if (action === 'no') return { applies: 'no', action, resource: 'no', condition: 'no', dependsOnKeys: [] };
  const resource = resourceMatch(statement, request.resource, lookup, variables, keys);
  if (resource === 'no') return { applies: 'no', action, resource, condition: 'no', dependsOnKeys: [] };
  const principal = principalMatch(statement, request.principalArn);
  const condition = conditionMatch(statement, lookup, variables, keys);
  const applies = triAnd(triAnd(action, resource), triAnd(principal, condition));
  return { applies, action, resource, condition, dependsOnKeys: [...new Set(keys)] };
}

function listMatch(list: StringListNode, test: (value: string) => Tri): Tri {
  let result: Tri = 'no';
  for (const v of list.values) {
    result = triOr(result, test(v.value));
    if (result === 'yes') return result;
  }
  // An entry written as a template reference (`!Ref …`) could be anything.
  return list.unknownValues > 0 ? triOr(result, 'depends') : result;
}

function actionMatch(statement: StatementNode, action: string, isFragment: boolean): Tri {
  const test = (pattern: string): Tri => (wildcardMatcher(pattern.trim())(action) ? 'yes' : 'no');
  if (statement.action) return listMatch(statement.action, test);
  if (statement.notAction) return triNot(listMatch(statement.notAction, test));
  // A documentation fragment showing only Effect and Condition reads as covering every action.
  return isFragment ? 'yes' : 'no';
}

function resourceMatch(statement: StatementNode, resource: string, lookup: KeyLookup, variables: boolean, keys: string[]): Tri {
  const test = (pattern: string): Tri => {
    const resolved = resolvePattern(pattern.trim(), lookup, { wildcards: true, variables });
    const result = matchResolved(resolved, resource, { arn: true });
    if (result === 'depends') for (const k of resolved!.unknownKeys) keys.push(k);
    return result;
  };
  if (statement.resource) return listMatch(statement.resource, test);
  if (statement.notResource) return triNot(listMatch(statement.notResource, test));
  return 'yes'; // trust policies and fragments without a Resource apply to their own resource
}

/** Identity policies have no Principal; in a resource policy, "*" or the principal's ARN names it, an account only delegates. */
function principalMatch(statement: StatementNode, principalArn: string): Tri {
  const principal = statement.principal;
  if (!principal) return 'yes';
  const account = principalArn.split(':')[4] ?? '';
  const named = principal.values.some((v) => v.value === '*' || v.value === principalArn);
  const delegated = principal.values.some((v) => v.value === account || v.value === `arn:aws:iam::${account}:root`);
  const matches: Tri = named ? 'yes' : delegated ? 'depends' : 'no';
  return principal.key === 'NotPrincipal' ? triNot(matches) : matches;
}

function conditionMatch(statement: StatementNode, lookup: KeyLookup, variables: boolean, keys: string[]): Tri {
  let result: Tri = 'yes';
  for (const op of statement.condition?.operators ?? []) {
    const info = parseOperator(op.name);
    if (!info) {
      result = triAnd(result, 'depends'); // not an IAM operator: IAM would reject the policy
      keys.push(op.name);
      continue;
    }
    for (const key of op.keys) {
      const verdict = evaluateKeyWith(info, key, lookup, variables);
      if (verdict === 'fails') return 'no';
      if (verdict === 'depends') {
        result = 'depends';
        keys.push(key.name.toLowerCase());
      }
    }
  }
  return result;
}

/** The request's keys: the context's MFA keys, facts from the principal's ARN, then what the caller gives. */
export function requestLookup(request: EvalRequest): KeyLookup {
  const context = CONTEXTS[request.context];
  const age = request.context === 'mfa-stale' ? (request.maxMfaAge ?? 3600) + 1 : context.mfaAge;
  const principal = principalFacts(request.principalArn);
  const absent = new Set((request.absentKeys ?? []).map((k) => k.toLowerCase()));
  const known = new Map(Object.entries(request.knownKeys ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return (lower): KeyFact => {
    const kind = mfaKeyKind(lower);
    if (kind === 'present') return context.mfaPresent === undefined ? 'absent' : { values: [context.mfaPresent] };
    if (kind === 'age') return age === undefined ? 'absent' : { values: [String(age)] };
    if (absent.has(lower)) return 'absent';
    const given = known.get(lower);
    if (given) return { values: given };
    const fromPrincipal = principal.get(lower);
    if (fromPrincipal) return fromPrincipal;
    if (misspelledMfaKey(lower)) return 'absent';
    return 'unknown';
  };
}

interface PrincipalParts {
  partition: string;
  account: string;
  /** "user", "role", "assumed-role", "root" … */
  type: string;
  /** The IAM user's name (last path segment), for users only. */
  userName?: string;
  /** The user's name with its path ("engineering/grace"). */
  userPath?: string;
}

export function parsePrincipalArn(arn: string): PrincipalParts {
  const parts = arn.split(':');
  const partition = parts[1] || 'aws';
  const account = parts[4] || '123456789012';
  const resource = parts.slice(5).join(':');
  const slash = resource.indexOf('/');
  const type = slash < 0 ? resource : resource.slice(0, slash);
  if (type !== 'user') return { partition, account, type };
  const path = resource.slice(slash + 1);
  return { partition, account, type, userName: path.slice(path.lastIndexOf('/') + 1), userPath: path };
}

function principalFacts(arn: string): Map<string, KeyFact> {
  const p = parsePrincipalArn(arn);
  const facts = new Map<string, KeyFact>();
  facts.set('aws:principalaccount', { values: [p.account] });
  if (p.type === 'user') {
    facts.set('aws:username', { values: [p.userName!] });
    facts.set('aws:principalarn', { values: [arn] });
    facts.set('aws:principaltype', { values: ['User'] });
  } else {
    facts.set('aws:username', 'absent'); // only IAM users have a user name
    if (p.type === 'root') facts.set('aws:principaltype', { values: ['Account'] });
    if (p.type === 'assumed-role') facts.set('aws:principaltype', { values: ['AssumedRole'] });
  }
  return facts;
}

/**
 * Resource ARNs an action is authorised against for a principal, one per resource type the
 * catalog lists (DeactivateMFADevice → the principal's user; CreateVirtualMFADevice → an mfa
 * device named after the user); ["*"] for actions without resource types. Names the catalog
 * leaves open (a bucket, a role) are filled with "example".
 */
export function defaultResourcesFor(action: string, principalArn: string): string[] {
  const types = resourceTypesOf(action);
  if (types.length === 0) return ['*'];
  const p = parsePrincipalArn(principalArn);
  const own = p.userPath ?? p.userName ?? 'example';
  return [
    ...new Set(
      types.map((t) =>
        fillArnFormat(t.arnFormat, { partition: p.partition, account: p.account, region: 'us-east-1' }, (placeholder) =>
          placeholder === 'MfaTokenIdWithPath' ? p.userName ?? 'example' : /^UserName(WithPath)?$/.test(placeholder) ? own : 'example',
        ),
      ),
    ),
  ];
}
