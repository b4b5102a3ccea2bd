// Command-line arguments: parsed with node's util.parseArgs, then every value checked here so
// that main only ever sees a valid configuration or one clear usage message.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ALL_RULE_METAS, RULES_BY_ID, Severity, SeveritySetting, parseSeverity, parseSeveritySetting } from '../core';
import { ruleDocsUrl } from '../shared/ruleDocs';
import { defaultJobs, MIN_FILES_FOR_WORKERS } from './jobs';

export interface ParsedCommandLine {
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: string[];
}

/** node's util.parseArgs, strict, with positionals; what it rejects as one sentence for the user. */
export function parseCommandLine(argv: readonly string[], options: NonNullable<ParseArgsConfig['options']>): ParsedCommandLine | { error: string } {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], strict: true, allowPositionals: true, options });
    return { values: values as ParsedCommandLine['values'], positionals };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const option = /'([^']+)'/.exec(e.message)?.[1];
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return { error: `unknown option "${option}" (a file whose name starts with "-" goes after "--").` };
    return { error: e.message };
  }
}

export type OutputFormat = 'text' | 'json' | 'sarif';

export const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;
export const DEFAULT_MIN_SEVERITY: Severity = 'information';

export interface CliOptions {
  readonly format: OutputFormat;
  /** Findings below this severity are not shown (and do not count in the summary). */
  readonly minSeverity: Severity;
  /** Passed to the core's lint() as its `rules` option. */
  readonly rules: Readonly<Record<string, SeveritySetting>>;
  /** --no-color given. Colour is also off when stdout is not a TTY or NO_COLOR is set. */
  readonly noColor: boolean;
  readonly quiet: boolean;
  readonly exitZero: boolean;
  /** --fix: write the safe fixes into the files. --fix-dry-run: print them as a unified diff. */
  readonly fix: 'none' | 'write' | 'dry-run';
  /** Exit 1 when more warnings than this are shown. */
  readonly maxWarnings?: number;
  readonly maxFileSize: number;
  /** At most this many threads (the main one and workers) lint the files (--jobs; default: the number of cores). */
  readonly jobs: number;
  /** Files, folders, and "-" for stdin, as given. */
  readonly paths: readonly string[];
}

export type ParsedArgs =
  | { readonly kind: 'run'; readonly options: CliOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'usage-error'; readonly message: string };

/** Every option the command takes (docs/cli.md and --help are checked against this list). */
export const OPTIONS = {
  format: { type: 'string', short: 'f' },
  severity: { type: 'string' },
  rule: { type: 'string', multiple: true },
  'no-color': { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  'exit-zero': { type: 'boolean' },
  fix: { type: 'boolean' },
  'max-warnings': { type: 'string' },
  'fix-dry-run': { type: 'boolean' },
  'max-file-size': { type: 'string' },
  jobs: { type: 'string', short: 'j' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  const parsed = parseCommandLine(argv, OPTIONS);
  if ('error' in parsed) return usageError(parsed.error);
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const format = (values.format as string | undefined) ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) {
    return usageError(`--format must be one of ${FORMATS.join(', ')}; got "${format}".`);
  }

  let minSeverity = DEFAULT_MIN_SEVERITY;
  if (values.severity !== undefined) {
    const s = parseSeverity(values.severity);
    if (!s) return usageError(`--severity must be one of error, warning (warn), information (info), hint; got "${values.severity}".`);
    minSeverity = s;
  }

  const rules: Record<string, SeveritySetting> = {};
  for (const spec of (values.rule as string[] | undefined) ?? []) {
    for (const part of spec.split(',')) {
      const parsed = parseRuleSetting(part.trim());
      if (typeof parsed === 'string') return usageError(parsed);
      rules[parsed.id] = parsed.setting;
    }
  }

  let maxFileSize = DEFAULT_MAX_FILE_SIZE;
  if (values['max-file-size'] !== undefined) {
    const size = parseSize(values['max-file-size'] as string);
    if (size === undefined) return usageError(`--max-file-size must be a number of bytes (e.g. 10485760 or 10M); got "${values['max-file-size']}".`);
    maxFileSize = size;
  }

  let jobs = defaultJobs();
  if (values.jobs !== undefined) {
    jobs = Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1) return usageError(`--jobs takes a whole number of threads, 1 or more; got "${values.jobs}".`);
  }

  if (positionals.length === 0) return usageError('no files or folders given (use "-" to read a policy from stdin).');
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) return usageError(`--max-warnings takes a whole number of warnings; got "${values['max-warnings']}".`);
  }
  if (values.fix && values['fix-dry-run']) return usageError('--fix and --fix-dry-run exclude each other.');
  if (values.fix && positionals.includes('-')) return usageError('--fix writes files and cannot write to stdin; use --fix-dry-run to see the changes.');

  return {
    kind: 'run',
    options: {
      format: format as OutputFormat,
      minSeverity,
      rules,
      noColor: values['no-color'] === true,
      quiet: values.quiet === true,
      exitZero: values['exit-zero'] === true,
      fix: values.fix ? 'write' : values['fix-dry-run'] ? 'dry-run' : 'none',
      maxWarnings,
      maxFileSize,
      jobs,
      paths: positionals,
    },
  };
}

