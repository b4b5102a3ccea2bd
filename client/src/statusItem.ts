// The language status item (the `{ }` entry of the status bar, as vscode-eslint has): whether the
// server runs, what it found in the active file, and a click to the output channel.
import * as vscode from 'vscode';
import type { DocumentStatus } from '../../server/src/shared/lspProtocol';

export type ServerState = 'starting' | 'running' | 'stopped' | 'failed';

const SHOW_OUTPUT = { title: 'Show output', command: 'iamMfaGuard.showOutput' };

export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  private readonly statuses = new Map<string, DocumentStatus>();
  private server: ServerState = 'starting';
  private readonly subscriptions: vscode.Disposable[];

  constructor(selector: vscode.DocumentSelector) {
    this.item = vscode.languages.createLanguageStatusItem('iamMfaGuard.status', selector);
    this.item.name = 'IAM MFA Guard';
    this.item.command = SHOW_OUTPUT;
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      vscode.workspace.onDidCloseTextDocument((d) => this.statuses.delete(d.uri.toString())),
    ];
    this.render();
  }

  setServer(state: ServerState): void {
    this.server = state;
    this.render();
  }

  update(status: DocumentStatus): void {
    const known = this.statuses.get(status.uri);
    if (known && known.version > status.version) return;
    this.statuses.set(status.uri, status);
    if (vscode.window.activeTextEditor?.document.uri.toString() === status.uri) this.render();
  }

  private render(): void {
    const item = this.item;
    item.busy = this.server === 'starting';
    item.severity = this.server === 'failed' || this.server === 'stopped' ? vscode.LanguageStatusSeverity.Error : vscode.LanguageStatusSeverity.Information;
    if (this.server !== 'running') {
      item.text = this.server === 'starting' ? 'IAM MFA Guard: starting' : `IAM MFA Guard: ${this.server === 'failed' ? 'server failed' : 'server stopped'}`;
      item.detail = this.server === 'starting' ? '' : 'Restart it with "IAM MFA Guard: Restart server"';
      item.command = this.server === 'starting' ? SHOW_OUTPUT : { title: 'Restart', command: 'iamMfaGuard.restartServer' };
      return;
    }
    item.command = SHOW_OUTPUT;
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    const status = uri ? this.statuses.get(uri) : undefined;
    item.text = `IAM MFA Guard: ${describe(status)}`;
    item.detail = status?.selection === 'policy' ? countsText(status) : '';
  }

  dispose(): void {
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

function describe(status: DocumentStatus | undefined): string {
  switch (status?.selection) {
    case undefined:
      return 'ready';
    case 'policy':
      return status.policies === 1 ? '1 policy' : `${status.policies} policies`;
    case 'not-policy':
      return 'no policy in this file';
    case 'excluded':
      return 'file excluded';
    case 'disabled':
      return 'disabled (iamMfaGuard.enable)';
    case 'too-large':
      return 'file too large';
    default:
      return status?.selection ?? 'ready';
  }
}

function countsText(status: DocumentStatus): string {
  const c = status.counts;
  const parts = [`${c.error} ${c.error === 1 ? 'error' : 'errors'}`, `${c.warning} ${c.warning === 1 ? 'warning' : 'warnings'}`, `${c.information} info`];
  if (c.hint) parts.push(`${c.hint} ${c.hint === 1 ? 'hint' : 'hints'}`);
  return parts.join(', ');
}
