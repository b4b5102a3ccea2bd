// The project's own settings file, `.iam-mfa-guard.json`, found from a linted file's folder
// upward (the nearest one wins), so a repository can switch rules off or ignore paths for
// the CLI and the editor alike:
//   { "rules": { "MFA009": "off", "MFA010": "hint" }, "ignore": ["legacy/**", "**/*.draft.json"] }
import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import type { SeveritySetting } from '../core/findings';
import { RULES_BY_ID } from '../core/rules/registry';

export const CONFIG_FILE_NAME = '.iam-mfa-guard.json';

export interface ProjectConfig {
  /** The file it was read from. */
  readonly file: string;
  readonly rules: Readonly<Record<string, SeveritySetting>>;
  readonly ignore: readonly string[];
  /** Problems in the file itself, for the user to see; the valid parts still apply. */
  readonly problems: readonly string[];
}

const SETTINGS = new Set(['error', 'warning', 'information', 'hint', 'off']);

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
      for (const [id, setting] of Object.entries(obj.rules)) {
        if (!RULES_BY_ID.has(id.toUpperCase())) problems.push(`${file}: unknown rule "${id}"`);
        else if (typeof setting !== 'string' || !SETTINGS.has(setting)) problems.push(`${file}: "${id}" must be one of error, warning, information, hint, off`);
        else rules[id.toUpperCase()] = setting as SeveritySetting;
      }
  }
  const ignore: string[] = [];
  if (obj.ignore !== undefined) {
    if (!Array.isArray(obj.ignore) || obj.ignore.some((g) => typeof g !== 'string')) problems.push(`${file}: "ignore" must be an array of glob strings`);
    else for (const g of obj.ignore as string[]) ignore.push(g);
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
  return picomatch(config.ignore as string[], { dot: true })(relative);
}
