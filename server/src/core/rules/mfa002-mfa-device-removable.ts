// MFA002: the owner's MFA device can be deactivated or deleted without MFA.
import { displayAction } from '../analysis/actionSet';
import { ContextId, describeContexts, NO_MFA_CONTEXTS } from '../analysis/contexts';
import { isIamPermissionChange, MFA_DEVICE_REMOVAL } from '../analysis/mfaSets';
import { allowsIn, contextsApplying, entries, mfaDenies, relatedStatements } from './helpers';
import type { PolicyRule } from './rule';

/** What MFA002 findings carry for the fix and the hover. */
export type Mfa002Data = {
  readonly action: string;
  readonly entry: string;
  readonly via: 'exemption' | 'allow';
  readonly contexts: readonly ContextId[];
  /** For via "allow": the Allow names other actions too. */
  readonly sharedWithOtherActions?: boolean;
};

export const mfa002: PolicyRule<Mfa002Data> = {
  id: 'MFA002',
  title: 'MFA device can be removed without MFA',
  defaultSeverity: 'error',
  enabledByDefault: true,
  source: 'Duo, "Potential Gaps…" gap 1 (2017); AWS policy update (Sept 2018)',
  check(policy, report) {
    if (!policy.mentionsMfa) return;
    const denies = mfaDenies(policy);
    for (const removal of MFA_DEVICE_REMOVAL) {
      const reachableIn = NO_MFA_CONTEXTS.filter((c) => policy.reachable(c).has(removal));
      if (reachableIn.length === 0) continue;
      const name = displayAction(removal);
      // The exemption of a deny-unless-MFA names it (MFA001 already covers entries that exempt IAM administration).
      for (const deny of denies) {
        if (!deny.usesNotAction) continue;
        const contexts = contextsApplying(deny).filter((c) => reachableIn.includes(c));
        if (contexts.length === 0) continue;
        for (const entry of entries(deny)) {
          if (!entry.actions.has(removal)) continue;
          if (entry.actions.inService('iam').some(isIamPermissionChange)) continue;
          report({
            range: entry.node.range,
            statementIndex: deny.node.index,
            message: `${name} is exempt from the MFA requirement${entry.node.value.toLowerCase() === removal ? '' : ` (through "${entry.node.value}")`}: with a stolen key, an attacker removes the owner's MFA device without MFA and enrols their own. Reachable for ${describeContexts(contexts)}.`,
            data: { action: name, entry: entry.node.value, via: 'exemption', contexts },
          });
        }
      }
      // An Allow grants it with no MFA requirement, and no Deny closes that.
      for (const allow of policy.statements) {
        // An Allow on the caller's own user only matters if a Deny does not close it there.
        const open = (c: ContextId) => (allow.scope === 'self' ? policy.reachableOnSelf(c) : policy.reachable(c)).has(removal);
        const contexts: ContextId[] = reachableIn.filter((c) => allowsIn(allow, c) && open(c));
        if (contexts.length === 0 || allow.usesNotAction || !allow.actions.has(removal)) continue;
        for (const entry of entries(allow)) {
          if (!entry.actions.has(removal)) continue;
          report({
            range: entry.node.range,
            statementIndex: allow.node.index,
            message: `${name} is allowed without MFA for ${describeContexts(contexts)}: a stolen key removes the owner's MFA device and enrols the attacker's. Require MFA for it ("Bool": {"aws:MultiFactorAuthPresent": "true"}).`,
            related: relatedStatements(denies, 'this deny-unless-MFA does not cover it'),
            data: { action: name, entry: entry.node.value, via: 'allow', contexts, sharedWithOtherActions: allow.actionElement!.values.length > 1 },
          });
        }
      }
    }
  },
};
