// Principals defined in Terraform HCL (`*.tf`). The HCL reader (parse/hcl) already finds every
// policy of a file, at its characters (jsonencode, heredocs, JSON strings, data
// "aws_iam_policy_document" with its source/override documents); this reader takes the same
// tree-sitter parse of the IAM resource blocks, turns their attributes into the plain values
// buildTerraformGraph reads, and hands it the policies by where they are written.
//
// A folder of `.tf` files is one configuration: its resources refer to each other across files.
// What Terraform computes is never guessed: `var.x`, a `local`, a resource of another module, a
// `for_each` over a variable are reported and their references left unresolved. Expanded:
// `for_each` over a literal set, list or map (`each.key`, `each.value`, `each.value.attr`) and
// `count` of a literal number (`count.index`), with references such as
// `aws_iam_user.x["key"].name` and `aws_iam_user.x[0].name`.
import type { PolicyDocumentNode, TextRange } from '../model';
import { jsonDepthExceeded, MAX_NESTING } from '../parse/depthGuard';
import { parseHclDocument, referenceStaysInside } from '../parse/hcl/hclDocument';
import { HclNode, hclParserReady, parseHclTree } from '../parse/hcl/hclParser';
import { decodeHclString, HOLE, maskUnescapedPolicyVariables } from '../parse/hcl/hclStrings';
import { topLevelChunks } from '../parse/hcl/topLevelBlocks';
import { emptyGraph } from './model';
import type { PolicyText, PrincipalGraph, SourceLocation } from './model';
import { readPolicyString } from './policyText';
import { buildTerraformGraph, TerraformResource, TerraformValue } from './terraformSource';
import { ownCopy } from '../ownCopy';

export { referenceStaysInside };

export interface TerraformFile {
  /** As shown in the output (and as a document's uri in the editor). */
  readonly file: string;
  readonly text: string;
}

/**
 * Reads a file that `file("…")`/`templatefile("…")` names, relative to the folder of `fromFile`
 * ('/'-separated, already checked not to leave that folder). Undefined when there is no such file.
 */
export type ReferenceReader = (fromFile: string, relativePath: string) => { readonly text: string } | { readonly problem: string };

export interface TerraformReadOptions {
  readonly readReference?: ReferenceReader;
}

/** Chunks holding the resource blocks this reader looks at (data sources come from the HCL reader). */
const IAM_RESOURCE = /\bresource\s+"aws_iam_[a-z_]+"/;
const META_ARGUMENTS = new Set(['for_each', 'count', 'depends_on', 'lifecycle', 'provider']);

export function readTerraformHcl(text: string, file: string, options: TerraformReadOptions = {}): PrincipalGraph {
  return readTerraformConfiguration([{ file, text }], file, options);
}

/** The files of one folder, read as the one configuration Terraform makes of them. */
export function readTerraformConfiguration(files: readonly TerraformFile[], name: string, options: TerraformReadOptions = {}): PrincipalGraph {
  if (!hclParserReady()) {
    const graph = emptyGraph();
    graph.problems.push({ message: `${name}: the Terraform parser is not loaded: not audited` });
    return graph;
  }
  const resources: TerraformResource[] = [];
  const policyDocuments = new Map<string, PolicyText>();
  const problems: { message: string; location?: SourceLocation }[] = [];
  // Policies written in locals, by name: any file of the folder may use one (jsonencode(local.x)).
  const localPolicies = new Map<string, PolicyText>();
  const readers = files.map((f) => new FileReader(f, options, resources, policyDocuments, localPolicies, problems));
  for (const reader of readers) reader.readPolicies();
  for (const reader of readers) reader.readResources();
  const graph = buildTerraformGraph({ file: name, resources, policyDocuments });
  graph.problems.unshift(...problems);
  return graph;
}

interface Instance {
  readonly key?: string;
  readonly value?: TerraformValue;
  readonly index?: number;
}

const kids = (n: HclNode): HclNode[] => n.namedChildren.filter((c): c is HclNode => c !== null && c.type !== 'comment');

/** Where a policy attribute's value is written (chunk offsets), and the file it names if it is file("…"). */
interface PolicySpot {
  readonly range: TextRange;
  readonly call?: { readonly fn: string; readonly relative: string };
}

