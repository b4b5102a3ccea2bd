// MFA003: the deny-unless-MFA does not apply in one of the no-MFA contexts.
import { ActionSet } from '../analysis/actionSet';
import { mfaKeyKind } from '../analysis/mfaKeys';
import { ContextId, describeContexts, NO_MFA_CONTEXTS } from '../analysis/contexts';
import { parseOperator, withIfExists } from '../analysis/operators';
import type { AnalyzedStatement, PolicyAnalysis } from '../analysis/policyAnalysis';
import type { ConditionOperatorNode } from '../model';
import { uncoveredByOthers, exampleOf, formatCount, mfaDenies, MAX_RELATED, nonEmpty, relatedStatement, relatedStatements } from './helpers';
import type { PolicyRule } from './rule';

/** What MFA003 findings carry for the fix and the hover. */
export type Mfa003Data = {
  readonly contexts: readonly ContextId[];
  readonly operator?: string;
  readonly suggestedOperator?: string;
  readonly key: string;
};

export const mfa003: PolicyRule<Mfa003Data> = {
  id: 'MFA003',
  title: 'MFA deny misses a request context',
  defaultSeverity: 'error',
  enabledByDefault: true,
  restsOnEveryStatement: true,
  source: 'AWS Knowledge Center "MFA with the AWS CLI"; IAM User Guide, aws:MultiFactorAuthPresent; Sallai (2020); S3 example fixed by AWS (2020)',
  check(policy, report) {
    const denies = mfaDenies(policy);
    let exemptedByOthers: ActionSet[] | undefined;
    denies.forEach((deny, i) => {
      const missed: ContextId[] = [];
      let slipping = ActionSet.NONE;
      for (const context of NO_MFA_CONTEXTS) {
        if (!missesContext(deny, context)) continue;
        // What another MFA deny of the policy exempts on purpose (enrolment, ChangePassword) is meant to stay open.
        exemptedByOthers ??= exemptedByTheOthers(denies);
        const gap = uncoveredByOthers(policy, deny, context).minus(exemptedByOthers[i]);
        if (gap.isEmpty) continue;
        missed.push(context);
        slipping = slipping.union(gap);
      }
      if (missed.length === 0) return;
      const operator = culprit(deny);
      const count = slipping.count();
      const what = slipping.isAll ? 'every action' : `${exampleOf(slipping) ?? 'its actions'}${count > 1 ? ` and ${formatCount(count - 1)} other actions` : ''}`;
      report({
        range: operator?.nameRange ?? deny.mfaKeys[0].nameRange,
        statementIndex: deny.node.index,
        message: `This deny never applies to ${describeContexts(missed)}: ${explain(operator, missed)} So ${what} ${count === 1 || slipping.isAll ? 'stays' : 'stay'} allowed without MFA there.`,
        related: relatedStatements(otherMfaDenies(policy, deny), 'another MFA deny that does not close this gap'),
        data: { contexts: missed, operator: operator?.name, suggestedOperator: operator ? suggestion(operator.name) : undefined, key: deny.mfaKeys[0].name },
      });
    });
  },
};

/**
 * For each deny, the union of what every other NotAction deny exempts: built from running
 * unions before and after it, so a policy of many denies costs a linear number of unions.
 */
function exemptedByTheOthers(denies: readonly AnalyzedStatement[]): ActionSet[] {
  const exempted = denies.map((d) => (d.usesNotAction ? d.actions.invert() : ActionSet.NONE));
  const before: ActionSet[] = [];
  let running = ActionSet.NONE;
  for (let i = 0; i < exempted.length; i++) {
    before.push(running);
    running = running.union(exempted[i]);
  }
  running = ActionSet.NONE;
  const result = new Array<ActionSet>(exempted.length);
  for (let i = exempted.length - 1; i >= 0; i--) {
    result[i] = before[i].union(running);
    running = running.union(exempted[i]);
  }
  return result;
}

/** Fails there, or hangs on an MFA key whose outcome the documentation leaves open (ForAnyValue:…IfExists). */
function missesContext(deny: AnalyzedStatement, context: ContextId): boolean {
  const verdict = deny.verdicts[context];
  return verdict.kind === 'fails' || (verdict.kind === 'depends' && verdict.dependsOn.some((k) => mfaKeyKind(k.name)));
}

/** The operator whose key makes the statement fail in a no-MFA context. */
function culprit(deny: AnalyzedStatement): ConditionOperatorNode | undefined {
  const ops = deny.node.condition?.operators ?? [];
  const onMfaKey = (op: ConditionOperatorNode) => op.keys.some((k) => mfaKeyKind(k.name));
  return (
    ops.find((op) => onMfaKey(op) && parseOperator(op.name)?.qualifier === 'ForAnyValue') ??
    ops.find((op) => onMfaKey(op) && !parseOperator(op.name)?.ifExists) ??
    ops.find(onMfaKey)
  );
}

function explain(op: ConditionOperatorNode | undefined, missed: ContextId[]): string {
  const info = op && parseOperator(op.name);
  const key = op?.keys.find((k) => mfaKeyKind(k.name));
  if (!op || !info || !key) return 'its condition does not match there.';
  if (info.qualifier === 'ForAnyValue') return `"${op.name}" on ${key.name}, which requests signed with long-term access keys do not carry: the IAM documentation says ForAnyValue is false for an absent key${info.ifExists ? ' and IfExists true, so whether it applies is not defined' : ''}; use "${suggestion(op.name)}".`;
  if (info.family === 'Null') return `"${op.name}" on ${key.name} only matches when the key is absent, but sessions without MFA carry aws:MultiFactorAuthPresent = "false".`;
  const absentNote = `${key.name} is absent from requests signed with long-term access keys${mfaKeyKind(key.name) === 'age' ? ' and from sessions without MFA' : ''}, and "${op.name}" does not match an absent key`;
  if (missed.includes('access-key')) return `${absentNote}; use "${suggestion(op.name)}".`;
  return `its condition does not match ${describeContexts(missed)}.`;
}

function suggestion(operator: string): string {
  const info = parseOperator(operator);
  if (!info || info.family === 'Null') return operator;
  // A single-valued MFA key needs no set operator; without it IfExists is well defined.
  return withIfExists(info.qualifier === 'ForAnyValue' ? operator.slice(operator.indexOf(':') + 1) : operator, true);
}

/** The first few other MFA-keyed Denies (stops early: a policy may have thousands). */
function otherMfaDenies(policy: PolicyAnalysis, deny: AnalyzedStatement): AnalyzedStatement[] {
  const out: AnalyzedStatement[] = [];
  for (const s of policy.statements) {
    if (out.length >= MAX_RELATED) break;
    if (s !== deny && s.effect === 'Deny' && s.mfaKeys.length > 0) out.push(s);
  }
  return out;
}
