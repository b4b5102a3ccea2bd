// The interface every rule implements: one rule, one file, listed in registry.ts.
import type { PolicyAnalysis } from '../analysis/policyAnalysis';
import type { Finding, Severity } from '../findings';

export interface RuleMeta {
  readonly id: string;
  /** A short title for lists and SARIF: "NotAction exempts IAM administration from MFA". */
  readonly title: string;
  readonly defaultSeverity: Severity;
  /** MFA010 is off unless a user turns it on. */
  readonly enabledByDefault: boolean;
  /** Where the knowledge comes from, for docs and hovers. */
  readonly source?: string;
}

/** What a rule reports; the runner fills in the rule id and applies severity settings. */
export type FindingDraft = Omit<Finding, 'rule' | 'severity' | 'policyIndex'> & { readonly severity?: Severity };

export interface PolicyRule extends RuleMeta {
  check(policy: PolicyAnalysis, report: (finding: FindingDraft) => void): void;
}
