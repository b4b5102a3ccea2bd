// Which open documents are ours, and their lint result per version. A document is checked
// when it is enabled, not excluded (settings globs, the project's .iam-mfa-guard.json
// "ignore"), and its content holds an IAM policy as the core detects it — or when an
// `include` glob forces it. Anything else costs one regular-expression test.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CompiledGlobs } from '../config/globs';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ProjectConfigFinder, isIgnored } from '../config/projectConfig';
import { LineIndex, LintOptions, LintResult, SourceFormat, lint, mightHoldPolicy, prepareLint, preparePrincipalSource } from '../core';
import { formatOf } from '../shared/formats';
import { compiledGlobs, GuardSettings, SettingsStore } from './settings';

export type SelectionKind =
  | 'disabled'
  | 'excluded'
  | 'too-large'
  /** No policy in it: diagnostics are an empty list. */
  | 'not-policy'
  | 'policy';

export interface DocumentState {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly selection: SelectionKind;
  readonly settings: GuardSettings;
  readonly format: SourceFormat;
  /** What the document was linted with (project file and editor settings merged): fix-all re-lints with it. */
  readonly lintOptions: LintOptions;
  /** Set for selection "policy". */
  readonly result?: LintResult;
  readonly lines: LineIndex;
  /** Bytes on disk, for a file of which only the head was read (over maxFileSize). */
  readonly size?: number;
}

export class DocumentAnalyzer {
  private readonly cache = new Map<string, { version: number; generation: number; state: Promise<DocumentState> }>();
  private readonly lastResults = new Map<string, LintResult>();
  private projectConfigs = new ProjectConfigFinder();
  private workspaceFolders: string[] = [];
  /** Bumped whenever cached results become stale (settings, project files, folders): part of every pull resultId. */
  epoch = 0;

  constructor(private readonly settings: SettingsStore) {}

  setWorkspaceFolders(uris: readonly string[]): void {
    this.workspaceFolders = uris.map(uriToPath).filter((p): p is string => !!p);
  }

  /** Settings or a project config changed: every cached result is stale. */
  invalidate(): void {
    this.epoch++;
    this.cache.clear();
    this.lastResults.clear();
    this.projectConfigs = new ProjectConfigFinder();
  }

  forget(uri: string): void {
    this.cache.delete(uri);
    this.lastResults.delete(uri);
  }

  /** The state for this exact document version (computed once per version and settings). */
  analyze(document: TextDocument): Promise<DocumentState> {
    const generation = this.settings.generation;
    const hit = this.cache.get(document.uri);
    if (hit && hit.version === document.version && hit.generation === generation) return hit.state;
    const uri = document.uri;
    const version = document.version;
    const text = document.getText();
    const languageId = document.languageId;
    const state = this.settings.forDocument(uri).then(async (settings) => {
      // A .tf file that may hold a policy needs the Terraform parser: loaded once, on first use.
      if (settings.enable) await prepareLint(text, { format: formatFor(uri, languageId, text) });
      // A .tf file that defines IAM users, groups or roles gets their verdicts as code lenses: the parser again.
      if (settings.enable) await preparePrincipalSource(text, uri);
      return this.compute(uri, version, text, languageId, settings);
    });
    this.cache.set(uri, { version, generation, state });
    // A failed analysis must not stay cached.
    state.catch(() => {
      if (this.cache.get(uri)?.state === state) this.cache.delete(uri);
    });
    return state;
  }

  /**
   * A text that is not an open document (a file read from disk), checked with the settings of
   * `settingsScope` (its workspace folder: one workspace/configuration request per folder, not
   * per file). Nothing is cached: an open document's entries are never touched.
   */
  async analyzeDetached(uri: string, languageId: string, text: string, settingsScope: string, size?: number): Promise<DocumentState> {
    const settings = await this.settings.forDocument(settingsScope);
    if (settings.enable && !(size !== undefined && size > settings.maxFileSize)) await prepareLint(text, { format: formatFor(uri, languageId, text) });
    return this.compute(uri, 0, text, languageId, settings, false, size);
  }

  /** The settings a file read from disk is checked with (those of its folder). */
  settingsFor(settingsScope: string): Promise<GuardSettings> {
    return this.settings.forDocument(settingsScope);
  }

  private compute(uri: string, version: number, text: string, languageId: string, settings: GuardSettings, remember = true, size?: number): DocumentState {
    const file = uriToPath(uri);
    const format = formatFor(uri, languageId, text);
    // The project's file sets the baseline; the editor's settings win (as the command line does).
    const config = file ? this.projectConfigs.forFile(file) : undefined;
    const lintOptions: LintOptions = { format, rules: { ...config?.rules, ...settings.rules } };
    const base = { uri, version, text, settings, format, lintOptions, ...(size !== undefined ? { size } : {}) };
    const done = (selection: SelectionKind, result?: LintResult): DocumentState => {
      let lines: LineIndex | undefined;
      // Built on first use: a document that is not a policy never needs one.
      return { ...base, selection, result, get lines() { return (lines ??= new LineIndex(text)); } };
    };
    if (!settings.enable) return done('disabled');
    if (this.matches(compiledGlobs(settings.exclude), uri, file) || (file && isIgnored(config, file))) return done('excluded');
    if (Math.max(text.length, size ?? 0) > settings.maxFileSize) return done(mightHoldPolicy(text, format) ? 'too-large' : 'not-policy');
    const forced = this.matches(compiledGlobs(settings.include), uri, file);
    if (!forced && !mightHoldPolicy(text, format)) return done('not-policy');
    // The last result for this document lets unchanged policies keep their findings.
    const result = lint(text, lintOptions, remember ? this.lastResults.get(uri) : undefined);
    if (remember) this.lastResults.set(uri, result);
    // A module whose only policy is in another file still gets the hover that names that file;
    // a text refused unread is shown as such, never as a file with nothing in it.
    if (!forced && result.parsed.policies.length === 0 && !result.parsed.notAnalysed && !result.parsed.fileReferences?.length && !result.parsed.documentReferences?.length) return done('not-policy');
    return done('policy', result);
  }

  /** Globs match the absolute path, the path relative to a workspace folder, or the URI. */
  private matches(globs: CompiledGlobs, uri: string, file: string | undefined): boolean {
    if (globs.count === 0) return false;
    const isMatch = globs.matches;
    const candidates: string[] = [];
    if (file) {
      const slashed = file.split(path.sep).join('/');
      candidates.push(slashed);
      for (const folder of this.workspaceFolders) {
        const relative = path.relative(folder, file);
        if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) candidates.push(relative.split(path.sep).join('/'));
      }
      candidates.push(path.basename(file));
    } else {
      candidates.push(uri);
    }
    return candidates.some((c) => isMatch(c));
  }
}

/** The editor's language id first (HashiCorp's extension names Terraform "terraform"), else the file name. */
function formatFor(uri: string, languageId: string, text: string): SourceFormat {
  if (languageId === 'yaml') return 'yaml';
  if (languageId === 'terraform') return 'hcl';
  return formatOf(uriToPath(uri) ?? uri, text);
}

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
