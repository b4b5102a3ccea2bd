// Reads `aws iam get-account-authorization-details` output as AWS writes it: UserDetailList,
// GroupDetailList, RoleDetailList and Policies, documents URL-encoded (IAM API) or as objects
// (AWS CLI), PolicyVersionList with IsDefaultVersion. The JSON tree (jsonc-parser) keeps every
// offset, so findings point into the export; a truncated or damaged export is read as far as it
// goes and every problem names its place.
import { Node, ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { LineIndex } from '../positions';
import type { GroupNode, InlinePolicy, ManagedPolicy, PrincipalGraph, RoleNode, SourceLocation, UserNode } from './model';
import { emptyGraph } from './model';
import { readPolicyNode } from './policyText';

export function readAccountExport(text: string, file: string): PrincipalGraph {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const graph = emptyGraph();
  const lines = new LineIndex(text);
  const where = (offset: number) => {
    const p = lines.positionAt(offset);
    return `line ${p.line + 1}, column ${p.character + 1}`;
  };
  if (errors.length > 0) {
    const first = errors[0];
    const truncated = first.offset >= text.trimEnd().length - 1 || errors.some((e) => printParseErrorCode(e.error) === 'CloseBraceExpected' && e.offset >= text.trimEnd().length - 1);
    graph.problems.push({
      message: truncated
        ? `${file}: the export is truncated (ends at ${where(text.length)}); the principals before that point are audited`
        : `${file}: JSON syntax error at ${where(first.offset)} (${printParseErrorCode(first.error)}); what could be read is audited`,
      location: { file, range: { start: first.offset, end: first.offset + Math.max(1, first.length) } },
    });
  }
  if (!root || root.type !== 'object') {
    graph.problems.push({ message: `${file}: not an account authorization export (expected an object with UserDetailList, RoleDetailList …)`, location: { file, range: { start: 0, end: Math.min(1, text.length) } } });
    return graph;
  }
  const known = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'];
  if (!known.some((k) => prop(root, k))) {
    graph.problems.push({ message: `${file}: none of ${known.join(', ')} found: not a get-account-authorization-details export`, location: loc(file, root) });
    return graph;
  }
  if (prop(root, 'IsTruncated')?.value === true) {
    graph.problems.push({ message: `${file}: IsTruncated is true: this is one page of the export (aws iam get-account-authorization-details without --no-paginate?); principals on other pages are missing`, location: loc(file, prop(root, 'IsTruncated')!) });
  }
  const problem = (message: string, node: Node | undefined) => graph.problems.push({ message: `${file}, ${where(node?.offset ?? 0)}: ${message}`, location: node ? loc(file, node) : undefined });

  for (const entry of items(prop(root, 'Policies'))) {
    const arn = str(entry, 'Arn');
    const name = str(entry, 'PolicyName') ?? arn?.split('/').pop() ?? '?';
    if (!arn) {
      problem(`managed policy "${name}" has no Arn; skipped`, entry);
      continue;
    }
    const versions = items(prop(entry, 'PolicyVersionList'));
    const defaultId = str(entry, 'DefaultVersionId');
    const chosen = versions.find((v) => prop(v, 'IsDefaultVersion')?.value === true) ?? versions.find((v) => defaultId !== undefined && str(v, 'VersionId') === defaultId);
    let managed: ManagedPolicy;
    if (!chosen) {
      managed = { arn, name, problem: versions.length ? 'no default version in PolicyVersionList' : 'no PolicyVersionList', location: loc(file, entry) };
    } else {
      const read = readPolicyNode(text, prop(chosen, 'Document'), file);
      managed = { arn, name, policy: read.policy, problem: read.problem, location: loc(file, entry) };
    }
    if (managed.problem) problem(`managed policy ${arn}: ${managed.problem}; it counts as unknown (Allow *)`, prop(chosen ?? entry, 'Document') ?? entry);
    graph.policies.set(arn, managed);
    const account = /^arn:[^:]*:iam::(\d{12}):/.exec(arn)?.[1];
    if (account && !graph.accountId) (graph as { accountId?: string }).accountId = account;
  }

  for (const entry of items(prop(root, 'GroupDetailList'))) {
    const name = str(entry, 'GroupName');
    if (!name) {
      problem('group without GroupName; skipped', entry);
      continue;
    }
    const group: GroupNode = {
      name,
      arn: str(entry, 'Arn') ?? '',
      inline: inlinePolicies(text, file, prop(entry, 'GroupPolicyList'), problem, `group ${name}`),
      managed: attached(prop(entry, 'AttachedManagedPolicies')),
      location: loc(file, prop(entry, 'GroupName') ?? entry),
    };
    graph.groups.set(name, group);
  }

  for (const entry of items(prop(root, 'UserDetailList'))) {
    const name = str(entry, 'UserName');
    const arn = str(entry, 'Arn');
    if (!name || !arn) {
      problem('user without UserName or Arn (a truncated entry?); skipped', entry);
      continue;
    }
    const user: UserNode = {
      kind: 'user',
      name,
      arn,
      path: str(entry, 'Path') ?? '/',
      userId: str(entry, 'UserId'),
      tags: tags(prop(entry, 'Tags')),
      groups: items(prop(entry, 'GroupList')).filter((g) => g.type === 'string').map((g) => String(g.value)),
      inline: inlinePolicies(text, file, prop(entry, 'UserPolicyList'), problem, `user ${name}`),
      managed: attached(prop(entry, 'AttachedManagedPolicies')),
      boundary: boundaryArn(prop(entry, 'PermissionsBoundary')),
      location: loc(file, prop(entry, 'UserName') ?? entry),
    };
    graph.users.push(user);
    noteAccount(graph, arn);
  }

  for (const entry of items(prop(root, 'RoleDetailList'))) {
    const name = str(entry, 'RoleName');
    const arn = str(entry, 'Arn');
    if (!name || !arn) {
      problem('role without RoleName or Arn (a truncated entry?); skipped', entry);
      continue;
    }
    const trustNode = prop(entry, 'AssumeRolePolicyDocument');
    const trust = trustNode ? readPolicyNode(text, trustNode, file) : { problem: 'no AssumeRolePolicyDocument' };
    if (trust.problem) problem(`role ${name}: trust policy: ${trust.problem}`, trustNode ?? entry);
    const role: RoleNode = {
      kind: 'role',
      name,
      arn,
      path: str(entry, 'Path') ?? '/',
      tags: tags(prop(entry, 'Tags')),
      trust: trust.policy,
      trustProblem: trust.problem,
      inline: inlinePolicies(text, file, prop(entry, 'RolePolicyList'), problem, `role ${name}`),
      managed: attached(prop(entry, 'AttachedManagedPolicies')),
      boundary: boundaryArn(prop(entry, 'PermissionsBoundary')),
      location: loc(file, prop(entry, 'RoleName') ?? entry),
    };
    graph.roles.push(role);
    noteAccount(graph, arn);
  }
  return graph;
}

function noteAccount(graph: PrincipalGraph, arn: string): void {
  if (graph.accountId) return;
  const account = /^arn:[^:]*:iam::(\d{12}):/.exec(arn)?.[1];
  if (account) (graph as { accountId?: string }).accountId = account;
}

function inlinePolicies(text: string, file: string, list: Node | undefined, problem: (m: string, n: Node | undefined) => void, owner: string): InlinePolicy[] {
  const out: InlinePolicy[] = [];
  for (const entry of items(list)) {
    const name = str(entry, 'PolicyName') ?? '(unnamed)';
    const read = readPolicyNode(text, prop(entry, 'PolicyDocument'), file);
    if (read.problem) problem(`${owner}: inline policy ${name}: ${read.problem}; it is left out`, prop(entry, 'PolicyDocument') ?? entry);
    out.push({ name, policy: read.policy, problem: read.problem, location: loc(file, prop(entry, 'PolicyName') ?? entry) });
  }
  return out;
}

function attached(list: Node | undefined): string[] {
  return items(list)
    .map((e) => str(e, 'PolicyArn'))
    .filter((a): a is string => !!a);
}

function boundaryArn(node: Node | undefined): string | undefined {
  return node ? str(node, 'PermissionsBoundaryArn') : undefined;
}

function tags(list: Node | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of items(list)) {
    const key = str(t, 'Key');
    if (key !== undefined) out[key] = str(t, 'Value') ?? '';
  }
  return out;
}

export function prop(node: Node | undefined, name: string): Node | undefined {
  if (!node || node.type !== 'object') return undefined;
  for (const p of node.children ?? []) if (p.children?.[0]?.value === name) return p.children[1];
  return undefined;
}

function str(node: Node | undefined, name: string): string | undefined {
  const v = prop(node, name);
  return v?.type === 'string' ? String(v.value) : undefined;
}

function items(node: Node | undefined): Node[] {
  return node?.type === 'array' ? (node.children ?? []).filter((c) => c.type === 'object' || c.type === 'string') : [];
}

function loc(file: string, node: Node): SourceLocation {
  return { file, range: { start: node.offset, end: node.offset + node.length } };
}
