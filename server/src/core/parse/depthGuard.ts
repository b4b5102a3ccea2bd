// The guard every reader runs behind: a text nested deeper than any policy is not parsed at all.

/** jsonc-parser recurses per level; far deeper than any policy, and far below the stack limit. */
export const MAX_NESTING = 1000;

export /** The offset of the first bracket that opens level `limit + 1`, or -1. Strings are skipped. */
function offsetBeyondDepth(text: string, limit: number): number {
  // Deeper than `limit` needs more than `limit` opening brackets; counting them (indexOf is a
  // native scan) spares the character loop for nearly every text.
  let brackets = 0;
  for (let i = text.indexOf('{'); i >= 0 && brackets <= limit; i = text.indexOf('{', i + 1)) brackets++;
  for (let i = text.indexOf('['); i >= 0 && brackets <= limit; i = text.indexOf('[', i + 1)) brackets++;
  if (brackets <= limit) return -1;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34 /* " */ || c === 10 || c === 13) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > limit) return i;
    } else if (c === 125 || c === 93) depth = Math.max(0, depth - 1);
  }
  return -1;
}
