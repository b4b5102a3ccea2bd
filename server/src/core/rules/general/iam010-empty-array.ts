// IAM010: an empty array in Action, Resource … matches nothing.
import type { NoData, PolicyRule } from '../rule';

export const iam010: PolicyRule<NoData> = {
  id: 'IAM010',
  title: 'Empty array',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  check(policy, report) {
    const doc = policy.policy;
    if (doc.statementProperty?.isArray && doc.statements.length === 0 && !doc.unknownStatements) {
      report({ range: doc.statementProperty.keyRange, message: 'The policy has no statements, so it allows and denies nothing.' });
    }
    for (const s of policy.statements) {
      for (const list of [s.node.action, s.node.notAction, s.node.resource, s.node.notResource]) {
        if (!list || !list.isArray || list.values.length > 0 || list.unknownValues > 0) continue;
        report({ range: list.range, statementIndex: s.node.index, message: `"${list.key}" is an empty array, so this statement matches nothing (IAM may reject it).` });
      }
      for (const op of s.node.condition?.operators ?? []) {
        for (const key of op.keys) {
          if (key.values.length === 0) report({ range: key.valueRange, statementIndex: s.node.index, message: `${key.name} has no values, so "${op.name}" cannot match.` });
        }
      }
    }
  },
};
