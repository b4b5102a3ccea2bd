// Fixes for findings, and fix-all. A fix never leaves a document worse: fix-all applies one
// fix at a time, re-lints, and keeps it only if the text parses, the finding is gone and no
// new finding appeared.
import { applyEdits } from 'jsonc-parser';
import { Finding, SEVERITY_ORDER } from '../findings';
import { lint, LintOptions, LintResult } from '../lint';
import type { TextRange } from '../model';
import { parseDocument as parseYaml } from 'yaml';
import { decodeJsonString, decodeYamlScalar, encodeYamlScalar } from '../parse/embedded';
import type { Fix, FixContext, FixProvider, FixProviders } from './fix';
import { GENERAL_FIXES } from './generalFixes';
import { embeddedTextAt, fixesInsideHclString, inHclStyle } from './hclEdits';
import { MFA_FIXES } from './mfaFixes';

/** No prototype: a rule id is looked up, never "constructor". */
const PROVIDERS: FixProviders = Object.assign(Object.create(null), MFA_FIXES, GENERAL_FIXES);

export function isFixable(rule: string): boolean {
  return Object.prototype.hasOwnProperty.call(PROVIDERS, rule);
}

/** The provider for a finding's rule. The rule id is what ties a finding's data to its provider's type. */
function providerFor(rule: string): FixProvider | undefined {
  return Object.prototype.hasOwnProperty.call(PROVIDERS, rule) ? (PROVIDERS[rule as keyof FixProviders] as FixProvider) : undefined;
}

export function fixesFor(result: LintResult, finding: Finding): Fix[] {
  const provider = providerFor(finding.rule);
  if (!provider || finding.policyIndex === undefined) return [];
  const analysis = result.analyses[finding.policyIndex];
  if (!analysis) return [];
  const hcl = result.parsed.format === 'hcl';
  if (analysis.policy.embeddedIn && hcl) {
    const embedded = embeddedTextAt(result, analysis.policy.embeddedIn);
    return embedded ? fixesInsideHclString(result, finding, embedded, fixesFor) : [];
  }
  if (analysis.policy.embeddedIn) return fixesInsideString(result, finding, analysis.policy.embeddedIn);
  const context: FixContext = {
    text: result.parsed.text,
    result,
    finding,
    data: finding.data ?? {},
    analysis,
    statement: finding.statementIndex === undefined ? undefined : analysis.statements.find((s) => s.node.index === finding.statementIndex),
    // jsonc-parser's modify works on clean JSON only; YAML gets literal replacements.
    // (Terraform's data source has its own element names: only literal replacements there too.)
    structural: result.parsed.problems.length === 0 && result.parsed.format === 'json' && !analysis.policy.fromTerraformDataSource,
  };
  try {
    const fixes = provider(context);
    // HCL: literal replacements and list edits (shared.ts), written in HCL; `${` escaped as `$${`.
    if (hcl) return fixes.map((f) => escapeTerraformTemplates(inHclStyle(result.parsed.text, f)));
    if (analysis.policy.fromTerraformDataSource) return fixes.map(escapeTerraformTemplates);
    return result.parsed.format === 'yaml' ? fixes.map((f) => keepYamlQuoting(result.parsed.text, f)) : fixes;
  } catch {
    return []; // a fix that cannot be computed is not offered
  }
}

/**
 * A policy serialised in a JSON string (Terraform `policy`) is fixed as the JSON it is: the
 * fix is computed on the decoded policy, and the string is written back, re-encoded.
 */
function fixesInsideString(result: LintResult, finding: Finding, stringRange: TextRange): Fix[] {
  const outer = result.parsed.text;
  const yaml = result.parsed.format === 'yaml';
  const original = outer.slice(stringRange.start, stringRange.end);
  const decoded = yaml ? decodeYamlScalar(outer, stringRange.start, stringRange.end, yamlScalarValue(original)) : decodeJsonString(outer, stringRange.start, stringRange.end);
  if (!decoded) return [];
  // The user's rule settings apply inside the string too (an MFA010 turned on is fixable there).
  const inner = lint(decoded.text, { rules: result.options.rules });
  const toOuter = (offset: number) => decoded.boundaries[Math.min(offset, decoded.boundaries.length - 1)];
  const match = inner.findings.find((f) => f.rule === finding.rule && toOuter(f.range.start) === finding.range.start);
  if (!match) return [];
  return fixesFor(inner, match).map((fix) => ({
    ...fix,
    edits: [{ offset: stringRange.start, length: stringRange.end - stringRange.start, content: (yaml ? (t: string) => encodeYamlScalar(original, t) : JSON.stringify)(applyEdits(decoded.text, [...fix.edits])) }],
  }));
}

