// jsonc-parser's parseTree, for the texts that are plain, valid JSON (nearly every policy file):
// the same nodes (type, offset, length, value, children, parent, colonOffset) built in one
// pass over the character codes, without the scanner's tokens and visitor callbacks — about a
// third of a corpus run was spent there. Anything this reader does not handle exactly as
// jsonc-parser does (comments, trailing commas, unusual white space, control characters in
// strings, any syntax error) makes it give up, and the caller uses jsonc-parser: a result is
// the same tree or nothing.
import type { Node } from 'jsonc-parser';

/** Thrown inside to give up; never escapes. */
const GIVE_UP: unique symbol = Symbol('give up');

type MutableNode = {
  type: Node['type'];
  offset: number;
  length: number;
  parent?: MutableNode;
  children?: MutableNode[];
  value?: unknown;
  colonOffset?: number;
};

/** The tree jsonc-parser's `parseTree` would build for `text`, or undefined when it might differ (or `text` is not plain JSON). */
export function fastJsonTree(text: string): Node | undefined {
  const reader = new TreeReader(text);
  try {
    reader.skipWhiteSpace();
    const root = reader.value(undefined);
    reader.skipWhiteSpace();
    if (reader.at !== text.length) return undefined;
    return root as Node;
  } catch (error) {
    // A stack overflow on absurd nesting is jsonc-parser's to report, as before.
    if (error === GIVE_UP || error instanceof RangeError) return undefined;
    throw error;
  }
}

class TreeReader {
  at = 0;

  constructor(private readonly text: string) {}

  skipWhiteSpace(): void {
    const text = this.text;
    let at = this.at;
    for (;;) {
      const c = text.charCodeAt(at);
      // Space, tab, line feed, carriage return: the white space of JSON. (Others, and comments, go to jsonc-parser.)
      if (c === 32 || c === 10 || c === 13 || c === 9) at++;
      else break;
    }
    this.at = at;
  }

  value(parent: MutableNode | undefined): MutableNode {
    const c = this.text.charCodeAt(this.at);
    if (c === 123 /* { */) return this.object(parent);
    if (c === 91 /* [ */) return this.array(parent);
    if (c === 34 /* " */) {
      const offset = this.at;
      const value = this.string();
      return parent ? { type: 'string', offset, length: this.at - offset, parent, value } : { type: 'string', offset, length: this.at - offset, value };
    }
    return this.literal(parent);
  }

  private object(parent: MutableNode | undefined): MutableNode {
    const text = this.text;
    const node: MutableNode = parent ? { type: 'object', offset: this.at, length: -1, parent, children: [] } : { type: 'object', offset: this.at, length: -1, children: [] };
    this.at++;
    this.skipWhiteSpace();
    if (text.charCodeAt(this.at) === 125 /* } */) {
      this.at++;
      node.length = this.at - node.offset;
      return node;
    }
    for (;;) {
      if (text.charCodeAt(this.at) !== 34) throw GIVE_UP;
      const keyOffset = this.at;
      const name = this.string();
      // Every field in the literal (one shape for all property nodes), and the pair made once its
      // value is read: an array grown by push from empty reserves room for 17.
      const property: MutableNode = { type: 'property', offset: keyOffset, length: -1, parent: node, children: undefined, colonOffset: -1 };
      node.children!.push(property);
      const key: MutableNode = { type: 'string', value: name, offset: keyOffset, length: this.at - keyOffset, parent: property };
      this.skipWhiteSpace();
      if (text.charCodeAt(this.at) !== 58 /* : */) throw GIVE_UP;
      property.colonOffset = this.at;
      this.at++;
      this.skipWhiteSpace();
      const value = this.value(property);
      property.children = [key, value];
      property.length = value.offset + value.length - keyOffset;
      this.skipWhiteSpace();
      const next = text.charCodeAt(this.at);
      this.at++;
      if (next === 125 /* } */) break;
      if (next !== 44 /* , */) throw GIVE_UP;
      this.skipWhiteSpace();
    }
    node.length = this.at - node.offset;
    return node;
  }

