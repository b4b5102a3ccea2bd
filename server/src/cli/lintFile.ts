// One input, from its bytes to what the report keeps of it: read, project config, fixes, lint,
// and the shown findings with their lines and columns. Runs the same on the main thread and in
// a worker thread (--jobs); what it would print comes back as text for the main thread to
// print in input order.
import * as path from 'node:path';
import { isIgnored, ProjectConfigFinder } from '../config/projectConfig';
import { atLeast, Finding, fixAll, LineIndex, lint, LintOptions, LintResult, prepareLint } from '../core';
import { formatOf } from '../shared/formats';
import type { CliOptions } from './args';
import { InputSource, ReadResult, readSource, STDIN_NAME } from './files';
import { writeFixedFile } from './safeWrite';
import { FileReport, regionOf, ReportedFinding } from './report';

const PROGRAM = 'iam-mfa-guard';

/** The project config that applied, for the main thread to report its problems once. */
export interface ConfigNote {
  readonly file: string;
  readonly problems: readonly string[];
}

export type FileOutcome =
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'unreadable'; readonly message: string }
  | { readonly kind: 'ignored'; readonly config: ConfigNote; readonly reason: string }
  /** `stdout`/`stderr`: what --fix and --fix-dry-run print for the file. */
  | { readonly kind: 'failed'; readonly config?: ConfigNote; readonly stdout: string; readonly stderr: string; readonly reason: string }
  | {
      readonly kind: 'linted';
      readonly config?: ConfigNote;
      readonly stdout: string;
      readonly stderr: string;
      readonly report: FileReport;
      /** Terraform file("…") references, for the main thread to follow. */
      readonly references: readonly FollowedReference[];
    };

/** A file the linted text names (Terraform `file("${path.module}/x.json")`), with where it is named. */
export interface FollowedReference {
  readonly path: string;
  readonly call: string;
  /** 1-based, of the reference's start. */
  readonly line: number;
  readonly column: number;
}

export async function lintSource(
  source: InputSource,
  options: CliOptions,
  cwd: string,
  configs: ProjectConfigFinder,
  stdin: () => NodeJS.ReadableStream,
): Promise<FileOutcome> {
  const read = await readSource(source, stdin, options.maxFileSize);
  if (read.kind === 'skipped') return { kind: 'skipped', reason: read.reason };
  if (read.kind === 'unreadable') return { kind: 'unreadable', message: read.message };
  let text = read.text;
  const output = { stdout: '', stderr: '' };
  let result: LintResult;
  let config: ConfigNote | undefined;
  try {
    // Inside the per-file guard: a broken config costs this file's report at most, never the run's.
    const found = configs.forFile(source.kind === 'file' ? source.absolutePath : path.join(cwd, 'stdin.json'));
    config = found && { file: found.file, problems: found.problems };
    if (source.kind === 'file' && isIgnored(found, source.absolutePath)) {
      return { kind: 'ignored', config: config!, reason: `ignored by ${path.relative(cwd, found!.file) || found!.file}` };
    }
    // The command line's --rule settings win over the project's file.
    const lintOptions = { rules: { ...found?.rules, ...options.rules }, format: formatOf(source.displayPath, read.text) };
    await prepareLint(text, lintOptions);
    if (options.fix !== 'none') text = applySafeFixes(source, read, lintOptions, options.fix, output);
    result = lint(text, lintOptions);
    if (source.kind === 'stdin') output.stderr += uncheckedStdinNote(text, result);
  } catch (error) {
    // The core is meant never to throw; if it does (e.g. absurdly deep nesting), say which
    // file and carry on with the others.
    return { kind: 'failed', config, ...output, reason: `the linter failed on this file: ${(error as Error).message}` };
  }
  const references = result.parsed.fileReferences ?? [];
  const lines = references.length > 0 ? new LineIndex(text) : undefined;
  const followed = references.map((r): FollowedReference => {
    const at = lines!.positionAt(r.range.start);
    return { path: r.path, call: r.call, line: at.line + 1, column: at.character + 1 };
  });
  return { kind: 'linted', config, ...output, report: fileReport(source, text, result, options), references: followed };
}

