/**
 * analysisApi: the one object the analysis worker exposes (workers/analysis.worker.ts does
 * `Comlink.expose(...)` of it, wrapping results in Comlink.transfer). The main thread types
 * its proxy with `Comlink.wrap<AnalysisApi>(worker)`. Node code (tests, CLI) can call the
 * same object directly, or the pure modules' synchronous functions.
 *
 * CONTRACT — every analysis entry point is
 *
 *     entry(input, options?, job?: JobRequest, onProgress?: (fraction: number) => void): Promise<Result>
 *
 *  - input/options: plain data and typed arrays (structured-cloned; pass
 *    `Comlink.transfer(x, [buffers])` to move big arrays instead of copying them — they are
 *    never mutated, but after a transfer the main thread no longer has them).
 *  - job.jobId (number, chosen by the UI) identifies the run; `cancel(jobId)` stops it.
 *  - job.channel (string, e.g. 'kde' or 'coverage:road') makes runs supersede each other:
 *    starting a run on a channel cancels any run still going on that channel. The UI can
 *    simply fire a request per user change; only the newest one completes.
 *  - A cancelled or superseded run rejects with an Error whose name is 'CancelledError'
 *    (comlink keeps name and message); the UI should ignore those (`isCancelledError`).
 *  - Cancellation is cooperative: a run checks at checkpoints and returns to the worker's
 *    event loop every ~25 ms (job.sliceMs), which is when cancel() calls and newer requests
 *    queued by comlink are handled. Expect a run to stop within ~25 ms plus one step.
 *  - onProgress: pass `Comlink.proxy((f) => …)` from the main thread (a separate argument
 *    because comlink cannot clone a function nested inside an object). Called at most every
 *    100 ms with a fraction in [0, 1], and once with 1 at the end. Fire-and-forget.
 *  - job.shouldCancel: for in-process callers only (functions do not cross comlink).
 *  - Results are plain objects of typed arrays; `collectTransferables(result)` lists their
 *    buffers so the worker can transfer rather than copy them.
 * Cheap functions (mannKendall, giStarPoints, classifyEmerging) are plain and synchronous
 * in their modules; they are exposed here as async for a uniform proxy type.
 */
import type { AnalyzeInput, AnalyzeOptions, AnalyzeResult } from './analyze.ts';
import { analyzeJob } from './analyze.ts';
import type { AorGeometry } from './aor.ts';
import { aorMembershipJob } from './aor.ts';
import type { CoverageInput, CoverageOptions, CoverageResult } from './coverage.ts';
import { coverageJob } from './coverage.ts';
import type { EmergingInput, EmergingOptions, EmergingResult } from './emerging.ts';
import { emergingHotspotsJob } from './emerging.ts';
import type { GiStarGridInput, GiStarIncidentsInput, GiStarIncidentsOptions, GiStarIncidentsResult, GiStarOptions, GiStarPointsInput, GiStarPointsOptions, GiStarResult } from './gistar.ts';
import { giStarGridJob, giStarIncidentsJob, giStarPoints } from './gistar.ts';
import type { HotspotsInput, HotspotsOptions, HotspotsResult } from './hotspots.ts';
import { hotspotsJob } from './hotspots.ts';
import type { PointColumns } from './inputs.ts';
import type { JobRequest, ProgressCallback } from './job.ts';
import { cancelJob, runRegistered as run } from './job.ts';
import type { KdeInput, KdeOptions, KdeResult } from './kde.ts';
import { kdeJob } from './kde.ts';
import type { MannKendallResult } from './mannKendall.ts';
import { mannKendall } from './mannKendall.ts';
import type { WithinRangeInput, WithinRangeOptions, WithinRangeResult } from './withinRange.ts';
import { releaseWithinRangeScratch, withinRangeJob } from './withinRange.ts';

export { CancelledError, isCancelledError } from './job.ts';

export type { JobRequest, ProgressCallback } from './job.ts';

