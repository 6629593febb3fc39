/**
 * Jobs: how long-running analyses report progress and can be cancelled or superseded.
 *
 * Owns the execution contract shared by every analysis module. A heavy analysis is
 * written once as a generator (`Job<T>`) that yields its progress fraction (0..1) at
 * coarse checkpoints and returns its result. Two drivers run it:
 *
 *   runSync(job, control?)   in-process (tests, CLI, benchmarks): runs to the end,
 *                            calls control.onProgress, throws CancelledError as soon as
 *                            control.shouldCancel() returns true at a checkpoint.
 *   runAsync(job, control?)  in the worker (api.ts): same, but every `sliceMs` of work it
 *                            returns to the event loop (a macrotask), so that messages
 *                            queued by the main thread — a cancel(jobId) or a newer
 *                            request on the same channel — are processed while the job
 *                            is paused. A synchronous loop could never see them: the
 *                            worker's event loop would be blocked until the end.
 *
 * Why generators and not async functions: the pure modules stay synchronous and cheap
 * to call from tests and the CLI, and a generator's yield costs nothing measurable at
 * the granularity used (every few thousand points / a few rows), whereas awaiting inside
 * hot code would allocate promises. Hot loops live in plain helper functions that the
 * generators call chunk by chunk, so V8 optimises them normally.
 *
 * Nothing here imports comlink: the worker wrapper is the only comlink-aware file.
 */

/** A resumable analysis: yields progress fractions in [0, 1], returns its result. */
export type Job<T> = Generator<number, T, void>;

/** Thrown (and rejected through comlink, keeping `name`) when a job is cancelled or superseded. */
export class CancelledError extends Error {
  override name = 'CancelledError';
  constructor(message = 'analysis cancelled') {
    super(message);
  }
}

export function isCancelledError(e: unknown): boolean {
  return e instanceof Error && e.name === 'CancelledError';
}

export interface JobControl {
  /** Progress in [0, 1]; called at most every `progressEveryMs` (default 100 ms) and once with 1 at the end. */
  onProgress?: (fraction: number) => void;
  /** Polled at every checkpoint; returning true aborts the job with CancelledError. */
  shouldCancel?: () => boolean;
  /** Minimum interval between onProgress calls, ms. */
  progressEveryMs?: number;
}

export interface AsyncJobControl extends JobControl {
  /** Work time between two returns to the event loop, ms (default 25). */
  sliceMs?: number;
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

export function runSync<T>(job: Job<T>, control: JobControl = {}): T {
  const every = control.progressEveryMs ?? 100;
  let lastReport = -Infinity;
  for (;;) {
    const step = job.next();
    if (step.done) {
      control.onProgress?.(1);
      return step.value;
    }
    if (control.shouldCancel?.()) {
      job.return(undefined as never);
      throw new CancelledError();
    }
    if (control.onProgress) {
      const t = now();
      if (t - lastReport >= every) {
        lastReport = t;
        control.onProgress(step.value);
      }
    }
  }
}

/** Resolve on the next macrotask, so pending messages (cancel, newer requests) get handled. */
function nextMacrotask(): Promise<void> {
  return new Promise<void>((resolve) => {
    // setImmediate exists in Node; in browsers and workers setTimeout(0) queues a task
    // behind already-queued message events, which is exactly what we need.
    const g = globalThis as { setImmediate?: (cb: () => void) => unknown };
    if (typeof g.setImmediate === 'function') g.setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}

export async function runAsync<T>(job: Job<T>, control: AsyncJobControl = {}): Promise<T> {
  const slice = control.sliceMs ?? 25;
  const every = control.progressEveryMs ?? 100;
  let lastReport = -Infinity;
  let sliceStart = now();
  if (control.shouldCancel?.()) throw new CancelledError();
  for (;;) {
    const step = job.next();
    if (step.done) {
      control.onProgress?.(1);
      return step.value;
    }
    const t = now();
    if (t - sliceStart >= slice) {
      await nextMacrotask();
      sliceStart = now();
    }
    if (control.shouldCancel?.()) {
      job.return(undefined as never);
      throw new CancelledError();
    }
    if (control.onProgress && t - lastReport >= every) {
      lastReport = t;
      control.onProgress(step.value);
    }
  }
}

/**
 * Run a sub-job inside a job, mapping its progress into [from, to] of the parent's.
 * Usage inside a generator: `const r = yield* subJob(otherJob(...), 0.2, 0.6);`
 */
export function* subJob<T>(job: Job<T>, from: number, to: number): Job<T> {
  for (;;) {
    const step = job.next();
    if (step.done) return step.value;
    yield from + (to - from) * step.value;
  }
}

export interface JobRequest {
  /** Chosen by the caller; pass it to cancel(). */
  jobId?: number;
  /** Runs on the same channel supersede each other (the newest wins). */
  channel?: string;
  /** Work time between returns to the event loop, ms (default 25). */
  sliceMs?: number;
  /** In-process callers only: polled at checkpoints. */
  shouldCancel?: () => boolean;
}

export type ProgressCallback = (fraction: number) => void;

// The job registry (one per worker, or per process in node): supersession by channel and cancel(). Ids the caller did not choose are negative, so they never clash.
const running = new Set<number>();
const cancelled = new Set<number>();
const latestOnChannel = new Map<string, number>();
let autoId = -1;

export async function runRegistered<T>(job: Job<T>, req: JobRequest | undefined, onProgress: ProgressCallback | undefined): Promise<T> {
  const id = req?.jobId ?? autoId--;
  const channel = req?.channel;
  running.add(id);
  if (channel !== undefined) latestOnChannel.set(channel, id);
  const control: AsyncJobControl = {
    sliceMs: req?.sliceMs,
    shouldCancel: () => cancelled.has(id) || (channel !== undefined && latestOnChannel.get(channel) !== id) || (req?.shouldCancel?.() ?? false),
    onProgress: onProgress
      ? (f) => {
        // Through comlink the call returns a promise; never let a closed port surface as an unhandled rejection.
        const r: unknown = onProgress(f);
        if (r && typeof (r as PromiseLike<void>).then === 'function') (r as Promise<void>).catch(() => undefined);
      }
      : undefined,
  };
  try {
    return await runAsync(job, control);
  } finally {
    running.delete(id);
    cancelled.delete(id);
    if (channel !== undefined && latestOnChannel.get(channel) === id) latestOnChannel.delete(channel);
  }
}

/** Stops a running job at its next checkpoint; unknown or finished ids are ignored. */
export function cancelJob(jobId: number): void {
  if (running.has(jobId)) cancelled.add(jobId);
}
