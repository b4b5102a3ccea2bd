// Terraform's `aws_iam_policy_document` data source in JSON syntax (*.tf.json):
//   {"data": {"aws_iam_policy_document": {"x": {"statement": [{"effect": "Deny",
//     "not_actions": [...], "condition": [{"test": "Bool", "variable": "…", "values": [...]}]}]}}}}
// rebuilt as the IAM JSON shape the policy reader knows, from the same nodes, so every finding
// lands on the Terraform text ("not_actions", the "test" value …).
import type { Node } from 'jsonc-parser';
import { intrinsicValue } from './intrinsics';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const ELEMENTS: Record<string, string> = {
  sid: 'Sid',
  effect: 'Effect',
  actions: 'Action',
  not_actions: 'NotAction',
  resources: 'Resource',
  not_resources: 'NotResource',
  principals: 'Principal',
  not_principals: 'NotPrincipal',
};

/** The policy documents of an `aws_iam_policy_document` object: one per named block. */
export function terraformPolicyDocuments(dataSource: Node): { name: string; policy: Node }[] {
  const out: { name: string; policy: Node }[] = [];
  for (const block of dataSource.children ?? []) {
    const [name, value] = block.children ?? [];
    // A block is an object, or (as Terraform also writes it) an array of one object.
    const bodies = value?.type === 'array' ? (value.children ?? []) : value ? [value] : [];
    for (const body of bodies) if (body.type === 'object') out.push({ name: String(name?.value), policy: asPolicy(body) });
  }
  return out;
}

function asPolicy(body: Node): Node {
  const policy = object(body);
  const version = property(body, 'version');
  // The data source's default version is 2012-10-17.
  const implicit: Node = { type: 'string', offset: body.offset, length: 1, value: '2012-10-17' };
  if (version) addProperty(policy, version.key, 'Version', version.value);
  else addProperty(policy, implicit, 'Version', implicit);
  const statements = property(body, 'statement');
  if (statements) {
    const array: Mutable<Node> = { type: 'array', offset: statements.value.offset, length: statements.value.length, children: [] };
    const items = statements.value.type === 'array' ? (statements.value.children ?? []) : [statements.value];
    // A statement Terraform computes (a dynamic block without content) stays unknown: the policy reader records it.
    for (const item of items) if (item.type === 'object') attach(array, intrinsicValue(item) ? { ...item } : asStatement(item));
    addProperty(policy, statements.key, 'Statement', array);
  }
  return policy;
}

function asStatement(item: Node): Node {
  const statement = object(item);
  for (const prop of item.children ?? []) {
    const [key, value] = prop.children ?? [];
    if (!key || !value) continue;
    const name = String(key.value);
    if (name === 'condition') addProperty(statement, key, 'Condition', asCondition(value));
    // Own keys only: a block element named "constructor" or "__proto__" is just a name.
    else addProperty(statement, key, Object.prototype.hasOwnProperty.call(ELEMENTS, name) ? ELEMENTS[name] : name, value);
  }
  // Terraform's default effect is Allow: read it so, at the statement's first character.
  if (!property(item, 'effect')) {
    const at: Node = { type: 'string', offset: item.offset, length: 1, value: 'Allow' };
    addProperty(statement, at, 'Effect', at);
  }
  return statement;
}

/** condition blocks [{test, variable, values}] -> {test: {variable: values}}, keyed by the value nodes. */
function asCondition(value: Node): Node {
  const condition = object(value);
  const blocks = value.type === 'array' ? (value.children ?? []) : [value];
  // Blocks with the same test become one operator with several keys, as in IAM JSON.
  const byOperator = new Map<string, { test: Node; operator: Mutable<Node> }>();
  for (const block of blocks) {
    const test = property(block, 'test')?.value;
    const variable = property(block, 'variable')?.value;
    const values = property(block, 'values')?.value;
    if (!test || test.type !== 'string' || !variable || variable.type !== 'string' || !values) continue;
    let entry = byOperator.get(String(test.value));
    if (!entry) {
      entry = { test, operator: object(block) };
      byOperator.set(String(test.value), entry);
    }
    addProperty(entry.operator, variable, String(variable.value), values);
  }
  // Added once complete: addProperty copies the value it is given.
  for (const [name, { test, operator }] of byOperator) addProperty(condition, test, name, operator);
  return condition;
}

function object(from: Node): Mutable<Node> {
  return { type: 'object', offset: from.offset, length: from.length, children: [] };
}

function property(obj: Node, name: string): { key: Node; value: Node } | undefined {
  for (const prop of obj.children ?? []) {
    const [key, value] = prop.children ?? [];
    if (key && value && key.value === name) return { key, value };
  }
  return undefined;
}

/** A property named `name` whose key has the range of `keyNode` (the Terraform key or value). */
function addProperty(obj: Mutable<Node>, keyNode: Node, name: string, value: Node): void {
  const start = Math.min(keyNode.offset, value.offset);
  const end = Math.max(keyNode.offset + keyNode.length, value.offset + value.length);
  const prop: Mutable<Node> = { type: 'property', offset: start, length: end - start, parent: obj, children: [] };
  const key: Node = { type: 'string', offset: keyNode.offset, length: keyNode.length, value: name, parent: prop };
  // The value keeps its own node; only its parent link is the new property (a copy, so the
  // Terraform tree is left as it was).
  prop.children = [key, withoutTemplateEscapes(value, prop)];
  obj.children!.push(prop);
}

/**
 * A copy of a value with Terraform's template escapes resolved: "$${aws:username}" is how a
 * Terraform file writes the IAM policy variable ${aws:username}; the data source also reads
 * "&{aws:username}" as ${aws:username} (the AWS provider's own alternative to the escape).
 */
function withoutTemplateEscapes(node: Node, parent: Node): Node {
  const copy: Mutable<Node> = { ...node, parent };
  if (typeof node.value === 'string') copy.value = node.value.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{').replace(/&\{/g, '${');
  if (node.children) copy.children = node.children.map((child) => withoutTemplateEscapes(child, copy));
  return copy;
}

function attach(array: Mutable<Node>, item: Node): void {
  (item as Mutable<Node>).parent = array;
  array.children!.push(item);
}
