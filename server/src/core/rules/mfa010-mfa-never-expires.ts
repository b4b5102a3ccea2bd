// MFA010: MFA is required but an MFA session is good forever (off by default).
import { mfaKeyKind } from '../analysis/mfaKeys';
import { parseOperator } from '../analysis/operators';
import type { PolicyRule } from './rule';

/** What MFA010 findings carry for the fix and the hover. */
export type Mfa010Data = {
  readonly suggestedMaxAgeSeconds: number;
};

export const mfa010: PolicyRule<Mfa010Data> = {
  id: 'MFA010',
  title: 'MFA never expires',
  defaultSeverity: 'hint',
  enabledByDefault: false,
  restsOnEveryStatement: true,
  source: 'iSEC Partners, "Use and enforce MFA" (2015)',
  check(policy, report) {
    const mfaStatements = policy.statements.filter((s) => s.role === 'mfa-deny' || s.role === 'mfa-allow');
    if (mfaStatements.length === 0) return;
    const bounded = policy.statements.some((s) =>
      (s.node.condition?.operators ?? []).some((op) => parseOperator(op.name)?.family === 'Numeric' && op.keys.some((k) => mfaKeyKind(k.name) === 'age')),
    );
    if (bounded) return;
    const first = mfaStatements[0];
    const op = first.node.condition!.operators.find((o) => o.keys.some((k) => mfaKeyKind(k.name))) ?? first.node.condition!.operators[0];
    report({
      range: op.nameRange,
      statementIndex: first.node.index,
      message: 'MFA is required, but an MFA session never has to be renewed: nothing bounds aws:MultiFactorAuthAge. Add a Deny with "NumericGreaterThanIfExists": {"aws:MultiFactorAuthAge": "28800"} (8 hours).',
      data: { suggestedMaxAgeSeconds: 28800 },
    });
  },
};
