// What one run produced, in the shape every formatter reads. A file's report keeps only what
// the output shows (no text, no trees), so a run over 100,000 files holds little, and a worker
// thread can send it back as plain data.
import { Finding, LineIndex, Severity, TextRange } from '../core';
import type { CliOptions } from './args';
import type { InputSource } from './files';

export interface FileReport {
  readonly source: InputSource;
  /** As shown to the user: relative to cwd when below it, "<stdin>" for stdin. */
  readonly displayPath: string;
  /** The findings shown: at or above --severity, in position order. */
  readonly findings: readonly ReportedFinding[];
  /** How many IAM policies the file holds. */
  readonly policyCount: number;
  /** Findings turned off in the file itself (Sid suffix, comment). */
  readonly suppressedCount: number;
}

/** A finding as the output shows it: positions worked out, no fix data. */
export interface ReportedFinding extends Omit<Finding, 'data' | 'related'> {
  readonly region: Region;
  readonly related?: readonly { readonly message: string; readonly range: TextRange; readonly region: Region }[];
  /** For SARIF fingerprints (only with --format sarif): the flagged text without white space, and where its statement is. */
  readonly identity?: { readonly flagged: string; readonly statement: string };
}

export interface SkippedInput {
  readonly displayPath: string;
  readonly reason: string;
}

export interface RunReport {
  readonly options: CliOptions;
  readonly cwd: string;
  /** Every input that was read and linted, in command-line order. */
  readonly files: readonly FileReport[];
  /** Too large or binary: noted on stderr, not linted, exit code unaffected. */
  readonly skipped: readonly SkippedInput[];
  /** Missing or unreadable paths (and inputs the linter failed on): exit code 2. */
  readonly failed: readonly SkippedInput[];
  /** Matched by an "ignore" glob of the project's .iam-mfa-guard.json: counted, not linted. */
  readonly ignored: readonly SkippedInput[];
}

/** 1-based line and column; endColumn is exclusive (the column after the last character), as in ESLint and SARIF. */
export interface Region {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export function regionOf(lineIndex: LineIndex, range: TextRange): Region {
  const start = lineIndex.positionAt(range.start);
  const end = lineIndex.positionAt(Math.max(range.start, range.end));
  return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

export interface SeverityCounts {
  error: number;
  warning: number;
  information: number;
  hint: number;
}

export function countBySeverity(files: readonly FileReport[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const file of files) for (const f of file.findings) counts[f.severity satisfies Severity]++;
  return counts;
}

/** Messages are shown on one line; rules should not put newlines in them, but never trust it. */
export function oneLine(message: string): string {
  return withoutControlCharacters(message.replace(/\s*[\r\n]+\s*/g, ' ')).trim();
}

/**
 * Text from the files (action names, Sids, paths) with C0/C1 control characters, DEL and
 * bidirectional overrides replaced by U+FFFD: an ESC sequence in a policy must not reach the
 * terminal, colour or no colour. Tabs and line breaks are kept.
 */
export function withoutControlCharacters(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '\ufffd');
}
