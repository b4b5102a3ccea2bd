// Which sensitive actions to name first: IAM privilege changes and MFA-device removal, then the
// rest of IAM, then permission management elsewhere, writes, and reads (data access). Actions
// that are not sensitive at all (IAM reads, enrolment) come last.
import { EXAMPLE_PRIORITY, isIamPermissionChange, isNeverWithoutMfa, MFA_DEVICE_REMOVAL, isCredentialChange } from '../analysis/mfaSets';
import { findAction, getCatalog } from '../catalog/catalog';

export function dangerTier(key: string): number {
  if (!isNeverWithoutMfa(key)) return 9;
  if (MFA_DEVICE_REMOVAL.has(key) || isIamPermissionChange(key) || isCredentialChange(key)) return 0;
  if (key.startsWith('iam:')) return 1;
  const level = findAction(key)?.accessLevel;
  if (/^sts:assumerole|^organizations:|^kms:decrypt$|^secretsmanager:getsecretvalue$|^ssm:getparameter/.test(key) || level === 'Permissions management') return 2;
  if (level === 'Write' || level === undefined) return 3;
  if (level === 'Read') return 4;
  return 5;
}

let order: string[] | undefined;

/** Every catalog action key, most dangerous first (computed once). */
export function dangerOrder(): string[] {
  if (!order) {
    const priority = new Map(EXAMPLE_PRIORITY.map((k, i) => [k, i]));
    const keys = [...getCatalog().actions.keys()];
    const tiers = new Map(keys.map((k) => [k, dangerTier(k)]));
    keys.sort((a, b) => tiers.get(a)! - tiers.get(b)! || (priority.get(a) ?? 99) - (priority.get(b) ?? 99) || (a < b ? -1 : a > b ? 1 : 0));
    order = keys;
  }
  return order;
}
