// A role judged by its trust policy: can an AWS principal it trusts call sts:AssumeRole without
// MFA (with a long-term key, or from a session signed in without MFA)? Roles only services or
// federated identities may assume are not-applicable (MFA there is the identity provider's).
import { parse } from 'jsonc-parser';
import type { StatementNode } from '../model';
import { evaluatePolicy, evaluateStatement, parsePrincipalArn } from '../analysis/evaluate';
import type { PolicyText } from './model';

export type TrustVerdict = 'enforced' | 'console-only' | 'not-enforced' | 'not-applicable';

export interface TrustJudgement {
  readonly verdict: TrustVerdict;
  /** Who the trust policy lets in, e.g. "AWS arn:aws:iam::111122223333:root", "Service ec2.amazonaws.com". */
  readonly trusted: string[];
  /** The statements that decide it. */
  readonly deciding: { statement: StatementNode; role: 'allows-without-mfa' | 'stops-without-mfa' | 'requires-mfa' }[];
  readonly dependsOnKeys: string[];
  readonly note?: string;
}

const ASSUME = 'sts:AssumeRole';

export function judgeTrust(trust: PolicyText, roleArn: string): TrustJudgement {
  const trusted: string[] = [];
  const awsStatements: StatementNode[] = [];
  let onlyOthers = true;
  for (const s of trust.document.statements) {
    const principals = principalsOf(trust, s);
    for (const [type, values] of Object.entries(principals)) for (const v of values) trusted.push(`${type} ${v}`);
    if (s.effect?.value !== 'Allow') continue;
    const aws = principals.AWS ?? [];
    if (aws.length && evaluateStatement(s, { action: ASSUME, resource: '*', principalArn: 'arn:aws:iam::123456789012:root', context: 'mfa-session' }, trust.document).action !== 'no') {
      awsStatements.push(s);
      onlyOthers = false;
    }
  }
  if (onlyOthers) {
    const federated = trusted.some((t) => t.startsWith('Federated'));
    return { verdict: 'not-applicable', trusted, deciding: [], dependsOnKeys: [], note: federated ? 'only federated identities may assume it: MFA is up to the identity provider' : 'only AWS services may assume it' };
  }
  const account = parsePrincipalArn(roleArn).account;
  // Every AWS principal the trust names, as a caller; an account (or its root) stands for any of its users.
  const callers = new Set<string>();
  for (const s of awsStatements)
    for (const v of principalsOf(trust, s).AWS ?? []) {
      if (/^arn:[^:]*:(iam|sts)::\d{12}:(user|role|assumed-role)\//.test(v)) callers.add(v);
      else {
        const acct = /^\d{12}$/.test(v) ? v : /^arn:[^:]*:iam::(\d{12}):root$/.exec(v)?.[1] ?? account;
        callers.add(`arn:aws:iam::${acct}:user/caller`);
      }
    }
  const denies = trust.document.statements.filter((s) => s.effect?.value === 'Deny');
  const sub = { ...trust.document, statements: [...awsStatements, ...denies] };
  const open: Record<string, boolean> = {};
  const deciding: TrustJudgement['deciding'] = [];
  const dependsOnKeys = new Set<string>();
  for (const context of ['access-key', 'no-mfa-session'] as const) {
    open[context] = false;
    for (const caller of callers) {
      const ev = evaluatePolicy(sub, { action: ASSUME, resource: roleArn, principalArn: caller, context, knownKeys: { 'aws:viaawsservice': ['false'] } });
      ev.dependsOnKeys.forEach((k) => dependsOnKeys.add(k));
      const isOpen = ev.allow !== 'no' && ev.explicitDeny !== 'yes';
      if (isOpen) open[context] = true;
      if (isOpen) for (const a of ev.allowingStatements) if (!deciding.some((d) => d.statement === a.statement)) deciding.push({ statement: a.statement, role: 'allows-without-mfa' });
      if (ev.explicitDeny === 'yes') for (const d of ev.denyingStatements) if (!deciding.some((x) => x.statement === d.statement)) deciding.push({ statement: d.statement, role: 'stops-without-mfa' });
    }
  }
  const verdict: TrustVerdict = !open['access-key'] && !open['no-mfa-session'] ? 'enforced' : open['no-mfa-session'] ? 'not-enforced' : 'console-only';
  if (verdict === 'enforced') for (const s of awsStatements) if (!deciding.some((d) => d.statement === s)) deciding.push({ statement: s, role: 'requires-mfa' });
  return { verdict, trusted, deciding, dependsOnKeys: [...dependsOnKeys] };
}

/** The Principal element by type ("AWS", "Service", "Federated", "CanonicalUser"); "*" is AWS "*". */
function principalsOf(trust: PolicyText, s: StatementNode): Record<string, string[]> {
  if (!s.principal || s.principal.key !== 'Principal') return {};
  const written = trust.text.slice(s.principal.range.start, s.principal.range.end);
  let raw = parse(written) as unknown;
  if (raw === '*') return { AWS: ['*'] };
  const out: Record<string, string[]> = {};
  const known = ['AWS', 'Service', 'Federated', 'CanonicalUser'];
  // An empty object is what the tolerant parser makes of a text that is not JSON (HCL).
  if (raw && typeof raw === 'object' && (Object.keys(raw).length === 0 || !Object.keys(raw).every((k) => known.includes(k)))) raw = undefined;
  if (!raw || typeof raw !== 'object') {
    // Not JSON (a YAML template, HCL): tell the kinds apart by their values; a Terraform
    // `principals { type = "AWS" … }` block lists its type among them.
    for (const v of s.principal.values.map((x) => x.value)) {
      if (known.includes(v)) continue;
      const type = /^(cognito-identity\.amazonaws\.com|accounts\.google\.com|graph\.facebook\.com|www\.amazon\.com)$|:(saml|oidc)-provider\//.test(v) ? 'Federated' : /\.amazonaws\.com(\.cn)?$/.test(v) ? 'Service' : 'AWS';
      (out[type] ??= []).push(v);
    }
    // An AWS principal whose value Terraform computes (an account id from a data source): still an AWS principal.
    if (!out.AWS && (/(^|[\s{,])"?AWS"?\s*[:=]/.test(written) || /type\s*=\s*"AWS"/.test(written))) out.AWS = ['(computed by Terraform)'];
    return out;
  }
  if (raw && typeof raw === 'object') {
    for (const [type, v] of Object.entries(raw as Record<string, unknown>)) {
      const values = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
      if (values.length) out[type] = values;
    }
  }
  return out;
}
