// Which sensitive actions to name first: IAM privilege changes and MFA-device removal, then the
// rest of IAM, then permission management elsewhere, writes, and reads (data access).
import { ActionSet } from '../analysis/actionSet';
import { EXAMPLE_PRIORITY, isIamPermissionChange, isNeverWithoutMfa, MFA_DEVICE_REMOVAL, isCredentialChange } from '../analysis/mfaSets';
import { findAction, findService, getCatalog } from '../catalog/catalog';

export function dangerTier(key: string): number {
  if (MFA_DEVICE_REMOVAL.has(key) || isIamPermissionChange(key) || isCredentialChange(key)) return 0;
  if (key.startsWith('iam:')) return 1;
  const level = findAction(key)?.accessLevel;
  if (/^sts:assumerole|^organizations:|^kms:decrypt$|^secretsmanager:getsecretvalue$|^ssm:getparameter/.test(key) || level === 'Permissions management') return 2;
  if (level === 'Write' || level === undefined) return 3;
  if (level === 'Tagging') return 4;
  return 5;
}

let order: { keys: string[]; rank: Map<string, number> } | undefined;

/** Every catalog action, most dangerous first (computed once). */
function dangerOrder(): { keys: string[]; rank: Map<string, number> } {
  if (!order) {
    const priority = new Map(EXAMPLE_PRIORITY.map((k, i) => [k, i]));
    const keys = [...getCatalog().actions.keys()].filter(isNeverWithoutMfa);
    const tiers = new Map(keys.map((k) => [k, dangerTier(k)]));
    keys.sort((a, b) => tiers.get(a)! - tiers.get(b)! || (priority.get(a) ?? 99) - (priority.get(b) ?? 99) || (a < b ? -1 : a > b ? 1 : 0));
    order = { keys, rank: new Map(keys.map((k, i) => [k, i])) };
  }
  return order;
}

/** The `limit` most dangerous members of a set of sensitive actions, as AWS spells them. */
export function mostDangerous(set: ActionSet, limit: number): string[] {
  const { keys, rank } = dangerOrder();
  let picked: string[];
  if (!set.isComplement) {
    picked = [...set.keys].sort((a, b) => (rank.get(a) ?? 1e9) - (rank.get(b) ?? 1e9) || (a < b ? -1 : 1)).slice(0, limit);
  } else {
    picked = [];
    for (const k of keys) {
      if (set.has(k)) picked.push(k);
      if (picked.length >= limit) break;
    }
  }
  return picked.map((k) => findAction(k)?.id ?? k);
}

let iamAll: ActionSet | undefined;
let nonSensitive: ActionSet | undefined;

/** Every IAM action of the catalog. */
export function iamActions(): ActionSet {
  return (iamAll ??= ActionSet.of((findService('iam')?.actions ?? []).map((a) => a.key)));
}

/** Actions that are not sensitive (RULES.md §3): IAM reads and self-service enrolment, GetSessionToken, GetCallerIdentity. */
export function nonSensitiveActions(): ActionSet {
  return (nonSensitive ??= ActionSet.of([...iamActions().keys].filter((k) => !isNeverWithoutMfa(k)).concat(['sts:getsessiontoken', 'sts:getcalleridentity'])));
}
