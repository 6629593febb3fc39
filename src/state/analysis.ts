/**
 * Analysis state: the parameters the analyst sets, the status and progress of the running
 * analysis, its results, and the analysis layer switches — a small store next to the app's
 * one store (store.ts), read with `useAnalysis(selector)`.
 *
 * Also owns the main thread's side of the analysis worker (workers/analysis.worker.ts; the
 * job contract is documented in src/analysis/api.ts):
 *   - one worker, created on first use, wrapped with comlink;
 *   - inputs are fresh typed-array copies of the filtered columns, TRANSFERRED (never the
 *     dataset's own arrays, which the map and the table keep using);
 *   - every run goes on the channel 'analysis', so a new request supersedes the running
 *     one in the worker; on this side each run has an id and a result is applied only if
 *     its id is still the newest (a stale result never reaches the screen); cancelled
 *     runs reject with CancelledError, which is ignored;
 *   - progress comes back through `Comlink.proxy`.
 *
 * Two kinds of work:
 *   - base (whole dataset, automatic on every dataset load): AOR membership and the
 *     per-mode reach bits of every incident, which the "inside/outside AOR" and
 *     "within/out of range" filters use;
 *   - the analysis of the FILTERED incidents (density, ranked hotspots, coverage, Gi*,
 *     emerging hot spots). It starts when the Analysis panel is first opened and from
 *     then on re-runs ~300 ms after the filters, the period or a parameter last changed.
 */
import { useSyncExternalStore } from 'react';
import * as Comlink from 'comlink';
import type { AnalysisApi } from '../analysis/api.ts';
import { isCancelledError } from '../analysis/job.ts';
import type { CoverageResult } from '../analysis/coverage.ts';
import type { EmergingResult } from '../analysis/emerging.ts';
import type { GiStarIncidentsResult } from '../analysis/gistar.ts';
import type { GridSpec } from '../analysis/grid.ts';
import type { HotspotsResult } from '../analysis/hotspots.ts';
import type { KdeKernel, KdeResult } from '../analysis/kde.ts';
import { presenceColumns, settlementColumns } from '../analysis/inputs.ts';
import { unprojectPointLaea } from '../analysis/projection.ts';
import type { DayRange } from '../filter/aggregate.ts';
import type { Dataset } from '../io/dataset.ts';
import type { MobilityModeId } from '../domain/taxonomy.ts';
import { distanceKm } from '../domain/geo.ts';
import { emptyIncidentTable, INCIDENT_COLUMN_NAMES, type IncidentTable } from '../domain/incidents.ts';
import { filteredOf } from './filtered.ts';
import { actions, getState, subscribe as subscribeApp, type AppState } from './store.ts';
import { mulberry32 } from '../domain/random.ts';

export type TimeStep = 'week' | 'month';
export type CoverageMode = MobilityModeId | 'any';

export interface AnalysisParams {
  kernel: KdeKernel;
  /** Kernel bandwidth, km; null = the ArcGIS rule (docs/analysis.md). */
  bandwidthKm: number | null;
  /** Density grid cell, km; null = the longer side of the area / DENSITY_CELLS. */
  densityCellKm: number | null;
  /** Cell of the Gi* and emerging-hotspot grid, km; null = the longer side of the data / STAT_CELLS. */
  statCellKm: number | null;
  /** Gi* distance band (also the emerging hot spots' neighbourhood), km; null = 1.5 × that cell. */
  bandKm: number | null;
  timeStep: TimeStep;
  /** Mobility mode of the gap layer and of the per-presence / per-AOR coverage lists. */
  coverageMode: CoverageMode;
}

export const DEFAULT_PARAMS: AnalysisParams = {
  kernel: 'gaussian', bandwidthKm: null, densityCellKm: null, statCellKm: null, bandKm: null, timeStep: 'month', coverageMode: 'any',
};
/** Cells along the longer side of the density grid when the cell size is automatic. */
export const DENSITY_CELLS = 512;
/** Cells along the longer side of the Gi* / emerging grid when the cell size is automatic. */
export const STAT_CELLS = 64;
/** Largest grids allowed (a smaller cell size is raised, and the panel says so). */
const MAX_DENSITY_CELLS = 1024;
const MAX_STAT_CELLS = 200;
/** Highest-density region share that makes a hotspot (and a gap cell): docs/analysis.md. */
export const HOTSPOT_MASS = 0.5;

