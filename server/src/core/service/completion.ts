// Completion inside a JSON policy: service prefixes then actions in "Action"/"NotAction",
// condition operators as keys of "Condition", condition keys inside an operator, "Effect" and
// "Version" values, statement element names. Where the cursor is comes from jsonc-parser's
// getLocation, which works on half-typed text the model cannot hold yet.
import { Node, findNodeAtLocation, getLocation, parseTree } from 'jsonc-parser';
// Items are in the core's own terms (offsets, kinds by name); lsp/completion.ts translates them.
import { findAction, findService, getCatalog } from '../catalog/catalog';
import { MFA_AGE_KEY, MFA_PRESENT_KEY } from '../analysis/mfaKeys';
import { actionDetails, mfaClassOf, mfaClassSentence } from '../explain/actionText';
import { describeConditionKey } from '../explain/conditionKeys';
import { describeOperator, operatorCompletionNames } from '../explain/operatorText';
import { formatCount } from '../explain/text';
import type { TextRange } from '../model';

export interface CompletionCapabilities {
  readonly snippets: boolean;
}

export type CompletionKind = 'module' | 'constant' | 'function' | 'operator' | 'property' | 'value';

export type CompletionData = { kind: 'action'; id: string } | { kind: 'key'; name: string } | { kind: 'service'; prefix: string };

/** Plain text, or markdown when `markdown` is set. */
export interface CompletionDocumentation {
  readonly value: string;
  readonly markdown: boolean;
}

export interface CompletionEntry {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail?: string;
  readonly documentation?: CompletionDocumentation;
  readonly sortText?: string;
  readonly filterText?: string;
  /** The text `range` is replaced with; a snippet (with $1 placeholders) when `snippet` is set. */
  readonly insert: { readonly range: TextRange; readonly newText: string; readonly snippet: boolean };
  readonly deprecated?: boolean;
  /** Open the suggestion list again once inserted (a service prefix goes on to its actions). */
  readonly retrigger?: boolean;
  /** What resolveCompletion needs to add the documentation later. */
  readonly data?: CompletionData;
}

interface Ctx {
  readonly text: string;
  readonly offset: number;
  readonly caps: CompletionCapabilities;
  /** The content range of the string the cursor is in (without quotes). */
  readonly stringRange?: { readonly start: number; readonly end: number };
  /** What is typed from the string's start to the cursor. */
  readonly typed: string;
}

const ACTION_ELEMENTS = new Set(['Action', 'NotAction']);
const STATEMENT_ELEMENTS: readonly [string, string][] = [
  ['Sid', '"$1"'],
  ['Effect', '"${1|Deny,Allow|}"'],
  ['Action', '[$1]'],
  ['NotAction', '[$1]'],
  ['Resource', '"${1:*}"'],
  ['NotResource', '[$1]'],
  ['Principal', '{$1}'],
  ['NotPrincipal', '{$1}'],
  ['Condition', '{$1}'],
];

/** `inPolicy`: the document is known to hold a policy (so a path without "Statement" still counts). */
export function provideCompletion(text: string, offset: number, caps: CompletionCapabilities, inPolicy: boolean): CompletionEntry[] {
  const location = getLocation(text, offset);
  const path = location.path;
  const n = path.length;
  const last = path[n - 1];
  const inStatement = inPolicy || path.includes('Statement');
  if (!inStatement) return [];

  const prev = location.previousNode;
  let stringRange: Ctx['stringRange'];
  if (prev && (prev.type === 'string' || prev.type === 'property')) {
    const start = prev.offset + 1;
    const closed = prev.length >= 2 && text[prev.offset + prev.length - 1] === '"';
    const end = prev.offset + prev.length - (closed ? 1 : 0);
    if (offset >= start && offset <= end) stringRange = { start, end };
  }
  // After a complete string or a number: nothing sensible to insert.
  if (prev && !stringRange) return [];
  const ctx: Ctx = { text, offset, caps, stringRange, typed: stringRange ? text.slice(stringRange.start, offset) : '' };

  if (location.isAtPropertyKey) {
    if (path[n - 2] === 'Condition') return operatorItems(ctx);
    if (path[n - 3] === 'Condition') return conditionKeyItems(ctx, text, path.slice(0, n - 3));
    if ((typeof path[n - 2] === 'number' && path[n - 3] === 'Statement') || path[n - 2] === 'Statement') return statementKeyItems(ctx);
    return [];
  }
  const element = typeof last === 'number' ? path[n - 2] : last;
  if (typeof element === 'string' && ACTION_ELEMENTS.has(element)) return actionItems(ctx);
  if (last === 'Effect') return valueItems(ctx, [['Deny', 'Denies the actions when the condition matches; beats any Allow.'], ['Allow', 'Allows the actions when the condition matches.']]);
  if (last === 'Version') return valueItems(ctx, [['2012-10-17', 'The current policy language; needed for policy variables such as ${aws:username}.'], ['2008-10-17', 'The old policy language: policy variables are not replaced. Use 2012-10-17.', true]]);
  return [];
}

