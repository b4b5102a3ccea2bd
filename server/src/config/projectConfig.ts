// The project's own settings file, `.iam-mfa-guard.json`, found from a linted file's folder
// upward (the nearest one wins), so a repository can switch rules off or ignore paths for
// the CLI and the editor alike:
//   { "rules": { "MFA009": "off", "MFA010": "hint" }, "ignore": ["legacy/**", "**/*.draft.json"] }
import * as fs from 'node:fs';
import * as path from 'node:path';
import type picomatchType from 'picomatch';
import { RULES_BY_ID, SEVERITY_SETTING_LIST, SeveritySetting, parseSeveritySetting } from '../core';

export const CONFIG_FILE_NAME = '.iam-mfa-guard.json';

export interface ProjectConfig {
  /** The file it was read from. */
  readonly file: string;
  readonly rules: Readonly<Record<string, SeveritySetting>>;
  readonly ignore: readonly string[];
  /** Problems in the file itself, for the user to see; the valid parts still apply. */
  readonly problems: readonly string[];
}


export function readProjectConfig(file: string): ProjectConfig {
  const problems: string[] = [];
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    return { file, rules: {}, ignore: [], problems: [`cannot read ${file}: ${(error as Error).message}`] };
  }
  const obj = (raw && typeof raw === 'object' ? raw : {}) as { rules?: unknown; ignore?: unknown };
  const rules: Record<string, SeveritySetting> = {};
  if (obj.rules !== undefined) {
    if (typeof obj.rules !== 'object' || obj.rules === null || Array.isArray(obj.rules)) problems.push(`${file}: "rules" must be an object like {"MFA009": "off"}`);
    else
      for (const [id, value] of Object.entries(obj.rules)) {
        const setting = parseSeveritySetting(value);
        if (!RULES_BY_ID.has(id.toUpperCase())) problems.push(`${file}: unknown rule "${id}"`);
        else if (!setting) problems.push(`${file}: "${id}" must be one of ${SEVERITY_SETTING_LIST}`);
        else rules[id.toUpperCase()] = setting;
      }
  }
  const ignore: string[] = [];
  if (obj.ignore !== undefined) {
    if (!Array.isArray(obj.ignore) || obj.ignore.some((g) => typeof g !== 'string')) problems.push(`${file}: "ignore" must be an array of glob strings`);
    else ignore.push(...(obj.ignore as string[]));
  }
  return { file, rules, ignore, problems };
}

/** Finds and reads the nearest config for a file, caching per folder. */
export class ProjectConfigFinder {
  private readonly byFolder = new Map<string, ProjectConfig | undefined>();

  forFile(filePath: string): ProjectConfig | undefined {
    return this.forFolder(path.dirname(path.resolve(filePath)));
  }

  private forFolder(folder: string): ProjectConfig | undefined {
    if (this.byFolder.has(folder)) return this.byFolder.get(folder);
    const candidate = path.join(folder, CONFIG_FILE_NAME);
    let config: ProjectConfig | undefined;
    if (fs.existsSync(candidate)) config = readProjectConfig(candidate);
    else {
      const parent = path.dirname(folder);
      config = parent === folder ? undefined : this.forFolder(parent);
    }
    this.byFolder.set(folder, config);
    return config;
  }
}

/** Whether the config's ignore globs (relative to the config's folder) match the file. */
export function isIgnored(config: ProjectConfig | undefined, filePath: string): boolean {
  if (!config || config.ignore.length === 0) return false;
  const relative = path.relative(path.dirname(config.file), path.resolve(filePath)).split(path.sep).join('/');
  if (relative.startsWith('../')) return false;
  let matcher = ignoreMatchers.get(config);
  if (!matcher) {
    // Required on first use: most projects have no ignore globs.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const picomatch = require('picomatch') as typeof picomatchType;
    matcher = picomatch(config.ignore as string[], { dot: true });
    ignoreMatchers.set(config, matcher);
  }
  return matcher(relative);
}

/** One compiled matcher per config (a config is never changed once read). */
const ignoreMatchers = new WeakMap<ProjectConfig, (path: string) => boolean>();