export type AnalysisLayerId = 'density' | 'hotspots' | 'gistar' | 'emerging' | 'gaps';
export const ANALYSIS_LAYERS: readonly { id: AnalysisLayerId; label: string }[] = [
  { id: 'density', label: 'Density (kernel)' },
  { id: 'hotspots', label: 'Ranked hotspots' },
  { id: 'gistar', label: 'Gi* hot and cold spots' },
  { id: 'emerging', label: 'Emerging hot spots' },
  { id: 'gaps', label: 'Coverage gaps' },
];

export interface RunStatus {
  /** pending = waiting for the filters to settle (debounce). */
  phase: 'idle' | 'pending' | 'running' | 'done' | 'error';
  /** 0..1 over all steps of the run. */
  progress: number;
  step: string;
  error: string | null;
  /** Why there is no result although nothing failed (e.g. no incident passes the filters). */
  note: string | null;
  /** Grid sizes raised to keep grids within bounds (shown next to the parameters). */
  adjusted: string[];
}

export interface NearestPlace {
  name: string;
  km: number;
}

export interface AnalysisResults {
  /** Run id; a newer run always has a larger one. */
  jobId: number;
  dataset: Dataset;
  /** useFiltered().version the run analysed. */
  filteredVersion: number;
  params: AnalysisParams;
  /** Incidents analysed (those passing the filters). */
  count: number;
  /** Days analysed by the emerging hot spots (the period, or the data's first to latest day). */
  days: DayRange;
  kde: KdeResult;
  hotspots: HotspotsResult;
  /**
   * Nearest settlement to each hotspot's density peak (null when none within 100 km): the
   * peak, not the centroid, which for an elongated hotspot can lie in empty country.
   */
  hotspotPlaces: (NearestPlace | null)[];
  coverage: CoverageResult;
  emerging: EmergingResult;
  gistar: GiStarIncidentsResult;
  /** Wall time from request to result, ms. */
  ms: number;
}

export interface BaseResults {
  dataset: Dataset;
  /** AOR index per incident (−1 none), null when the dataset has no AORs. */
  aorOfIncident: Int32Array | null;
  /** Bit m set when mode m (MOBILITY_MODES order) reaches the incident. */
  reachBits: Uint8Array;
  /** Indices of the settlements in the mission area (inside an AOR; without AORs, in the incidents' box). */
  missionSettlements: Uint32Array;
}

export interface AnalysisState {
  /** The analysis of filtered incidents runs once the panel has been opened. */
  active: boolean;
  params: AnalysisParams;
  layers: Record<AnalysisLayerId, boolean>;
  run: RunStatus;
  results: AnalysisResults | null;
  base: BaseResults | null;
}

const IDLE: RunStatus = { phase: 'idle', progress: 0, step: '', error: null, note: null, adjusted: [] };

let state: AnalysisState = {
  active: false,
  params: DEFAULT_PARAMS,
  layers: { density: true, hotspots: true, gistar: false, emerging: false, gaps: false },
  run: IDLE,
  results: null,
  base: null,
};
const listeners = new Set<() => void>();

function set(patch: Partial<AnalysisState>): void {
  state = { ...state, ...patch };
  for (const l of listeners) l();
}
function setRun(patch: Partial<RunStatus>): void {
  set({ run: { ...state.run, ...patch } });
}

