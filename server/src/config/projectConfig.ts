// The project's own settings file, `.iam-mfa-guard.json`, found from a linted file's folder
// upward (the nearest one wins), so a repository can switch rules off or ignore paths for
// the CLI and the editor alike:
//   { "rules": { "MFA009": "off", "MFA010": "hint" }, "ignore": ["legacy/**", "**/*.draft.json"] }
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Node, ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { CompiledGlobs, compileGlobs, NO_GLOBS } from './globs';
import { RULES_BY_ID, SEVERITY_SETTING_LIST, SeveritySetting, parseSeveritySetting } from '../core';

export const CONFIG_FILE_NAME = '.iam-mfa-guard.json';

export interface ProjectConfig {
  /** The file it was read from. */
  readonly file: string;
  readonly rules: Readonly<Record<string, SeveritySetting>>;
  readonly ignore: readonly string[];
  /** `ignore`, compiled once. */
  readonly ignoreGlobs: CompiledGlobs;
  /** Problems in the file itself, for the user to see; the valid parts still apply. */
  readonly problems: readonly string[];
}


/** A settings file of a few hundred bytes; anything near this is not one. */
export const MAX_CONFIG_SIZE = 1024 * 1024;

/**
 * Reads the file as a project config. Only a regular file is read (a FIFO would block, a link
 * to /dev/zero never ends), at most MAX_CONFIG_SIZE bytes, and no error quotes its content
 * (a link to /etc/passwd must not print it).
 */
export function readProjectConfig(file: string): ProjectConfig {
  const failed = (why: string): ProjectConfig => ({ file, rules: {}, ignore: [], ignoreGlobs: NO_GLOBS, problems: [`cannot read ${file}: ${why}; it is not applied`] });
  let text: string;
  try {
    const read = readRegularFile(file, MAX_CONFIG_SIZE);
    if (typeof read !== 'string') return failed(read.problem);
    text = read;
  } catch (error) {
    return failed(describeError(error));
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || !root) {
    const at = errors.length > 0 ? lineAndColumn(text, errors[0].offset) : undefined;
    return failed(`not valid JSON${at ? ` (${printParseErrorCode(errors[0].error)} at line ${at.line}, column ${at.column})` : ''}`);
  }
  const problems: string[] = [];
  if (root.type !== 'object') problems.push(`${file}: the settings must be a JSON object like {"rules": {"MFA009": "off"}}`);
  const rules: Record<string, SeveritySetting> = Object.create(null);
  const rulesNode = lastProperty(root, 'rules');
  if (rulesNode !== undefined) {
    if (rulesNode.type !== 'object') problems.push(`${file}: "rules" must be an object like {"MFA009": "off"}`);
    else
      for (const prop of rulesNode.children ?? []) {
        const [keyNode, valueNode] = prop.children ?? [];
        if (!keyNode || !valueNode) continue;
        const id = String(keyNode.value);
        const setting = parseSeveritySetting(valueNode.value);
        if (!RULES_BY_ID.has(id.toUpperCase())) problems.push(`${file}: unknown rule ${shortQuote(id)}`);
        else if (!setting) problems.push(`${file}: ${shortQuote(id)} must be one of ${SEVERITY_SETTING_LIST}`);
        else rules[id.toUpperCase()] = setting;
      }
  }
  const ignore: string[] = [];
  let ignoreGlobs = NO_GLOBS;
  const ignoreNode = lastProperty(root, 'ignore');
  if (ignoreNode !== undefined) {
    if (ignoreNode.type !== 'array') problems.push(`${file}: "ignore" must be an array of glob strings`);
    else {
      const values = (ignoreNode.children ?? []).map((n) => (n.type === 'string' ? (n.value as string) : n.type === 'null' ? null : n.type === 'array' ? [] : n.type === 'object' ? {} : n.value));
      for (const v of values) if (typeof v === 'string') ignore.push(v);
      // Bad globs are named and skipped; the rest apply.
      ignoreGlobs = compileGlobs(values, `${file}: "ignore"`);
      for (const p of ignoreGlobs.problems) problems.push(p);
    }
  }
  return { file, rules: { ...rules }, ignore, ignoreGlobs, problems };
}

/** The file's text, or why it was not read. Opened non-blocking, so a FIFO cannot hang the run. */
export function readRegularFile(file: string, limit: number): string | { problem: string } {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { problem: 'not a regular file' };
    if (stat.size > limit) return { problem: `larger than ${limit.toLocaleString('en-US')} bytes` };
    const buffer = Buffer.alloc(Math.min(limit + 1, Math.max(stat.size + 1, 1)));
    let length = 0;
    for (;;) {
      const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length >= buffer.length) return { problem: `larger than ${limit.toLocaleString('en-US')} bytes` };
    }
    const bytes = buffer.subarray(0, length);
    const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start));
    } catch {
      return { problem: 'not UTF-8 text' };
    }
  } finally {
    fs.closeSync(fd);
  }
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return code ?? 'read error';
}

/** IAM-style "last one wins" is also what JSON.parse does with a repeated key. */
function lastProperty(obj: Node, name: string): Node | undefined {
  let found: Node | undefined;
  if (obj.type !== 'object') return undefined;
  for (const prop of obj.children ?? []) if (prop.children?.[0]?.value === name && prop.children[1]) found = prop.children[1];
  return found;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) (line++, (lineStart = i + 1));
  return { line, column: offset - lineStart + 1 };
}

function shortQuote(text: string): string {
  return JSON.stringify(text.length > 40 ? text.slice(0, 40) + '…' : text);
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
    // lstat: a dangling link or anything else by that name is still "the config here" (and says why it is not read).
    let exists = false;
    try {
      fs.lstatSync(candidate);
      exists = true;
    } catch {
      exists = false;
    }
    if (exists) config = readProjectConfig(candidate);
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
  if (!config || config.ignoreGlobs.count === 0) return false;
  const relative = path.relative(path.dirname(config.file), path.resolve(filePath)).split(path.sep).join('/');
  if (relative.startsWith('../')) return false;
  return config.ignoreGlobs.matches(relative);
}

/** One compiled matcher per config (a config is never changed once read). */
const ignoreMatchers = new WeakMap<ProjectConfig, (path: string) => boolean>();
