// Matching a Resource/NotResource entry (or an Arn* condition value) against a request's ARN.
// Wildcards work within each of the first five colon-separated ARN segments and freely in the
// resource part (IAM User Guide, ARN wildcards and ArnLike); an entry with fewer segments
// ("*", "arn:aws:*") is matched as one string. ARNs are compared case-sensitively.
import type { Tri } from './tri';
import type { PatternPiece, ResolvedPattern } from './policyVariables';

export function matchResolved(resolved: ResolvedPattern | undefined, value: string, options: { arn: boolean; ignoreCase?: boolean }): Tri {
  if (!resolved) return 'no';
  const regex = toRegExp(resolved.pieces, options.arn, options.ignoreCase ?? false);
  if (!regex.test(value)) return 'no';
  return resolved.unknownKeys.length ? 'depends' : 'yes';
}

const cache = new Map<string, RegExp>();

function toRegExp(pieces: readonly PatternPiece[], arn: boolean, ignoreCase: boolean): RegExp {
  const cacheKey = (arn ? 'a' : 's') + (ignoreCase ? 'i' : '') + JSON.stringify(pieces);
  let regex = cache.get(cacheKey);
  if (regex) return regex;
  const colons = pieces.reduce((n, p) => n + (p.kind === 'text' ? p.text.split(':').length - 1 : 0), 0);
  const segmentWise = arn && colons >= 5;
  let seen = 0;
  let source = '';
  for (const piece of pieces) {
    const inSegment = segmentWise && seen < 5;
    if (piece.kind === 'text') {
      source += piece.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      seen += piece.text.split(':').length - 1;
    } else if (piece.kind === 'one') source += inSegment ? '[^:]' : '[^]';
    else source += inSegment ? '[^:]*' : '[^]*';
  }
  regex = new RegExp(`^${source}$`, ignoreCase ? 'i' : '');
  if (cache.size > 5000) cache.clear();
  cache.set(cacheKey, regex);
  return regex;
}