export function getAnalysisState(): AnalysisState {
  return state;
}
export function subscribeAnalysis(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
export function useAnalysis<T>(select: (s: AnalysisState) => T): T {
  return useSyncExternalStore(subscribeAnalysis, () => select(state));
}

/** The whole-dataset AOR membership and reach bits, once computed for the dataset on screen. */
export function useAnalysisBase(): { aorOfIncident: Int32Array | null; reachBits: Uint8Array | null } {
  const base = useAnalysis((s) => s.base);
  const dataset = useSyncExternalStore(subscribeApp, () => getState().dataset);
  if (!base || base.dataset !== dataset) return { aorOfIncident: null, reachBits: null };
  return { aorOfIncident: base.aorOfIncident, reachBits: base.reachBits };
}

export const analysisActions = {
  setParams(patch: Partial<AnalysisParams>): void {
    set({ params: { ...state.params, ...patch } });
    schedule();
  },
  resetParams(): void {
    set({ params: DEFAULT_PARAMS });
    schedule();
  },
  toggleLayer(id: AnalysisLayerId, on?: boolean): void {
    set({ layers: { ...state.layers, [id]: on ?? !state.layers[id] } });
  },
  /** Start following the filters (the panel calls this when it opens). */
  activate(): void {
    if (state.active) return;
    set({ active: true });
    schedule(0);
  },
};

// ---------------------------------------------------------------------------------------
// The worker.

type Remote = Comlink.Remote<AnalysisApi>;
let remote: Remote | null = null;

function api(): Remote {
  if (!remote) {
    const worker = new Worker(new URL('../../workers/analysis.worker.ts', import.meta.url), { type: 'module' });
    remote = Comlink.wrap<AnalysisApi>(worker);
  }
  return remote;
}
/** Tests substitute the worker (an in-process api over a MessageChannel). */
export function setRemoteForTests(r: Remote): void {
  remote = r;
}

let callSeq = 0;
/** The newest run; results of any other are stale. */
let currentRun = 0;
let currentBase = 0;

// ---------------------------------------------------------------------------------------
// Base: AOR membership and reach bits of the whole dataset.

/** The base job of the dataset on screen, so a run can wait for its mission area. */
let baseJob: { dataset: Dataset; done: Promise<BaseResults | null> } | null = null;

function runBase(dataset: Dataset | null): void {
  const id = ++currentBase;
  baseJob = dataset ? { dataset, done: computeBase(dataset, id) } : null;
}

async function computeBase(dataset: Dataset, id: number): Promise<BaseResults | null> {
  const t = dataset.incidents;
  const remote = api();
  try {
    const presences = presenceColumns(dataset.presences);
    // Copies, transferred: the dataset's own columns stay with the map.
    const lon = t.lon.slice(), lat = t.lat.slice();
    const within = remote.withinRange(
      Comlink.transfer({ incidents: { lon, lat }, presences }, [lon.buffer, lat.buffer]),
      { lists: 'none' }, { jobId: ++callSeq, channel: 'base:range' },
    );
    const aors = dataset.aors.map((a) => ({ geometry: a.geometry }));
    let aor: Promise<Int32Array> | null = null;
    let settlementAor: Promise<Int32Array> | null = null;
    if (aors.length) {
      const lon2 = t.lon.slice(), lat2 = t.lat.slice();
      aor = remote.aorMembership(Comlink.transfer({ lon: lon2, lat: lat2 }, [lon2.buffer, lat2.buffer]), aors, { jobId: ++callSeq, channel: 'base:aor' });
      const sl = Float64Array.from(dataset.settlements, (x) => x.lon), sa = Float64Array.from(dataset.settlements, (x) => x.lat);
      settlementAor = remote.aorMembership(Comlink.transfer({ lon: sl, lat: sa }, [sl.buffer, sa.buffer]), aors, { jobId: ++callSeq, channel: 'base:aor-settlements' });
    }
    const [w, a, sAor] = await Promise.all([within, aor, settlementAor]);
    if (id !== currentBase || getState().dataset !== dataset) return null;
    const base: BaseResults = { dataset, aorOfIncident: a, reachBits: w.inRange, missionSettlements: missionSettlements(dataset, sAor) };
    set({ base });
    return base;
  } catch (e) {
    if (isCancelledError(e) || id !== currentBase) return null;
    setRun({ error: `Range and AOR membership could not be computed: ${e instanceof Error ? e.message : String(e)}` });
    return null;
  }
}

/**
 * Settlements of the mission area, whose population the coverage shares count: those inside
 * an AOR, or without AORs those within the incidents' lon/lat box. The basemap carries
 * towns of neighbouring countries too; counting them would make every share look small.
 */
function missionSettlements(d: Dataset, settlementAor: Int32Array | null): Uint32Array {
  const keep: number[] = [];
  if (settlementAor) {
    settlementAor.forEach((a, i) => { if (a >= 0) keep.push(i); });
  } else {
    const t = d.incidents;
    let w = Infinity, e = -Infinity, s = Infinity, n = -Infinity;
    for (let i = 0; i < t.length; i++) {
      const lo = t.lon[i]!, la = t.lat[i]!;
      if (lo < w) w = lo; if (lo > e) e = lo;
      if (la < s) s = la; if (la > n) n = la;
    }
    d.settlements.forEach((x, i) => { if (x.lon >= w && x.lon <= e && x.lat >= s && x.lat <= n) keep.push(i); });
  }
  return Uint32Array.from(keep);
}

// ---------------------------------------------------------------------------------------
// The analysis of the filtered incidents.

let timer: ReturnType<typeof setTimeout> | null = null;
/** What the last completed (or running) run analysed, to skip repeats. */
let lastKey: { dataset: Dataset; version: number; params: AnalysisParams } | null = null;

function schedule(delayMs = 300): void {
  if (!state.active) return;
  if (timer !== null) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    void runAnalysis();
  }, delayMs);
  if (state.run.phase !== 'running') setRun({ phase: 'pending' });
}

