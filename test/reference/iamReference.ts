// A small reference IAM evaluator for one identity policy, written from the IAM User Guide
// ("Policy evaluation logic", "IAM JSON policy elements", "Condition operators", "Policy
// variables") and sharing no code with server/src/core: it reads the policy as plain JSON.
// Answers are three-valued: 'depends' where the request leaves a key unknown, or where the
// documentation leaves the outcome open (ForAnyValue with …IfExists on an absent key).

export type Answer = 'yes' | 'no' | 'depends';
export type Context = 'access-key' | 'no-mfa-session' | 'mfa-session' | 'mfa-stale';

export interface ReferenceRequest {
  action: string;
  resource: string;
  /** An IAM user in account 123456789012. */
  userName: string;
  context: Context;
  /** Age of the stale MFA session, in seconds. */
  staleAge: number;
  /** Other keys by lower-case name; a key not listed is unknown. */
  known: Record<string, string[]>;
}

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
type Statement = Record<string, Json>;

const or = (a: Answer, b: Answer): Answer => (a === 'yes' || b === 'yes' ? 'yes' : a === 'depends' || b === 'depends' ? 'depends' : 'no');
const and = (a: Answer, b: Answer): Answer => (a === 'no' || b === 'no' ? 'no' : a === 'depends' || b === 'depends' ? 'depends' : 'yes');
const not = (a: Answer): Answer => (a === 'yes' ? 'no' : a === 'no' ? 'yes' : 'depends');
const anyOf = (xs: Answer[]): Answer => xs.reduce(or, 'no');
const allOf = (xs: Answer[]): Answer => xs.reduce(and, 'yes');

function asList(value: Json | undefined): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => String(v));
}

/** Glob with `*` (any run) and `?` (one character), character by character. */
function glob(pattern: string, text: string, ignoreCase: boolean, stopAtColon = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const t = ignoreCase ? text.toLowerCase() : text;
  const memo = new Map<string, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i + ',' + j;
    if (memo.has(key)) return memo.get(key)!;
    let r: boolean;
    if (i === p.length) r = j === t.length;
    else if (p[i] === '*') r = go(i + 1, j) || (j < t.length && !(stopAtColon && t[j] === ':') && go(i, j + 1));
    else if (j < t.length && (p[i] === '?' ? !(stopAtColon && t[j] === ':') : p[i] === t[j])) r = go(i + 1, j + 1);
    else r = false;
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

/** The request's value for a key: undefined = absent, null = unknown. */
function keyValues(req: ReferenceRequest, key: string): string[] | undefined | null {
  const k = key.toLowerCase();
  if (k === 'aws:multifactorauthpresent') return req.context === 'access-key' ? undefined : [req.context === 'no-mfa-session' ? 'false' : 'true'];
  if (k === 'aws:multifactorauthage') return req.context === 'mfa-session' ? ['0'] : req.context === 'mfa-stale' ? [String(req.staleAge)] : undefined;
  if (k === 'aws:username') return [req.userName];
  if (k === 'aws:principalarn') return [`arn:aws:iam::123456789012:user/${req.userName}`];
  if (k in req.known) return req.known[k];
  return null;
}

const MARK = '\u0000';

/**
 * Replaces ${…} in a Resource or condition value. Returns the text with wildcards kept, the
 * escapes turned into marked literals, or 'nomatch' (absent key, no default) or 'unknown'.
 */
function substitute(value: string, req: ReferenceRequest): { text: string } | 'nomatch' | 'unknown' {
  let out = '';
  let unknown = false;
  let i = 0;
  while (i < value.length) {
    if (value.startsWith('${', i)) {
      const end = value.indexOf('}', i);
      if (end > 0) {
        const inner = value.slice(i + 2, end);
        i = end + 1;
        if (inner === '*' || inner === '?' || inner === '$') {
          out += MARK + inner;
          continue;
        }
        const m = /^\s*([^,\s]+)\s*(?:,\s*'(.*)'\s*)?$/.exec(inner);
        if (!m) {
          out += '${' + inner + '}';
          continue;
        }
        const values = keyValues(req, m[1]);
        if (values === null) unknown = true;
        else if (values && values.length === 1) out += values[0].replace(/[*?]/g, (c) => MARK + c);
        else if (m[2] !== undefined) out += m[2].replace(/''/g, "'").replace(/[*?]/g, (c) => MARK + c);
        else return 'nomatch';
        continue;
      }
    }
    out += value[i++];
  }
  return unknown ? 'unknown' : { text: out };
}

/** Glob where MARK-prefixed characters are literal. */
function globMarked(pattern: string, text: string, ignoreCase: boolean, stopAtColon = false): boolean {
  // Encode marked literals as characters outside what policies contain, then glob.
  const lit: Record<string, string> = { '*': '\u0001', '?': '\u0002', $: '$' };
  const p = pattern.replace(new RegExp(MARK + '([*?$])', 'g'), (_, c: string) => lit[c]);
  const t = text.replace(/\*/g, '\u0001').replace(/\?/g, '\u0002');
  return glob(p, t, ignoreCase, stopAtColon);
}

function arnLike(pattern: string, arn: string): boolean {
  const pp = pattern.split(':');
  const ap = arn.split(':');
  if (pp.length < 6) return globMarked(pattern, arn, false);
  if (ap.length < 6) return false;
  for (let s = 0; s < 5; s++) if (!globMarked(pp[s], ap[s], false, true)) return false;
  return globMarked(pp.slice(5).join(':'), ap.slice(5).join(':'), false);
}

function resourceMatches(patterns: string[], req: ReferenceRequest, variables: boolean): Answer {
  return anyOf(
    patterns.map((p) => {
      const s = variables ? substitute(p, req) : { text: p };
      if (s === 'nomatch') return 'no';
      if (s === 'unknown') return arnLike(p.replace(/\$\{[^}]*\}/g, '*'), req.resource) ? 'depends' : 'no';
      return arnLike(s.text, req.resource) ? 'yes' : 'no';
    }),
  );
}

