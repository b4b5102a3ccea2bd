// What the language server and its VS Code client agree on beyond LSP itself. Imports
// nothing, so the client bundle stays small.

/** Section of the settings: iamMfaGuard.enable, .rules, .include, .exclude, .debounceMs. */
export const SETTINGS_SECTION = 'iamMfaGuard';

/** The code lens's command; its argument is a ShowReachableArgs. */
export const SHOW_REACHABLE_COMMAND = 'iamMfaGuard.showReachable';

/** Request for the full reachable lists of a document's policies (params: ReachableRequestParams). */
export const REACHABLE_REQUEST = 'iamMfaGuard/reachableActions';

/** initializationOptions our client sends. */
export interface GuardInitializationOptions {
  /** Commands the client implements itself; the server does not claim them in executeCommandProvider. */
  readonly clientCommands?: readonly string[];
  /** Settings for clients that cannot answer workspace/configuration. */
  readonly settings?: unknown;
  /**
   * The client already sends didChangeConfiguration for the section and watches
   * .iam-mfa-guard.json (vscode-languageclient's `synchronize`), so the server registers neither.
   */
  readonly synchronized?: boolean;
  /** The client has the product's snippets already (VS Code's contributed snippets): the server does not offer them again. */
  readonly hasSnippets?: boolean;
  /** The client shows a status item: the server sends STATUS_NOTIFICATION after each check. */
  readonly statusNotifications?: boolean;
  /**
   * Push diagnostics (textDocument/publishDiagnostics) even though the client could pull them:
   * our VS Code client, whose debounce, status item and "Lint the workspace" work on pushed
   * diagnostics (the workspace comes from the background scan, iamMfaGuard.workspaceScan).
   */
  readonly pushDiagnostics?: boolean;
}

export interface ReachableRequestParams {
  readonly uri: string;
  readonly policyIndex?: number;
}

export interface ReachableContextList {
  /** "access-key" or "no-mfa-session". */
  readonly context: string;
  /** "Long-term access key (CLI/SDK, no MFA)". */
  readonly title: string;
  readonly count: number;
  /** Action ids as AWS spells them, sorted (IAM first when truncated). */
  readonly actions: readonly string[];
  /** More actions are reachable than `actions` holds. */
  readonly truncated: boolean;
}

export interface ShowReachableArgs {
  readonly uri: string;
  readonly version: number;
  readonly policyIndex: number;
  /** The lens title. */
  readonly summary: string;
  readonly contexts: readonly ReachableContextList[];
}

/**
 * Server → client after each check of an open document, when the client asked for it
 * (initializationOptions.statusNotifications): what the status item shows.
 */
export const STATUS_NOTIFICATION = 'iamMfaGuard/status';

export interface DocumentStatus {
  readonly uri: string;
  readonly version: number;
  /** "policy" (checked), "not-policy", "excluded" (settings or .iam-mfa-guard.json), "disabled", "too-large". */
  readonly selection: string;
  /** IAM policies found in the document. */
  readonly policies: number;
  readonly counts: FindingCounts;
}

export interface FindingCounts {
  readonly error: number;
  readonly warning: number;
  readonly information: number;
  readonly hint: number;
}

/**
 * Client → server: check these files from disk and publish their diagnostics (the Problems
 * panel), open or not. Open documents keep the diagnostics of their editor text.
 */
export const LINT_FILES_REQUEST = 'iamMfaGuard/lintFiles';

export interface LintFilesParams {
  readonly uris: readonly string[];
}

export interface LintFilesResult {
  /** Files read and checked (open documents included, counted from their editor text). */
  readonly files: number;
  readonly withPolicies: number;
  readonly withProblems: number;
  readonly counts: FindingCounts;
  /** Files that could not be read, with why. */
  readonly unreadable: readonly { readonly uri: string; readonly reason: string }[];
}
