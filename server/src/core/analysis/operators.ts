// Condition operators as IAM defines them (IAM User Guide, "Condition operators").
import { ownCopy } from '../ownCopy';

export type OperatorFamily = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IpAddress' | 'Arn' | 'Null';

export interface OperatorInfo {
  /** Canonical base name without qualifier or IfExists, e.g. "StringNotLike". */
  readonly base: string;
  readonly family: OperatorFamily;
  readonly ifExists: boolean;
  readonly qualifier?: 'ForAnyValue' | 'ForAllValues';
  /** Negated operators match an absent key, and all of their values must fail to match. */
  readonly negated: boolean;
}

const BASES: Record<string, OperatorFamily> = {
  StringEquals: 'String', StringNotEquals: 'String', StringEqualsIgnoreCase: 'String', StringNotEqualsIgnoreCase: 'String',
  StringLike: 'String', StringNotLike: 'String',
  NumericEquals: 'Numeric', NumericNotEquals: 'Numeric', NumericLessThan: 'Numeric', NumericLessThanEquals: 'Numeric',
  NumericGreaterThan: 'Numeric', NumericGreaterThanEquals: 'Numeric',
  DateEquals: 'Date', DateNotEquals: 'Date', DateLessThan: 'Date', DateLessThanEquals: 'Date', DateGreaterThan: 'Date', DateGreaterThanEquals: 'Date',
  Bool: 'Bool', BinaryEquals: 'Binary', IpAddress: 'IpAddress', NotIpAddress: 'IpAddress',
  ArnEquals: 'Arn', ArnLike: 'Arn', ArnNotEquals: 'Arn', ArnNotLike: 'Arn',
  Null: 'Null',
};

export const OPERATOR_NAMES = Object.keys(BASES);
const BY_LOWER = new Map(OPERATOR_NAMES.map((n) => [n.toLowerCase(), n]));

/** Parses "ForAnyValue:StringLikeIfExists"; undefined for an operator IAM does not have. */
export function parseOperator(name: string): OperatorInfo | undefined {
  // Every statement asks about the same few operators, three contexts each.
  if (parsedOperators.has(name)) return parsedOperators.get(name);
  const info = parseOperatorName(name);
  if (parsedOperators.size > 1000) parsedOperators.clear();
  parsedOperators.set(ownCopy(name), info);
  return info;
}

const parsedOperators = new Map<string, OperatorInfo | undefined>();

function parseOperatorName(name: string): OperatorInfo | undefined {
  let rest = name;
  let qualifier: OperatorInfo['qualifier'];
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const q = rest.slice(0, colon).toLowerCase();
    if (q === 'foranyvalue') qualifier = 'ForAnyValue';
    else if (q === 'forallvalues') qualifier = 'ForAllValues';
    else return undefined;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith('ifexists')) {
    ifExists = true;
    rest = rest.slice(0, -'ifexists'.length);
  }
  const base = BY_LOWER.get(rest.toLowerCase());
  if (!base) return undefined;
  if (base === 'Null' && ifExists) return undefined; // NullIfExists does not exist
  return { base, family: BASES[base], ifExists, qualifier, negated: /Not(Equals|Like|IpAddress)/.test(base) };
}

/** The name with IfExists removed or added, keeping the qualifier. */
export function withIfExists(name: string, on: boolean): string {
  const stripped = name.replace(/IfExists$/i, '');
  return on ? stripped + 'IfExists' : stripped;
}
