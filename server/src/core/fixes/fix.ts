// What a fix is, and what a fix provider gets to compute one.
import { applyEdits, Edit } from 'jsonc-parser';
import type { AnalyzedStatement, PolicyAnalysis } from '../analysis/policyAnalysis';
import type { Finding } from '../findings';
import type { LintResult } from '../lint';
import type { RuleDataById } from '../rules/registry';
import type { FindingData } from '../rules/rule';

export interface Fix {
  /** Says what will change: "Replace "iam:*" with the 7 IAM actions this policy grants". */
  readonly title: string;
  readonly rule: string;
  readonly edits: readonly Edit[];
  /** The one an editor offers first. */
  readonly preferred: boolean;
  /** Applied by fix-all (`source.fixAll`, `--fix`). Guesses such as did-you-mean are not. */
  readonly safeForFixAll: boolean;
}

export interface FixContext<D extends FindingData = FindingData> {
  readonly text: string;
  readonly result: LintResult;
  readonly finding: Finding;
  /** The finding's data, of the type its rule declares (`PolicyRule<D>`). */
  readonly data: D;
  readonly analysis: PolicyAnalysis;
  readonly statement?: AnalyzedStatement;
  /**
   * Structural edits (jsonc-parser `modify`) need a text that parses cleanly; a text with
   * syntax errors only gets edits that replace one literal.
   */
  readonly structural: boolean;
}

export type FixProvider<D extends FindingData = FindingData> = (context: FixContext<D>) => Fix[];

/** Fix providers by rule id: each gets the data type its rule declares. */
export type FixProviders = { readonly [R in keyof RuleDataById]?: FixProvider<RuleDataById[R]> };

/**
 * Several structural steps, each computed on the text the previous one produced, as one
 * edit over the span that changed. Steps that touch the same object cannot be computed
 * against the original text at once.
 */
export function composeSteps(text: string, steps: readonly ((current: string) => Edit[])[]): Edit[] {
  let current = text;
  for (const step of steps) current = applyEdits(current, step(current));
  const edit = minimalEdit(text, current);
  return edit ? [edit] : [];
}

/** One edit over the span where two texts differ (common prefix and suffix kept); none if equal. */
export function minimalEdit(before: string, after: string): Edit | undefined {
  if (before === after) return undefined;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endOld = before.length;
  let endNew = after.length;
  while (endOld > start && endNew > start && before[endOld - 1] === after[endNew - 1]) {
    endOld--;
    endNew--;
  }
  return { offset: start, length: endOld - start, content: after.slice(start, endNew) };
}
