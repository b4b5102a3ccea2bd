// Action sets as bit sets over the catalog, numbered most dangerous first. An account audit
// combines thousands of policy sets; word-wise AND/OR over ~740 words keeps that cheap, and the
// most dangerous members are simply the lowest bits. Actions the catalog does not know are
// left out (they cannot be ranked or counted against the catalog). Words are plain arrays of
// 30-bit small integers: V8 allocates those on its heap, far cheaper than typed arrays.
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
const BITS = 30;
const FULL = (1 << BITS) - 1;

function zeros(n: number): number[] {
  const a = new Array<number>(n);
  for (let i = 0; i < n; i++) a[i] = 0;
  return a;
}

function getUniverse(): Universe {
  if (!universe) {
    const keys = dangerOrder();
    universe = { keys, index: new Map(keys.map((k, i) => [k, i])), words: Math.ceil(keys.length / BITS) };
  }
  return universe;
}

export class ActionBits {
  private constructor(readonly words: number[]) {}

  /** A shared empty set: never modify it in place. */
  static get EMPTY(): ActionBits {
    return (sharedEmpty ??= ActionBits.empty());
  }

  static empty(): ActionBits {
    return new ActionBits(zeros(getUniverse().words));
  }

  static all(): ActionBits {
    const u = getUniverse();
    const words = zeros(u.words).fill(FULL);
    const tail = u.keys.length % BITS;
    if (tail) words[u.words - 1] = (1 << tail) - 1;
    return new ActionBits(words);
  }

  static ofKeys(keys: Iterable<string>): ActionBits {
    const u = getUniverse();
    const bits = ActionBits.empty();
    for (const k of keys) {
      const i = u.index.get(k);
      if (i !== undefined) bits.words[(i / BITS) | 0] |= 1 << i % BITS;
    }
    return bits;
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
    return i !== undefined && (this.words[(i / BITS) | 0] & (1 << i % BITS)) !== 0;
  }

  union(other: ActionBits): ActionBits {
    const out = zeros(this.words.length);
    for (let i = 0; i < out.length; i++) out[i] = this.words[i] | other.words[i];
    return new ActionBits(out);
  }

  intersect(other: ActionBits): ActionBits {
    const out = zeros(this.words.length);
    for (let i = 0; i < out.length; i++) out[i] = this.words[i] & other.words[i];
    return new ActionBits(out);
  }

  minus(other: ActionBits): ActionBits {
    const out = zeros(this.words.length);
    for (let i = 0; i < out.length; i++) out[i] = this.words[i] & ~other.words[i] & FULL;
    return new ActionBits(out);
  }

  /** In place: this ∩ other. Only on a set this caller owns. */
  andInPlace(other: ActionBits): this {
    for (let i = 0; i < this.words.length; i++) this.words[i] &= other.words[i];
    return this;
  }

  /** In place: this − other. Only on a set this caller owns. */
  andNotInPlace(other: ActionBits): this {
    for (let i = 0; i < this.words.length; i++) this.words[i] &= ~other.words[i];
    return this;
  }

  /** In place, for accumulating many unions. */
  orInPlace(other: ActionBits): void {
    for (let i = 0; i < this.words.length; i++) this.words[i] |= other.words[i];
  }

  get isEmpty(): boolean {
    for (let i = 0; i < this.words.length; i++) if (this.words[i] !== 0) return false;
    return true;
  }

  intersects(other: ActionBits): boolean {
    for (let i = 0; i < this.words.length; i++) if ((this.words[i] & other.words[i]) !== 0) return true;
    return false;
  }

  count(): number {
    let n = 0;
    for (let i = 0; i < this.words.length; i++) {
      let v = this.words[i];
      v = v - ((v >>> 1) & 0x55555555);
      v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
      n += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
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
        const key = u.keys[w * BITS + bit];
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
        out.push(u.keys[w * BITS + bit]);
        v &= v - 1;
      }
    }
    return out;
  }
}

/** The catalog size the bit sets span. */
export function universeSize(): number {
  return getCatalog().actions.size;
}
