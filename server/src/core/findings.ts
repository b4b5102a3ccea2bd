// What the rules report. The LSP and CLI adapters only translate these.
import type { TextRange } from './model';

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';

export const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

/**
 * Every word accepted for a severity, in settings, on the command line (`--severity`,
 * `--rule X=…`) and in .iam-mfa-guard.json alike: the LSP names plus the spellings users bring
 * from other linters (`warn`, `info`, `none`).
 */
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

/** The words as messages list them. */
export const SEVERITY_SETTING_LIST = 'error, warning, information, hint, off';

/** A severity or "off" from any accepted spelling (case-insensitive); undefined if it is none. */
export function parseSeveritySetting(word: unknown): SeveritySetting | undefined {
  if (typeof word !== 'string') return undefined;
  const key = word.toLowerCase();
  return Object.prototype.hasOwnProperty.call(SEVERITY_WORDS, key) ? SEVERITY_WORDS[key] : undefined;
}

/** A severity (not "off") from any accepted spelling. */
export function parseSeverity(word: unknown): Severity | undefined {
  const setting = parseSeveritySetting(word);
  return setting === 'off' ? undefined : setting;
}

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
