// The product's name and version, read from its package.json at run time (not compiled in,
// so `tsc` does not copy package.json into out/ and a bundle still finds it beside itself).
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface PackageInfo {
  readonly name: string;
  readonly version: string;
}

const PACKAGE_NAME = 'iam-mfa-guard';
const UNKNOWN: PackageInfo = { name: PACKAGE_NAME, version: '0.0.0' };

let cached: PackageInfo | undefined;

/** The nearest package.json named "iam-mfa-guard" above this module; never throws. */
export function packageInfo(): PackageInfo {
  if (!cached) cached = find(__dirname) ?? UNKNOWN;
  return cached;
}

function find(start: string): PackageInfo | undefined {
  let dir = start;
  for (;;) {
    try {
      const json = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (json.name === PACKAGE_NAME && typeof json.version === 'string') return { name: PACKAGE_NAME, version: json.version };
    } catch {
      // no package.json here, or not readable: keep looking upwards
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
