// MFA015: the exemption lets passwords, login profiles and keys change without MFA — through
// NotAction, or through a Resource/NotResource that leaves the caller's own user out of the deny.
import { displayAction } from '../analysis/actionSet';
import { describeContexts, type ContextId } from '../analysis/contexts';
import { EXAMPLE_PRIORITY, isCredentialChange, isIamPermissionChange, MFA_DEVICE_REMOVAL } from '../analysis/mfaSets';
import type { AnalyzedStatement, PolicyAnalysis } from '../analysis/policyAnalysis';
import { entryMayMatch, factResources } from '../analysis/resourceFacts';
import { resourceTypesOf } from '../catalog/resourceTypes';
import { contextsApplying, entries, exemptionThrough, listActions, mfaDenies, protectsOthersOnPurpose } from './helpers';
import type { FindingDraft, PolicyRule } from './rule';

/** What MFA015 findings carry for the fix and the hover. */
export type Mfa015Data = {
  /** The NotAction entry, or the Resource/NotResource entry (or element key) that leaves the user out. */
  readonly entry: string;
  readonly actions: readonly string[];
  readonly contexts: readonly ContextId[];
  /** Set when the deny names the actions but its Resource/NotResource misses the caller's own user. */
  readonly via?: 'resource' | 'notresource';
};

export const mfa015: PolicyRule<Mfa015Data> = {
  id: 'MFA015',
  title: 'Exemption lets credentials change without MFA',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  restsOnEveryStatement: true,
  source: 'IAM User Guide, my-sec-creds-self-manage notes ("a security risk")',
  check(policy, report) {
    for (const deny of mfaDenies(policy)) {
      if (!deny.usesNotAction) continue;
      for (const entry of entries(deny)) {
        const { contexts, iam } = exemptionThrough(policy, deny, entry);
        if (iam.some(isIamPermissionChange)) continue; // MFA001 reports this entry
        const credentials = iam.filter(isCredentialChange);
        if (credentials.length === 0) continue;
        report({
          range: entry.node.range,
          statementIndex: deny.node.index,
          message: `${listActions(credentials)} ${credentials.length === 1 ? 'is' : 'are'} exempt from the MFA requirement for ${describeContexts(contexts)}: a stolen key or an unattended console changes the user's credentials without MFA (the IAM User Guide calls this a security risk). Remove ${credentials.length === 1 ? 'it' : 'them'} from the exemption; ${credentials.length === 1 ? 'it stays' : 'they stay'} allowed with MFA.`,
          data: { entry: entry.node.value, actions: credentials, contexts },
        });
      }
    }
    for (const deny of mfaDenies(policy)) resourceHole(policy, deny, report);
  },
};

/** IAM authorises it against a user: the caller's own one is where the hole is. */
function onTheUser(key: string): boolean {
  return resourceTypesOf(key).some((t) => t.name === 'user');
}

/**
 * A deny-unless-MFA that names credential or permission changes but whose NotResource carves
 * out the caller's own user (or whose Resource lists IAM ARNs without it): on their own user,
 * where IAM authorises CreateAccessKey, ChangePassword or DetachUserPolicy, nothing stops them
 * without MFA. Device removal is MFA002's.
 */
function resourceHole(policy: PolicyAnalysis, deny: AnalyzedStatement, report: (f: FindingDraft<Mfa015Data>) => void): void {
  const notResource = deny.node.notResource;
  const resource = deny.node.resource;
  // A Resource without an IAM ARN is a deny about something else (a bucket that needs MFA).
  if (!notResource && !resource?.values.some((v) => /^arn:[^:]*:iam:/i.test(v.value.trim()))) return;
  if (protectsOthersOnPurpose(deny)) return;
  const contexts = contextsApplying(deny);
  if (contexts.length === 0) return;
  const missed = deny.actions
    .inService('iam')
    .filter((k) => (isCredentialChange(k) || isIamPermissionChange(k)) && !MFA_DEVICE_REMOVAL.has(k) && onTheUser(k) && !deny.appliesOn('self', k));
  const open = contexts.map((c) => ({ c, actions: missed.filter((k) => policy.reachableOnSelf(c).has(k)) })).filter((x) => x.actions.length > 0);
  if (open.length === 0) return;
  // The most alarming first: the message names three.
  const rank = (k: string) => (EXAMPLE_PRIORITY.includes(k) ? EXAMPLE_PRIORITY.indexOf(k) : EXAMPLE_PRIORITY.length);
  const actions = [...new Set(open.flatMap((x) => x.actions))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const reachableIn = open.map((x) => x.c);
  const culprit = notResource?.values.find((v) => actions.some((k) => entryMayMatch(v.value, k, 'self', policy.home, policy.variables)));
  const element = (notResource ?? resource)!;
  const own = factResources(actions[0], 'self', policy.home)[0];
  const permissions = actions.some(isIamPermissionChange);
  const named = actions.map(displayAction);
  const are = named.length === 1 ? 'is' : 'are';
  report({
    range: culprit?.range ?? element.range,
    statementIndex: deny.node.index,
    severity: permissions ? 'error' : 'warning',
    message:
      `${listActions(actions)} on the caller's own user (${own}) ${notResource ? `${are} excluded from this deny by "${culprit?.value ?? element.key}"` : `${are} outside this deny's Resource`}: ` +
      `without MFA, for ${describeContexts(reachableIn)}, a stolen key ${permissions ? "changes the user's own permissions (it can detach this very policy)" : "changes the user's own credentials"}. ` +
      `Let the deny cover the user's own ARN (arn:…:user/\${aws:username}) too.`,
    data: { entry: culprit?.value ?? element.key, actions: named, contexts: reachableIn, via: notResource ? 'notresource' : 'resource' },
  });
}