function compare(op: string, a: number, b: number): boolean {
  if (op.endsWith('NotEquals')) return a !== b;
  if (op.endsWith('LessThanEquals')) return a <= b;
  if (op.endsWith('GreaterThanEquals')) return a >= b;
  if (op.endsWith('LessThan')) return a < b;
  if (op.endsWith('GreaterThan')) return a > b;
  return a === b;
}

/** One request value against one policy value, before negation. */
function matchOne(base: string, actual: string, expected: string): boolean {
  if (base === 'Bool') return actual.toLowerCase() === expected.toLowerCase();
  if (base.startsWith('StringLike') || base.startsWith('StringNotLike')) return globMarked(expected, actual, false);
  if (base.startsWith('String')) return base.includes('IgnoreCase') ? actual.toLowerCase() === expected.toLowerCase() : actual === expected.replace(new RegExp(MARK, 'g'), '');
  if (base.startsWith('Numeric')) {
    if (actual.trim() === '' || expected.trim() === '' || isNaN(Number(actual)) || isNaN(Number(expected))) return false;
    return compare(base.replace('Not', 'Not'), Number(actual), Number(expected));
  }
  return false;
}

function conditionKey(operator: string, key: string, policyValues: string[], req: ReferenceRequest, variables: boolean): Answer {
  let set: 'any' | 'all' | undefined;
  let op = operator;
  if (/^ForAnyValue:/i.test(op)) set = 'any';
  if (/^ForAllValues:/i.test(op)) set = 'all';
  op = op.replace(/^For(Any|All)Values?:/i, '');
  const ifExists = /IfExists$/.test(op);
  const base = op.replace(/IfExists$/, '');
  const negated = /^(StringNot|NumericNotEquals|NotIp|ArnNot|DateNotEquals)/.test(base);
  const actual = keyValues(req, key);
  if (actual === null) return 'depends';
  if (base === 'Null') return anyOf(policyValues.map((v) => ((v.toLowerCase() === 'true') === (actual === undefined) ? 'yes' : 'no')));
  if (actual === undefined) {
    if (set === 'any') return ifExists ? 'depends' : 'no';
    if (set === 'all' || ifExists || negated) return 'yes';
    return 'no';
  }
  const one = (a: string): Answer => {
    const hits = policyValues.map((pv): Answer => {
      const s = variables ? substitute(pv, req) : { text: pv };
      if (s === 'nomatch') return 'no';
      if (s === 'unknown') return 'depends';
      return matchOne(negated ? base.replace('Not', '') : base, a, s.text) ? 'yes' : 'no';
    });
    const positive = anyOf(hits);
    return negated ? not(positive) : positive;
  };
  return set === 'all' ? allOf(actual.map(one)) : anyOf(actual.map(one));
}

function statementApplies(st: Statement, req: ReferenceRequest, variables: boolean): Answer {
  const actions = st.Action !== undefined ? asList(st.Action) : undefined;
  const notActions = st.NotAction !== undefined ? asList(st.NotAction) : undefined;
  const actionHit = (list: string[]) => list.some((p) => glob(p, req.action, true));
  const action: Answer = actions ? (actionHit(actions) ? 'yes' : 'no') : notActions ? (actionHit(notActions) ? 'no' : 'yes') : 'no';
  let resource: Answer = 'yes';
  if (st.Resource !== undefined) resource = resourceMatches(asList(st.Resource), req, variables);
  else if (st.NotResource !== undefined) resource = not(resourceMatches(asList(st.NotResource), req, variables));
  let condition: Answer = 'yes';
  const block = (st.Condition ?? {}) as Record<string, Record<string, Json>>;
  for (const [operator, keys] of Object.entries(block)) for (const [key, values] of Object.entries(keys)) condition = and(condition, conditionKey(operator, key, asList(values), req, variables));
  return and(action, and(resource, condition));
}

export interface ReferenceResult {
  explicitDeny: Answer;
  allow: Answer;
}

export function referenceEvaluate(policy: { Version?: string; Statement: Statement | Statement[] }, req: ReferenceRequest): ReferenceResult {
  const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  const variables = policy.Version === '2012-10-17';
  let explicitDeny: Answer = 'no';
  let allow: Answer = 'no';
  for (const st of statements) {
    const applies = statementApplies(st, req, variables);
    if (st.Effect === 'Deny') explicitDeny = or(explicitDeny, applies);
    if (st.Effect === 'Allow') allow = or(allow, applies);
  }
  return { explicitDeny, allow };
}

/** The final decision for the policy alone ('allow-star': the principal also holds Allow *). */
export function referenceDecision(r: ReferenceResult, assumeAllowAll: boolean): 'denied' | 'allowed' | 'depends' {
  if (r.explicitDeny === 'yes') return 'denied';
  const allowed = assumeAllowAll ? 'yes' : r.allow;
  if (r.explicitDeny === 'depends') return allowed === 'no' ? 'denied' : 'depends';
  return allowed === 'yes' ? 'allowed' : allowed === 'no' ? 'denied' : 'depends';
}
