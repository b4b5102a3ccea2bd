// Human-readable output: one line per finding, `file:line:col  severity  message  RULE`,
// then a summary line. Colour only when asked for (a TTY, no NO_COLOR, no --no-color).
import { Severity, atLeast, formatCount, plural } from '../../core';
import { FileReport, RunReport, countBySeverity, oneLine, withoutControlCharacters } from '../report';

const LABELS: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', information: 'info', hint: 'hint' };
const LABEL_WIDTH = Object.values(LABELS).reduce((w, l) => Math.max(w, l.length), 0);

interface Paint {
  severity(s: Severity, text: string): string;
  dim(text: string): string;
  summary(kind: 'error' | 'warning' | 'ok' | 'other', text: string): string;
}

const ANSI = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const red = ANSI(31, 39);
const yellow = ANSI(33, 39);
const cyan = ANSI(36, 39);
const green = ANSI(32, 39);
const gray = ANSI(90, 39);
const bold = ANSI(1, 22);

const COLOURS: Paint = {
  severity: (s, text) => (s === 'error' ? red(text) : s === 'warning' ? yellow(text) : s === 'information' ? cyan(text) : gray(text)),
  dim: gray,
  summary: (kind, text) => (kind === 'error' ? bold(red(text)) : kind === 'warning' ? bold(yellow(text)) : kind === 'ok' ? green(text) : bold(text)),
};
const PLAIN: Paint = { severity: (_s, t) => t, dim: (t) => t, summary: (_k, t) => t };

export function formatText(report: RunReport, colour: boolean): string {
  const paint = colour ? COLOURS : PLAIN;
  const out: string[] = [];
  // One line at a time: spreading 130,000 lines into push() overflows the stack.
  for (const file of report.files) for (const line of fileLines(file, paint)) out.push(line);
  if (!report.options.quiet) {
    if (out.length > 0) out.push('');
    out.push(summaryLine(report, paint));
  }
  return out.length > 0 ? out.join('\n') + '\n' : '';
}

function fileLines(file: FileReport, paint: Paint): string[] {
  if (file.findings.length === 0) return [];
  const displayPath = withoutControlCharacters(file.displayPath);
  const rows = file.findings.map((f) => {
    const r = f.region;
    return { finding: f, location: `${displayPath}:${r.line}:${r.column}` };
  });
  // Columns line up within one file; paths of different lengths would push them too far apart.
  const width = rows.reduce((w, r) => Math.max(w, r.location.length), 0);
  const lines: string[] = [];
  for (const { finding, location } of rows) {
    const label = LABELS[finding.severity].padEnd(LABEL_WIDTH);
    lines.push(`${location.padEnd(width)}  ${paint.severity(finding.severity, label)}  ${oneLine(finding.message)}  ${paint.dim(finding.rule)}`);
    for (const related of finding.related ?? []) {
      const r = related.region;
      lines.push(paint.dim(`    ↳ ${displayPath}:${r.line}:${r.column}  ${oneLine(related.message)}`));
    }
  }
  return lines;
}

function summaryLine(report: RunReport, paint: Paint): string {
  const counts = countBySeverity(report.files);
  const total = counts.error + counts.warning + counts.information + counts.hint;
  const linted = report.files.length;
  const withPolicies = report.files.filter((f) => f.policyCount > 0).length;
  const withProblems = report.files.filter((f) => f.findings.length > 0).length;
  const tail: string[] = [];
  tail.push(` (${formatCount(withPolicies)} with IAM policies)`);
  const suppressed = report.files.reduce((sum, f) => sum + f.suppressedCount, 0);
  if (suppressed > 0) tail.push(`; ${formatCount(suppressed)} suppressed in the files`);
  if (report.ignored.length > 0) tail.push(`; ${formatCount(report.ignored.length)} ignored by .iam-mfa-guard.json`);
  if (report.skipped.length > 0) tail.push(`; ${formatCount(report.skipped.length)} skipped`);
  if (report.failed.length > 0) tail.push(`; ${formatCount(report.failed.length)} could not be read`);
  const rest = tail.join('');
  // The same shape every time, whatever the counts: one count per severity shown (--severity).
  const parts = [plural(counts.error, 'error')];
  if (atLeast('warning', report.options.minSeverity)) parts.push(plural(counts.warning, 'warning'));
  if (atLeast('information', report.options.minSeverity)) parts.push(`${formatCount(counts.information)} info`);
  if (atLeast('hint', report.options.minSeverity)) parts.push(plural(counts.hint, 'hint'));
  // A tick only when a policy was checked and nothing failed: checking nothing is not a pass.
  const failed = counts.error > 0 || report.failed.length > 0;
  const nothingChecked = !failed && total === 0 && withPolicies === 0;
  const kind = failed ? 'error' : counts.warning > 0 || nothingChecked ? 'warning' : total > 0 ? 'other' : 'ok';
  const mark = failed || total > 0 ? '✖' : nothingChecked ? '⚠' : '✔';
  return paint.summary(kind, `${mark} ${plural(total, 'problem')} (${parts.join(', ')}) in ${formatCount(withProblems)} of ${plural(linted, 'file')}`) + rest;
}

