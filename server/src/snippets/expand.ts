// The policy snippets (snippets/iam-mfa-guard.code-snippets): loading them, and expanding a
// snippet body the way VS Code inserts it when every placeholder keeps its default.
// No LSP import here: the language server offers these in completion, tests lint them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseJsonc, ParseError, printParseErrorCode } from 'jsonc-parser';

export const SNIPPETS_FILE_NAME = 'iam-mfa-guard.code-snippets';

/** A whole policy document, or statement(s) to insert inside "Statement": [ … ]. */
export type SnippetKind = 'document' | 'statement';

export interface PolicySnippet {
  /** The key in the snippets file; unique. */
  readonly name: string;
  /** The first (main) prefix: what the user types. */
  readonly prefix: string;
  /** Every prefix (VS Code allows several). */
  readonly prefixes: readonly string[];
  /** Publisher, date, and (for corrected forms) what was changed and why. */
  readonly description: string;
  /** Body lines in VS Code / LSP snippet syntax (tab stops, `\$` escapes, `\t` indents). */
  readonly body: readonly string[];
  /** `body` joined with "\n": an LSP `insertText` with `InsertTextFormat.Snippet`. */
  readonly snippetText: string;
  /** Statement-level snippets have a prefix ending in "-statement". */
  readonly kind: SnippetKind;
}

// ---------------------------------------------------------------- expansion

type Node =
  | { readonly type: 'text'; readonly value: string }
  | { readonly type: 'tabstop'; readonly index: number }
  | { readonly type: 'placeholder'; readonly index: number; readonly children: readonly Node[] }
  | { readonly type: 'choice'; readonly index: number; readonly options: readonly string[] }
  | { readonly type: 'variable'; readonly name: string; readonly children?: readonly Node[] };

/**
 * Parser for the VS Code snippet grammar (https://code.visualstudio.com/docs/editing/userdefinedsnippets#_grammar):
 * `$1`, `${1}`, `${1:default}` (nested), `${1|a,b|}`, `$name`, `${name}`, `${name:default}`.
 * A `$` or `${` that starts none of these is text, as in VS Code. `\$`, `\}` and `\\` are
 * escapes (inside a choice also `\,` and `\|`); any other backslash is text. Transforms
 * (`${1/regex/format/}`) are not supported: the product's snippets use none.
 */
class SnippetParser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): Node[] {
    const nodes = this.parseUntil(false);
    return nodes;
  }

  /** Reads nodes until end of input or, when `inPlaceholder`, an unescaped "}" (not consumed). */
  private parseUntil(inPlaceholder: boolean): Node[] {
    const nodes: Node[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ type: 'text', value: text });
      text = '';
    };
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c === '\\') {
        const next = this.src[this.pos + 1];
        if (next === '$' || next === '}' || next === '\\') {
          text += next;
          this.pos += 2;
        } else {
          text += c;
          this.pos += 1;
        }
        continue;
      }
      if (c === '}' && inPlaceholder) break;
      if (c === '$') {
        const start = this.pos;
        const node = this.parseDollar();
        if (node) {
          flush();
          nodes.push(node);
          continue;
        }
        this.pos = start + 1;
        text += '$';
        continue;
      }
      text += c;
      this.pos += 1;
    }
    flush();
    return nodes;
  }

  /** At a "$": a tab stop, placeholder, choice or variable; undefined (position unspecified) if none. */
  private parseDollar(): Node | undefined {
    this.pos += 1; // "$"
    const int = this.match(/[0-9]+/y);
    if (int !== undefined) return { type: 'tabstop', index: Number(int) };
    const bare = this.match(/[_a-zA-Z][_a-zA-Z0-9]*/y);
    if (bare !== undefined) return { type: 'variable', name: bare };
    if (this.src[this.pos] !== '{') return undefined;
    this.pos += 1;
    const index = this.match(/[0-9]+/y);
    if (index !== undefined) {
      const n = Number(index);
      const c = this.src[this.pos];
      if (c === '}') {
        this.pos += 1;
        return { type: 'tabstop', index: n };
      }
      if (c === ':') {
        this.pos += 1;
        const children = this.parseUntil(true);
        if (this.src[this.pos] !== '}') return undefined;
        this.pos += 1;
        return { type: 'placeholder', index: n, children };
      }
      if (c === '|') {
        this.pos += 1;
        const options = this.parseChoiceOptions();
        return options && { type: 'choice', index: n, options };
      }
      if (c === '/') throw new Error(`snippet transforms are not supported (at offset ${this.pos})`);
      return undefined;
    }
    const name = this.match(/[_a-zA-Z][_a-zA-Z0-9]*/y);
    if (name === undefined) return undefined;
    const c = this.src[this.pos];
    if (c === '}') {
      this.pos += 1;
      return { type: 'variable', name };
    }
    if (c === ':') {
      this.pos += 1;
      const children = this.parseUntil(true);
      if (this.src[this.pos] !== '}') return undefined;
      this.pos += 1;
      return { type: 'variable', name, children };
    }
    if (c === '/') throw new Error(`snippet transforms are not supported (at offset ${this.pos})`);
    return undefined;
  }

  /** After "${n|": options up to "|}"; undefined when unterminated. */
  private parseChoiceOptions(): string[] | undefined {
    const options: string[] = [];
    let current = '';
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c === '\\') {
        const next = this.src[this.pos + 1];
        if (next !== undefined && '$}\\,|'.includes(next)) {
          current += next;
          this.pos += 2;
          continue;
        }
        current += c;
        this.pos += 1;
        continue;
      }
      if (c === ',') {
        options.push(current);
        current = '';
        this.pos += 1;
        continue;
      }
      if (c === '|' && this.src[this.pos + 1] === '}') {
        options.push(current);
        this.pos += 2;
        return options;
      }
      current += c;
      this.pos += 1;
    }
    return undefined;
  }

  private match(re: RegExp): string | undefined {
    re.lastIndex = this.pos;
    const m = re.exec(this.src);
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }
}