/** Longer side of the lon/lat box of the given incidents, km (for grid-size guards). */
function spanKm(t: IncidentTable, idx: Uint32Array): number {
  let w = Infinity, e = -Infinity, s = Infinity, n = -Infinity;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    const lo = t.lon[i]!, la = t.lat[i]!;
    if (lo < w) w = lo; if (lo > e) e = lo;
    if (la < s) s = la; if (la > n) n = la;
  }
  if (!(e >= w)) return 0;
  return Math.max(distanceKm(w, (s + n) / 2, e, (s + n) / 2), distanceKm(w, s, w, n));
}

function nearestPlace(d: Dataset, lon: number, lat: number): NearestPlace | null {
  let best: NearestPlace | null = null;
  for (const s of d.settlements) {
    const km = distanceKm(lon, lat, s.lon, s.lat);
    if (km <= 100 && (!best || km < best.km)) best = { name: s.name, km };
  }
  return best;
}

const STEPS = [
  { label: 'Density, hotspots and coverage', from: 0, to: 0.6 },
  { label: 'Emerging hot spots', from: 0.6, to: 0.92 },
  { label: 'Gi* hot and cold spots', from: 0.92, to: 1 },
] as const;

export async function runAnalysis(): Promise<void> {
  const app = getState();
  const dataset = app.dataset;
  const filtered = filteredOf(app);
  if (!dataset || !filtered) return;
  const params = state.params;
  if (lastKey && lastKey.dataset === dataset && lastKey.version === filtered.version && lastKey.params === params && state.run.phase !== 'error') {
    if (state.run.phase === 'pending') setRun({ phase: state.results ? 'done' : 'idle' });
    return;
  }
  lastKey = { dataset, version: filtered.version, params };
  const runId = ++callSeq;
  currentRun = runId;
  const t0 = performance.now();
  const t = dataset.incidents;
  const idx = filtered.indices;
  const n = idx.length;
  if (n === 0) {
    set({ results: null, run: { ...IDLE, phase: 'done', note: 'No incident passes the filters: nothing to analyse.' } });
    return;
  }

  // Grid guards: a small cell over a wide area would make grids of many millions of cells.
  const span = spanKm(t, idx);
  const adjusted: string[] = [];
  // The density grid is padded by the kernel's support on each side (6σ Gaussian, h quartic);
  // with an automatic bandwidth, span/4 bounds the ArcGIS rule's h except for tiny inputs.
  const supportKm = (params.kernel === 'gaussian' ? 6 : 1) * (params.bandwidthKm ?? span / 4);
  const densitySpan = span + 2 * supportKm;
  let densityCellKm = params.densityCellKm ?? undefined;
  if (densityCellKm !== undefined && densitySpan / densityCellKm > MAX_DENSITY_CELLS) {
    densityCellKm = Math.ceil((10 * densitySpan) / MAX_DENSITY_CELLS) / 10;
    adjusted.push(`Density cell raised to ${densityCellKm} km (at most ${MAX_DENSITY_CELLS} cells across the data and the kernel's reach).`);
  }
  let statCellKm = params.statCellKm ?? undefined;
  if (statCellKm !== undefined && span / statCellKm > MAX_STAT_CELLS) {
    statCellKm = Math.ceil((10 * span) / MAX_STAT_CELLS) / 10;
    adjusted.push(`Gi* cell raised to ${statCellKm} km (at most ${MAX_STAT_CELLS} cells across the data).`);
  }
  set({ run: { ...IDLE, phase: 'running', step: STEPS[0].label, adjusted } });
  // The mission area's settlements come from the base job (AOR membership, in the worker).
  const base = baseJob?.dataset === dataset ? await baseJob.done : null;
  if (currentRun !== runId) return;
  const settlements = base ? Array.from(base.missionSettlements, (i) => dataset.settlements[i]!) : dataset.settlements;

  // Fresh copies of the filtered columns; each call gets its own (a transfer detaches them).
  const column = <A extends Float64Array | Uint32Array | Uint8Array | Int32Array>(src: A, make: (n: number) => A): A => {
    const out = make(n);
    for (let k = 0; k < n; k++) out[k] = src[idx[k]!]!;
    return out;
  };
  const f64 = (m: number): Float64Array => new Float64Array(m);
  const progress = (step: number): ((f: number) => void) => Comlink.proxy((f: number) => {
    if (currentRun !== runId) return;
    const s = STEPS[step]!;
    setRun({ progress: s.from + (s.to - s.from) * f, step: s.label });
  });
  const stale = (): boolean => currentRun !== runId;
  const remote = api();
  try {
    const lon = column(t.lon, f64), lat = column(t.lat, f64);
    const fatalities = column(t.fatalities, (m) => new Uint32Array(m));
    const threatType = column(t.threatType, (m) => new Uint8Array(m));
    const analysed = await remote.analyze(
      Comlink.transfer({
        incidents: { lon, lat, fatalities, threatType },
        presences: presenceColumns(dataset.presences),
        aors: dataset.aors.map((a) => ({ geometry: a.geometry })),
        settlements: settlementColumns(settlements),
      }, [lon.buffer, lat.buffer, fatalities.buffer, threatType.buffer]),
      {
        kde: {
          kernel: params.kernel,
          ...(params.bandwidthKm !== null ? { bandwidthKm: params.bandwidthKm } : {}),
          ...(densityCellKm !== undefined ? { cellKm: densityCellKm } : { maxCells: DENSITY_CELLS }),
        },
        hotspots: { threshold: { kind: 'hdr', mass: HOTSPOT_MASS } },
        coverage: { gapMode: params.coverageMode, gapThreshold: { kind: 'hdr', mass: HOTSPOT_MASS } },
        withinRange: { lists: 'byPresence' },
      },
      { jobId: ++callSeq, channel: 'analysis' },
      progress(0),
    );
    if (stale()) return;

    // The period, clipped to the data: bins after the latest incident (or before the
    // first) were not observed, and an empty final bin would hide every "new" hot spot.
    const ext = filtered.extent;
    const startDay = app.period ? Math.max(app.period.startDay, ext.startDay) : ext.startDay;
    const days = { startDay, endDay: app.period ? Math.max(startDay, Math.min(app.period.endDay, ext.endDay)) : ext.endDay };
    const lon2 = column(t.lon, f64), lat2 = column(t.lat, f64), day = column(t.day, (m) => new Int32Array(m));
    const emerging = await remote.emergingHotspots(
      Comlink.transfer({ lon: lon2, lat: lat2, day }, [lon2.buffer, lat2.buffer, day.buffer]),
      {
        bin: params.timeStep, startDay: days.startDay, endDay: days.endDay,
        // The same projection centre as the density, so every grid of one run lines up.
        projection: analysed.kde.grid.projection,
        ...(statCellKm !== undefined ? { cellKm: statCellKm } : { maxCells: STAT_CELLS }),
        ...(params.bandKm !== null ? { neighbourhoodKm: params.bandKm } : {}),
      },
      { jobId: ++callSeq, channel: 'analysis' },
      progress(1),
    );
    if (stale()) return;

    const lon3 = column(t.lon, f64), lat3 = column(t.lat, f64);
    const gistar = await remote.giStarIncidents(
      Comlink.transfer({ lon: lon3, lat: lat3 }, [lon3.buffer, lat3.buffer]),
      { grid: emerging.grid, bandKm: emerging.neighbourhoodKm, mask: 'all' },
      { jobId: ++callSeq, channel: 'analysis' },
      progress(2),
    );
    if (stale()) return;

    const results: AnalysisResults = {
      jobId: runId, dataset, filteredVersion: filtered.version, params, count: n, days,
      kde: analysed.kde, hotspots: analysed.hotspots,
      hotspotPlaces: analysed.hotspots.hotspots.map((h) => nearestPlace(dataset, h.peakLon, h.peakLat)),
      coverage: analysed.coverage, emerging, gistar,
      ms: performance.now() - t0,
    };
    set({ results, run: { ...IDLE, phase: 'done', progress: 1, adjusted } });
  } catch (e) {
    if (isCancelledError(e) || stale()) return;
    lastKey = null; // let the same inputs be retried
    set({ run: { ...IDLE, phase: 'error', error: e instanceof Error ? e.message : String(e), adjusted } });
  }
}

