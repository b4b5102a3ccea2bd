// Action sets as bit sets over the catalog, numbered most dangerous first. An account audit
// combines thousands of policy sets, so the sets are sparse and immutable: only their non-zero
// 30-bit words are kept, with the word's index. Within a danger tier actions sort by name, so
// one service's actions sit in a few words ("s3:Get*" is 4 words of the catalog's 737), and a
// union or a test costs the words the sets hold. Combining many sets goes through a dense
// BitAccumulator (a typed array, made once and reused). The most dangerous members are simply the lowest bits. Actions the
// catalog does not know are left out (they cannot be ranked or counted against the catalog).
import type { ActionSet } from '../analysis/actionSet';
import { findAction, getCatalog } from '../catalog/catalog';
import { dangerOrder } from './danger';

interface Universe {
  readonly keys: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly words: number;
}

let universe: Universe | undefined;
let sharedEmpty: ActionBits | undefined;
let sharedAll: ActionBits | undefined;
let keysScratch: BitAccumulator | undefined;
const BITS = 30;
const FULL = (1 << BITS) - 1;
const NONE: readonly number[] = [];

function getUniverse(): Universe {
  if (!universe) {
    const keys = dangerOrder();
    universe = { keys, index: new Map(keys.map((k, i) => [k, i])), words: Math.ceil(keys.length / BITS) };
  }
  return universe;
}

function popcount(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export class ActionBits {
  /** `at[i]` is the index of the non-zero word `words[i]`; `at` ascends. */
  private constructor(
    readonly at: readonly number[],
    readonly words: readonly number[],
  ) {}

  static get EMPTY(): ActionBits {
    return (sharedEmpty ??= new ActionBits(NONE, NONE));
  }

  static empty(): ActionBits {
    return ActionBits.EMPTY;
  }

  static all(): ActionBits {
    if (!sharedAll) {
      const u = getUniverse();
      const acc = new BitAccumulator();
      const dense = acc.dense;
      dense.fill(FULL);
      const tail = u.keys.length % BITS;
      if (tail) dense[u.words - 1] = (1 << tail) - 1;
      sharedAll = acc.toBits();
    }
    return sharedAll;
  }

  static ofKeys(keys: Iterable<string>): ActionBits {
    const u = getUniverse();
    const acc = (keysScratch ??= new BitAccumulator()).clear();
    for (const k of keys) {
      const i = u.index.get(k);
      if (i !== undefined) acc.dense[(i / BITS) | 0] |= 1 << i % BITS;
    }
    return acc.toBits();
  }

  /** From parallel arrays the caller built in ascending word order, without zero words. */
  static fromSparse(at: readonly number[], words: readonly number[]): ActionBits {
    return at.length === 0 ? ActionBits.EMPTY : new ActionBits(at, words);
  }

  private static readonly fromSets = new WeakMap<ActionSet, ActionBits>();

  /** The same set (catalog actions only); cached per ActionSet, which is immutable. */
  static fromActionSet(set: ActionSet): ActionBits {
    let bits = ActionBits.fromSets.get(set);
    if (!bits) {
      bits = ActionBits.ofKeys(set.keys);
      if (set.isComplement) bits = ActionBits.all().minus(bits);
      ActionBits.fromSets.set(set, bits);
    }
    return bits;
  }

  has(key: string): boolean {
    const i = getUniverse().index.get(key.toLowerCase());
    if (i === undefined) return false;
    const w = this.wordAt((i / BITS) | 0);
    return (w & (1 << i % BITS)) !== 0;
  }

  private wordAt(index: number): number {
    const at = this.at;
    let lo = 0;
    let hi = at.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (at[mid] === index) return this.words[mid];
      if (at[mid] < index) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }

  union(other: ActionBits): ActionBits {
    if (other === this || other.at.length === 0) return this;
    if (this.at.length === 0) return other;
    const at: number[] = [];
    const words: number[] = [];
    const a = this.at;
    const b = other.at;
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
      if (j >= b.length || (i < a.length && a[i] < b[j])) {
        at.push(a[i]);
        words.push(this.words[i++]);
      } else if (i >= a.length || b[j] < a[i]) {
        at.push(b[j]);
        words.push(other.words[j++]);
      } else {
        at.push(a[i]);
        words.push(this.words[i++] | other.words[j++]);
      }
    }
    return new ActionBits(at, words);
  }

  intersect(other: ActionBits): ActionBits {
    if (other === this) return this;
    const at: number[] = [];
    const words: number[] = [];
    const a = this.at;
    const b = other.at;
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] < b[j]) i++;
      else if (b[j] < a[i]) j++;
      else {
        const w = this.words[i++] & other.words[j++];
        if (w !== 0) {
          at.push(a[i - 1]);
          words.push(w);
        }
      }
    }
    return ActionBits.fromSparse(at, words);
  }

  minus(other: ActionBits): ActionBits {
    if (other.at.length === 0) return this;
    const at: number[] = [];
    const words: number[] = [];
    const a = this.at;
    const b = other.at;
    let j = 0;
    for (let i = 0; i < a.length; i++) {
      while (j < b.length && b[j] < a[i]) j++;
      const w = j < b.length && b[j] === a[i] ? this.words[i] & ~other.words[j] & FULL : this.words[i];
      if (w !== 0) {
        at.push(a[i]);
        words.push(w);
      }
    }
    return at.length === a.length && words.every((w, i) => w === this.words[i]) ? this : ActionBits.fromSparse(at, words);
  }

  /** Every member of this is in other. */
  isSubsetOf(other: ActionBits): boolean {
    const a = this.at;
    const b = other.at;
    let j = 0;
    for (let i = 0; i < a.length; i++) {
      while (j < b.length && b[j] < a[i]) j++;
      if (j >= b.length || b[j] !== a[i] || (this.words[i] & ~other.words[j]) !== 0) return false;
    }
    return true;
  }

  equals(other: ActionBits): boolean {
    if (other === this) return true;
    if (other.at.length !== this.at.length) return false;
    for (let i = 0; i < this.at.length; i++) if (this.at[i] !== other.at[i] || this.words[i] !== other.words[i]) return false;
    return true;
  }

  get isEmpty(): boolean {
    return this.at.length === 0;
  }

  intersects(other: ActionBits): boolean {
    const a = this.at;
    const b = other.at;
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] < b[j]) i++;
      else if (b[j] < a[i]) j++;
      else if ((this.words[i++] & other.words[j++]) !== 0) return true;
    }
    return false;
  }

  count(): number {
    let n = 0;
    for (let i = 0; i < this.words.length; i++) n += popcount(this.words[i]);
    return n;
  }

  /** The first `limit` members in danger order, as AWS spells them. */
  mostDangerous(limit: number): string[] {
    const u = getUniverse();
    const out: string[] = [];
    for (let w = 0; w < this.words.length && out.length < limit; w++) {
      let v = this.words[w];
      while (v !== 0 && out.length < limit) {
        const bit = 31 - Math.clz32(v & -v);
        const key = u.keys[this.at[w] * BITS + bit];
        out.push(findAction(key)?.id ?? key);
        v &= v - 1;
      }
    }
    return out;
  }

  /** Every member key (lower case), in danger order. */
  keys(): string[] {
    const u = getUniverse();
    const out: string[] = [];
    for (let w = 0; w < this.words.length; w++) {
      let v = this.words[w];
      while (v !== 0) {
        const bit = 31 - Math.clz32(v & -v);
        out.push(u.keys[this.at[w] * BITS + bit]);
        v &= v - 1;
      }
    }
    return out;
  }

  /** A string naming exactly this set, for cache keys. */
  get key(): string {
    let s = '';
    for (let i = 0; i < this.at.length; i++) s += `${this.at[i]}:${this.words[i]},`;
    return s;
  }
}

