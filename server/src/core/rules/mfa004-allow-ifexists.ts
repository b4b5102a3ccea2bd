// MFA004: an Allow meant to require MFA uses …IfExists, so long-term access keys pass.
import { ActionSet } from '../analysis/actionSet';
import { mfaKeyKind } from '../analysis/mfaKeys';
import { describeContexts, NO_MFA_CONTEXTS, type ContextId } from '../analysis/contexts';
import { parseOperator, withIfExists } from '../analysis/operators';
import { exampleOf, formatCount, mfaDenies, relatedStatements } from './helpers';
import type { PolicyRule } from './rule';

/** What MFA004 findings carry for the fix and the hover. */
export type Mfa004Data = {
  readonly operator: string;
  readonly suggestedOperator?: string;
  readonly coveredByDeny: boolean;
  readonly contexts: readonly ContextId[];
};

export const mfa004: PolicyRule<Mfa004Data> = {
  id: 'MFA004',
  title: 'IfExists lets requests without the MFA key through an Allow',
  defaultSeverity: 'error',
  enabledByDefault: true,
  restsOnEveryStatement: true,
  source: 'IAM User Guide, condition operators (…IfExists); terraform-module/enforce-mfa (2024)',
  check(policy, report) {
    for (const allow of policy.statements) {
      if (allow.role !== 'mfa-allow') continue;
      const v = allow.verdicts;
      // Meant for MFA (it admits MFA sessions and names an MFA key with IfExists), yet it
      // admits a request that carries no MFA key.
      const leaks = NO_MFA_CONTEXTS.filter((c) => v[c].kind !== 'fails');
      if (leaks.length === 0 || v['mfa-session'].kind === 'fails') continue;
      const op = (allow.node.condition?.operators ?? []).find((o) => parseOperator(o.name)?.ifExists && o.keys.some((k) => mfaKeyKind(k.name)));
      if (!op) continue;
      const suggested = withIfExists(op.name, false);
      let open = ActionSet.NONE;
      for (const c of leaks) open = open.union(allow.actions.intersect(policy.reachable(c)));
      const coveredByDeny = open.isEmpty;
      const shown = coveredByDeny ? allow.actions : open;
      const count = shown.count();
      const example = exampleOf(shown) ?? 'its actions';
      report({
        range: op.nameRange,
        statementIndex: allow.node.index,
        severity: coveredByDeny ? 'warning' : 'error',
        message: coveredByDeny
          ? `"${op.name}" also matches requests that carry no MFA key, i.e. long-term access keys without MFA. Another Deny of this policy covers ${example} today, but the day that Deny is split off this Allow is a bypass. Use "${suggested}".`
          : `"${op.name}" also matches requests that carry no MFA key: ${example}${count > 1 ? ` and ${formatCount(count - 1)} other actions` : ''} are allowed without MFA for ${describeContexts(leaks)}. Use "${suggested}".`,
        related: coveredByDeny ? relatedStatements(mfaDenies(policy), 'covers these actions today') : undefined,
        data: { operator: op.name, suggestedOperator: suggested, coveredByDeny, contexts: leaks },
      });
    }
  },
};
