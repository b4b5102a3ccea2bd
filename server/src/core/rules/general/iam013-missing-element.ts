// IAM013: a statement without Effect, or without Action/NotAction.
import { didYouMean } from '../../catalog/didYouMean';
import type { PolicyRule } from '../rule';

const KNOWN_ELEMENTS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];

/** What IAM013 findings carry for the fix and the hover. */
export type Iam013Data = {
  readonly element: string;
  readonly suggestion?: string;
};

export const iam013: PolicyRule<Iam013Data> = {
  id: 'IAM013',
  title: 'Missing or unknown statement element',
  defaultSeverity: 'error',
  enabledByDefault: true,
  check(policy, report) {
    for (const s of policy.statements) {
      const start = { start: s.node.range.start, end: s.node.range.start + 1 };
      const present = (name: string) => s.node.elements.some((e) => e.value === name);
      if (!present('Effect')) {
        report({ range: start, statementIndex: s.node.index, message: 'This statement has no "Effect": add "Effect": "Allow" or "Effect": "Deny".' });
      }
      // A fragment copied from the docs may show only Effect and Condition; it is analysed as covering every action.
      if (!present('Action') && !present('NotAction') && policy.policy.shape !== 'statement-fragment') {
        report({ range: start, statementIndex: s.node.index, message: 'This statement has neither "Action" nor "NotAction", so it matches no request.' });
      }
      for (const element of s.node.elements) {
        if (KNOWN_ELEMENTS.includes(element.value)) continue;
        const suggestion = didYouMean(element.value, KNOWN_ELEMENTS);
        report({
          range: element.range,
          statementIndex: s.node.index,
          message: `"${element.value}" is not a statement element; IAM rejects the policy.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
          data: { element: element.value, suggestion },
        });
      }
    }
  },
};

