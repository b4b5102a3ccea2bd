// MFA011: without MFA, the deny is skipped whenever another key does not match.
import { ContextId, describeContexts, NO_MFA_CONTEXTS } from '../analysis/contexts';
import { mfaKeyKind } from '../analysis/mfaKeys';
import { mfaDenies, uncoveredByOthers } from './helpers';
import type { PolicyRule } from './rule';

/** Keys that only tell a direct call from a call an AWS service makes for the caller. */
const BENIGN = new Set(['aws:viaawsservice', 'aws:calledvia', 'aws:calledviafirst', 'aws:calledvialast']);

/** What MFA011 findings carry for the fix and the hover. */
export type Mfa011Data = { readonly key: string; readonly benign: boolean; readonly contexts: readonly ContextId[] } | { readonly operator: string };

export const mfa011: PolicyRule<Mfa011Data> = {
  id: 'MFA011',
  title: 'MFA deny also depends on another key',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  restsOnEveryStatement: true,
  source: 'AWS Knowledge Center, "MFA with the AWS CLI"',
  check(policy, report) {
    for (const deny of mfaDenies(policy)) {
      const contexts: ContextId[] = NO_MFA_CONTEXTS.filter(
        (c) => deny.verdicts[c].kind === 'depends' && !uncoveredByOthers(policy, deny, c).isEmpty,
      );
      if (contexts.length === 0) continue;
      const seen = new Set<string>();
      for (const c of contexts) {
        for (const key of deny.verdicts[c].dependsOn) {
          // An MFA key left open (ForAnyValue:…IfExists on an absent key) is MFA003's.
          if (seen.has(key.name.toLowerCase()) || mfaKeyKind(key.name)) continue;
          seen.add(key.name.toLowerCase());
          const benign = BENIGN.has(key.name.toLowerCase());
          const ctxs = contexts.filter((x) => deny.verdicts[x].dependsOn.includes(key));
          report({
            range: key.nameRange,
            statementIndex: deny.node.index,
            severity: benign ? 'information' : 'warning',
            message: benign
              ? `Without MFA, this deny also requires ${key.name} to match: calls that an AWS service makes on the user's behalf are not denied for ${describeContexts(ctxs)}. This is the usual, benign reason for the key.`
              : `Without MFA, this deny is skipped whenever ${key.name} does not match, for ${describeContexts(ctxs)}: a caller who controls ${key.name} avoids the MFA requirement. Put the MFA key in a deny of its own.`,
            data: { key: key.name, benign, contexts: ctxs },
          });
        }
        for (const op of deny.verdicts[c].unknownOperators) {
          if (seen.has('op:' + op.name)) continue;
          seen.add('op:' + op.name);
          report({
            range: op.nameRange,
            statementIndex: deny.node.index,
            message: `"${op.name}" is not an IAM condition operator, so this MFA deny cannot be trusted to apply for ${describeContexts([c])}.`,
            data: { operator: op.name },
          });
        }
      }
    }
  },
};
