// IAM009: the operator's type does not fit the key's type, or a value does not fit the operator.
import { mfaKeyKind } from '../../analysis/mfaKeys';
import { OperatorFamily, parseOperator } from '../../analysis/operators';
import { findConditionKey } from '../../catalog/catalog';
import type { PolicyRule } from '../rule';

/** Which operator families each catalog key type accepts. String operators work on most types. */
const ACCEPTS: Record<string, readonly OperatorFamily[]> = {
  Bool: ['Bool', 'Null', 'String'],
  ArrayOfBool: ['Bool', 'Null', 'String'],
  Numeric: ['Numeric', 'Null', 'String'],
  Date: ['Date', 'Null', 'String', 'Numeric'],
  IPAddress: ['IpAddress', 'Null'],
  ARN: ['Arn', 'String', 'Null'],
  ArrayOfARN: ['Arn', 'String', 'Null'],
  String: ['String', 'Arn', 'Null'],
  ArrayOfString: ['String', 'Arn', 'Null'],
};

/** What IAM009 findings carry for the fix and the hover. */
export type Iam009Data = {
  readonly operator: string;
  readonly key: string;
  readonly keyType: string;
};

export const iam009: PolicyRule<Iam009Data> = {
  id: 'IAM009',
  title: 'Condition key and operator types do not match',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  check(policy, report) {
    for (const s of policy.statements) {
      for (const op of s.node.condition?.operators ?? []) {
        const info = parseOperator(op.name);
        if (!info) continue; // IAM008
        for (const key of op.keys) {
          const type = findConditionKey(key.name)?.type;
          const accepted = type ? ACCEPTS[type] : undefined;
          if (type && accepted && !accepted.includes(info.family)) {
            report({
              range: op.nameRange,
              statementIndex: s.node.index,
              message: `"${op.name}" compares ${describeFamily(info.family)}, but ${key.name} is of type ${type}: the condition ${info.negated ? 'always matches' : 'never matches'}.`,
              data: { operator: op.name, key: key.name, keyType: type },
            });
            continue;
          }
          // Only the Bool, Null and Numeric families say anything about their values.
          if (info.family !== 'Bool' && info.family !== 'Null' && info.family !== 'Numeric') continue;
          for (const value of key.values) {
            const text = String(value.value).toLowerCase();
            if (info.family === 'Bool' && text !== 'true' && text !== 'false') {
              report({ range: value.range, statementIndex: s.node.index, message: `"${op.name}" takes "true" or "false", not ${JSON.stringify(value.value)}.` });
            } else if (info.family === 'Null' && text !== 'true' && text !== 'false') {
              report({ range: value.range, statementIndex: s.node.index, message: `"Null" takes "true" (key absent) or "false" (key present), not ${JSON.stringify(value.value)}.` });
            } else if (info.family === 'Numeric' && (String(value.value).trim() === '' || Number.isNaN(Number(value.value)))) {
              report({ range: value.range, statementIndex: s.node.index, message: `"${op.name}" takes a number, not ${JSON.stringify(value.value)}${mfaKeyKind(key.name) === 'age' ? ' (aws:MultiFactorAuthAge is in seconds)' : ''}.` });
            }
          }
        }
      }
    }
  },
};

function describeFamily(family: OperatorFamily): string {
  return { String: 'strings', Numeric: 'numbers', Date: 'dates', Bool: 'booleans', Binary: 'binary values', IpAddress: 'IP addresses', Arn: 'ARNs', Null: 'presence' }[family];
}
