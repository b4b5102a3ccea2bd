// IAM003: Version missing or 2008-10-17, where policy variables are not substituted.
import type { PolicyRule } from '../rule';

const VARIABLE = /\$\{[^}]+\}/;

function hasVariable(values: readonly { readonly value: string }[] | undefined): boolean {
  return values !== undefined && values.some((v) => VARIABLE.test(v.value));
}

/** What IAM003 findings carry for the fix and the hover. */
export type Iam003Data = {
  readonly suggestedVersion: string;
};

export const iam003: PolicyRule<Iam003Data> = {
  id: 'IAM003',
  title: 'Version missing or outdated',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  check(policy, report) {
    const doc = policy.policy;
    if (doc.shape !== 'document') return;
    const usesVariables = doc.statements.some(
      (s) =>
        hasVariable(s.resource?.values) ||
        hasVariable(s.notResource?.values) ||
        (s.condition?.operators ?? []).some((op) => op.keys.some((k) => k.values.some((v) => typeof v.value === 'string' && VARIABLE.test(v.value)))),
    );
    const severity = usesVariables ? 'error' : 'warning';
    const variableNote = usesVariables ? ' This policy uses policy variables such as ${aws:username}, which only "2012-10-17" substitutes: they are matched literally.' : '';
    if (!doc.version) {
      report({ range: doc.statementProperty?.keyRange ?? doc.range, severity, message: `The policy has no "Version", so IAM reads it as "2008-10-17".${variableNote} Add "Version": "2012-10-17".`, data: { suggestedVersion: '2012-10-17' } });
    } else if (doc.version.value === '2008-10-17') {
      report({ range: doc.version.range, severity, message: `"2008-10-17" is the old policy language version.${variableNote} Use "2012-10-17".`, data: { suggestedVersion: '2012-10-17' } });
    } else if (doc.version.value !== '2012-10-17') {
      report({ range: doc.version.range, severity: 'error', message: `"${doc.version.value}" is not a policy language version; IAM accepts "2012-10-17" (current) and "2008-10-17".`, data: { suggestedVersion: '2012-10-17' } });
    }
  },
};
