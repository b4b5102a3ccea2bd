// `iam-mfa-guard explain`: for every policy in the given files, the decision on each request in
// each request context (access keys, session without MFA, MFA session, stale MFA session), with
// the statements that decide it. The evaluation is the core's (core/service/decisions.ts).
import { Assumption, ContextDecision, ContextId, DEFAULT_PRINCIPAL, explainDocument, LineIndex, RequestDecisions } from '../core';
import { formatOf } from '../shared/formats';
import { DEFAULT_MAX_FILE_SIZE, parseCommandLine } from './args';
import { collectInputs, readSource } from './files';
import type { CliIo } from './main';

const PROGRAM = 'iam-mfa-guard explain';
/** "aws:SourceVpc", "aws:PrincipalTag/team", "s3:prefix": a service prefix, a colon, a name. */
const CONDITION_KEY = /^[a-z0-9-]+:[^\s=]+$/;
const MFA_KEYS = ['aws:multifactorauthpresent', 'aws:multifactorauthage'];

/** JSON names of the contexts, in the order they are printed. */
const CONTEXT_NAMES: readonly [ContextId, string, string][] = [
  ['access-key', 'accessKey', 'access key'],
  ['no-mfa-session', 'noMfaSession', 'session without MFA'],
  ['mfa-session', 'mfaSession', 'MFA session'],
  ['mfa-stale', 'staleMfaSession', 'stale MFA session'],
];

export interface ExplainOptions {
  readonly format: 'text' | 'json';
  readonly requests?: { action: string; resource: string }[];
  readonly principalArn: string;
  readonly maxAge: number;
  readonly assume: Assumption;
  /** Request facts beyond the MFA keys and the principal's, by lower-case key name. */
  readonly knownKeys: Readonly<Record<string, readonly string[]>>;
  readonly absentKeys: readonly string[];
  readonly paths: readonly string[];
}

export function explainUsage(): string {
  return `Usage: iam-mfa-guard explain [options] PATH...

For every policy in the files, the decision on each request in each context: accessKey
(long-term access keys), noMfaSession (signed in without MFA), mfaSession, staleMfaSession
(MFA older than --max-age): denied, allowed, or depends (naming the keys it depends on),
with the statements that decide it.

PATH is a file, a folder (searched for .json/.yaml/.template files) or "-" for stdin.

Options:
      --request ACTION=ARN   A request to evaluate, e.g.
                             --request iam:DeactivateMFADevice=arn:aws:iam::123456789012:user/alice
                             (repeatable; ARN "*" for actions without resource types). Default:
                             the enrolment and never-without-MFA actions on the principal's own
                             resources.
      --principal ARN        Who asks (default ${DEFAULT_PRINCIPAL}); gives \${aws:username}.
      --max-age SECONDS      The MFA age limit a stale session exceeds (default 3600).
      --assume allow-all|nothing
                             allow-all (default): the principal also holds Allow * (what a
                             force-MFA Deny must withstand). nothing: the policy alone must allow.
      --key KEY=VALUE        A fact of the request, e.g. --key aws:ViaAWSService=false or
                             --key aws:PrincipalTag/team=ops (repeat a key for several values).
                             Keys not given (other than the MFA keys and the principal's) are
                             unknown: decisions on them say "depends".
      --absent KEY           A key the request does not carry (repeatable).
  -f, --format text|json     Output format (default text).
  -h, --help                 Show this help.
`;
}

export function parseExplainArgs(argv: readonly string[]): ExplainOptions | { help: true } | { error: string } {
  const parsed = parseCommandLine(argv, {
    request: { type: 'string', multiple: true },
    principal: { type: 'string' },
    'max-age': { type: 'string' },
    assume: { type: 'string' },
    key: { type: 'string', multiple: true },
    absent: { type: 'string', multiple: true },
    format: { type: 'string', short: 'f' },
    help: { type: 'boolean', short: 'h' },
  });
  if ('error' in parsed) return parsed;
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  const knownKeys: Record<string, string[]> = Object.create(null);
  for (const spec of (values.key as string[] | undefined) ?? []) {
    const eq = spec.indexOf('=');
    const key = spec.slice(0, eq).trim().toLowerCase();
    if (eq <= 0 || !CONDITION_KEY.test(key)) return { error: `--key expects KEY=VALUE (e.g. aws:ViaAWSService=false); got "${spec}".` };
    if (MFA_KEYS.includes(key)) return { error: `--key ${spec.slice(0, eq)}: the MFA keys are set by each context; they cannot be given.` };
    (knownKeys[key] ??= []).push(spec.slice(eq + 1));
  }
  const absentKeys: string[] = [];
  for (const spec of (values.absent as string[] | undefined) ?? []) {
    const key = spec.trim().toLowerCase();
    if (!CONDITION_KEY.test(key)) return { error: `--absent expects a condition key such as aws:SourceVpc; got "${spec}".` };
    if (MFA_KEYS.includes(key)) return { error: `--absent ${spec}: the MFA keys are set by each context; they cannot be given.` };
    if (key in knownKeys) return { error: `--absent ${spec}: the key is also given with --key.` };
    absentKeys.push(key);
  }
  const format = (values.format as string | undefined) ?? 'text';
  if (format !== 'text' && format !== 'json') return { error: `--format must be text or json; got "${format}".` };
  const principalArn = (values.principal as string | undefined) ?? DEFAULT_PRINCIPAL;
  if (!/^arn:[^:]+:(iam|sts)::[^:]*:[^:]+/.test(principalArn)) return { error: `--principal must be an IAM or STS ARN such as ${DEFAULT_PRINCIPAL}; got "${principalArn}".` };
  const maxAge = values['max-age'] === undefined ? 3600 : Number(values['max-age']);
  if (!Number.isInteger(maxAge) || maxAge < 0) return { error: `--max-age takes a whole number of seconds; got "${values['max-age']}".` };
  const assume = (values.assume as string | undefined) ?? 'allow-all';
  if (assume !== 'allow-all' && assume !== 'nothing') return { error: `--assume must be allow-all or nothing; got "${assume}".` };
  let requests: { action: string; resource: string }[] | undefined;
  for (const spec of (values.request as string[] | undefined) ?? []) {
    const eq = spec.indexOf('=');
    const action = spec.slice(0, eq).trim();
    const resource = spec.slice(eq + 1).trim();
    if (eq <= 0 || !/^[\w-]+:[\w*?-]+$/.test(action) || !resource) return { error: `--request expects ACTION=RESOURCE_ARN (e.g. iam:DeactivateMFADevice=arn:aws:iam::123456789012:user/alice); got "${spec}".` };
    (requests ??= []).push({ action, resource });
  }
  if (positionals.length === 0) return { error: 'no files or folders given (use "-" to read a policy from stdin).' };
  return { format, requests, principalArn, maxAge, assume, knownKeys, absentKeys, paths: positionals };
}

