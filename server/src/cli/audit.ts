// `iam-mfa-guard audit EXPORT.json|TEMPLATES… [--credential-report report.csv] [--scp DIR_OR_FILE…]`:
// reads the inputs, builds the principal graph, audits it, prints one of four formats.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditGraph, isTerraformHcl, mergeGraphs, preparePrincipalSource, readCredentialReport, readPrincipalSource, readServiceControlPolicy, readTerraformConfiguration } from '../core';
import type { AuditResult, CredentialReport, PrincipalGraph, ReferenceReader, ServiceControlPolicy, TerraformFile } from '../core';
import { readInsideFolder } from '../shared/readInsideFolder';
import { parseCommandLine } from './args';
import { collectInputs, readSource } from './files';
import { formatAuditHtml } from './formatters/auditHtml';
import { formatAuditJson } from './formatters/auditJson';
import { formatAuditSarif } from './formatters/auditSarif';
import { formatAuditText } from './formatters/auditText';

const PROGRAM = 'iam-mfa-guard';
const FORMATS = ['text', 'json', 'sarif', 'html'] as const;
type AuditFormat = (typeof FORMATS)[number];
const MAX_SIZE = 512 * 1024 * 1024;

export interface AuditIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly cwd: string;
  readonly isTTY?: boolean;
}

export const AUDIT_USAGE = `Usage: ${PROGRAM} audit EXPORT.json|PATH… [options]

Who can act without MFA. EXPORT.json is the output of
"aws iam get-account-authorization-details"; a folder or template (CloudFormation JSON/YAML,
Terraform *.tf.json or *.tf — the .tf files of one folder are one configuration) is audited
from the users, groups, roles and credentials it defines.

Options:
  --credential-report FILE  "aws iam get-credential-report" output (CSV, base64, or the JSON)
  --scp FILE_OR_DIR         service control policies that apply (repeatable)
  -f, --format FORMAT       text (default), json, sarif, html
  -o, --output FILE         write the report there instead of stdout
  --exit-zero               exit 0 even when some principal can act without MFA
  -h, --help

Exit codes: 0 every principal enforced (or no access), 1 some principal can act without MFA,
2 usage error or unreadable input.
`;

export interface AuditRun {
  readonly result: AuditResult;
  readonly texts: ReadonlyMap<string, string>;
}

