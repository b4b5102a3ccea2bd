// One plain sentence per request context for a statement (RULES.md §5): what it denies or
// allows, on which resources, and why its condition does or does not apply there.
import type { AnalyzedStatement } from '../analysis/policyAnalysis';
import { CONTEXTS, CONTEXT_TITLES, ContextId } from '../analysis/contexts';
import { evaluateKey } from '../analysis/conditions';
import { mfaKeyKind, misspelledMfaKey } from '../analysis/mfaKeys';
import { parseOperator } from '../analysis/operators';
import type { ConditionKeyNode, ConditionOperatorNode } from '../model';
import { mfaKeyValueIn } from './conditionKeys';
import { code, formatCount, joinAnd, plural } from './text';

/** The contexts a hover explains, in order; `mfa-stale` only where it differs. */
export const HOVER_CONTEXTS: readonly ContextId[] = ['access-key', 'no-mfa-session', 'mfa-session', 'mfa-stale'];

export interface ContextSentence {
  readonly context: ContextId;
  readonly title: string;
  readonly applies: 'yes' | 'no' | 'depends';
  readonly sentence: string;
}

export interface StatementExplanation {
  /** "Statement "DenyAllExceptListedIfNoMFA" (Deny)". */
  readonly heading: string;
  /** The whole statement in one sentence, e.g. "Denies every action except the 7 listed, on any resource, whenever …". */
  readonly summary: string;
  readonly contexts: readonly ContextSentence[];
}

export function explainStatement(stmt: AnalyzedStatement, isFragment = false): StatementExplanation {
  const node = stmt.node;
  const name = node.sid?.value ? `Statement ${code(node.sid.value)}` : `Statement ${node.index + 1}`;
  const heading = `${name}${stmt.effect ? ` (${stmt.effect})` : ''}`;
  if (!stmt.effect) {
    const sentence = `Has no effect: ${node.effect ? `Effect ${code(String(node.effect.value))} is` : 'Effect is missing, which is'} not "Allow" or "Deny", so IAM rejects the policy.`;
    return { heading, summary: sentence, contexts: contextsToShow(stmt).map((c) => ({ context: c, title: CONTEXT_TITLES[c], applies: 'no', sentence })) };
  }
  const verb = stmt.effect === 'Deny' ? 'Denies' : 'Allows';
  const what = `${verb} ${actionsPhrase(stmt, isFragment)}${resourcePhrase(stmt)}`;
  const contexts = contextsToShow(stmt).map((c) => contextSentence(stmt, c, what));
  return { heading, summary: `${what}, ${whenPhrase(stmt)}.`, contexts };
}

function contextsToShow(stmt: AnalyzedStatement): ContextId[] {
  const list: ContextId[] = ['access-key', 'no-mfa-session', 'mfa-session'];
  if (stmt.verdicts['mfa-stale'].kind !== stmt.verdicts['mfa-session'].kind) list.push('mfa-stale');
  return list;
}

function contextSentence(stmt: AnalyzedStatement, context: ContextId, what: string): ContextSentence {
  const verdict = stmt.verdicts[context];
  const title = CONTEXT_TITLES[context];
  const reasons = keyReasons(stmt, context);
  if (verdict.kind === 'fails') {
    const failing = reasons.find((r) => r.result === 'fails');
    return { context, title, applies: 'no', sentence: `Does not apply${failing ? ` — ${failing.text}` : ''}.` };
  }
  if (verdict.kind === 'holds') {
    const why = reasons.filter((r) => r.mfa).map((r) => r.text);
    const tail = !stmt.node.condition ? ' (no condition)' : why.length ? ` — ${why.join('; ')}` : '';
    return { context, title, applies: 'yes', sentence: `${what}${tail}.` };
  }
  const others = verdict.dependsOn.map((k) => code(k.name));
  const unknown = verdict.unknownOperators.map((o) => `the unknown operator ${code(o.name)}`);
  const on = joinAnd([...others, ...unknown]);
  const mfaWhy = reasons.filter((r) => r.mfa).map((r) => r.text);
  return {
    context,
    title,
    applies: 'depends',
    sentence: `${what}, only when ${on} ${others.length + unknown.length === 1 ? 'matches' : 'match'} the condition${mfaWhy.length ? ` (${mfaWhy.join('; ')})` : ''}; otherwise it does not apply.`,
  };
}

interface KeyReason {
  readonly text: string;
  readonly result: 'holds' | 'fails' | 'depends';
  readonly mfa: boolean;
}

function keyReasons(stmt: AnalyzedStatement, context: ContextId): KeyReason[] {
  const out: KeyReason[] = [];
  for (const op of stmt.node.condition?.operators ?? []) {
    const info = parseOperator(op.name);
    if (!info) continue;
    for (const key of op.keys) {
      const result = evaluateKey(info, key, CONTEXTS[context]);
      const value = mfaKeyValueIn(key.name, context);
      if (value === undefined) {
        out.push({ text: `depends on ${code(key.name)}`, result, mfa: false });
        continue;
      }
      out.push({ text: keyReasonText(op, key, value, result === 'holds', info.family === 'Null'), result, mfa: true });
    }
  }
  return out;
}

