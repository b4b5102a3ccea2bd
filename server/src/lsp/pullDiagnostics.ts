// LSP 3.17 pull diagnostics, for clients that announce textDocument.diagnostic: the client asks
// for a document's diagnostics (textDocument/diagnostic) and for the workspace's
// (workspace/diagnostic), and sends back the resultId of what it holds, so a file whose text,
// settings and project files did not change is answered "unchanged" (it is still read, and
// compared by content: nothing is served from a cache that could be stale). The workspace
// report streams per slice as partial results when the client gives a partialResultToken,
// reports progress when it gives a workDoneToken, and stops when cancelled.
import {
  CancellationToken,
  Diagnostic,
  DocumentDiagnosticParams,
  DocumentDiagnosticReport,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  ResultProgressReporter,
  WorkDoneProgressReporter,
  WorkspaceDiagnosticParams,
  WorkspaceDiagnosticReport,
  WorkspaceDiagnosticReportPartialResult,
  WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticCapabilities, diagnosticsOf, notAnalysedDiagnostic } from './diagnostics';
import type { DocumentAnalyzer, DocumentState } from './documents';
import { Log, errorText } from './safe';
import { forEachInSlices, isReported, OpenDocuments, WorkspaceFiles } from './workspaceFiles';

export const DIAGNOSTIC_IDENTIFIER = 'iam-mfa-guard';

/** Unreadable files named one by one in the log, up to this many per report. */
const LOGGED_PROBLEMS = 20;

export class PullDiagnostics {
  /** Called after each check of an open document (code lens refresh), as the push path does. */
  onChecked?: (state: DocumentState) => void;
  private saidOff = false;

  constructor(
    private readonly documents: OpenDocuments,
    private readonly analyzer: DocumentAnalyzer,
    private readonly files: WorkspaceFiles,
    private readonly caps: () => DiagnosticCapabilities,
    /** iamMfaGuard.workspaceScan of a folder: only folders where it is "on" are reported. */
    private readonly folderSetting: (folderUri: string) => Promise<'on' | 'off'>,
    private readonly log: { info: Log; error: Log },
  ) {}

