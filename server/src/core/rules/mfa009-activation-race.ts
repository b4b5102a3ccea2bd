// MFA009: self-enrolment without MFA opens the MFA-activation race. No policy fixes it.
import { NO_MFA_CONTEXTS } from '../analysis/contexts';
import { allowsIn, contextsApplying, entries, mfaDenies } from './helpers';
import type { PolicyRule } from './rule';

const ENABLE = 'iam:enablemfadevice';

/** What MFA009 findings carry for the fix and the hover. */
export type Mfa009Data = {
  readonly entry: string;
};

export const mfa009: PolicyRule<Mfa009Data> = {
  id: 'MFA009',
  title: 'MFA activation race',
  defaultSeverity: 'information',
  enabledByDefault: true,
  restsOnEveryStatement: true,
  source: 'Duo, "Potential Gaps…" gap 3 (2017); Trek10 update note (2017); AWS-2023-001',
  check(policy, report) {
    if (!policy.mentionsMfa) return;
    const open = NO_MFA_CONTEXTS.filter((c) => policy.reachableOnSelf(c).has(ENABLE));
    if (open.length === 0) return;
    const exemption = mfaDenies(policy)
      .filter((d) => d.usesNotAction && contextsApplying(d).some((c) => open.includes(c)))
      .flatMap((d) => entries(d).filter((e) => e.actions.has(ENABLE)).map((e) => ({ statement: d, entry: e })));
    const grant = policy.statements
      .filter((s) => !s.usesNotAction && s.actions.has(ENABLE) && open.some((c) => allowsIn(s, c)))
      .flatMap((s) => entries(s).filter((e) => e.actions.has(ENABLE)).map((e) => ({ statement: s, entry: e })));
    const where = exemption[0] ?? grant[0];
    if (!where) return;
    report({
      range: where.entry.node.range,
      statementIndex: where.statement.node.index,
      message:
        'Users can enrol their own MFA device without MFA, as they must to get started. A stolen access key can loop on CreateVirtualMFADevice/EnableMFADevice and win the race when the owner replaces a device. ' +
        'No policy closes this: alert on failed CreateVirtualMFADevice/EnableMFADevice calls made without MFA in CloudTrail, and rotate access keys before replacing a device.',
      data: { entry: where.entry.node.value },
    });
  },
};
