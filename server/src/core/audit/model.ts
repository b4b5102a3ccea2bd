// The principal graph the audit reads: users, groups, roles and the policies attached to them,
// whatever they came from (an account export, a CloudFormation template, Terraform). Every
// source builds the same graph through GraphBuilder, so a new source plugs in without the
// verdicts knowing about it.
import type { PolicyDocumentNode, TextRange } from '../model';

/**
 * Where something was written: a file and a range of its text, or (for a large export read with
 * JSON.parse) its JSON path, which an output that needs offsets resolves with jsonc-parser.
 */
export interface SourceLocation {
  readonly file: string;
  readonly range?: TextRange;
  readonly path?: readonly (string | number)[];
}

/** A policy document as read, with where its statements are. */
export interface PolicyText {
  readonly document: PolicyDocumentNode;
  /**
   * Offsets of `document` are relative to this text; when `baseOffset` is set, the text is a
   * slice of the source file starting there (so offset + baseOffset is a file offset).
   */
  readonly text: string;
  readonly baseOffset?: number;
  /** How the source wrote it: a JSON object (statements have their own paths) or a string. */
  readonly writtenAs?: 'object' | 'string';
  /** The source location of the document (the JSON object, or the URL-encoded string). */
  readonly location?: SourceLocation;
}

export type PolicyKind = 'inline' | 'managed' | 'aws-managed' | 'boundary' | 'scp' | 'trust';

export interface InlinePolicy {
  readonly name: string;
  readonly policy?: PolicyText;
  /** Why the document could not be read (it then counts as missing, and the output says so). */
  readonly problem?: string;
  readonly location?: SourceLocation;
}

export interface ManagedPolicy {
  readonly arn: string;
  readonly name: string;
  readonly policy?: PolicyText;
  readonly problem?: string;
  readonly location?: SourceLocation;
}

export interface GroupNode {
  readonly name: string;
  readonly arn: string;
  readonly inline: InlinePolicy[];
  /** Managed policy ARNs (or, inside a template, the id of a policy the template defines). */
  readonly managed: string[];
  readonly location?: SourceLocation;
}

/**
 * Credentials a template defines for a user (CloudFormation LoginProfile, AWS::IAM::AccessKey,
 * AWS::IAM::VirtualMFADevice; Terraform aws_iam_user_login_profile, aws_iam_access_key). A
 * field the template says nothing about stays undefined: unknown, counted as the worst case.
 */
export interface TemplateCredentials {
  consolePassword?: boolean;
  /** Active access keys the template defines (set once it defines any key, active or not). */
  activeAccessKeys?: number;
  mfaDevice?: boolean;
}

export interface UserNode {
  readonly kind: 'user';
  readonly name: string;
  readonly arn: string;
  readonly path: string;
  readonly userId?: string;
  readonly tags: Record<string, string>;
  readonly groups: string[];
  readonly inline: InlinePolicy[];
  readonly managed: string[];
  boundary?: string;
  /** From the template that defines the user; a credential report, when given, wins. */
  credentials?: TemplateCredentials;
  readonly location?: SourceLocation;
}

export interface RoleNode {
  readonly kind: 'role';
  readonly name: string;
  readonly arn: string;
  readonly path: string;
  readonly tags: Record<string, string>;
  trust?: PolicyText;
  trustProblem?: string;
  readonly inline: InlinePolicy[];
  readonly managed: string[];
  boundary?: string;
  readonly location?: SourceLocation;
}

export type PrincipalNode = UserNode | RoleNode;

/** A problem with the input, named by where it is; the rest is still audited. */
export interface AuditProblem {
  readonly message: string;
  readonly location?: SourceLocation;
}

export interface PrincipalGraph {
  readonly accountId?: string;
  readonly users: UserNode[];
  readonly roles: RoleNode[];
  readonly groups: Map<string, GroupNode>;
  /** Managed policies by ARN (or template id). */
  readonly policies: Map<string, ManagedPolicy>;
  readonly problems: AuditProblem[];
}

export function emptyGraph(accountId?: string): PrincipalGraph {
  return { accountId, users: [], roles: [], groups: new Map(), policies: new Map(), problems: [] };
}

/** Merges graphs from several sources (several templates of one repository). */
export function mergeGraphs(graphs: readonly PrincipalGraph[]): PrincipalGraph {
  const merged = emptyGraph(graphs.find((g) => g.accountId)?.accountId);
  for (const g of graphs) {
    merged.users.push(...g.users);
    merged.roles.push(...g.roles);
    for (const [k, v] of g.groups) if (!merged.groups.has(k)) merged.groups.set(k, v);
    for (const [k, v] of g.policies) if (!merged.policies.has(k)) merged.policies.set(k, v);
    merged.problems.push(...g.problems);
  }
  return merged;
}
