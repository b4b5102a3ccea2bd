// Suggestions for misspelled names: the closest candidates by edit distance.

export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  // Two rows, reused across calls: a did-you-mean compares one word with hundreds of names.
  if (rowA.length <= b.length) {
    rowA = new Int32Array(b.length + 1);
    rowB = new Int32Array(b.length + 1);
  }
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const substitute = prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const remove = prev[j] + 1;
      const insert = cur[j - 1] + 1;
      const d = substitute < remove ? (substitute < insert ? substitute : insert) : remove < insert ? remove : insert;
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    const swap = prev;
    prev = cur;
    cur = swap;
  }
  return prev[b.length];
}

let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/** The best candidate within a distance that grows with the word's length, compared case-insensitively. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  const limit = Math.max(1, Math.min(4, Math.floor(lower.length / 4)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const d = editDistance(lower, candidate.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * `didYouMean(word, candidates)` remembered per list of candidates (a service's action names,
 * the service prefixes: lists the fixed catalog makes, so an answer never goes stale). The same
 * misspelling in many files costs one search.
 */
export function rememberedDidYouMean(word: string, list: string, candidates: () => Iterable<string>): string | undefined {
  const key = `${list}\u0000${word.toLowerCase()}`;
  if (suggestions.has(key)) return suggestions.get(key);
  const answer = didYouMean(word, candidates());
  if (suggestions.size > 5000) suggestions.clear();
  suggestions.set(key, answer);
  return answer;
}

const suggestions = new Map<string, string | undefined>();
