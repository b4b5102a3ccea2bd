// MFA012: a Deny named for MFA that has no MFA condition, so it also denies MFA sessions.
import type { PolicyRule } from './rule';

const PROMISES_MFA = /(unless|ifno|if_no|without|notusing|not_using|nonmfa|non_mfa|no)[-_]?mfa|mfa[-_]?(required|only|enforce)|(require|enforce|force)[-_]?mfa/i;

/** What MFA012 findings carry for the fix and the hover. */
export type Mfa012Data = {
  readonly sid: string;
  readonly hasCondition: boolean;
};

export const mfa012: PolicyRule<Mfa012Data> = {
  id: 'MFA012',
  title: 'Sid promises MFA but the Deny has no MFA condition',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  source: 'Trek10, DenyIamAccessToOtherAccountsUnlessMFAd (2017)',
  check(policy, report) {
    for (const s of policy.statements) {
      if (s.effect !== 'Deny' || !s.node.sid || s.mfaKeys.length > 0) continue;
      if (!PROMISES_MFA.test(s.node.sid.value)) continue;
      report({
        range: s.node.sid.range,
        statementIndex: s.node.index,
        message: `The Sid "${s.node.sid.value}" promises an MFA condition, but this Deny has none: it denies its actions to MFA-authenticated sessions too. Add "BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}.`,
        data: { sid: s.node.sid.value, hasCondition: !!s.node.condition },
      });
    }
  },
};
