// Quick-fixes and fix-all, straight from the core's per-version fixes: each finding's fixes are
// computed once from its data, never from the diagnostic's message; fix-all keeps only fixes
// that make the document strictly better.
import { CodeAction, CodeActionKind, CodeActionParams, Diagnostic, TextEdit } from 'vscode-languageserver/node';
import { DocumentFixes, Edit, Finding, documentFixes, minimalEdit, plural } from '../core';
import { toRange } from './convert';
import { SOURCE } from './diagnostics';
import type { DocumentState } from './documents';

/** `editor.codeActionsOnSave: { "source.fixAll.iam-mfa-guard": "explicit" }` runs fix-all on save. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.iam-mfa-guard`;

export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, FIX_ALL_KIND];

/** What a lazily offered fix-all carries until the client resolves it. */
interface FixAllData {
  readonly uri: string;
  readonly version: number;
}

/**
 * `lazyFixAll`: the client can resolve a code action's edit later. Editors ask for code actions
 * on every cursor move, and fix-all re-lints the document once per fix it keeps: unless the
 * request asks for fix-all by name (on save, "Fix All"), it is offered without its edit and
 * computed in codeAction/resolve, when the user picks it.
 */
export function provideCodeActions(state: DocumentState, params: CodeActionParams, lazyFixAll = false): CodeAction[] {
  const result = state.result;
  if (state.selection !== 'policy' || !result) return [];
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
  const actions: CodeAction[] = [];
  const fixes = documentFixes(result);
  if (wants(CodeActionKind.QuickFix)) {
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== SOURCE) continue;
      const finding = findingOf(state, fixes, diagnostic);
      if (!finding) continue;
      for (const fix of fixes.for(finding)) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix.preferred,
          edit: { changes: { [state.uri]: fix.edits.map((e) => toTextEdit(state, e)) } },
        });
      }
    }
  }
  if (wants(FIX_ALL_KIND)) {
    const askedByName = only?.some((o) => o.startsWith(CodeActionKind.SourceFixAll)) ?? false;
    if (lazyFixAll && !askedByName) {
      // Offered only where fix-all would change something: some finding has a safe fix (no re-lint needed to know).
      if (fixes.hasSafeFix()) {
        const data: FixAllData = { uri: state.uri, version: state.version };
        actions.push({ title: 'Fix all safe IAM MFA Guard problems', kind: FIX_ALL_KIND, data });
      }
    } else {
      const action = fixAllAction(state, fixes);
      if (action) actions.push(action);
    }
  }
  return actions;
}

/** The edit of a lazily offered fix-all, for the document version it was offered for. */
export function resolveFixAll(state: DocumentState | undefined, action: CodeAction): CodeAction {
  const data = action.data as Partial<FixAllData> | undefined;
  if (!state || data?.version !== state.version || action.kind !== FIX_ALL_KIND) return action;
  if (!state.result) return action;
  const resolved = fixAllAction(state, documentFixes(state.result));
  return resolved ? { ...action, edit: resolved.edit } : action;
}

export function fixAllUri(action: CodeAction): string | undefined {
  const uri = (action.data as Partial<FixAllData> | undefined)?.uri;
  return typeof uri === 'string' ? uri : undefined;
}

function fixAllAction(state: DocumentState, fixes: DocumentFixes): CodeAction | undefined {
  const all = fixes.fixAll();
  const change = minimalEdit(state.text, all.text);
  if (!change) return undefined;
  return {
    title: `Fix all safe IAM MFA Guard problems (${plural(all.applied.length, 'fix', 'fixes')})`,
    kind: FIX_ALL_KIND,
    // One edit over the span that differs, so the editor keeps the cursor and folding elsewhere.
    edit: { changes: { [state.uri]: [toTextEdit(state, change)] } },
  };
}

/** The finding a diagnostic was made from: same rule, same range (the document version matches). */
function findingOf(state: DocumentState, fixes: DocumentFixes, diagnostic: Diagnostic): Finding | undefined {
  return fixes.findingAt(diagnostic.code, { start: state.lines.offsetAt(diagnostic.range.start), end: state.lines.offsetAt(diagnostic.range.end) });
}

function toTextEdit(state: DocumentState, edit: Edit): TextEdit {
  return { range: toRange(state.lines, { start: edit.offset, end: edit.offset + edit.length }), newText: edit.content };
}
