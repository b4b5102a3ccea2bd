#!/usr/bin/env node
// The `iam-mfa-guard` command: wires arguments, inputs, the core's lint() and a formatter
// together, and decides the exit code. `run` is exported so tests can call it in-process.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ProjectConfigFinder } from '../config/projectConfig';
import { packageInfo } from '../shared/packageInfo';
import { CliOptions, parseCliArgs, usageText } from './args';
import { collectInputs, InputSource } from './files';
import { isLintWorker, lintInWorkers, runLintWorker, SourceFeed, workerCount } from './jobs';
import { FileOutcome, FollowedReference, lintSource } from './lintFile';
import { withoutControlCharacters } from './report';
import { formatJson } from './formatters/json';
import { formatText } from './formatters/text';
import type { FileReport, RunReport, SkippedInput } from './report';
import { holdYoungGeneration } from './youngGeneration';
import { isInside } from '../shared/walk';

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

/** Set by the command's own process only: its lint runs may tune V8's heap (youngGeneration.ts), which is process-wide. */
let tunesHeap = false;

export async function run(argv: readonly string[], rawIo: CliIo): Promise<number> {
  // Paths, messages and config problems come from other people's files: no control characters reach the terminal.
  const io: CliIo = { ...rawIo, stderr: { write: (text: string) => rawIo.stderr.write(withoutControlCharacters(text)) } };
  if (argv[0] === 'lsp') return startLanguageServer(argv.slice(1), io);
  if (argv[0] === 'audit') return (await import('./audit')).runAudit(argv.slice(1), io);
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

  // --fix-dry-run puts the diff on stdout (to pipe into `git apply`), so the report goes to stderr.
  const reportStream = options.fix === 'dry-run' ? io.stderr : io.stdout;
  const colour = io.isTTY && !options.noColor && !(io.env ?? process.env).NO_COLOR;
  const output = options.format === 'json' ? formatJson(report) : options.format === 'sarif' ? sarifFormatter().formatSarif(report) : formatText(report, colour);
  if (output) reportStream.write(output);

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
  const reportedConfigs = new Set<string>();
  const keepYoungGenerationSmall = tunesHeap ? holdYoungGeneration : () => {};
  keepYoungGenerationSmall();
  // Files are linted as the walk finds them, but reported only once it is over, in input
  // order and after the paths it could not read, as if every input had been collected first.
  // Not with stdin (read on this thread alone), nor with --fix, whose writes the walk must not see.
  const feed = new SourceFeed();
  // Policy files a Terraform module reads with file(…) are linted after the others, once each.
  const followed: InputSource[] = [];
  const listed = new Set<string>();
  const collecting = collectInputs(options.paths, io.cwd, (source) => {
    if (source.kind === 'file') listed.add(source.absolutePath);
    feed.add(source);
  });
  if (options.paths.includes('-') || options.fix === 'write') await collecting;
  const sources = feed.sources;
  // Every file's outcome is recorded here, in input order, whichever thread linted it.
  const record = (source: InputSource, outcome: FileOutcome) => {
    if (outcome.kind === 'skipped') {
      io.stderr.write(`${PROGRAM}: skipped ${source.displayPath}: ${outcome.reason}\n`);
      skipped.push({ displayPath: source.displayPath, reason: outcome.reason });
      return;
    }
    if (outcome.kind === 'unreadable') {
      io.stderr.write(`${PROGRAM}: cannot read ${source.displayPath}: ${outcome.message}\n`);
      failed.push({ displayPath: source.displayPath, reason: outcome.message });
      return;
    }
    const config = outcome.config;
    if (config && !reportedConfigs.has(config.file)) {
      reportedConfigs.add(config.file);
      for (const problem of config.problems) io.stderr.write(`${PROGRAM}: ${problem}\n`);
    }
    if (outcome.kind === 'ignored') {
      ignored.push({ displayPath: source.displayPath, reason: outcome.reason });
      return;
    }
    if (outcome.stdout) io.stdout.write(outcome.stdout);
    if (outcome.stderr) io.stderr.write(outcome.stderr);
    if (outcome.kind === 'failed') {
      io.stderr.write(`${PROGRAM}: cannot lint ${source.displayPath}: ${outcome.reason}\n`);
      failed.push({ displayPath: source.displayPath, reason: outcome.reason });
      return;
    }
    files.push(outcome.report);
    if (source.kind === 'file') followFileReferences(source, outcome.references, followed, listed, io);
  };
  // Outcomes that come before the walk is over wait here.
  let early: FileOutcome[] | undefined = [];
  const walked = collecting.then(
    ({ problems }) => {
      for (const problem of problems) {
        io.stderr.write(`${PROGRAM}: cannot read ${problem.path}: ${problem.message}\n`);
        failed.push({ displayPath: problem.path, reason: problem.message });
      }
      early!.forEach((outcome, i) => record(sources[i], outcome));
      early = undefined;
      feed.end();
      return problems;
    },
    (error: unknown) => {
      feed.end();
      throw error;
    },
  );
  const onOutcome = (i: number, outcome: FileOutcome) => (early ? early.push(outcome) : record(sources[i], outcome));
  const configs = new ProjectConfigFinder();
  // Linting starts during the walk, before any outcome is recorded: the heap is looked at per file here.
  const lintHere = (source: InputSource) => {
    keepYoungGenerationSmall();
    return lintSource(source, options, io.cwd, configs, () => io.stdin);
  };
  // stdin is read on this thread.
  const countFor = (known: number) => (options.paths.includes('-') ? 0 : workerCount(options.jobs, known));
  await lintInWorkers(__filename, feed, options, io.cwd, countFor, lintHere, onOutcome);
  const problems = await walked;
  for (let i = 0; i < followed.length; i++) record(followed[i], await lintHere(followed[i]));
  if (sources.length === 0 && problems.length === 0) {
    io.stderr.write(`${PROGRAM}: no files to lint in ${options.paths.join(', ')} (a folder yields its *.json, *.jsonc, *.yaml, *.yml, *.template and *.tf files)\n`);
  }
  return { options, cwd: io.cwd, files, skipped, failed, ignored };
}

