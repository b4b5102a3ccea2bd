// Walking a folder the user named: every real folder and file is visited once (a "diamond"
// of symlinks does not multiply the work), and a symlink that leads outside the named folder
// is not followed — a cloned repository must not make the linter read, or `--fix` write,
// files elsewhere on the machine.
import * as fs from 'node:fs';
import * as path from 'node:path';

// .terraform holds the modules `terraform init` downloaded: not the user's code.
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.terraform']);

/** A folder the walk never enters (node_modules, .git, .terraform). */
export function isSkippedFolder(name: string): boolean {
  return SKIPPED_DIRS.has(name);
}

export interface WalkedFile {
  /** The path as found (through the links the walk took). */
  readonly path: string;
  /** Its real path: what identifies it, and what `--fix` writes. */
  readonly realPath: string;
}

export interface WalkProblem {
  readonly path: string;
  readonly error: unknown;
}

/** Whether `inner` is `outer` or below it (both real, absolute paths). A name that starts with ".." ("..data.json") is below. */
export function isInside(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/**
 * The files below `root` for which `wanted(name)` holds, sorted by name within each folder.
 * `visited` holds real paths of folders and files already seen (shared across the roots of one
 * run, so a file named twice is linted once). Iterative: a deep tree cannot overflow the stack.
 * `found` hears of each file as the walk comes to it (in the order of `files`), with the real root.
 */
export async function walkFolder(
  root: string,
  wanted: (name: string) => boolean,
  visited: Set<string>,
  problems: WalkProblem[],
  found?: (file: WalkedFile, realRoot: string) => void,
): Promise<{ files: WalkedFile[]; realRoot: string | undefined }> {
  const files: WalkedFile[] = [];
  let realRoot: string;
  try {
    realRoot = await fs.promises.realpath(root);
  } catch (error) {
    problems.push({ path: root, error });
    return { files, realRoot: undefined };
  }
  if (visited.has(realRoot)) return { files, realRoot };
  visited.add(realRoot);
  // Depth first in name order, as a recursive walk would go, with an explicit stack.
  const stack: { dir: string; real: string; entries: fs.Dirent[]; next: number }[] = [];
  const open = async (dir: string, real: string) => {
    try {
      const entries = await fs.promises.readdir(dir, { withFileTypes: true });
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      stack.push({ dir, real, entries, next: 0 });
    } catch (error) {
      problems.push({ path: dir, error });
    }
  };
  await open(root, realRoot);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.next >= frame.entries.length) {
      stack.pop();
      continue;
    }
    const entry = frame.entries[frame.next++];
    const full = path.join(frame.dir, entry.name);
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    let real = path.join(frame.real, entry.name);
    if (entry.isSymbolicLink()) {
      try {
        real = await fs.promises.realpath(full);
        const target = await fs.promises.stat(real);
        isDirectory = target.isDirectory();
        isFile = target.isFile();
      } catch {
        continue; // a dangling link found while walking is not something the user named
      }
      if (!isInside(real, realRoot)) continue; // out of the tree: not followed
    }
    if (isDirectory) {
      if (isSkippedFolder(entry.name) || visited.has(real)) continue;
      visited.add(real);
      await open(full, real);
    } else if (isFile && wanted(entry.name)) {
      if (visited.has(real)) continue;
      visited.add(real);
      const file = { path: full, realPath: real };
      files.push(file);
      found?.(file, realRoot);
    }
  }
  return { files, realRoot };
}
