// MFA005: a Deny that applies only with MFA, or an Allow that applies only without it.
import { mfaKeyKind } from '../analysis/mfaKeys';
import type { AnalyzedStatement } from '../analysis/policyAnalysis';
import type { PolicyRule } from './rule';

/** What MFA005 findings carry for the fix and the hover. */
export type Mfa005Data = {
  readonly effect?: string;
  readonly operator?: string;
  readonly key: string;
  readonly values: readonly (string | number | boolean | null)[];
};

export const mfa005: PolicyRule<Mfa005Data> = {
  id: 'MFA005',
  title: 'Inverted MFA logic',
  defaultSeverity: 'error',
  enabledByDefault: true,
  check(policy, report) {
    for (const s of policy.statements) {
      if (s.role !== 'inverted-deny' && s.role !== 'inverted-allow') continue;
      const key = s.mfaKeys.find((k) => mfaKeyKind(k.name)) ?? s.mfaKeys[0];
      const op = operatorOf(s, key.name);
      report({
        range: op?.nameRange ?? key.nameRange,
        statementIndex: s.node.index,
        message:
          s.role === 'inverted-deny'
            ? `This Deny applies to MFA-authenticated requests ("${op?.name}" on ${key.name})${s.verdicts['access-key'].kind === 'fails' && s.verdicts['no-mfa-session'].kind === 'fails' ? ' and to nothing else: it punishes the users who use MFA and does nothing against long-term access keys or sessions without MFA' : ': it denies the users who use MFA, and misses some requests without it'}. Flip the value or the operator.`
            : `This Allow applies only to requests without MFA ("${op?.name}" on ${key.name}): it grants its actions to stolen long-term keys and sessions without MFA, and not to MFA sessions. Flip the value or the operator.`,
        data: { effect: s.effect, operator: op?.name, key: key.name, values: key.values.map((v) => v.value) },
      });
    }
  },
};

function operatorOf(s: AnalyzedStatement, keyName: string) {
  return s.node.condition?.operators.find((op) => op.keys.some((k) => k.name === keyName));
}
