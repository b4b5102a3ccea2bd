// The IAM MFA Guard language server: capability negotiation and handler plumbing only; the
// answers come from the core's language service. Requiring this module starts nothing: start()
// does (lsp/main.ts when run as a program, or the CLI's `lsp` command). The transport (stdio,
// node IPC, socket, pipe) comes from the command line, as vscode-languageserver reads it —
// `node dist/server.js --stdio`, `iam-mfa-guard lsp --stdio`, or the VS Code client's IPC.
import {
  CodeAction,
  CodeActionParams,
  CodeLens,
  CodeLensRefreshRequest,
  CompletionItem,
  CompletionParams,
  Connection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  Disposable,
  ExecuteCommandParams,
  Hover,
  InitializeParams,
  InitializeResult,
  ProposedFeatures,
  TextDocumentPositionParams,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  ErrorCodes,
  ResponseError,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAME } from '../config/projectConfig';
import { packageInfo } from '../shared/packageInfo';
import {
  DocumentStatus,
  GuardInitializationOptions,
  LINT_FILES_REQUEST,
  LintFilesParams,
  LintFilesResult,
  REACHABLE_REQUEST,
  ReachableRequestParams,
  SHOW_REACHABLE_COMMAND,
  STATUS_NOTIFICATION,
  ShowReachableArgs,
} from '../shared/lspProtocol';
import { CODE_ACTION_KINDS, fixAllUri, provideCodeActions, resolveFixAll } from './codeActions';
import { provideCodeLenses, reachableArgs } from './codeLens';
import { terraformSiblings } from './terraformSiblings';
import { CompletionCapabilities, provideCompletion, provideHclCompletion, resolveCompletion } from './completionProvider';
import { DiagnosticsPublisher } from './diagnostics';
import { DocumentAnalyzer, DocumentState } from './documents';
import { provideHover } from './hoverProvider';
import { snippetCompletions } from './snippetCompletion';
import { Log, connectionLogger, errorText, guard } from './safe';
import { SECTION, SettingsStore } from './settings';
import { countFindings, WorkspaceLinter } from './workspaceLint';
import { DIAGNOSTIC_IDENTIFIER, PullDiagnostics } from './pullDiagnostics';
import { noteEditorActivity, OpenDocuments, WorkspaceFiles } from './workspaceFiles';
import { WorkspaceScan } from './workspaceScan';
import { createGuardedConnection } from './protocolGuard';

/** What the server and its parts share: one per connection. */
interface Server {
  readonly connection: Connection;
  readonly log: { info: Log; error: Log };
  readonly documents: TextDocuments<TextDocument>;
  readonly settings: SettingsStore;
  readonly analyzer: DocumentAnalyzer;
  readonly diagnostics: DiagnosticsPublisher;
  /** The workspace folders' files, for the background scan and workspace/diagnostic. */
  readonly files: WorkspaceFiles;
  readonly scan: WorkspaceScan;
  readonly pull: PullDiagnostics;
  /** What the client said it can do, set on initialize. */
  client: ClientFeatures;
  stateOf(uri: string): Promise<DocumentState | undefined>;
}

interface ClientFeatures {
  completion: CompletionCapabilities;
  offerSnippets: boolean;
  resolvesEdits: boolean;
  dynamicConfiguration: boolean;
  dynamicWatchers: boolean;
  workspaceFolderEvents: boolean;
  /** Our VS Code client's status item: STATUS_NOTIFICATION after each check. */
  statusNotifications: boolean;
  /** workspace/codeLens/refresh after each check of a policy. */
  codeLensRefresh: boolean;
  /** The client pulls diagnostics (LSP 3.17 textDocument/diagnostic and workspace/diagnostic); nothing is pushed for documents. */
  pullDiagnostics: boolean;
  /** workspace/diagnostic/refresh after a change of settings or project files. */
  diagnosticRefresh: boolean;
  /** A watcher for policy files can be registered (the background scan re-checks changed files). */
  policyFileWatchers: boolean;
}

