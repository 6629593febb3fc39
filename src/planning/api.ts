/**
 * planningApi: the force planner's entry object, for the analysis worker (or a planning
 * worker): `Comlink.expose(withPlanningTransfer(planningApi, Comlink.transfer))`, and on the
 * main thread `Comlink.wrap<PlanningApi>(worker)`. Node code may call it directly.
 *
 * Owns the planner's worker contract. It is analysisApi's contract (src/analysis/api.ts):
 *   - heavy entry points are `(input, options?, job?: JobRequest, onProgress?) => Promise`;
 *     `job.channel` makes runs supersede each other, `cancel(jobId)` stops one, cancelled
 *     runs reject with an Error named 'CancelledError' (ignore those), onProgress is a
 *     separate `Comlink.proxy(fn)` argument called at most every 100 ms and with 1 at the end;
 *   - results are plain objects of typed arrays (transferred by withPlanningTransfer).
 * Jobs run through the shared registry in analysis/job.ts (one per worker): the planner's
 * worker is separate from the analysis worker, so their ids and channels do not meet.
 *
 * What-if sessions are stateful (whatIf.ts keeps per-point counts between edits), so
 * they live in the worker, keyed by a session number: create once, then send one small
 * edit per user action and get totals, delta and the flipped points back (a few ms for
 * 100 k demand points; no job machinery needed).
 */
import type { JobRequest, ProgressCallback } from '../analysis/job.ts';
import { collectTransferables } from '../analysis/api.ts';
import { cancelJob, runRegistered as run } from '../analysis/job.ts';
import type { GridSpec } from '../analysis/grid.ts';
import type { DemandPoints, DensityDemandOptions, IncidentDemandInput, IncidentDemandOptions, PopulationDemandInput, PopulationDemandOptions } from './demand.ts';
import { demandFromDensity, demandFromIncidents, demandFromPopulation } from './demand.ts';
import type { MclpInput, MclpOptions, MclpResult } from './optimiser.ts';
import { optimiseJob } from './optimiser.ts';
import type { Site, SiteColumns } from './sites.ts';
import type { RoadGraph, RoadGraphOptions, RoadNetwork, TravelTimeInput, TravelTimeOptions, TravelTimeResult } from './travelTime.ts';
import { buildRoadGraph, travelTimeJob } from './travelTime.ts';
import type { CoverageDelta, CoverageTotals, SiteState, WhatIfEdit, WhatIfUpdate } from './whatIf.ts';
import { WhatIfCoverage } from './whatIf.ts';

export { CancelledError, isCancelledError } from '../analysis/job.ts';
export type { JobRequest, ProgressCallback } from '../analysis/job.ts';

const sessions = new Map<number, WhatIfCoverage>();
let nextSession = 1;

function session(id: number): WhatIfCoverage {
  const s = sessions.get(id);
  if (!s) throw new Error(`planningApi: no what-if session ${id} (disposed?)`);
  return s;
}

export interface WhatIfSessionInfo {
  session: number;
  totals: CoverageTotals;
  sites: SiteState[];
}

export interface WhatIfState {
  totals: CoverageTotals;
  delta: CoverageDelta;
  baseline: CoverageTotals;
  sites: SiteState[];
}

export interface WhatIfCreateOptions {
  toleranceKm?: number;
  /** Reuse the spatial index of another session over the SAME demand points (e.g. one session per mode). */
  shareIndexWith?: number;
}

/** Apply edits in order; flip lists are net over the batch (points whose covered state differs from before it). */
function applyBatch(w: WhatIfCoverage, edits: readonly WhatIfEdit[]): WhatIfUpdate {
  if (edits.length === 1) return w.apply(edits[0]!);
  const initial = new Map<number, boolean>();
  let last: WhatIfUpdate | null = null, touched = 0;
  for (const e of edits) {
    last = w.apply(e);
    touched += last.touched;
    for (const i of last.newlyCovered) if (!initial.has(i)) initial.set(i, false);
    for (const i of last.newlyUncovered) if (!initial.has(i)) initial.set(i, true);
  }
  const up: number[] = [], down: number[] = [];
  for (const [i, was] of initial) { const now = w.counts[i]! > 0; if (now && !was) up.push(i); if (!now && was) down.push(i); }
  if (!last) return { totals: w.totals(), delta: w.delta(), site: -1, newlyCovered: new Uint32Array(0), newlyUncovered: new Uint32Array(0), touched: 0 };
  return { ...last, newlyCovered: Uint32Array.from(up.sort((a, b) => a - b)), newlyUncovered: Uint32Array.from(down.sort((a, b) => a - b)), touched };
}

