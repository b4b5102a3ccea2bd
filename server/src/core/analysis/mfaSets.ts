// The action sets of RULES.md §3, by action key (lower case).
import { findAction } from '../catalog/catalog';
import { ownCopy } from '../ownCopy';

const keys = (...ids: string[]) => new Set(ids.map((id) => id.toLowerCase()));

/** What a user needs, without MFA, to enrol their own virtual MFA device. */
export const SELF_SERVICE_ENROLMENT = keys(
  'iam:CreateVirtualMFADevice',
  'iam:EnableMFADevice',
  'iam:ResyncMFADevice',
  'iam:ListMFADevices',
  'iam:ListVirtualMFADevices',
  'iam:GetMFADevice',
  'iam:GetUser',
);

/** Console convenience reads that published variants also exempt; low risk. */
export const LOW_RISK_READS = keys(
  'iam:ListUsers',
  'iam:ListAccountAliases',
  'iam:GetAccountSummary',
  'iam:GetAccountPasswordPolicy',
  'iam:GetLoginProfile',
  'sts:GetCallerIdentity',
);

/** Not governed by IAM policies at all (IAM User Guide, "Permissions for GetSessionToken"). */
export const UNGOVERNED = keys('sts:GetSessionToken');

/** Safe to exempt from a deny-unless-MFA: enrolment, low-risk reads, and GetSessionToken. */
export const SAFE_EXEMPTIONS = new Set([...SELF_SERVICE_ENROLMENT, ...LOW_RISK_READS, ...UNGOVERNED]);

/** The AWS-recommended exemption list (the current AWS docs policy), in its order. */
export const RECOMMENDED_EXEMPTION = [
  'iam:CreateVirtualMFADevice',
  'iam:EnableMFADevice',
  'iam:GetUser',
  'iam:ListMFADevices',
  'iam:ListVirtualMFADevices',
  'iam:ResyncMFADevice',
  'sts:GetSessionToken',
];

/** Enrolling any device needs EnableMFADevice; a virtual one also CreateVirtualMFADevice. */
export const ENROLMENT_REQUIRED = ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice'];

/**
 * Removing the owner's device: a stolen key then enrols the attacker's. Only
 * DeactivateMFADevice does that: the IAM API refuses DeleteVirtualMFADevice for a device
 * that is still assigned ("You must deactivate a user's virtual MFA device before you can
 * delete it"), and AWS's own policies let users delete their unassigned devices without MFA.
 * RULES.md lists DeleteVirtualMFADevice too; the API documentation wins.
 */
export const MFA_DEVICE_REMOVAL = keys('iam:DeactivateMFADevice');

/** Actions that change a user's own credentials (RULES.md MFA015). Reads are not included. */
const CREDENTIAL_CHANGE = /^iam:(changepassword|(create|update|delete)loginprofile|(create|update|delete)accesskey|(upload|update|delete)sshpublickey|(upload|update|delete)signingcertificate|(create|reset|update|delete)servicespecificcredential)$/;

export function isCredentialChange(key: string): boolean {
  return CREDENTIAL_CHANGE.test(key);
}

/**
 * Credential and MFA-device actions that act on a named user, so that `Resource: "*"`
 * lets one user manage another's (RULES.md MFA007). ChangePassword is left out: it only
 * ever changes the caller's own password.
 */
export function isPerUserCredentialAction(key: string): boolean {
  if (key === 'iam:changepassword') return false;
  return isCredentialChange(key) || /^iam:(enable|deactivate|resync)mfadevice$/.test(key) || key === 'iam:deletevirtualmfadevice';
}

/**
 * Never without MFA (RULES.md §3): every non-IAM action (data access), and every IAM action
 * that is not a read, except the self-service enrolment actions.
 */
export function isNeverWithoutMfa(key: string): boolean {
  return remember(neverCache, key, classifyNeverWithoutMfa);
}

/** Action classes are asked for the same ~200 IAM actions over and over: keep the answers. */
const neverCache = new Map<string, boolean>();
const permissionChangeCache = new Map<string, boolean>();

function remember(cache: Map<string, boolean>, key: string, compute: (key: string) => boolean): boolean {
  let value = cache.get(key);
  if (value === undefined) {
    value = compute(key);
    if (cache.size > 50_000) cache.clear();
    cache.set(ownCopy(key), value);
  }
  return value;
}

function classifyNeverWithoutMfa(key: string): boolean {
  if (!key.startsWith('iam:')) return !UNGOVERNED.has(key) && key !== 'sts:getcalleridentity';
  if (SELF_SERVICE_ENROLMENT.has(key)) return false;
  const level = findAction(key)?.accessLevel;
  // An IAM action the catalog does not know is treated as dangerous: it may be new.
  return level === undefined || (level !== 'Read' && level !== 'List');
}

/** MFA-device management beyond enrolment: MFA002's concern, not MFA001's. */
const MFA_DEVICE_MANAGEMENT = keys('iam:DeactivateMFADevice', 'iam:DeleteVirtualMFADevice');

/** The IAM actions that grant or change permissions (MFA001), beyond credentials and MFA devices. */
export function isIamPermissionChange(key: string): boolean {
  return remember(permissionChangeCache, key, classifyPermissionChange);
}

function classifyPermissionChange(key: string): boolean {
  if (!key.startsWith('iam:') || !isNeverWithoutMfa(key) || MFA_DEVICE_MANAGEMENT.has(key) || isCredentialChange(key)) return false;
  // Tagging an MFA device or a policy is no privilege; tagging users and roles can be (ABAC).
  return findAction(key)?.accessLevel !== 'Tagging' || /^iam:(un)?tag(user|role)$/.test(key);
}

/** Actions named first when a message gives an example, most alarming first. */
export const EXAMPLE_PRIORITY = [
  'iam:DetachUserPolicy',
  'iam:AttachUserPolicy',
  'iam:PutUserPolicy',
  'iam:CreateAccessKey',
  'iam:CreateUser',
  'iam:DeactivateMFADevice',
  'iam:CreateLoginProfile',
  'iam:PassRole',
  's3:GetObject',
  'ec2:RunInstances',
].map((a) => a.toLowerCase());
