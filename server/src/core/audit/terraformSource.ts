// Principals defined in a Terraform configuration. The builder works on plain resource blocks
// (type, name, attributes), so the JSON syntax (*.tf.json, read here) and HCL (its reader
// produces the same TerraformResource list) share it. Understood: aws_iam_user, _group, _role,
// _policy, _user_policy, _group_policy, _role_policy, _user/_group/_role_policy_attachment,
// aws_iam_policy_attachment, aws_iam_user_group_membership, aws_iam_group_membership, and
// policies from data "aws_iam_policy_document" through "${data.aws_iam_policy_document.x.json}".
import type { Node } from 'jsonc-parser';
import { parseTree } from 'jsonc-parser';
import { parseDocument } from '../parse/parseDocument';
import type { PolicyDocumentNode, TextRange } from '../model';
import { prop } from './accountExport';
import { GraphBuilder } from './graphBuilder';
import type { PolicyText, PrincipalGraph, SourceLocation } from './model';
import { readPolicyString } from './policyText';

const ACCOUNT = '123456789012';

/** An attribute value: a string (possibly a "${…}" reference), a list, a map, or a policy read from it. */
export type TerraformValue = string | number | boolean | null | TerraformValue[] | { [key: string]: TerraformValue };

export interface TerraformResource {
  readonly type: string;
  readonly name: string;
  readonly attributes: Record<string, TerraformValue>;
  /** Policy documents of attributes (policy, assume_role_policy), already read, by attribute name. */
  readonly policies: Record<string, PolicyText | undefined>;
  readonly location: SourceLocation;
}

export interface TerraformConfig {
  readonly file: string;
  readonly resources: readonly TerraformResource[];
  /** data "aws_iam_policy_document" blocks by name. */
  readonly policyDocuments: ReadonlyMap<string, PolicyText>;
}

export function readTerraformJson(text: string, file: string): PrincipalGraph {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const parsed = parseDocument(text, { format: 'json' });
  const byPath = new Map<string, PolicyDocumentNode>(parsed.policies.map((p) => [JSON.stringify(p.path), p]));
  const resources: TerraformResource[] = [];
  const blocks = (n: Node | undefined): Node[] => (n?.type === 'array' ? (n.children ?? []) : n ? [n] : []);
  for (const typeProp of prop(root, 'resource')?.children ?? []) {
    const type = String(typeProp.children?.[0]?.value);
    if (!type.startsWith('aws_iam_')) continue;
    for (const nameProp of typeProp.children?.[1]?.children ?? []) {
      const name = String(nameProp.children?.[0]?.value);
      for (const body of blocks(nameProp.children?.[1])) {
        const attributes = (body.type === 'object' ? toValue(body) : {}) as Record<string, TerraformValue>;
        const policies: Record<string, PolicyText | undefined> = {};
        for (const attr of ['policy', 'assume_role_policy']) {
          const node = prop(body, attr);
          const document = byPath.get(JSON.stringify(['resource', type, name, attr]));
          if (node && document) policies[attr] = { document, text, baseOffset: 0, location: { file, range: rangeOf(node) } };
        }
        resources.push({ type, name, attributes, policies, location: { file, range: rangeOf(nameProp.children![0]) } });
      }
    }
  }
  const policyDocuments = new Map<string, PolicyText>();
  for (const nameProp of prop(prop(root, 'data'), 'aws_iam_policy_document')?.children ?? []) {
    const name = String(nameProp.children?.[0]?.value);
    const document = byPath.get(JSON.stringify(['data', 'aws_iam_policy_document', name]));
    if (document) policyDocuments.set(name, { document, text, baseOffset: 0, location: { file, range: rangeOf(nameProp.children![0]) } });
  }
  return buildTerraformGraph({ file, resources, policyDocuments });
}

function rangeOf(n: Node): TextRange {
  return { start: n.offset, end: n.offset + n.length };
}

function toValue(n: Node): TerraformValue {
  if (n.type === 'object') return Object.fromEntries((n.children ?? []).map((p) => [String(p.children?.[0]?.value), p.children?.[1] ? toValue(p.children[1]) : null]));
  if (n.type === 'array') return (n.children ?? []).map(toValue);
  return (n.value ?? null) as TerraformValue;
}

