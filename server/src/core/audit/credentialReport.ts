// The IAM credential report (`aws iam get-credential-report`): CSV, or that command's JSON
// output with the CSV base64-encoded in "Content", or the bare base64. Columns are found by
// name, so a report with extra or reordered columns still reads; missing ones are named.
import type { AuditProblem } from './model';

export interface UserCredentials {
  readonly user: string;
  readonly arn: string;
  readonly passwordEnabled?: boolean;
  readonly mfaActive?: boolean;
  /** Active access keys (0, 1 or 2). */
  readonly activeAccessKeys?: number;
  readonly passwordLastUsed?: string;
  readonly accessKeyLastUsed?: string;
}

export interface CredentialReport {
  readonly byArn: Map<string, UserCredentials>;
  readonly byUser: Map<string, UserCredentials>;
  readonly problems: AuditProblem[];
}

const REQUIRED = ['user', 'arn'];
const WANTED = ['password_enabled', 'mfa_active', 'access_key_1_active', 'access_key_2_active'];

export function readCredentialReport(raw: string, file: string): CredentialReport {
  const problems: AuditProblem[] = [];
  const report: CredentialReport = { byArn: new Map(), byUser: new Map(), problems };
  const text = decodeReport(raw.replace(/^\uFEFF/, ''));
  if (text === undefined) {
    problems.push({ message: `${file}: not a credential report (neither CSV, base64 CSV, nor get-credential-report JSON)` });
    return report;
  }
  const rows = parseCsv(text);
  const header = (rows.shift() ?? []).map((h) => h.trim().toLowerCase());
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length) {
    problems.push({ message: `${file}, line 1: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (found: ${header.slice(0, 8).join(', ') || 'nothing'}): not a credential report` });
    return report;
  }
  const absent = WANTED.filter((c) => !header.includes(c));
  if (absent.length) problems.push({ message: `${file}, line 1: no column ${absent.join(', ')}: that part of each user's credentials is unknown` });
  const col = (name: string) => header.indexOf(name);
  rows.forEach((row, i) => {
    if (row.length === 1 && row[0].trim() === '') return;
    const line = i + 2;
    if (row.length < header.length) {
      problems.push({ message: `${file}, line ${line}: ${row.length} fields, ${header.length} expected; the row is read as far as it goes` });
    }
    const get = (name: string): string | undefined => {
      const c = col(name);
      return c >= 0 && c < row.length ? row[c].trim() : undefined;
    };
    const bool = (name: string): boolean | undefined => {
      const v = get(name)?.toLowerCase();
      return v === 'true' ? true : v === 'false' ? false : undefined;
    };
    const user = get('user');
    const arn = get('arn');
    if (!user || !arn) {
      problems.push({ message: `${file}, line ${line}: no user or arn; skipped` });
      return;
    }
    const keys = [bool('access_key_1_active'), bool('access_key_2_active')];
    const entry: UserCredentials = {
      user,
      arn,
      // The root account's row says "not_supported" for its password.
      passwordEnabled: bool('password_enabled'),
      mfaActive: bool('mfa_active'),
      activeAccessKeys: keys.every((k) => k === undefined) ? undefined : keys.filter((k) => k).length,
      passwordLastUsed: get('password_last_used'),
      accessKeyLastUsed: [get('access_key_1_last_used_date'), get('access_key_2_last_used_date')].filter((d) => d && d !== 'N/A').sort().pop(),
    };
    report.byArn.set(arn, entry);
    report.byUser.set(user, entry);
  });
  return report;
}

function decodeReport(raw: string): string | undefined {
  const trimmed = raw.trim();
  if (trimmed.startsWith('{')) {
    try {
      const content = (JSON.parse(trimmed) as { Content?: unknown }).Content;
      return typeof content === 'string' ? decodeReport(content) : undefined;
    } catch {
      return undefined;
    }
  }
  if (trimmed.includes(',')) return raw;
  if (/^[A-Za-z0-9+/=\s]+$/.test(trimmed) && trimmed.length > 0) {
    const decoded = Buffer.from(trimmed, 'base64').toString('utf8');
    return decoded.includes(',') ? decoded : undefined;
  }
  return undefined;
}

/** RFC 4180: quoted fields with "" escapes and embedded line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