export function startServer(connection: Connection): void {
  const log = connectionLogger(connection);
  const documents = new TextDocuments(TextDocument);
  const settings = new SettingsStore(connection, log.info);
  const analyzer = new DocumentAnalyzer(settings);
  const diagnostics = new DiagnosticsPublisher(connection, documents, analyzer, settings, log.error);
  const files = new WorkspaceFiles(analyzer, () => settings.generation);
  const caps = () => diagnostics.caps;
  const scanSetting = async (folder: string) => (await settings.forDocument(folder)).workspaceScan;
  const openDocuments = new OpenDocuments(documents);
  const scan = new WorkspaceScan(connection, openDocuments, files, scanSetting, caps, log);
  const pull = new PullDiagnostics(openDocuments, analyzer, files, caps, scanSetting, log);
  const server: Server = {
    connection,
    log,
    documents,
    settings,
    analyzer,
    diagnostics,
    files,
    scan,
    pull,
    client: {
      completion: { snippets: false },
      offerSnippets: true,
      resolvesEdits: false,
      dynamicConfiguration: false,
      dynamicWatchers: false,
      workspaceFolderEvents: false,
      statusNotifications: false,
      codeLensRefresh: false,
      pullDiagnostics: false,
      diagnosticRefresh: false,
      policyFileWatchers: false,
    },
    stateOf: async (uri) => {
      noteEditorActivity();
      const document = documents.get(uri);
      return document ? analyzer.analyze(document) : undefined;
    },
  };
  connection.onInitialize((params) => {
    // Malformed params get an error answer, never an exception from deep in the handler.
    if (!params || typeof params !== 'object' || !params.capabilities || typeof params.capabilities !== 'object') {
      throw new ResponseError(ErrorCodes.InvalidParams, 'initialize: params must be an object with "capabilities".');
    }
    try {
      return initialize(server, params);
    } catch (error) {
      throw new ResponseError(ErrorCodes.InvalidParams, `initialize: malformed params (${(error as Error)?.message ?? String(error)}).`);
    }
  });
  handleConfigurationChanges(server);
  handleDocumentSync(server);
  handleLanguageFeatures(server);
  handleEditorIntegration(server);
  handleWorkspaceDiagnostics(server);

  // The last line of defence: log and keep serving.
  process.on('uncaughtException', (error) => log.error(`[uncaught] ${errorText(error)}`));
  process.on('unhandledRejection', (error) => log.error(`[unhandled rejection] ${errorText(error)}`));

  documents.listen(connection);
  connection.listen();
}

/** Reads the client's capabilities and options; answers with ours. */
function initialize(server: Server, params: InitializeParams): InitializeResult {
  const { settings, diagnostics, analyzer, files } = server;
  const caps = params.capabilities;
  const raw: unknown = params.initializationOptions;
  const options = (raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as GuardInitializationOptions;
  settings.usePull(caps.workspace?.configuration === true);
  // Our own client sends { settings }; Helix and others send their whole config, { iamMfaGuard: … }.
  if (options.settings !== undefined) settings.setPushed(options.settings);
  else if (SECTION in options) settings.setPushed(options);
  server.client.dynamicConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true && !options.synchronized;
  server.client.dynamicWatchers = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true && !options.synchronized;
  server.client.workspaceFolderEvents = caps.workspace?.workspaceFolders === true;
  const publish = caps.textDocument?.publishDiagnostics;
  diagnostics.caps = { relatedInformation: publish?.relatedInformation === true, codeDescription: publish?.codeDescriptionSupport === true, tags: (publish?.tagSupport?.valueSet?.length ?? 0) > 0 };
  server.client.completion = { snippets: caps.textDocument?.completion?.completionItem?.snippetSupport === true };
  server.client.offerSnippets = options.hasSnippets !== true;
  server.client.resolvesEdits = caps.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true;
  server.client.statusNotifications = options.statusNotifications === true;
  server.client.codeLensRefresh = caps.workspace?.codeLens?.refreshSupport === true;
  server.client.pullDiagnostics = caps.textDocument?.diagnostic !== undefined && caps.textDocument?.diagnostic !== null && options.pushDiagnostics !== true;
  server.client.diagnosticRefresh = caps.workspace?.diagnostics?.refreshSupport === true;
  server.client.policyFileWatchers = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  diagnostics.pull = server.client.pullDiagnostics;
  const folders = (Array.isArray(params.workspaceFolders) ? params.workspaceFolders.map((f) => f?.uri).filter((u): u is string => typeof u === 'string') : undefined) ?? (typeof params.rootUri === 'string' ? [params.rootUri] : []);
  analyzer.setWorkspaceFolders(folders);
  files.setFolders(folders);
  const clientCommands = new Set(options.clientCommands ?? []);
  const serverCommands = [SHOW_REACHABLE_COMMAND].filter((c) => !clientCommands.has(c));
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['"', ':'], resolveProvider: true },
      codeLensProvider: { resolveProvider: false },
      codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS, resolveProvider: true },
      ...(serverCommands.length ? { executeCommandProvider: { commands: serverCommands } } : {}),
      ...(server.client.pullDiagnostics ? { diagnosticProvider: { identifier: DIAGNOSTIC_IDENTIFIER, interFileDependencies: false, workspaceDiagnostics: true } } : {}),
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'iam-mfa-guard', version: packageInfo().version },
  };
}

