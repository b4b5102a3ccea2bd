// What the rules report. The LSP and CLI adapters only translate these.
import type { TextRange } from './model';

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';

export const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

/**
 * A severity as users write it in settings, .iam-mfa-guard.json and on the command line:
 * case-insensitive, with the spellings other linters use (`warn`, `info`, `none`).
 */
export function parseSeveritySetting(word: string): SeveritySetting | undefined {
  return SEVERITY_WORDS[word.trim().toLowerCase()];
}

const SEVERITY_WORDS: Readonly<Record<string, SeveritySetting>> = {
  error: 'error',
  warning: 'warning',
  warn: 'warning',
  information: 'information',
  info: 'information',
  hint: 'hint',
  off: 'off',
  none: 'off',
};

/** How the accepted words are listed in messages. */
export const SEVERITY_SETTING_WORDS = 'one of error, warning (warn), information (info), hint, off';

/** true when `a` is at least as severe as `b`. */
export function atLeast(a: Severity, b: Severity): boolean {
  return SEVERITY_ORDER.indexOf(a) <= SEVERITY_ORDER.indexOf(b);
}

export interface RelatedLocation {
  readonly range: TextRange;
  readonly message: string;
}

export interface Finding {
  /** Stable id: MFA001–MFA015, IAM001–IAM013. */
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  readonly range: TextRange;
  /** Index of the policy in the document (several may be found in one file). */
  readonly policyIndex?: number;
  readonly statementIndex?: number;
  readonly related?: readonly RelatedLocation[];
  /** Tags an editor shows: "unnecessary" fades the text. */
  readonly tags?: readonly 'unnecessary'[];
  /** Structured facts a quick-fix or a hover needs; never parse the message for these. */
  readonly data?: Readonly<Record<string, unknown>>;
}
