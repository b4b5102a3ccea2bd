// What a condition operator does, and what it does when the key is absent from the request:
// the difference between `Bool` and `BoolIfExists` is the heart of MFA003 and MFA004.
import { OperatorInfo, parseOperator } from '../analysis/operators';
import { code } from './text';

export interface OperatorDescription {
  readonly name: string;
  readonly known: boolean;
  /** One sentence: what it compares. */
  readonly summary: string;
  /** What it does when the key is absent from the request. */
  readonly whenAbsent: string;
  /** Whether it matches when the key is absent (undefined for unknown operators). */
  readonly matchesAbsent?: boolean;
}

const FAMILY_TEXT: Record<string, string> = {
  StringEquals: 'Matches when the key equals one of the values exactly (case-sensitive).',
  StringNotEquals: 'Matches when the key equals none of the values (case-sensitive).',
  StringEqualsIgnoreCase: 'Matches when the key equals one of the values, ignoring case.',
  StringNotEqualsIgnoreCase: 'Matches when the key equals none of the values, ignoring case.',
  StringLike: 'Matches when the key matches one of the patterns (`*` and `?` wildcards, case-sensitive).',
  StringNotLike: 'Matches when the key matches none of the patterns (`*` and `?` wildcards).',
  NumericEquals: 'Matches when the number equals one of the values.',
  NumericNotEquals: 'Matches when the number equals none of the values.',
  NumericLessThan: 'Matches when the number is less than the value.',
  NumericLessThanEquals: 'Matches when the number is less than or equal to the value.',
  NumericGreaterThan: 'Matches when the number is greater than the value.',
  NumericGreaterThanEquals: 'Matches when the number is greater than or equal to the value.',
  DateEquals: 'Matches when the date equals the value.',
  DateNotEquals: 'Matches when the date differs from the value.',
  DateLessThan: 'Matches when the date is before the value.',
  DateLessThanEquals: 'Matches when the date is at or before the value.',
  DateGreaterThan: 'Matches when the date is after the value.',
  DateGreaterThanEquals: 'Matches when the date is at or after the value.',
  Bool: 'Matches when the boolean key equals the value ("true" or "false").',
  BinaryEquals: 'Matches when the binary key equals the base64-encoded value.',
  IpAddress: 'Matches when the IP address is in one of the CIDR ranges.',
  NotIpAddress: 'Matches when the IP address is in none of the CIDR ranges.',
  ArnEquals: 'Matches when the ARN equals one of the values.',
  ArnLike: 'Matches when the ARN matches one of the patterns (wildcards per ARN segment).',
  ArnNotEquals: 'Matches when the ARN equals none of the values.',
  ArnNotLike: 'Matches when the ARN matches none of the patterns.',
  Null: 'Tests whether the key is absent: `"true"` matches when the request does **not** carry the key, `"false"` when it does.',
};

/** Whether the operator matches a request that lacks the key (Null depends on its value). */
export function matchesWhenAbsent(info: OperatorInfo): boolean | undefined {
  if (info.family === 'Null') return undefined;
  if (info.ifExists) return true;
  if (info.qualifier === 'ForAllValues') return true;
  if (info.qualifier === 'ForAnyValue') return false;
  return info.negated;
}

export function describeOperator(name: string): OperatorDescription {
  const info = parseOperator(name);
  if (!info) {
    return {
      name,
      known: false,
      summary: `${code(name)} is not an IAM condition operator. IAM rejects a policy that uses it (IAM008).`,
      whenAbsent: 'Not applicable.',
    };
  }
  let summary = FAMILY_TEXT[info.base] ?? `A ${info.family} condition operator.`;
  if (info.qualifier === 'ForAnyValue') summary += ' `ForAnyValue:` applies it to a multivalued key: matches when at least one value in the request matches.';
  if (info.qualifier === 'ForAllValues') summary += ' `ForAllValues:` applies it to a multivalued key: matches when every value in the request matches.';
  if (info.ifExists) summary += ' `IfExists`: compares only when the key is present.';
  const matches = matchesWhenAbsent(info);
  let whenAbsent: string;
  if (info.family === 'Null') whenAbsent = 'This operator is about absence: with `"true"` it matches exactly the requests that lack the key (for `aws:MultiFactorAuthAge`: every request made without MFA, access keys included).';
  else if (info.ifExists) whenAbsent = '**Matches.** `…IfExists` means "if the key is present, compare; if it is absent, the condition is true". On `aws:MultiFactorAuthPresent` that makes a Deny reach long-term access keys — and makes an Allow let them in.';
  else if (info.qualifier === 'ForAllValues') whenAbsent = '**Matches** (vacuously: there are no values that could fail).';
  else if (info.qualifier === 'ForAnyValue') whenAbsent = '**Does not match** (there is no value that could match).';
  else if (info.negated) whenAbsent = '**Matches.** A negated operator is true when the key is absent.';
  else whenAbsent = '**Does not match.** A plain operator is false when the key is absent. On `aws:MultiFactorAuthPresent` or `aws:MultiFactorAuthAge` that means a Deny with it never applies to long-term access keys (CLI/SDK), which carry neither key.';
  return { name, known: true, summary, whenAbsent, matchesAbsent: matches };
}

/** Every operator name worth offering in completion, most useful for MFA first. */
export function operatorCompletionNames(): string[] {
  const bases = [
    'Bool', 'Null', 'NumericGreaterThan', 'NumericLessThan', 'StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike',
    'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'NumericEquals', 'NumericNotEquals', 'NumericLessThanEquals', 'NumericGreaterThanEquals',
    'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
    'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike',
  ];
  const names: string[] = [];
  for (const base of bases) {
    names.push(base);
    if (base !== 'Null') names.push(`${base}IfExists`);
  }
  for (const q of ['ForAnyValue', 'ForAllValues']) for (const base of ['StringEquals', 'StringLike', 'StringNotEquals', 'StringNotLike', 'StringEqualsIgnoreCase', 'ArnLike', 'ArnEquals']) names.push(`${q}:${base}`);
  return names;
}
