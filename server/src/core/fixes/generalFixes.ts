// Fixes for the general checks where the right text is certain (Version, Effect casing) or
// a good guess (did-you-mean: offered in the editor, never applied by fix-all).
import { GeneralCode } from '../ruleIds';
import { modify } from 'jsonc-parser';
import { detectFormatting, replaceString } from './edits';
import type { Iam003Data } from '../rules/general/iam003-version';
import type { FixProvider, FixProviders } from './fix';
import { fix } from './shared';

const version: FixProvider<Iam003Data> = (context) => {
  const policy = context.analysis.policy;
  if (policy.version) return fix(context, 'Use "Version": "2012-10-17"', replaceString(policy.version.range, '2012-10-17'));
  if (!context.structural) return [];
  // Version goes first, where every published policy has it.
  return fix(context, 'Add "Version": "2012-10-17"', modify(context.text, [...policy.path, 'Version'], '2012-10-17', { formattingOptions: detectFormatting(context.text), getInsertionIndex: () => 0 }));
};

/** Replaces the flagged literal with the finding's suggestion. */
/** Every general rule with a did-you-mean carries it as `suggestion`. */
const suggestion: FixProvider<{ readonly suggestion?: string }> = (context) => {
  const suggested = context.data.suggestion;
  if (!suggested) return [];
  const caseOnly = suggested.toLowerCase() === context.text.slice(context.finding.range.start + 1, context.finding.range.end - 1).toLowerCase();
  return fix(context, `Change to "${suggested}"`, replaceString(context.finding.range, suggested), { safeForFixAll: caseOnly });
};

export const GENERAL_FIXES: FixProviders = {
  [GeneralCode.Version]: version,
  [GeneralCode.Effect]: suggestion,
  [GeneralCode.UnknownService]: suggestion,
  [GeneralCode.UnknownAction]: suggestion,
  [GeneralCode.UnknownOperator]: suggestion,
  [GeneralCode.UnknownGlobalKey]: suggestion,
  [GeneralCode.MissingElement]: suggestion,
};

