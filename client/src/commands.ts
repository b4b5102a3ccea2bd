// The commands that are more than one call: fix all in the active file, and lint the workspace
// into the Problems panel (the server reads the files; VS Code says which ones exist).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { FindingCounts, LINT_FILES_REQUEST, LintFilesResult } from '../../server/src/shared/lspProtocol';

export const FIX_ALL_KIND = 'source.fixAll.iam-mfa-guard';
const LINTED_FILES = '**/*.{json,jsonc,yaml,yml,template,tf}';
const MAX_FILES = 20000;
const BATCH = 200;

/** Applies the server's fix-all (the same edit as on save) to the active file. */
export async function fixAllInActiveFile(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('IAM MFA Guard: open a policy file to fix.');
    return;
  }
  const document = editor.document;
  const everything = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
  // The last argument resolves the action's edit (the server computes fix-all lazily).
  const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, everything, FIX_ALL_KIND, 1)) ?? [];
  const fixAll = actions.find((a) => a.kind?.value === FIX_ALL_KIND && a.edit);
  if (!fixAll?.edit || fixAll.edit.size === 0) {
    void vscode.window.showInformationMessage('IAM MFA Guard: nothing in this file has a safe automatic fix.');
    return;
  }
  if (!(await vscode.workspace.applyEdit(fixAll.edit))) void vscode.window.showWarningMessage('IAM MFA Guard: the fixes could not be applied (the file changed meanwhile?).');
}

/** Every policy file of the workspace checked from disk; findings land in the Problems panel. */
export async function lintWorkspace(client: LanguageClient | undefined, output: vscode.OutputChannel): Promise<void> {
  if (!client?.isRunning()) {
    void vscode.window.showWarningMessage('IAM MFA Guard: the language server is not running (see the output).');
    return;
  }
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showInformationMessage('IAM MFA Guard: open a folder to lint a workspace.');
    return;
  }
  const total: { -readonly [K in keyof FindingCounts]: number } = { error: 0, warning: 0, information: 0, hint: 0 };
  let files = 0;
  let withPolicies = 0;
  let unreadable = 0;
  const done = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'IAM MFA Guard: linting the workspace', cancellable: true },
    async (progress, token) => {
      const uris = await vscode.workspace.findFiles(LINTED_FILES, excludeGlob(), MAX_FILES, token);
      for (let i = 0; i < uris.length && !token.isCancellationRequested; i += BATCH) {
        const batch = uris.slice(i, i + BATCH).map((u) => u.toString());
        const result = await client.sendRequest<LintFilesResult>(LINT_FILES_REQUEST, { uris: batch }, token);
        files += result.files;
        withPolicies += result.withPolicies;
        unreadable += result.unreadable.length;
        for (const key of Object.keys(total) as (keyof FindingCounts)[]) total[key] += result.counts[key];
        progress.report({ increment: (100 * batch.length) / uris.length, message: `${Math.min(i + BATCH, uris.length)} of ${uris.length} files` });
      }
      return !token.isCancellationRequested;
    },
  );
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  const problems = total.error + total.warning + total.information + total.hint;
  const summary =
    `IAM MFA Guard: ${problems} ${problems === 1 ? 'problem' : 'problems'} (${total.error} errors, ${total.warning} warnings, ${total.information} info) ` +
    `in ${withPolicies} ${withPolicies === 1 ? 'file' : 'files'} with IAM policies (${files} checked)${unreadable ? `; ${unreadable} could not be read` : ''}${done ? '' : ' (cancelled)'}.`;
  // Not awaited: the command is done when the diagnostics are published, not when the message closes.
  void vscode.window.showInformationMessage(summary, 'Show output').then((choice) => choice && output.show(true));
}

/** files.exclude as VS Code applies it to searches, plus node_modules (never policies of the project). */
function excludeGlob(): string {
  const excluded = vscode.workspace.getConfiguration('files').get<Record<string, unknown>>('exclude') ?? {};
  const globs = ['**/node_modules/**', '**/.terraform/**', ...Object.entries(excluded).filter(([, on]) => on === true).map(([glob]) => glob)];
  return `{${globs.join(',')}}`;
}
