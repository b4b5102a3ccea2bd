// MFA015: the exemption lets passwords, login profiles and keys change without MFA.
import { describeContexts, type ContextId } from '../analysis/contexts';
import { isCredentialChange, isIamPermissionChange } from '../analysis/mfaSets';
import { entries, exemptionThrough, listActions, mfaDenies } from './helpers';
import type { PolicyRule } from './rule';

/** What MFA015 findings carry for the fix and the hover. */
export type Mfa015Data = {
  readonly entry: string;
  readonly actions: readonly string[];
  readonly contexts: readonly ContextId[];
};

export const mfa015: PolicyRule<Mfa015Data> = {
  id: 'MFA015',
  title: 'Exemption lets credentials change without MFA',
  defaultSeverity: 'warning',
  enabledByDefault: true,
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
  },
};
