// Every rule id in one place. The general codes (RULES.md §4) are here, not in rules/, because
// the parser reports IAM001/IAM002 itself and must not depend on the rules.
export const GeneralCode = {
  Syntax: 'IAM001',
  WrongType: 'IAM002',
  Version: 'IAM003',
  Effect: 'IAM004',
  ActionAndNotAction: 'IAM005',
  UnknownService: 'IAM006',
  UnknownAction: 'IAM007',
  UnknownOperator: 'IAM008',
  KeyTypeMismatch: 'IAM009',
  EmptyArray: 'IAM010',
  DuplicateSid: 'IAM011',
  UnknownGlobalKey: 'IAM012',
  MissingElement: 'IAM013',
  /** A rule failed on this input; reported so it is never silent. */
  Internal: 'IAM000',
} as const;

/** The force-MFA rules, MFA001–MFA015. */
export const MfaRule = {
  NotActionIamWildcard: 'MFA001',
  MfaDeviceRemovable: 'MFA002',
  DenyMissesContext: 'MFA003',
  AllowIfExists: 'MFA004',
  InvertedLogic: 'MFA005',
  MisspelledMfaKey: 'MFA006',
  SelfServiceUnscoped: 'MFA007',
  EnrolmentLockout: 'MFA008',
  ActivationRace: 'MFA009',
  MfaNeverExpires: 'MFA010',
  DenyDependsOnOtherKey: 'MFA011',
  SidPromisesMfa: 'MFA012',
  ExemptionNonIam: 'MFA013',
  CreateVirtualMfaOwnName: 'MFA014',
  ExemptionCredentialChange: 'MFA015',
} as const;

export const RuleId = { ...GeneralCode, ...MfaRule } as const;

export type RuleId = (typeof RuleId)[keyof typeof RuleId];

/** Every id, sorted: IAM000 … IAM013, MFA001 … MFA015. */
export const ALL_RULE_IDS: readonly RuleId[] = Object.values(RuleId).sort();
