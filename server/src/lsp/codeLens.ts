// The core's per-policy summaries as code lenses. Clicking one runs `iamMfaGuard.showReachable`
// with the lists; VS Code's client shows them, other editors can have the server answer the
// same command over workspace/executeCommand.
import type { CodeLens } from 'vscode-languageserver/node';
import { PolicyReachability, policyLenses, policyReachability } from '../core';
import { SHOW_REACHABLE_COMMAND, ShowReachableArgs } from '../shared/lspProtocol';
import { toRange } from './convert';
import type { DocumentState } from './documents';

/** Lists longer than this travel truncated in the lens; the full list is one request away. */
export const LENS_LIST_LIMIT = 1000;

export function provideCodeLenses(state: DocumentState): CodeLens[] {
  if (state.selection !== 'policy' || !state.result) return [];
  return policyLenses(state.result, LENS_LIST_LIMIT).map((lens) => {
    const args = toArgs(state, lens.reachability);
    return { range: toRange(state.lines, { start: lens.offset, end: lens.offset }), command: { title: args.summary, command: SHOW_REACHABLE_COMMAND, arguments: [args] } };
  });
}

/** The full lists, for the reachable-actions request and the command. */
export function reachableArgs(state: DocumentState, policyIndex?: number): ShowReachableArgs[] {
  if (!state.result) return [];
  return policyReachability(state.result, policyIndex).map((r) => toArgs(state, r));
}

function toArgs(state: Pick<DocumentState, 'uri' | 'version'>, reachability: PolicyReachability): ShowReachableArgs {
  return { uri: state.uri, version: state.version, ...reachability };
}
