// The request contexts of RULES.md §2. `mfa-stale` is the MFA session long after sign-in;
// it tells a session cap (`NumericGreaterThan aws:MultiFactorAuthAge`) from a deny that
// applies only with MFA.

export type ContextId = 'access-key' | 'no-mfa-session' | 'mfa-session' | 'mfa-stale';

export interface RequestContext {
  readonly id: ContextId;
  /** aws:MultiFactorAuthPresent; undefined = absent from the request. */
  readonly mfaPresent?: 'true' | 'false';
  /** aws:MultiFactorAuthAge in seconds; undefined = absent. */
  readonly mfaAge?: number;
  /** For messages: "long-term access keys". */
  readonly label: string;
  /** For tables and lists: "Long-term access key (CLI/SDK, no MFA)". */
  readonly title: string;
  /** After a verb: "reachable with a long-term access key". */
  readonly where: string;
}

// Every word for a request context lives here: messages, hovers, the lens and the CLI use these.
export const CONTEXTS: Record<ContextId, RequestContext> = {
  'access-key': { id: 'access-key', label: 'long-term access keys (CLI/SDK)', title: 'Long-term access key (CLI/SDK, no MFA)', where: 'with a long-term access key' },
  'no-mfa-session': { id: 'no-mfa-session', mfaPresent: 'false', label: 'sessions signed in without MFA', title: 'Session without MFA', where: 'in a session without MFA' },
  'mfa-session': { id: 'mfa-session', mfaPresent: 'true', mfaAge: 0, label: 'MFA-authenticated sessions', title: 'MFA session', where: 'in an MFA session' },
  'mfa-stale': { id: 'mfa-stale', mfaPresent: 'true', mfaAge: 10 ** 9, label: 'MFA sessions long after sign-in', title: 'MFA session, hours after the MFA sign-in', where: 'in an MFA session long after sign-in' },
};

/** "Long-term access key (CLI/SDK, no MFA)", … by context. */
export const CONTEXT_TITLES: Readonly<Record<ContextId, string>> = {
  'access-key': CONTEXTS['access-key'].title,
  'no-mfa-session': CONTEXTS['no-mfa-session'].title,
  'mfa-session': CONTEXTS['mfa-session'].title,
  'mfa-stale': CONTEXTS['mfa-stale'].title,
};

/** The two contexts a force-MFA policy must close. */
export const NO_MFA_CONTEXTS: readonly ContextId[] = ['access-key', 'no-mfa-session'];
export const ALL_CONTEXTS: readonly ContextId[] = ['access-key', 'no-mfa-session', 'mfa-session', 'mfa-stale'];

export function describeContexts(ids: readonly ContextId[]): string {
  const labels = ids.map((id) => CONTEXTS[id].label);
  return labels.length <= 1 ? labels.join('') : labels.slice(0, -1).join(', ') + ' and ' + labels[labels.length - 1];
}
