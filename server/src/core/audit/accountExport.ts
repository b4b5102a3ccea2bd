// Reads `aws iam get-account-authorization-details` output as AWS writes it: UserDetailList,
// GroupDetailList, RoleDetailList and Policies, documents URL-encoded (IAM API) or as objects
// (AWS CLI), PolicyVersionList with IsDefaultVersion. A whole export is read with JSON.parse
// (an account of 10,000 principals is tens of MB) and every item keeps its JSON path, which
// outputs that need offsets resolve with jsonc-parser (exportLocations.ts). A truncated or
// damaged export is read by jsonc-parser's tolerant parser as far as it goes; every problem
// names its place.
import { getNodeValue, Node, ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { LineIndex } from '../positions';
import type { GroupNode, InlinePolicy, ManagedPolicy, PrincipalGraph, RoleNode, SourceLocation, UserNode } from './model';
import { emptyGraph } from './model';
import { PolicyRead, readPolicyValue } from './policyText';

type Json = Record<string, unknown>;
type Path = (string | number)[];

export function readAccountExport(text: string, file: string): PrincipalGraph {
  const graph = emptyGraph();
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    root = readDamaged(text, file, graph);
  }
  if (!isObject(root)) {
    graph.problems.push({ message: `${file}: not an account authorization export (expected an object with UserDetailList, RoleDetailList …)`, location: { file, path: [] } });
    return graph;
  }
  const known = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'];
  if (!known.some((k) => k in root)) {
    graph.problems.push({ message: `${file}: none of ${known.join(', ')} found: not a get-account-authorization-details export`, location: { file, path: [] } });
    return graph;
  }
  if (root.IsTruncated === true) {
    graph.problems.push({ message: `${file}: IsTruncated is true: this is one page of the export (run aws iam get-account-authorization-details without --max-items); principals on other pages are missing`, location: { file, path: ['IsTruncated'] } });
  }
  const at = (path: Path): SourceLocation => ({ file, path });
  // Accounts repeat documents (the same trust policy on many roles, one inline policy on many
  // users): each distinct string is decoded and parsed once, each use keeps its own location.
  const reads = new Map<string, PolicyRead>();
  const readDocument = (value: unknown, location: SourceLocation): PolicyRead => {
    if (typeof value !== 'string') return readPolicyValue(value, location);
    const known = reads.get(value);
    if (known) return known.policy ? { policy: { ...known.policy, location } } : known;
    const read = readPolicyValue(value, location);
    reads.set(value, read);
    return read;
  };
  const problem = (message: string, path: Path) => graph.problems.push({ message: `${file}, ${describePath(path)}: ${message}`, location: at(path) });

  items(root, 'Policies').forEach(([entry, i]) => {
    const base: Path = ['Policies', i];
    const arn = str(entry, 'Arn');
    const name = str(entry, 'PolicyName') ?? arn?.split('/').pop() ?? '?';
    if (!arn) return problem(`managed policy "${name}" has no Arn; skipped`, base);
    const versions = items(entry, 'PolicyVersionList');
    const defaultId = str(entry, 'DefaultVersionId');
    const chosen = versions.find(([v]) => v.IsDefaultVersion === true) ?? versions.find(([v]) => defaultId !== undefined && str(v, 'VersionId') === defaultId);
    let managed: ManagedPolicy;
    if (!chosen) {
      managed = { arn, name, problem: versions.length ? 'no default version in PolicyVersionList' : 'no PolicyVersionList', location: at(base) };
    } else {
      const docPath = [...base, 'PolicyVersionList', chosen[1], 'Document'];
      const read = readDocument(chosen[0].Document, at(docPath));
      managed = { arn, name, policy: read.policy, problem: read.problem, location: at([...base, 'PolicyName']) };
      if (read.problem) problem(`managed policy ${arn}: ${read.problem}; it counts as unknown (Allow *)`, docPath);
    }
    if (!chosen) problem(`managed policy ${arn}: ${managed.problem}; it counts as unknown (Allow *)`, base);
    graph.policies.set(arn, managed);
  });

  items(root, 'GroupDetailList').forEach(([entry, i]) => {
    const base: Path = ['GroupDetailList', i];
    const name = str(entry, 'GroupName');
    if (!name) return problem('group without GroupName; skipped', base);
    const group: GroupNode = {
      name,
      arn: str(entry, 'Arn') ?? '',
      inline: inlinePolicies(entry, 'GroupPolicyList', base, file, problem, `group ${name}`, readDocument),
      managed: attached(entry),
      location: at([...base, 'GroupName']),
    };
    graph.groups.set(name, group);
  });

  items(root, 'UserDetailList').forEach(([entry, i]) => {
    const base: Path = ['UserDetailList', i];
    const name = str(entry, 'UserName');
    const arn = str(entry, 'Arn');
    if (!name || !arn) return problem('user without UserName or Arn (a truncated entry?); skipped', base);
    const user: UserNode = {
      kind: 'user',
      name,
      arn,
      path: str(entry, 'Path') ?? '/',
      userId: str(entry, 'UserId'),
      tags: tags(entry),
      groups: (Array.isArray(entry.GroupList) ? entry.GroupList : []).filter((g): g is string => typeof g === 'string'),
      inline: inlinePolicies(entry, 'UserPolicyList', base, file, problem, `user ${name}`, readDocument),
      managed: attached(entry),
      boundary: boundaryArn(entry),
      location: at([...base, 'UserName']),
    };
    graph.users.push(user);
    noteAccount(graph, arn);
  });

  items(root, 'RoleDetailList').forEach(([entry, i]) => {
    const base: Path = ['RoleDetailList', i];
    const name = str(entry, 'RoleName');
    const arn = str(entry, 'Arn');
    if (!name || !arn) return problem('role without RoleName or Arn (a truncated entry?); skipped', base);
    const trustPath = [...base, 'AssumeRolePolicyDocument'];
    const trust = entry.AssumeRolePolicyDocument !== undefined ? readDocument(entry.AssumeRolePolicyDocument, at(trustPath)) : { problem: 'no AssumeRolePolicyDocument', policy: undefined };
    if (trust.problem) problem(`role ${name}: trust policy: ${trust.problem}`, trust.policy ? trustPath : base);
    const role: RoleNode = {
      kind: 'role',
      name,
      arn,
      path: str(entry, 'Path') ?? '/',
      tags: tags(entry),
      trust: trust.policy,
      trustProblem: trust.problem,
      inline: inlinePolicies(entry, 'RolePolicyList', base, file, problem, `role ${name}`, readDocument),
      managed: attached(entry),
      boundary: boundaryArn(entry),
      location: at([...base, 'RoleName']),
    };
    graph.roles.push(role);
    noteAccount(graph, arn);
  });
  return graph;
}

