// IAM006: the service prefix of an action is not an AWS service (or malformed).
import { rememberedDidYouMean } from '../../catalog/didYouMean';
import type { PolicyRule } from '../rule';
import { isKnownService, servicePrefixes, unlistedActionNames } from './actionNames';

/** What IAM006 findings carry for the fix and the hover. */
export type Iam006Data = {
  readonly service: string;
  readonly suggestion?: string;
};

export const iam006: PolicyRule<Iam006Data> = {
  id: 'IAM006',
  title: 'Unknown service prefix',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  check(policy, report) {
    let suggestionsLeft = 500; // each costs an edit distance to 456 prefixes
    for (const s of policy.statements) {
      for (const list of [s.node.action, s.node.notAction]) {
        for (const node of list?.values ?? []) {
          if (node.value === '*' || node.value.includes(':')) continue;
          report({ range: node.range, statementIndex: s.node.index, message: `"${node.value}" is not an action: write it as "service:Action" (for example "iam:GetUser"), or "*".` });
        }
      }
      for (const name of unlistedActionNames(s)) {
        if (isKnownService(name.service)) continue;
        const suggestion = suggestionsLeft-- > 0 ? rememberedDidYouMean(name.service, 'service prefixes', servicePrefixes) : undefined;
        report({
          range: name.node.range,
          statementIndex: s.node.index,
          message: `"${name.service}" is not a known AWS service prefix, so "${name.node.value}" matches nothing.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
          data: { service: name.service, suggestion: suggestion && `${suggestion}:${name.action}` },
        });
      }
    }
  },
};
