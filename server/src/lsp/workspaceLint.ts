// "Lint the workspace": the client names the files (it knows the workspace's excludes), the
// server reads each from disk, checks it as it would an open document and publishes its
// diagnostics, so the Problems panel lists findings in files nobody opened. Open documents keep
// the diagnostics of their editor text; a file closed after it was linted from disk gets its
// disk diagnostics back.
import * as fs from 'node:fs';
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { languageIdOf, looksBinary } from '../shared/formats';
import type { FindingCounts, LintFilesParams, LintFilesResult } from '../shared/lspProtocol';
import { DiagnosticCapabilities, diagnosticsOf } from './diagnostics';
import { DocumentAnalyzer, DocumentState, uriToPath } from './documents';
import { errorText } from './safe';

/** Never read more than this from disk, whatever iamMfaGuard.maxFileSize says. */
const READ_LIMIT = 512 * 1024 * 1024;

export function countFindings(state: DocumentState | undefined): FindingCounts {
  const counts = { error: 0, warning: 0, information: 0, hint: 0 };
  if (state?.selection === 'policy') for (const f of state.result?.findings ?? []) counts[f.severity]++;
  return counts;
}

export class WorkspaceLinter {
  /** Files whose disk diagnostics were published (non-empty), to clear or restore them. */
  private readonly published = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly analyzer: DocumentAnalyzer,
    private readonly caps: () => DiagnosticCapabilities,
  ) {}

  async lintFiles(params: LintFilesParams): Promise<LintFilesResult> {
    const total = { error: 0, warning: 0, information: 0, hint: 0 };
    let files = 0;
    let withPolicies = 0;
    let withProblems = 0;
    const unreadable: { uri: string; reason: string }[] = [];
    for (const uri of new Set(Array.isArray(params?.uris) ? params.uris.filter((u) => typeof u === 'string') : [])) {
      const open = this.documents.get(uri);
      let state: DocumentState;
      try {
        state = open ? await this.analyzer.analyze(open) : await this.fromDisk(uri);
      } catch (error) {
        unreadable.push({ uri, reason: error instanceof ReadProblem ? error.message : errorText(error) });
        continue;
      }
      files++;
      if (state.selection === 'policy' && state.result?.parsed.policies.length) withPolicies++;
      const counts = countFindings(state);
      for (const key of Object.keys(total) as (keyof FindingCounts)[]) total[key] += counts[key];
      if (counts.error + counts.warning + counts.information + counts.hint > 0) withProblems++;
      if (!open) await this.publish(state);
    }
    return { files, withPolicies, withProblems, counts: total, unreadable };
  }

  /** After an open document closed (its editor diagnostics were cleared): the disk's, if it was linted. */
  async closed(uri: string): Promise<void> {
    if (!this.published.has(uri)) return;
    try {
      await this.publish(await this.fromDisk(uri));
    } catch {
      this.published.delete(uri);
      await this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
  }

  private async publish(state: DocumentState): Promise<void> {
    const diagnostics = diagnosticsOf(state, this.caps());
    if (diagnostics.length === 0 && !this.published.delete(state.uri)) return;
    if (diagnostics.length > 0) this.published.add(state.uri);
    await this.connection.sendDiagnostics({ uri: state.uri, diagnostics });
  }

  private async fromDisk(uri: string): Promise<DocumentState> {
    const file = uriToPath(uri);
    if (!file) throw new ReadProblem('not a file: URI');
    let buffer: Buffer;
    try {
      const stat = await fs.promises.stat(file);
      if (!stat.isFile()) throw new ReadProblem('not a file');
      if (stat.size > READ_LIMIT) throw new ReadProblem(`${stat.size} bytes is too large to read`);
      buffer = await fs.promises.readFile(file);
    } catch (error) {
      if (error instanceof ReadProblem) throw error;
      throw new ReadProblem((error as NodeJS.ErrnoException).code ?? errorText(error));
    }
    if (looksBinary(buffer)) throw new ReadProblem('binary file');
    const text = buffer.toString('utf8').replace(/^\uFEFF/, '');
    const languageId = languageIdOf(file);
    // Version 0 and forgotten afterwards: never mixed up with an open document's cache entry.
    const state = await this.analyzer.analyze(TextDocument.create(uri, languageId, 0, text));
    this.analyzer.forget(uri);
    return state;
  }
}

class ReadProblem extends Error {}
