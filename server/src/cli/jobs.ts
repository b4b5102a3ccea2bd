// --jobs: big runs spread their files over worker threads. Each worker runs the same script as
// the command (the bundle, or main.js), lints the batches it is handed with lintSource and sends
// back plain reports; the main thread prints them in input order, so the output is the same as
// a run on one thread, byte for byte.
import * as os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { ProjectConfigFinder } from '../config/projectConfig';
import type { CliOptions } from './args';
import type { InputSource } from './files';
import { FileOutcome, lintSource } from './lintFile';

const WORKER_TAG = 'iamMfaGuardLintWorker';

/**
 * Below this many files a run stays on one thread: starting a worker (loading the linter and
 * its catalog again) costs about what linting a couple of hundred small policies does.
 */
export const MIN_FILES_FOR_WORKERS = 256;

export function defaultJobs(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

/** How many workers a run of `files` files gets with --jobs `jobs` (0: lint on the main thread). */
export function workerCount(jobs: number, files: number): number {
  if (jobs <= 1 || files < MIN_FILES_FOR_WORKERS) return 0;
  return Math.min(jobs, Math.ceil(files / (MIN_FILES_FOR_WORKERS / 2)));
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
 * Lints `sources` (files only, no stdin) on `count` workers started from `script`, handing out
 * small batches as workers become free. `onOutcome` is called in input order. Resolves with
 * how many sources (from the first) were done: all of them, unless a worker died, in which
 * case the caller lints the rest itself.
 */
export function lintInWorkers(
  script: string,
  sources: readonly InputSource[],
  options: CliOptions,
  cwd: string,
  count: number,
  onOutcome: (index: number, outcome: FileOutcome) => void,
): Promise<number> {
  const batchSize = Math.max(8, Math.min(64, Math.floor(sources.length / (count * 8))));
  const outcomes: (FileOutcome | undefined)[] = new Array(sources.length);
  let handedOut = 0;
  let flushed = 0;
  return new Promise((resolve) => {
    const workers: Worker[] = [];
    let running = 0;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      for (const w of workers) void w.terminate();
      resolve(flushed);
    };
    const flush = () => {
      while (flushed < sources.length && outcomes[flushed] !== undefined) {
        onOutcome(flushed, outcomes[flushed]!);
        outcomes[flushed] = undefined;
        flushed++;
      }
      if (flushed === sources.length) finish();
    };
    const handOut = (worker: Worker) => {
      if (handedOut >= sources.length) return;
      const start = handedOut;
      handedOut = Math.min(sources.length, handedOut + batchSize);
      worker.postMessage({ start, sources: sources.slice(start, handedOut) } satisfies Batch);
    };
    for (let i = 0; i < count; i++) {
      // A smaller young generation: a worker's garbage is short-lived trees, and each worker's
      // heap adds to the run's memory (measured on the corpus: 200 MB peak → about 160 MB).
      let worker: Worker;
      try {
        worker = new Worker(script, { workerData: { [WORKER_TAG]: true, options, cwd }, stdout: false, stderr: false, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
      } catch {
        break; // no thread to be had: the workers started so far (or the caller) do the work
      }
      workers.push(worker);
      running++;
      worker.on('message', (result: BatchResult) => {
        if (settled) return;
        result.outcomes.forEach((outcome, j) => (outcomes[result.start + j] = outcome));
        handOut(worker);
        flush();
      });
      // A worker that fails (it should not: lintSource catches what the core throws) leaves its
      // batch undone; the caller lints from the first file not yet reported, on its own thread.
      worker.on('error', finish);
      worker.on('exit', () => {
        if (--running === 0) finish();
      });
      handOut(worker);
    }
    if (workers.length === 0) finish();
  });
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