// ---------------------------------------------------------------------------------------
// Following the app store.

let seen: Pick<AppState, 'dataset' | 'filter' | 'period' | 'panel'> = { dataset: null, filter: {}, period: null, panel: null };

function onAppChange(): void {
  const s = getState();
  const prev = seen;
  seen = { dataset: s.dataset, filter: s.filter, period: s.period, panel: s.panel };
  if (s.dataset !== prev.dataset) {
    set({ base: null });
    runBase(s.dataset);
  }
  if (s.panel === 'analysis' && !state.active) {
    analysisActions.activate();
    return;
  }
  if (s.dataset !== prev.dataset || s.filter !== prev.filter || s.period !== prev.period) schedule();
}

subscribeApp(onAppChange);
onAppChange();

// ---------------------------------------------------------------------------------------
// End-to-end test hooks (e2e build only).

export interface AnalysisSnapshot {
  phase: RunStatus['phase'];
  progress: number;
  error: string | null;
  jobId: number | null;
  count: number;
  filteredVersion: number | null;
  ms: number | null;
  baseReady: boolean;
  datasetSize: number;
  hotspots: { rank: number; mass: number; incidents: number; lon: number; lat: number }[];
}

export interface PocAnalysisHooks {
  /**
   * Replace the dataset by a seeded synthetic table of `n` incidents, resampled from the
   * current dataset with ~5 km jitter (so it keeps the scenario's clusters). Returns how
   * long generating the table took (test-only work, so a measurement can set it apart).
   */
  loadSynthetic(n: number, seed?: number): { generateMs: number };
  snapshot(): AnalysisSnapshot;
  /** The density grid and the flat cell indices of the hotspot of rank `rank`. */
  hotspotCells(rank: number): { grid: GridSpec; cells: number[] } | null;
  setParams(patch: Partial<AnalysisParams>): void;
  /**
   * Lon/lat of a cell the layer certainly colours: the density peak, the Gi* cell with the
   * highest z among the 99 % hot cells, an emerging cell of the most frequent hot class.
   */
  sampleCell(layer: 'density' | 'gistar' | 'emerging'): [number, number] | null;
}

