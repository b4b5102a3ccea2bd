// The peak memory of a big lint run (issue #18). V8 doubles the young generation's two
// semi-spaces, up to 16 MB each, whenever enough of it survives scavenges, and a run of
// thousands of files gets there: 32 MB of the corpus run's 110 MB resident were semi-spaces.
// Node has no runtime setting for their maximum (--max-semi-space-size is read when the isolate
// is made, and a flag on the bin's "#!" line is not portable), but V8 reads
// --semi-space-growth-factor at each growth, so at 1 they stop growing where they are. Measured
// on the 1,645 AWS managed policies: 2 MB semi-spaces instead of 16 MB took the run from 112 MB
// to 83 MB at the same CPU time (the trees of one file die young either way).
import * as v8 from 'node:v8';

/** The new space (both semi-spaces) this process's lint runs let V8 grow to. */
export const YOUNG_GENERATION_LIMIT_BYTES = 4 * 1024 * 1024;

/**
 * A run past this many files lets the young generation grow again, as V8 would (to 16 MB
 * semi-spaces). A scavenge costs about what survives it (the file being linted), whatever the
 * semi-spaces' size, so bigger ones mean fewer scavenges for the same garbage: on 20,000 policy
 * files 98 scavenges instead of 780, 171 ms of the main thread's time instead of 399, and less
 * work for V8's helper threads, which a second --jobs thread needs the core of. The memory
 * this costs (~30 MB) is small beside what such a run keeps (its reports); the 1,645 AWS managed
 * policies stay under it and keep the small heap.
 */
export const BIG_RUN_FILES = 4096;

/** V8's own value (node 20 to 24), put back as the process exits. */
const DEFAULT_GROWTH_FACTOR = 2;

let held = false;
let released = false;
let filesSinceHeld = 0;
let userSetHeap: boolean | undefined;

/**
 * Stops the young generation's growth once it has reached the limit (the command's start-up
 * alone usually gets it there), and lets it grow again once the run has gone past BIG_RUN_FILES
 * files. Asked before the first file and before each file; a cheap look-up until it has acted, a
 * count after, nothing once released. Process-wide: only the command's own process calls
 * it, never a caller of run() in-process, and never the language server.
 */
export function holdYoungGeneration(): void {
  if (released) return;
  if (held) {
    if (++filesSinceHeld > BIG_RUN_FILES) {
      v8.setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_GROWTH_FACTOR}`);
      released = true;
    }
    return;
  }
  // Asked once: node's flags do not change while it runs.
  userSetHeap ??= heapSetByUser();
  if (userSetHeap) return;
  const newSpace = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
  if (!newSpace || newSpace.space_size < YOUNG_GENERATION_LIMIT_BYTES) return;
  v8.setFlagsFromString('--semi-space-growth-factor=1');
  held = true;
  // The bin writes its code cache at exit, and V8 rejects a cache made under other flags than
  // the next run's: the default goes back first (prepended: before the bin's own exit listener).
  process.prependOnceListener('exit', () => v8.setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_GROWTH_FACTOR}`));
}

/** Young generation flags given to node (NODE_OPTIONS, the command line) are the user's choice: left alone. */
function heapSetByUser(): boolean {
  return [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((arg) => /semi[-_]space/.test(arg));
}
