// The per-policy summary as a code lens above "Statement": what stays possible without MFA.
// Clicking it runs `iamMfaGuard.showReachable` with the lists; VS Code's client shows them,
// other editors can have the server answer the same command over workspace/executeCommand.
import type { CodeLens } from 'vscode-languageserver/node';
import type { PolicyAnalysis } from '../core/analysis/policyAnalysis';
import type { ContextId } from '../core/analysis/contexts';
import { CONTEXT_TITLES } from '../core/explain/statementText';
import { SUMMARY_CONTEXTS, reachableList, summarizePolicy } from '../core/explain/summary';
import { REACHABLE_REQUEST, SHOW_REACHABLE_COMMAND, ShowReachableArgs } from '../shared/lspProtocol';
import { principalLenses } from '../core/audit/principalLenses';
import { toRange } from './convert';
import type { DocumentState } from './documents';

export { REACHABLE_REQUEST, SHOW_REACHABLE_COMMAND };

/** Lists longer than this travel truncated in the lens; the full list is one request away. */
export const LENS_LIST_LIMIT = 1000;


export function provideCodeLenses(state: DocumentState): CodeLens[] {
  const lenses: CodeLens[] = principalCodeLenses(state);
  if (state.selection !== 'policy' || !state.result) return lenses;
  for (const analysis of state.result.analyses) {
    if (!analysis.mentionsMfa) continue;
    const policy = analysis.policy;
    const anchor = policy.statementProperty?.keyRange ?? policy.statements[0]?.range ?? policy.range;
    const range = toRange(state.lines, { start: anchor.start, end: anchor.start });
    const args = reachableArgs(state, analysis, LENS_LIST_LIMIT);
    lenses.push({ range, command: { title: args.summary, command: SHOW_REACHABLE_COMMAND, arguments: [args] } });
  }
  return lenses;
}

const principalLensCache = new WeakMap<DocumentState, CodeLens[]>();

/** The audit verdict on each user and role a CloudFormation or Terraform document defines. */
function principalCodeLenses(state: DocumentState): CodeLens[] {
  if (state.selection === 'disabled' || state.selection === 'excluded' || state.selection === 'too-large') return [];
  let lenses = principalLensCache.get(state);
  if (!lenses) {
    lenses = principalLenses(state.text, state.uri).map((l) => ({ range: toRange(state.lines, { start: l.range.start, end: l.range.start }), command: { title: l.title, command: '' } }));
    principalLensCache.set(state, lenses);
  }
  return lenses;
}

export function reachableArgs(state: Pick<DocumentState, 'uri' | 'version'>, analysis: PolicyAnalysis, limit = Infinity): ShowReachableArgs {
  const summary = summarizePolicy(analysis);
  const contexts = SUMMARY_CONTEXTS.map((c: ContextId) => ({ ...reachableList(analysis, c, limit), title: CONTEXT_TITLES[c] }));
  return { uri: state.uri, version: state.version, policyIndex: analysis.policyIndex, summary: summary.text, contexts };
}
