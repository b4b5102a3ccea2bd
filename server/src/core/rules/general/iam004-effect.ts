// IAM004: Effect must be exactly "Allow" or "Deny".
import { didYouMean } from '../../catalog/didYouMean';
import type { PolicyRule } from '../rule';

/** What IAM004 findings carry for the fix and the hover. */
export type Iam004Data = {
  /** "Allow"/"Deny" when the value is one of them in another case. */
  readonly suggestion?: string;
};

export const iam004: PolicyRule<Iam004Data> = {
  id: 'IAM004',
  title: 'Effect must be Allow or Deny',
  defaultSeverity: 'error',
  enabledByDefault: true,
  check(policy, report) {
    for (const s of policy.statements) {
      const effect = s.node.effect;
      if (!effect || effect.value === 'Allow' || effect.value === 'Deny') continue;
      const suggestion = didYouMean(effect.value, ['Allow', 'Deny']);
      report({
        range: effect.range,
        statementIndex: s.node.index,
        message: `"${effect.value}" is not a valid Effect: use "Allow" or "Deny" (case-sensitive).${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
        data: { suggestion },
      });
    }
  },
};
