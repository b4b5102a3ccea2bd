// One streaming pass over a large JSON text (a 1 MB CloudFormation template) to find where
// its policies are, so that only those parts are built into trees. jsonc-parser's visitor
// allocates no nodes: it reads a 1 MB template in about half the time a full parseTree takes.
import { JSONPath, visit } from 'jsonc-parser';
import { looksLikeEmbeddedPolicy } from './embedded';

export interface PolicyRegion {
  readonly start: number;
  readonly end: number;
  /** The JSON path of the region's value from the document root. */
  readonly path: JSONPath;
  /** An object that holds a "Statement" (or a Terraform policy document); or a string that holds a policy. */
  readonly kind: 'object' | 'string';
}

/**
 * The outermost objects that hold a "Statement" or an "aws_iam_policy_document", and the
 * strings that look like serialised policies, in document order. Undefined when the text has
 * a syntax error: then the whole-text parse, with its recovery, is the right tool.
 */
export function locatePolicyRegions(text: string): PolicyRegion[] | undefined {
  const open: { start: number; path?: JSONPath; pathOf: () => JSONPath }[] = [];
  const found: PolicyRegion[] = [];
  let broken = false;
  visit(
    text,
    {
      onObjectBegin: (offset, _length, _line, _character, pathOf) => {
        open.push({ start: offset, pathOf });
      },
      onObjectProperty: (name) => {
        const top = open[open.length - 1];
        if (top && !top.path && (name === 'Statement' || name === 'aws_iam_policy_document')) top.path = top.pathOf();
      },
      onObjectEnd: (offset, length) => {
        const top = open.pop();
        if (top?.path) found.push({ start: top.start, end: offset + length, path: top.path, kind: 'object' });
      },
      onLiteralValue: (value, offset, length, _line, _character, pathOf) => {
        if (typeof value === 'string' && looksLikeEmbeddedPolicy(value)) found.push({ start: offset, end: offset + length, path: pathOf(), kind: 'string' });
      },
      onError: () => {
        broken = true;
      },
    },
    { allowTrailingComma: true, disallowComments: false },
  );
  if (broken) return undefined;
  // Inner regions are read again from their outer one, as the tree walk does.
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const outermost: PolicyRegion[] = [];
  let reached = -1;
  for (const region of found) {
    if (region.start < reached) continue;
    outermost.push(region);
    reached = region.end;
  }
  return outermost;
}
