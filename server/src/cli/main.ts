#!/usr/bin/env node
// The `iam-mfa-guard` command: wires arguments, inputs, the core's lint() and a formatter
// together, and decides the exit code. `run` is exported so tests can call it in-process.
import { Finding, FileReference, LineIndex, LintOptions, atLeast, fixAll, lint, prepareLint } from '../core';
import { formatOf } from '../shared/formats';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isIgnored, ProjectConfigFinder } from '../config/projectConfig';
import { createTwoFilesPatch } from 'diff';
import { packageInfo } from '../shared/packageInfo';
import { CliOptions, parseCliArgs, usageText } from './args';
import { collectInputs, InputSource, readSource, ReadResult } from './files';
import { writeFixedFile } from './safeWrite';
import { withoutControlCharacters } from './report';
import { formatJson } from './formatters/json';
import { formatSarif } from './formatters/sarif';
import { formatText } from './formatters/text';
import type { FileReport, RunReport, SkippedInput } from './report';

export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Read only when "-" is among the paths. */
  readonly stdin: NodeJS.ReadableStream;
  /** Whether stdout is a terminal (colour is only used on one). */
  readonly isTTY: boolean;
  readonly cwd: string;
  /** For NO_COLOR; defaults to process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

const PROGRAM = 'iam-mfa-guard';

export async function run(argv: readonly string[], rawIo: CliIo): Promise<number> {
  // Paths, messages and config problems come from other people's files: no control characters reach the terminal.
  const io: CliIo = { ...rawIo, stderr: { write: (text: string) => rawIo.stderr.write(withoutControlCharacters(text)) } };
  if (argv[0] === 'lsp') return startLanguageServer(argv.slice(1), io);
  if (argv[0] === 'explain') return (await import('./explain')).runExplain(argv.slice(1), io);

  const parsed = parseCliArgs(argv);
  switch (parsed.kind) {
    case 'help':
      io.stdout.write(usageText());
      return EXIT_OK;
    case 'version':
      io.stdout.write(`${packageInfo().version}\n`);
      return EXIT_OK;
    case 'usage-error':
      io.stderr.write(`${PROGRAM}: ${parsed.message}\nRun "${PROGRAM} --help" for usage.\n`);
      return EXIT_USAGE;
  }
  const options = parsed.options;
  const report = await lintInputs(options, io);

  const colour = io.isTTY && !options.noColor && !(io.env ?? process.env).NO_COLOR;
  const output = options.format === 'json' ? formatJson(report) : options.format === 'sarif' ? formatSarif(report) : formatText(report, colour);
  if (output) io.stdout.write(output);

  if (report.failed.length > 0) return EXIT_USAGE;
  const hasErrors = report.files.some((f) => f.findings.some((x) => x.severity === 'error'));
  const warnings = report.files.reduce((n, f) => n + f.findings.filter((x) => x.severity === 'warning').length, 0);
  const tooManyWarnings = options.maxWarnings !== undefined && warnings > options.maxWarnings;
  if (tooManyWarnings) io.stderr.write(`${PROGRAM}: ${warnings} warnings, more than --max-warnings ${options.maxWarnings}\n`);
  return (hasErrors || tooManyWarnings) && !options.exitZero ? EXIT_FINDINGS : EXIT_OK;
}

async function lintInputs(options: CliOptions, io: CliIo): Promise<RunReport> {
  const files: FileReport[] = [];
  const skipped: SkippedInput[] = [];
  const failed: SkippedInput[] = [];
  const ignored: SkippedInput[] = [];
  const configs = new ProjectConfigFinder();
  const reportedConfigs = new Set<string>();
  const collected = await collectInputs(options.paths, io.cwd);
  const { problems } = collected;
  // Policy files a Terraform module reads with file(…) join the list (the loop sees them).
  const sources: InputSource[] = [...collected.sources];
  const listed = new Set(sources.flatMap((s) => (s.kind === 'file' ? [s.absolutePath] : [])));
  for (const problem of problems) {
    io.stderr.write(`${PROGRAM}: cannot read ${problem.path}: ${problem.message}\n`);
    failed.push({ displayPath: problem.path, reason: problem.message });
  }
  for (const source of sources) {
    const read = await readSource(source, () => io.stdin, options.maxFileSize);
    if (read.kind === 'skipped') {
      io.stderr.write(`${PROGRAM}: skipped ${source.displayPath}: ${read.reason}\n`);
      skipped.push({ displayPath: source.displayPath, reason: read.reason });
      continue;
    }
    if (read.kind === 'unreadable') {
      io.stderr.write(`${PROGRAM}: cannot read ${source.displayPath}: ${read.message}\n`);
      failed.push({ displayPath: source.displayPath, reason: read.message });
      continue;
    }
    let result;
    let text = read.text;
    try {
      // Inside the per-file guard: a broken config costs this file's report at most, never the run's.
      const config = configs.forFile(source.kind === 'file' ? source.absolutePath : path.join(io.cwd, 'stdin.json'));
      if (config && !reportedConfigs.has(config.file)) {
        reportedConfigs.add(config.file);
        for (const problem of config.problems) io.stderr.write(`${PROGRAM}: ${problem}\n`);
      }
      if (source.kind === 'file' && isIgnored(config, source.absolutePath)) {
        ignored.push({ displayPath: source.displayPath, reason: `ignored by ${path.relative(io.cwd, config!.file) || config!.file}` });
        continue;
      }
      // The command line's --rule settings win over the project's file.
      const lintOptions = { rules: { ...config?.rules, ...options.rules }, format: formatOf(source.displayPath, read.text) };
      await prepareLint(text, lintOptions);
      if (options.fix !== 'none') text = applySafeFixes(source, read, lintOptions, options.fix, io);
      result = lint(text, lintOptions);
    } catch (error) {
      // The core is meant never to throw; if it does (e.g. absurdly deep nesting), say which
      // file and carry on with the others.
      const reason = `the linter failed on this file: ${(error as Error).message}`;
      io.stderr.write(`${PROGRAM}: cannot lint ${source.displayPath}: ${reason}\n`);
      failed.push({ displayPath: source.displayPath, reason });
      continue;
    }
    const shown: Finding[] = result.findings.filter((f) => atLeast(f.severity, options.minSeverity));
    const lineIndex = new LineIndex(text);
    files.push({ source, displayPath: source.displayPath, text, lineIndex, result, findings: shown });
    if (source.kind === 'file') followFileReferences(source, result.parsed.fileReferences ?? [], lineIndex, sources, listed, io);
  }
  return { options, cwd: io.cwd, files, skipped, failed, ignored };
}

/**
 * `policy = file("${path.module}/x.json")`: the named file is checked too (once), and a note on
 * stderr says, at the reference, which file that was.
 */
