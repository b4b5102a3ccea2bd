// The files of the workspace folders as the server sees them when nobody opened them: which ones
// may hold a policy (the CLI's walk: .json/.jsonc/.yaml/.yml/.template/.tf, node_modules, .git
// and .terraform skipped, each real file once, links out of the folder not followed), and one
// file read from disk and checked as an open document would be. Nothing here throws for a bad
// file: unreadable, binary, huge or vanished files come back as what they are.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isLintedFileName, languageIdOf, looksBinary } from '../shared/formats';
import { isInside, isSkippedFolder, walkFolder } from '../shared/walk';
import { DiagnosticCapabilities, diagnosticsOf } from './diagnostics';
import { DocumentAnalyzer, DocumentState, uriToPath } from './documents';
import { errorText } from './safe';

/** Of a file over maxFileSize only this much is read, to tell whether it may hold a policy (and say it is too large). */
const HEAD_BYTES = 1024 * 1024;

export interface WorkspaceFile {
  readonly uri: string;
  /** The workspace folder it was found in: whose settings apply. */
  readonly folderUri: string;
}

export type FileCheck =
  | {
      readonly kind: 'checked';
      readonly uri: string;
      readonly state: DocumentState;
      /** Identifies what was checked (the text, the settings and project files in force): equal ids, equal diagnostics. */
      readonly resultId: string;
    }
  /** The same text under the same settings as the previous result the client holds. */
  | { readonly kind: 'unchanged'; readonly uri: string; readonly resultId: string }
  /** Binary, not a regular file, or gone: not something to report on. */
  | { readonly kind: 'skipped'; readonly uri: string; readonly reason: string }
  /** Exists but could not be read (permissions …): said in the log. */
  | { readonly kind: 'unreadable'; readonly uri: string; readonly reason: string };

type ReadText = { kind: 'text'; text: string; size: number } | { kind: 'skipped' | 'unreadable'; reason: string };

export class WorkspaceFiles {
  private folders: string[] = [];

  constructor(
    private readonly analyzer: DocumentAnalyzer,
    /** The generation of the settings, part of every resultId. */
    private readonly settingsGeneration: () => number,
  ) {}

  setFolders(uris: readonly string[]): void {
    this.folders = uris.filter((u) => uriToPath(u) !== undefined);
  }

  get folderUris(): readonly string[] {
    return this.folders;
  }

  /** The folder a file belongs to (the innermost), or undefined when it is in none: such a file is not the workspace's. */
  folderOf(uri: string): string | undefined {
    const file = uriToPath(uri);
    if (!file) return undefined;
    let best: { uri: string; length: number } | undefined;
    for (const folderUri of this.folders) {
      const folder = uriToPath(folderUri)!;
      if (isInside(file, folder) && (!best || folder.length > best.length)) best = { uri: folderUri, length: folder.length };
    }
    return best?.uri;
  }

  /** Whether a file found by a file watcher is one the walk would list (name, folder, skipped directories). */
  wouldList(uri: string): WorkspaceFile | undefined {
    const folderUri = this.folderOf(uri);
    const file = uriToPath(uri);
    if (!folderUri || !file || !isLintedFileName(path.basename(file))) return undefined;
    const relative = path.relative(uriToPath(folderUri)!, file).split(path.sep);
    if (relative.slice(0, -1).some(isSkippedFolder)) return undefined;
    return { uri, folderUri };
  }

  /** Every file of every folder that may hold a policy, in walk order; `problems` gets the folders that could not be read. */
  async list(problems: { path: string; reason: string }[]): Promise<WorkspaceFile[]> {
    const files: WorkspaceFile[] = [];
    const visited = new Set<string>();
    // Innermost folders first: a file of a nested folder is that folder's (its settings apply), not the outer one's.
    const innermostFirst = [...this.folders].sort((a, b) => b.length - a.length);
    for (const folderUri of innermostFirst) {
      const walkProblems: { path: string; error: unknown }[] = [];
      const { files: found } = await walkFolder(uriToPath(folderUri)!, isLintedFileName, visited, walkProblems);
      for (const p of walkProblems) problems.push({ path: p.path, reason: (p.error as NodeJS.ErrnoException)?.code ?? errorText(p.error) });
      for (const f of found) files.push({ uri: pathToFileURL(f.path).href, folderUri });
    }
    return files;
  }

  /**
   * Reads `file` from disk and checks it with its folder's settings. When `previousResultId` is
   * what the file would get now (same bytes, same settings and project files), the analysis is
   * skipped. The file is read every time: nothing is served from a cache that could be stale.
   */
  async check(file: WorkspaceFile, previousResultId?: string): Promise<FileCheck> {
    const filePath = uriToPath(file.uri);
    if (!filePath) return { kind: 'skipped', uri: file.uri, reason: 'not a file: URI' };
    const settings = await this.analyzer.settingsFor(file.folderUri);
    const read = readText(filePath, settings.maxFileSize);
    if (read.kind !== 'text') return { kind: read.kind, uri: file.uri, reason: read.reason };
    const resultId = this.resultIdOf(read.text, read.size);
    if (previousResultId === resultId) return { kind: 'unchanged', uri: file.uri, resultId };
    const languageId = languageIdOf(filePath);
    const state = await this.analyzer.analyzeDetached(file.uri, languageId, read.text, file.folderUri, read.size);
    return { kind: 'checked', uri: file.uri, state, resultId };
  }

