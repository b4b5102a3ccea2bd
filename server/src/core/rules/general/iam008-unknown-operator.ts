// IAM008: a condition operator IAM does not have.
import { OPERATOR_NAMES, parseOperator } from '../../analysis/operators';
import { didYouMean } from '../../catalog/didYouMean';
import type { PolicyRule } from '../rule';

const ALL_FORMS = OPERATOR_NAMES.flatMap((n) => (n === 'Null' ? [n] : [n, n + 'IfExists']));

/** What IAM008 findings carry for the fix and the hover. */
export type Iam008Data = {
  readonly operator: string;
  readonly suggestion?: string;
};

export const iam008: PolicyRule<Iam008Data> = {
  id: 'IAM008',
  title: 'Unknown condition operator',
  defaultSeverity: 'error',
  enabledByDefault: true,
  check(policy, report) {
    for (const s of policy.statements) {
      for (const op of s.node.condition?.operators ?? []) {
        if (parseOperator(op.name)) continue;
        const qualifier = op.name.includes(':') ? op.name.slice(0, op.name.indexOf(':') + 1) : '';
        const base = op.name.slice(qualifier.length);
        const suggestion = didYouMean(base, ALL_FORMS);
        report({
          range: op.nameRange,
          statementIndex: s.node.index,
          message: `"${op.name}" is not an IAM condition operator; IAM rejects the policy.${suggestion ? ` Did you mean "${qualifier}${suggestion}"?` : ''}`,
          data: { operator: op.name, suggestion: suggestion && qualifier + suggestion },
        });
      }
    }
  },
};
