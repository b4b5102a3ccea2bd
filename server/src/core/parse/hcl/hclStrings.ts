// Terraform strings: quoted templates ("…") and heredocs (<<EOF, <<-EOF). Decoded exactly
// (`\"`, `\n`, `\uNNNN` in quoted strings; `$${` is a literal `${` and `%%{` a literal `%{` in
// both), with a map from every decoded character back to the file, so that a policy written as
// JSON inside a string gets its findings on the right characters.
import type { TextRange } from '../../model';
import type { DecodedString } from '../embedded';
import type { HclNode } from './hclParser';

/** Stands for an interpolation (`${var.x}`) or directive (`%{ if … }`) in a decoded text: a value not known here. */
export const HOLE = '\uE000';

export type HclStringStyle = 'quoted' | 'heredoc';

export interface HclDecodedString extends DecodedString {
  readonly style: HclStringStyle;
  /** The whole string in the file, quotes or heredoc markers included. */
  readonly range: TextRange;
  /** Where the interpolations and directives are: values that are not known. */
  readonly holes: readonly TextRange[];
}

const QUOTED_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/**
 * Decodes a `string_lit`, `quoted_template` or `heredoc_template` node. `json`: the text is read
 * as JSON afterwards, so an interpolation outside a JSON string becomes a JSON string of its own.
 */
export function decodeHclString(text: string, node: HclNode, json = false): HclDecodedString | undefined {
  const children = node.children.filter((c): c is HclNode => c !== null);
  let style: HclStringStyle;
  let contentStart: number;
  let contentEnd: number;
  if (node.type === 'heredoc_template') {
    style = 'heredoc';
    const markers = children.filter((c) => c.type === 'heredoc_identifier');
    if (markers.length < 2) return undefined;
    const headerEnd = text.indexOf('\n', markers[0].endIndex);
    if (headerEnd < 0) return undefined;
    contentStart = headerEnd + 1;
    contentEnd = markers[markers.length - 1].startIndex;
  } else {
    style = 'quoted';
    const open = children.find((c) => c.type === 'quoted_template_start');
    const close = children.find((c) => c.type === 'quoted_template_end');
    if (!open || !close || close.isMissing) return undefined;
    contentStart = open.endIndex;
    contentEnd = close.startIndex;
  }
  const holes: TextRange[] = children
    .filter((c) => c.type === 'template_interpolation' || c.type === 'template_directive' || c.type === 'ERROR')
    .map((c) => ({ start: c.startIndex, end: c.endIndex }));
  let decoded = '';
  const boundaries: number[] = [];
  // Whether the decoded JSON text is inside a string at this point.
  let inJsonString = false;
  let jsonEscape = false;
  const emit = (chars: string, at: number) => {
    for (const c of chars) {
      boundaries.push(at);
      decoded += c;
      if (!json) continue;
      if (jsonEscape) jsonEscape = false;
      else if (inJsonString && c === '\\') jsonEscape = true;
      else if (c === '"') inJsonString = !inJsonString;
    }
  };
  let hole = 0;
  for (let i = contentStart; i < contentEnd; ) {
    if (hole < holes.length && i >= holes[hole].start) {
      if (json && !inJsonString) emit(`"${HOLE}"`, i);
      else emit(HOLE, i);
      i = Math.max(i + 1, holes[hole].end);
      hole++;
      continue;
    }
    const c = text[i];
    if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') {
      emit(c, i);
      i += 2; // the second `$`/`%` is the escape; the `{` follows as a literal
      continue;
    }
    if (style === 'quoted' && c === '\\') {
      const e = text[i + 1];
      if (e in QUOTED_ESCAPES) {
        emit(QUOTED_ESCAPES[e], i);
        i += 2;
        continue;
      }
      const hex = e === 'u' ? text.slice(i + 2, i + 6) : e === 'U' ? text.slice(i + 2, i + 10) : '';
      if (hex && /^[0-9a-fA-F]+$/.test(hex) && hex.length === (e === 'u' ? 4 : 8)) {
        emit(String.fromCodePoint(parseInt(hex, 16)), i);
        i += 2 + hex.length;
        continue;
      }
    }
    // A surrogate pair is two characters of the decoded text, at their own offsets.
    emit(c, i);
    i++;
  }
  boundaries.push(contentEnd);
  return { text: decoded, boundaries, style, range: { start: node.startIndex, end: node.endIndex }, holes };
}

/** A string value as Terraform writes it: `${` and `%{` escaped; quoted strings also escape `"`, `\` and line breaks. */
export function encodeHclString(value: string, style: HclStringStyle): string {
  // (Replacement functions: in a replacement string "$$" would mean one "$".)
  const templated = value.replace(/(?<![$])\$\{/g, () => '$${').replace(/(?<![%])%\{/g, () => '%%{');
  if (style === 'heredoc') return templated;
  return templated.replace(/[\\"\n\r\t]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\${c}`));
}

/** An HCL quoted string literal for a value. */
export function hclQuoted(value: string): string {
  return `"${encodeHclString(value, 'quoted')}"`;
}

/**
 * `${aws:username}` written without the `$$` escape: Terraform reads it as an interpolation of
 * an expression that does not parse, and refuses the file. Found before parsing (tree-sitter's
 * recovery from it would swallow the rest of the file), reported, and masked with a character
 * of the same length so the parse goes on and the policy reads as its author meant.
 */
const UNESCAPED_POLICY_VARIABLE = /(?<!\$)\$\{\s*[A-Za-z][\w-]*:[^}\n"]*\}/g;

export function maskUnescapedPolicyVariables(text: string): { masked: string; found: TextRange[] } {
  if (!text.includes('${')) return { masked: text, found: [] };
  const found: TextRange[] = [];
  const masked = text.replace(UNESCAPED_POLICY_VARIABLE, (m, offset: number) => {
    found.push({ start: offset, end: offset + m.length });
    return '\u0001' + m.slice(1);
  });
  return { masked, found };
}
