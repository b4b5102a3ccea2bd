// YAML (CloudFormation and SAM templates) read into the same tree shape jsonc-parser gives,
// so that one policy reader serves both. Short-form intrinsic tags (!Sub, !Ref, !GetAtt …)
// become the long form ({"Fn::Sub": …}), which the reader understands as "value unknown".
import type { Node } from 'jsonc-parser';
import { Alias, Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Pair, parseAllDocuments, Scalar } from 'yaml';
import type { ParseProblem } from '../model';
import { GeneralCode } from '../ruleIds';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Nodes a text may expand to through aliases, per byte of text ("billion laughs" stops here). */
const NODES_PER_BYTE = 2;
const MIN_NODES = 50_000;

/**
 * Every document of the text (a second `---` document is analysed too: several documents
 * become one array of them), aliases read as what they name, and `<<` merge keys merged.
 */
export function parseYamlTree(text: string): { root: Node | undefined; problems: ParseProblem[] } {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, strict: false, uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [];
  const problems: ParseProblem[] = [];
  for (const doc of list)
    for (const e of doc.errors)
      problems.push({
        code: GeneralCode.Syntax,
        message: `YAML syntax error: ${e.message.split('\n')[0]}`,
        range: { start: Math.min(e.pos[0], text.length), end: Math.min(Math.max(e.pos[1], e.pos[0] + 1), text.length) },
      });
  const maxNodes = Math.max(MIN_NODES, text.length * NODES_PER_BYTE);
  const budget = { nodes: maxNodes, exhausted: false };
  const roots = list.filter((d) => d.contents);
  let root: Node | undefined;
  if (roots.length === 1) root = convert(roots[0].contents, undefined, 0, new Converter(roots[0], budget));
  else if (roots.length > 1) {
    const all: Mutable<Node> = { type: 'array', offset: 0, length: text.length, children: [] };
    all.children = roots.map((d) => convert(d.contents, all, 1, new Converter(d, budget)));
    root = all;
  }
  if (budget.exhausted) problems.push({ code: GeneralCode.Syntax, message: `YAML aliases expand to more than ${maxNodes.toLocaleString('en-US')} nodes: the rest is read as unknown.`, range: { start: 0, end: Math.min(1, text.length) } });
  return { root, problems };
}

class Converter {
  /** Aliases being expanded: an alias inside its own anchor is a cycle, read as null. */
  readonly expanding = new Set<unknown>();
  constructor(readonly doc: Document.Parsed, readonly budget: { nodes: number; exhausted: boolean }) {}
}

function convert(y: unknown, parent: Node | undefined, depth: number, c: Converter, ignoreTag = false): Node {
  const range = (y as { range?: [number, number, number] } | null)?.range ?? [0, 0, 0];
  const node: Mutable<Node> = { type: 'null', offset: range[0], length: Math.max(0, range[1] - range[0]), parent, value: null };
  if (depth > 200 || y === null || y === undefined) return node;
  if (--c.budget.nodes < 0) {
    c.budget.exhausted = true;
    return node;
  }
  const tag = (y as { tag?: string }).tag;
  if (!ignoreTag && tag && tag.startsWith('!') && !tag.startsWith('!!')) return intrinsic(tag, y, parent, depth, node, c);
  if (isMap(y)) {
    node.type = 'object';
    node.children = [];
    const explicit = new Set<string>();
    for (const pair of y.items) if (isPair(pair) && pair.key && !isMergeKey(pair.key)) explicit.add(keyText(pair.key));
    const merged = new Set<string>();
    for (const pair of y.items) {
      if (!isPair(pair) || !pair.key) continue;
      if (isMergeKey(pair.key)) {
        // `<<: *base` or `<<: [*a, *b]`: the named maps' pairs, unless the map sets them itself (earlier sources win).
        const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
        for (const source of sources) {
          const target = isAlias(source) ? resolveAlias(source, c) : source;
          if (!isMap(target) || c.expanding.has(target)) continue;
          c.expanding.add(target);
          for (const inherited of target.items) {
            if (!isPair(inherited) || !inherited.key) continue;
            const name = keyText(inherited.key);
            if (explicit.has(name) || merged.has(name)) continue;
            merged.add(name);
            node.children.push(property(node, inherited, range, depth, c));
          }
          c.expanding.delete(target);
        }
        continue;
      }
      node.children.push(property(node, pair, range, depth, c));
    }
  } else if (isSeq(y)) {
    node.type = 'array';
    node.children = y.items.map((item) => convert(item, node, depth + 1, c));
  } else if (isScalar(y)) {
    const value = (y as Scalar).value;
    node.type = typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'null';
    node.value = value instanceof Date ? value.toISOString().slice(0, 10) : typeof value === 'bigint' ? Number(value) : (value ?? null);
    if (value instanceof Date) node.type = 'string';
    if (typeof value === 'bigint') node.type = 'number';
  } else if (isAlias(y)) {
    // What the alias names, read where the anchor is (its findings land on the anchored text).
    const target = resolveAlias(y, c);
    if (target === undefined || c.expanding.has(target)) return node;
    c.expanding.add(target);
    try {
      return convert(target, parent, depth + 1, c);
    } finally {
      c.expanding.delete(target);
    }
  }
  return node;
}

function property(obj: Node, pair: Pair<unknown, unknown>, range: [number, number, number], depth: number, c: Converter): Node {
  const keyRange = (pair.key as { range?: [number, number, number] }).range ?? range;
  const prop: Mutable<Node> = { type: 'property', offset: keyRange[0], length: 0, parent: obj, children: [] };
  const key: Node = { type: 'string', offset: keyRange[0], length: keyRange[1] - keyRange[0], parent: prop, value: keyText(pair.key) };
  const value = pair.value == null ? ({ type: 'null', offset: keyRange[1], length: 0, parent: prop, value: null } as Node) : convert(pair.value, prop, depth + 1, c);
  prop.children = [key, value];
  prop.length = Math.max(0, value.offset + value.length - prop.offset);
  return prop;
}

function keyText(key: unknown): string {
  return String(isScalar(key) ? key.value : key);
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && key.value === '<<' && (key as Scalar).type === 'PLAIN';
}

function resolveAlias(alias: unknown, c: Converter): unknown {
  try {
    return (alias as Alias).resolve(c.doc);
  } catch {
    return undefined;
  }
}

/** `!Sub "…"` → {"Fn::Sub": "…"}; `!Ref X` → {"Ref": "X"}. */
function intrinsic(tag: string, y: unknown, parent: Node | undefined, depth: number, shell: Mutable<Node>, c: Converter): Node {
  const name = tag === '!Ref' || tag === '!Condition' ? tag.slice(1) : `Fn::${tag.slice(1)}`;
  shell.type = 'object';
  const prop: Mutable<Node> = { type: 'property', offset: shell.offset, length: shell.length, parent: shell, children: [] };
  const key: Node = { type: 'string', offset: shell.offset, length: 0, parent: prop, value: name };
  prop.children = [key, convert(y, prop, depth + 1, c, true)];
  shell.children = [prop];
  return shell;
}
