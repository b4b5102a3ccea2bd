// Three-valued answers for a request: 'depends' when the outcome hangs on a fact the
// request does not give (an unknown key, a tag, a CloudFormation reference).

export type Tri = 'yes' | 'no' | 'depends';

export function triAnd(a: Tri, b: Tri): Tri {
  if (a === 'no' || b === 'no') return 'no';
  return a === 'depends' || b === 'depends' ? 'depends' : 'yes';
}

export function triOr(a: Tri, b: Tri): Tri {
  if (a === 'yes' || b === 'yes') return 'yes';
  return a === 'depends' || b === 'depends' ? 'depends' : 'no';
}

export function triNot(a: Tri): Tri {
  return a === 'yes' ? 'no' : a === 'no' ? 'yes' : 'depends';
}

/** OR over a list (false for none). */
export function triSome<T>(items: Iterable<T>, test: (item: T) => Tri): Tri {
  let result: Tri = 'no';
  for (const item of items) {
    result = triOr(result, test(item));
    if (result === 'yes') return result;
  }
  return result;
}

/** AND over a list (true for none). */
export function triEvery<T>(items: Iterable<T>, test: (item: T) => Tri): Tri {
  let result: Tri = 'yes';
  for (const item of items) {
    result = triAnd(result, test(item));
    if (result === 'no') return result;
  }
  return result;
}
