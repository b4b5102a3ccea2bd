// Fix steps more than one rule uses.
import type { ConditionKeyNode, ConditionOperatorNode, StatementNode, StringNode } from '../model';
import { composeSteps, Fix, FixContext } from './fix';
import { Edit, insertAfterElement, replaceString, setValue, statementPath } from './edits';
import { removeHclListEntry, setHclList } from './hclEdits';

export function fix(context: FixContext, title: string, edits: Edit[], options: { preferred?: boolean; safeForFixAll?: boolean } = {}): Fix[] {
  if (edits.length === 0) return [];
  return [{ title, rule: context.finding.rule, edits, preferred: options.preferred ?? true, safeForFixAll: options.safeForFixAll ?? true }];
}

/** Terraform HCL (jsonencode, aws_iam_policy_document): list edits of its own, no jsonc-parser structure edits. */
export function isHcl(context: FixContext): boolean {
  return context.result.parsed.format === 'hcl';
}

/** The Action/NotAction entry a finding points at. */
export function flaggedEntry(context: FixContext): { node: StringNode; index: number; element: 'Action' | 'NotAction' } | undefined {
  const s = context.statement?.node;
  for (const element of ['NotAction', 'Action'] as const) {
    const list = element === 'NotAction' ? s?.notAction : s?.action;
    const index = list?.values.findIndex((v) => v.range.start === context.finding.range.start) ?? -1;
    if (list && index >= 0) return { node: list.values[index], index, element };
  }
  return undefined;
}

/** Removes one entry from an Action/NotAction array; never empties the element. */
export function removeEntryEdits(context: FixContext): Edit[] {
  const entry = flaggedEntry(context);
  const s = context.statement;
  if (!entry || !s) return [];
  const list = entry.element === 'NotAction' ? s.node.notAction! : s.node.action!;
  if (isHcl(context)) return removeHclListEntry(context.text, list, entry.index);
  if (!context.structural) return [];
  if (!list.isArray || list.values.length < 2) return [];
  return setValue(context.text, statementPath(context.analysis.policy, s.node.index, entry.element, entry.index), undefined);
}

/** Replaces an Action/NotAction element with a list, keeping entries in their order. */
export function setListEdits(context: FixContext, element: 'Action' | 'NotAction', values: readonly string[]): Edit[] {
  const s = context.statement;
  if (!s) return [];
  const list = element === 'NotAction' ? s.node.notAction : s.node.action;
  if (isHcl(context)) return list ? setHclList(context.text, list, values) : [];
  if (!context.structural) return [];
  return setValue(context.text, statementPath(context.analysis.policy, s.node.index, element), values);
}

export function operatorOfKey(statement: StatementNode, range: { start: number }): { op: ConditionOperatorNode; key: ConditionKeyNode } | undefined {
  for (const op of statement.condition?.operators ?? []) {
    if (op.nameRange.start === range.start) return { op, key: op.keys[0] };
    for (const key of op.keys) if (key.nameRange.start === range.start) return { op, key };
  }
  return undefined;
}

/**
 * Puts one condition key under another operator. Alone in its block, the operator is just
 * renamed; sharing the block, the key moves to a block of its own (so the other keys keep
 * their operator).
 */
export function moveKeyToOperator(context: FixContext, op: ConditionOperatorNode, key: ConditionKeyNode, newOperator: string, newValues?: string[]): Edit[] {
  const s = context.statement;
  if (!s) return [];
  if (op.keys.length === 1 && !newValues) return replaceString(op.nameRange, newOperator);
  if (op.keys.length === 1 && newValues && newValues.length === key.values.length) {
    return [...replaceString(op.nameRange, newOperator), ...key.values.flatMap((v, i) => replaceString(v.range, newValues[i]))];
  }
  if (!context.structural) return [];
  const values = newValues ?? key.values.map((v) => (v.value === null ? '' : String(v.value)));
  const base = statementPath(context.analysis.policy, s.node.index, 'Condition');
  return composeSteps(context.text, [
    (t) => setValue(t, [...base, op.name, key.name], undefined),
    (t) => setValue(t, [...base, newOperator, key.name], values.length === 1 ? values[0] : values),
  ]);
}

/** Inserts a new statement right after the finding's statement. */
export function insertStatementAfter(context: FixContext, statement: object): Edit[] {
  const s = context.statement;
  const policy = context.analysis.policy;
  if (!s || !context.structural || policy.shape !== 'document' || !policy.statementProperty?.isArray) return [];
  return insertAfterElement(context.text, s.node.range, statement);
}

/** A Sid not used yet in the policy. */
export function freshSid(context: FixContext, base: string): string {
  const used = new Set(context.analysis.policy.statements.map((s) => s.sid?.value));
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}${i}`)) return `${base}${i}`;
}
