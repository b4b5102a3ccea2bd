// YAML (CloudFormation and SAM templates) read into the same tree shape jsonc-parser gives,
// so that one policy reader serves both. Short-form intrinsic tags (!Sub, !Ref, !GetAtt …)
// become the long form ({"Fn::Sub": …}), which the reader understands as "value unknown".
import type { Node } from 'jsonc-parser';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument as parseYaml, Scalar } from 'yaml';
import type { ParseProblem } from '../model';
import { GeneralCode } from '../ruleIds';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function parseYamlTree(text: string): { root: Node | undefined; problems: ParseProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseYaml(text, { lineCounter, prettyErrors: false, strict: false, uniqueKeys: false });
  const problems: ParseProblem[] = doc.errors.map((e) => ({
    code: GeneralCode.Syntax,
    message: `YAML syntax error: ${e.message.split('\n')[0]}`,
    range: { start: Math.min(e.pos[0], text.length), end: Math.min(Math.max(e.pos[1], e.pos[0] + 1), text.length) },
  }));
  const root = doc.contents ? convert(doc.contents, undefined, 0) : undefined;
  return { root, problems };
}

function convert(y: unknown, parent: Node | undefined, depth: number, ignoreTag = false): Node {
  const range = (y as { range?: [number, number, number] }).range ?? [0, 0, 0];
  const node: Mutable<Node> = { type: 'null', offset: range[0], length: Math.max(0, range[1] - range[0]), parent, value: null };
  if (depth > 200) return node;
  const tag = (y as { tag?: string }).tag;
  if (!ignoreTag && tag && tag.startsWith('!') && !tag.startsWith('!!')) return intrinsic(tag, y, parent, depth, node);
  if (isMap(y)) {
    node.type = 'object';
    node.children = [];
    for (const pair of y.items) {
      if (!isPair(pair) || !pair.key) continue;
      const keyRange = (pair.key as { range?: [number, number, number] }).range ?? range;
      const prop: Mutable<Node> = { type: 'property', offset: keyRange[0], length: 0, parent: node, children: [] };
      const key: Node = { type: 'string', offset: keyRange[0], length: keyRange[1] - keyRange[0], parent: prop, value: String(isScalar(pair.key) ? pair.key.value : pair.key) };
      const value = pair.value == null ? ({ type: 'null', offset: keyRange[1], length: 0, parent: prop, value: null } as Node) : convert(pair.value, prop, depth + 1);
      prop.children = [key, value];
      prop.length = value.offset + value.length - prop.offset;
      node.children.push(prop);
    }
  } else if (isSeq(y)) {
    node.type = 'array';
    node.children = y.items.map((item) => convert(item, node, depth + 1));
  } else if (isScalar(y)) {
    const value = (y as Scalar).value;
    node.type = typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'null';
    node.value = value instanceof Date ? value.toISOString().slice(0, 10) : value ?? null;
    if (value instanceof Date) node.type = 'string';
  } else if (isAlias(y)) {
    node.type = 'null';
  }
  return node;
}

/** `!Sub "…"` → {"Fn::Sub": "…"}; `!Ref X` → {"Ref": "X"}. */
function intrinsic(tag: string, y: unknown, parent: Node | undefined, depth: number, shell: Mutable<Node>): Node {
  const name = tag === '!Ref' || tag === '!Condition' ? tag.slice(1) : `Fn::${tag.slice(1)}`;
  shell.type = 'object';
  const prop: Mutable<Node> = { type: 'property', offset: shell.offset, length: shell.length, parent: shell, children: [] };
  const key: Node = { type: 'string', offset: shell.offset, length: 0, parent: prop, value: name };
  prop.children = [key, convert(y, prop, depth + 1, true)];
  shell.children = [prop];
  return shell;
}