// Loaded only by the runs that use them: start-up pays for what every run needs, no more.
/* eslint-disable @typescript-eslint/no-require-imports */
const sarifFormatter = () => require('./formatters/sarif') as typeof import('./formatters/sarif');
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * `policy = file("${path.module}/x.json")`: the named file is checked too (once), and a note on
 * stderr says, at the reference, which file that was.
 */
function followFileReferences(source: InputSource & { kind: 'file' }, references: readonly FollowedReference[], sources: InputSource[], listed: Set<string>, io: CliIo): void {
  for (const reference of references) {
    const absolutePath = path.resolve(path.dirname(source.absolutePath), ...reference.path.split('/'));
    const where = `${source.displayPath}:${reference.line}:${reference.column}`;
    if (!fs.existsSync(absolutePath)) {
      io.stderr.write(`${PROGRAM}: ${where}: ${reference.call}() names ${reference.path}, which does not exist: not checked\n`);
      continue;
    }
    // The core only follows paths that stay in the module's folder; a link must not lead out of it either.
    if (!staysInFolder(path.dirname(source.absolutePath), absolutePath)) {
      io.stderr.write(`${PROGRAM}: ${where}: ${reference.call}() names ${reference.path}, which leads out of the folder of this configuration: not read\n`);
      continue;
    }
    const displayPath = path.relative(io.cwd, absolutePath).split(path.sep).join('/') || absolutePath;
    io.stderr.write(`${PROGRAM}: ${where}: the policy ${reference.call}() reads is checked in ${displayPath}\n`);
    if (listed.has(absolutePath)) continue;
    listed.add(absolutePath);
    sources.push({ kind: 'file', absolutePath, displayPath });
  }
}

/** Whether the file, its links resolved, is below the folder (not the folder itself). */
function staysInFolder(folder: string, file: string): boolean {
  try {
    const realFolder = fs.realpathSync(folder);
    const real = fs.realpathSync(file);
    return real !== realFolder && isInside(real, realFolder);
  } catch {
    return false;
  }
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

if (isLintWorker()) {
  runLintWorker();
} else if (require.main === module) {
  tunesHeap = true;
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
