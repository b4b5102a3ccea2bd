// A key written twice in one object. JSON leaves it to the reader; IAM, like JSON.parse and
// most JSON libraries, keeps the last value (duplicate condition keys are "squashed", as
// hashicorp/terraform-provider-aws#33026 describes), so the analysis reads the last one and
// a warning points at every earlier one: two readers of the same policy must not disagree
// silently about what it says.
import type { Node } from 'jsonc-parser';

/** The properties of an object with only the last of each name kept, in source order. */
export function lastOfEachKey(obj: Node): Node[] {
  const props = obj.children ?? [];
  if (props.length < 2) return props;
  const last = new Map<unknown, Node>();
  for (const prop of props) {
    const key = prop.children?.[0];
    if (key) last.set(key.value, prop);
  }
  if (last.size === props.length) return props;
  return props.filter((prop) => !prop.children?.[0] || last.get(prop.children[0].value) === prop);
}

/** Each property whose name is written again later in the same object (the key node). */
export function shadowedKeys(obj: Node): Node[] {
  const props = obj.children ?? [];
  if (props.length < 2) return [];
  // A statement has a handful of properties: comparing each with the later ones allocates nothing.
  if (props.length <= 16 && !hasRepeatedKey(props)) return [];
  const last = new Map<unknown, Node>();
  for (const prop of props) if (prop.children?.[0]) last.set(prop.children[0].value, prop);
  if (last.size === props.length) return [];
  const out: Node[] = [];
  for (const prop of props) {
    const key = prop.children?.[0];
    if (key && last.get(key.value) !== prop) out.push(key);
  }
  return out;
}

function hasRepeatedKey(props: readonly Node[]): boolean {
  for (let i = 0; i < props.length; i++) {
    const key = props[i].children?.[0];
    if (!key) continue;
    for (let j = i + 1; j < props.length; j++) {
      const other = props[j].children?.[0];
      // SameValueZero, as the Map below compares keys.
      if (other && (other.value === key.value || (other.value !== other.value && key.value !== key.value))) return true;
    }
  }
  return false;
}
