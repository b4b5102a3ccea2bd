// MFA001: the exemption of the deny-unless-MFA lets IAM administration through.
import { ActionSet, displayAction } from '../analysis/actionSet';
import { describeContexts, type ContextId } from '../analysis/contexts';
import { isIamPermissionChange, isNeverWithoutMfa, RECOMMENDED_EXEMPTION } from '../analysis/mfaSets';
import type { PolicyAnalysis } from '../analysis/policyAnalysis';
import { entries, exampleOf, exemptionThrough, formatCount, mfaDenies } from './helpers';
import type { PolicyRule } from './rule';

/** What MFA001 findings carry for the fix and the hover. */
export type Mfa001Data = {
  readonly entry: string;
  readonly contexts: readonly ContextId[];
  readonly exemptedIamWriteCount: number;
  /** The IAM actions the policy itself grants, minus those never safe without MFA. */
  readonly suggestedAllowlist: readonly string[];
  readonly recommendedExemption: readonly string[];
};

export const mfa001: PolicyRule<Mfa001Data> = {
  id: 'MFA001',
  title: 'NotAction exemption lets IAM administration through without MFA',
  defaultSeverity: 'error',
  enabledByDefault: true,
  restsOnEveryStatement: true,
  source: 'Trek10, "Improving the Improved AWS Force MFA Policy" (2017); Duo, "Potential Gaps in Suggested AWS Security Policies for MFA" (2017)',
  check(policy, report) {
    for (const deny of mfaDenies(policy)) {
      if (!deny.usesNotAction) continue;
      for (const entry of entries(deny)) {
        const { contexts: through, iam } = exemptionThrough(policy, deny, entry);
        const administration = iam.filter(isIamPermissionChange);
        if (administration.length === 0) continue;
        const iamWrites = iam.filter(isNeverWithoutMfa);
        const example = exampleOf(ActionSet.of(administration))!;
        const others = iamWrites.length - 1;
        report({
          range: entry.node.range,
          statementIndex: deny.node.index,
          message:
            `${example}${others > 0 ? ` and ${formatCount(others)} other IAM ${others === 1 ? 'action' : 'actions'} that change permissions or credentials` : ''} ` +
            `stay allowed without MFA for ${describeContexts(through)}: the exemption "${entry.node.value}" lets anyone who holds IAM rights ` +
            `detach this very policy, create users and mint access keys without MFA.`,
          data: {
            entry: entry.node.value,
            contexts: through,
            exemptedIamWriteCount: iamWrites.length,
            suggestedAllowlist: suggestedAllowlist(policy),
            recommendedExemption: RECOMMENDED_EXEMPTION,
          },
        });
      }
    }
  },
};

/**
 * What the exemption should list instead (RULES.md MFA001 fix): the IAM actions this
 * policy grants in its Allow statements, minus the never-without-MFA set; else the
 * AWS-recommended self-service list.
 */
export function suggestedAllowlist(policy: PolicyAnalysis): string[] {
  // One list per policy, however many exemptions report it.
  let known = allowlists.get(policy);
  if (!known) allowlists.set(policy, (known = computeAllowlist(policy)));
  return known;
}

const allowlists = new WeakMap<PolicyAnalysis, string[]>();

function computeAllowlist(policy: PolicyAnalysis): string[] {
  const granted = ActionSet.unionOf(policy.statements.filter((s) => s.effect === 'Allow' && !s.usesNotAction).map((s) => s.actions));
  const safe = granted.inService('iam').filter((k) => !isNeverWithoutMfa(k));
  if (safe.length === 0) return RECOMMENDED_EXEMPTION;
  const list = safe.map(displayAction);
  if (!list.some((a) => a.toLowerCase() === 'sts:getsessiontoken')) list.push('sts:GetSessionToken');
  return list;
}
