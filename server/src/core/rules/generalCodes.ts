// Codes of the general policy checks (RULES.md §4). The MFA rules use MFA001–MFA015.
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
