// MFA008: the no-MFA deny also blocks what a user needs to enrol an MFA device.
import { displayAction } from '../analysis/actionSet';
import { describeContexts, NO_MFA_CONTEXTS } from '../analysis/contexts';
import { ENROLMENT_REQUIRED, SELF_SERVICE_ENROLMENT } from '../analysis/mfaSets';
import type { AnalyzedStatement, PolicyAnalysis } from '../analysis/policyAnalysis';
import { entries, listActions, statementLabel } from './helpers';
import type { FindingDraft, PolicyRule } from './rule';

/** What MFA008 findings carry for the fix and the hover. */
export type Mfa008Data = {
  readonly blockedActions: readonly string[];
  readonly deliberate: boolean;
  readonly usesNotAction: boolean;
  /** Set when an Allow is the cause: it grants enrolment only with MFA, or never grants one of the actions. */
  readonly via?: 'allow' | 'missing-grant';
};

export const mfa008: PolicyRule<Mfa008Data> = {
  id: 'MFA008',
  title: 'Enrolment lockout: users cannot set up MFA',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  source: 'AJ Yawn (2020) on the AWS blog policy; iSEC Partners AWS-recipes (2015)',
  check(policy, report) {
    // A statement computed at deploy time might be the grant; a deny blocks whatever else the policy holds.
    if (!policy.policy.unknownStatements) lockoutThroughAllow(policy, report);
    const mfaDenies = policy.statements.filter((s) => s.effect === 'Deny' && s.mfaKeys.length > 0);
    if (mfaDenies.length === 0) return;
    // Blocked when no no-MFA context leaves it open on the user's own resources.
    const blocked = ENROLMENT_REQUIRED.filter((a) => NO_MFA_CONTEXTS.every((c) => !policy.reachableOnSelf(c).has(a)));
    if (blocked.length === 0) return;
    const blockers = policy.statements.filter(
      // A fragment without an action element is only assumed to cover everything: no lockout claim on that.
      (s) => s.effect === 'Deny' && s.actionElement !== undefined && blocked.some((a) => s.appliesOn('self', a)) && NO_MFA_CONTEXTS.some((c) => s.verdicts[c].kind === 'holds'),
    );
    for (const deny of blockers) {
      const mine = blocked.filter((a) => deny.appliesOn('self', a));
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

const SELF_SERVICE_ACTIONS = [...SELF_SERVICE_ENROLMENT];

/**
 * A self-service policy (it grants enrolment or self-service actions on the caller) whose only
 * grant of an enrolment action requires MFA: nobody can enrol a first device. One that never
 * grants CreateVirtualMFADevice cannot, alone, let users set up a virtual device.
 */
function lockoutThroughAllow(policy: PolicyAnalysis, report: (f: FindingDraft<Mfa008Data>) => void): void {
  // Every action asked here is an iam: one: an Allow of other services' actions only is no grant.
  const allows = policy.statements.filter((s) => s.effect === 'Allow' && s.actionElement !== undefined && s.mayApplyToService('iam'));
  const grants = (s: AnalyzedStatement, a: string) => s.appliesOn('self', a);
  const selfService = allows.filter((s) => SELF_SERVICE_ACTIONS.some((a) => grants(s, a)));
  if (selfService.length === 0) return;
  for (const action of ENROLMENT_REQUIRED) {
    const granting = allows.filter((s) => grants(s, action));
    const withoutMfa = granting.some((s) => NO_MFA_CONTEXTS.some((c) => s.verdicts[c].kind !== 'fails'));
    if (withoutMfa) continue;
    const name = displayAction(action);
    if (granting.length > 0) {
      for (const allow of granting) {
        const entry = entries(allow).find((e) => e.actions.has(action));
        report({
          range: entry?.node.range ?? allow.node.range,
          statementIndex: allow.node.index,
          message: `${statementLabel(allow)} grants ${name} only to MFA-authenticated sessions, and nothing else in the policy grants it without MFA: a new user, who has no MFA device yet, can never enrol one. Grant ${name} in a statement without the MFA condition.`,
          data: { blockedActions: [name], via: 'allow', deliberate: false, usesNotAction: false },
        });
      }
    } else {
      const other = ENROLMENT_REQUIRED.find((a) => a !== action && allows.some((s) => grants(s, a)));
      if (!other) continue;
      const anchor = allows.find((s) => grants(s, other))!;
      const entry = entries(anchor).find((e) => e.actions.has(other));
      report({
        range: entry?.node.range ?? anchor.node.range,
        severity: 'information',
        statementIndex: anchor.node.index,
        message: `This policy grants ${displayAction(other)} but never ${name}: on its own it does not let users ${action.toLowerCase() === 'iam:createvirtualmfadevice' ? 'create a virtual MFA device (hardware and FIDO keys still work)' : 'enable the device they create'}. Another policy must grant ${name} on the user's own resources.`,
        data: { blockedActions: [name], via: 'missing-grant', deliberate: false, usesNotAction: false },
      });
    }
  }
}
