// AWS managed policies the audit knows without an export carrying them (templates reference
// them by ARN). An account export's own Policies list wins over these.
import { parseDocument } from '../parse/parseDocument';
import type { ManagedPolicy } from './model';
import AdministratorAccess from './managed/AdministratorAccess.json';
import IAMFullAccess from './managed/IAMFullAccess.json';
import IAMReadOnlyAccess from './managed/IAMReadOnlyAccess.json';
import IAMUserChangePassword from './managed/IAMUserChangePassword.json';
import PowerUserAccess from './managed/PowerUserAccess.json';
import ReadOnlyAccess from './managed/ReadOnlyAccess.json';
import SecurityAudit from './managed/SecurityAudit.json';
import ViewOnlyAccess from './managed/ViewOnlyAccess.json';

const BUNDLED: Record<string, unknown> = {
  'arn:aws:iam::aws:policy/AdministratorAccess': AdministratorAccess,
  'arn:aws:iam::aws:policy/PowerUserAccess': PowerUserAccess,
  'arn:aws:iam::aws:policy/IAMFullAccess': IAMFullAccess,
  'arn:aws:iam::aws:policy/ReadOnlyAccess': ReadOnlyAccess,
  'arn:aws:iam::aws:policy/IAMReadOnlyAccess': IAMReadOnlyAccess,
  'arn:aws:iam::aws:policy/IAMUserChangePassword': IAMUserChangePassword,
  'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess': ViewOnlyAccess,
  'arn:aws:iam::aws:policy/SecurityAudit': SecurityAudit,
};

const cache = new Map<string, ManagedPolicy>();

/** "arn:aws-us-gov:iam::aws:policy/X" and "arn:${AWS::Partition}…" name the same policy as "arn:aws:…". */
export function canonicalAwsManagedArn(arn: string): string {
  return arn.replace(/^arn:[^:]*:iam::aws:policy\//, 'arn:aws:iam::aws:policy/');
}

export function isAwsManagedArn(arn: string): boolean {
  return /^arn:[^:]*:iam::aws:policy\//.test(arn);
}

export function bundledManagedPolicy(arn: string): ManagedPolicy | undefined {
  const key = canonicalAwsManagedArn(arn);
  const doc = BUNDLED[key];
  if (!doc) return undefined;
  let policy = cache.get(key);
  if (!policy) {
    const text = JSON.stringify(doc, null, 2);
    const document = parseDocument(text, { streaming: false }).policies[0];
    policy = { arn: key, name: key.split('/').pop()!, policy: { document, text } };
    cache.set(key, policy);
  }
  return policy;
}

export const BUNDLED_MANAGED_ARNS = Object.keys(BUNDLED);