/** One instance of a resource block (several under for_each/count). */
interface ChunkInstance {
  readonly suffix: string;
  readonly attributes: Record<string, TerraformValue>;
  readonly spots: Record<string, PolicySpot>;
}

/** A resource block of a top-level chunk, all offsets from the chunk's start. */
interface ChunkBlock {
  readonly type: string;
  readonly name: string;
  readonly label: TextRange;
  readonly instances: readonly ChunkInstance[];
  /** Why it has no instances (a for_each Terraform computes). */
  readonly problem?: string;
}

/**
 * Resource blocks by the text of their chunk: in the editor a change re-parses only the block
 * it touched (the HCL reader keeps its own cache of the policies alike).
 */
const chunkCache = new Map<string, { readonly key: string; readonly blocks: readonly ChunkBlock[] }>();
const CHUNK_CACHE_LIMIT = 4096;

function chunkBlocks(slice: string): readonly ChunkBlock[] {
  const known = chunkCache.get(slice);
  let blocks = known?.blocks;
  // Kept under, and read from, a copy of its own: the entry outlives the document it was cut from.
  const key = known?.key ?? ownCopy(slice);
  if (blocks) {
    chunkCache.delete(slice); // most recently used last
  } else {
    // Parsed as the HCL reader parses it: the unescaped ${aws:username} it reports masked.
    const tree = parseHclTree(maskUnescapedPolicyVariables(key).masked);
    if (!tree) return [];
    try {
      const body = kids(tree.rootNode).find((c) => c.type === 'body');
      blocks = (body ? kids(body).filter((c) => c.type === 'block') : []).flatMap((b) => readBlock(b, key) ?? []);
    } finally {
      tree.delete();
    }
    if (chunkCache.size >= CHUNK_CACHE_LIMIT) chunkCache.delete(chunkCache.keys().next().value!);
  }
  chunkCache.set(key, known ?? { key, blocks });
  return blocks;
}

function readBlock(block: HclNode, chunk: string): ChunkBlock | undefined {
  const parts = kids(block);
  if (parts[0]?.text !== 'resource') return undefined;
  const labels = parts.filter((p) => p.type === 'string_lit');
  const type = labels[0] ? chunk.slice(labels[0].startIndex + 1, labels[0].endIndex - 1) : '';
  const name = labels[1] ? chunk.slice(labels[1].startIndex + 1, labels[1].endIndex - 1) : '';
  if (!type.startsWith('aws_iam_') || !name) return undefined;
  const body = parts.find((p) => p.type === 'body');
  const label = { start: labels[1].startIndex, end: labels[1].endIndex };
  const values = new Values(chunk);
  const forEach = body && attributeNode(body, 'for_each');
  const count = body && attributeNode(body, 'count');
  let instances: { suffix: string; instance: Instance }[] = [{ suffix: '', instance: {} }];
  if (forEach) {
    const value = values.of(forEach, {});
    const keys = Array.isArray(value) ? value.map((v) => [v, v] as const) : value && typeof value === 'object' ? Object.entries(value) : undefined;
    if (!keys || keys.some(([k]) => typeof k !== 'string' || k.includes('${'))) {
      return { type, name, label, instances: [], problem: `for_each = ${oneLine(chunk.slice(forEach.startIndex, forEach.endIndex))} is computed by Terraform: its instances are not audited` };
    }
    instances = keys.map(([k, v]) => ({ suffix: `[${JSON.stringify(k)}]`, instance: { key: String(k), value: v } }));
  } else if (count) {
    const value = values.of(count, {});
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 1000) {
      return { type, name, label, instances: [], problem: `count = ${oneLine(chunk.slice(count.startIndex, count.endIndex))} is computed by Terraform: its instances are not audited` };
    }
    instances = Array.from({ length: value }, (_, i) => ({ suffix: `[${i}]`, instance: { index: i } }));
  }
  return {
    type,
    name,
    label,
    instances: instances.map(({ suffix, instance }) => {
      const attributes: Record<string, TerraformValue> = {};
      const spots: Record<string, PolicySpot> = {};
      if (body) readBody(body, values, instance, attributes, spots);
      return { suffix, attributes, spots };
    }),
  };
}