function followFileReferences(source: InputSource & { kind: 'file' }, references: readonly FileReference[], lines: LineIndex, sources: InputSource[], listed: Set<string>, io: CliIo): void {
  for (const reference of references) {
    const absolutePath = path.resolve(path.dirname(source.absolutePath), ...reference.path.split('/'));
    const at = lines.positionAt(reference.range.start);
    const where = `${source.displayPath}:${at.line + 1}:${at.character + 1}`;
    if (!fs.existsSync(absolutePath)) {
      io.stderr.write(`${PROGRAM}: ${where}: ${reference.call}() names ${reference.path}, which does not exist: not checked\n`);
      continue;
    }
    const displayPath = path.relative(io.cwd, absolutePath).split(path.sep).join('/') || absolutePath;
    io.stderr.write(`${PROGRAM}: ${where}: the policy ${reference.call}() reads is checked in ${displayPath}\n`);
    if (listed.has(absolutePath)) continue;
    listed.add(absolutePath);
    sources.push({ kind: 'file', absolutePath, displayPath });
  }
}

/**
 * --fix writes the file and lists the fixes on stderr; --fix-dry-run prints a unified diff on
 * stdout. Either way the report that follows describes the fixed text.
 */
function applySafeFixes(source: InputSource, read: Extract<ReadResult, { kind: 'text' }>, lintOptions: LintOptions, mode: 'write' | 'dry-run', io: CliIo): string {
  const text = read.text;
  const { text: fixed, applied } = fixAll(text, lintOptions);
  if (applied.length === 0) return text;
  if (mode === 'dry-run') {
    io.stdout.write(createTwoFilesPatch(`a/${source.displayPath}`, `b/${source.displayPath}`, text, fixed));
    return fixed;
  }
  if (source.kind !== 'file' || !read.bytes || !read.stored) return text;
  const outcome = writeFixedFile({ absolutePath: source.absolutePath, realPath: source.realPath, walkedFrom: source.walkedFrom, original: read.bytes, stored: read.stored }, fixed);
  if (!outcome.written) {
    io.stderr.write(`${PROGRAM}: not fixed ${source.displayPath}: ${outcome.reason}\n`);
    return text;
  }
  for (const fix of applied) io.stderr.write(`${PROGRAM}: fixed ${source.displayPath}: ${fix.rule} ${fix.title}\n`);
  return fixed;
}

const LSP_TRANSPORTS = ['--stdio', '--node-ipc', '--socket', '--pipe'];

/**
 * `iam-mfa-guard lsp --stdio`: the language server lives in server/src/lsp/server and is
 * loaded only here, so the linter never pays for it. Requiring it starts nothing; its start()
 * does (vscode-languageserver's createConnection() reads the transport from process.argv).
 */
async function startLanguageServer(args: readonly string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(`Usage: ${PROGRAM} lsp --stdio\n\nRuns the IAM MFA Guard language server over the given transport (--stdio, --node-ipc, --socket=PORT or --pipe=NAME).\n`);
    return EXIT_OK;
  }
  if (!args.some((a) => LSP_TRANSPORTS.some((t) => a === t || a.startsWith(`${t}=`)))) {
    io.stderr.write(`${PROGRAM}: lsp needs a transport: ${PROGRAM} lsp --stdio\n`);
    return EXIT_USAGE;
  }
  const server = require('../lsp/server') as typeof import('../lsp/server');
  server.start();
  return EXIT_OK;
}

if (require.main === module) {
  // `iam-mfa-guard … | head` closes the pipe early; that is not a crash.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
    throw error;
  });
  run(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    // A getter: touching process.stdin opens fd 0, which only "-" needs.
    get stdin() {
      return process.stdin;
    },
    isTTY: process.stdout.isTTY === true,
    cwd: process.cwd(),
    env: process.env,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: Error) => {
      process.stderr.write(`${PROGRAM}: internal error: ${error?.stack ?? String(error)}\n`);
      process.exitCode = EXIT_USAGE;
    },
  );
}
