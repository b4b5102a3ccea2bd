// How deep a text nests, found by one linear scan before any recursive parser sees it: the
// parsers (jsonc-parser, yaml) recurse per level and overflow the stack long before they
// report anything. Every way of opening a level is counted, and nothing that hides a bracket
// from a naive scan (a quote inside a comment, a bracket inside a string) fools it.

/** jsonc-parser recurses per level; far deeper than any policy, and far below the stack limit. */
export const MAX_NESTING = 1000;
/** The yaml library recurses deeper per level than jsonc-parser does. */
export const MAX_YAML_NESTING = 500;

/** The last answer: the linter and the audit's lenses ask about the same text one after the other. */
let lastJson: { text: string; limit: number; at: number } | undefined;

/** The offset of the first bracket that opens level `limit + 1` in JSON with comments (strings and comments understood), or -1. */
export function jsonDepthExceeded(text: string, limit: number): number {
  if (lastJson && lastJson.limit === limit && lastJson.text === text) return lastJson.at;
  const at = scanJsonDepth(text, limit);
  lastJson = { text, limit, at };
  return at;
}

function scanJsonDepth(text: string, limit: number): number {
  // Deeper than `limit` needs more than `limit` opening brackets anywhere in the text; counting
  // them (indexOf is a native scan) spares the character loop for nearly every text.
  let brackets = 0;
  for (let i = text.indexOf('{'); i >= 0 && brackets <= limit; i = text.indexOf('{', i + 1)) brackets++;
  for (let i = text.indexOf('['); i >= 0 && brackets <= limit; i = text.indexOf('[', i + 1)) brackets++;
  if (brackets <= limit) return -1;
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // A string ends at its closing quote or, as jsonc-parser reads it, at a line break.
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i++;
        else if (d === 34 || d === 10 || d === 13) break;
      }
    } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return -1; // an unterminated comment hides the rest from the parser too
      i = end + 1;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > limit) return i;
    } else if (c === 125 || c === 93) {
      if (depth > 0) depth--;
    }
  }
  return -1;
}

/**
 * An upper bound on the nesting of a YAML text, checked against `limit`: the offset where it is
 * passed, or -1. Block nesting needs indentation or an indicator ("- ", "? ", ": ") at the start
 * of a line, so a line can open at most as many levels as its leading run of spaces and
 * indicators is long; flow collections are counted by their brackets (outside quotes and
 * comments, where a collection can start).
 */
export function yamlDepthExceeded(text: string, limit: number): number {
  let flow = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    // Start of a line: the leading run of spaces and block indicators.
    let lead = 0;
    const lineStart = i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9) i++;
      else if ((c === 45 /* - */ || c === 63 /* ? */ || c === 58 /* : */) && (i + 1 >= n || isBlank(text.charCodeAt(i + 1)))) {
        lead++;
        i++;
      } else break;
      if (i - lineStart + flow > limit && lead > 0) return lineStart;
    }
    if (i - lineStart + flow > limit) return lineStart;
    // The rest of the line.
    let previous = 32; // what came before, to tell a flow start from a bracket inside a plain scalar
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) {
        i++;
        break;
      }
      if (c === 35 /* # */ && isBlank(previous)) {
        while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
        continue;
      }
      if ((c === 34 || c === 39) && startsValue(previous)) {
        i = skipQuoted(text, i, c);
        previous = c;
        continue;
      }
      if ((c === 91 || c === 123) && startsValue(previous)) {
        if (++flow > limit) return i;
      } else if ((c === 93 || c === 125) && flow > 0) flow--;
      if (!isBlank(c)) previous = c;
      else if (previous !== 44 && previous !== 91 && previous !== 123 && previous !== 58 && previous !== 45 && previous !== 63) previous = 32;
      i++;
    }
  }
  return -1;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || Number.isNaN(c);
}

/** After these, a bracket or quote starts a value (a flow collection, a quoted scalar). */
function startsValue(previous: number): boolean {
  return previous === 32 || previous === 44 /* , */ || previous === 91 || previous === 123 || previous === 58 /* : */ || previous === 45 /* - */ || previous === 63 /* ? */ || previous === 33 /* ! (tag) */;
}

/** Past a quoted scalar (which may span lines); '' escapes in single quotes, \ in double. */
function skipQuoted(text: string, start: number, quote: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote === 34 && c === 92) i++;
    else if (c === quote) {
      if (quote === 39 && text.charCodeAt(i + 1) === 39) i++;
      else return i + 1;
    }
  }
  return text.length;
}
