// IAM011: two statements of one policy share a Sid.
import type { NoData, PolicyRule } from '../rule';

export const iam011: PolicyRule<NoData> = {
  id: 'IAM011',
  title: 'Duplicate Sid',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  check(policy, report) {
    const first = new Map<string, (typeof policy.statements)[number]>();
    for (const s of policy.statements) {
      const sid = s.node.sid;
      if (!sid || sid.value === '') continue;
      const earlier = first.get(sid.value);
      if (!earlier) {
        first.set(sid.value, s);
        continue;
      }
      report({
        range: sid.range,
        statementIndex: s.node.index,
        message: `The Sid "${sid.value}" is used twice in this policy; Sids must be unique.`,
        related: [{ range: earlier.node.sid!.range, message: 'first use of this Sid' }],
      });
    }
  },
};