export const analysisApi = {
  /** Kernel density surface (kde.ts). */
  kde(input: KdeInput, options?: KdeOptions, job?: JobRequest, onProgress?: ProgressCallback): Promise<KdeResult> {
    return run(kdeJob(input, options), job, onProgress);
  },
  /** Ranked hotspots of a density surface (hotspots.ts). */
  hotspots(input: HotspotsInput, options?: HotspotsOptions, job?: JobRequest, onProgress?: ProgressCallback): Promise<HotspotsResult> {
    return run(hotspotsJob(input, options), job, onProgress);
  },
  /** Gi* on a grid of values (gistar.ts). */
  giStarGrid(input: GiStarGridInput, options: GiStarOptions, job?: JobRequest, onProgress?: ProgressCallback): Promise<GiStarResult> {
    return run(giStarGridJob(input, options), job, onProgress);
  },
  /** Gi* of incident counts aggregated to a grid (gistar.ts). */
  giStarIncidents(input: GiStarIncidentsInput, options: GiStarIncidentsOptions, job?: JobRequest, onProgress?: ProgressCallback): Promise<GiStarIncidentsResult> {
    return run(giStarIncidentsJob(input, options), job, onProgress);
  },
  /** Gi* on arbitrary points (gistar.ts). */
  async giStarPoints(input: GiStarPointsInput, options: GiStarPointsOptions): Promise<GiStarResult> {
    return giStarPoints(input, options);
  },
  /** Mann-Kendall trend of one series (mannKendall.ts). */
  async mannKendall(series: ArrayLike<number>): Promise<MannKendallResult> {
    return mannKendall(series);
  },
  /** Emerging hot spots over a space-time cube (emerging.ts). */
  emergingHotspots(input: EmergingInput, options?: EmergingOptions, job?: JobRequest, onProgress?: ProgressCallback): Promise<EmergingResult> {
    return run(emergingHotspotsJob(input, options), job, onProgress);
  },
  /** Nearest presence, distances and in-range lists per mode (withinRange.ts). */
  withinRange(input: WithinRangeInput, options?: WithinRangeOptions, job?: JobRequest, onProgress?: ProgressCallback): Promise<WithinRangeResult> {
    return run(withinRangeJob(input, options), job, onProgress);
  },
  /** AOR index per point, −1 for none (aor.ts). */
  aorMembership(points: PointColumns, aors: readonly AorGeometry[], job?: JobRequest, onProgress?: ProgressCallback): Promise<Int32Array> {
    return run(aorMembershipJob(points, aors), job, onProgress);
  },
  /** Coverage shares and the gap grid (coverage.ts). */
  coverage(input: CoverageInput, options?: CoverageOptions, job?: JobRequest, onProgress?: ProgressCallback): Promise<CoverageResult> {
    return run(coverageJob(input, options), job, onProgress);
  },
  /** The whole pipeline: range, AORs, density, hotspots, coverage (analyze.ts). */
  analyze(input: AnalyzeInput, options?: AnalyzeOptions, job?: JobRequest, onProgress?: ProgressCallback): Promise<AnalyzeResult> {
    return run(analyzeJob(input, options), job, onProgress);
  },
  /** Drop the scratch buffers withinRange keeps between calls (~100 MB after 1 M incidents). */
  async releaseMemory(): Promise<void> {
    releaseWithinRangeScratch();
  },
  /** Cancel a running job by id (no effect if it already finished). */
  async cancel(jobId: number): Promise<void> {
    cancelJob(jobId);
  },
};

export type AnalysisApi = typeof analysisApi;

/**
 * The distinct ArrayBuffers behind every typed array in a result (walks plain objects and
 * arrays), for `Comlink.transfer(result, collectTransferables(result))`. Views that do not
 * cover their whole buffer are skipped: transferring would detach data they do not own.
 */
export function collectTransferables(value: unknown): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const seen = new Set<object>();
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (ArrayBuffer.isView(v)) {
      const b = v.buffer;
      if (b instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === b.byteLength) out.add(b);
      return;
    }
    if (Array.isArray(v)) { for (const x of v) walk(x); return; }
    for (const x of Object.values(v)) walk(x);
  };
  walk(value);
  return [...out];
}

/**
 * The api with every result passed through `transfer(result, collectTransferables(result))`.
 * The worker calls it with Comlink.transfer; taking it as a parameter keeps comlink out of
 * the analysis modules (and lets node tests run the same wrapper over a MessageChannel).
 */
export function withTransfer(api: AnalysisApi, transfer: <T>(value: T, transferables: Transferable[]) => T): AnalysisApi {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(api) as [string, (...args: unknown[]) => Promise<unknown>][]) {
    wrapped[name] = async (...args: unknown[]): Promise<unknown> => {
      const result = await fn(...args);
      return result !== null && typeof result === 'object' ? transfer(result, collectTransferables(result)) : result;
    };
  }
  return wrapped as AnalysisApi;
}
