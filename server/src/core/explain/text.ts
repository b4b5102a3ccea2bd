// Small text helpers shared by the explanations.

/**
 * 1431 -> "1,431", as toLocaleString('en-US') writes it, without starting ICU: that costs
 * ~25 ms, a third of a small run's whole start-up.
 */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0 || Object.is(n, -0)) return n.toLocaleString('en-US');
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** "a", "a and b", "a, b and c". */
export function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "1 action" / "3 actions". */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`;
}

/**
 * Inline code for Markdown holding any text from a policy: the fence is one backtick longer
 * than the longest run inside (CommonMark), so a Sid or action full of backticks cannot close
 * the span early and smuggle in a link or an image. Line breaks become spaces.
 */
export function code(text: string): string {
  const clean = text.replace(/[\r\n]+/g, ' ');
  let longest = 0;
  let run = 0;
  for (let i = 0; i < clean.length; i++) {
    run = clean.charCodeAt(i) === 96 ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  const fence = '`'.repeat(longest + 1);
  // A leading or trailing backtick (or a space at both ends) needs a space, which CommonMark strips.
  const pad = clean.startsWith('`') || clean.endsWith('`') || (clean.length > 1 && clean.startsWith(' ') && clean.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

/**
 * Plain text (a finding's message, which quotes policy text) as Markdown that shows exactly
 * that text: every character Markdown gives a meaning inline is backslash-escaped (links,
 * images, emphasis, code spans, HTML, table cells), and a "#" or ">" cannot start a block.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, '\\$&').replace(/^([#>+=-])/gm, '\\$1').replace(/^(\s*\d+)([.)])/gm, '$1\\$2');
}

/** A few items, then "and N more". */
export function preview(items: readonly string[], max: number): string {
  if (items.length <= max) return joinAnd(items);
  return `${items.slice(0, max).join(', ')} and ${formatCount(items.length - max)} more`;
}
