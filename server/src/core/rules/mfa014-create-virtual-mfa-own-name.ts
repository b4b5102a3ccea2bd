// MFA014: CreateVirtualMFADevice only on mfa/${aws:username} breaks enrolment since multi-MFA (Nov 2022).
import { expandActionPattern } from '../analysis/actionSet';
import { NO_MFA_CONTEXTS } from '../analysis/contexts';
import type { PolicyRule } from './rule';

const CREATE = 'iam:createvirtualmfadevice';
const OWN_NAME_ONLY = /:mfa\/\$\{aws:username\}$/i;

/** What MFA014 findings carry for the fix and the hover. */
export type Mfa014Data = 
  | { readonly via: 'deny'; readonly entry?: string; readonly resource: string }
  | { readonly via?: undefined; readonly resource: string; readonly suggestedResource: string };

export const mfa014: PolicyRule<Mfa014Data> = {
  id: 'MFA014',
  title: 'CreateVirtualMFADevice only on mfa/${aws:username}',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  source: 'AWS IAM User Guide history (2022-11-23); terraform-aws-modules/terraform-aws-iam issue #312',
  check(policy, report) {
    // A Deny that lets CreateVirtualMFADevice through only on the user's own name (Trek10's
    // NotResource statement) blocks every other device name in the same way.
    for (const deny of policy.statements) {
      if (deny.effect !== 'Deny' || deny.usesNotAction || !deny.actions.has(CREATE) || !deny.node.notResource) continue;
      if (!NO_MFA_CONTEXTS.some((c) => deny.verdicts[c].kind !== 'fails')) continue;
      const own = deny.node.notResource.values.filter((r) => OWN_NAME_ONLY.test(r.value));
      if (own.length === 0 || deny.node.notResource.values.some((r) => /:mfa\/[^$]*\*$/.test(r.value))) continue;
      const entry = deny.node.action!.values.find((v) => expandActionPattern(v.value).has(CREATE));
      report({
        range: own[0].range,
        statementIndex: deny.node.index,
        message: `This Deny exempts only the device named after the user ("${own[0].value}") from denying iam:CreateVirtualMFADevice: since multiple MFA devices arrived (Nov 2022) the console asks for a free-form device name, so any other name fails with AccessDenied. Take iam:CreateVirtualMFADevice out of this Deny (creating a device is harmless; enabling it stays scoped to the user).`,
        data: { via: 'deny', entry: entry?.value, resource: own[0].value },
      });
    }
    const grants = policy.statements.filter((s) => s.effect === 'Allow' && !s.usesNotAction && s.actions.has(CREATE) && s.node.resource);
    if (grants.length === 0) return;
    // Fine as soon as one grant admits a device of any name.
    const anyName = grants.some((s) => s.node.resource!.values.some((r) => r.value === '*' || /:mfa\/[^$]*\*$/.test(r.value) || /^arn:[^:]*:iam::[^:]*:\*$/.test(r.value)));
    if (anyName) return;
    for (const s of grants) {
      for (const r of s.node.resource!.values) {
        if (!OWN_NAME_ONLY.test(r.value)) continue;
        report({
          range: r.range,
          statementIndex: s.node.index,
          message: `iam:CreateVirtualMFADevice is allowed only for a device named after the user ("${r.value}"). Since multiple MFA devices arrived (Nov 2022) the console asks for a free-form device name, so any other name fails with AccessDenied and users cannot enrol. Use "${r.value.replace(OWN_NAME_ONLY, ':mfa/*')}": creating a device is harmless, enabling it stays scoped to the user.`,
          data: { resource: r.value, suggestedResource: r.value.replace(OWN_NAME_ONLY, ':mfa/*') },
        });
      }
    }
  },
};
