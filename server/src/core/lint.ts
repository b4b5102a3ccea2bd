// The core's one entry point: text in, policies and findings out. Knows nothing of LSP.
import { PolicyAnalysis, analyzePolicy } from './analysis/policyAnalysis';
import type { Finding, SeveritySetting } from './findings';
import type { ParsedDocument, SourceFormat } from './model';
import { parseDocument } from './parse/parseDocument';
import { GeneralCode } from './rules/generalCodes';
import { findSuppressions, isSuppressed } from './suppression';
import { ALL_RULES, RULES_BY_ID } from './rules/registry';
import type { FindingDraft } from './rules/rule';

export interface LintOptions {
  /** "yaml" for CloudFormation/SAM YAML templates; JSON otherwise. */
  readonly format?: SourceFormat;
  /** Per-rule severity, or "off". Rules not named keep their defaults. */
  readonly rules?: Readonly<Record<string, SeveritySetting>>;
}

export interface LintResult {
  readonly parsed: ParsedDocument;
  readonly analyses: readonly PolicyAnalysis[];
  /** Sorted by position. */
  readonly findings: readonly Finding[];
  /** Findings turned off in the file itself (Sid suffix, comment); counted, not shown. */
  readonly suppressed: readonly Finding[];
}

/** Every policy, statement fragment and Terraform policy document names one of these; a text without them is not parsed. */
const MENTIONS_POLICY = /Statement|Effect|aws_iam_policy_document/;

export function lint(text: string, options: LintOptions = {}): LintResult {
  // A file that never mentions a statement is none of our business, broken or not (package.json …).
  if (!MENTIONS_POLICY.test(text)) return { parsed: { text, format: options.format ?? 'json', policies: [], problems: [] }, analyses: [], findings: [], suppressed: [] };
  const parsed = parseDocument(text, { format: options.format });
  const analyses = parsed.policies.map((p, i) => analyzePolicy(p, i));
  const findings: Finding[] = [];
  for (const problem of parsed.problems) {
    const severity = severityFor(problem.code, options);
    if (severity) findings.push({ rule: problem.code, severity, message: problem.message, range: problem.range });
  }
  for (const analysis of analyses) {
    for (const rule of ALL_RULES) {
      const severitySetting = severityFor(rule.id, options);
      if (!severitySetting) continue;
      const overridden = options.rules?.[rule.id] !== undefined;
      const report = (draft: FindingDraft) => {
        // A user's setting replaces the rule's own choice; otherwise the rule may lower or
        // raise its default for this case (MFA004 warning vs error, MFA008 information).
        const severity = overridden ? severitySetting : (draft.severity ?? rule.defaultSeverity);
        findings.push({ ...draft, rule: rule.id, severity, policyIndex: analysis.policyIndex });
      };
      try {
        rule.check(analysis, report);
      } catch (error) {
        // A rule must never take the whole file down; say so where it can be seen.
        findings.push({
          rule: GeneralCode.Internal,
          severity: 'information',
          message: `Internal error in rule ${rule.id}; the other rules still ran: ${(error as Error).message}`,
          range: analysis.policy.range,
          policyIndex: analysis.policyIndex,
        });
      }
    }
  }
  findings.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
  const suppressions = findSuppressions(text, parsed.format, analyses);
  if (suppressions.length === 0) return { parsed, analyses, findings, suppressed: [] };
  const shown: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const f of findings) (isSuppressed(f, suppressions) ? suppressed : shown).push(f);
  return { parsed, analyses, findings: shown, suppressed };
}

function severityFor(ruleId: string, options: LintOptions) {
  const setting = options.rules?.[ruleId];
  if (setting === 'off') return undefined;
  if (setting) return setting;
  const meta = RULES_BY_ID.get(ruleId);
  if (meta && !meta.enabledByDefault) return undefined;
  return meta?.defaultSeverity ?? 'error';
}
