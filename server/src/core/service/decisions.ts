// Per-context decisions for requests against one policy: what `iam-mfa-guard explain` prints and
// the statement hover tabulates. The policy is combined with an assumed `Allow *` (what a
// force-MFA Deny must withstand) unless the caller asks for the policy alone.
import { ALL_CONTEXTS, ContextId } from '../analysis/contexts';
import { defaultResourcesFor, EvalRequest, evaluatePolicy, PolicyEvaluation, StatementRef } from '../analysis/evaluate';
import type { PolicyDocumentNode, SourceFormat, StringNode } from '../model';
import { parseDocument } from '../parse/parseDocument';

export type Decision = 'denied' | 'allowed' | 'depends';
/** 'allow-all': the principal also holds Allow * (default); 'nothing': the policy alone must allow. */
export type Assumption = 'allow-all' | 'nothing';

export interface ContextDecision {
  readonly decision: Decision;
  /** The statements that decide it: the Denies for 'denied', the Allows for 'allowed', both for 'depends'. */
  readonly statements: readonly StatementRef[];
  /** For 'depends': the request keys it hangs on (lower case). */
  readonly dependsOnKeys: readonly string[];
  /** For 'depends': the policy's statements computed at deploy time, which may decide it. */
  readonly dependsOnStatements?: readonly StringNode[];
}

export interface RequestDecisions {
  readonly action: string;
  readonly resource: string;
  readonly contexts: Readonly<Record<ContextId, ContextDecision>>;
}

export interface DecisionOptions {
  readonly principalArn: string;
  readonly assume: Assumption;
  readonly maxMfaAge?: number;
  readonly knownKeys?: EvalRequest['knownKeys'];
  readonly absentKeys?: EvalRequest['absentKeys'];
}

export const DEFAULT_PRINCIPAL = 'arn:aws:iam::123456789012:user/alice';

/** The requests asked by default: enrolling a device, then what must never happen without MFA. */
export const DEFAULT_ACTIONS = [
  'iam:CreateVirtualMFADevice',
  'iam:EnableMFADevice',
  'iam:ListMFADevices',
  'iam:ResyncMFADevice',
  'iam:GetUser',
  'iam:DeactivateMFADevice',
  'iam:DeleteVirtualMFADevice',
  'iam:CreateAccessKey',
  'iam:ChangePassword',
  'iam:CreateLoginProfile',
  'iam:DetachUserPolicy',
  'iam:AttachUserPolicy',
  'iam:PutUserPolicy',
  'iam:CreateUser',
  'iam:PassRole',
  's3:GetObject',
];

/** Every default action on each of the resources it is authorised against, for the principal. */
export function defaultRequests(principalArn: string): { action: string; resource: string }[] {
  return DEFAULT_ACTIONS.flatMap((action) => defaultResourcesFor(action, principalArn).map((resource) => ({ action, resource })));
}

export function decideRequest(policy: PolicyDocumentNode, request: { action: string; resource: string }, options: DecisionOptions): RequestDecisions {
  const contexts = {} as Record<ContextId, ContextDecision>;
  for (const context of ALL_CONTEXTS) {
    const evaluation = evaluatePolicy(policy, { ...request, principalArn: options.principalArn, context, maxMfaAge: options.maxMfaAge, knownKeys: options.knownKeys, absentKeys: options.absentKeys });
    contexts[context] = decide(evaluation, options.assume);
  }
  return { action: request.action, resource: request.resource, contexts };
}

/** Explicit deny wins; otherwise the request needs an Allow (given, under 'allow-all'). */
export function decide(e: PolicyEvaluation, assume: Assumption): ContextDecision {
  const allow = assume === 'allow-all' ? 'yes' : e.allow;
  if (e.explicitDeny === 'yes') return { decision: 'denied', statements: e.denyingStatements, dependsOnKeys: [] };
  if (e.explicitDeny === 'no' && allow === 'yes') return { decision: 'allowed', statements: e.allowingStatements, dependsOnKeys: [] };
  if (allow === 'no') return { decision: 'denied', statements: e.denyingStatements, dependsOnKeys: [] }; // implicitly: nothing allows it
  const computed = e.dependsOnStatements.length > 0 ? { dependsOnStatements: e.dependsOnStatements } : {};
  return { decision: 'depends', statements: [...e.denyingStatements, ...e.allowingStatements], dependsOnKeys: e.dependsOnKeys, ...computed };
}

export interface PolicyDecisions {
  /** 1-based, in document order. */
  readonly policy: number;
  readonly requests: readonly RequestDecisions[];
}

/** Every policy of a document, each request decided in each context (the given requests, or the default ones). */
export function explainDocument(text: string, format: SourceFormat, requests: readonly { action: string; resource: string }[] | undefined, options: DecisionOptions): PolicyDecisions[] {
  const asked = requests ?? defaultRequests(options.principalArn);
  return parseDocument(text, { format }).policies.map((policy, i) => ({ policy: i + 1, requests: asked.map((r) => decideRequest(policy, r, options)) }));
}