/** What the output needs of one linted file; the text and the trees are left behind. */
function fileReport(source: InputSource, text: string, result: LintResult, options: CliOptions): FileReport {
  const shown = result.findings.filter((f) => atLeast(f.severity, options.minSeverity));
  // Line starts only for the files that have something to show.
  const lines = shown.length > 0 ? new LineIndex(text) : undefined;
  const findings = shown.map((f): ReportedFinding => {
    const { data: _data, related, ...rest } = f;
    return {
      ...rest,
      region: regionOf(lines!, f.range),
      ...(related ? { related: related.map((r) => ({ message: r.message, range: r.range, region: regionOf(lines!, r.range) })) } : {}),
      ...(options.format === 'sarif' ? { identity: identityOf(text, result, f) } : {}),
    };
  });
  return { source, displayPath: source.displayPath, findings, policyCount: result.parsed.policies.length, suppressedCount: result.suppressed.length };
}

/**
 * What makes a finding the same finding after unrelated edits, besides its rule and file: the
 * text it points at (whitespace ignored) and the statement it is in (by Sid, else by policy
 * path and index). Never line or column numbers.
 */
function identityOf(text: string, result: LintResult, finding: Finding): { flagged: string; statement: string } {
  const flagged = text.slice(finding.range.start, finding.range.end).replace(/\s+/g, '');
  let statement = '';
  const policy = finding.policyIndex !== undefined ? result.parsed.policies[finding.policyIndex] : undefined;
  if (policy) {
    const where = policy.path.map(String).join('/');
    const node = finding.statementIndex !== undefined ? policy.statements.find((s) => s.index === finding.statementIndex) : undefined;
    if (node?.sid?.value) statement = `${where}#sid:${node.sid.value}`;
    else if (finding.statementIndex !== undefined) statement = `${where}#${finding.statementIndex}`;
    else statement = `${where}#policy`;
  }
  return { flagged, statement };
}

/** A pipe that delivered nothing, or something that is not a policy, should not pass unnoticed. */
function uncheckedStdinNote(text: string, result: LintResult): string {
  if (result.parsed.policies.length > 0 || result.findings.length > 0) return '';
  if (text.trim() === '') return `${PROGRAM}: ${STDIN_NAME} is empty: nothing was checked\n`;
  return `${PROGRAM}: ${STDIN_NAME} holds no IAM policy: nothing was checked (expected a policy document or statement, aws iam get-policy-version output, a CloudFormation template or Terraform JSON)\n`;
}

/**
 * --fix writes the file and lists the fixes on stderr, and the report describes the fixed text;
 * --fix-dry-run prints a unified diff on stdout, and the report describes the text as it is on disk.
 */
function applySafeFixes(
  source: InputSource,
  read: Extract<ReadResult, { kind: 'text' }>,
  lintOptions: LintOptions,
  mode: 'write' | 'dry-run',
  output: { stdout: string; stderr: string },
): string {
  const text = read.text;
  const { text: fixed, applied } = fixAll(text, lintOptions);
  if (applied.length === 0) return text;
  if (mode === 'dry-run') {
    output.stdout += diffLibrary().createTwoFilesPatch(`a/${source.displayPath}`, `b/${source.displayPath}`, text, fixed);
    return text;
  }
  if (source.kind !== 'file' || !read.bytes || !read.stored) return text;
  // Atomic, in the file's own encoding, refused when the file changed or is a link out of the tree.
  const outcome = writeFixedFile({ absolutePath: source.absolutePath, realPath: source.realPath, walkedFrom: source.walkedFrom, original: read.bytes, stored: read.stored }, fixed);
  if (!outcome.written) {
    output.stderr += `${PROGRAM}: not fixed ${source.displayPath}: ${outcome.reason}\n`;
    return text;
  }
  for (const fix of applied) output.stderr += `${PROGRAM}: fixed ${source.displayPath}: ${fix.rule} ${fix.title}\n`;
  return fixed;
}

// Loaded only by the runs that use it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const diffLibrary = () => require('diff') as typeof import('diff');