function keyReasonText(op: ConditionOperatorNode, key: ConditionKeyNode, value: string, matches: boolean, isNull: boolean): string {
  const keyText = misspelledMfaKey(key.name) ? `${code(key.name)} (not a real key)` : code(key.name);
  const values = key.values.map((v) => (typeof v.value === 'string' ? `"${v.value}"` : String(v.value)));
  const valuesText = values.length === 1 ? values[0] : `[${values.join(', ')}]`;
  const absent = value.startsWith('absent');
  if (isNull) return `${keyText} is ${absent ? 'absent' : 'present'}, so ${code(op.name)} ${valuesText} ${matches ? 'matches' : 'does not match'}`;
  if (absent) return `${keyText} is absent, and ${code(op.name)} ${matches ? 'matches' : 'does not match'} a missing key`;
  return `${keyText} is ${value}, which ${matches ? 'matches' : 'does not match'} ${code(op.name)} ${valuesText}`;
}

function actionsPhrase(stmt: AnalyzedStatement, isFragment: boolean): string {
  const node = stmt.node;
  if (node.action) {
    const values = node.action.values.map((v) => v.value);
    if (values.length === 0) return node.action.unknownValues ? 'the actions given by the template' : 'no action (the list is empty)';
    if (values.some((v) => v.trim() === '*' || v.trim() === '*:*')) return 'every action';
    const wild = values.some((v) => v.includes('*') || v.includes('?'));
    if (!wild) return values.length <= 3 ? joinAnd(values.map(code)) : `the ${values.length} listed actions`;
    const count = stmt.actions.count();
    if (values.length === 1) return `the ${plural(count, 'action')} matching ${code(values[0])}`;
    return `${plural(count, 'action')} (from ${values.length} listed entries)`;
  }
  if (node.notAction) {
    const values = node.notAction.values.map((v) => v.value);
    if (values.some((v) => v.trim() === '*' || v.trim() === '*:*')) return 'no action (NotAction "*" leaves nothing)';
    if (values.length === 0) return 'every action';
    const wild = values.some((v) => v.includes('*') || v.includes('?'));
    if (!wild) return values.length === 1 ? `every action except ${code(values[0])}` : `every action except the ${values.length} listed`;
    const excluded = stmt.actions.invert().count();
    if (values.length === 1) return `every action except the ${formatCount(excluded)} matching ${code(values[0])}`;
    return `every action except ${formatCount(excluded)} (from ${values.length} listed entries)`;
  }
  return isFragment ? 'every action (the fragment names none)' : 'no action (it has neither Action nor NotAction)';
}

function resourcePhrase(stmt: AnalyzedStatement): string {
  const node = stmt.node;
  if (!node.resource && !node.notResource) return '';
  switch (stmt.scope) {
    case 'self':
      return ", only on the caller's own resources (`${aws:username}`)";
    case 'others':
      return ", on every resource except the caller's own";
    case 'all':
      return node.resource ? ', on any resource' : `, on every resource except the ${plural(node.notResource!.values.length, 'listed one', 'listed ones')}`;
    default: {
      if (node.resource) {
        const values = node.resource.values;
        return values.length === 1 ? `, on ${code(values[0].value)}` : `, on ${values.length} listed resources`;
      }
      return ', on no resource (NotResource covers everything)';
    }
  }
}

function whenPhrase(stmt: AnalyzedStatement): string {
  const v = (c: ContextId) => stmt.verdicts[c].kind;
  const dependsKeys = [
    ...new Set(HOVER_CONTEXTS.flatMap((c) => [...stmt.verdicts[c].dependsOn.map((k) => code(k.name)), ...stmt.verdicts[c].unknownOperators.map((o) => `the unknown operator ${code(o.name)}`)])),
  ];
  const depends = dependsKeys.length ? ` (and only when ${joinAnd(dependsKeys)} ${dependsKeys.length === 1 ? 'matches' : 'match'})` : '';
  const applies = (c: ContextId) => v(c) !== 'fails';
  const ak = applies('access-key');
  const ns = applies('no-mfa-session');
  const ms = applies('mfa-session');
  const stale = applies('mfa-stale');
  if (!stmt.node.condition) return 'unconditionally, with or without MFA';
  if (ak && ns && ms && stale) return `with or without MFA${depends}`;
  if (ak && ns && !ms && !stale) return `whenever the request was not MFA-authenticated — including long-term access keys${depends}`;
  if (ak && ns && !ms && stale) return `whenever the request was not MFA-authenticated, or MFA is older than the limit — including long-term access keys${depends}`;
  if (!ak && ns && !ms) return `only in sessions signed in without MFA — not for long-term access keys (CLI/SDK), which carry no MFA key${depends}`;
  if (ak && !ns && !ms) return `only for long-term access keys — not for sessions signed in without MFA${depends}`;
  if (!ak && !ns && ms) return `only in MFA-authenticated sessions${depends}`;
  if (ak && !ns && ms) return `for MFA sessions and for long-term access keys (which carry no MFA key), but not for sessions signed in without MFA${depends}`;
  if (!ak && !ns && !ms && stale) return `only once the MFA sign-in is older than the limit — never to requests without MFA${depends}`;
  if (!ak && !ns && !ms && !stale) return 'in no request context: its condition never matches';
  const yes = HOVER_CONTEXTS.filter(applies).map((c) => CONTEXTS[c].label);
  const no = HOVER_CONTEXTS.filter((c) => !applies(c)).map((c) => CONTEXTS[c].label);
  return `for ${joinAnd(yes)}, but not for ${joinAnd(no)}${depends}`;
}
