// The per-policy summary above "Statement": what stays possible without MFA, with the lists.
import type { ContextId } from '../analysis/contexts';
import type { PolicyAnalysis } from '../analysis/policyAnalysis';
import { CONTEXT_TITLES } from '../analysis/contexts';
import { ReachableList, SUMMARY_CONTEXTS, reachableList, summarizePolicy } from '../explain/summary';
import type { LintResult } from '../lint';

export interface PolicyReachability {
  readonly policyIndex: number;
  /** The lens title: "Without MFA: …". */
  readonly summary: string;
  readonly contexts: readonly (ReachableList & { readonly title: string })[];
}

export interface PolicyLens {
  /** Where the lens sits: the "Statement" key, else the first statement, else the policy. */
  readonly offset: number;
  readonly reachability: PolicyReachability;
}

/** One lens per policy that has an MFA condition; lists longer than `limit` are truncated. */
export function policyLenses(result: LintResult, limit: number): PolicyLens[] {
  const lenses: PolicyLens[] = [];
  for (const analysis of result.analyses) {
    if (!analysis.mentionsMfa) continue;
    const policy = analysis.policy;
    const anchor = policy.statementProperty?.keyRange ?? policy.statements[0]?.range ?? policy.range;
    lenses.push({ offset: anchor.start, reachability: reachability(analysis, limit) });
  }
  return lenses;
}

/** The full lists of the document's policies with an MFA condition (or of one of them). */
export function policyReachability(result: LintResult, policyIndex?: number): PolicyReachability[] {
  return result.analyses.filter((a) => a.mentionsMfa && (policyIndex === undefined || a.policyIndex === policyIndex)).map((a) => reachability(a));
}

function reachability(analysis: PolicyAnalysis, limit = Infinity): PolicyReachability {
  const summary = summarizePolicy(analysis);
  const contexts = SUMMARY_CONTEXTS.map((c: ContextId) => ({ ...reachableList(analysis, c, limit), title: CONTEXT_TITLES[c] }));
  return { policyIndex: analysis.policyIndex, summary: summary.text, contexts };
}