/** Terraform reads "${…}" as its own interpolation: the policy variable is written "$${aws:username}". */
function escapeTerraformTemplates(fix: Fix): Fix {
  return { ...fix, edits: fix.edits.map((e) => ({ ...e, content: e.content.replace(/(?<!\$)\$\{/g, () => '$${') })) };
}

/** In YAML, a replaced plain or single-quoted scalar keeps its style where that stays valid. */
function keepYamlQuoting(text: string, fix: Fix): Fix {
  const edits = fix.edits.map((e) => {
    const original = text.slice(e.offset, e.offset + e.length);
    if (!/^"[^"\\]*"$/.test(e.content) || original.startsWith('"')) return e;
    const value = e.content.slice(1, -1);
    if (original.startsWith("'")) return { ...e, content: `'${value.replace(/'/g, "''")}'` };
    return PLAIN_YAML_SAFE.test(value) ? { ...e, content: value } : e;
  });
  return { ...fix, edits };
}

/** Starts with a letter and holds nothing YAML reads specially (": ", " #", flow indicators). */
const PLAIN_YAML_SAFE = /^[A-Za-z][A-Za-z0-9_:\/.*$-]*$/;

/**
 * Why a finding of a fixable rule has no fix here, for the hover ("a fix that cannot be made
 * safely is not offered: say why"). undefined when a fix is offered or the rule has none.
 */
export function whyNoFix(result: LintResult, finding: Finding, fixes: readonly Fix[] = fixesFor(result, finding)): string | undefined {
  if (!isFixable(finding.rule) || fixes.length > 0) return undefined;
  if (result.parsed.problems.length > 0) return 'No quick-fix while the file has syntax errors: a structural edit could not be placed safely. Fix the syntax first.';
  if (result.parsed.format === 'hcl') return 'No quick-fix: this change needs a new block or statement, which is not written automatically in Terraform yet. Edit the module by hand as the message says.';
  if (result.parsed.format === 'yaml') return 'No quick-fix: this change needs a structural edit, which is not made automatically in YAML. Edit the template by hand as the message says.';
  return 'No quick-fix: every automatic edit here would also change something else (an exemption with a single entry, a wildcard that covers other actions, or a statement shared with other actions). Edit it by hand as the message says.';
}

export function applyFix(text: string, fix: Fix): string {
  return applyEdits(text, [...fix.edits]);
}

/** rule|severity counts: "no new finding" compares these, since ranges move with edits. */
function tally(findings: readonly Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(`${f.rule}|${f.severity}`, (counts.get(`${f.rule}|${f.severity}`) ?? 0) + 1);
  return counts;
}

/** The fix made things strictly better: parses as well as before, one fewer of its finding, nothing new. */
export function isImprovement(before: LintResult, after: LintResult, fixed: Finding): boolean {
  if (after.parsed.problems.length > before.parsed.problems.length) return false;
  const was = tally(before.findings);
  const now = tally(after.findings);
  const key = `${fixed.rule}|${fixed.severity}`;
  if ((now.get(key) ?? 0) >= (was.get(key) ?? 0)) return false;
  for (const [k, n] of now) if (n > (was.get(k) ?? 0)) return false;
  return true;
}

export interface FixAllResult {
  readonly text: string;
  readonly applied: readonly { readonly rule: string; readonly title: string }[];
}

/**
 * Every safe fix. A document with many policies is fixed one policy at a time, each on its
 * own text (a fix changes nothing outside its policy), and the whole result is checked once:
 * re-linting a 6 MB file after each of 200 fixes took minutes. When that check fails, or the
 * document is not plain JSON with separate policies, fixes are applied one after the other
 * on the whole text, as before.
 */
export function fixAll(text: string, options: LintOptions = {}, maxFixes = 200): FixAllResult {
  const result = lint(text, options);
  return fixPolicyByPolicy(text, result, options, maxFixes) ?? fixSequentially(text, result, options, maxFixes);
}

function fixPolicyByPolicy(text: string, result: LintResult, options: LintOptions, maxFixes: number): FixAllResult | undefined {
  const { analyses, parsed } = result;
  if (analyses.length < 2 || parsed.format !== 'json' || parsed.problems.length > 0 || result.suppressed.length > 0) return undefined;
  if (analyses.some((a) => a.policy.embeddedIn || a.policy.fromTerraformDataSource || a.policy.shape !== 'document')) return undefined;
  const fixable = new Set<number>();
  for (const f of result.findings) if (f.policyIndex !== undefined && isFixable(f.rule)) fixable.add(f.policyIndex);
  if (fixable.size === 0) return { text, applied: [] };
  const ranges = analyses.map((a) => a.policy.range);
  for (let i = 1; i < ranges.length; i++) if (ranges[i].start < ranges[i - 1].end) return undefined;
  const pieces: string[] = [];
  const applied: { rule: string; title: string }[] = [];
  let copiedUpTo = 0;
  for (const index of [...fixable].sort((a, b) => a - b)) {
    const { start, end } = ranges[index];
    // The policy alone, after its line's indentation (kept as white space, so a fix indents as it would in place).
    const lineStart = Math.max(text.lastIndexOf('\n', start - 1), text.lastIndexOf('\r', start - 1)) + 1;
    const prefix = text.slice(lineStart, start).replace(/[^\t]/g, ' ');
    const own = prefix + text.slice(start, end);
    const ownResult = lint(own, options);
    if (ownResult.analyses.length !== 1) return undefined;
    const fixed = fixSequentially(own, ownResult, options, maxFixes);
    if (!fixed.text.startsWith(prefix)) return undefined;
    pieces.push(text.slice(copiedUpTo, start), fixed.text.slice(prefix.length));
    copiedUpTo = end;
    for (const a of fixed.applied) applied.push(a);
  }
  pieces.push(text.slice(copiedUpTo));
  if (applied.length === 0) return { text, applied };
  const fixedText = pieces.join('');
  // The same guarantee as one fix at a time: parses as well, fewer findings, nothing new.
  const after = lint(fixedText, options, result);
  if (after.parsed.problems.length > parsed.problems.length || after.analyses.length !== analyses.length) return undefined;
  const was = tally(result.findings);
  for (const [k, n] of tally(after.findings)) if (n > (was.get(k) ?? 0)) return undefined;
  if (after.findings.length >= result.findings.length) return undefined;
  return { text: fixedText, applied };
}

function fixSequentially(text: string, initial: LintResult, options: LintOptions, maxFixes: number): FixAllResult {
  let current = text;
  let result = initial;
  const applied: { rule: string; title: string }[] = [];
  const refused = new Set<string>();
  for (let round = 0; round < maxFixes; round++) {
    let progressed = false;
    // Errors first, then by rule: the MFA001 allowlist decides what the other fixes see.
    const ordered = [...result.findings].sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
    for (const finding of ordered) {
      const candidate = fixesFor(result, finding).find((f) => f.preferred && f.safeForFixAll);
      if (!candidate) continue;
      const key = `${candidate.rule}|${candidate.title}`;
      if (refused.has(key)) continue;
      const next = applyFix(current, candidate);
      // Unchanged policies keep their findings: only the fixed one is checked again.
      const nextResult = lint(next, options, result);
      if (!isImprovement(result, nextResult, finding)) {
        refused.add(key);
        continue;
      }
      current = next;
      result = nextResult;
      applied.push({ rule: candidate.rule, title: candidate.title });
      progressed = true;
      break; // ranges moved: start again from the new findings
    }
    if (!progressed) break;
  }
  return { text: current, applied };
}

/** The value of one YAML scalar as the yaml library reads it (the same reader the parser uses). */
function yamlScalarValue(raw: string): string {
  const value = parseYaml('k: ' + raw).get('k');
  return typeof value === 'string' ? value : '';
}
