// The VS Code side, kept thin: start the language server (node IPC), forward the settings,
// give it an output channel (the server's log), a status item, the commands, and show the code
// lens's reachable-action lists.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind } from 'vscode-languageclient/node';
import {
  DocumentStatus,
  GuardInitializationOptions,
  REACHABLE_REQUEST,
  ReachableRequestParams,
  SETTINGS_SECTION,
  SHOW_REACHABLE_COMMAND,
  STATUS_NOTIFICATION,
  ShowReachableArgs,
} from '../../server/src/shared/lspProtocol';
import { fixAllInActiveFile, lintWorkspace } from './commands';
import { StatusItem } from './statusItem';

const DOCUMENT_SELECTOR: ({ scheme: string; language: string } | { scheme: string; pattern: string })[] = [
  { scheme: 'file', language: 'json' },
  { scheme: 'file', language: 'jsonc' },
  { scheme: 'untitled', language: 'json' },
  { scheme: 'untitled', language: 'jsonc' },
  // CloudFormation and SAM templates; the server leaves YAML without a policy alone.
  { scheme: 'file', language: 'yaml' },
  { scheme: 'untitled', language: 'yaml' },
  // Terraform: the language id HashiCorp's extension (and our own contribution) gives `.tf`
  // files, and the file pattern for a `.tf` opened under another id. `*.tf.json` is JSON.
  { scheme: 'file', language: 'terraform' },
  { scheme: 'untitled', language: 'terraform' },
  { scheme: 'file', pattern: '**/*.tf' },
];

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('IAM MFA Guard');
  context.subscriptions.push(output);
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  // Pushed diagnostics, although vscode-languageclient could pull: the debounce setting, the status
  // item and "Lint the workspace" work on them, and iamMfaGuard.workspaceScan's background scan
  // puts the workspace's findings in the same Problems panel collection.
  const initializationOptions: GuardInitializationOptions = { clientCommands: [SHOW_REACHABLE_COMMAND], synchronized: true, hasSnippets: true, statusNotifications: true, pushDiagnostics: true };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: {
      configurationSection: SETTINGS_SECTION,
      fileEvents: vscode.workspace.createFileSystemWatcher('**/.iam-mfa-guard.json'),
    },
    outputChannel: output,
    initializationOptions,
  };
  const status = new StatusItem(DOCUMENT_SELECTOR);
  const languageClient = new LanguageClient('iamMfaGuard', 'IAM MFA Guard', serverOptions, clientOptions);
  client = languageClient;
  context.subscriptions.push(
    status,
    languageClient.onDidChangeState(({ newState }) => status.setServer(newState === State.Running ? 'running' : newState === State.Starting ? 'starting' : 'stopped')),
    languageClient.onNotification(STATUS_NOTIFICATION, (s: DocumentStatus) => status.update(s)),
    vscode.commands.registerCommand(SHOW_REACHABLE_COMMAND, (args?: ShowReachableArgs) => showReachable(args)),
    vscode.commands.registerCommand('iamMfaGuard.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('iamMfaGuard.restartServer', async () => {
      output.appendLine(`[${new Date().toISOString()}] Restarting the language server`);
      status.setServer('starting');
      await languageClient.restart();
    }),
    vscode.commands.registerCommand('iamMfaGuard.fixAll', () => fixAllInActiveFile()),
    vscode.commands.registerCommand('iamMfaGuard.lintWorkspace', () => lintWorkspace(client, output)),
  );
  try {
    await languageClient.start();
  } catch (error) {
    status.setServer('failed');
    output.appendLine(`The language server did not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    throw error;
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** The lens's lists in a quick pick, one section per request context. */
async function showReachable(args: ShowReachableArgs | undefined): Promise<void> {
  if (!args?.uri) {
    void vscode.window.showInformationMessage('IAM MFA Guard: click the summary above a policy\'s "Statement" to list what stays reachable without MFA.');
    return;
  }
  let lists = args;
  if (args.contexts.some((c) => c.truncated) && client) {
    const params: ReachableRequestParams = { uri: args.uri, policyIndex: args.policyIndex };
    const full = await client.sendRequest<ShowReachableArgs[]>(REACHABLE_REQUEST, params);
    if (full[0]) lists = full[0];
  }
  const items: vscode.QuickPickItem[] = [];
  for (const c of lists.contexts) {
    items.push({ label: `${c.title}: ${c.count.toLocaleString('en-US')} reachable`, kind: vscode.QuickPickItemKind.Separator });
    for (const action of c.actions) items.push({ label: action, description: c.context === 'access-key' ? 'access key' : 'session without MFA' });
  }
  await vscode.window.showQuickPick(items, { title: lists.summary, placeHolder: 'Actions still possible without MFA for a principal that also holds Allow *:*', matchOnDescription: true });
}
