// Hovers that explain: a statement in each request context, a finding (why, attack, fix,
// source), an action or wildcard, a condition operator or key, and the policy's summary.
// Markdown and offsets only: lsp/hover.ts turns the range into a position range.
import type { PolicyAnalysis, AnalyzedStatement } from '../analysis/policyAnalysis';
import { expandActionPattern } from '../analysis/actionSet';
import { CONTEXTS, CONTEXT_TITLES, ContextId, describeContexts } from '../analysis/contexts';
import { evaluateKey } from '../analysis/conditions';
import { parseOperator } from '../analysis/operators';
import { getCatalog } from '../catalog/catalog';
import { Finding, SEVERITY_ORDER } from '../findings';
import type { LintResult } from '../lint';
import type { ConditionKeyNode, ConditionOperatorNode, StringNode, TextRange } from '../model';
import { contains } from '../positions';
import { ALL_RULES, RULES_BY_ID } from '../rules/registry';
import { describeActionEntry, levelBreakdown, mfaClassSentence } from '../explain/actionText';
import { describeConditionKey, mfaKeyValueIn } from '../explain/conditionKeys';
import { describeOperator } from '../explain/operatorText';
import { explainStatement } from '../explain/statementText';
import { evaluateStatement } from '../analysis/evaluate';
import { analysisPrincipal } from '../analysis/resourceFacts';
import { decideRequest, defaultRequests } from './decisions';
import { isMfaKeyName } from '../analysis/mfaKeys';
import { SUMMARY_CONTEXTS, summarizePolicy } from '../explain/summary';
import { code, escapeMarkdown, formatCount, plural } from '../explain/text';
import { RULE_DOCS_BASE_URL, ruleDocsUrl } from '../../shared/ruleDocs';
import { RULE_DOC_PAGES } from './generated/ruleDocPages';
import { documentFixes } from './fixes';

const RULE = '\n\n---\n\n';

interface Target {
  readonly range: TextRange;
  readonly markdown: string;
}

export interface HoverInfo {
  readonly markdown: string;
  readonly range?: TextRange;
}

export function provideHover(result: LintResult, offset: number): HoverInfo | null {
  const parts: string[] = [];
  let range: TextRange | undefined;
  // The most severe, then the most specific finding is explained; others get one line each.
  const findings = result.findings
    .filter((f) => contains(f.range, offset))
    .sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || a.range.end - a.range.start - (b.range.end - b.range.start));
  findings.slice(0, 4).forEach((finding, i) => {
    parts.push(i === 0 ? findingMarkdown(finding, result) : findingLine(finding));
    range ??= finding.range;
  });
  const reference = result.parsed.fileReferences?.find((r) => contains(r.range, offset));
  if (reference) {
    parts.push(`**Policy read from ${code(reference.path)}** — Terraform's ${code(reference.call + '()')} reads this policy from that file (relative to this module). IAM MFA Guard checks it there, on its own: its findings are shown in that file (\`iam-mfa-guard\` on the module folder reports them too).`);
    range ??= reference.range;
  }
  const named = result.parsed.documentReferences?.find((r) => contains(r.range, offset));
  if (named) {
    const document = result.parsed.policies.findIndex((p) => p.terraformDocument?.name === named.name);
    if (document >= 0) {
      const at = result.parsed.policies[document].range.start;
      const line = result.parsed.text.slice(0, at).split('\n').length;
      const count = result.findings.filter((f) => f.policyIndex === document).length;
      parts.push(`**Policy from ${code(`data.aws_iam_policy_document.${named.name}`)}** (line ${line}) — checked there: ${count === 0 ? 'no finding' : plural(count, 'finding')}.`);
    } else {
      parts.push(`**Policy from ${code(`data.aws_iam_policy_document.${named.name}`)}** — that document is in another file of the module: it is checked there.`);
    }
    range ??= named.range;
  }
  const target = elementTarget(result.analyses, offset);
  if (target) {
    parts.push(target.markdown);
    range = target.range;
  }
  if (parts.length === 0) return null;
  return { markdown: parts.join(RULE), range };
}

// ---------------------------------------------------------------------------- findings

/** Longest hover for one finding: read in five seconds (the e2e suite holds it to this). */
export const FINDING_HOVER_MAX = 1200;

