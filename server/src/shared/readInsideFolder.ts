// A file that a `.tf` reads with file()/templatefile(), read only inside the folder of that
// `.tf` (and below): a path or a link that leads out of it is not read. Used by the command
// line's audit and by the language server's lenses.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isInside } from './walk';

const MAX_REFERENCED_SIZE = 16 * 1024 * 1024;

/**
 * A file a `.tf` reads with file()/templatefile(), only inside the folder of that `.tf` (and
 * below): a path or a link that leads out of it is not read.
 */
export function readInsideFolder(folder: string, relative: string): { text: string } | { problem: string } {
  const target = path.resolve(folder, ...relative.split('/'));
  let real: string;
  let realFolder: string;
  try {
    realFolder = fs.realpathSync(folder);
    real = fs.realpathSync(target);
  } catch (error) {
    return { problem: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  if (!isInside(real, realFolder)) return { problem: 'it leads out of the folder of this configuration (through a link): not read' };
  try {
    const stat = fs.statSync(real);
    if (!stat.isFile()) return { problem: 'not a file' };
    if (stat.size > MAX_REFERENCED_SIZE) return { problem: `larger than ${MAX_REFERENCED_SIZE / 1024 / 1024} MB: not read` };
    return { text: fs.readFileSync(real, 'utf8').replace(/^\uFEFF/, '') };
  } catch (error) {
    return { problem: `cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
}
