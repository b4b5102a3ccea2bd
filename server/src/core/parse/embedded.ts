// A policy stored as a JSON string inside JSON (Terraform's `policy`, plan output, a
// CloudFormation PolicyDocument given as a string): decoded with a map from every decoded
// character back to the raw text, so findings land on the right characters.

export interface DecodedString {
  readonly text: string;
  /** boundaries[i]: offset in the outer text where decoded character i starts; one extra entry for the end. */
  readonly boundaries: number[];
}

/** Decodes the raw JSON string literal at [start, end) (quotes included). */
export function decodeJsonString(outer: string, start: number, end: number): DecodedString | undefined {
  if (outer[start] !== '"' || outer[end - 1] !== '"' || end - start < 2) return undefined;
  let text = '';
  const boundaries: number[] = [];
  for (let i = start + 1; i < end - 1; ) {
    boundaries.push(i);
    const c = outer[i];
    if (c !== '\\') {
      text += c;
      i++;
      continue;
    }
    const e = outer[i + 1];
    const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
    if (e in simple) {
      text += simple[e];
      i += 2;
    } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(outer.slice(i + 2, i + 6))) {
      text += String.fromCharCode(parseInt(outer.slice(i + 2, i + 6), 16));
      i += 6;
    } else {
      return undefined;
    }
  }
  boundaries.push(end - 1);
  return { text, boundaries };
}

/** Text that may hold a policy: worth parsing. */
export function looksLikeEmbeddedPolicy(value: string): boolean {
  // Called for every string of a document: the cheap, allocation-free test first.
  return value.includes('"Statement"') && value.trimStart().startsWith('{');
}

/**
 * A YAML scalar holding a policy as JSON text (CloudFormation `PolicyDocument: |`, `>` or a
 * quoted string), decoded by the yaml library as `value`: each decoded character is found, in
 * order, in the raw text at [start, end) — block scalars only drop the header, indentation and
 * (folded) line breaks, quoted ones their quotes and escapes — which gives the boundaries.
 */
export function decodeYamlScalar(outer: string, start: number, end: number, value: string): DecodedString | undefined {
  const raw = outer.slice(start, end);
  if (raw.startsWith('"') && !raw.includes('\n')) return decodeJsonString(outer, start, end) ?? undefined;
  if (raw.startsWith('"') && /\\[^"\\]/.test(raw)) return undefined; // multi-line escapes: not mapped
  const boundaries: number[] = [];
  let p = start + (raw.startsWith('"') || raw.startsWith("'") ? 1 : 0);
  for (const c of value) {
    let q = p;
    // A folded line break reads as a space; a doubled quote '' as one.
    while (q < end && outer[q] !== c && !(c === ' ' && (outer[q] === '\n' || outer[q] === '\r'))) {
      if (q - p > 400) return undefined;
      q++;
    }
    if (q >= end) return undefined;
    boundaries.push(q);
    p = q + 1;
    if (c === "'" && raw.startsWith("'") && outer[p] === "'") p++;
  }
  boundaries.push(Math.min(p, end));
  return { text: value, boundaries };
}

/** The decoded policy text written back as the YAML scalar it came from, in the same style. */
export function encodeYamlScalar(original: string, text: string): string {
  const header = /^([|>][+-]?\d*)[ \t]*(#[^\n]*)?\r?\n/.exec(original);
  if (header) {
    const indent = /\n([ \t]+)\S/.exec(original)?.[1] ?? '  ';
    const eol = original.includes('\r\n') ? '\r\n' : '\n';
    const lines = text.replace(/\r?\n$/, '').split(/\r?\n/);
    const body = lines.map((l) => (l ? indent + l : '')).join(eol);
    const trailing = /\r?\n$/.test(original) ? eol : '';
    return header[0] + body + trailing;
  }
  // A one-line quoted policy stays on one line: JSON has no raw line breaks inside its strings.
  const oneLine = original.includes('\n') ? text : text.replace(/[ \t]*\r?\n[ \t]*/g, ' ');
  if (original.startsWith("'")) return `'${oneLine.replace(/'/g, "''")}'`;
  return JSON.stringify(oneLine); // a JSON string is a valid YAML double-quoted scalar
}