/**
 * A dense, mutable set over the whole catalog for combining many ActionBits: OR in each set's
 * words, AND or subtract others, then read the result out as ActionBits. One accumulator is
 * meant to be reused (clear()) rather than made per combination.
 */
export class BitAccumulator {
  readonly dense: Int32Array;

  constructor() {
    this.dense = new Int32Array(getUniverse().words);
  }

  clear(): this {
    this.dense.fill(0);
    return this;
  }

  or(bits: ActionBits): this {
    const d = this.dense;
    const at = bits.at;
    const words = bits.words;
    for (let i = 0; i < at.length; i++) d[at[i]] |= words[i];
    return this;
  }

  /** this ∩ bits. */
  and(bits: ActionBits): this {
    const d = this.dense;
    const at = bits.at;
    const words = bits.words;
    let next = 0;
    for (let i = 0; i < at.length; i++) {
      for (let w = next; w < at[i]; w++) d[w] = 0;
      d[at[i]] &= words[i];
      next = at[i] + 1;
    }
    for (let w = next; w < d.length; w++) d[w] = 0;
    return this;
  }

  /** this ∩ other (another accumulator). */
  andAccumulator(other: BitAccumulator): this {
    const d = this.dense;
    const o = other.dense;
    for (let i = 0; i < d.length; i++) d[i] &= o[i];
    return this;
  }

  /** this − other (another accumulator). */
  andNotAccumulator(other: BitAccumulator): this {
    const d = this.dense;
    const o = other.dense;
    for (let i = 0; i < d.length; i++) d[i] &= ~o[i];
    return this;
  }

  /** this − bits. */
  andNot(bits: ActionBits): this {
    const d = this.dense;
    const at = bits.at;
    const words = bits.words;
    for (let i = 0; i < at.length; i++) d[at[i]] &= ~words[i];
    return this;
  }

  /** Some member of bits is in this. */
  intersects(bits: ActionBits): boolean {
    const d = this.dense;
    const at = bits.at;
    const words = bits.words;
    for (let i = 0; i < at.length; i++) if ((d[at[i]] & words[i]) !== 0) return true;
    return false;
  }

  /** Replaced by bits. */
  set(bits: ActionBits): this {
    return this.clear().or(bits);
  }

  toBits(): ActionBits {
    const d = this.dense;
    const at: number[] = [];
    const words: number[] = [];
    for (let i = 0; i < d.length; i++) {
      if (d[i] !== 0) {
        at.push(i);
        words.push(d[i]);
      }
    }
    return ActionBits.fromSparse(at, words);
  }
}

/** The catalog size the bit sets span. */
export function universeSize(): number {
  return getCatalog().actions.size;
}