function parseRuleSetting(part: string): { id: string; setting: SeveritySetting } | string {
  const match = /^([^=\s]+)\s*=\s*(\S+)$/.exec(part);
  if (!match) return `--rule expects ID=SEVERITY (e.g. MFA010=hint or IAM007=off); got "${part}".`;
  const id = match[1].toUpperCase();
  if (!RULES_BY_ID.has(id)) {
    return `--rule: unknown rule "${match[1]}". Known rules: ${ALL_RULE_METAS.map((m) => m.id).join(', ')}.`;
  }
  const setting = parseSeveritySetting(match[2]);
  if (!setting) return `--rule ${id}: severity must be one of error, warning (warn), information (info), hint, off; got "${match[2]}".`;
  return { id, setting };
}

/** Bytes, optionally with a K/M/G suffix (powers of 1024). */
function parseSize(text: string): number | undefined {
  const match = /^(\d+)\s*([kmg])?i?b?$/i.exec(text.trim());
  if (!match) return undefined;
  const unit = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(match[2] ?? '').toLowerCase() as 'k' | 'm' | 'g'] ?? 1;
  const size = Number(match[1]) * unit;
  return Number.isSafeInteger(size) && size > 0 ? size : undefined;
}

function usageError(message: string): ParsedArgs {
  return { kind: 'usage-error', message };
}

export function usageText(): string {
  return `Usage: iam-mfa-guard [options] PATH...
       iam-mfa-guard explain [--request ACTION=ARN]... [options] PATH...
       iam-mfa-guard lsp --stdio
       iam-mfa-guard audit EXPORT.json|PATH... [--credential-report FILE] [--scp PATH]...
                     (who can act without MFA; "iam-mfa-guard audit --help")

Lints AWS IAM policies for the ways force-MFA policies fail.

PATH is a file (linted whatever its extension), a folder (searched recursively for
*.json, *.jsonc, *.yaml, *.yml, *.template and *.tf files, skipping node_modules, .git
and .terraform), or "-" to read one document from stdin.

Options:
  -f, --format text|json|sarif  Output format (default: text). sarif is SARIF 2.1.0 for
                                GitHub code scanning.
      --severity LEVEL          Lowest severity shown: error, warning, information, hint
                                (default: information; hints are hidden). warn and info
                                are accepted.
      --rule ID=SEVERITY        Change a rule's severity, turn an off-by-default rule on
                                (--rule MFA010=hint) or off (--rule IAM007=off).
                                Repeatable; also ID=SEV,ID=SEV.
      --no-color                No colours (also off when stdout is not a terminal or
                                NO_COLOR is set).
  -q, --quiet                   Text format: print the findings only, no summary line.
      --max-warnings N          Exit 1 when more than N warnings are shown.
      --fix                     Apply every safe fix to the files and say what changed
                                (the report then shows what is left).
      --fix-dry-run             Print the safe fixes as a unified diff on stdout and
                                change nothing; the report goes to stderr and the exit
                                code is that of a plain run.
      --exit-zero               Exit 0 even when errors are found (still 2 on usage
                                errors and unreadable paths).
      --max-file-size BYTES     Skip larger files with a note on stderr (default: 10M;
                                K/M/G suffixes allowed).
  -j, --jobs N                  Lint on up to N threads, the main one and N-1 workers
                                (default: the number of cores; runs of fewer than
                                ${MIN_FILES_FOR_WORKERS} files, or of files that cost next to
                                nothing, use one).
  -h, --help                    Show this help.
  -v, --version                 Show the version.

Exit codes: 0 no error-level findings; 1 error-level findings, or more warnings than
--max-warnings; 2 usage error or a path that could not be read (the other paths are
still linted and reported).

Rules and their documentation: ${ruleDocsUrl('README')}
`;
}