const HCL_ACTION_KEYS = new Set(['actions', 'not_actions', 'Action', 'NotAction']);

/**
 * Completion in a Terraform file, inside a string: actions in `actions`/`not_actions` (and
 * jsonencode's or a heredoc's `Action`/`NotAction`), operators in `test`, condition keys in
 * `variable`, `Deny`/`Allow` in `effect`. Read from the text around the cursor, so that it
 * works while the block is half typed.
 */
export function provideHclCompletion(text: string, offset: number, caps: CompletionCapabilities): CompletionEntry[] {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  // Inside a string: an odd number of unescaped quotes before the cursor on its line.
  const quotes = [...before.matchAll(/(?<!\\)"/g)].map((m) => m.index!);
  if (quotes.length % 2 === 0) return [];
  const start = lineStart + quotes[quotes.length - 1] + 1;
  const close = text.indexOf('"', offset);
  const lineEnd = text.indexOf('\n', offset);
  const end = close >= 0 && (lineEnd < 0 || close < lineEnd) ? close : offset;
  const ctx: Ctx = { text, offset, caps, stringRange: { start, end }, typed: text.slice(start, offset) };
  const key = hclKeyBefore(text, start - 1);
  if (!key) return [];
  if (HCL_ACTION_KEYS.has(key)) return actionItems(ctx);
  // Inside the string, the items replace its content (no JSON key syntax around them).
  if (key === 'test') return operatorItems(ctx);
  if (key === 'variable') return conditionKeyItems(ctx, '', []);
  if (key === 'effect' || key === 'Effect') return valueItems(ctx, [['Deny', 'Denies the actions when the condition matches; beats any Allow.'], ['Allow', 'Allows the actions when the condition matches.']]);
  return [];
}

/** The attribute or key a string at `quote` is the value of (directly, or as an entry of a list). */
function hclKeyBefore(text: string, quote: number): string | undefined {
  let i = quote - 1;
  // Back over earlier entries of a list to its `[` (strings, commas, white space, line breaks).
  for (let guard = 0; guard < 10_000 && i >= 0; guard++) {
    const c = text[i];
    if (c === '"') {
      const open = text.lastIndexOf('"', i - 1);
      if (open < 0) return undefined;
      i = open - 1;
    } else if (/[\s,]/.test(c)) i--;
    else if (c === '[') {
      i--;
      break;
    } else break;
  }
  while (i >= 0 && /[ \t]/.test(text[i])) i--;
  if (text[i] !== '=' && text[i] !== ':') return undefined;
  i--;
  while (i >= 0 && /[ \t]/.test(text[i])) i--;
  const m = /"?([A-Za-z_][A-Za-z0-9_-]*)"?$/.exec(text.slice(Math.max(0, i - 80), i + 1));
  return m?.[1];
}

/** The documentation of an item that carries `data`, computed only for the item the user looks at. */
export function resolveCompletion(data: CompletionData | undefined): CompletionDocumentation | undefined {
  if (!data) return undefined;
  if (data.kind === 'action') {
    const action = findAction(data.id);
    if (!action) return undefined;
    const details = actionDetails(action.id);
    const parts = [`**${action.id}** · ${action.accessLevel}`];
    if (details?.description) parts.push(details.description);
    parts.push(mfaClassSentence(action.key));
    return { markdown: true, value: parts.join('\n\n') };
  }
  if (data.kind === 'key') {
    const d = describeConditionKey(data.name);
    const parts = [`**${d.name}**${d.type ? ` · ${d.type}` : ''}`, d.description];
    if (d.presence) parts.push(`**Present:** ${d.presence}`);
    if (d.caution) parts.push(d.caution);
    return { markdown: true, value: parts.join('\n\n') };
  }
  const service = findService(data.prefix);
  return service ? { markdown: false, value: `${service.name}: ${formatCount(service.actions.length)} actions.` } : undefined;
}

function range(ctx: Ctx): TextRange {
  return ctx.stringRange ?? { start: ctx.offset, end: ctx.offset };
}

/**
 * An item that replaces the string's content, or — outside a string — inserts a quoted string
 * (as a snippet when `snippetTail` is given and the client takes snippets).
 */
function edit(ctx: Ctx, value: string, snippetTail?: string): Pick<CompletionEntry, 'insert' | 'filterText'> {
  if (ctx.stringRange) return { insert: { range: range(ctx), newText: value, snippet: false }, filterText: value };
  if (snippetTail !== undefined && ctx.caps.snippets) {
    return { insert: { range: range(ctx), newText: `"${escapeSnippet(value)}${snippetTail}`, snippet: true }, filterText: `"${value}` };
  }
  return { insert: { range: range(ctx), newText: JSON.stringify(value), snippet: false }, filterText: JSON.stringify(value) };
}

function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

function actionItems(ctx: Ctx): CompletionEntry[] {
  const colon = ctx.typed.indexOf(':');
  if (colon < 0) {
    const items: CompletionEntry[] = [];
    for (const service of getCatalog().services.values()) {
      const value = `${service.prefix}:`;
      items.push({
        label: value,
        kind: 'module',
        detail: service.name,
        sortText: `0${service.prefix}`,
        data: { kind: 'service', prefix: service.prefix } satisfies CompletionData,
        // Go straight on to the service's actions.
        retrigger: true,
        ...edit(ctx, value, '$1"'),
      });
    }
    items.push({ label: '*', kind: 'constant', detail: 'every action of every service', sortText: '1*', ...edit(ctx, '*') });
    return items;
  }
  const service = findService(ctx.typed.slice(0, colon));
  if (!service) return [];
  const items: CompletionEntry[] = [
    { label: `${service.prefix}:*`, kind: 'constant', detail: `all ${formatCount(service.actions.length)} actions of ${service.name}`, sortText: '0', ...edit(ctx, `${service.prefix}:*`) },
  ];
  for (const action of service.actions) {
    const cls = mfaClassOf(action.key);
    const tag = cls === 'self-service' ? ' · self-service (MFA enrolment)' : cls === 'never-without-mfa' && action.service === 'iam' ? ' · never without MFA' : '';
    items.push({
      label: action.id,
      kind: 'function',
      detail: `${action.accessLevel}${tag}`,
      sortText: `1${action.name.toLowerCase()}`,
      data: { kind: 'action', id: action.id } satisfies CompletionData,
      ...edit(ctx, action.id),
    });
  }
  return items;
}

function operatorItems(ctx: Ctx): CompletionEntry[] {
  return operatorCompletionNames().map((name, i) => {
    const d = describeOperator(name);
    return {
      label: name,
      kind: 'operator',
      detail: d.matchesAbsent === true ? 'matches when the key is absent' : d.matchesAbsent === false ? 'does not match when the key is absent' : 'tests whether the key is absent',
      documentation: { markdown: true, value: `${d.summary}\n\n**When the key is absent:** ${d.whenAbsent}` },
      sortText: String(i).padStart(3, '0'),
      ...edit(ctx, name, '": {$1}'),
    };
  });
}

function conditionKeyItems(ctx: Ctx, text: string, statementPath: (string | number)[]): CompletionEntry[] {
  const catalog = getCatalog();
  const items: CompletionEntry[] = [];
  const seen = new Set<string>();
  const add = (name: string, type: string | undefined, sort: string) => {
    const lower = name.toLowerCase();
    if (seen.has(lower)) return;
    seen.add(lower);
    const value = name.replace(/\$\{[^}]*\}/g, '');
    items.push({ label: name, kind: 'property', detail: type, sortText: sort + lower, data: { kind: 'key', name } satisfies CompletionData, ...edit(ctx, value, '": "$1"') });
  };
  add(MFA_PRESENT_KEY, 'Bool', '0');
  add(MFA_AGE_KEY, 'Numeric', '0');
  for (const key of catalog.globalKeys) add(key.name, key.type, '1');
  for (const prefix of servicesOfStatement(text, statementPath)) {
    for (const key of catalog.conditionKeys.values()) if (key.name.toLowerCase().startsWith(`${prefix}:`)) add(key.name, key.type, '2');
    for (const pattern of catalog.keyPatterns) if (pattern.prefix.startsWith(`${prefix}:`)) add(pattern.key.name, pattern.key.type, '2');
  }
  return items;
}

/** The service prefixes named in the statement's Action/NotAction. */
function servicesOfStatement(text: string, statementPath: (string | number)[]): string[] {
  const root = parseTree(text);
  const statement: Node | undefined = root && findNodeAtLocation(root, statementPath);
  if (!statement || statement.type !== 'object') return [];
  const prefixes = new Set<string>();
  for (const property of statement.children ?? []) {
    const [key, value] = property.children ?? [];
    if (!key || !value || !ACTION_ELEMENTS.has(String(key.value))) continue;
    const strings = value.type === 'array' ? (value.children ?? []) : [value];
    for (const s of strings) {
      if (s.type !== 'string') continue;
      const prefix = String(s.value).split(':')[0].toLowerCase();
      if (prefix && !prefix.includes('*') && findService(prefix)) prefixes.add(prefix);
    }
  }
  return [...prefixes];
}

function statementKeyItems(ctx: Ctx): CompletionEntry[] {
  return STATEMENT_ELEMENTS.map(([name, valueSnippet], i) => ({ label: name, kind: 'property', sortText: String(i), ...edit(ctx, name, `": ${valueSnippet}`) }));
}

function valueItems(ctx: Ctx, values: readonly (readonly [string, string, boolean?])[]): CompletionEntry[] {
  return values.map(([value, doc, deprecated], i) => ({
    label: value,
    kind: 'value',
    documentation: { markdown: false, value: doc },
    sortText: String(i),
    ...(deprecated ? { deprecated: true } : {}),
    ...edit(ctx, value),
  }));
}
