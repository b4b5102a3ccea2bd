// IAM012: an aws: condition key that is not a global condition key.
import { misspelledMfaKey } from '../../analysis/mfaKeys';
import { findConditionKey, globalConditionKeys } from '../../catalog/catalog';
import { didYouMean } from '../../catalog/didYouMean';
import type { PolicyRule } from '../rule';

/** What IAM012 findings carry for the fix and the hover. */
export type Iam012Data = {
  readonly key: string;
  readonly suggestion?: string;
};

export const iam012: PolicyRule<Iam012Data> = {
  id: 'IAM012',
  title: 'Unknown global condition key',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  check(policy, report) {
    let suggestionsLeft = 500; // each costs an edit distance to every global key
    for (const s of policy.statements) {
      for (const op of s.node.condition?.operators ?? []) {
        for (const key of op.keys) {
          if (!key.name.toLowerCase().startsWith('aws:') || findConditionKey(key.name) || misspelledMfaKey(key.name)) continue;
          const suggestion = suggestionsLeft-- > 0 ? didYouMean(key.name, globalConditionKeys().map((k) => k.name)) : undefined;
          report({
            range: key.nameRange,
            statementIndex: s.node.index,
            message: `"${key.name}" is not an AWS global condition key, so no request carries it.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
            data: { key: key.name, suggestion },
          });
        }
      }
    }
  },
};
