// Three-valued evaluation of a Condition block in one request context (RULES.md §1–2).
import { matchResolved } from './arnMatch';
import { KeyLookup, resolvePattern } from './policyVariables';
import { Tri, triEvery, triNot, triSome } from './tri';
import type { ConditionKeyNode, ConditionNode, ConditionOperatorNode, ScalarNode } from '../model';
import type { RequestContext } from './contexts';
import { mfaKeyKind, misspelledMfaKey } from './mfaKeys';
import { OperatorInfo, parseOperator } from './operators';

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

/** What a request context says about a key: the MFA keys from the context, nonexistent keys absent, the rest unknown. */
export function contextLookup(context: RequestContext): KeyLookup {
  return (lower) => {
    const kind = mfaKeyKind(lower);
    if (kind === 'present') return context.mfaPresent === undefined ? 'absent' : { values: [context.mfaPresent] };
    if (kind === 'age') return context.mfaAge === undefined ? 'absent' : { values: [String(context.mfaAge)] };
    if (misspelledMfaKey(lower)) return 'absent'; // no request carries a key that does not exist
    return 'unknown';
  };
}

/** One key under one operator in a request context (MFA keys known, other keys unknown). */
export function evaluateKey(op: OperatorInfo, key: ConditionKeyNode, context: RequestContext): VerdictKind {
  return evaluateKeyWith(op, key, contextLookup(context), false);
}

const TO_VERDICT: Record<Tri, VerdictKind> = { yes: 'holds', no: 'fails', depends: 'depends' };

/**
 * One key under one operator, given what the request says about keys (IAM User Guide,
 * "Condition operators" and "Multivalued context keys"). Values are OR-ed; negated operators
 * hold when no value matches. An absent key: `Null` decides; `ForAllValues` holds (no value
 * fails); `ForAnyValue` fails, and with `…IfExists` the documentation contradicts itself
 * (IfExists: "true when absent"; ForAnyValue: "false when absent"), so that corner is 'depends';
 * `…IfExists` and negated operators hold; plain operators fail.
 */
export function evaluateKeyWith(op: OperatorInfo, key: ConditionKeyNode, lookup: KeyLookup, variables: boolean): VerdictKind {
  const fact = lookup(key.name.toLowerCase());
  if (fact === 'unknown') return 'depends';
  const absent = fact === 'absent' || fact.values.length === 0;
  if (op.family === 'Null') {
    return TO_VERDICT[triSome(key.values, (v) => (isTrue(v) === absent ? 'yes' : 'no'))];
  }
  if (absent) {
    if (op.qualifier === 'ForAnyValue') return op.ifExists ? 'depends' : 'fails';
    if (op.ifExists || op.qualifier === 'ForAllValues') return 'holds';
    return op.negated ? 'holds' : 'fails';
  }
  const actuals = (fact as { values: readonly string[] }).values;
  // Whether one request value passes: some policy value matches (none, for a negated operator).
  const passes = (actual: string): Tri => {
    const positive = triSome(key.values, (v) => valueMatches(op, actual, v, lookup, variables));
    return op.negated ? triNot(positive) : positive;
  };
  return TO_VERDICT[op.qualifier === 'ForAllValues' ? triEvery(actuals, passes) : triSome(actuals, passes)];
}

/** Whether a request value matches one policy value under the operator, ignoring negation. */
function valueMatches(op: OperatorInfo, actual: string, policyValue: ScalarNode, lookup: KeyLookup, variables: boolean): Tri {
  const written = policyValue.value === null ? '' : String(policyValue.value);
  const like = /Like$/.test(op.base) || op.family === 'Arn';
  const resolved = resolvePattern(written, lookup, { wildcards: like, variables });
  if (!resolved) return 'no';
  if (resolved.unknownKeys.length && !like) return 'depends';
  const expected = resolved.pieces.map((p) => (p.kind === 'text' ? p.text : '')).join('');
  switch (op.family) {
    case 'Bool':
      return bool(expected.toLowerCase() === actual.toLowerCase());
    case 'String':
      if (like) return matchResolved(resolved, actual, { arn: false });
      if (op.base.endsWith('IgnoreCase')) return bool(expected.toLowerCase() === actual.toLowerCase());
      return bool(expected === actual);
    case 'Numeric': {
      const a = Number(actual);
      const e = Number(expected);
      if (expected.trim() === '' || actual.trim() === '' || Number.isNaN(a) || Number.isNaN(e)) return 'no';
      return bool(compareNumbers(op.base.replace(/^Numeric(Not)?/, ''), a, e));
    }
    case 'Date': {
      const a = parseDate(actual);
      const e = parseDate(expected);
      if (a === undefined || e === undefined) return 'no';
      return bool(compareNumbers(op.base.replace(/^Date(Not)?/, ''), a, e));
    }
    case 'Arn':
      return matchResolved(resolved, actual, { arn: true });
    case 'IpAddress':
      return ipInRange(actual, expected);
    case 'Binary':
      return bool(expected === actual);
    default:
      return 'no';
  }
}

function bool(b: boolean): Tri {
  return b ? 'yes' : 'no';
}

/** ISO 8601 dates or epoch seconds, as the Date operators take them. */
function parseDate(text: string): number | undefined {
  if (/^\d+$/.test(text.trim())) return Number(text) * 1000;
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : t;
}

/** IPv4 CIDR membership; an IPv6 address or range is left undecided. */
function ipInRange(address: string, range: string): Tri {
  const ip = ipv4(address);
  const [base, bitsText] = range.split('/');
  const net = ipv4(base);
  if (ip === undefined || net === undefined) return address.includes(':') || range.includes(':') ? 'depends' : 'no';
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (!(bits >= 0 && bits <= 32)) return 'no';
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return bool(((ip & mask) >>> 0) === ((net & mask) >>> 0));
}

function ipv4(text: string): number | undefined {
  const parts = text.trim().split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
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

export function isTrue(v: ScalarNode): boolean {
  return v.value === true || (typeof v.value === 'string' && v.value.toLowerCase() === 'true');
}
