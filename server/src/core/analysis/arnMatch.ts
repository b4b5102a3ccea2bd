// Matching a Resource/NotResource entry (or an Arn* condition value) against a request's ARN.
// Wildcards work within each of the first five colon-separated ARN segments and freely in the
// resource part (IAM User Guide, ARN wildcards and ArnLike); an entry with fewer segments
// ("*", "arn:aws:*") is matched as one string. ARNs are compared case-sensitively.
import { ANY_ONE, ANY_RUN, matchWildcardTokens } from '../catalog/wildcard';
import type { Tri } from './tri';
import type { PatternPiece, ResolvedPattern } from './policyVariables';

export function matchResolved(resolved: ResolvedPattern | undefined, value: string, options: { arn: boolean; ignoreCase?: boolean }): Tri {
  if (!resolved) return 'no';
  if (!matchesPieces(resolved.pieces, value, options.arn, options.ignoreCase ?? false)) return 'no';
  return resolved.unknownKeys.length ? 'depends' : 'yes';
}

/**
 * No RegExp is built from policy text (`*?*?…` backtracks exponentially). In an ARN pattern
 * with five colons, wildcards cannot cross a colon in the first five segments, so those
 * colons split pattern and value alike into six parts, each matched on its own (the last,
 * the resource, freely) with the linear wildcard matcher.
 */
function matchesPieces(pieces: readonly PatternPiece[], value: string, arn: boolean, ignoreCase: boolean): boolean {
  let tokens = toTokens(pieces, ignoreCase);
  const subject = ignoreCase ? value.toLowerCase() : value;
  if (!arn) return matchWildcardTokens(tokens, subject, 0, subject.length);
  const separators: number[] = [];
  for (let i = 0; i < tokens.length && separators.length < 5; i++) if (tokens[i] === COLON) separators.push(i);
  if (separators.length < 5) return matchWildcardTokens(tokens, subject, 0, subject.length);
  let tokenStart = 0;
  let valueStart = 0;
  for (const separator of separators) {
    const colon = subject.indexOf(':', valueStart);
    if (colon < 0) return false;
    if (!matchWildcardTokens(tokens.subarray(tokenStart, separator), subject, valueStart, colon)) return false;
    tokenStart = separator + 1;
    valueStart = colon + 1;
  }
  tokens = tokens.subarray(tokenStart);
  return matchWildcardTokens(tokens, subject, valueStart, subject.length);
}

const COLON = 58;

function toTokens(pieces: readonly PatternPiece[], ignoreCase: boolean): Int32Array {
  const out: number[] = [];
  for (const piece of pieces) {
    if (piece.kind === 'text') {
      const text = ignoreCase ? piece.text.toLowerCase() : piece.text;
      for (let i = 0; i < text.length; i++) out.push(text.charCodeAt(i));
    } else if (piece.kind === 'one') out.push(ANY_ONE);
    else if (out[out.length - 1] !== ANY_RUN) out.push(ANY_RUN); // `*` and unknown variables
  }
  return Int32Array.from(out);
}
