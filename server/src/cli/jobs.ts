// --jobs: big runs spread their files over worker threads. Each worker runs the same script as
// the command (the bundle, or main.js), lints the batches it is handed with lintSource and sends
// back plain reports; the main thread prints them in input order, so the output is the same as
// a run on one thread, byte for byte.
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { ProjectConfigFinder } from '../config/projectConfig';
import type { CliOptions } from './args';
import type { InputSource } from './files';
import { FileOutcome, lintSource } from './lintFile';

const WORKER_TAG = 'iamMfaGuardLintWorker';

/**
 * When workers are worth starting. Each is a second copy of the linter that must load and warm
 * up its JIT, which costs about what linting several hundred policies does: measured on 2 cores,
 * the 1,645 AWS managed policies ran faster on one thread, so a run needs `minFiles` files, and
 * the main thread's own pace must say that the files left would take longer than `worthMs`
 * (a tree of files that hold no policy costs µs a file and never earns a worker back). Tests
 * lower both to exercise the workers.
 */
export const WORKER_START = { minFiles: 2048, worthMs: 1000 };

/** Below this many files a run stays on one thread (the default; see WORKER_START). */
export const MIN_FILES_FOR_WORKERS = WORKER_START.minFiles;

export function defaultJobs(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

/**
 * How many worker threads a run of `files` files gets with --jobs `jobs`, besides the main
 * thread, which lints too (0: the main thread alone). An idle main thread would waste a core
 * and start one more copy of the linter: with 2 workers and an idle main thread, 2 cores ran
 * the corpus slower than one thread did.
 */
export function workerCount(jobs: number, files: number): number {
  const minFiles = WORKER_START.minFiles;
  if (jobs <= 1 || files < minFiles) return 0;
  return Math.min(jobs - 1, Math.ceil(files / (minFiles / 2)) - 1);
}

interface Batch {
  readonly start: number;
  readonly sources: readonly InputSource[];
}

interface BatchResult {
  readonly start: number;
  readonly outcomes: readonly FileOutcome[];
}

/**
 * Batches a worker holds at once: it starts the next while its answer to the last waits for
 * the main thread. With 2, a worker sat idle for 14% of its time on 20,000 policies.
 */
const BATCHES_AHEAD = 3;

/**
 * How long the main thread lints before it lets the workers' answers in (and hands them their
 * next batches): a whole batch of its own (10 to 30 ms) was longer than a worker's batches ahead.
 */
const ANSWER_EVERY_MS = 1;


/**
 * Lints `sources` (files only, no stdin) on the main thread (`lintHere`) and `count` workers
 * started from `script` (once the work left is worth `worthMs`), each taking small batches
 * from one queue as it becomes free.
 * `onOutcome` is called in input order. Every source is linted: a batch a worker took and
 * did not answer (it died, or never started) goes back to the queue, and the main thread
 * lints whatever the workers do not.
 */
export async function lintInWorkers(
  script: string,
  sources: readonly InputSource[],
  options: CliOptions,
  cwd: string,
  count: number,
  lintHere: (source: InputSource) => Promise<FileOutcome>,
  onOutcome: (index: number, outcome: FileOutcome) => void,
  worthMs = WORKER_START.worthMs,
): Promise<void> {
  // Small enough that the threads finish together (the last batches are the only wait), large
  // enough that messages cost little.
  const batchSize = Math.max(8, Math.min(32, Math.floor(sources.length / ((count + 1) * 16))));
  const outcomes: (FileOutcome | undefined)[] = new Array(sources.length);
  const queue: number[] = [];
  for (let start = 0; start < sources.length; start += batchSize) queue.push(start);
  const batchAt = (start: number) => sources.slice(start, Math.min(sources.length, start + batchSize));
  let flushed = 0;
  const flush = () => {
    while (flushed < sources.length && outcomes[flushed] !== undefined) {
      onOutcome(flushed, outcomes[flushed]!);
      outcomes[flushed] = undefined;
      flushed++;
    }
  };
  // Wakes the main thread when it waits for the workers' last batches.
  let wake: (() => void) | undefined;
  const changed = () => {
    wake?.();
    wake = undefined;
  };
  const workers = new Set<Worker>();
  const handOut = (worker: Worker, pending: Set<number>) => {
    const start = queue.shift();
    if (start === undefined) return;
    pending.add(start);
    worker.postMessage({ start, sources: batchAt(start) } satisfies Batch);
  };
  let started = false;
  const startWorkers = () => {
    started = true;
    for (let i = 0; i < count; i++) startWorker();
  };
  const startWorker = () => {
    let worker: Worker;
    try {
      // A smaller young generation: a worker's garbage is short-lived trees, and each worker's
      // heap adds to the run's memory.
      worker = new Worker(script, { workerData: { [WORKER_TAG]: true, options, cwd }, stdout: false, stderr: false, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    } catch {
      return; // no thread to be had: the main thread does the work
    }
    const pending = new Set<number>();
    workers.add(worker);
    worker.on('message', (result: BatchResult) => {
      if (!pending.delete(result.start)) return;
      result.outcomes.forEach((outcome, j) => (outcomes[result.start + j] = outcome));
      handOut(worker, pending);
      flush();
      changed();
    });
    // A worker that fails (it should not: lintSource catches what the core throws) gives its
    // batches back; the main thread lints them.
    const gone = () => {
      if (!workers.delete(worker)) return;
      queue.unshift(...[...pending].sort((a, b) => a - b));
      pending.clear();
      changed();
    };
    worker.on('error', gone);
    worker.on('exit', gone);
    for (let b = 0; b < BATCHES_AHEAD; b++) handOut(worker, pending);
  };
  if (worthMs <= 0) startWorkers();
  let batchesHere = 0;
  let answered = performance.now();
  try {
    while (flushed < sources.length) {
      const start = queue.shift();
      if (start === undefined) {
        // Everything is handed out: wait for the workers' answers (or their batches back).
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      const batch = batchAt(start);
      const began = performance.now();
      for (let j = 0; j < batch.length; j++) {
        outcomes[start + j] = await lintHere(batch[j]);
        if (workers.size > 0 && performance.now() - answered > ANSWER_EVERY_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          answered = performance.now();
        }
      }
      // The pace of the latest batch, not the first: that one pays for loading the linter.
      const pace = (performance.now() - began) / batch.length;
      flush();
      if (!started && ++batchesHere > 1 && pace * queue.length * batchSize > worthMs) startWorkers();
      // Let the workers' answers in, so they get their next batches without waiting for ours.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    for (const worker of workers) void worker.terminate();
    workers.clear();
  }
}

/** Whether this thread is a worker started by lintInWorkers. */
export function isLintWorker(): boolean {
  return !isMainThread && (workerData as Record<string, unknown> | null)?.[WORKER_TAG] === true;
}

export function runLintWorker(): void {
  const { options, cwd } = workerData as { options: CliOptions; cwd: string };
  const configs = new ProjectConfigFinder();
  const noStdin = (): NodeJS.ReadableStream => {
    throw new Error('stdin is read on the main thread');
  };
  // Batches arrive one at a time (the next only after this one's answer), so no queue is needed.
  parentPort!.on('message', async (batch: Batch) => {
    const outcomes: FileOutcome[] = [];
    for (const source of batch.sources) outcomes.push(await lintSource(source, options, cwd, configs, noStdin));
    parentPort!.postMessage({ start: batch.start, outcomes } satisfies BatchResult);
  });
}
