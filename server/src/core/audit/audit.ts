// Who can act without MFA: every user and role of a principal graph, with the policies that
// apply to it, one verdict, what stays reachable without MFA, the statements that decide it,
// and the credentials that make it a real exposure.
import { ActionBits } from './actionBits';
import { parseDocument } from '../parse/parseDocument';
import type { PolicyDocumentNode, StatementNode, TextRange } from '../model';
import type { CredentialReport, UserCredentials } from './credentialReport';
import { dangerTier } from './danger';
import { bundledManagedPolicy, isAwsManagedArn } from './managedPolicies';
import type { AuditProblem, InlinePolicy, PolicyKind, PolicyText, PrincipalGraph, RoleNode, SourceLocation, UserNode } from './model';
import { AppliedPolicy, evaluatePrincipal, newEvaluationCache, PolicyLayer, PrincipalEvaluation, PrincipalFacts } from './principalEvaluation';
import type { ServiceControlPolicy } from './scp';
import { judgeTrust, TrustJudgement } from './trustVerdict';

export type Verdict = 'no-access' | 'enforced' | 'console-only' | 'partial' | 'not-enforced' | 'not-applicable';

export const VERDICTS: readonly Verdict[] = ['not-enforced', 'partial', 'console-only', 'enforced', 'no-access', 'not-applicable'];

export interface DecidingStatementReport {
  readonly sid?: string;
  /** Position in the policy's Statement array. */
  readonly index: number;
  readonly effect: string;
  readonly role: 'allows-without-mfa' | 'stops-without-mfa' | 'requires-mfa';
  /** Where the statement is written, when the document is part of the source text. */
  readonly location?: SourceLocation;
}

export interface PolicyReport {
  readonly name: string;
  readonly kind: PolicyKind;
  readonly arn?: string;
  /** The group it comes through. */
  readonly via?: string;
  /** Not in the export nor bundled: counted as Allow * (worst case). */
  readonly unknown?: boolean;
  readonly problem?: string;
  readonly deciding: DecidingStatementReport[];
  readonly location?: SourceLocation;
}

export interface CredentialsReport {
  readonly known: boolean;
  /** Set when the credentials come from the template that defines the user (not a credential report). */
  readonly source?: 'template';
  readonly mfaDevice?: boolean;
  readonly consolePassword?: boolean;
  readonly activeAccessKeys?: number;
  readonly passwordLastUsed?: string;
  readonly accessKeyLastUsed?: string;
}

export type ExposureLevel = 'critical' | 'high' | 'medium' | 'low' | 'none';

export interface PrincipalReport {
  readonly arn: string;
  readonly type: 'user' | 'role';
  readonly name: string;
  readonly verdict: Verdict;
  readonly reachableWithoutMfa: {
    readonly dangerous: string[];
    readonly count: number;
    readonly accessKey: number;
    readonly noMfaSession: number;
  };
  /** Sensitive actions an MFA session may perform. */
  readonly withMfaCount: number;
  readonly policies: PolicyReport[];
  readonly credentials: CredentialsReport;
  readonly exposure: { readonly level: ExposureLevel; readonly score: number; readonly summary: string };
  readonly groups?: string[];
  readonly trust?: { readonly trusted: string[]; readonly deciding: DecidingStatementReport[]; readonly note?: string };
  readonly dependsOnKeys: string[];
  readonly notes: string[];
  readonly location?: SourceLocation;
}

export interface AuditResult {
  readonly principals: PrincipalReport[];
  readonly problems: AuditProblem[];
  readonly counts: Record<Verdict, number>;
  /** Distinct policy sets evaluated (principals sharing one are evaluated once). */
  readonly evaluations: number;
}

export interface AuditOptions {
  readonly credentials?: CredentialReport;
  readonly scps?: readonly ServiceControlPolicy[];
  /** How many dangerous actions to name per principal. */
  readonly dangerousLimit?: number;
  /**
   * false: every principal is evaluated by itself, under its own ARN, with nothing shared
   * between principals or contexts. Slow; the straightforward audit the shared one is tested
   * against (test/unit/auditSharing.test.ts). Default true.
   */
  readonly shareEvaluations?: boolean;
}

const ALLOW_ALL_TEXT = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
let allowAll: PolicyText | undefined;
function allowAllPolicy(): PolicyText {
  return (allowAll ??= { document: parseDocument(ALLOW_ALL_TEXT).policies[0], text: ALLOW_ALL_TEXT });
}