/** Attributes as values; nested blocks (inline_policy { … }) as lists of maps. */
function readBody(body: HclNode, values: Values, instance: Instance, attributes: Record<string, TerraformValue>, spots: Record<string, PolicySpot>): void {
  const blockCounts = new Map<string, number>();
  for (const child of kids(body)) {
    if (child.type === 'attribute') {
      const [key, value] = kids(child);
      if (!key || !value || META_ARGUMENTS.has(key.text)) continue;
      attributes[key.text] = values.of(value, instance);
      if (/policy$/.test(key.text)) spots[key.text] = policySpot(value, values.text);
    } else if (child.type === 'block') {
      const [id] = kids(child);
      if (id?.type !== 'identifier' || META_ARGUMENTS.has(id.text) || id.text === 'dynamic') continue;
      const i = blockCounts.get(id.text) ?? 0;
      blockCounts.set(id.text, i + 1);
      const inner: Record<string, TerraformValue> = {};
      const innerSpots: Record<string, PolicySpot> = {};
      const innerBody = kids(child).find((c) => c.type === 'body');
      if (innerBody) readBody(innerBody, values, instance, inner, innerSpots);
      const list = (attributes[id.text] ??= []) as TerraformValue[];
      list.push(inner);
      if (innerSpots.policy) spots[`${id.text}.${i}`] = innerSpots.policy;
    }
  }
}

function policySpot(value: HclNode, text: string): PolicySpot {
  const range = { start: value.startIndex, end: value.endIndex };
  const call = unwrap(value);
  if (call.type !== 'function_call') return { range };
  const [fn, args] = kids(call);
  if ((fn?.text !== 'file' && fn?.text !== 'templatefile') || !args) return { range };
  const relative = referencePath(text, kids(args)[0]);
  return relative === undefined ? { range } : { range, call: { fn: fn.text, relative } };
}

class FileReader {
  private policies: readonly PolicyDocumentNode[] = [];

  constructor(
    private readonly source: TerraformFile,
    private readonly options: TerraformReadOptions,
    private readonly resources: TerraformResource[],
    private readonly documents: Map<string, PolicyText>,
    private readonly localPolicies: Map<string, PolicyText>,
    private readonly problems: { message: string; location?: SourceLocation }[],
  ) {}

  private readable = false;

  /** First, for every file of the folder: its policy documents and locals, which the others may name. */
  readPolicies(): void {
    const { text, file } = this.source;
    if (!text.includes('aws_iam_') && !/\blocals\b/.test(text)) return;
    // The parse and the readers recurse per level: a text that nests absurdly deep is refused first.
    const tooDeep = jsonDepthExceeded(text, MAX_NESTING);
    if (tooDeep >= 0) {
      this.problem(`${file}: nests deeper than ${MAX_NESTING} levels: not audited`, { file, range: { start: tooDeep, end: tooDeep + 1 } });
      return;
    }
    this.readable = true;
    this.policies = parseHclDocument(text).policies;
    for (const p of this.policies) {
      if (p.terraformDocument && !this.documents.has(p.terraformDocument.name)) this.documents.set(p.terraformDocument.name, this.policyText(p, p.range));
      if (p.path.length === 2 && p.path[0] === 'locals' && !this.localPolicies.has(String(p.path[1]))) this.localPolicies.set(String(p.path[1]), this.policyText(p, p.range));
    }
  }

  /** Then its IAM resources, with the policies their attributes hold or name. */
  readResources(): void {
    if (!this.readable) return;
    const { text, file } = this.source;
    for (const chunk of topLevelChunks(text)) {
      const slice = text.slice(chunk.start, chunk.end);
      if (!IAM_RESOURCE.test(slice)) continue;
      for (const block of chunkBlocks(slice)) {
        const location: SourceLocation = { file, range: { start: chunk.start + block.label.start, end: chunk.start + block.label.end } };
        if (block.problem) this.problem(`${file}: ${block.type}.${block.name}: ${block.problem}`, location);
        for (const instance of block.instances) {
          const policies: Record<string, PolicyText | undefined> = {};
          for (const [key, spot] of Object.entries(instance.spots)) {
            const read = this.policyAt(spot, chunk.start);
            if (read) policies[key] = read;
          }
          this.resources.push({ type: block.type, name: block.name + instance.suffix, attributes: instance.attributes, policies, location });
        }
      }
    }
  }

