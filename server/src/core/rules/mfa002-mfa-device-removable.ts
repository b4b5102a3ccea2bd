// MFA002: the owner's MFA device can be deactivated or deleted without MFA.
import { displayAction } from '../analysis/actionSet';
import { ContextId, describeContexts, NO_MFA_CONTEXTS } from '../analysis/contexts';
import { isIamPermissionChange, isNeverWithoutMfa, MFA_DEVICE_REMOVAL } from '../analysis/mfaSets';
import { entryMayMatch, factResources } from '../analysis/resourceFacts';
import { hasWildcard } from '../catalog/wildcard';
import { allowsIn, contextsApplying, entries, mfaDenies, nonEmpty, protectsOthersOnPurpose, relatedStatement, relatedStatements } from './helpers';
import type { PolicyRule } from './rule';

/** What MFA002 findings carry for the fix and the hover. */
export type Mfa002Data =
  | {
      readonly action: string;
      readonly entry: string;
      readonly via: 'exemption' | 'allow';
      readonly contexts: readonly ContextId[];
      /** For via "allow": the Allow names other actions too. */
      readonly sharedWithOtherActions?: boolean;
      /** For a wildcard exemption ("iam:*MFA*"): the actions it covers that are safe without MFA. */
      readonly replacement?: readonly string[];
    }
  /** A Deny names the action, but its Resource/NotResource misses the user it is authorised against. */
  | { readonly action: string; readonly via: 'resource' | 'notresource'; readonly contexts: readonly ContextId[]; readonly resource: string };

export const mfa002: PolicyRule<Mfa002Data> = {
  id: 'MFA002',
  title: 'MFA device can be removed without MFA',
  defaultSeverity: 'error',
  enabledByDefault: true,
  restsOnEveryStatement: true,
  source: 'Duo, "Potential Gaps…" gap 1 (2017); AWS policy update (Sept 2018)',
  check(policy, report) {
    if (!policy.mentionsMfa) return;
    const denies = mfaDenies(policy);
    for (const removal of MFA_DEVICE_REMOVAL) {
      // Only the caller's own device is MFA002's; other users' devices are MFA007's.
      const reachableIn = NO_MFA_CONTEXTS.filter((c) => policy.reachableOnSelf(c).has(removal));
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
          // A wildcard such as "iam:*MFA*" is replaced by what it covers that is safe without MFA.
          const replacement = hasWildcard(entry.node.value) ? entry.actions.inService('iam').filter((k) => !isNeverWithoutMfa(k)).map(displayAction) : undefined;
          report({
            range: entry.node.range,
            statementIndex: deny.node.index,
            message: `${name} is exempt from the MFA requirement${entry.node.value.toLowerCase() === removal ? '' : ` (through "${entry.node.value}")`}: with a stolen key, an attacker removes the owner's MFA device without MFA and enrols their own. Reachable for ${describeContexts(contexts)}.`,
            data: { action: name, entry: entry.node.value, via: 'exemption', contexts, ...(replacement ? { replacement } : {}) },
          });
        }
      }
      // The deny names it, but its Resource/NotResource misses the user it is authorised against.
      for (const deny of denies) {
        if (!deny.actions.has(removal) || deny.appliesOn('self', removal)) continue;
        // A NotResource of only the caller's own ARNs (Trek10's deny for other users) excludes them on purpose.
        if (protectsOthersOnPurpose(deny)) continue;
        const contexts = contextsApplying(deny).filter((c) => reachableIn.includes(c));
        const element = deny.node.resource ?? deny.node.notResource;
        if (contexts.length === 0 || !element) continue;
        const culprit = deny.node.notResource
          ? element.values.find((v) => entryMayMatch(v.value, removal, 'self', policy.home, policy.variables))
          : undefined;
        const own = factResources(removal, 'self', policy.home)[0];
        report({
          range: culprit?.range ?? element.range,
          statementIndex: deny.node.index,
          message: deny.node.notResource
            ? `${name} on the caller's own user (${own}) is excluded from this deny by "${culprit?.value ?? element.key}": a stolen key removes the owner's MFA device without MFA and enrols the attacker's. Reachable for ${describeContexts(contexts)}.`
            : `${name} is authorised against the user (${own}), which this deny's Resource does not match: the deny does not protect the caller's MFA device, and a stolen key removes it without MFA. Reachable for ${describeContexts(contexts)}.`,
          data: { action: name, via: deny.node.notResource ? 'notresource' : 'resource', contexts, resource: own },
        });
      }
      // An Allow grants it with no MFA requirement on the caller's own user, and no Deny closes that.
      for (const allow of policy.statements) {
        const contexts: ContextId[] = reachableIn.filter((c) => allowsIn(allow, c));
        if (contexts.length === 0 || allow.usesNotAction || !allow.appliesOn('self', removal)) continue;
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
