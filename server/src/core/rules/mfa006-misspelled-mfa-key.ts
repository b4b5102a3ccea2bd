// MFA006: a condition key that was meant to be an MFA key but is not one.
import { evaluateKey } from '../analysis/conditions';
import { misspelledMfaKey } from '../analysis/mfaKeys';
import { CONTEXTS } from '../analysis/contexts';
import { parseOperator } from '../analysis/operators';
import type { PolicyRule } from './rule';

/** What MFA006 findings carry for the fix and the hover. */
export type Mfa006Data = {
  readonly key: string;
  readonly suggestedKey?: string;
};

export const mfa006: PolicyRule<Mfa006Data> = {
  id: 'MFA006',
  title: 'Unknown or misspelled MFA condition key',
  defaultSeverity: 'error',
  enabledByDefault: true,
  source: 'IAM User Guide, AWS global condition context keys',
  check(policy, report) {
    for (const s of policy.statements) {
      for (const op of s.node.condition?.operators ?? []) {
        for (const key of op.keys) {
          const meant = misspelledMfaKey(key.name);
          if (!meant) continue;
          // The key is absent from every request, so the outcome is the same in every context.
          const info = parseOperator(op.name);
          const outcome = info && evaluateKey(info, key, CONTEXTS['access-key']) === 'holds' ? 'always matches' : 'never matches';
          report({
            range: key.nameRange,
            statementIndex: s.node.index,
            message: `"${key.name}" is not a condition key: no request carries it, so "${op.name}" ${outcome} and this ${s.effect ?? 'statement'} does not check MFA at all. Did you mean "${meant}"?`,
            data: { key: key.name, suggestedKey: meant },
          });
        }
      }
    }
  },
};