  /** The policy written in an attribute's value (found by the HCL reader), or read from the file it names. */
  private policyAt(spot: PolicySpot, at: number): PolicyText | undefined {
    const range = { start: at + spot.range.start, end: at + spot.range.end };
    const inside = this.policies.find((p) => !p.terraformDocument && p.range.start >= range.start && p.range.end <= range.end);
    if (inside) return this.policyText(inside, range);
    // policy = jsonencode(local.force_mfa): the policy written in locals.
    const local = /^jsonencode\(\s*local\.([A-Za-z_][\w-]*)\s*\)$/.exec(this.source.text.slice(range.start, range.end).trim());
    if (local) return this.localPolicies.get(local[1]);
    if (!spot.call) return undefined;
    const { fn, relative } = spot.call;
    const where: SourceLocation = { file: this.source.file, range };
    if (!referenceStaysInside(relative)) {
      this.problem(`${this.source.file}: ${fn}("${relative}") leaves the folder of this configuration: not read, the policy is unknown`, where);
      return undefined;
    }
    const read = this.options.readReference?.(this.source.file, relative);
    if (!read) return undefined;
    if ('problem' in read) {
      this.problem(`${this.source.file}: ${fn}("${relative}"): ${read.problem}; the policy is unknown`, where);
      return undefined;
    }
    if (fn === 'templatefile' && /[$%]\{/.test(read.text.replace(/[$%][$%]\{/g, ''))) {
      this.problem(`${this.source.file}: templatefile("${relative}") fills in template variables Terraform computes: the policy is unknown`, where);
      return undefined;
    }
    const policy = readPolicyString(read.text.replace(/([$%])\1\{/g, '$1{'), where);
    if (!policy.policy) this.problem(`${this.source.file}: ${fn}("${relative}"): ${policy.problem}`, where);
    return policy.policy;
  }

  private policyText(document: PolicyDocumentNode, range: TextRange): PolicyText {
    return { document, text: this.source.text, baseOffset: 0, location: { file: this.source.file, range } };
  }

  private problem(message: string, location?: SourceLocation): void {
    this.problems.push({ message, location });
  }
}

/** HCL expressions as plain values; what Terraform computes stays a "${…}" string buildTerraformGraph does not resolve. */
class Values {
  constructor(readonly text: string) {}

  of(node: HclNode, instance: Instance): TerraformValue {
    const inner = unwrap(node);
    switch (inner.type) {
      case 'tuple':
        return kids(inner)
          .filter((c) => c.type === 'expression')
          .map((c) => this.of(c, instance));
      case 'object': {
        const out: Record<string, TerraformValue> = {};
        for (const element of kids(inner)) {
          if (element.type !== 'object_elem') continue;
          const key = element.childForFieldName('key');
          const val = element.childForFieldName('val');
          if (!key || !val) continue;
          const k = unwrap(key).type === 'variable_expr' ? unwrap(key).text : this.of(key, instance);
          if (typeof k === 'string') out[k] = this.of(val, instance);
        }
        return out;
      }
      case 'numeric_lit':
        return Number(inner.text);
      case 'bool_lit':
        return inner.text.trim() === 'true';
      case 'null_lit':
        return null;
      case 'function_call': {
        const [fn, args] = kids(inner);
        const list = args ? kids(args) : [];
        if (['toset', 'tolist', 'tomap'].includes(fn?.text ?? '') && list.length === 1) return this.of(list[0], instance);
        return this.computed(inner);
      }
      case 'string_lit':
      case 'quoted_template':
      case 'heredoc_template':
      case 'template_expr':
        return this.template(inner, instance);
      case 'expression':
        return this.traversal(inner, instance);
      case 'variable_expr':
        return this.computed(inner);
    }
    return this.computed(inner);
  }

  private computed(node: HclNode): string {
    return '${' + oneLine(this.text.slice(node.startIndex, node.endIndex)) + '}';
  }

  /** A string; an interpolation of each.key / count.index is filled in, any other kept as "${…}". */
  private template(node: HclNode, instance: Instance): TerraformValue {
    const template = node.type === 'template_expr' ? kids(node).find((c) => c.type === 'quoted_template' || c.type === 'heredoc_template') : node;
    const decoded = template && decodeHclString(this.text, template);
    if (!template || !decoded) return this.computed(node);
    if (decoded.holes.length === 0) return decoded.text;
    const holes = kids(template).filter((c) => c.type === 'template_interpolation' || c.type === 'template_directive' || c.type === 'ERROR');
    let i = 0;
    return decoded.text.replace(new RegExp(HOLE, 'g'), () => {
      const hole = holes[i++];
      const expression = hole?.type === 'template_interpolation' ? kids(hole).find((c) => c.type === 'expression') : undefined;
      const value = expression ? this.of(expression, instance) : undefined;
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
      return hole ? '${' + oneLine(this.text.slice(hole.startIndex + 2, hole.endIndex - 1)) + '}' : '${?}';
    });
  }

  /** a.b["k"][0].c: each.* and count.index from the instance; a reference to a resource as "${type.name[…].attr}". */
  private traversal(node: HclNode, instance: Instance): TerraformValue {
    const [root, ...steps] = kids(node);
    if (root?.type !== 'variable_expr') return this.computed(node);
    const path: { readonly attr?: string; readonly index?: string | number }[] = [];
    for (const step of steps) {
      if (step.type === 'get_attr') {
        const id = kids(step).find((c) => c.type === 'identifier');
        if (!id) return this.computed(node);
        path.push({ attr: id.text });
      } else if (step.type === 'index') {
        const index = kids(step)[0];
        if (index?.type === 'legacy_index') path.push({ index: Number(index.text.replace(/^\./, '')) });
        else {
          const expression = index && kids(index).find((c) => c.type === 'expression');
          const key = expression ? this.of(expression, instance) : undefined;
          if ((typeof key !== 'string' && typeof key !== 'number') || String(key).includes('${')) return this.computed(node);
          path.push({ index: key });
        }
      } else return this.computed(node);
    }
    const head = root.text;
    const first = path[0]?.attr;
    if (head === 'each' && (first === 'key' || first === 'value')) {
      let value: TerraformValue | undefined = first === 'key' ? instance.key : instance.value;
      for (const p of path.slice(1)) {
        const k = p.attr ?? p.index!;
        value = value && typeof value === 'object' ? (value as Record<string, TerraformValue>)[k as string] : undefined;
      }
      return value === undefined ? this.computed(node) : value;
    }
    if (head === 'count' && first === 'index' && path.length === 1) return instance.index ?? this.computed(node);
    // type.name[index].attribute, as buildTerraformGraph reads references.
    const rendered = head + path.map((p) => (p.attr !== undefined ? `.${p.attr}` : `[${JSON.stringify(p.index)}]`)).join('');
    return '${' + rendered + '}';
  }
}

function attributeNode(body: HclNode, name: string): HclNode | undefined {
  const attribute = kids(body).find((c) => c.type === 'attribute' && kids(c)[0]?.text === name);
  return attribute ? kids(attribute)[1] : undefined;
}

/** The expression inside `expression`, `literal_value`, `collection_value` wrappers and parentheses. */
function unwrap(node: HclNode): HclNode {
  let current = node;
  for (let i = 0; i < 16; i++) {
    const children = kids(current);
    const wrapper = current.type === 'expression' || current.type === 'literal_value' || current.type === 'collection_value';
    if (wrapper && children.length === 1) current = children[0];
    else break;
  }
  return current;
}

/** The path of file("…"): a literal, or one starting with ${path.module}; undefined for anything computed. */
function referencePath(text: string, arg: HclNode | undefined): string | undefined {
  const inner = arg && unwrap(arg);
  const template = inner && (inner.type === 'template_expr' ? kids(inner).find((c) => c.type === 'quoted_template') : inner.type === 'string_lit' || inner.type === 'quoted_template' ? inner : undefined);
  const decoded = template && decodeHclString(text, template);
  if (!decoded) return undefined;
  if (decoded.holes.length === 0) return decoded.text.replace(/^\.\//, '');
  if (decoded.holes.length === 1 && decoded.text.startsWith(HOLE) && /^\$\{\s*path\.module\s*\}$/.test(text.slice(decoded.holes[0].start, decoded.holes[0].end))) {
    return decoded.text.slice(1).replace(/^\//, '');
  }
  return undefined;
}

function oneLine(s: string): string {
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}
