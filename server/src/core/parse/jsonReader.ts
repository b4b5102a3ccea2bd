// JSON and JSON with comments: the whole text, or — for large texts — only the regions a
// streaming pass found policies in; a text with syntax errors gets one recovery attempt.
import { Node, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { ParseProblem, ParsedDocument, PolicyDocumentNode } from '../model';
import { GeneralCode } from '../ruleIds';
import { fastJsonTree } from './fastJsonTree';
import { SYNTAX_MESSAGES, parseJson } from './jsonSyntax';
import { locatePolicyRegions, PolicyRegion } from './locatePolicies';
import { PolicyReader } from './policyTree';
import type { ParseOptions, SyntaxReader } from './reader';
import { maskLineNumbers, wrapBareProperties } from './recover';

const STREAMING_FROM = 64 * 1024;

export const jsonReader: SyntaxReader = {
  format: 'json',
  read: readJson,
};

function readJson(text: string, options: ParseOptions): ParsedDocument {
  const problems: ParseProblem[] = [];
  if (options.streaming ?? (text.length > STREAMING_FROM && !startsAsPolicyDocument(text))) {
    const regions = locatePolicyRegions(text);
    // No region: a fragment, or nothing; a syntax error: recovery. Both take the full parse.
    if (regions && regions.length > 0) return parseRegions(text, regions);
  }
  let parsed = parseJson(text);
  let shift = 0;
  if (parsed.errors.length > 0) {
    for (const recovery of [maskLineNumbers(text), wrapBareProperties(text)]) {
      if (!recovery) continue;
      const attempt = parseJson(recovery.text);
      if (attempt.root && attempt.errors.length < parsed.errors.length) {
        problems.push({ code: GeneralCode.Syntax, message: `JSON syntax error: ${recovery.message}`, range: recovery.range });
        parsed = attempt;
        shift = recovery.shift;
        break;
      }
    }
  }
  const clamp = (offset: number) => Math.max(0, Math.min(text.length, offset - shift));
  for (const e of parsed.errors) {
    const name = printParseErrorCode(e.error);
    // A zero-length error at the end of the text still needs a visible range.
    const start = clamp(e.offset);
    const end = Math.min(text.length, Math.max(clamp(e.offset + e.length), start + 1));
    problems.push({ code: GeneralCode.Syntax, message: `JSON syntax error: ${SYNTAX_MESSAGES[name] ?? name}.`, range: { start: Math.min(start, Math.max(0, end - 1)), end } });
  }
  const policies: PolicyDocumentNode[] = [];
  if (parsed.root) {
    // Unshifted (nearly always), a node's offsets are already the text's.
    const rangeOf = shift === 0 ? plainRange : (n: Node) => ({ start: clamp(n.offset), end: clamp(n.offset + n.length) });
    const reader = new PolicyReader(parsed.text, problems, rangeOf, shift === 0);
    reader.collect(parsed.root, [], 0, policies);
    if (policies.length === 0) reader.collectFragments(parsed.root, policies);
  }
  return { text, format: 'json', policies, problems };
}

/** The policies of a syntactically valid JSON text, from trees built only for their regions. */
function parseRegions(text: string, regions: readonly PolicyRegion[]): ParsedDocument {
  const problems: ParseProblem[] = [];
  const policies: PolicyDocumentNode[] = [];
  const reader = new PolicyReader(text, problems, plainRange, true);
  for (const region of regions) {
    const source = text.slice(region.start, region.end);
    if (region.kind === 'string') {
      const node: Node = { type: 'string', offset: region.start, length: region.end - region.start, value: JSON.parse(source) };
      reader.collect(node, region.path, 0, policies);
      continue;
    }
    const root = fastJsonTree(source) ?? parseTree(source, [], { allowTrailingComma: true, disallowComments: false });
    if (!root) continue;
    shiftOffsets(root, region.start);
    reader.collect(root, region.path, 0, policies);
  }
  return { text, format: 'json', policies, problems };
}

const plainRange = (n: Node) => ({ start: n.offset, end: n.offset + n.length });

/**
 * A large policy file (ReadOnlyAccess is 100s of KB) is one region from its first character:
 * the streaming pass would only find that out, at the cost of reading the text twice.
 */
function startsAsPolicyDocument(text: string): boolean {
  return /^\s*\{\s*"(Version|Statement|Id)"\s*:/.test(text.slice(0, 256));
}

function shiftOffsets(node: Node, by: number): void {
  (node as { offset: number }).offset += by;
  for (const child of node.children ?? []) shiftOffsets(child, by);
}

