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
