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
 * The files of a run as the walk finds them, in input order: linting starts before the walk
 * of a big tree ends (walking 100,000 files took 0.6 s, time in which no file was linted and
 * no worker started).
 */
export class SourceFeed {
  readonly sources: InputSource[] = [];
  private ended = false;
  private listener: (() => void) | undefined;

  /** A feed of files already all known. */
  static of(sources: readonly InputSource[]): SourceFeed {
    const feed = new SourceFeed();
    feed.sources.push(...sources);
    feed.end();
    return feed;
  }

  add(source: InputSource): void {
    this.sources.push(source);
    this.listener?.();
  }

  /** No more files will come. */
  end(): void {
    this.ended = true;
    this.listener?.();
  }

  get complete(): boolean {
    return this.ended;
  }

  /** `listener` is called whenever a file comes or the feed ends. */
  listen(listener: () => void): void {
    this.listener = listener;
  }
}

/** `length` files from `start`. */
interface Range {
  readonly start: number;
  readonly length: number;
}

/**
 * Lints the files of `feed` (no stdin) on the main thread (`lintHere`) and in up to
 * `countFor(files known)` workers started from `script` (once the work left is worth
 * `worthMs`), each taking small batches in order as it becomes free.
 * `onOutcome` is called in input order. Every source is linted: a batch a worker took and
 * did not answer (it died, or never started) goes back to the queue, and the main thread
 * lints whatever the workers do not.
 */
export async function lintInWorkers(
  script: string,
  feed: SourceFeed,
  options: CliOptions,
  cwd: string,
  countFor: (files: number) => number,
  lintHere: (source: InputSource) => Promise<FileOutcome>,
  onOutcome: (index: number, outcome: FileOutcome) => void,
  worthMs = WORKER_START.worthMs,
): Promise<void> {
  const sources = feed.sources;
  // Small enough that the threads finish together (the last batches are the only wait), large
  // enough that messages cost little.
  const batchSize = () => Math.max(8, Math.min(32, Math.floor(sources.length / ((countFor(sources.length) + 1) * 16))));
  const outcomes: (FileOutcome | undefined)[] = [];
  // Batches given back by workers that went away come first; then the files not handed out yet.
  const returned: Range[] = [];
  let next = 0;
  const take = (): Range | undefined => {
    if (returned.length > 0) return returned.shift();
    const length = Math.min(batchSize(), sources.length - next);
    if (length <= 0) return undefined;
    const range = { start: next, length };
    next += length;
    return range;
  };
  let flushed = 0;
  const flush = () => {
    while (flushed < sources.length && outcomes[flushed] !== undefined) {
      onOutcome(flushed, outcomes[flushed]!);
      outcomes[flushed] = undefined;
      flushed++;
    }
  };
  // Wakes the main thread when it waits for the workers' answers or for the walk.
  let wake: (() => void) | undefined;
  const changed = () => {
    wake?.();
    wake = undefined;
  };
  feed.listen(changed);
  const workers = new Map<Worker, Map<number, Range>>();
  const handOut = (worker: Worker, pending: Map<number, Range>) => {
    while (pending.size < BATCHES_AHEAD) {
      const range = take();
      if (!range) return;
      pending.set(range.start, range);
      worker.postMessage({ start: range.start, sources: sources.slice(range.start, range.start + range.length) } satisfies Batch);
    }
  };
  let started = 0;
  let startAllowed = worthMs <= 0;
  // More files known can mean more workers (up to --jobs threads with the main one).
  const startWorkers = () => {
    for (const wanted = countFor(sources.length); started < wanted; started++) startWorker();
  };
  const startWorker = () => {
    let worker: Worker;
    try {
      // V8's own young generation, as the main thread's once a run is big (youngGeneration.ts):
      // workers start only for big runs, where fewer scavenges of bigger semi-spaces cost less.
      worker = new Worker(script, { workerData: { [WORKER_TAG]: true, options, cwd }, stdout: false, stderr: false });
    } catch {
      return; // no thread to be had: the main thread does the work
    }
    const pending = new Map<number, Range>();
    workers.set(worker, pending);
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
      returned.unshift(...[...pending.values()].sort((a, b) => a.start - b.start));
      pending.clear();
      changed();
    };
    worker.on('error', gone);
    worker.on('exit', gone);
    handOut(worker, pending);
  };
  let batchesHere = 0;
  let answered = nowMs();
  try {
    while (!feed.complete || flushed < sources.length) {
      if (startAllowed) startWorkers();
      // Files the walk found since the workers last asked.
      for (const [worker, pending] of workers) handOut(worker, pending);
      const range = take();
      if (range === undefined) {
        // Everything known is handed out: wait for the workers' answers, their batches back or more files.
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      const began = nowMs();
      for (let j = range.start; j < range.start + range.length; j++) {
        outcomes[j] = await lintHere(sources[j]);
        if (workers.size > 0 && nowMs() - answered > ANSWER_EVERY_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          answered = nowMs();
        }
      }
      // The pace of the latest batch, not the first: that one pays for loading the linter.
      const pace = (nowMs() - began) / range.length;
      flush();
      if (!startAllowed && ++batchesHere > 1 && pace * (sources.length - next) > worthMs) startAllowed = true;
      // Let the workers' answers (and the walk) in, so they go on without waiting for us.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    feed.listen(() => undefined);
    for (const worker of workers.keys()) void worker.terminate();
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

/** Milliseconds, from the process's own clock: node:perf_hooks costs a millisecond to load, a tenth of a small run. */
function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