/** "${aws_iam_user.x.name}", "${aws_iam_user.x["key"].name}" (for_each), "${aws_iam_user.x[0].name}" (count). */
const REF = /^\$\{\s*(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+(?:\["[^"]*"\]|\[\d+\])?)\.([a-z_]+)\s*\}$/;

/** The principal name a resource gives: its literal `name`, else (computed or absent) its resource name. */
function resourceName(r: TerraformResource): string {
  const name = r.attributes.name;
  return typeof name === 'string' && !name.includes('${') ? name : r.name;
}

export function buildTerraformGraph(config: TerraformConfig): PrincipalGraph {
  const builder = new GraphBuilder(config.file, ACCOUNT);
  const byAddress = new Map(config.resources.map((r) => [`${r.type}.${r.name}`, r]));
  const str = (v: TerraformValue | undefined) => (typeof v === 'string' ? v : undefined);
  /**
   * A principal name: literal, or "${aws_iam_user.x.name}" naming a resource of the
   * configuration. Anything else (var.x, a resource not here, a for_each resource without its
   * key) is reported at `r` and not guessed.
   */
  const nameOf = (v: TerraformValue | undefined, r: TerraformResource, attribute: string): string | undefined => {
    const s = str(v);
    if (!s) {
      if (v !== undefined && v !== null) builder.problem(`${where(r)}: ${attribute} is not a name this reader can resolve; not applied`, r.location);
      return undefined;
    }
    const m = REF.exec(s);
    const target = m ? byAddress.get(`${m[2]}.${m[3]}`) : undefined;
    if (target) return resourceName(target);
    if (!s.includes('${')) return s;
    const instances = m && !m[3].includes('[') && config.resources.some((x) => x.type === m[2] && x.name.startsWith(`${m[3]}[`));
    const why = instances ? 'a resource with several instances (for_each/count), not one of them' : m ? 'not defined in this configuration' : 'computed by Terraform';
    builder.problem(`${where(r)}: ${attribute} = ${s.replace(/^\$\{\s*|\s*\}$/g, '')} is ${why}: not resolved, so this is not applied`, r.location);
    return undefined;
  };
  const where = (r: TerraformResource) => `${r.location.file}: ${r.type}.${r.name}`;
  /** A policy ARN: literal, or "${aws_iam_policy.x.arn}" (a policy of this configuration). */
  const arnOf = (v: TerraformValue | undefined): string => {
    const s = str(v) ?? '';
    const m = REF.exec(s);
    if (m && m[2] === 'aws_iam_policy') return `terraform:${config.file}#aws_iam_policy.${m[3]}`;
    return s.replace(/\$\{\s*data\.aws_partition\.[^}]*\}/g, 'aws').replace(/\$\{\s*data\.aws_caller_identity\.[^}]*\}/g, ACCOUNT);
  };
  /** The document of a policy attribute: a JSON string, or "${data.aws_iam_policy_document.x.json}". */
  const policyOf = (r: TerraformResource, attr: string): { policy?: PolicyText; problem?: string } => {
    if (r.policies[attr]) return { policy: r.policies[attr] };
    const s = str(r.attributes[attr]);
    if (s === undefined) return { problem: `no ${attr}` };
    const m = REF.exec(s);
    if (m && m[1] && m[2] === 'aws_iam_policy_document') {
      const doc = config.policyDocuments.get(m[3]);
      return doc ? { policy: doc } : { problem: `data.aws_iam_policy_document.${m[3]} is not in ${config.file}` };
    }
    const read = readPolicyString(s, r.location);
    return read.policy ? { policy: read.policy } : { problem: `${attr} is not a policy document this reader can evaluate (${s.slice(0, 60)})` };
  };
  const list = (v: TerraformValue | undefined): TerraformValue[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
  const tagsOf = (v: TerraformValue | undefined): Record<string, string> => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)])) : {});

  for (const r of config.resources) {
    const a = r.attributes;
    switch (r.type) {
      case 'aws_iam_policy': {
        const { policy, problem } = policyOf(r, 'policy');
        builder.addManagedPolicy({ arn: `terraform:${config.file}#aws_iam_policy.${r.name}`, name: resourceName(r), policy, problem, location: r.location });
        break;
      }
      case 'aws_iam_user':
        if (typeof a.name === 'string' && a.name.includes('${')) builder.problem(`${where(r)}: the name is computed by Terraform (${a.name}): the user is shown as ${r.name}`, r.location);
        builder.addUser({ name: resourceName(r), path: str(a.path), tags: tagsOf(a.tags), boundary: a.permissions_boundary ? arnOf(a.permissions_boundary) : undefined, location: r.location });
        break;
      case 'aws_iam_group':
        builder.addGroup({ name: resourceName(r), location: r.location });
        break;
      case 'aws_iam_role': {
        const trust = policyOf(r, 'assume_role_policy');
        const inline = list(a.inline_policy).flatMap((b, i) => {
          if (!b || typeof b !== 'object' || Array.isArray(b)) return [];
          // An HCL reader gives the documents of inline_policy blocks already read (jsonencode, heredoc).
          const given = r.policies[`inline_policy.${i}`];
          const read = given ? { policy: given, problem: undefined } : typeof b.policy === 'string' ? readPolicyString(b.policy, r.location) : { problem: 'no policy' };
          return [{ name: typeof b.name === 'string' ? b.name : `${r.name}.inline_policy`, policy: read.policy, problem: read.problem, location: r.location }];
        });
        builder.addRole({ name: resourceName(r), path: str(a.path), tags: tagsOf(a.tags), trust: trust.policy, trustProblem: trust.problem, inline, managed: list(a.managed_policy_arns).map(arnOf), boundary: a.permissions_boundary ? arnOf(a.permissions_boundary) : undefined, location: r.location });
        break;
      }
    }
  }
  for (const r of config.resources) {
    const a = r.attributes;
    const inline = () => {
      const { policy, problem } = policyOf(r, 'policy');
      return { name: str(a.name) ?? r.name, policy, problem, location: r.location };
    };
    switch (r.type) {
      case 'aws_iam_user_policy':
        builder.inlineToUser(nameOf(a.user, r, 'user'), inline());
        break;
      case 'aws_iam_group_policy':
        builder.inlineToGroup(nameOf(a.group, r, 'group'), inline());
        break;
      case 'aws_iam_role_policy':
        builder.inlineToRole(nameOf(a.role, r, 'role'), inline());
        break;
      case 'aws_iam_user_policy_attachment':
        builder.attachToUser(nameOf(a.user, r, 'user'), arnOf(a.policy_arn));
        break;
      case 'aws_iam_group_policy_attachment':
        builder.attachToGroup(nameOf(a.group, r, 'group'), arnOf(a.policy_arn));
        break;
      case 'aws_iam_role_policy_attachment':
        builder.attachToRole(nameOf(a.role, r, 'role'), arnOf(a.policy_arn));
        break;
      case 'aws_iam_policy_attachment':
        for (const u of list(a.users)) builder.attachToUser(nameOf(u, r, 'users'), arnOf(a.policy_arn));
        for (const g of list(a.groups)) builder.attachToGroup(nameOf(g, r, 'groups'), arnOf(a.policy_arn));
        for (const x of list(a.roles)) builder.attachToRole(nameOf(x, r, 'roles'), arnOf(a.policy_arn));
        break;
      case 'aws_iam_user_group_membership': {
        const user = nameOf(a.user, r, 'user');
        for (const g of list(a.groups)) builder.addUserToGroup(user, nameOf(g, r, 'groups'));
        break;
      }
      case 'aws_iam_group_membership': {
        const group = nameOf(a.group, r, 'group');
        for (const u of list(a.users)) builder.addUserToGroup(nameOf(u, r, 'users'), group);
        break;
      }
      case 'aws_iam_user_login_profile':
        builder.addCredential(nameOf(a.user, r, 'user'), 'console-password');
        break;
      case 'aws_iam_access_key':
        // status defaults to "Active"; a computed one may be active.
        builder.addCredential(nameOf(a.user, r, 'user'), a.status === 'Inactive' ? 'inactive-key' : 'active-key');
        break;
    }
  }
  return builder.finish();
}