declare global {
  interface Window {
    __pocAnalysis?: PocAnalysisHooks;
  }
}

/** A seeded synthetic table resampled from `src` (e2e only; exported for its unit test). */
export function syntheticTable(src: IncidentTable, n: number, seed = 1): IncidentTable {
  const r = mulberry32(seed);
  const out = emptyIncidentTable(n);
  out.strings.perpetrators = [...src.strings.perpetrators];
  const cols = out as unknown as Record<string, { [i: number]: number }>;
  const from = src as unknown as Record<string, { [i: number]: number }>;
  let first = Infinity, last = -Infinity;
  for (let i = 0; i < src.length; i++) { first = Math.min(first, src.day[i]!); last = Math.max(last, src.day[i]!); }
  const pick = new Uint32Array(n);
  for (let i = 0; i < n; i++) pick[i] = Math.floor(r() * src.length);
  // Column by column: one tight loop per typed array.
  for (const c of INCIDENT_COLUMN_NAMES) {
    const to = cols[c]!, fr = from[c]!;
    for (let i = 0; i < n; i++) to[i] = fr[pick[i]!]!;
  }
  for (let i = 0; i < n; i++) {
    const k = pick[i]!;
    // Box–Muller: ~5 km (0.045°) of jitter keeps the clusters without stacking copies.
    const rad = Math.sqrt(-2 * Math.log(1 - r())), th = 2 * Math.PI * r();
    out.lon[i] = src.lon[k]! + 0.045 * rad * Math.cos(th);
    out.lat[i] = src.lat[k]! + 0.045 * rad * Math.sin(th);
    out.day[i] = Math.min(last, Math.max(first, src.day[k]! + Math.floor(r() * 7) - 3));
    out.ids[i] = `SYN-${i + 1}`;
  }
  return out;
}