  private array(parent: MutableNode | undefined): MutableNode {
    const text = this.text;
    const node: MutableNode = parent ? { type: 'array', offset: this.at, length: -1, parent, children: [] } : { type: 'array', offset: this.at, length: -1, children: [] };
    this.at++;
    this.skipWhiteSpace();
    if (text.charCodeAt(this.at) === 93 /* ] */) {
      this.at++;
      node.length = this.at - node.offset;
      return node;
    }
    for (;;) {
      node.children!.push(this.value(node));
      this.skipWhiteSpace();
      const next = text.charCodeAt(this.at);
      this.at++;
      if (next === 93 /* ] */) break;
      if (next !== 44 /* , */) throw GIVE_UP;
      this.skipWhiteSpace();
    }
    node.length = this.at - node.offset;
    return node;
  }

  /** A string starting at the opening quote; `at` ends after the closing one. */
  private string(): string {
    const text = this.text;
    const start = this.at + 1;
    let at = start;
    for (;;) {
      const c = text.charCodeAt(at);
      if (c === 34) break;
      // A backslash: escapes are rare in policies; JSON.parse reads them as jsonc-parser does.
      if (c === 92) return this.escapedString(start);
      // A control character (or the end of the text): jsonc-parser's error handling decides.
      if (c < 32 || Number.isNaN(c)) throw GIVE_UP;
      at++;
    }
    this.at = at + 1;
    return text.slice(start, at);
  }

  private escapedString(start: number): string {
    const text = this.text;
    let at = start;
    for (;;) {
      const c = text.charCodeAt(at);
      if (c === 34) break;
      if (c < 32 || Number.isNaN(c)) throw GIVE_UP;
      if (c === 92) {
        const e = text.charCodeAt(at + 1);
        // \" \\ \/ \b \f \n \r \t, and \u with four hex digits; anything else is an error jsonc-parser reports.
        if (e === 117 /* u */) {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) throw GIVE_UP;
          at += 6;
          continue;
        }
        if (e !== 34 && e !== 92 && e !== 47 && e !== 98 && e !== 102 && e !== 110 && e !== 114 && e !== 116) throw GIVE_UP;
        at += 2;
        continue;
      }
      at++;
    }
    this.at = at + 1;
    return JSON.parse(text.slice(start - 1, at + 1)) as string;
  }

  private literal(parent: MutableNode | undefined): MutableNode {
    const text = this.text;
    const offset = this.at;
    let value: unknown;
    let type: Node['type'];
    if (text.startsWith('true', offset)) {
      value = true;
      type = 'boolean';
      this.at += 4;
    } else if (text.startsWith('false', offset)) {
      value = false;
      type = 'boolean';
      this.at += 5;
    } else if (text.startsWith('null', offset)) {
      value = null;
      type = 'null';
      this.at += 4;
    } else {
      this.at = numberEnd(text, offset);
      value = Number(text.slice(offset, this.at));
      type = 'number';
    }
    // "truex", "12abc": one token for jsonc-parser, an error here.
    const after = text.charCodeAt(this.at);
    if ((after >= 97 && after <= 122) || (after >= 65 && after <= 90) || (after >= 48 && after <= 57) || after === 95 || after === 36 || after === 46) throw GIVE_UP;
    return parent ? { type, offset, length: this.at - offset, parent, value } : { type, offset, length: this.at - offset, value };
  }
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/** The end of the JSON number at `start` (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?); gives up on anything else. */
function numberEnd(text: string, start: number): number {
  let at = start;
  if (text.charCodeAt(at) === 45 /* - */) at++;
  const first = text.charCodeAt(at);
  if (first === 48) at++;
  else if (first >= 49 && first <= 57) while (isDigit(text.charCodeAt(at))) at++;
  else throw GIVE_UP;
  if (text.charCodeAt(at) === 46 /* . */) {
    at++;
    if (!isDigit(text.charCodeAt(at))) throw GIVE_UP;
    while (isDigit(text.charCodeAt(at))) at++;
  }
  const e = text.charCodeAt(at);
  if (e === 101 || e === 69) {
    at++;
    const sign = text.charCodeAt(at);
    if (sign === 43 || sign === 45) at++;
    if (!isDigit(text.charCodeAt(at))) throw GIVE_UP;
    while (isDigit(text.charCodeAt(at))) at++;
  }
  return at;
}
