// The background scan (iamMfaGuard.workspaceScan "on"), for clients that take pushed
// diagnostics: every policy file of the workspace folders is read from disk, checked in small
// slices that yield to the event loop (an open document's change is answered between two
// slices), and its diagnostics published. A changed file (didChangeWatchedFiles) is checked
// again on its own. Open documents always keep the diagnostics of their editor text: the scan
// never publishes for one, and a file closed in the editor gets its disk diagnostics back.
import { performance } from 'node:perf_hooks';
import { Connection, FileChangeType } from 'vscode-languageserver/node';
import type { DiagnosticCapabilities } from './diagnostics';
import { notAnalysedDiagnostic } from './diagnostics';
import { Log, errorText } from './safe';
import { diagnosticsOfCheck, forEachInSlices, isReported, OpenDocuments, WorkspaceFile, WorkspaceFiles } from './workspaceFiles';

/** Unreadable files named one by one in the log, up to this many per scan. */
const LOGGED_PROBLEMS = 20;

export interface ScanSummary {
  readonly files: number;
  readonly withPolicies: number;
  readonly withDiagnostics: number;
  readonly unreadable: number;
  readonly ms: number;
}

export class WorkspaceScan {
  /** Files whose last published list (from disk) was not empty. */
  private readonly published = new Set<string>();
  /** Folders scanned under the current settings. */
  private scanned = new Set<string>();
  private current?: { cancelled: boolean };
  /** The latest check of each file; an older one finishing later is dropped. */
  private readonly checks = new Map<string, number>();
  private counter = 0;
  /** Said once the folders are known to be scanned (the server registers a watcher for policy files then). */
  onEnabled?: () => void;
  /** Said when no folder is scanned any more (after it was). */
  onDisabled?: () => void;
  /** After each complete scan (the log says it too). */
  onScanned?: (summary: ScanSummary) => void;

  constructor(
    private readonly connection: Connection,
    private readonly documents: OpenDocuments,
    private readonly files: WorkspaceFiles,
    private readonly folderSetting: (folderUri: string) => Promise<'on' | 'off'>,
    private readonly caps: () => DiagnosticCapabilities,
    private readonly log: { info: Log; error: Log },
  ) {}

  /** Settings, project files or folders changed (or the server just started): scan again, or clear what an earlier scan published. */
  async restart(): Promise<void> {
    if (this.current) this.current.cancelled = true;
    const run = (this.current = { cancelled: false });
    const on: string[] = [];
    for (const folder of this.files.folderUris) if ((await this.folderSetting(folder)) === 'on') on.push(folder);
    if (run.cancelled) return;
    const wasScanning = this.scanned.size > 0;
    this.scanned = new Set(on);
    if (on.length === 0) {
      if (wasScanning) this.onDisabled?.();
      await this.clearAll();
      return;
    }
    this.onEnabled?.();
    const started = performance.now();
    const problems: { path: string; reason: string }[] = [];
    const listed = (await this.files.list(problems)).filter((f) => this.scanned.has(f.folderUri));
    if (run.cancelled) return;
    const seen = new Set(listed.map((f) => f.uri));
    let withPolicies = 0;
    let withDiagnostics = 0;
    const unreadable: { uri: string; reason: string }[] = [];
    const complete = await forEachInSlices(
      listed,
      () => run.cancelled,
      async (file) => {
        const outcome = await this.checkAndPublish(file, () => run.cancelled);
        if (outcome === 'policy' || outcome === 'policy-with-diagnostics') withPolicies++;
        if (outcome === 'policy-with-diagnostics') withDiagnostics++;
        if (typeof outcome === 'object') unreadable.push(outcome);
      },
    );
    if (!complete) return;
    // Published by an earlier scan, no longer found (deleted, moved under node_modules, folder removed).
    for (const uri of [...this.published]) if (!seen.has(uri) && !this.documents.get(uri)) await this.clear(uri);
    const summary: ScanSummary = { files: listed.length, withPolicies, withDiagnostics, unreadable: unreadable.length, ms: Math.round(performance.now() - started) };
    this.log.info(
      `Workspace scan: ${summary.files} files checked in ${summary.ms} ms, ${withPolicies} with IAM policies, ${withDiagnostics} with findings` +
        `${unreadable.length ? `; ${unreadable.length} could not be read` : ''}${problems.length ? `; ${problems.length} folders could not be read` : ''}`,
    );
    for (const u of unreadable.slice(0, LOGGED_PROBLEMS)) this.log.info(`  not read: ${u.uri}: ${u.reason}`);
    for (const p of problems.slice(0, LOGGED_PROBLEMS)) this.log.info(`  not read: ${p.path}: ${p.reason}`);
    this.onScanned?.(summary);
  }

  /** didChangeWatchedFiles: one file checked again (or its diagnostics cleared), if the scan covers it. */
  async fileChanged(uri: string, type: FileChangeType): Promise<void> {
    const file = this.files.wouldList(uri);
    if (!file || !this.scanned.has(file.folderUri) || this.documents.get(uri)) return;
    if (type === FileChangeType.Deleted) {
      this.checks.set(uri, ++this.counter);
      await this.clear(uri);
      return;
    }
    await this.checkAndPublish(file, () => false);
  }

  /** An open document closed (its editor diagnostics were cleared): its disk diagnostics, if the scan covers it. */
  async closed(uri: string): Promise<void> {
    const file = this.files.wouldList(uri);
    if (file && this.scanned.has(file.folderUri)) await this.checkAndPublish(file, () => false);
  }

  private async checkAndPublish(file: WorkspaceFile, cancelled: () => boolean): Promise<'policy' | 'policy-with-diagnostics' | 'other' | { uri: string; reason: string }> {
    // An open document's editor text wins over the disk.
    if (this.documents.get(file.uri)) return 'other';
    const run = ++this.counter;
    this.checks.set(file.uri, run);
    let diagnostics;
    let policy = false;
    try {
      const check = await this.files.check(file);
      if (check.kind === 'unreadable') return { uri: file.uri, reason: check.reason };
      diagnostics = diagnosticsOfCheck(check, this.caps());
      policy = check.kind === 'checked' && isReported(check.state);
    } catch (error) {
      this.log.error(`[workspaceScan] ${file.uri}: ${errorText(error)}`);
      // Never an empty list for a file that was not checked.
      diagnostics = [notAnalysedDiagnostic(error)];
      policy = true;
    }
    // Opened, changed again, or the scan was cancelled meanwhile: this result is not the latest.
    if (cancelled() || this.checks.get(file.uri) !== run || this.documents.get(file.uri)) return 'other';
    this.checks.delete(file.uri);
    if (diagnostics.length > 0) {
      this.published.add(file.uri);
      await this.connection.sendDiagnostics({ uri: file.uri, diagnostics });
    } else if (this.published.delete(file.uri)) {
      await this.connection.sendDiagnostics({ uri: file.uri, diagnostics: [] });
    }
    return policy ? (diagnostics.length > 0 ? 'policy-with-diagnostics' : 'policy') : 'other';
  }

  private async clear(uri: string): Promise<void> {
    if (this.published.delete(uri)) await this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private async clearAll(): Promise<void> {
    for (const uri of [...this.published]) if (!this.documents.get(uri)) await this.clear(uri);
    this.published.clear();
  }
}
