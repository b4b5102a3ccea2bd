// The core's one entry point: text in, policies and findings out. Knows nothing of LSP.
import { PolicyAnalysis, analyzePolicy } from './analysis/policyAnalysis';
import type { Finding, SeveritySetting } from './findings';
import type { ParsedDocument, SourceFormat } from './model';
import { HCL_MIGHT_HOLD_POLICY, hclParserReady, loadHclParser } from './parse/hcl/hclParser';
import { parseDocument } from './parse/parseDocument';
import { GeneralCode } from './ruleIds';
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
  /** The rules' findings per policy, before suppression: what the next version of the text may reuse. */
  readonly byPolicy: readonly (readonly Finding[])[];
  /** The options the result was made with, as a key: reuse only under the same options. */
  readonly optionsKey: string;
  /** The options themselves: fix-all and fixes inside embedded strings re-lint with them. */
  readonly options: LintOptions;
}

/** Every policy, statement fragment and Terraform policy document names one of these; a text without them is not parsed. */
const MENTIONS_POLICY = /Statement|Effect|aws_iam_policy_document/;

/** The cheap test every adapter uses before anything else: could this text hold a policy at all? (Per format: a `.tf` names other things.) */
export function mightHoldPolicy(text: string, format?: SourceFormat): boolean {
  return (format === 'hcl' ? HCL_MIGHT_HOLD_POLICY : MENTIONS_POLICY).test(text);
}

/**
 * Loads what lint() needs for this text, once: the Terraform parser (WebAssembly, asynchronous)
 * for a `.tf` text that may hold a policy. Resolves at once for JSON and YAML, and for a `.tf`
 * without a policy, which never loads the parser.
 */
export async function prepareLint(text: string, options: LintOptions = {}): Promise<void> {
  if (options.format === 'hcl' && !hclParserReady() && mightHoldPolicy(text, 'hcl')) await loadHclParser();
}

/**
 * `previous`: the result for an earlier version of the same document. A policy whose text has
 * not changed gets that version's findings back, moved to where the policy now is: an edit in
 * one policy of a 1 MB template re-checks that policy only. (A policy's findings depend on its
 * own text alone; suppression is applied afterwards, to the whole file.)
 */
export function lint(text: string, options: LintOptions = {}, previous?: LintResult): LintResult {
  const optionsKey = JSON.stringify([options.format ?? 'json', options.rules ?? {}]);
  // A file that never mentions a statement is none of our business, broken or not (package.json …).
  if (!mightHoldPolicy(text, options.format)) return { parsed: { text, format: options.format ?? 'json', policies: [], problems: [] }, analyses: [], findings: [], suppressed: [], byPolicy: [], optionsKey, options };
  const parsed = parseDocument(text, { format: options.format });
  const analyses = parsed.policies.map((p, i) => analyzePolicy(p, i));
  const findings: Finding[] = [];
  for (const problem of parsed.problems) {
    const setting = severityFor(problem.code, options);
    const severity = options.rules?.[problem.code] === undefined && setting ? (problem.severity ?? setting) : setting;
    if (severity) findings.push({ rule: problem.code, severity, message: problem.message, range: problem.range });
  }
  const earlier = previous && previous.optionsKey === optionsKey ? findingsByPolicyText(previous) : undefined;
  const byPolicy: Finding[][] = [];
  const active = analyses.length > 0 ? activeRules(options, optionsKey) : [];
  for (const analysis of analyses) {
    const range = analysis.policy.range;
    const source = earlier && text.slice(range.start, range.end);
    const reused = source !== undefined ? earlier!.get(source) : undefined;
    const own = reused ? reused.findings.map((f) => moved(f, range.start - reused.start, analysis.policyIndex)) : checkPolicy(analysis, active);
    byPolicy.push(own);
    for (const f of own) findings.push(f); // no spread: a policy may have 100,000s of findings
  }
  findings.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
  // A Terraform document merged into another (source_policy_documents) is checked alone and in the
  // merge: the same finding at the same characters is reported once.
  if (parsed.format === 'hcl') dropDuplicates(findings);
  const suppressions = findSuppressions(text, parsed.format, analyses);
  if (suppressions.length === 0) return { parsed, analyses, findings, suppressed: [], byPolicy, optionsKey, options };
  const shown: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const f of findings) (isSuppressed(f, suppressions) ? suppressed : shown).push(f);
  return { parsed, analyses, findings: shown, suppressed, byPolicy, optionsKey, options };
}

function dropDuplicates(findings: Finding[]): void {
  const seen = new Set<string>();
  let kept = 0;
  for (const f of findings) {
    const key = `${f.rule}|${f.range.start}|${f.range.end}|${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings[kept++] = f;
  }
  findings.length = kept;
}

interface ActiveRule {
  readonly rule: (typeof ALL_RULES)[number];
  readonly severitySetting: NonNullable<ReturnType<typeof severityFor>>;
  /** The user named a severity for it. */
  readonly overridden: boolean;
}

/** The rules that run under these options, with their severity: worked out once per text, not per policy. */
function activeRules(options: LintOptions, optionsKey: string): readonly ActiveRule[] {
  // The same options, the same list: the registry is fixed, and the key spells out the options.
  const known = activeByOptions.get(optionsKey);
  if (known) return known;
  const active: ActiveRule[] = [];
  for (const rule of ALL_RULES) {
    const severitySetting = severityFor(rule.id, options);
    if (severitySetting) active.push({ rule, severitySetting, overridden: options.rules?.[rule.id] !== undefined });
  }
  if (activeByOptions.size > 100) activeByOptions.clear();
  activeByOptions.set(optionsKey, active);
  return active;
}

const activeByOptions = new Map<string, readonly ActiveRule[]>();

/** Every rule on one policy. */
function checkPolicy(analysis: PolicyAnalysis, active: readonly ActiveRule[]): Finding[] {
  const findings: Finding[] = [];
  const partlyUnknown = analysis.policy.unknownStatements !== undefined;
  for (const { rule, severitySetting, overridden } of active) {
    if (partlyUnknown && rule.restsOnEveryStatement) continue;
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
  return findings;
}

/** The previous result's findings by the text of their policy. */
function findingsByPolicyText(previous: LintResult): Map<string, { start: number; findings: readonly Finding[] }> {
  const byText = new Map<string, { start: number; findings: readonly Finding[] }>();
  previous.analyses.forEach((analysis, i) => {
    const range = analysis.policy.range;
    byText.set(previous.parsed.text.slice(range.start, range.end), { start: range.start, findings: previous.byPolicy[i] ?? [] });
  });
  return byText;
}

function moved(finding: Finding, delta: number, policyIndex: number): Finding {
  if (delta === 0 && finding.policyIndex === policyIndex) return finding;
  const shift = (r: { start: number; end: number }) => ({ start: r.start + delta, end: r.end + delta });
  const copy: Finding = { ...finding, policyIndex, range: shift(finding.range) };
  return finding.related ? { ...copy, related: finding.related.map((r) => ({ ...r, range: shift(r.range) })) } : copy;
}

function severityFor(ruleId: string, options: LintOptions) {
  const setting = options.rules?.[ruleId];
  if (setting === 'off') return undefined;
  if (setting) return setting;
  const meta = RULES_BY_ID.get(ruleId);
  if (meta && !meta.enabledByDefault) return undefined;
  return meta?.defaultSeverity ?? 'error';
}