export async function runAudit(argv: readonly string[], io: AuditIo): Promise<number> {
  const parsed = parseCommandLine(argv, {
    'credential-report': { type: 'string' },
    scp: { type: 'string', multiple: true },
    format: { type: 'string', short: 'f' },
    output: { type: 'string', short: 'o' },
    'exit-zero': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if ('error' in parsed) {
    io.stderr.write(`${PROGRAM} audit: ${parsed.error}\nRun "${PROGRAM} audit --help" for usage.\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(AUDIT_USAGE);
    return 0;
  }
  const format = (values.format as string | undefined) ?? 'text';
  if (!FORMATS.includes(format as AuditFormat)) {
    io.stderr.write(`${PROGRAM} audit: unknown format "${format}" (one of ${FORMATS.join(', ')})\n`);
    return 2;
  }
  if (positionals.length === 0) {
    io.stderr.write(`${PROGRAM} audit: give an account export (aws iam get-account-authorization-details > export.json) or a folder of templates\n`);
    return 2;
  }
  const texts = new Map<string, string>();
  let unreadable = false;
  const readText = (file: string): string | undefined => {
    try {
      const t = fs.readFileSync(path.resolve(io.cwd, file), 'utf8').replace(/^\uFEFF/, '');
      return t;
    } catch (error) {
      io.stderr.write(`${PROGRAM} audit: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
      unreadable = true;
      return undefined;
    }
  };

  const graphs: PrincipalGraph[] = [];
  const configurations = new Map<string, { display: string; files: TerraformFile[] }>();
  const absolutePaths = new Map<string, string>();
  const { sources, problems } = await collectInputs(positionals, io.cwd);
  for (const p of problems) {
    io.stderr.write(`${PROGRAM} audit: cannot read ${p.path}: ${p.message}\n`);
    unreadable = true;
  }
  for (const source of sources) {
    if (source.kind !== 'file') continue;
    const read = await readSource(source, () => process.stdin, MAX_SIZE);
    if (read.kind !== 'text') {
      if (read.kind === 'unreadable') {
        io.stderr.write(`${PROGRAM} audit: cannot read ${source.displayPath}: ${read.message}\n`);
        unreadable = true;
      }
      continue;
    }
    texts.set(source.displayPath, read.text);
    if (isTerraformHcl(source.displayPath)) {
      // The .tf files of one folder are one configuration: read together below.
      const folder = path.dirname(source.absolutePath);
      const configuration = configurations.get(folder) ?? { display: path.dirname(source.displayPath), files: [] };
      configuration.files.push({ file: source.displayPath, text: read.text });
      configurations.set(folder, configuration);
      absolutePaths.set(source.displayPath, source.absolutePath);
      continue;
    }
    const graph = readPrincipalSource(read.text, source.displayPath);
    if (graph) graphs.push(graph);
  }
  for (const [folder, configuration] of configurations) {
    if (!configuration.files.some((f) => f.text.includes('aws_iam_'))) continue;
    await preparePrincipalSource(configuration.files.find((f) => f.text.includes('aws_iam_'))!.text, configuration.files[0].file);
    const readReference: ReferenceReader = (fromFile, relative) => readInsideFolder(path.dirname(absolutePaths.get(fromFile) ?? path.join(folder, 'x')), relative);
    graphs.push(readTerraformConfiguration(configuration.files, configuration.display, { readReference }));
  }

  let credentials: CredentialReport | undefined;
  const reportFile = values['credential-report'] as string | undefined;
  if (reportFile) {
    const text = readText(reportFile);
    if (text !== undefined) credentials = readCredentialReport(text, reportFile);
  }

  const scps: ServiceControlPolicy[] = [];
  const scpProblems: string[] = [];
  for (const given of (values.scp as string[] | undefined) ?? []) {
    const collected = await collectInputs([given], io.cwd);
    for (const p of collected.problems) {
      io.stderr.write(`${PROGRAM} audit: cannot read ${p.path}: ${p.message}\n`);
      unreadable = true;
    }
    for (const s of collected.sources) {
      if (s.kind !== 'file') continue;
      const text = readText(s.absolutePath);
      if (text === undefined) continue;
      const read = readServiceControlPolicy(text, s.displayPath);
      if (read.scp) scps.push(read.scp);
      if (read.problem) scpProblems.push(read.problem.message);
    }
  }

  const graph = mergeGraphs(graphs);
  const result = auditGraph(graph, { credentials, scps });
  for (const m of scpProblems) result.problems.push({ message: m });
  for (const p of result.problems) io.stderr.write(`${PROGRAM} audit: ${p.message}\n`);
  if (graphs.length === 0 && !unreadable) {
    io.stderr.write(`${PROGRAM} audit: no users, groups or roles found in ${positionals.join(', ')}\n`);
  }

  const output = render(format as AuditFormat, result, texts, io);
  const outFile = values.output as string | undefined;
  if (outFile) fs.writeFileSync(path.resolve(io.cwd, outFile), output);
  else io.stdout.write(output);

  if (unreadable) return 2;
  const open = result.principals.some((p) => p.verdict === 'not-enforced' || p.verdict === 'partial' || p.verdict === 'console-only');
  return open && !values['exit-zero'] ? 1 : 0;
}

function render(format: AuditFormat, result: AuditResult, texts: ReadonlyMap<string, string>, io: AuditIo): string {
  switch (format) {
    case 'json':
      return formatAuditJson(result);
    case 'sarif':
      return formatAuditSarif(result, texts, io.cwd);
    case 'html':
      return formatAuditHtml(result);
    default:
      return formatAuditText(result);
  }
}