export interface ExpandOptions {
  /**
   * Values for snippet variables (`$TM_FILENAME`, …). A variable not given here expands to
   * its default, or else to its own name, as VS Code does for an unknown variable.
   */
  readonly variables?: Readonly<Record<string, string>>;
}

/**
 * The text VS Code inserts for `body` when the user accepts every default: placeholders
 * become their default text (mirrored to every `$n` of the same number), choices their
 * first option, `$0` and bare tab stops nothing, and escapes are undone.
 */
export function expandSnippet(body: string | readonly string[], options: ExpandOptions = {}): string {
  const source = typeof body === 'string' ? body : body.join('\n');
  const nodes = new SnippetParser(source).parse();
  // A tab stop takes its value from the first placeholder or choice with its number, wherever it is.
  const defaults = new Map<number, readonly Node[] | string>();
  const collect = (list: readonly Node[]) => {
    for (const node of list) {
      if (node.type === 'placeholder') {
        if (!defaults.has(node.index)) defaults.set(node.index, node.children);
        collect(node.children);
      } else if (node.type === 'choice') {
        if (!defaults.has(node.index)) defaults.set(node.index, node.options[0] ?? '');
      } else if (node.type === 'variable' && node.children) {
        collect(node.children);
      }
    }
  };
  collect(nodes);
  const render = (list: readonly Node[], seen: ReadonlySet<number>): string => {
    let out = '';
    for (const node of list) {
      switch (node.type) {
        case 'text':
          out += node.value;
          break;
        case 'tabstop':
        case 'placeholder':
        case 'choice': {
          const value = node.type === 'placeholder' ? node.children : defaults.get(node.index);
          if (node.index === 0 && node.type === 'tabstop') break;
          if (typeof value === 'string') out += value;
          else if (value && !seen.has(node.index)) out += render(value, new Set([...seen, node.index]));
          break;
        }
        case 'variable': {
          const given = options.variables?.[node.name];
          if (given) out += given;
          else if (node.children) out += render(node.children, seen);
          else out += node.name;
          break;
        }
      }
    }
    return out;
  };
  return render(nodes, new Set());
}

// ---------------------------------------------------------------- loading

interface RawSnippet {
  readonly prefix?: string | string[];
  readonly body?: string | string[];
  readonly description?: string | string[];
}

/** Snippets from the text of a `.code-snippets` file (JSON with comments). */
export function parseSnippetsFile(text: string): PolicySnippet[] {
  const errors: ParseError[] = [];
  const raw = parseJsonc(text, errors, { allowTrailingComma: true }) as Record<string, RawSnippet> | undefined;
  if (errors.length > 0 || !raw || typeof raw !== 'object') {
    const first = errors[0];
    throw new Error(`invalid snippets file${first ? `: ${printParseErrorCode(first.error)} at offset ${first.offset}` : ''}`);
  }
  const snippets: PolicySnippet[] = [];
  for (const [name, entry] of Object.entries(raw)) {
    if (!entry || typeof entry !== 'object' || entry.prefix === undefined || entry.body === undefined) continue;
    const prefixes = Array.isArray(entry.prefix) ? entry.prefix : [entry.prefix];
    const body = Array.isArray(entry.body) ? entry.body : [entry.body];
    const description = Array.isArray(entry.description) ? entry.description.join('\n') : (entry.description ?? '');
    snippets.push({
      name,
      prefix: prefixes[0],
      prefixes,
      description,
      body,
      snippetText: body.join('\n'),
      kind: prefixes.some((p) => p.endsWith('-statement')) ? 'statement' : 'document',
    });
  }
  return snippets;
}

/**
 * Where the snippets file is: `snippets/` at the extension / repository root, found by
 * walking up from this module (works from out/server/src/snippets and from a bundle).
 */
export function defaultSnippetsPath(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const candidate = path.join(dir, 'snippets', SNIPPETS_FILE_NAME);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`${SNIPPETS_FILE_NAME} not found above ${from}`);
    dir = parent;
  }
}

const cache = new Map<string, readonly PolicySnippet[]>();

/** Every snippet, in file order. Read once per file and cached. */
export function listSnippets(file: string = defaultSnippetsPath()): readonly PolicySnippet[] {
  let snippets = cache.get(file);
  if (!snippets) {
    snippets = Object.freeze(parseSnippetsFile(fs.readFileSync(file, 'utf8')));
    cache.set(file, snippets);
  }
  return snippets;
}
