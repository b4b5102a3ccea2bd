// The MFA condition keys: their names, which one a key names (case-insensitive, as IAM reads
// key names), and what a misspelled one was meant to be. Rules, explanations, fixes and
// completion all ask here.
import { findConditionKey } from '../catalog/catalog';
import { editDistance } from '../catalog/didYouMean';
import { ownCopy } from '../ownCopy';

export const MFA_PRESENT_KEY = 'aws:MultiFactorAuthPresent';
export const MFA_AGE_KEY = 'aws:MultiFactorAuthAge';

export type MfaKeyKind = 'present' | 'age';

/** Which MFA key a condition key names (key names are case-insensitive). */
export function mfaKeyKind(name: string): MfaKeyKind | undefined {
  const lower = name.toLowerCase();
  if (lower === 'aws:multifactorauthpresent') return 'present';
  if (lower === 'aws:multifactorauthage') return 'age';
  return undefined;
}

/**
 * A key that is not a real condition key but was surely meant as one of the MFA keys
 * (aws:MultiFactorAuthenticated, aws:MFAPresent, aws:MultiFactorAgeAuth …). Returns the
 * key it was meant to be.
 */
export function misspelledMfaKey(name: string): string | undefined {
  if (mfaKeyKind(name)) return undefined;
  if (misspellings.has(name)) return misspellings.get(name);
  const meant = guessMfaKey(name);
  if (misspellings.size > 10_000) misspellings.clear();
  misspellings.set(ownCopy(name), meant);
  return meant;
}

/** Every rule asks about the same few keys; the catalog look-up and edit distances are done once. */
const misspellings = new Map<string, string | undefined>();

function guessMfaKey(name: string): string | undefined {
  if (findConditionKey(name)) return undefined;
  const lower = name.toLowerCase();
  const distancePresent = editDistance(lower, MFA_PRESENT_KEY.toLowerCase(), 6);
  const distanceAge = editDistance(lower, MFA_AGE_KEY.toLowerCase(), 6);
  const looksLikeMfa = /mfa|multi.?factor|multifact/.test(lower);
  if (!looksLikeMfa && Math.min(distancePresent, distanceAge) > 4) return undefined;
  if (/age|time|sec/.test(lower) && !/present/.test(lower)) return MFA_AGE_KEY;
  if (/present|enabled|authenticated|used/.test(lower)) return MFA_PRESENT_KEY;
  return distanceAge < distancePresent ? MFA_AGE_KEY : MFA_PRESENT_KEY;
}

/** Whether a condition key is (or was meant to be) an MFA key. */
export function isMfaKeyName(name: string): boolean {
  return mfaKeyKind(name) !== undefined || misspelledMfaKey(name) !== undefined;
}
