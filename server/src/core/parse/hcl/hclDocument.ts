// The Terraform HCL reader (`*.tf`). tree-sitter gives an error-tolerant tree with exact ranges;
// the places that hold policies are rebuilt as the JSON-shaped nodes the policy reader knows,
// from the same ranges, so every rule, hover and fix works on the HCL text:
//   jsonencode({ Version = …, Statement = [ … ] })     objects, tuples, `=` and `:`, bare and quoted keys
//   "{\"Statement\": …}" and <<EOF … EOF               JSON in strings: findings inside the text
//   data "aws_iam_policy_document" "x" { statement {…} } read as Terraform's data source
// A value Terraform computes (var.x, local.y, a resource attribute, a `for`, an interpolation)
// is unknown: never guessed, no finding rests on it, and the hover says what it was.
import * as posix from 'node:path/posix';
import { Node, ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { FileReference, ParseProblem, ParsedDocument, PolicyDocumentNode, TextRange } from '../../model';
import { GeneralCode } from '../../ruleIds';
import { looksLikeEmbeddedPolicy } from '../embedded';
import { unknownValue } from '../intrinsics';
import { readPolicyTree } from '../policyTree';
import type { SyntaxReader } from '../reader';
import { HCL_MIGHT_HOLD_POLICY, HclNode, hclParserReady, parseHclTree } from './hclParser';
import { topLevelChunks } from './topLevelBlocks';
import { decodeHclString, HclDecodedString, HOLE, maskUnescapedPolicyVariables } from './hclStrings';
import { ownCopy } from '../../ownCopy';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What the fixes need to write a policy inside a Terraform string back. */
export interface HclEmbeddedText extends HclDecodedString {}

/** The Terraform HCL reader (`*.tf`), behind the same interface as the JSON and YAML readers. */
export const hclReader: SyntaxReader = { format: 'hcl', read: (text) => parseHclDocument(text) };

export function parseHclDocument(text: string): ParsedDocument {
  if (!hclParserReady()) {
    const problem = { code: GeneralCode.Syntax, message: 'The Terraform parser is not loaded: this file was not analysed.', range: { start: 0, end: Math.min(1, text.length) } };
    return { text, format: 'hcl', policies: [], problems: [problem], embeddedTexts: [], fileReferences: [] };
  }
  const policies: PolicyDocumentNode[] = [];
  const problems: ParseProblem[] = [];
  const embeddedTexts: HclEmbeddedText[] = [];
  const fileReferences: FileReference[] = [];
  const documentReferences: { range: TextRange; name: string }[] = [];
  for (const chunk of topLevelChunks(text)) {
    const source = text.slice(chunk.start, chunk.end);
    if (!HCL_MIGHT_HOLD_POLICY.test(source)) continue;
    const placed = parsedChunk(source, chunk.start);
    policies.push(...placed.policies);
    problems.push(...placed.problems);
    embeddedTexts.push(...placed.embeddedTexts);
    fileReferences.push(...placed.fileReferences);
    documentReferences.push(...placed.documentReferences);
  }
  return { text, format: 'hcl', policies: withMergedDocuments(policies), problems, embeddedTexts, fileReferences, documentReferences };
}

/**
 * `source_policy_documents` / `override_policy_documents` naming documents of the same file: the
 * policy Terraform renders is analysed with their statements, at their own ranges (a source's
 * statement gives way to one of this document with the same Sid; an override's replaces it).
 */
function withMergedDocuments(policies: PolicyDocumentNode[]): PolicyDocumentNode[] {
  const byName = new Map(policies.flatMap((p) => (p.terraformDocument ? [[p.terraformDocument.name, p] as const] : [])));
  return policies.map((policy) => {
    const doc = policy.terraformDocument;
    if (!doc || doc.sources.length + doc.overrides.length === 0) return policy;
    const sid = (s: PolicyDocumentNode['statements'][number]) => s.sid?.value || undefined;
    let statements = [...policy.statements];
    // What the merged documents leave unknown stays unknown in the policy Terraform renders.
    const unknownStatements = [...(policy.unknownStatements ?? [])];
    for (const name of doc.sources) {
      const source = byName.get(name);
      if (!source || source === policy) continue;
      unknownStatements.push(...(source.unknownStatements ?? []));
      const own = new Set(statements.map(sid).filter(Boolean));
      statements = [...source.statements.filter((s) => !sid(s) || !own.has(sid(s))), ...statements];
    }
    for (const name of doc.overrides) {
      const override = byName.get(name);
      if (!override || override === policy) continue;
      unknownStatements.push(...(override.unknownStatements ?? []));
      for (const s of override.statements) {
        const at = sid(s) ? statements.findIndex((t) => sid(t) === sid(s)) : -1;
        if (at >= 0) statements[at] = s;
        else statements.push(s);
      }
    }
    return { ...policy, statements: statements.map((s, index) => (s.index === index ? s : { ...s, index })), ...(unknownStatements.length > 0 ? { unknownStatements } : {}) };
  });
}

interface ChunkResult {
  readonly documentReferences: { range: TextRange; name: string }[];
  readonly policies: PolicyDocumentNode[];
  readonly problems: ParseProblem[];
  readonly embeddedTexts: HclEmbeddedText[];
  readonly fileReferences: FileReference[];
}

/**
 * Parsed blocks by their text: an edit re-parses only the block it changed. Each entry also
 * keeps its last placement, so the blocks before an edit (whose offsets did not move) are
 * reused as they are.
 */
const chunkCache = new Map<string, { key: string; local: ChunkResult; placed: ChunkResult; at: number }>();
const CHUNK_CACHE_LIMIT = 4096;

function parsedChunk(source: string, at: number): ChunkResult {
  let entry = chunkCache.get(source);
  if (entry) {
    chunkCache.delete(source); // most recently used last
  } else {
    // Parsed from its own copy and kept under it: the entry outlives the document the block was cut from.
    const key = ownCopy(source);
    const local = parseChunk(key);
    if (chunkCache.size >= CHUNK_CACHE_LIMIT) chunkCache.delete(chunkCache.keys().next().value!);
    entry = { key, local, placed: local, at: 0 };
  }
  if (entry.at !== at) entry = { key: entry.key, local: entry.local, placed: shifted(entry.local, at), at };
  chunkCache.set(entry.key, entry);
  return entry.placed;
}

/** One top-level block (with the comments before it), offsets from its start. */
function parseChunk(text: string): ChunkResult {
  const result: ChunkResult = { policies: [], problems: [], embeddedTexts: [], fileReferences: [], documentReferences: [] };
  const { masked, found } = maskUnescapedPolicyVariables(text);
  for (const range of found) {
    const written = text.slice(range.start, range.end);
    result.problems.push({
      code: GeneralCode.Syntax,
      message: `Terraform reads ${written} as its own interpolation and refuses the file ("Invalid character" / "Extra characters after interpolation expression"): write the IAM policy variable as $$${written.slice(1)}.`,
      range,
    });
  }
  const tree = parseHclTree(masked);
  if (!tree) return result;
  try {
    const reader = new HclReader(text, result.problems, result.policies, result.embeddedTexts, result.fileReferences, result.documentReferences);
    reader.syntaxProblems(tree.rootNode);
    reader.readBody(tree.rootNode);
  } finally {
    tree.delete();
  }
  result.policies.sort((a, b) => a.range.start - b.range.start);
  return result;
}

/** A deep copy with every range (and a decoded string's boundaries) moved by `by`. */
function shifted<T>(value: T, by: number): T {
  if (by === 0) return value;
  const visit = (v: unknown, key?: string): unknown => {
    if (Array.isArray(v)) return key === 'boundaries' ? v.map((b: number) => b + by) : v.map((x) => visit(x));
    if (v === null || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    if (typeof o.start === 'number' && typeof o.end === 'number' && Object.keys(o).length === 2) return { start: o.start + by, end: (o.end as number) + by };
    const copy: Record<string, unknown> = {};
    for (const k of Object.keys(o)) copy[k] = visit(o[k], k);
    return copy;
  };
  return visit(value) as T;
}

const children = (n: HclNode): HclNode[] => n.namedChildren.filter((c): c is HclNode => c !== null && c.type !== 'comment');

class HclReader {
  constructor(
    private readonly text: string,
    private readonly problems: ParseProblem[],
    private readonly policies: PolicyDocumentNode[],
    private readonly embeddedTexts: HclEmbeddedText[],
    private readonly fileReferences: FileReference[],
    private readonly documentReferences: { range: TextRange; name: string }[],
  ) {}

  /** tree-sitter's ERROR and MISSING nodes, reported once per broken region. */
  syntaxProblems(root: HclNode): void {
    if (!root.hasError) return;
    const visit = (n: HclNode) => {
      if (n.isMissing) {
        this.problems.push({ code: GeneralCode.Syntax, message: `Terraform syntax error: "${n.type}" expected.`, range: { start: n.startIndex, end: Math.min(this.text.length, n.startIndex + 1) } });
        return;
      }
      if (n.type === 'ERROR') {
        const end = Math.min(n.endIndex, this.text.indexOf('\n', n.startIndex) < 0 ? n.endIndex : Math.max(n.startIndex + 1, this.text.indexOf('\n', n.startIndex)));
        this.problems.push({ code: GeneralCode.Syntax, message: 'Terraform syntax error: this does not parse as HCL.', range: { start: n.startIndex, end: Math.max(end, n.startIndex + 1) } });
        return;
      }
      if (n.hasError) for (const c of n.children) if (c) visit(c);
    };
    visit(root);
  }

  /** A file's or block's body: every attribute and block below it. */
  readBody(node: HclNode, path: (string | number)[] = []): void {
    for (const child of children(node)) {
      if (child.type === 'body' || child.type === 'config_file') this.readBody(child, path);
      else if (child.type === 'block') this.readBlock(child, path);
      else if (child.type === 'attribute') this.readAttribute(child, path);
      else if (child.type === 'ERROR' && child.hasError) this.readBody(child, path);
    }
  }

  private readBlock(block: HclNode, path: (string | number)[]): void {
    const parts = children(block);
    const type = parts[0]?.type === 'identifier' ? parts[0].text : '';
    const labels = parts.filter((p) => p.type === 'string_lit').map((p) => this.text.slice(p.startIndex + 1, p.endIndex - 1));
    const body = parts.find((p) => p.type === 'body');
    if (type === 'data' && labels[0] === 'aws_iam_policy_document' && labels[1] !== undefined) {
      if (body || parts.some((p) => p.type === 'block_start')) this.readPolicyDocumentBlock(block, body, labels[1]);
      return;
    }
    const source = body ? this.text.slice(body.startIndex, body.endIndex) : '';
    if (!source.includes('Statement') && !source.includes('file(') && !source.includes('data.aws_iam_policy_document.')) return;
    this.readBody(body!, [...path, type, ...labels]);
  }

  private readAttribute(attribute: HclNode, path: (string | number)[]): void {
    const [name, value] = children(attribute);
    if (!name || !value) return;
    // Cheap: only an attribute whose text names a Statement can hold a JSON-shaped policy.
    const source = this.text.slice(value.startIndex, value.endIndex);
    const reference = /^data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.json$/.exec(source.trim());
    if (reference) this.documentReferences.push({ range: { start: value.startIndex, end: value.endIndex }, name: reference[1] });
    if (!source.includes('Statement') && !source.includes('file(')) return;
    // `locals { force_mfa = { Version = …, Statement = […] } }` and a variable's default: the
    // policy that jsonencode(local.force_mfa) writes, read once, where it is written.
    const definesValue = (path.length === 1 && path[0] === 'locals') || (path.length === 2 && path[0] === 'variable' && name.text === 'default');
    if (definesValue && this.isPolicyObject(value)) {
      this.collect(this.convert(value), [...path, name.text], false);
      return;
    }
    this.readExpression(value, [...path, name.text]);
  }

  /** An object expression with a `Statement` key: a policy document written in HCL. */
  private isPolicyObject(node: HclNode): boolean {
    const inner = unwrap(node);
    if (inner.type !== 'object') return false;
    return children(inner).some((element) => {
      const key = element.type === 'object_elem' ? element.childForFieldName('key') : null;
      return key !== null && this.convertKey(key)?.value === 'Statement';
    });
  }

  /** Finds policies in an expression: jsonencode(…) arguments, strings holding JSON, and anything nested. */
  private readExpression(node: HclNode, path: (string | number)[]): void {
    const inner = unwrap(node);
    if (inner.type === 'function_call') {
      const [fn, args] = children(inner);
      if (fn?.text === 'jsonencode' && args) {
        const [arg] = children(args);
        if (arg) this.collect(this.convert(arg), [...path]);
        return;
      }
      if ((fn?.text === 'file' || fn?.text === 'templatefile') && args) {
        this.readFileReference(inner, fn.text, children(args)[0]);
        return;
      }
      for (const a of args ? children(args) : []) this.readExpression(a, path);
      return;
    }
    const template = templateOf(inner);
    if (template) {
      this.readString(template, path);
      return;
    }
    for (const c of children(inner)) this.readExpression(c, path);
  }

  /**
   * file("${path.module}/x.json"): the policy is in another file, which is checked on its own.
   * Only a path Terraform would resolve the same way everywhere is followed: a literal, or
   * one that starts with ${path.module}.
   */
  private readFileReference(call: HclNode, name: 'file' | 'templatefile', arg: HclNode | undefined): void {
    const template = arg && templateOf(unwrap(arg));
    if (!template || template.type === 'heredoc_template') return;
    const decoded = decodeHclString(this.text, template);
    if (!decoded) return;
    let relative = decoded.text;
    if (decoded.holes.length === 1 && decoded.holes[0].start === template.startIndex + 1 && /^\$\{\s*path\.module\s*\}$/.test(this.text.slice(decoded.holes[0].start, decoded.holes[0].end))) {
      relative = '.' + decoded.text.slice(1);
    } else if (decoded.holes.length > 0) {
      return;
    }
    if (!/\.json(\.tpl)?$|\.tpl$|\.tftpl$/i.test(relative)) return;
    if (!referenceStaysInside(relative.replace(/^\.\//, ''))) {
      this.problems.push({
        code: GeneralCode.Syntax,
        severity: 'warning',
        message: `${name}() names ${relative}, outside the folder of this configuration: it is not read, and the policy it holds is not checked.`,
        range: { start: call.startIndex, end: call.endIndex },
      });
      return;
    }
    this.fileReferences.push({ range: { start: call.startIndex, end: call.endIndex }, path: relative.replace(/^\.\//, ''), call: name });
  }

  /** A Terraform string holding a JSON policy: parsed as JSON, its ranges mapped back through the escapes. */
  private readString(template: HclNode, path: (string | number)[]): void {
    const decoded = decodeHclString(this.text, template, true);
    if (!decoded || !looksLikeEmbeddedPolicy(decoded.text)) return;
    const errors: ParseError[] = [];
    const root = parseTree(decoded.text, errors, { allowTrailingComma: false, disallowComments: true });
    if (!root) return;
    const at = (offset: number) => decoded.boundaries[Math.max(0, Math.min(offset, decoded.boundaries.length - 1))];
    for (const e of errors) {
      const start = at(e.offset);
      this.problems.push({ code: GeneralCode.Syntax, message: `JSON syntax error in the policy string: ${printParseErrorCode(e.error)}.`, range: { start, end: Math.max(start + 1, at(e.offset + e.length)) } });
    }
    const root2 = markHoles(root);
    const found = readPolicyTree(decoded.text, root2, this.problems, { rangeOf: (n) => ({ start: at(n.offset), end: at(n.offset + n.length) }), embeddedIn: decoded.range, path, fragments: true });
    if (found.length > 0) this.embeddedTexts.push(decoded);
    this.policies.push(...found);
  }

  private collect(root: Node, path: (string | number)[], fragments = true): void {
    this.policies.push(...readPolicyTree(this.text, root, this.problems, { path, fragments }));
  }

  /** data "aws_iam_policy_document" "x" { … } as its JSON form {"aws_iam_policy_document": {"x": {…}}}. */
  private readPolicyDocumentBlock(block: HclNode, body: HclNode | undefined, name: string): void {
    const converted = body ? this.convertBody(body, block) : object(block.startIndex, block.endIndex);
    const root = object(block.startIndex, block.endIndex);
    const byName = object(block.startIndex, block.endIndex);
    addProperty(byName, stringNode(block.startIndex, block.startIndex + 4, name), converted);
    addProperty(root, stringNode(block.startIndex, block.startIndex + 4, 'aws_iam_policy_document'), byName);
    const before = this.policies.length;
    this.collect(root, ['data'], false);
    const references = (attribute: string) => {
      const list = body && children(body).find((c) => c.type === 'attribute' && children(c)[0]?.text === attribute);
      const value = list ? this.text.slice(list.startIndex, list.endIndex) : '';
      return [...value.matchAll(/data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.json/g)].map((m) => m[1]);
    };
    const terraformDocument = { name, sources: references('source_policy_documents'), overrides: references('override_policy_documents') };
    for (let i = before; i < this.policies.length; i++) this.policies[i] = { ...this.policies[i], terraformDocument };
  }

  /** A block body: attributes as properties, nested blocks of one type as an array of objects. */
  private convertBody(body: HclNode, block: HclNode): Node {
    const result = object(block.startIndex, block.endIndex);
    const groups = new Map<string, Mutable<Node>>();
    for (const child of children(body)) {
      if (child.type === 'attribute') {
        const [key, value] = children(child);
        if (key && value) addProperty(result, stringNode(key.startIndex, key.endIndex, key.text), this.convert(value));
      } else if (child.type === 'block') {
        const [id] = children(child);
        if (id?.type !== 'identifier') continue;
        // `dynamic "statement" { for_each = … content { … } }` makes statements from its content
        // block, zero or more times: read as one statement in its place, in which what the
        // iterator gives (`statement.value.actions`) is unknown. (Other dynamic blocks are left out.)
        const dynamicLabel = dynamicLabelOf(this.text, child);
        if (id.text === 'dynamic' && dynamicLabel !== 'statement') continue;
        const name = dynamicLabel ?? id.text;
        const inner = dynamicLabel ? dynamicContent(child) : children(child).find((c) => c.type === 'body');
        let group = groups.get(name);
        if (!group) {
          group = { type: 'array', offset: child.startIndex, length: child.endIndex - child.startIndex, children: [] };
          groups.set(name, group);
          addProperty(result, stringNode(id.startIndex, id.endIndex, name), group);
        }
        // A block holding a dynamic block of its own (a statement's `dynamic "condition"`) is only
        // partly known: read without it, a conditional deny would read as unconditional.
        const nestedDynamic = inner && dynamicLabelIn(this.text, inner);
        const length = child.endIndex - child.startIndex;
        let item: Node;
        if (nestedDynamic) item = unknownValue(child.startIndex, length, `a ${name} with a dynamic "${nestedDynamic}" block`);
        else if (inner) item = this.convertBody(inner, child);
        else if (dynamicLabel) item = unknownValue(child.startIndex, length, 'a dynamic "statement" block without content');
        else item = object(child.startIndex, child.endIndex);
        (item as Mutable<Node>).parent = group;
        group.children!.push(item);
        group.length = child.endIndex - group.offset;
        // The property spans every block of the group.
        const prop = group.parent as Mutable<Node>;
        prop.length = child.endIndex - prop.offset;
      }
    }
    return result;
  }

  /** An HCL expression as a JSON-shaped node; what Terraform computes becomes an unknown value. */
  convert(node: HclNode): Node {
    const inner = unwrap(node);
    switch (inner.type) {
      case 'tuple': {
        const array: Mutable<Node> = { type: 'array', offset: inner.startIndex, length: inner.endIndex - inner.startIndex, children: [] };
        for (const element of children(inner)) {
          if (element.type !== 'expression') continue;
          const value = this.convert(element) as Mutable<Node>;
          value.parent = array;
          array.children!.push(value);
        }
        return array;
      }
      case 'object': {
        const result = object(inner.startIndex, inner.endIndex);
        for (const element of children(inner)) {
          if (element.type !== 'object_elem') continue;
          const key = element.childForFieldName('key');
          const val = element.childForFieldName('val');
          if (!key || !val) continue;
          const keyNode = this.convertKey(key);
          if (keyNode) addProperty(result, keyNode, this.convert(val));
        }
        return result;
      }
      case 'numeric_lit':
        return { type: 'number', offset: inner.startIndex, length: inner.endIndex - inner.startIndex, value: Number(inner.text) };
      case 'bool_lit':
        return { type: 'boolean', offset: inner.startIndex, length: inner.endIndex - inner.startIndex, value: inner.text.trim() === 'true' };
      case 'null_lit':
        return { type: 'null', offset: inner.startIndex, length: inner.endIndex - inner.startIndex, value: null };
      case 'function_call': {
        // toset([...]) and tolist([...]) keep the values they are given.
        const [fn, args] = children(inner);
        const argList = args ? children(args) : [];
        if ((fn?.text === 'toset' || fn?.text === 'tolist') && argList.length === 1 && unwrap(argList[0]).type === 'tuple') return this.convert(argList[0]);
        // concat([{ … }], var.extra): the lists written out keep their entries; each other
        // argument is one unknown entry (it may hold any number), so `Statement = concat(…)` keeps
        // its known statements.
        if (fn?.text === 'concat' && argList.length > 0) {
          const array: Mutable<Node> = { type: 'array', offset: inner.startIndex, length: inner.endIndex - inner.startIndex, children: [] };
          for (const arg of argList) {
            const list = unwrap(arg).type === 'tuple' ? (this.convert(arg).children ?? []) : [this.convert(arg)];
            for (const entry of list) {
              (entry as Mutable<Node>).parent = array;
              array.children!.push(entry);
            }
          }
          return array;
        }
        break;
      }
    }
    const template = templateOf(inner);
    if (template) {
      const decoded = decodeHclString(this.text, template);
      if (decoded && decoded.holes.length === 0) return stringNode(template.startIndex, template.endIndex, decoded.text);
    }
    return unknownValue(node.startIndex, node.endIndex - node.startIndex, describeUnknown(this.text.slice(node.startIndex, node.endIndex)));
  }

  /** An object key: a bare name (`Effect`), a quoted string (`"aws:MultiFactorAuthPresent"`), or `(expr)`. */
  private convertKey(key: HclNode): Node | undefined {
    const inner = unwrap(key);
    if (inner.type === 'variable_expr' && children(key).length === 1) return stringNode(inner.startIndex, inner.endIndex, inner.text);
    const template = templateOf(inner);
    if (template) {
      const decoded = decodeHclString(this.text, template);
      if (decoded && decoded.holes.length === 0) return stringNode(template.startIndex, template.endIndex, decoded.text);
    }
    return undefined;
  }
}

/** What a `dynamic "condition" { … }` block makes ("condition"); undefined for any other block. */
function dynamicLabelOf(text: string, block: HclNode): string | undefined {
  const [id, label] = block.type === 'block' ? children(block) : [];
  if (id?.text !== 'dynamic') return undefined;
  return (label?.type === 'string_lit' && decodeHclString(text, label)?.text) || 'block';
}

/** The label of the first dynamic block directly in the body, if any. */
function dynamicLabelIn(text: string, body: HclNode): string | undefined {
  for (const c of children(body)) {
    const label = dynamicLabelOf(text, c);
    if (label !== undefined) return label;
  }
  return undefined;
}

/** The body of a dynamic block's `content { … }`. */
function dynamicContent(dynamic: HclNode): HclNode | undefined {
  const body = children(dynamic).find((c) => c.type === 'body');
  const content = body && children(body).find((c) => c.type === 'block' && children(c)[0]?.text === 'content');
  return content && children(content).find((c) => c.type === 'body');
}

/** The expression inside `expression`, `literal_value`, `collection_value`, `template_expr` and parentheses. */
function unwrap(node: HclNode): HclNode {
  let current = node;
  for (let i = 0; i < 16; i++) {
    const kids = children(current);
    const wrapper = current.type === 'expression' || current.type === 'literal_value' || current.type === 'collection_value' || current.type === 'function_arguments';
    if (wrapper && kids.length === 1) current = kids[0];
    else if (current.type === 'expression' && kids.length === 1 && current.text.startsWith('(')) current = kids[0];
    else break;
  }
  return current;
}

function templateOf(node: HclNode): HclNode | undefined {
  if (node.type === 'string_lit' || node.type === 'quoted_template' || node.type === 'heredoc_template') return node;
  if (node.type === 'template_expr') return children(node).find((c) => c.type === 'quoted_template' || c.type === 'heredoc_template');
  return undefined;
}

function describeUnknown(source: string): string {
  const oneLine = source.replace(/\s+/g, ' ').trim();
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine;
}

/** Strings of the decoded JSON that hold an interpolation: unknown values. */
function markHoles(node: Node): Node {
  if (node.type === 'string' && typeof node.value === 'string' && node.value.includes(HOLE)) {
    const marked = unknownValue(node.offset, node.length, 'a Terraform interpolation');
    return { ...marked, parent: node.parent };
  }
  if (node.children) {
    const copy: Mutable<Node> = node;
    copy.children = node.children.map((c) => {
      const m = markHoles(c) as Mutable<Node>;
      m.parent = copy;
      return m;
    });
  }
  return node;
}

function object(start: number, end: number): Mutable<Node> {
  return { type: 'object', offset: start, length: end - start, children: [] };
}

function stringNode(start: number, end: number, value: string): Node {
  return { type: 'string', offset: start, length: end - start, value };
}

function addProperty(obj: Mutable<Node>, key: Node, value: Node): void {
  const start = Math.min(key.offset, value.offset);
  const end = Math.max(key.offset + key.length, value.offset + value.length);
  const prop: Mutable<Node> = { type: 'property', offset: start, length: end - start, parent: obj, children: [] };
  (key as Mutable<Node>).parent = prop;
  (value as Mutable<Node>).parent = prop;
  prop.children = [key, value];
  obj.children!.push(prop);
}

/**
 * A path file("…") names stays inside the folder of the file that names it (and below): no
 * absolute path, no `..` that climbs out. Links are the caller's to check, on the disk.
 */
export function referenceStaysInside(relativePath: string): boolean {
  if (relativePath === '' || posix.isAbsolute(relativePath) || /^[A-Za-z]:[\\/]/.test(relativePath) || relativePath.includes('\\')) return false;
  const normal = posix.normalize(relativePath);
  return normal !== '..' && !normal.startsWith('../');
}

export type { TextRange };
