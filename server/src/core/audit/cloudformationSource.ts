// Principals defined in a CloudFormation template (JSON or YAML): AWS::IAM::User (Groups,
// ManagedPolicyArns, Policies, PermissionsBoundary, Path, Tags), AWS::IAM::Group,
// AWS::IAM::Role (AssumeRolePolicyDocument …), AWS::IAM::ManagedPolicy and AWS::IAM::Policy
// (Groups/Users/Roles), AWS::IAM::UserToGroupAddition. References between them ({"Ref"},
// Fn::GetAtt, Fn::Sub with ${AWS::Partition}) are resolved inside the template. Credentials:
// a User's LoginProfile, AWS::IAM::AccessKey (UserName, Status) and AWS::IAM::VirtualMFADevice
// (Users) give the user a console password, access keys and an MFA device.
import type { Node } from 'jsonc-parser';
import { parseTree } from 'jsonc-parser';
import { parseDocument } from '../parse/parseDocument';
import { parseYamlTree } from '../parse/yamlTree';
import type { PolicyDocumentNode } from '../model';
import { prop } from './accountExport';
import { GraphBuilder } from './graphBuilder';
import type { PolicyText, PrincipalGraph } from './model';

const ACCOUNT = '123456789012';

export function readCloudFormation(text: string, file: string): PrincipalGraph {
  const yaml = !/^\s*[{[]/.test(text);
  const root = yaml ? parseYamlTree(text).root : parseTree(text, [], { allowTrailingComma: true });
  const builder = new GraphBuilder(file, ACCOUNT);
  const resources = prop(root, 'Resources');
  if (!resources || resources.type !== 'object') return builder.graph;
  const parsed = parseDocument(text, { format: yaml ? 'yaml' : 'json' });
  const byPath = new Map<string, PolicyDocumentNode>(parsed.policies.map((p) => [JSON.stringify(p.path), p]));
  const policyAt = (node: Node | undefined, path: (string | number)[]): PolicyText | undefined => {
    const document = byPath.get(JSON.stringify(path));
    if (!document || !node) return undefined;
    return { document, text, baseOffset: 0, location: { file, range: { start: node.offset, end: node.offset + node.length } } };
  };

  const entries = (resources.children ?? []).map((p) => ({ id: String(p.children?.[0]?.value), key: p.children?.[0], body: p.children?.[1] }));
  const typeOf = (id: string) => String(prop(entries.find((e) => e.id === id)?.body, 'Type')?.value ?? '');
  const nameOf = (id: string) => {
    const e = entries.find((x) => x.id === id);
    const props = prop(e?.body, 'Properties');
    const literal = (key: string) => (prop(props, key)?.type === 'string' ? String(prop(props, key)!.value) : undefined);
    return literal('UserName') ?? literal('GroupName') ?? literal('RoleName') ?? literal('ManagedPolicyName') ?? id;
  };
  /** A reference to a resource of the template: its logical id. */
  const refOf = (node: Node | undefined): string | undefined => {
    if (!node || node.type !== 'object' || node.children?.length !== 1) return undefined;
    const [k, v] = node.children[0].children ?? [];
    if (k?.value === 'Ref' && v?.type === 'string') return String(v.value);
    if (k?.value === 'Fn::GetAtt') {
      if (v?.type === 'array') return v.children?.[0]?.type === 'string' ? String(v.children[0].value) : undefined;
      if (v?.type === 'string') return String(v.value).split('.')[0];
    }
    return undefined;
  };
  /** A principal name: a literal, or a Ref to a user/group/role of the template. */
  const principalName = (node: Node | undefined): string | undefined => {
    if (node?.type === 'string') return String(node.value);
    const ref = refOf(node);
    return ref && entries.some((e) => e.id === ref) ? nameOf(ref) : undefined;
  };
  /** A managed policy: an ARN (Fn::Sub of the partition resolved) or a policy of the template. */
  const policyRef = (node: Node | undefined): string | undefined => {
    if (node?.type === 'string') return String(node.value);
    const ref = refOf(node);
    if (ref && typeOf(ref) === 'AWS::IAM::ManagedPolicy') return `template:${file}#${ref}`;
    if (node?.type === 'object' && node.children?.length === 1) {
      const [k, v] = node.children[0].children ?? [];
      const template = k?.value === 'Fn::Sub' ? (v?.type === 'string' ? v : v?.children?.[0]) : undefined;
      if (template?.type === 'string') return String(template.value).replace(/\$\{AWS::Partition\}/g, 'aws').replace(/\$\{AWS::AccountId\}/g, ACCOUNT);
    }
    return undefined;
  };
  const list = (node: Node | undefined): Node[] => (node?.type === 'array' ? (node.children ?? []) : node ? [node] : []);

  // Managed policies first: principals refer to them.
  for (const e of entries) {
    const type = String(prop(e.body, 'Type')?.value ?? '');
    if (type !== 'AWS::IAM::ManagedPolicy' && type !== 'AWS::IAM::Policy') continue;
    const props = prop(e.body, 'Properties');
    const path = ['Resources', e.id, 'Properties', 'PolicyDocument'];
    const policy = policyAt(prop(props, 'PolicyDocument'), path);
    const problem = policy ? undefined : 'the PolicyDocument could not be read';
    const location = e.key ? { file, range: { start: e.key.offset, end: e.key.offset + e.key.length } } : undefined;
    if (type === 'AWS::IAM::ManagedPolicy') {
      const key = `template:${file}#${e.id}`;
      builder.addManagedPolicy({ arn: key, name: nameOf(e.id), policy, problem, location });
      for (const g of list(prop(props, 'Groups'))) builder.attachToGroup(principalName(g), key);
      for (const u of list(prop(props, 'Users'))) builder.attachToUser(principalName(u), key);
      for (const r of list(prop(props, 'Roles'))) builder.attachToRole(principalName(r), key);
    } else {
      const name = prop(props, 'PolicyName')?.type === 'string' ? String(prop(props, 'PolicyName')!.value) : e.id;
      const inline = { name, policy, problem, location };
      for (const g of list(prop(props, 'Groups'))) builder.inlineToGroup(principalName(g), inline);
      for (const u of list(prop(props, 'Users'))) builder.inlineToUser(principalName(u), inline);
      for (const r of list(prop(props, 'Roles'))) builder.inlineToRole(principalName(r), inline);
    }
  }

  for (const e of entries) {
    const type = String(prop(e.body, 'Type')?.value ?? '');
    const props = prop(e.body, 'Properties');
    const location = e.key ? { file, range: { start: e.key.offset, end: e.key.offset + e.key.length } } : undefined;
    const inlinePolicies = () =>
      list(prop(props, 'Policies')).map((p, i) => {
        const policy = policyAt(prop(p, 'PolicyDocument'), ['Resources', e.id, 'Properties', 'Policies', i, 'PolicyDocument']);
        const name = prop(p, 'PolicyName')?.type === 'string' ? String(prop(p, 'PolicyName')!.value) : `${e.id}.Policies[${i}]`;
        return { name, policy, problem: policy ? undefined : 'the PolicyDocument could not be read', location: { file, range: { start: p.offset, end: p.offset + p.length } } };
      });
    const managed = () => list(prop(props, 'ManagedPolicyArns')).map((n) => policyRef(n) ?? `unresolved:${file}#${e.id}`);
    const boundary = prop(props, 'PermissionsBoundary') ? (policyRef(prop(props, 'PermissionsBoundary')) ?? `unresolved:${file}#${e.id}.PermissionsBoundary`) : undefined;
    const path = prop(props, 'Path')?.type === 'string' ? String(prop(props, 'Path')!.value) : '/';
    const tags = Object.fromEntries(list(prop(props, 'Tags')).flatMap((t) => (prop(t, 'Key')?.type === 'string' ? [[String(prop(t, 'Key')!.value), String(prop(t, 'Value')?.value ?? '')]] : [])));
    if (type === 'AWS::IAM::User') {
      builder.addUser({ name: nameOf(e.id), path, tags, groups: list(prop(props, 'Groups')).map(principalName).filter((g): g is string => !!g), inline: inlinePolicies(), managed: managed(), boundary, location });
      if (prop(props, 'LoginProfile')) builder.addCredential(nameOf(e.id), 'console-password');
    } else if (type === 'AWS::IAM::AccessKey') {
      // Status defaults to Active; anything but a literal Inactive may be active.
      const status = prop(props, 'Status');
      builder.addCredential(principalName(prop(props, 'UserName')), status?.type === 'string' && status.value === 'Inactive' ? 'inactive-key' : 'active-key');
    } else if (type === 'AWS::IAM::VirtualMFADevice') {
      for (const u of list(prop(props, 'Users'))) builder.addCredential(principalName(u), 'mfa-device');
    } else if (type === 'AWS::IAM::Group') {
      builder.addGroup({ name: nameOf(e.id), inline: inlinePolicies(), managed: managed(), location });
    } else if (type === 'AWS::IAM::Role') {
      const trustNode = prop(props, 'AssumeRolePolicyDocument');
      const trust = policyAt(trustNode, ['Resources', e.id, 'Properties', 'AssumeRolePolicyDocument']);
      builder.addRole({ name: nameOf(e.id), path, tags, trust, trustProblem: trust ? undefined : 'the AssumeRolePolicyDocument could not be read', inline: inlinePolicies(), managed: managed(), boundary, location });
    } else if (type === 'AWS::IAM::UserToGroupAddition') {
      const group = principalName(prop(props, 'GroupName'));
      for (const u of list(prop(props, 'Users'))) builder.addUserToGroup(principalName(u), group);
    }
  }
  return builder.finish();
}
