// Service control policies: a bare policy document, or `aws organizations describe-policy`
// output ({"Policy": {"PolicySummary": {"Name"…}, "Content": "<JSON string>"}}).
import { parseTree } from 'jsonc-parser';
import { prop } from './accountExport';
import type { AuditProblem } from './model';
import { readPolicyNode, readPolicyString } from './policyText';
import type { PolicyText } from './model';

export interface ServiceControlPolicy {
  readonly name: string;
  readonly policy: PolicyText;
}

export function readServiceControlPolicy(text: string, file: string): { scp?: ServiceControlPolicy; problem?: AuditProblem } {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const base = file.split(/[\\/]/).pop()!.replace(/\.json$/i, '');
  const wrapped = prop(root, 'Policy');
  if (wrapped) {
    const content = prop(wrapped, 'Content');
    const name = prop(prop(wrapped, 'PolicySummary'), 'Name')?.value;
    const read = content?.type === 'string' ? readPolicyString(String(content.value), { file, range: { start: content.offset, end: content.offset + content.length } }) : readPolicyNode(text, content, file);
    if (!read.policy) return { problem: { message: `${file}: SCP ${name ?? base}: ${read.problem}; it is left out` } };
    return { scp: { name: typeof name === 'string' ? name : base, policy: read.policy } };
  }
  const read = readPolicyNode(text, root, file);
  if (!read.policy) return { problem: { message: `${file}: not an SCP: ${read.problem}; it is left out` } };
  return { scp: { name: base, policy: read.policy } };
}