if (import.meta.env.MODE === 'e2e') {
  window.__pocAnalysis = {
    loadSynthetic(n, seed = 20261123) {
      const d = getState().dataset;
      if (!d) throw new Error('no dataset loaded');
      const t0 = performance.now();
      const incidents = syntheticTable(d.incidents, n, seed);
      const generateMs = performance.now() - t0;
      actions.datasetLoaded({ ...d, name: `${d.name} (synthetic ×${Math.round(n / d.incidents.length)})`, incidents });
      return { generateMs };
    },
    snapshot() {
      const r = state.results;
      return {
        phase: state.run.phase, progress: state.run.progress, error: state.run.error,
        jobId: r?.jobId ?? null, count: r?.count ?? 0, filteredVersion: r?.filteredVersion ?? null, ms: r?.ms ?? null,
        baseReady: state.base !== null && state.base.dataset === getState().dataset,
        datasetSize: getState().dataset?.incidents.length ?? 0,
        hotspots: (r?.hotspots.hotspots ?? []).map((h) => ({ rank: h.rank, mass: h.mass, incidents: h.incidents, lon: h.centroidLon, lat: h.centroidLat })),
      };
    },
    hotspotCells(rank) {
      const r = state.results;
      if (!r) return null;
      const cells: number[] = [];
      r.hotspots.label.forEach((l, k) => { if (l === rank - 1) cells.push(k); });
      return { grid: r.kde.grid, cells };
    },
    setParams(patch) {
      analysisActions.setParams(patch);
    },
    sampleCell(layer) {
      const r = state.results;
      if (!r) return null;
      if (layer === 'density') { const h = r.hotspots.hotspots[0]; return h ? [h.peakLon, h.peakLat] : null; }
      const g = r.emerging.grid;
      let best = -1;
      if (layer === 'gistar') {
        r.gistar.bin.forEach((b, k) => { if (b === 3 && (best < 0 || r.gistar.z[k]! > r.gistar.z[best]!)) best = k; });
      } else {
        // Hot classes are codes 1..8 (EMERGING_PATTERNS order); take the most frequent one.
        const counts = r.emerging.patternCounts;
        let code = -1;
        for (let c = 1; c <= 8; c++) if ((counts[c] ?? 0) > 0 && (code < 0 || counts[c]! > counts[code]!)) code = c;
        if (code >= 0) best = r.emerging.patternByCell.indexOf(code);
      }
      if (best < 0) return null;
      return unprojectPointLaea(g.projection, g.x0 + ((best % g.nx) + 0.5) * g.cellKm, g.y0 + (Math.floor(best / g.nx) + 0.5) * g.cellKm);
    },
  };
}