/**
 * What a finding means where it is, the attack in one line, the fix, and a link to the rule
 * page. Never the diagnostic's message: the editor shows it right above the hover. The rule
 * page's research notes (sources, variants) stay on the page.
 */
export function findingMarkdown(finding: Finding, result?: LintResult): string {
  const meta = RULES_BY_ID.get(finding.rule);
  const page = RULE_DOC_PAGES[finding.rule];
  const title = meta?.title ?? page?.title ?? '';
  const lines = [`**${finding.rule}${title ? ` · ${escapeMarkdown(title)}` : ''}**`];
  const here = hereSentence(finding, result);
  if (here) lines.push('', `**Here:** ${here}`);
  const attack = firstSentence(page?.sections['The attack']);
  if (attack) lines.push('', `**Attack:** ${attack}`);
  const fix = fixSentence(finding, result, firstSentence(page?.sections['How to fix']));
  if (fix) lines.push('', `**Fix:** ${fix}`);
  lines.push('', `[Rule page: ${finding.rule}](${ruleDocsUrl(finding.rule)})`);
  return lines.join('\n');
}

/** A second finding at the same place: its rule and a link. */
function findingLine(finding: Finding): string {
  const title = RULES_BY_ID.get(finding.rule)?.title ?? RULE_DOC_PAGES[finding.rule]?.title ?? '';
  return `**${finding.rule}**${title ? ` · ${escapeMarkdown(title)}` : ''} — [rule page](${ruleDocsUrl(finding.rule)})`;
}

/** Which requests get through, and in which statement: the finding's own data, not the rule page. */
function hereSentence(finding: Finding, result: LintResult | undefined): string | undefined {
  const contexts = (finding.data as { contexts?: unknown } | undefined)?.contexts;
  const known = Array.isArray(contexts) ? contexts.filter((c): c is ContextId => typeof c === 'string' && c in CONTEXTS) : [];
  const statement = finding.statementIndex === undefined ? undefined : result?.analyses.find((a) => a.policyIndex === (finding.policyIndex ?? 0))?.policy.statements[finding.statementIndex];
  const sid = statement?.sid?.value;
  const where = sid ? `in statement ${code(sid)}` : finding.statementIndex !== undefined ? `in statement ${finding.statementIndex + 1}` : '';
  if (known.length) return `affects ${escapeMarkdown(describeContexts(known))}${where ? `, ${where}` : ''}.`.replace(/^a/, 'A');
  return where ? `${where[0].toUpperCase()}${where.slice(1)}.` : undefined;
}

/** The rule page's first fix sentence, then what the editor can do about this finding. */
function fixSentence(finding: Finding, result: LintResult | undefined, advice: string | undefined): string | undefined {
  if (!result) return advice;
  const fixes = documentFixes(result);
  const quick = fixes.for(finding).find((f) => f.preferred) ?? fixes.for(finding)[0];
  if (quick) return `${advice ? `${advice} ` : ''}Quick fix (Ctrl+.): *${escapeMarkdown(quick.title)}*.`;
  const reason = fixes.whyNone(finding);
  return reason ? `${advice ? `${advice} ` : ''}*${escapeMarkdown(reason)}*` : advice;
}