  /** textDocument/diagnostic: an open document from its editor text, any other file from disk. */
  async document(params: DocumentDiagnosticParams): Promise<DocumentDiagnosticReport> {
    const uri = params?.textDocument?.uri;
    if (typeof uri !== 'string') throw new ResponseError(-32602, 'textDocument/diagnostic: params.textDocument.uri must be a string.');
    const previous = typeof params.previousResultId === 'string' ? params.previousResultId : undefined;
    const open = this.documents.get(uri);
    if (open) {
      const { resultId, items } = await this.ofOpenDocument(open);
      return resultId === previous ? { kind: DocumentDiagnosticReportKind.Unchanged, resultId } : { kind: DocumentDiagnosticReportKind.Full, resultId, items };
    }
    const file = this.files.wouldList(uri) ?? { uri, folderUri: this.files.folderOf(uri) ?? uri };
    const check = await this.files.check(file, previous);
    if (check.kind === 'unchanged') return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: check.resultId };
    if (check.kind !== 'checked') return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    return { kind: DocumentDiagnosticReportKind.Full, resultId: check.resultId, items: diagnosticsOf(check.state, this.caps()) };
  }

  /**
   * workspace/diagnostic: every policy file of the workspace folders whose
   * iamMfaGuard.workspaceScan is "on" (clean ones too, with no items), open documents from their
   * editor text (with their version), and an empty list for each file the client holds a result
   * for that is no longer one (deleted, no policy any more). With the setting "off" everywhere,
   * nothing: VS Code's client asks again every two seconds, and a 10,000-file workspace read
   * that often is a cost nobody asked for.
   */
  async workspace(
    params: WorkspaceDiagnosticParams,
    token: CancellationToken,
    progress: WorkDoneProgressReporter,
    partial: ResultProgressReporter<WorkspaceDiagnosticReportPartialResult> | undefined,
  ): Promise<WorkspaceDiagnosticReport> {
    const started = Date.now();
    const previous = new Map<string, string>();
    for (const p of Array.isArray(params?.previousResultIds) ? params.previousResultIds : []) {
      if (p && typeof p.uri === 'string' && typeof p.value === 'string') previous.set(p.uri, p.value);
    }
    const scanned = new Set<string>();
    for (const folder of this.files.folderUris) if ((await this.folderSetting(folder)) === 'on') scanned.add(folder);
    if (scanned.size === 0) {
      if (!this.saidOff) this.log.info('workspace/diagnostic: iamMfaGuard.workspaceScan is "off", so no file of the workspace is reported (open documents are).');
      this.saidOff = true;
      // What the client holds from when the setting was on: cleared.
      return { items: [...previous.keys()].filter((uri) => !this.documents.get(uri)).map((uri) => ({ uri, version: null, kind: DocumentDiagnosticReportKind.Full, items: [] })) };
    }
    this.saidOff = false;
    const problems: { path: string; reason: string }[] = [];
    const files = (await this.files.list(problems)).filter((f) => scanned.has(f.folderUri));
    progress.begin('IAM MFA Guard: checking the workspace', 0, `${files.length} files`, true);
    const listed = new Set<string>();
    let pending: WorkspaceDocumentDiagnosticReport[] = [];
    const all: WorkspaceDocumentDiagnosticReport[] = [];
    const unreadable: { uri: string; reason: string }[] = [];
    const add = (item: WorkspaceDocumentDiagnosticReport) => {
      listed.add(item.uri);
      (partial ? pending : all).push(item);
    };
    const complete = await forEachInSlices(
      files,
      () => token.isCancellationRequested,
      async (file) => {
        const open = this.documents.get(file.uri);
        if (open) {
          const { resultId, items, reported } = await this.ofOpenDocument(open);
          if (resultId === previous.get(file.uri)) add({ uri: file.uri, version: open.version, kind: DocumentDiagnosticReportKind.Unchanged, resultId });
          else if (reported || previous.has(file.uri)) add({ uri: file.uri, version: open.version, kind: DocumentDiagnosticReportKind.Full, resultId, items });
          return;
        }
        let check;
        try {
          check = await this.files.check(file, previous.get(file.uri));
        } catch (error) {
          this.log.error(`[workspace/diagnostic] ${file.uri}: ${errorText(error)}`);
          add({ uri: file.uri, version: null, kind: DocumentDiagnosticReportKind.Full, items: [notAnalysedDiagnostic(error)] });
          return;
        }
        if (check.kind === 'unchanged') add({ uri: file.uri, version: null, kind: DocumentDiagnosticReportKind.Unchanged, resultId: check.resultId });
        else if (check.kind === 'checked' && (isReported(check.state) || previous.has(file.uri))) {
          add({ uri: file.uri, version: null, kind: DocumentDiagnosticReportKind.Full, resultId: check.resultId, items: diagnosticsOf(check.state, this.caps()) });
        } else if (check.kind === 'unreadable') unreadable.push({ uri: file.uri, reason: check.reason });
        else if (check.kind === 'skipped' && previous.has(file.uri)) add({ uri: file.uri, version: null, kind: DocumentDiagnosticReportKind.Full, items: [] });
      },
      (done) => {
        if (partial && pending.length) {
          partial.report({ items: pending });
          pending = [];
        }
        progress.report(Math.round((100 * done) / Math.max(1, files.length)), `${done} of ${files.length} files`);
      },
    );
    progress.done();
    if (!complete) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'workspace/diagnostic cancelled');
    // What the client holds for files of the workspace that the walk no longer lists: cleared.
    for (const uri of previous.keys()) {
      if (!listed.has(uri) && !this.documents.get(uri) && !unreadable.some((u) => u.uri === uri)) add({ uri, version: null, kind: DocumentDiagnosticReportKind.Full, items: [] });
    }
    this.log.info(`workspace/diagnostic: ${files.length} files in ${Date.now() - started} ms, ${listed.size} reported${unreadable.length ? `; ${unreadable.length} could not be read` : ''}`);
    for (const u of unreadable.slice(0, LOGGED_PROBLEMS)) this.log.info(`  not read: ${u.uri}: ${u.reason}`);
    for (const p of problems.slice(0, LOGGED_PROBLEMS)) this.log.info(`  not read: ${p.path}: ${p.reason}`);
    return { items: partial ? pending : all };
  }

  private async ofOpenDocument(document: TextDocument): Promise<{ resultId: string; items: Diagnostic[]; reported: boolean }> {
    const resultId = this.files.resultIdOfDocument(document.getText(), document.languageId);
    try {
      const state = await this.analyzer.analyze(document);
      this.checked(state);
      return { resultId, items: diagnosticsOf(state, this.caps()), reported: isReported(state) };
    } catch (error) {
      this.log.error(`[diagnostics] ${document.uri} v${document.version}: ${errorText(error)}`);
      // A failure is never reported as a clean file, and never as "unchanged" later.
      return { resultId: `${resultId}.failed.${Date.now()}`, items: [notAnalysedDiagnostic(error)], reported: true };
    }
  }

  private checked(state: DocumentState): void {
    try {
      this.onChecked?.(state);
    } catch (error) {
      this.log.error(`[diagnostics] ${state.uri}: ${errorText(error)}`);
    }
  }
}