/** Settings, project files and workspace folders: every change re-checks the open documents (and the workspace, when scanned). */
function handleConfigurationChanges(server: Server): void {
  const { connection, log, settings, analyzer, files } = server;
  connection.onInitialized(
    guard(log.error, 'initialized', undefined, async () => {
      log.info(`IAM MFA Guard ${packageInfo().version} language server started (node ${process.version}, pid ${process.pid})`);
      if (server.client.dynamicConfiguration) await connection.client.register(DidChangeConfigurationNotification.type, { section: SECTION });
      if (server.client.dynamicWatchers) await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${CONFIG_FILE_NAME}` }] });
      restartScan(server);
      if (!server.client.workspaceFolderEvents) return;
      connection.workspace.onDidChangeWorkspaceFolders(
        guard(log.error, 'workspaceFolders', undefined, async () => {
          const folders = ((await connection.workspace.getWorkspaceFolders()) ?? []).map((f) => f.uri);
          analyzer.setWorkspaceFolders(folders);
          files.setFolders(folders);
          everythingStale(server);
        }),
      );
    }),
  );

  connection.onDidChangeConfiguration(
    guard(log.error, 'didChangeConfiguration', undefined, (change) => {
      // VS Code sends null settings and expects a pull; other clients push the value.
      settings.changed(change?.settings ?? undefined);
      everythingStale(server);
    }),
  );

  connection.onDidChangeWatchedFiles(
    guard(log.error, 'didChangeWatchedFiles', undefined, (change) => {
      const changes = Array.isArray(change?.changes) ? change.changes.filter((c) => c && typeof c.uri === 'string') : [];
      if (changes.some((c) => c.uri.endsWith(CONFIG_FILE_NAME))) {
        everythingStale(server);
        return;
      }
      // A policy file changed on disk: the scan checks that one again (a pulling client pulls again itself).
      if (server.client.pullDiagnostics) return;
      for (const c of changes) server.scan.fileChanged(c.uri, c.type).catch((error: unknown) => log.error(`[workspaceScan] ${errorText(error)}`));
    }),
  );
}

/** Every cached result is stale: open documents are checked again, and the workspace scanned again. */
function everythingStale(server: Server): void {
  server.analyzer.invalidate();
  server.diagnostics.revalidateAll();
  restartScan(server);
}

/** The background scan is for clients that take pushed diagnostics; a pulling client asks workspace/diagnostic. */
function restartScan(server: Server): void {
  if (server.client.pullDiagnostics) return;
  server.scan.restart().catch((error: unknown) => server.log.error(`[workspaceScan] ${errorText(error)}`));
}

function handleDocumentSync(server: Server): void {
  const { documents, analyzer, settings, diagnostics, log } = server;
  // TextDocuments fires onDidChangeContent right after onDidOpen: the open is validated at
  // once, so that first change event is skipped; later ones are debounced.
  const justOpened = new Set<string>();
  documents.onDidOpen((e) =>
    safely(() => {
      noteEditorActivity();
      justOpened.add(e.document.uri);
      diagnostics.opened(e.document);
    }),
  );
  documents.onDidChangeContent((e) =>
    safely(() => {
      noteEditorActivity();
      if (justOpened.delete(e.document.uri)) return;
      diagnostics.changed(e.document);
    }),
  );
  documents.onDidClose((e) =>
    safely(() => {
      justOpened.delete(e.document.uri);
      analyzer.forget(e.document.uri);
      settings.forget(e.document.uri);
      diagnostics.closed(e.document.uri);
    }),
  );

  function safely(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      log.error(`[documents] ${errorText(error)}`);
    }
  }
}

/** Hover, completion, code actions, code lenses and the reachable-actions request: each a translation of the core's answer. */
function handleLanguageFeatures(server: Server): void {
  const { connection, log, stateOf, documents } = server;
  connection.onHover(
    guard(log.error, 'hover', null, async (params: TextDocumentPositionParams): Promise<Hover | null> => {
      const state = await stateOf(params.textDocument.uri);
      return state ? provideHover(state, state.lines.offsetAt(params.position)) : null;
    }),
  );

  connection.onCompletion(
    guard(log.error, 'completion', [] as CompletionItem[], async (params: CompletionParams): Promise<CompletionItem[]> => {
      const state = await stateOf(params.textDocument.uri);
      if (!state || state.selection === 'disabled' || state.selection === 'excluded' || state.selection === 'too-large' || state.format === 'yaml') return [];
      const offset = state.lines.offsetAt(params.position);
      if (state.format === 'hcl') return state.selection === 'policy' ? provideHclCompletion(state.text, offset, state.lines, server.client.completion) : [];
      const items = provideCompletion(state.text, offset, state.lines, server.client.completion, state.selection === 'policy');
      return server.client.offerSnippets ? [...items, ...snippetCompletions(state.text, offset, state.lines, server.client.completion)] : items;
    }),
  );
  connection.onCompletionResolve((item: CompletionItem) => {
    try {
      return resolveCompletion(item);
    } catch (error) {
      log.error(`[completionResolve] ${errorText(error)}`);
      return item;
    }
  });

  connection.onCodeAction(
    guard(log.error, 'codeAction', [] as CodeAction[], async (params: CodeActionParams) => {
      const state = await stateOf(params.textDocument.uri);
      // Only for the version the diagnostics were made from: a stale request gets nothing.
      return state ? provideCodeActions(state, params, server.client.resolvesEdits) : [];
    }),
  );

  connection.onCodeActionResolve(async (action: CodeAction) => {
    try {
      const uri = fixAllUri(action);
      return resolveFixAll(uri ? await stateOf(uri) : undefined, action);
    } catch (error) {
      log.error(`[codeAction/resolve] ${errorText(error)}`);
      return action; // unresolved: the editor applies nothing
    }
  });

  connection.onCodeLens(
    guard(log.error, 'codeLens', [] as CodeLens[], async (params) => {
      const state = await stateOf(params.textDocument.uri);
      return state ? provideCodeLenses(state, (uri) => terraformSiblings(uri, (u) => documents.get(u)?.getText())) : [];
    }),
  );

  const reachable = async (params: ReachableRequestParams): Promise<ShowReachableArgs[]> => {
    const state = await stateOf(params.uri);
    return state ? reachableArgs(state, params.policyIndex) : [];
  };
  connection.onRequest(REACHABLE_REQUEST, guard(log.error, REACHABLE_REQUEST, [] as ShowReachableArgs[], reachable));

  connection.onExecuteCommand(
    guard(log.error, 'executeCommand', null, async (params: ExecuteCommandParams) => {
      if (params.command !== SHOW_REACHABLE_COMMAND) return null;
      const arg = (params.arguments?.[0] ?? {}) as Partial<ShowReachableArgs>;
      if (typeof arg.uri !== 'string') return null;
      // The lens carried at most LENS_LIST_LIMIT actions; answer with the full lists.
      const full = await reachable({ uri: arg.uri, policyIndex: arg.policyIndex });
      return full[0] ?? null;
    }),
  );
}

/**
 * What the VS Code client adds beyond LSP's features: its status item's figures after every
 * check, code lenses asked for again after every check of a policy (VS Code keeps showing its
 * lenses until told, so a lens could show an older text's summary), and "Lint the workspace".
 */
function handleEditorIntegration(server: Server): void {
  const { connection, log, documents, analyzer, diagnostics } = server;
  const workspaceLinter = new WorkspaceLinter(connection, documents, analyzer, () => diagnostics.caps);
  const withLenses = new Set<string>();
  let refreshQueued = false;
  diagnostics.onChecked = (state) => {
    if (server.client.statusNotifications) {
      const status: DocumentStatus = { uri: state.uri, version: state.version, selection: state.selection, policies: state.result?.parsed.policies.length ?? 0, counts: countFindings(state) };
      void connection.sendNotification(STATUS_NOTIFICATION, status);
    }
    const hasLenses = state.selection === 'policy' && (state.result?.analyses.some((a) => a.mentionsMfa) ?? false);
    if (!server.client.codeLensRefresh || (!hasLenses && !withLenses.has(state.uri))) return;
    if (hasLenses) withLenses.add(state.uri);
    else withLenses.delete(state.uri);
    if (refreshQueued) return;
    refreshQueued = true;
    setImmediate(() => {
      refreshQueued = false;
      connection.sendRequest(CodeLensRefreshRequest.type).catch((error: unknown) => log.error(`[codeLens/refresh] ${errorText(error)}`));
    });
  };

  documents.onDidClose((e) => {
    withLenses.delete(e.document.uri);
    // a file linted from disk gets its disk diagnostics back once its editor closes
    workspaceLinter.closed(e.document.uri).catch((error: unknown) => log.error(`[workspaceLint] ${errorText(error)}`));
    if (!server.client.pullDiagnostics) server.scan.closed(e.document.uri).catch((error: unknown) => log.error(`[workspaceScan] ${errorText(error)}`));
  });

  const noFiles: LintFilesResult = { files: 0, withPolicies: 0, withProblems: 0, counts: { error: 0, warning: 0, information: 0, hint: 0 }, unreadable: [] };
  connection.onRequest(
    LINT_FILES_REQUEST,
    guard(log.error, LINT_FILES_REQUEST, noFiles, async (params: LintFilesParams) => {
      const started = Date.now();
      const result = await workspaceLinter.lintFiles(params);
      const c = result.counts;
      log.info(
        `Linted ${result.files} files from the workspace in ${Date.now() - started} ms: ${result.withPolicies} with IAM policies, ` +
          `${c.error} errors, ${c.warning} warnings, ${c.information} info, ${c.hint} hints${result.unreadable.length ? `; ${result.unreadable.length} could not be read` : ''}`,
      );
      for (const u of result.unreadable) log.info(`  not read: ${u.uri}: ${u.reason}`);
      return result;
    }),
  );
}

/**
 * LSP 3.17 pull diagnostics (textDocument/diagnostic, workspace/diagnostic) for clients that pull,
 * and the watcher for policy files the background scan needs for clients that do not.
 */
function handleWorkspaceDiagnostics(server: Server): void {
  const { connection, log, pull, scan, diagnostics } = server;
  connection.languages.diagnostics.on(async (params) => {
    noteEditorActivity();
    try {
      return await pull.document(params);
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      log.error(`[textDocument/diagnostic] ${errorText(error)}`);
      throw new ResponseError(ErrorCodes.InternalError, `textDocument/diagnostic failed: ${errorText(error).split('\n')[0]}`);
    }
  });
  connection.languages.diagnostics.onWorkspace(async (params, token, workDone, partial) => {
    try {
      return await pull.workspace(params, token, workDone, partial);
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      log.error(`[workspace/diagnostic] ${errorText(error)}`);
      throw new ResponseError(ErrorCodes.InternalError, `workspace/diagnostic failed: ${errorText(error).split('\n')[0]}`);
    }
  });
  pull.onChecked = (state) => diagnostics.onChecked?.(state, true);
  diagnostics.refresh = () => {
    if (server.client.diagnosticRefresh) connection.languages.diagnostics.refresh();
  };
  // Once a folder is scanned, changed policy files are watched (registered once, dropped when no folder is scanned any more).
  let watcher: Promise<Disposable> | undefined;
  scan.onEnabled = () => {
    if (watcher || !server.client.policyFileWatchers) return;
    watcher = connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: POLICY_FILES_GLOB }] });
    watcher.catch((error: unknown) => {
      log.error(`[workspaceScan] could not watch policy files: ${errorText(error)}`);
      watcher = undefined;
    });
  };
  scan.onDisabled = () => {
    const registered = watcher;
    watcher = undefined;
    registered?.then((d) => d.dispose()).catch(() => undefined);
  };
}

/** The files a folder walk checks (shared/formats.ts isLintedFileName), as a watcher glob. */
const POLICY_FILES_GLOB = '**/*.{json,jsonc,yaml,yml,template,tf}';

let started: Connection | undefined;

/** Starts the server once per process: lsp/main.ts (the bundle's entry) and the CLI's `lsp` command call it. */
export function start(): Connection {
  if (!started) {
    // Over stdio and IPC, a connection that exits on a broken stream and refuses requests after
    // shutdown; sockets and pipes as vscode-languageserver reads the command line.
    const transport = process.argv.includes('--stdio') ? 'stdio' : process.argv.includes('--node-ipc') ? 'node-ipc' : undefined;
    started = transport ? createGuardedConnection(transport) : createConnection(ProposedFeatures.all);
    startServer(started);
  }
  return started;
}

