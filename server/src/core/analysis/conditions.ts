// Three-valued evaluation of a Condition block in one request context (RULES.md §1–2).
import { findConditionKey } from '../catalog/catalog';
import { editDistance } from '../catalog/didYouMean';
import { wildcardMatch } from '../catalog/wildcard';
import type { ConditionKeyNode, ConditionNode, ConditionOperatorNode, ScalarNode } from '../model';
import type { RequestContext } from './contexts';
import { OperatorInfo, parseOperator } from './operators';

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
  misspellings.set(name, meant);
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

export type VerdictKind = 'holds' | 'fails' | 'depends';

export interface Verdict {
  readonly kind: VerdictKind;
  /** For "depends": the keys (other than the MFA keys) the outcome hangs on. */
  readonly dependsOn: readonly ConditionKeyNode[];
  /** For "depends": operators that are not IAM operators. */
  readonly unknownOperators: readonly ConditionOperatorNode[];
}

const HOLDS: Verdict = { kind: 'holds', dependsOn: [], unknownOperators: [] };
const FAILS: Verdict = { kind: 'fails', dependsOn: [], unknownOperators: [] };

/** AND over every operator and every key of the block. */
export function evaluateCondition(condition: ConditionNode | undefined, context: RequestContext): Verdict {
  if (!condition) return HOLDS;
  const dependsOn: ConditionKeyNode[] = [];
  const unknownOperators: ConditionOperatorNode[] = [];
  for (const op of condition.operators) {
    const info = parseOperator(op.name);
    if (!info) {
      unknownOperators.push(op);
      continue;
    }
    for (const key of op.keys) {
      const result = evaluateKey(info, key, context);
      if (result === 'fails') return FAILS;
      if (result === 'depends') dependsOn.push(key);
    }
  }
  if (dependsOn.length || unknownOperators.length) return { kind: 'depends', dependsOn, unknownOperators };
  return HOLDS;
}

/** One key under one operator, with its values OR-ed (AND-ed for negated operators). */
export function evaluateKey(op: OperatorInfo, key: ConditionKeyNode, context: RequestContext): VerdictKind {
  const kind = mfaKeyKind(key.name);
  let present: string | undefined;
  if (kind === 'present') present = context.mfaPresent;
  else if (kind === 'age') present = context.mfaAge === undefined ? undefined : String(context.mfaAge);
  else if (misspelledMfaKey(key.name)) present = undefined; // no request carries a key that does not exist
  else return 'depends';

  if (op.family === 'Null') {
    const absent = present === undefined;
    return key.values.some((v) => isTrue(v) === absent) ? 'holds' : 'fails';
  }
  if (present === undefined) {
    if (op.ifExists) return 'holds';
    if (op.qualifier === 'ForAllValues') return 'holds'; // vacuously true over no values
    if (op.qualifier === 'ForAnyValue') return 'fails';
    return op.negated ? 'holds' : 'fails';
  }
  const matches = key.values.map((v) => valueMatches(op, present!, v));
  if (op.negated) return matches.every((m) => m) ? 'holds' : 'fails';
  return matches.some((m) => m) ? 'holds' : 'fails';
}

/** For a negated operator, whether the value does NOT match (so `every` gives AND). */
function valueMatches(op: OperatorInfo, actual: string, policyValue: ScalarNode): boolean {
  const expected = policyValue.value === null ? '' : String(policyValue.value);
  let match: boolean;
  switch (op.family) {
    case 'Bool':
      match = expected.toLowerCase() === actual.toLowerCase();
      break;
    case 'String':
      if (op.base.startsWith('StringLike') || op.base.startsWith('StringNotLike')) match = wildcardMatchesCaseSensitive(expected, actual);
      else if (op.base.endsWith('IgnoreCase')) match = expected.toLowerCase() === actual.toLowerCase();
      else match = expected === actual;
      break;
    case 'Numeric': {
      const a = Number(actual);
      const e = Number(expected);
      if (expected.trim() === '' || Number.isNaN(a) || Number.isNaN(e)) match = false;
      else match = compareNumbers(op.base.replace(/^Numeric(Not)?/, ''), a, e);
      break;
    }
    default:
      match = false; // Date, Arn, IP and Binary operators never match the MFA keys' values
  }
  return op.negated ? !match : match;
}

function compareNumbers(comparison: string, actual: number, expected: number): boolean {
  switch (comparison) {
    case 'Equals':
      return actual === expected;
    case 'LessThan':
      return actual < expected;
    case 'LessThanEquals':
      return actual <= expected;
    case 'GreaterThan':
      return actual > expected;
    case 'GreaterThanEquals':
      return actual >= expected;
    default:
      return false;
  }
}

/** StringLike is case-sensitive, unlike action matching (linear: no RegExp from policy text). */
function wildcardMatchesCaseSensitive(pattern: string, value: string): boolean {
  return wildcardMatch(pattern, value);
}

export function isTrue(v: ScalarNode): boolean {
  return v.value === true || (typeof v.value === 'string' && v.value.toLowerCase() === 'true');
}