/**
 * A policy with statements computed at deploy time (Fn::If, `Statement = var.x`, a computed
 * Effect) is applied with an Allow * beside it, in its layer: what they hold may grant anything
 * (the worst case, as for a policy that is not in the input).
 */
function withUnknownStatements(applied: AppliedPolicy): AppliedPolicy[] {
  if (!applied.policy.document.unknownStatements) return [applied];
  return [applied, { id: `${applied.id}#statements-computed-at-deploy-time`, layer: applied.layer, policy: allowAllPolicy() }];
}

/** The note a principal's report carries for each such policy. */
function unknownStatementsNote(r: Resolved): string | undefined {
  const count = r.applied?.policy.document.unknownStatements?.length;
  return count ? `${r.report.name}: ${count === 1 ? 'a statement' : `${count} statements`} computed at deploy time counted as Allow * (worst case)` : undefined;
}

interface Resolved {
  readonly report: Omit<PolicyReport, 'deciding'>;
  readonly applied?: AppliedPolicy;
}

export function auditGraph(graph: PrincipalGraph, options: AuditOptions = {}): AuditResult {
  const problems = [...graph.problems, ...(options.credentials?.problems ?? [])];
  const cache = new Map<string, PrincipalEvaluation>();
  const share = options.shareEvaluations !== false;
  const shared = newEvaluationCache();
  const limit = options.dangerousLimit ?? 10;
  const scps: Resolved[] = (options.scps ?? []).map((s, i) => ({
    report: { name: s.name, kind: 'scp', location: s.policy.location },
    applied: { id: `scp#${i}:${s.name}`, layer: 'scp', policy: s.policy },
  }));
  const principalSpecific = new Map<string, boolean>();
  // Roles share trust policies (read once: the same document object): judged once per account,
  // or per role when a statement names a Resource (then the role's ARN is the request's resource).
  const trustJudgements = new WeakMap<PolicyDocumentNode, Map<string, TrustJudgement>>();
  const judgeTrustOnce = (trust: PolicyText, roleArn: string): TrustJudgement => {
    let byRole = trustJudgements.get(trust.document);
    if (!byRole) trustJudgements.set(trust.document, (byRole = new Map()));
    const key = trust.document.statements.some((s) => s.resource || s.notResource) ? roleArn : roleArn.split(':')[4] ?? '';
    let judgement = byRole.get(key);
    if (!judgement) byRole.set(key, (judgement = judgeTrust(trust, roleArn)));
    return judgement;
  };

  const resolveManaged = (arn: string, layer: PolicyLayer, via?: string): Resolved => {
    const managed = graph.policies.get(arn) ?? (isAwsManagedArn(arn) ? bundledManagedPolicy(arn) : undefined);
    const kind: PolicyKind = layer === 'boundary' ? 'boundary' : isAwsManagedArn(arn) ? 'aws-managed' : 'managed';
    const name = managed?.name ?? arn.split('/').pop() ?? arn;
    if (!managed?.policy) {
      if (layer === 'boundary') {
        // An unknown boundary limits nothing we can see: the identity policies decide.
        return { report: { name, kind, arn, via, unknown: true, problem: managed?.problem ?? 'boundary document not available: not applied' } };
      }
      return {
        report: { name, kind, arn, via, unknown: true, problem: managed?.problem ?? `${isAwsManagedArn(arn) ? 'AWS managed policy not bundled' : 'policy not found in the input'}: counted as Allow * (worst case)`, location: managed?.location },
        applied: { id: `unknown:${arn}`, layer, policy: allowAllPolicy() },
      };
    }
    return { report: { name, kind, arn, via, location: managed.location ?? managed.policy.location }, applied: { id: arn, layer, policy: managed.policy } };
  };
  const resolveInline = (owner: string, p: InlinePolicy, via?: string): Resolved => ({
    report: { name: p.name, kind: 'inline', via, problem: p.problem, location: p.location ?? p.policy?.location },
    applied: p.policy ? { id: `${owner}#${p.name}`, layer: 'identity', policy: p.policy } : undefined,
  });

  const evaluate = (resolved: readonly Resolved[], facts: PrincipalFacts, path: string) => {
    const applied = resolved.flatMap((r) => (r.applied ? withUnknownStatements(r.applied) : []));
    const specific = applied.some((a) => {
      let v = principalSpecific.get(a.id);
      if (v === undefined) {
        v = /:(user|role)\/(?!\$\{)[^"*]|aws:username|aws:userid|aws:principalarn|aws:principalaccount/i.test(a.policy.text);
        principalSpecific.set(a.id, v);
      }
      return v;
    });
    const shareKey = specific || !share ? facts.arn : `${facts.arn.split(':')[4] ?? ''}:${path}`;
    const key = JSON.stringify([applied.map((a) => a.layer + ':' + a.id).sort(), facts.knownKeys, shareKey]);
    let ev = share ? cache.get(key) : undefined;
    if (!ev) {
      // The source lists every tag of the principal: a principal tag it does not list is absent.
      const absentKeys = [...new Set(applied.flatMap((a) => principalTagKeys(a)))].filter((k) => !(k in facts.knownKeys));
      ev = evaluatePrincipal(applied, { ...facts, absentKeys, shareKey }, share ? shared : newEvaluationCache(false));
      cache.set(key, ev);
    }
    return { ev, applied };
  };

  const principals: PrincipalReport[] = [];
  for (const user of graph.users) principals.push(auditUser(user));
  for (const role of graph.roles) principals.push(auditRole(role));

  function auditUser(user: UserNode): PrincipalReport {
    const notes: string[] = [];
    const resolved: Resolved[] = [];
    for (const p of user.inline) resolved.push(resolveInline(user.arn, p));
    for (const arn of user.managed) resolved.push(resolveManaged(arn, 'identity'));
    for (const groupName of user.groups) {
      const group = graph.groups.get(groupName);
      if (!group) {
        notes.push(`group ${groupName} is not in the input: its policies are missing`);
        continue;
      }
      for (const p of group.inline) resolved.push(resolveInline(group.arn || `group/${group.name}`, p, group.name));
      for (const arn of group.managed) resolved.push(resolveManaged(arn, 'identity', group.name));
    }
    if (user.boundary) resolved.push(resolveManaged(user.boundary, 'boundary'));
    resolved.push(...scps);
    for (const r of resolved) if (r.report.unknown) notes.push(`${r.report.name}: ${r.report.problem}`);
    for (const note of resolved.map(unknownStatementsNote)) if (note) notes.push(note);
    const facts = factsFor(user.arn, user.tags, 'User');
    const { ev } = evaluate(resolved, facts, user.path);
    const verdict = userVerdict(ev);
    const credentials = credentialsOf(user, options.credentials);
    return buildReport(user, 'user', verdict, ev, resolved, credentials, notes, undefined);
  }

  function auditRole(role: RoleNode): PrincipalReport {
    const notes: string[] = [];
    const resolved: Resolved[] = [];
    for (const p of role.inline) resolved.push(resolveInline(role.arn, p));
    for (const arn of role.managed) resolved.push(resolveManaged(arn, 'identity'));
    if (role.boundary) resolved.push(resolveManaged(role.boundary, 'boundary'));
    resolved.push(...scps);
    for (const r of resolved) if (r.report.unknown) notes.push(`${r.report.name}: ${r.report.problem}`);
    for (const note of resolved.map(unknownStatementsNote)) if (note) notes.push(note);
    let trust: TrustJudgement;
    if (role.trust) trust = share ? judgeTrustOnce(role.trust, role.arn) : judgeTrust(role.trust, role.arn);
    else {
      // Unreadable trust policy: assume the worst, and say so.
      trust = { verdict: 'not-enforced', trusted: [], deciding: [], dependsOnKeys: [], note: `trust policy not readable (${role.trustProblem ?? 'missing'}): counted as not enforced` };
    }
    const facts = factsFor(role.arn, role.tags, 'AssumedRole');
    const { ev } = evaluate(resolved, facts, role.path);
    const trustReport = {
      trusted: trust.trusted,
      note: trust.note,
      deciding: trust.deciding.map((d) => statementReport(d.statement, d.role, role.trust)),
    };
    if (trust.note) notes.push(trust.note);
    return buildReport(role, 'role', trust.verdict, ev, resolved, { known: false }, notes, trustReport, trust.dependsOnKeys);
  }

  function buildReport(
    principal: UserNode | RoleNode,
    type: 'user' | 'role',
    verdict: Verdict,
    ev: PrincipalEvaluation,
    resolved: readonly Resolved[],
    credentials: CredentialsReport,
    notes: string[],
    trust: PrincipalReport['trust'],
    extraKeys: readonly string[] = [],
  ): PrincipalReport {
    // For a role, what it can do matters only if it can be assumed without MFA.
    const roleOpen = type === 'role' && (verdict === 'not-enforced' || verdict === 'console-only');
    const key = type === 'user' ? ev.sensitive['access-key'] : roleOpen ? ev.sensitive['mfa-session'] : ActionBits.empty();
    const session = type === 'user' ? ev.sensitive['no-mfa-session'] : verdict === 'not-enforced' ? ev.sensitive['mfa-session'] : ActionBits.empty();
    const open = key.union(session);
    const policies: PolicyReport[] = resolved.map((r) => ({
      ...r.report,
      // A role nobody can assume without MFA is decided by its trust policy alone.
      deciding: type === 'role' && !roleOpen ? [] : ev.deciding.filter((d) => d.policyId === r.applied?.id && r.applied).map((d) => statementReport(d.statement, d.role, r.applied!.policy)),
    }));
    const count = open.count();
    const dangerous = count ? open.mostDangerous(limit) : [];
    const report: PrincipalReport = {
      arn: principal.arn,
      type,
      name: principal.name,
      verdict,
      reachableWithoutMfa: { dangerous, count, accessKey: key.count(), noMfaSession: session.count() },
      withMfaCount: ev.sensitive['mfa-session'].count(),
      policies,
      credentials,
      exposure: { level: 'none', score: 0, summary: '' },
      groups: type === 'user' ? (principal as UserNode).groups : undefined,
      trust,
      dependsOnKeys: [...new Set([...ev.dependsOnKeys, ...extraKeys])],
      notes,
      location: principal.location,
    };
    return { ...report, exposure: exposureOf(report, open) };
  }

  principals.sort((a, b) => b.exposure.score - a.exposure.score || b.reachableWithoutMfa.count - a.reachableWithoutMfa.count || (a.arn < b.arn ? -1 : 1));
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const p of principals) counts[p.verdict]++;
  return { principals, problems, counts, evaluations: cache.size };
}

/** The precedence of the issue: no-access · enforced · console-only · partial · not-enforced. */
export function userVerdict(ev: PrincipalEvaluation): Verdict {
  const key = ev.sensitive['access-key'];
  const session = ev.sensitive['no-mfa-session'];
  const mfa = ev.sensitive['mfa-session'];
  if (key.isEmpty && session.isEmpty && mfa.isEmpty) return 'no-access';
  if (key.isEmpty && session.isEmpty) return 'enforced';
  if (session.isEmpty) return 'console-only';
  // Something an MFA session may do is stopped in at least one no-MFA context.
  if (!mfa.isSubsetOf(key) || !mfa.isSubsetOf(session)) return 'partial';
  return 'not-enforced';
}

const tagKeys = new WeakMap<PolicyText, string[]>();
function principalTagKeys(a: AppliedPolicy): string[] {
  let keys = tagKeys.get(a.policy);
  if (!keys) {
    keys = a.policy.document.statements.flatMap((s) => (s.condition?.operators ?? []).flatMap((op) => op.keys.map((k) => k.name.toLowerCase()))).filter((k) => k.startsWith('aws:principaltag/'));
    tagKeys.set(a.policy, keys);
  }
  return keys;
}

function factsFor(arn: string, tags: Record<string, string>, principalType: string): PrincipalFacts {
  const knownKeys: Record<string, string[]> = { 'aws:viaawsservice': ['false'], 'aws:principaltype': [principalType] };
  for (const [k, v] of Object.entries(tags)) knownKeys[`aws:principaltag/${k.toLowerCase()}`] = [v];
  // The export lists every tag: any other principal tag is absent, not unknown.
  return { arn, knownKeys, absentKeys: [] };
}

function credentialsOf(user: UserNode, report: CredentialReport | undefined): CredentialsReport {
  const row: UserCredentials | undefined = report?.byArn.get(user.arn) ?? report?.byUser.get(user.name);
  if (!row) {
    // What the template that defines the user gives it; what it leaves out stays unknown.
    const t = user.credentials;
    return t ? { known: true, source: 'template', mfaDevice: t.mfaDevice, consolePassword: t.consolePassword, activeAccessKeys: t.activeAccessKeys } : { known: false };
  }
  return {
    known: true,
    mfaDevice: row.mfaActive,
    consolePassword: row.passwordEnabled,
    activeAccessKeys: row.activeAccessKeys,
    passwordLastUsed: row.passwordLastUsed,
    accessKeyLastUsed: row.accessKeyLastUsed,
  };
}

function statementReport(statement: StatementNode, role: DecidingStatementReport['role'], policy: PolicyText | undefined): DecidingStatementReport {
  let location: SourceLocation | undefined;
  const where = policy?.location;
  if (where?.range) {
    const range: TextRange = policy!.baseOffset !== undefined ? { start: statement.range.start + policy!.baseOffset, end: statement.range.end + policy!.baseOffset } : where.range;
    location = { file: where.file, range };
  } else if (where?.path) {
    // A document read as a JSON object: the statement's own path; a string document: the string.
    const objectDocument = policy!.writtenAs === 'object';
    const statementPath = policy!.document.statementProperty?.isArray ? ['Statement', statement.index] : ['Statement'];
    location = { file: where.file, path: objectDocument && policy!.location?.path ? [...where.path, ...statementPath] : where.path };
  }
  return { sid: statement.sid?.value, index: statement.index, effect: statement.effect?.value ?? '?', role, location };
}

/** Real exposure: a gap matters most where the credentials to use it exist. */
function exposureOf(p: PrincipalReport, open: ActionBits): PrincipalReport['exposure'] {
  const reasons: string[] = [];
  const c = p.credentials;
  const keysOpen = p.reachableWithoutMfa.accessKey > 0;
  const sessionOpen = p.reachableWithoutMfa.noMfaSession > 0;
  let usable: boolean;
  if (p.type === 'role') {
    usable = keysOpen || sessionOpen;
    if (usable) reasons.push(p.verdict === 'console-only' ? 'assumable with a long-term key without MFA' : 'assumable without MFA');
  } else if (!c.known) {
    usable = keysOpen || sessionOpen;
  } else {
    const keyUsable = keysOpen && (c.activeAccessKeys ?? 1) > 0;
    // A console sign-in needs MFA once a device is enrolled; GetSessionToken without MFA needs a key.
    const sessionUsable = sessionOpen && ((c.consolePassword !== false && c.mfaDevice !== true) || (c.activeAccessKeys ?? 1) > 0);
    usable = keyUsable || sessionUsable;
    if (c.activeAccessKeys) reasons.push(`${c.activeAccessKeys} active access key${c.activeAccessKeys > 1 ? 's' : ''}`);
    if (c.consolePassword) reasons.push('console password');
    if (c.mfaDevice === false) reasons.push('no MFA device');
    if (c.mfaDevice === true) reasons.push('MFA device');
    // A template says only what it defines: what it leaves out is not "not in use".
    if (!c.activeAccessKeys && !c.consolePassword && c.source !== 'template') reasons.push('no credentials in use');
  }
  const admin = p.policies.find((x) => !x.problem && /AdministratorAccess$/.test(x.arn ?? '')) ?? p.policies.find((x) => x.unknown);
  if (admin) reasons.push(admin.unknown ? `${admin.name} (unknown: Allow *)` : admin.name);
  // `dangerous` is in danger order, tier 0 first: the first one tells.
  const escalation = p.reachableWithoutMfa.dangerous.length > 0 && dangerTier(p.reachableWithoutMfa.dangerous[0].toLowerCase()) === 0;
  if (p.reachableWithoutMfa.count > 0) reasons.push(`${p.reachableWithoutMfa.count} sensitive action${p.reachableWithoutMfa.count === 1 ? '' : 's'} without MFA${escalation ? ' incl. IAM changes' : ''}`);
  reasons.push(VERDICT_PHRASE[p.verdict]);
  let level: ExposureLevel = 'none';
  if (open.isEmpty) level = 'none';
  else if (!usable) level = 'low';
  else if (escalation) level = 'critical';
  else if (p.reachableWithoutMfa.count > 50) level = 'high';
  else level = 'medium';
  const weight = { none: 0, low: 1, medium: 2, high: 3, critical: 4 }[level];
  const credentialBoost = p.type === 'user' && c.known && (c.activeAccessKeys ?? 0) > 0 && keysOpen ? 0.5 : 0;
  return { level, score: weight + credentialBoost + Math.min(0.4, Math.log10(1 + p.reachableWithoutMfa.count) / 12), summary: reasons.join(', ') };
}

export const VERDICT_PHRASE: Record<Verdict, string> = {
  'no-access': 'no sensitive access even with MFA',
  enforced: 'MFA enforced',
  'console-only': 'MFA enforced for console sessions only (long-term keys pass)',
  partial: 'MFA partly enforced',
  'not-enforced': 'MFA not enforced',
  'not-applicable': 'only services or federated identities may assume it',
};
