// IAM005: a statement may have Action or NotAction, not both.
import type { NoData, PolicyRule } from '../rule';

export const iam005: PolicyRule<NoData> = {
  id: 'IAM005',
  title: 'Action and NotAction together',
  defaultSeverity: 'error',
  enabledByDefault: true,
  check(policy, report) {
    for (const s of policy.statements) {
      const { action, notAction, resource, notResource } = s.node;
      if (action && notAction) {
        report({ range: notAction.keyRange, statementIndex: s.node.index, message: 'A statement cannot have both "Action" and "NotAction"; IAM rejects the policy. Keep one.' });
      }
      if (resource && notResource) {
        report({ range: notResource.keyRange, statementIndex: s.node.index, message: 'A statement cannot have both "Resource" and "NotResource"; IAM rejects the policy. Keep one.' });
      }
    }
  },
};
