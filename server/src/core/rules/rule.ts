// The interface every rule implements: one rule, one file, listed in registry.ts.
// A rule declares the type of the `data` its findings carry (`PolicyRule<D>`); the fix provider
// for that rule receives the same type (`FixProvider<D>` in fixes/fix.ts), so neither side casts.
import type { PolicyAnalysis } from '../analysis/policyAnalysis';
import type { Finding, Severity } from '../findings';
import type { RuleId } from '../ruleIds';

export interface RuleMeta {
  readonly id: RuleId;
  /** A short title for lists and SARIF: "NotAction exempts IAM administration from MFA". */
  readonly title: string;
  readonly defaultSeverity: Severity;
  /** MFA010 is off unless a user turns it on. */
  readonly enabledByDefault: boolean;
  /** Where the knowledge comes from, for docs and hovers. */
  readonly source?: string;
  /**
   * Its findings say what no statement of the policy does (nothing denies it without MFA, nothing
   * bounds the MFA age): not reported on a policy with a statement computed at deploy time
   * (PolicyDocumentNode.unknownStatements), which might.
   */
  readonly restsOnEveryStatement?: boolean;
}

/** The structured facts of a finding: plain JSON, as the LSP diagnostic carries them too. */
export type FindingData = Readonly<Record<string, unknown>>;

/** A rule whose findings carry no data. */
export type NoData = Readonly<Record<string, never>>;

/** What a rule reports; the runner fills in the rule id and applies severity settings. */
export type FindingDraft<D extends FindingData = FindingData> = Omit<Finding, 'rule' | 'severity' | 'policyIndex' | 'data'> & {
  readonly severity?: Severity;
  readonly data?: D;
};

export interface PolicyRule<D extends FindingData = FindingData> extends RuleMeta {
  check(policy: PolicyAnalysis, report: (finding: FindingDraft<D>) => void): void;
}
