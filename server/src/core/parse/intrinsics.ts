// CloudFormation intrinsic functions inside policy values ({"Fn::Sub": …}, {"Ref": …}):
// values the analysis cannot know. They are never a type error and never a false alarm.
import type { Node } from 'jsonc-parser';

export interface Intrinsic {
  /** "Ref", "Fn::Sub", "Fn::If" … */
  readonly name: string;
  /** For Fn::Sub, the template with `${!Literal}` escapes resolved to `${Literal}`. */
  readonly template?: string;
}

/**
 * A value another reader could not know (a Terraform `var.x`, `local.y`, resource attribute,
 * `for` expression or interpolation): a node with no children that says what it was.
 */
export interface UnknownValueNode extends Node {
  readonly unknownExpression: string;
}

export function unknownValue(offset: number, length: number, expression: string): UnknownValueNode {
  return { type: 'object', offset, length, children: [], unknownExpression: expression };
}

export function intrinsicValue(node: Node): Intrinsic | undefined {
  const unknown = (node as Partial<UnknownValueNode>).unknownExpression;
  if (unknown !== undefined) return { name: unknown };
  if (node.type !== 'object' || node.children?.length !== 1) return undefined;
  const [key, value] = node.children[0].children ?? [];
  const name = String(key?.value);
  if (name !== 'Ref' && name !== 'Condition' && !name.startsWith('Fn::')) return undefined;
  // CloudFormation's Condition names a condition ({"Condition": "IsProd"}); {"Condition": {…}} is
  // an IAM Condition element, as in a statement that holds nothing else.
  if (name === 'Condition' && value?.type === 'object') return undefined;
  if (name !== 'Fn::Sub') return { name };
  const templateNode = value?.type === 'string' ? value : value?.type === 'array' && value.children?.[0]?.type === 'string' ? value.children[0] : undefined;
  return { name, template: templateNode ? String(templateNode.value).replace(/\$\{!/g, '${') : undefined };
}
