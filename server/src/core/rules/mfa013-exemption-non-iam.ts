// MFA013: the exemption lets data access (non-IAM actions) through without MFA.
import { ActionSet, displayAction } from '../analysis/actionSet';
import { describeContexts, type ContextId } from '../analysis/contexts';
import { findAction } from '../catalog/catalog';
import { entries, exampleOf, exemptionThrough, formatCount, mfaDenies } from './helpers';
import type { PolicyRule } from './rule';

const HARMLESS = new Set(['sts:getsessiontoken', 'sts:getcalleridentity']);
/**
 * "*:Describe*", "s3:Get*": written as reads. The catalog files a handful of Describe/Get
 * actions under Write or Permissions management; the author's intent is still read-only.
 */
const READ_VERB_WILDCARD = /^[^:]+:(Describe|Get|List|BatchGet)[^:*?]*\*$/i;

/** What MFA013 findings carry for the fix and the hover. */
export type Mfa013Data = {
  readonly entry: string;
  readonly readOnly: boolean;
  readonly contexts: readonly ContextId[];
};

export const mfa013: PolicyRule<Mfa013Data> = {
  id: 'MFA013',
  title: 'Exemption lets non-IAM actions through without MFA',
  defaultSeverity: 'error',
  enabledByDefault: true,
  restsOnEveryStatement: true,
  check(policy, report) {
    for (const deny of mfaDenies(policy)) {
      if (!deny.usesNotAction) continue;
      for (const entry of entries(deny)) {
        if (entry.node.value.toLowerCase().startsWith('iam:')) continue;
        const { contexts, actions, iam } = exemptionThrough(policy, deny, entry);
        const nonIam = actions.minus(ActionSet.of([...iam, ...HARMLESS]));
        // A finite set is listed; "*" and service-wide wildcards over all services are counted.
        const keys = nonIam.isComplement ? undefined : [...nonIam.keys].filter((k) => !k.startsWith('iam:'));
        if (keys && keys.length === 0) continue;
        const readOnly = !!keys && (READ_VERB_WILDCARD.test(entry.node.value) || keys.every((k) => {
          const level = findAction(k)?.accessLevel;
          return level === 'Read' || level === 'List';
        }));
        const count = keys ? keys.length : nonIam.count();
        const example = keys ? displayAction(keys[0]) : exampleOf(nonIam);
        report({
          range: entry.node.range,
          statementIndex: deny.node.index,
          severity: readOnly ? 'warning' : 'error',
          message:
            `The exemption "${entry.node.value}" lets ${count === 1 ? example : `${example} and ${formatCount(count - 1)} other non-IAM actions`} through without MFA for ${describeContexts(contexts)}: ` +
            (readOnly ? 'a stolen key reads data without MFA.' : 'a stolen key reads and changes resources without MFA.'),
          data: { entry: entry.node.value, readOnly, contexts },
        });
      }
    }
  },
};
