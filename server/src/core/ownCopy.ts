// V8 represents a slice of 13 or more characters as a view into the string it was cut from, so
// a name read from a document ("s3:GetObjectVersionForReplication") keeps the whole document
// alive for as long as it is kept. The core's caches outlive every text they see (an editor
// sends a new 1 MB text per keystroke); what they keep is copied first.

/** `text` with characters of its own, holding no larger string alive. */
export function ownCopy(text: string): string {
  // Shorter strings are copied by V8 anyway. Otherwise the concatenation is flattened into a new
  // string one character longer, and the slice is a view into that.
  return text.length < 13 ? text : (' ' + text).slice(1);
}