/** The first sentence of a rule-page section, on one line, links made absolute, at most ~300 characters. */
function firstSentence(section: string | undefined): string | undefined {
  if (!section) return undefined;
  const paragraph = section.split(/\n\s*\n/)[0].replace(/\s+/g, ' ').trim();
  if (!paragraph || paragraph.startsWith('```')) return undefined;
  // The first full stop outside code spans that ends a sentence ("… policy. Before"), not one inside `s3.amazonaws.com`.
  let inCode = false;
  let end = paragraph.length;
  for (let i = 0; i < paragraph.length; i++) {
    if (paragraph[i] === '`') inCode = !inCode;
    else if (!inCode && paragraph[i] === '.' && (i + 1 === paragraph.length || /^ [A-Z(]/.test(paragraph.slice(i + 1, i + 3)))) {
      end = i + 1;
      break;
    }
  }
  let sentence = paragraph.slice(0, end).trim().replace(/:$/, '');
  if (sentence.length > 320) sentence = sentence.slice(0, sentence.lastIndexOf(' ', 317)) + ' …';
  if (!/[.!?…]$/.test(sentence)) sentence += '.';
  return absoluteLinks(sentence);
}

/** Rule pages link each other relatively ("[MFA002](MFA002.md)"); a hover needs full URLs. */
function absoluteLinks(markdown: string): string {
  return markdown.replace(/\]\(([A-Za-z0-9_-]+)\.md(#[^)]*)?\)/g, (_m, page: string, anchor: string | undefined) => {
    const url = /^[A-Z]{3}\d{3}$/.test(page) ? ruleDocsUrl(page) : `${RULE_DOCS_BASE_URL}${page}.md`;
    return `](${url}${anchor ?? ''})`;
  });
}


// ---------------------------------------------------------------------------- elements

function elementTarget(analyses: readonly PolicyAnalysis[], offset: number): Target | undefined {
  for (const analysis of analyses) {
    const policy = analysis.policy;
    if (!contains(policy.range, offset) && !(policy.embeddedIn && contains(policy.embeddedIn, offset))) continue;
    for (const stmt of analysis.statements) {
      if (!contains(stmt.node.range, offset)) continue;
      const found = statementTarget(analysis, stmt, offset);
      if (found) return found;
    }
    if (policy.statementProperty && contains(policy.statementProperty.keyRange, offset)) return { range: policy.statementProperty.keyRange, markdown: policyMarkdown(analysis) };
    const unknownStatement = policy.unknownStatements?.find((u) => contains(u.range, offset));
    if (unknownStatement) return { range: unknownStatement.range, markdown: unknownStatementMarkdown(unknownStatement.value) };
    if (policy.version && contains(policy.version.range, offset)) return { range: policy.version.range, markdown: versionMarkdown(policy.version.value) };
  }
  return undefined;
}

function statementTarget(analysis: PolicyAnalysis, stmt: AnalyzedStatement, offset: number): Target | undefined {
  const node = stmt.node;
  for (const element of [node.action, node.notAction]) {
    if (!element) continue;
    const value = element.values.find((v) => contains(v.range, offset));
    if (value) return { range: value.range, markdown: actionMarkdown(analysis, value, element.key === 'NotAction') };
  }
  for (const element of [node.action, node.notAction, node.resource, node.notResource]) {
    const unknown = element?.unknownEntries?.find((v) => contains(v.range, offset));
    if (unknown) return { range: unknown.range, markdown: unknownMarkdown(element!.key, unknown.value) };
  }
  for (const op of node.condition?.operators ?? []) {
    if (contains(op.nameRange, offset)) return { range: op.nameRange, markdown: operatorMarkdown(op) };
    for (const key of op.keys) {
      if (contains(key.nameRange, offset) || contains(key.valueRange, offset)) return { range: key.nameRange, markdown: keyMarkdown(op, key) };
    }
  }
  const onBrace = offset === node.range.start || offset === node.range.end - 1;
  const onSidOrEffect = [node.sid?.range, node.effect?.range].some((r) => r && contains(r, offset));
  const onElementKey = node.elements.find((e) => contains(e.range, offset));
  if (onBrace || onSidOrEffect || onElementKey) {
    const range = onElementKey?.range ?? (onSidOrEffect ? [node.sid, node.effect].find((n) => n && contains(n.range, offset))!.range : { start: offset, end: offset + 1 });
    return { range, markdown: statementMarkdown(analysis, stmt) };
  }
  return undefined;
}

/** An entry whose value Terraform or CloudFormation computes: say what it was and that nothing rests on it. */
function unknownMarkdown(element: string, expression: string): string {
  return [
    `**Unknown value** in ${code(element)}: ${code(expression)}`,
    '',
    'Its value is computed when the template is applied, so it is not known here. IAM MFA Guard does not guess it: the entry is left out of the analysis, and no finding rests on it.',
  ].join('\n');
}

/** A statement (or the whole Statement) computed at deploy time: say what it was and which findings wait for it. */
function unknownStatementMarkdown(expression: string): string {
  const waiting = ALL_RULES.filter((r) => r.restsOnEveryStatement).map((r) => r.id);
  return [
    `**Statement computed at deploy time:** ${code(expression)}`,
    '',
    `What it holds is known only when the template is applied, so IAM MFA Guard does not guess it. The policy's other statements are checked as usual, but findings that rest on every statement of the policy (${waiting.join(', ')}) are not reported while it is here: it might deny or allow what they are about.`,
  ].join('\n');
}

export function statementMarkdown(analysis: PolicyAnalysis, stmt: AnalyzedStatement): string {
  const explanation = explainStatement(stmt, analysis.policy.shape === 'statement-fragment');
  const lines = [`**${explanation.heading}**`, '', explanation.summary, ''];
  for (const c of explanation.contexts) lines.push(`- **${c.title}:** ${c.sentence}`);
  const table = decisionTable(analysis, stmt);
  if (table.length) lines.push('', ...table);
  return lines.join('\n');
}

const TABLE_CONTEXTS: readonly [ContextId, string][] = [
  ['access-key', 'access key'],
  ['no-mfa-session', 'no-MFA session'],
  ['mfa-session', 'MFA session'],
  ['mfa-stale', 'stale MFA'],
];

/**
 * The decision, per context, on the enrolment and dangerous requests this statement names (as
 * `iam-mfa-guard explain` gives them), for the whole policy with Allow * assumed; ✱ marks the
 * cells this statement decides.
 */
function decisionTable(analysis: PolicyAnalysis, stmt: AnalyzedStatement): string[] {
  const principalArn = analysisPrincipal(analysis.home);
  const requests = defaultRequests(principalArn).filter((r) => evaluateStatement(stmt.node, { ...r, principalArn, context: 'mfa-session' }, analysis.policy).action !== 'no');
  if (requests.length === 0) return [];
  const rows = requests.slice(0, 8).map((r) => {
    const decided = decideRequest(analysis.policy, r, { principalArn, assume: 'allow-all' });
    const cells = TABLE_CONTEXTS.map(([id]) => {
      const d = decided.contexts[id];
      const mine = d.statements.some((ref) => ref.statement === stmt.node);
      return `${d.decision}${mine ? ' ✱' : ''}`;
    });
    const resource = r.resource === '*' ? '`*`' : `\`${r.resource.split(':').slice(5).join(':')}\``;
    return `| \`${r.action}\` on ${resource} | ${cells.join(' | ')} |`;
  });
  return [
    `Decisions for \`${principalArn}\` holding Allow * (✱ = decided by this statement):`,
    '',
    `| request | ${TABLE_CONTEXTS.map(([, label]) => label).join(' | ')} |`,
    `|---|${TABLE_CONTEXTS.map(() => '---').join('|')}|`,
    ...rows,
    ...(requests.length > 8 ? ['', `_and ${requests.length - 8} more: \`iam-mfa-guard explain\`_`] : []),
  ];
}

function policyMarkdown(analysis: PolicyAnalysis): string {
  const lines = [`**Policy** — ${plural(analysis.statements.length, 'statement')}`];
  if (!analysis.mentionsMfa) {
    lines.push('', 'No statement of this policy has an MFA condition.');
    return lines.join('\n');
  }
  const summary = summarizePolicy(analysis);
  lines.push('', summary.text, '', 'Counted for a principal that also holds `Allow *:*` (e.g. AdministratorAccess): what this policy\'s Deny statements leave possible.');
  return lines.join('\n');
}

function versionMarkdown(version: string): string {
  if (version === '2012-10-17') return '**Version `2012-10-17`** — the current policy language. Needed for policy variables such as `${aws:username}`.';
  if (version === '2008-10-17') return '**Version `2008-10-17`** — the old policy language: policy variables such as `${aws:username}` are not replaced in it. Use `2012-10-17`.';
  return `**Version ${code(version)}** — not a policy language version IAM knows. Use \`2012-10-17\`.`;
}

function actionMarkdown(analysis: PolicyAnalysis, value: StringNode, inNotAction: boolean): string {
  const info = describeActionEntry(value.value);
  const lines: string[] = [];
  switch (info.kind) {
    case 'action': {
      const a = info.action!;
      lines.push(`**${code(a.id)}** — ${info.serviceName ?? a.service} · ${a.accessLevel}`);
      if (info.details?.description) lines.push('', escapeMarkdown(info.details.description) + (info.details.description.endsWith('.') ? '' : '.'));
      if (info.details?.resourceTypes.length) lines.push('', `Resource types: ${info.details.resourceTypes.map(code).join(', ')}`);
      lines.push('', mfaClassSentence(a.key));
      break;
    }
    case 'all':
      lines.push(`**${code(value.value)}** — every action: ${plural(info.count, 'action')} in ${formatCount(getCatalog().services.size)} services.`);
      break;
    case 'wildcard': {
      lines.push(`**${code(value.value)}** covers ${plural(info.count, 'action')}${info.serviceName ? ` of ${info.serviceName}` : ''}${info.count ? `: ${levelBreakdown(info.byLevel)}` : ''}.`);
      if (info.examples.length) lines.push('', `For example ${info.examples.map(code).join(', ')}${info.count > info.examples.length ? ' …' : ''}`);
      if (info.count) lines.push('', `Of these, ${formatCount(info.neverWithoutMfa)} must never work without MFA and ${formatCount(info.selfService)} ${info.selfService === 1 ? 'is' : 'are'} in the self-service set.`);
      break;
    }
    case 'unknown':
      lines.push(`**${code(value.value)}** — not an action the IAM catalog (${getCatalog().version}) knows${info.serviceName ? ` in ${info.serviceName}` : ''}. IAM ignores it, so it grants or denies nothing.`);
      break;
    default:
      lines.push(`**${code(value.value)}** — not of the form \`service:action\`: it matches no action.`);
  }
  if (analysis.mentionsMfa && info.kind !== 'malformed') lines.push('', reachabilityLine(analysis, value.value, info.kind === 'action' ? 1 : info.count));
  if (inNotAction) lines.push('', '_In `NotAction`: the statement applies to every action except this one._');
  return lines.join('\n');
}

/** Whether the entry's actions stay possible without MFA under this policy. */
function reachabilityLine(analysis: PolicyAnalysis, pattern: string, count: number): string {
  const covered = expandActionPattern(pattern);
  const parts = SUMMARY_CONTEXTS.map((context) => {
    const reachable = analysis.reachable(context).intersect(covered);
    const n = reachable.count();
    const where = CONTEXTS[context].where;
    if (count <= 1) return `${n > 0 ? '**reachable**' : 'denied'} ${where}`;
    return `${n === 0 ? 'none' : n >= count ? '**all**' : `**${formatCount(n)}**`} reachable ${where}`;
  });
  return `Without MFA under this policy: ${parts.join(' · ')}.`;
}

function operatorMarkdown(op: ConditionOperatorNode): string {
  const d = describeOperator(op.name);
  const lines = [`**${code(op.name)}** — condition operator`, '', d.summary, '', `**When the key is absent:** ${d.whenAbsent}`];
  const mfaKeys = op.keys.filter((k) => isMfaKeyName(k.name));
  for (const key of mfaKeys) lines.push('', ...contextTable(op, key));
  return lines.join('\n');
}

function keyMarkdown(op: ConditionOperatorNode, key: ConditionKeyNode): string {
  const d = describeConditionKey(key.name);
  const kind = d.scope === 'global' ? 'global condition key' : d.scope ? `${d.scope} condition key` : 'condition key';
  const lines = [`**${code(d.name)}** — ${kind}${d.type ? ` · ${d.type}` : ''}`, '', d.description];
  if (d.presence) lines.push('', `**Present:** ${d.presence}`);
  if (d.caution) lines.push('', d.caution);
  if (isMfaKeyName(key.name)) lines.push('', ...contextTable(op, key));
  return lines.join('\n');
}

/** How `op` on `key` with the written values evaluates in each request context. */
function contextTable(op: ConditionOperatorNode, key: ConditionKeyNode): string[] {
  const info = parseOperator(op.name);
  if (!info) return [];
  // Policy text only inside code spans: a backtick in a key or value cannot break out.
  const values = key.values.map((v) => (typeof v.value === 'string' ? code(`"${v.value}"`) : code(String(v.value)))).join(', ');
  const rows = [`${code(op.name)} on ${code(key.name)} = ${values || '(no value)'}:`, '', '| request | key | condition |', '|---|---|---|'];
  const contexts: ContextId[] = ['access-key', 'no-mfa-session', 'mfa-session'];
  // The age key tells an MFA session just signed in from one signed in hours ago.
  if (/age/i.test(key.name)) contexts.push('mfa-stale');
  for (const context of contexts) {
    const result = evaluateKey(info, key, CONTEXTS[context]);
    rows.push(`| ${CONTEXT_TITLES[context]} | ${mfaKeyValueIn(key.name, context) ?? '—'} | ${result === 'holds' ? 'matches' : result === 'fails' ? 'does not match' : 'depends'} |`);
  }
  return rows;
}
