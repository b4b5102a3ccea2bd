// Diagnostics on open (at once) and on change (debounced); only the latest version of a
// document is ever published, and a result computed for an older version is dropped.
import { Connection, Diagnostic, DiagnosticRelatedInformation, DiagnosticTag, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, LineIndex } from '../core';
import { ruleDocsUrl } from '../shared/ruleDocs';
import { SEVERITY, toRange } from './convert';
import type { DocumentAnalyzer, DocumentState } from './documents';
import { Log, errorText } from './safe';
import type { SettingsStore } from './settings';

export const SOURCE = 'iam-mfa-guard';

export interface DiagnosticCapabilities {
  readonly relatedInformation: boolean;
  readonly codeDescription: boolean;
  readonly tags: boolean;
}

export function toDiagnostic(finding: Finding, lines: LineIndex, uri: string, caps: DiagnosticCapabilities): Diagnostic {
  const diagnostic: Diagnostic = {
    range: toRange(lines, finding.range),
    severity: SEVERITY[finding.severity],
    code: finding.rule,
    source: SOURCE,
    message: finding.message,
    // What a quick-fix needs, so it never parses the message.
    data: { rule: finding.rule, ...finding.data },
  };
  if (caps.codeDescription) diagnostic.codeDescription = { href: ruleDocsUrl(finding.rule) };
  if (caps.relatedInformation && finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map((r): DiagnosticRelatedInformation => ({ location: { uri, range: toRange(lines, r.range) }, message: r.message }));
  }
  if (caps.tags && finding.tags?.includes('unnecessary')) diagnostic.tags = [DiagnosticTag.Unnecessary];
  return diagnostic;
}

/** Said once at the top of the file, so a huge file is neither a hang nor a silent gap. */
export function tooLargeDiagnostic(length: number, limit: number): Diagnostic {
  const mb = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MB`;
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: SEVERITY.information,
    source: SOURCE,
    message: `Not analysed: this file is ${mb(length)}, over the iamMfaGuard.maxFileSize limit of ${mb(limit)}. Raise the setting to check it.`,
  };
}

/** What is published for a checked document: its findings, or the one too-large note. */
export function diagnosticsOf(state: DocumentState, caps: DiagnosticCapabilities): Diagnostic[] {
  if (state.selection === 'policy' && state.result) return state.result.findings.map((f) => toDiagnostic(f, state.lines, state.uri, caps));
  if (state.selection === 'too-large') return [tooLargeDiagnostic(state.size ?? state.text.length, state.settings.maxFileSize)];
  return [];
}

/** The analysis failed: said at the top of the file, so the failure is never mistaken for "no problems". */
export function notAnalysedDiagnostic(error: unknown): Diagnostic {
  const reason = (error as Error)?.message ?? String(error);
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: SEVERITY.warning,
    source: SOURCE,
    message: `Not analysed: IAM MFA Guard could not check this file (${reason.split('\n')[0].slice(0, 200)}). Its findings are unknown, not absent.`,
  };
}

export class DiagnosticsPublisher {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** A run per document; a run that is not the latest when it finishes is dropped. */
  private readonly runs = new Map<string, number>();
  /** Documents whose last published list was not empty. */
  private readonly nonEmpty = new Set<string>();
  private runCounter = 0;
  caps: DiagnosticCapabilities = { relatedInformation: true, codeDescription: true, tags: true };
  /**
   * The client pulls (textDocument/diagnostic): nothing is pushed for documents, and a change of
   * settings asks the client to pull again (`refresh`, when it supports workspace/diagnostic/refresh).
   */
  pull = false;
  refresh?: () => void;
  /** Called once per check of the latest version (published or not): the status item, code lens refresh. */
  onChecked?: (state: DocumentState, published: boolean) => void;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly analyzer: DocumentAnalyzer,
    private readonly settings: SettingsStore,
    private readonly log: Log,
  ) {}

  opened(document: TextDocument): void {
    if (this.pull) return;
    this.cancel(document.uri);
    void this.validate(document.uri, true);
  }

  changed(document: TextDocument): void {
    if (this.pull) return;
    this.cancel(document.uri);
    const delay = this.settings.peek(document.uri).debounceMs;
    if (delay <= 0) {
      void this.validate(document.uri, false);
      return;
    }
    this.timers.set(
      document.uri,
      setTimeout(() => {
        this.timers.delete(document.uri);
        void this.validate(document.uri, false);
      }, delay),
    );
  }

  closed(uri: string): void {
    this.cancel(uri);
    this.runs.delete(uri);
    // Closed files keep no diagnostics: the editor would show stale ones otherwise.
    if (this.nonEmpty.delete(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** After a settings or project-config change. */
  revalidateAll(): void {
    if (this.pull) {
      this.refresh?.();
      return;
    }
    for (const document of this.documents.all()) {
      this.cancel(document.uri);
      void this.validate(document.uri, true);
    }
  }

  private cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
  }

  private async validate(uri: string, publishEmpty: boolean): Promise<void> {
    const run = ++this.runCounter;
    this.runs.set(uri, run);
    const document = this.documents.get(uri);
    if (!document) return;
    const version = document.version;
    let diagnostics: Diagnostic[] = [];
    let isPolicy = false;
    let state: DocumentState | undefined;
    try {
      const current = (state = await this.analyzer.analyze(document));
      diagnostics = diagnosticsOf(current, this.caps);
      isPolicy = current.selection === 'policy' || current.selection === 'too-large';
    } catch (error) {
      this.log(`[diagnostics] ${uri} v${version}: ${errorText(error)}`);
      // Never an empty list for a file that was not checked: that would look like a clean file.
      diagnostics = [notAnalysedDiagnostic(error)];
      isPolicy = true;
    }
    // Stale: the document moved on (its own run follows) or a later run started meanwhile.
    if (this.runs.get(uri) !== run || this.documents.get(uri)?.version !== version) return;
    // A policy gets every version answered; any other JSON file an empty list on open and
    // when it stops being a policy, and nothing on each keystroke.
    if (!isPolicy && !publishEmpty && !this.nonEmpty.has(uri)) {
      if (state) this.checked(state, false);
      return;
    }
    if (diagnostics.length) this.nonEmpty.add(uri);
    else this.nonEmpty.delete(uri);
    await this.connection.sendDiagnostics({ uri, version, diagnostics });
    if (state) this.checked(state, true);
  }

  private checked(state: DocumentState, published: boolean): void {
    try {
      this.onChecked?.(state, published);
    } catch (error) {
      this.log(`[diagnostics] ${state.uri}: ${errorText(error)}`);
    }
  }
}