/** A truncated or damaged export: jsonc-parser reads what it can; the problem says where it broke. */
function readDamaged(text: string, file: string, graph: PrincipalGraph): unknown {
  const errors: ParseError[] = [];
  const tree: Node | undefined = parseTree(text, errors, { allowTrailingComma: true });
  const lines = new LineIndex(text);
  const first = errors[0];
  if (first) {
    const p = lines.positionAt(first.offset);
    const end = text.trimEnd().length;
    const truncated = errors.some((e) => e.offset >= end - 1);
    graph.problems.push({
      message: truncated
        ? `${file}: the export is truncated (it ends at line ${lines.positionAt(text.length).line + 1} inside an open object or list); what comes before is audited`
        : `${file}: JSON syntax error at line ${p.line + 1}, column ${p.character + 1} (${printParseErrorCode(first.error)}); what could be read is audited`,
      location: { file, range: { start: first.offset, end: first.offset + Math.max(1, first.length) } },
    });
  }
  return tree ? getNodeValue(tree) : undefined;
}

function describePath(path: Path): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');
}

function noteAccount(graph: PrincipalGraph, arn: string): void {
  if (graph.accountId) return;
  const account = /^arn:[^:]*:iam::(\d{12}):/.exec(arn)?.[1];
  if (account) (graph as { accountId?: string }).accountId = account;
}

function inlinePolicies(entry: Json, list: string, base: Path, file: string, problem: (m: string, p: Path) => void, owner: string, readDocument: (value: unknown, location: SourceLocation) => PolicyRead): InlinePolicy[] {
  return items(entry, list).map(([p, i]) => {
    const name = str(p, 'PolicyName') ?? '(unnamed)';
    const docPath = [...base, list, i, 'PolicyDocument'];
    const read = readDocument(p.PolicyDocument, { file, path: docPath });
    if (read.problem) problem(`${owner}: inline policy ${name}: ${read.problem}; it is left out`, docPath);
    return { name, policy: read.policy, problem: read.problem, location: { file, path: [...base, list, i, 'PolicyName'] } };
  });
}

function attached(entry: Json): string[] {
  // The AWS CLI's own example output writes a group's single attachment as an object, not a list.
  const list = isObject(entry.AttachedManagedPolicies) ? [entry.AttachedManagedPolicies] : items(entry, 'AttachedManagedPolicies').map(([e]) => e);
  return list.map((e) => str(e, 'PolicyArn')).filter((a): a is string => !!a);
}

function boundaryArn(entry: Json): string | undefined {
  return isObject(entry.PermissionsBoundary) ? str(entry.PermissionsBoundary, 'PermissionsBoundaryArn') : undefined;
}

function tags(entry: Json): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [t] of items(entry, 'Tags')) {
    const key = str(t, 'Key');
    if (key !== undefined) out[key] = str(t, 'Value') ?? '';
  }
  return out;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(o: Json, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' ? v : undefined;
}

/** The objects of a list property, with their index in it. */
function items(o: Json, key: string): [Json, number][] {
  const v = o[key];
  if (!Array.isArray(v)) return [];
  const out: [Json, number][] = [];
  v.forEach((x, i) => {
    if (isObject(x)) out.push([x, i]);
  });
  return out;
}

/** jsonc-parser's property lookup, for readers that keep the tree (templates, SCP files). */
export function prop(node: Node | undefined, name: string): Node | undefined {
  if (!node || node.type !== 'object') return undefined;
  for (const p of node.children ?? []) if (p.children?.[0]?.value === name) return p.children[1];
  return undefined;
}
