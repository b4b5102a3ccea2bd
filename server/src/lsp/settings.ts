// The `iamMfaGuard.*` settings: what they mean, their defaults, and where the server gets them
// — pulled per document with workspace/configuration when the client can answer it (VS Code,
// Neovim's lspconfig `settings`), else from didChangeConfiguration's pushed value or the
// initializationOptions.
import type { Connection } from 'vscode-languageserver/node';
import { RULES_BY_ID, SEVERITY_SETTING_LIST, SeveritySetting, parseSeveritySetting } from '../core';
import { SETTINGS_SECTION } from '../shared/lspProtocol';
import type { Log } from './safe';
import { CompiledGlobs, compileGlobs, NO_GLOBS } from '../config/globs';

export const SECTION = SETTINGS_SECTION;

export interface GuardSettings {
  /** Off: no diagnostics, hovers, lenses or completions at all. */
  readonly enable: boolean;
  /** Per-rule severity or "off", e.g. { "MFA009": "off", "MFA010": "hint" }. */
  readonly rules: Readonly<Record<string, SeveritySetting>>;
  /** Globs of files checked even when their content does not look like a policy. */
  readonly include: readonly string[];
  /** Globs of files never checked. */
  readonly exclude: readonly string[];
  /** Wait after the last keystroke before re-linting. */
  readonly debounceMs: number;
  /** Larger files are not analysed (a diagnostic says so). IAM's own policy size limits are 2–10 KB. */
  readonly maxFileSize: number;
  /** "on": the server checks every policy file of the workspace folder in the background and publishes its diagnostics. */
  readonly workspaceScan: WorkspaceScanSetting;
}

export type WorkspaceScanSetting = 'off' | 'on';

export const DEFAULT_MAX_FILE_SIZE = 4 * 1024 * 1024;

export const DEFAULT_SETTINGS: GuardSettings = { enable: true, rules: {}, include: [], exclude: [], debounceMs: 150, maxFileSize: DEFAULT_MAX_FILE_SIZE, workspaceScan: 'off' };

/** `include` and `exclude` compiled once per configuration (100,000 globs recompiled per keystroke cost seconds). */
const compiledLists = new WeakMap<readonly string[], CompiledGlobs>();

export function compiledGlobs(list: readonly string[]): CompiledGlobs {
  if (list.length === 0) return NO_GLOBS;
  let compiled = compiledLists.get(list);
  if (!compiled) compiledLists.set(list, (compiled = compileGlobs(list, 'glob', { nocase: process.platform === 'win32' })));
  return compiled;
}

/** Reads whatever the client sent, keeping the valid parts; problems go to the log once. */
export function normalizeSettings(raw: unknown, warn?: Log): GuardSettings {
  if (!raw || typeof raw !== 'object') return DEFAULT_SETTINGS;
  const obj = raw as Record<string, unknown>;
  const rules: Record<string, SeveritySetting> = {};
  if (obj.rules && typeof obj.rules === 'object' && !Array.isArray(obj.rules)) {
    for (const [id, value] of Object.entries(obj.rules as Record<string, unknown>)) {
      const ruleId = id.toUpperCase();
      const setting = parseSeveritySetting(value);
      if (!RULES_BY_ID.has(ruleId)) warn?.(`Setting ${SECTION}.rules: unknown rule "${id}" ignored.`);
      else if (!setting) warn?.(`Setting ${SECTION}.rules.${id}: "${String(value)}" is not one of ${SEVERITY_SETTING_LIST}.`);
      else rules[ruleId] = setting;
    }
  }
  const globs = (v: unknown) => (Array.isArray(v) ? v.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : []);
  const compiled = (name: string) => {
    const list = globs(obj[name]);
    const v = obj[name];
    if (Array.isArray(v) && v.length > 0) {
      // Bad patterns are named in the log and skipped; the rest apply.
      const result = compileGlobs(v, `Setting ${SECTION}.${name}`, { nocase: process.platform === 'win32' });
      for (const problem of result.problems) warn?.(problem);
      compiledLists.set(list, result);
    }
    return list;
  };
  const debounce = typeof obj.debounceMs === 'number' && Number.isFinite(obj.debounceMs) ? Math.min(5000, Math.max(0, Math.round(obj.debounceMs))) : DEFAULT_SETTINGS.debounceMs;
  return {
    enable: typeof obj.enable === 'boolean' ? obj.enable : DEFAULT_SETTINGS.enable,
    rules,
    include: compiled('include'),
    exclude: compiled('exclude'),
    debounceMs: debounce,
    maxFileSize:
      typeof obj.maxFileSize === 'number' && Number.isFinite(obj.maxFileSize) ? Math.min(512 * 1024 * 1024, Math.max(1024, Math.round(obj.maxFileSize))) : DEFAULT_SETTINGS.maxFileSize,
    workspaceScan: workspaceScanOf(obj.workspaceScan, warn),
  };
}

/** "on"/"off", and true/false as a user may write them; anything else is "off", said once in the log. */
function workspaceScanOf(value: unknown, warn?: Log): WorkspaceScanSetting {
  if (value === undefined || value === null) return DEFAULT_SETTINGS.workspaceScan;
  if (value === true || value === 'on') return 'on';
  if (value === false || value === 'off') return 'off';
  warn?.(`Setting ${SECTION}.workspaceScan: "${String(value)}" is not "on" or "off"; the workspace is not scanned.`);
  return 'off';
}

/** Settings per document URI, fetched once and kept until the client says they changed. */
export class SettingsStore {
  private pull = false;
  private global: GuardSettings = DEFAULT_SETTINGS;
  private readonly byUri = new Map<string, Promise<GuardSettings>>();
  private readonly known = new Map<string, GuardSettings>();
  private readonly warned = new Set<string>();
  /** Bumped on every change, so cached analyses made with old settings are not reused. */
  generation = 0;

  constructor(private readonly connection: Connection, private readonly log: Log) {}

  /** Called once the client's capabilities are known. */
  usePull(on: boolean): void {
    this.pull = on;
  }

  /** A value pushed by the client (initializationOptions.settings or didChangeConfiguration). */
  setPushed(raw: unknown): void {
    const section = raw && typeof raw === 'object' && SECTION in (raw as object) ? (raw as Record<string, unknown>)[SECTION] : raw;
    if (section !== undefined && section !== null) this.global = normalizeSettings(section, this.warnOnce);
  }

  changed(raw?: unknown): void {
    if (raw !== undefined) this.setPushed(raw);
    this.byUri.clear();
    this.known.clear();
    this.warned.clear();
    this.generation++;
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
    this.known.delete(uri);
  }

  /** The last settings seen for a document, without asking (for the debounce delay). */
  peek(uri: string): GuardSettings {
    return this.known.get(uri) ?? this.global;
  }

  forDocument(uri: string): Promise<GuardSettings> {
    if (!this.pull) return Promise.resolve(this.global);
    let pending = this.byUri.get(uri);
    if (!pending) {
      pending = this.connection.workspace.getConfiguration({ scopeUri: uri, section: SECTION }).then(
        (raw) => {
          // A client that knows no such section answers null: fall back to what was pushed.
          const settings = raw === null || raw === undefined ? this.global : normalizeSettings(raw, this.warnOnce);
          this.known.set(uri, settings);
          return settings;
        },
        (error) => {
          this.log(`workspace/configuration failed, using defaults: ${(error as Error)?.message ?? error}`);
          this.byUri.delete(uri);
          return this.global;
        },
      );
      this.byUri.set(uri, pending);
    }
    return pending;
  }

  private readonly warnOnce = (message: string) => {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.log(message);
  };
}
