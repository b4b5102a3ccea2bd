// The HCL edit strategy: the same fixes as for JSON, written as Terraform writes them. A list
// stays an HCL list laid out as it was (one entry a line, or inline; trailing comma kept), a
// bare key stays bare, and `${` in a new value is written `$${` (Terraform's escape). A policy
// inside a Terraform string is fixed as the JSON it is, and each edit is mapped back through
// the string's escapes.
import { applyEdits } from 'jsonc-parser';
import type { Finding } from '../findings';
import { lint, LintResult } from '../lint';
import type { StringListNode, TextRange } from '../model';
import type { HclDecodedString } from '../parse/hcl/hclStrings';
import { encodeHclString, hclQuoted, HOLE } from '../parse/hcl/hclStrings';
import type { Edit } from './edits';
import type { Fix } from './fix';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const JSON_STRING = /^"(?:[^"\\]|\\.)*"$/;

/** A fix computed with JSON literals, in HCL: each replaced string is an HCL string (or a bare key, if it was one). */
export function inHclStyle(text: string, fix: Fix): Fix {
  const edits = fix.edits.map((e) => {
    if (!JSON_STRING.test(e.content)) return e;
    const value = JSON.parse(e.content) as string;
    const original = text.slice(e.offset, e.offset + e.length);
    if (original !== '' && !original.startsWith('"') && !original.startsWith('<<') && IDENTIFIER.test(value)) return { ...e, content: value };
    return { ...e, content: hclQuoted(value) };
  });
  return { ...fix, edits };
}

/** Replaces a list value (`not_actions = […]`, `NotAction = […]`) with other entries, in the list's own layout. */
export function setHclList(text: string, list: StringListNode, values: readonly string[]): Edit[] {
  // Rewriting a list with a `var.x` in it would lose the entry Terraform computes.
  if (list.unknownValues > 0) return [];
  const original = text.slice(list.range.start, list.range.end);
  const quoted = values.map(hclQuoted);
  if (!list.isArray || !original.includes('\n')) return [{ offset: list.range.start, length: list.range.end - list.range.start, content: `[${quoted.join(', ')}]` }];
  const first = list.values[0]?.range.start ?? list.range.start + 1;
  const indent = lineIndent(text, first);
  const closeIndent = lineIndent(text, list.range.end - 1);
  const last = list.values[list.values.length - 1];
  const trailingComma = last ? text.slice(last.range.end, list.range.end).includes(',') : true;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const body = quoted.map((q, i) => `${indent}${q}${i < quoted.length - 1 || trailingComma ? ',' : ''}`).join(eol);
  return [{ offset: list.range.start, length: list.range.end - list.range.start, content: `[${eol}${body}${eol}${closeIndent}]` }];
}

/** Removes one entry of an HCL list with its separator, leaving the others as they were. */
export function removeHclListEntry(text: string, list: StringListNode, index: number): Edit[] {
  const entries = list.values;
  if (!list.isArray || entries.length < 2 || index < 0 || index >= entries.length) return [];
  if (index < entries.length - 1) {
    const from = entries[index].range.start;
    return [{ offset: from, length: entries[index + 1].range.start - from, content: '' }];
  }
  // The last entry: from the end of the one before (its comma stays if the list had a trailing one).
  const before = entries[index - 1].range.end;
  const after = entries[index].range.end;
  const between = text.slice(before, entries[index].range.start);
  const tail = text.slice(after, list.range.end);
  const trailing = /^\s*,/.test(tail);
  const end = trailing ? after + tail.indexOf(',') + 1 : after;
  const start = trailing ? before + between.indexOf(',') + 1 : before;
  return [{ offset: start, length: end - start, content: '' }];
}

function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/**
 * A finding in a policy written as JSON inside a Terraform string: the fix is computed on the
 * decoded JSON and each edit is written back at its place, escaped as the string needs.
 * Edits that would touch an interpolation (`${var.x}`) are not offered.
 */
export function fixesInsideHclString(result: LintResult, finding: Finding, embedded: HclDecodedString, fixesFor: (result: LintResult, finding: Finding) => Fix[]): Fix[] {
  const inner = lint(embedded.text);
  const toOuter = (offset: number) => embedded.boundaries[Math.max(0, Math.min(offset, embedded.boundaries.length - 1))];
  const match = inner.findings.find((f) => f.rule === finding.rule && toOuter(f.range.start) === finding.range.start);
  if (!match) return [];
  const out: Fix[] = [];
  for (const fix of fixesFor(inner, match)) {
    const edits: Edit[] = [];
    let touchesHole = false;
    for (const e of fix.edits) {
      if (embedded.text.slice(e.offset, e.offset + e.length).includes(HOLE) || e.content.includes(HOLE)) touchesHole = true;
      const start = toOuter(e.offset);
      const end = toOuter(e.offset + e.length);
      // A policy on one line of a quoted string stays on one line.
      const content = embedded.style === 'quoted' && !embedded.text.includes('\n') ? onOneLine(e.content) : e.content;
      edits.push({ offset: start, length: end - start, content: encodeHclString(content, embedded.style) });
    }
    if (!touchesHole) out.push({ ...fix, edits });
  }
  return out;
}

/** JSON laid out on several lines, on one: `[\n  "a",\n  "b"\n]` -> `["a", "b"]`. */
function onOneLine(json: string): string {
  return json
    .replace(/([[{])\s*\r?\n\s*/g, '$1')
    .replace(/\s*\r?\n\s*([\]}])/g, '$1')
    .replace(/\s*\r?\n\s*/g, ' ');
}

/** The decoded Terraform string a policy sits in. */
export function embeddedTextAt(result: LintResult, range: TextRange): HclDecodedString | undefined {
  return result.parsed.embeddedTexts?.find((e) => e.range.start === range.start && e.range.end === range.end);
}

export { applyEdits };
