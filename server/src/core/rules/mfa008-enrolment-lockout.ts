// MFA008: the no-MFA deny also blocks what a user needs to enrol an MFA device.
import { displayAction } from '../analysis/actionSet';
import { describeContexts, NO_MFA_CONTEXTS } from '../analysis/contexts';
import { ENROLMENT_REQUIRED } from '../analysis/mfaSets';
import { entries, listActions, statementLabel } from './helpers';
import type { PolicyRule } from './rule';

/** What MFA008 findings carry for the fix and the hover. */
export type Mfa008Data = {
  readonly blockedActions: readonly string[];
  readonly deliberate: boolean;
  readonly usesNotAction: boolean;
};

export const mfa008: PolicyRule<Mfa008Data> = {
  id: 'MFA008',
  title: 'Enrolment lockout: users cannot set up MFA',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  source: 'AJ Yawn (2020) on the AWS blog policy; iSEC Partners AWS-recipes (2015)',
  check(policy, report) {
    const mfaDenies = policy.statements.filter((s) => s.effect === 'Deny' && s.mfaKeys.length > 0);
    if (mfaDenies.length === 0) return;
    // Blocked when no no-MFA context leaves it open on the user's own resources.
    const blocked = ENROLMENT_REQUIRED.filter((a) => NO_MFA_CONTEXTS.every((c) => !policy.reachableOnSelf(c).has(a)));
    if (blocked.length === 0) return;
    const blockers = policy.statements.filter(
      // A fragment without an action element is only assumed to cover everything: no lockout claim on that.
      (s) => s.effect === 'Deny' && s.actionElement !== undefined && (s.scope === 'all' || s.scope === 'self') && blocked.some((a) => s.actions.has(a)) && NO_MFA_CONTEXTS.some((c) => s.verdicts[c].kind === 'holds'),
    );
    for (const deny of blockers) {
      const mine = blocked.filter((a) => deny.actions.has(a));
      // Denying "*" outright is a choice (an admin enrols devices), not an oversight.
      const deliberate = !deny.usesNotAction && (deny.node.action?.values ?? []).some((v) => v.value === '*');
      const range = deny.usesNotAction ? deny.node.notAction!.keyRange : entries(deny).find((e) => mine.some((a) => e.actions.has(a)))?.node.range ?? deny.node.range;
      const virtualOnly = !mine.includes('iam:EnableMFADevice');
      report({
        range,
        statementIndex: deny.node.index,
        severity: deliberate ? 'information' : 'warning',
        message:
          `${statementLabel(deny)} denies ${listActions(mine)} to ${describeContexts(NO_MFA_CONTEXTS)}: ` +
          (virtualOnly ? 'a user without MFA cannot create a virtual MFA device (hardware and FIDO keys still work). ' : 'a new user can never enrol an MFA device alone. ') +
          (deliberate ? 'The policy denies everything without MFA on purpose, so an administrator must enrol devices.' : deny.usesNotAction ? 'Add them to the NotAction exemption.' : 'A deny that lists the enrolment actions in "Action" instead of exempting them in "NotAction" blocks enrolment and enforces nothing else.'),
        data: { blockedActions: mine.map(displayAction), deliberate, usesNotAction: deny.usesNotAction },
      });
    }
  },
};
