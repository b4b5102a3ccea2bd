// The other `.tf` files of a `.tf` file's folder: Terraform reads them as one configuration, so
// a user in one file and its attachments in another get one verdict. Open documents are read
// as the editor has them, the rest from the disk (bounded: a folder of generated files must
// not stall the server).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ReferenceReader, TerraformFile } from '../core';
import { readInsideFolder } from '../shared/readInsideFolder';
import { uriToPath } from './documents';

const MAX_SIBLINGS = 64;
const MAX_SIBLING_SIZE = 2 * 1024 * 1024;

export function terraformSiblings(uri: string, openText: (uri: string) => string | undefined): TerraformFile[] {
  const file = uriToPath(uri);
  if (!file || !/\.tf$/i.test(file)) return [];
  const folder = path.dirname(file);
  let names: string[];
  try {
    names = fs.readdirSync(folder).filter((n) => /\.tf$/i.test(n) && path.join(folder, n) !== file).sort().slice(0, MAX_SIBLINGS);
  } catch {
    return [];
  }
  const siblings: TerraformFile[] = [];
  for (const name of names) {
    const full = path.join(folder, name);
    const siblingUri = pathToFileURL(full).href;
    let text = openText(siblingUri);
    if (text === undefined) {
      try {
        const stat = fs.statSync(full);
        if (!stat.isFile() || stat.size > MAX_SIBLING_SIZE) continue;
        text = fs.readFileSync(full, 'utf8');
      } catch {
        continue;
      }
    }
    if (text.includes('aws_iam_')) siblings.push({ file: siblingUri, text });
  }
  return siblings;
}

/** file("${path.module}/x.json") of a `.tf` on the disk: read inside its folder only. */
export const readTerraformReference: ReferenceReader = (fromUri, relative) => {
  const file = uriToPath(fromUri);
  return file ? readInsideFolder(path.dirname(file), relative) : { problem: 'the document is not on the disk' };
};