  /** What an open document's text gets as resultId (its language id counts: YAML and JSON read differently). */
  resultIdOfDocument(text: string, languageId: string): string {
    return `${this.prefix()}.${languageId}.${hash(text)}`;
  }

  private resultIdOf(text: string, size: number): string {
    return `${this.prefix()}.disk.${size}.${hash(text)}`;
  }

  private prefix(): string {
    return `${this.settingsGeneration()}.${this.analyzer.epoch}`;
  }
}

/**
 * The open document for a file, found by its URI or, when the editor spells the URI another way
 * (VS Code writes "@" as "%40", a drive letter as "c%3A"), by its path: an open file's editor
 * text must win over the disk whatever its URI looks like.
 */
export class OpenDocuments {
  private byPath?: Map<string, TextDocument>;

  constructor(private readonly documents: TextDocuments<TextDocument>) {
    const stale = () => (this.byPath = undefined);
    documents.onDidOpen(stale);
    documents.onDidClose(stale);
  }

  get(uri: string): TextDocument | undefined {
    const exact = this.documents.get(uri);
    if (exact) return exact;
    const file = uriToPath(uri);
    if (!file) return undefined;
    if (!this.byPath) {
      this.byPath = new Map();
      for (const document of this.documents.all()) {
        const p = uriToPath(document.uri);
        if (p) this.byPath.set(p, document);
      }
    }
    return this.byPath.get(file);
  }
}

/** The published diagnostics of a check; a file that holds no policy has none. */
export function diagnosticsOfCheck(check: FileCheck, caps: DiagnosticCapabilities): Diagnostic[] {
  return check.kind === 'checked' ? diagnosticsOf(check.state, caps) : [];
}

/** A file the user should hear about: a policy (with or without findings) or one too large to check. */
export function isReported(state: DocumentState): boolean {
  return state.selection === 'policy' || state.selection === 'too-large';
}

function hash(text: string): string {
  return createHash('sha1').update(text).digest('base64url');
}

/** UTF-8 text (BOM dropped, as editors do); binary (a NUL in the first 8,000 bytes, git's test) skipped; over `maxFileSize` only the head. */
function readText(file: string, maxFileSize: number): ReadText {
  try {
    // Synchronous: one small file at a time, between which the scan yields to the event loop.
    const stat = fs.statSync(file);
    if (!stat.isFile()) return { kind: 'skipped', reason: 'not a file' };
    if (stat.size > maxFileSize) return readHead(file, stat.size);
    const buffer = fs.readFileSync(file);
    if (looksBinary(buffer)) return { kind: 'skipped', reason: 'binary file' };
    return { kind: 'text', text: buffer.toString('utf8').replace(/^\uFEFF/, ''), size: buffer.length };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code;
    // Gone between the walk and the read: nothing to report.
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'skipped', reason: 'no such file' };
    return { kind: 'unreadable', reason: code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? errorText(error)) };
  }
}

function readHead(file: string, size: number): ReadText {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(HEAD_BYTES, size));
    const length = fs.readSync(fd, buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, length);
    if (looksBinary(head)) return { kind: 'skipped', reason: 'binary file' };
    return { kind: 'text', text: head.toString('utf8').replace(/^\uFEFF/, ''), size };
  } finally {
    fs.closeSync(fd);
  }
}

/** Time one slice of workspace work may take before the event loop gets its turn (open documents' requests first). */
export const SLICE_MS = 4;

/** Bumped by every open-document event and request: while they keep coming, workspace work waits. */
let editorActivity = 0;
export function noteEditorActivity(): void {
  editorActivity++;
}

/** At most this many turns in a row are given to the editor before the next slice. */
const MAX_EDITOR_TURNS = 20;

/**
 * Runs `each` over `items` in slices of about SLICE_MS, yielding to the event loop (setImmediate)
 * between slices; `afterSlice` runs at each yield. After a yield in which the editor was served
 * (a change, a request), the next turn is the editor's again, so a didChange followed by a pull
 * or a hover waits for no slice. Stops as soon as `cancelled()` holds: false is returned then.
 * The first turn is the event loop's too: a request cancelled as it was sent ($/cancelRequest
 * right behind it, as VS Code does when the user types on) is then seen before any work, even
 * when every file's result is cached and the whole run would fit in one slice.
 */
export async function forEachInSlices<T>(items: readonly T[], cancelled: () => boolean, each: (item: T) => Promise<void>, afterSlice?: (done: number) => void): Promise<boolean> {
  const yieldOnce = () => new Promise<void>((resolve) => setImmediate(resolve));
  await yieldOnce();
  let sliceStart = performance.now();
  for (let i = 0; i < items.length; i++) {
    if (cancelled()) return false;
    await each(items[i]);
    if (performance.now() - sliceStart >= SLICE_MS) {
      afterSlice?.(i + 1);
      let seen = editorActivity;
      await yieldOnce();
      for (let turns = 0; editorActivity !== seen && turns < MAX_EDITOR_TURNS; turns++) {
        seen = editorActivity;
        await yieldOnce();
      }
      sliceStart = performance.now();
    }
  }
  afterSlice?.(items.length);
  return !cancelled();
}
