// MFA007: credential and MFA-device actions reach other users, not only the caller.
import { displayAction } from '../analysis/actionSet';
import { NO_MFA_CONTEXTS } from '../analysis/contexts';
import { isPerUserCredentialAction } from '../analysis/mfaSets';
import { entryMayMatch } from '../analysis/resourceFacts';
import { allowsIn, contextsApplying, listActions, mfaDenies } from './helpers';
import type { PolicyRule } from './rule';

const OWN_USER = 'arn:aws:iam::*:user/${aws:username}';

/** What MFA007 findings carry for the fix and the hover. */
export type Mfa007Data = 
  | { readonly via: 'allow'; readonly actions: readonly string[]; readonly resource: string; readonly suggestedResource: string }
  | { readonly via: 'exemption'; readonly actions: readonly string[] };

export const mfa007: PolicyRule<Mfa007Data> = {
  id: 'MFA007',
  title: 'Credential self-service not limited to the caller',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  restsOnEveryStatement: true,
  source: 'Trek10 DenyIamAccessToOtherAccountsUnlessMFAd (2017); AWS IAM User Guide self-manage policies',
  check(policy, report) {
    if (!policy.mentionsMfa) return;
    // An Allow without an MFA requirement grants them on "*" or on other users.
    for (const allow of policy.statements) {
      if (allow.effect !== 'Allow' || allow.usesNotAction || allow.scope === 'self') continue;
      if (!NO_MFA_CONTEXTS.some((c) => allowsIn(allow, c))) continue;
      const granted = allow.actions.inService('iam').filter(isPerUserCredentialAction);
      if (granted.length === 0 || !allow.node.resource) continue;
      // Each entry counts for the actions whose resource type it matches on another user's side:
      // a user ARN for keys, passwords and device enablement; an mfa ARN only for deleting a device.
      const reach = allow.node.resource.values.map((r) => ({ r, actions: granted.filter((a) => entryMayMatch(r.value, a, 'others', policy.home, policy.variables)) }));
      const unscoped = reach.filter((x) => x.actions.length > 0);
      for (const { r: resource, actions } of unscoped) {
        report({
          range: resource.range,
          statementIndex: allow.node.index,
          message: `${listActions(actions)} ${actions.length === 1 ? 'is' : 'are'} allowed on "${resource.value}" without MFA: a user can manage other users' credentials and MFA devices. Scope it to "${OWN_USER}".`,
          data: { via: 'allow', actions: actions.map(displayAction), resource: resource.value, suggestedResource: OWN_USER },
        });
      }
    }
    // The exemption lets them through on every resource, and no NotResource deny limits them to self.
    for (const deny of mfaDenies(policy)) {
      if (!deny.usesNotAction || deny.scope !== 'all') continue;
      const contexts = contextsApplying(deny);
      const exempt = deny.actions.invert().inService('iam').filter((k) => isPerUserCredentialAction(k) && contexts.some((c) => policy.reachableOnOthers(c).has(k)));
      if (exempt.length === 0) continue;
      report({
        range: deny.node.notAction!.keyRange,
        severity: 'information',
        statementIndex: deny.node.index,
        message: `The exemption lets ${listActions(exempt)} through without MFA on every user, not only the caller. That matters for anyone who also holds IAM rights (admins): add a Deny of these actions with "NotResource": ["${OWN_USER}", "arn:aws:iam::*:mfa/\${aws:username}"] under the same MFA condition.`,
        data: { via: 'exemption', actions: exempt.map(displayAction) },
      });
    }
  },
};