export const planningApi = {
  /** Demand from incidents (demand.ts): weight 1 + fatalities by default. */
  async demandFromIncidents(incidents: IncidentDemandInput, options?: IncidentDemandOptions): Promise<DemandPoints> {
    return demandFromIncidents(incidents, options);
  },
  /** Demand from a KDE surface (demand.ts): cell mass, optionally hotspot cells only. */
  async demandFromDensity(kde: { grid: GridSpec; density: Float64Array }, options?: DensityDemandOptions): Promise<DemandPoints> {
    return demandFromDensity(kde, options);
  },
  /** Demand from settlement and displacement-site population (demand.ts). */
  async demandFromPopulation(input: PopulationDemandInput, options?: PopulationDemandOptions): Promise<DemandPoints> {
    return demandFromPopulation(input, options);
  },

  /** k new temporary bases maximising covered demand (optimiser.ts): lazy greedy, gains, bounds. */
  optimise(input: MclpInput, options?: MclpOptions, job?: JobRequest, onProgress?: ProgressCallback): Promise<MclpResult> {
    return run(optimiseJob(input, options), job, onProgress);
  },

  /** Road graph from GeoJSON lines (travelTime.ts); pass it back as `roads` to skip rebuilding. */
  async buildRoadGraph(roads: RoadNetwork, options?: RoadGraphOptions): Promise<RoadGraph> {
    return buildRoadGraph(roads, options);
  },
  /** Travel time from the nearest presence to every point, and within-budget flags (travelTime.ts). */
  travelTime(input: TravelTimeInput, options?: TravelTimeOptions, job?: JobRequest, onProgress?: ProgressCallback): Promise<TravelTimeResult> {
    return run(travelTimeJob(input, options), job, onProgress);
  },

  /** Start a what-if session for one mode: demand points + sites (sites.ts sitesForMode). The initial state is the baseline. */
  async whatIfCreate(demand: { lon: ArrayLike<number>; lat: ArrayLike<number>; weight: ArrayLike<number> }, sites: SiteColumns | readonly Site[], options: WhatIfCreateOptions = {}): Promise<WhatIfSessionInfo> {
    const index = options.shareIndexWith !== undefined ? session(options.shareIndexWith).index : undefined;
    const w = new WhatIfCoverage(demand, sites, { toleranceKm: options.toleranceKm, index });
    const id = nextSession++;
    sessions.set(id, w);
    return { session: id, totals: w.totals(), sites: w.siteStates() };
  },
  /** Apply one edit (or several in order); returns totals, delta vs the baseline and the flipped points. */
  async whatIfApply(sessionId: number, edits: WhatIfEdit | readonly WhatIfEdit[]): Promise<WhatIfUpdate> {
    return applyBatch(session(sessionId), Array.isArray(edits) ? edits : [edits as WhatIfEdit]);
  },
  /** The current state becomes the baseline. */
  async whatIfSetBaseline(sessionId: number): Promise<WhatIfState> {
    const w = session(sessionId);
    w.setBaseline();
    return { totals: w.totals(), delta: w.delta(), baseline: w.baselineTotals(), sites: w.siteStates() };
  },
  /** Totals, delta, baseline totals and sites (for saving a named scenario). */
  async whatIfState(sessionId: number): Promise<WhatIfState> {
    const w = session(sessionId);
    return { totals: w.totals(), delta: w.delta(), baseline: w.baselineTotals(), sites: w.siteStates() };
  },
  /** A copy of the per-point coverage counts (0 = gap), e.g. to (re)draw the gap layer. */
  async whatIfCounts(sessionId: number): Promise<Int32Array> {
    return Int32Array.from(session(sessionId).counts);
  },
  /** Weight only this site reaches (what closing it would lose). */
  async whatIfExclusiveWeight(sessionId: number, site: number): Promise<number> {
    return session(sessionId).exclusiveWeight(site);
  },
  async whatIfDispose(sessionId: number): Promise<void> {
    sessions.delete(sessionId);
  },

  /** Cancel a running planner job by id (no effect if it already finished). */
  async cancel(jobId: number): Promise<void> {
    cancelJob(jobId);
  },
};

export type PlanningApi = typeof planningApi;

/** planningApi with every result transferred (see analysis/api.ts withTransfer). */
export function withPlanningTransfer(api: PlanningApi, transfer: <T>(value: T, transferables: Transferable[]) => T): PlanningApi {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(api) as [string, (...args: unknown[]) => Promise<unknown>][]) {
    wrapped[name] = async (...args: unknown[]): Promise<unknown> => {
      const result = await fn(...args);
      return result !== null && typeof result === 'object' ? transfer(result, collectTransferables(result)) : result;
    };
  }
  return wrapped as PlanningApi;
}
