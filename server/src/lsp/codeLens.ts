// The core's per-policy summaries as code lenses. Clicking one runs `iamMfaGuard.showReachable`
// with the lists; VS Code's client shows them, other editors can have the server answer the
// same command over workspace/executeCommand. Templates that define users and roles also get
// the audit verdict on each principal.
import type { CodeLens } from 'vscode-languageserver/node';
import { isTerraformHcl, PolicyReachability, policyLenses, policyReachability, principalLenses } from '../core';
import type { TerraformFile } from '../core';
import { SHOW_REACHABLE_COMMAND, ShowReachableArgs } from '../shared/lspProtocol';
import { toRange } from './convert';
import { readTerraformReference } from './terraformSiblings';
import type { DocumentState } from './documents';

/** Lists longer than this travel truncated in the lens; the full list is one request away. */
export const LENS_LIST_LIMIT = 1000;

/** `siblings`: the other `.tf` files of a `.tf` document's folder (one Terraform configuration with it). */
export function provideCodeLenses(state: DocumentState, siblings: (uri: string) => TerraformFile[] = () => []): CodeLens[] {
  const lenses = principalCodeLenses(state, siblings);
  if (state.selection !== 'policy' || !state.result) return lenses;
  return lenses.concat(
    policyLenses(state.result, LENS_LIST_LIMIT).map((lens) => {
      const args = toArgs(state, lens.reachability);
      return { range: toRange(state.lines, { start: lens.offset, end: lens.offset }), command: { title: args.summary, command: SHOW_REACHABLE_COMMAND, arguments: [args] } };
    }),
  );
}

const principalLensCache = new WeakMap<DocumentState, CodeLens[]>();

/** The audit verdict on each user and role a CloudFormation or Terraform document defines. */
function principalCodeLenses(state: DocumentState, siblings: (uri: string) => TerraformFile[]): CodeLens[] {
  if (state.selection === 'disabled' || state.selection === 'excluded' || state.selection === 'too-large') return [];
  let lenses = principalLensCache.get(state);
  if (!lenses) {
    const terraform = isTerraformHcl(state.uri);
    lenses = principalLenses(state.text, state.uri, terraform ? siblings(state.uri) : [], terraform ? { readReference: readTerraformReference } : {}).map((l) => ({ range: toRange(state.lines, { start: l.range.start, end: l.range.start }), command: { title: l.title, command: '' } }));
    principalLensCache.set(state, lenses);
  }
  return lenses;
}

/** The full lists, for the reachable-actions request and the command. */
export function reachableArgs(state: DocumentState, policyIndex?: number): ShowReachableArgs[] {
  if (!state.result) return [];
  return policyReachability(state.result, policyIndex).map((r) => toArgs(state, r));
}

function toArgs(state: Pick<DocumentState, 'uri' | 'version'>, reachability: PolicyReachability): ShowReachableArgs {
  return { uri: state.uri, version: state.version, ...reachability };
}
