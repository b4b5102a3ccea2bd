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