interface PolicyReport {
  file: string;
  policy: number;
  requests: readonly RequestDecisions[];
  lines: LineIndex;
}

export async function runExplain(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseExplainArgs(argv);
  if ('help' in parsed) {
    io.stdout.write(explainUsage());
    return 0;
  }
  if ('error' in parsed) {
    io.stderr.write(`${PROGRAM}: ${parsed.error}\nRun "${PROGRAM} --help" for usage.\n`);
    return 2;
  }
  const options = parsed;
  const reports: PolicyReport[] = [];
  let failed = false;
  const { sources, problems } = await collectInputs(options.paths, io.cwd);
  for (const problem of problems) {
    io.stderr.write(`${PROGRAM}: cannot read ${problem.path}: ${problem.message}\n`);
    failed = true;
  }
  for (const source of sources) {
    const read = await readSource(source, () => io.stdin, DEFAULT_MAX_FILE_SIZE);
    if (read.kind !== 'text') {
      io.stderr.write(`${PROGRAM}: skipped ${source.displayPath}: ${read.kind === 'skipped' ? read.reason : read.message}\n`);
      failed ||= read.kind === 'unreadable';
      continue;
    }
    try {
      const lines = new LineIndex(read.text);
      const decided = explainDocument(read.text, formatOf(source.displayPath, read.text), options.requests, {
        principalArn: options.principalArn,
        assume: options.assume,
        maxMfaAge: options.maxAge,
        knownKeys: options.knownKeys,
        absentKeys: options.absentKeys,
      });
      for (const p of decided) reports.push({ file: source.displayPath, policy: p.policy, requests: p.requests, lines });
    } catch (error) {
      io.stderr.write(`${PROGRAM}: cannot read policies from ${source.displayPath}: ${(error as Error).message}\n`);
      failed = true;
    }
  }
  io.stdout.write(options.format === 'json' ? formatJson(reports) : formatText(reports, options));
  return failed ? 2 : 0;
}

function statementsOf(d: ContextDecision, lines: LineIndex): { sid?: string; line: number }[] {
  return d.statements.map((s) => ({ ...(s.sid !== undefined ? { sid: s.sid } : {}), line: lines.positionAt(s.statement.range.start).line + 1 }));
}

/** The statements computed at deploy time a 'depends' hangs on, with their lines. */
function computedOf(d: ContextDecision, lines: LineIndex): { computedAtDeployTime: string; line: number }[] | undefined {
  return d.dependsOnStatements?.map((u) => ({ computedAtDeployTime: u.value, line: lines.positionAt(u.range.start).line + 1 }));
}

function formatJson(reports: PolicyReport[]): string {
  const out = reports.map((r) => ({
    file: r.file,
    policy: r.policy,
    requests: r.requests.map((q) => ({
      action: q.action,
      resource: q.resource,
      contexts: Object.fromEntries(
        CONTEXT_NAMES.map(([id, name]) => {
          const d = q.contexts[id];
          const computed = computedOf(d, r.lines);
          return [name, { decision: d.decision, statements: statementsOf(d, r.lines), ...(d.decision === 'depends' ? { dependsOn: d.dependsOnKeys } : {}), ...(computed ? { dependsOnStatements: computed } : {}) }];
        }),
      ),
    })),
  }));
  return JSON.stringify(out, null, 2) + '\n';
}

function formatText(reports: PolicyReport[], options: ExplainOptions): string {
  if (reports.length === 0) return 'No IAM policies found.\n';
  const assumption = options.assume === 'allow-all' ? 'with Allow * assumed' : 'this policy alone';
  const out: string[] = [];
  for (const r of reports) {
    out.push(`${r.file} policy ${r.policy} — ${options.principalArn}, ${assumption}, stale = MFA older than ${options.maxAge} s`);
    for (const q of r.requests) {
      out.push(`  ${q.action} on ${q.resource}`);
      for (const [id, , label] of CONTEXT_NAMES) {
        const d = q.contexts[id];
        const by = statementsOf(d, r.lines).map((s) => (s.sid ? `${s.sid} (line ${s.line})` : `line ${s.line}`));
        const computed = (computedOf(d, r.lines) ?? []).map((u) => `the statement computed at deploy time on line ${u.line} (${u.computedAtDeployTime})`);
        const on = [...(d.decision === 'depends' ? d.dependsOnKeys : []), ...computed];
        const keys = on.length ? ` on ${on.join(', ')}` : '';
        out.push(`    ${label.padEnd(20)} ${d.decision + keys}${by.length ? `  by ${by.join(', ')}` : ''}`);
      }
    }
    out.push('');
  }
  return out.join('\n');
}
