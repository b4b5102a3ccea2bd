// What IAM006 and IAM007 share: splitting "service:Action" and looking both halves up.
import { findService, isCatalogAction } from '../../catalog/catalog';
export { servicePrefixes } from '../../catalog/catalog';
import type { StringNode } from '../../model';
import type { AnalyzedStatement } from '../../analysis/policyAnalysis';

export interface ActionName {
  readonly node: StringNode;
  readonly service: string;
  readonly action: string;
}

/**
 * The Action/NotAction entries of the form service:action, with no wildcard in the service
 * part, that are not catalog actions as written ("s3:Get*", "iam:GetUsr", "foo:Bar"): all
 * that IAM006 and IAM007 look at further. A catalog action has a known service and is known,
 * so the nine in ten entries that are skip the split.
 */
export function unlistedActionNames(statement: AnalyzedStatement): readonly ActionName[] {
  // IAM006 and IAM007 both ask; the statement node never changes, so the split is kept with it.
  let out = splitNames.get(statement.node);
  if (out) return out;
  out = [];
  splitNames.set(statement.node, out);
  for (const list of [statement.node.action, statement.node.notAction]) {
    for (const node of list?.values ?? []) {
      if (isCatalogAction(node.value)) continue;
      const sep = node.value.indexOf(':');
      if (sep < 0) continue;
      const service = node.value.slice(0, sep);
      if (/[*?]/.test(service)) continue;
      out.push({ node, service, action: node.value.slice(sep + 1) });
    }
  }
  return out;
}

const splitNames = new WeakMap<AnalyzedStatement['node'], ActionName[]>();

export function isKnownService(prefix: string): boolean {
  return findService(prefix) !== undefined;
}
