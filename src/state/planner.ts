/**
 * Force planner state: the planner's settings (mobility mode, demand, period), the
 * scenario being edited (moved presences, temporary bases, patrol-range overrides per
 * presence and per type, closed presences), saved named scenarios, the coverage figures
 * and gaps of the scenario, the optimiser's run and proposals — a small store next to the
 * app's one store (store.ts), read with `usePlanner(selector)`.
 *
 * Also owns the main thread's side of the planning worker (workers/planning.worker.ts;
 * contract in src/planning/api.ts):
 *   - demand points are built here (pure, a few ms for the exercise data) and kept: the gap
 *     list, the gap layer and the per-AOR figures read them on every update;
 *   - one what-if session per (demand set × mode): incidents, population and — when chosen —
 *     hotspot mass, each for foot, road, air and any mode, so every figure of the panel
 *     follows an edit at once. Sessions of one demand set share one spatial index;
 *   - a session starts at the dataset's presences (the BASELINE) and receives the
 *     scenario as edits (planModel.ts diffSlots), so "delta against the baseline" is the
 *     session's own delta and a reset is just "no edits";
 *   - edits are applied by one sync loop: one sync at a time, and edits arriving during a
 *     sync are coalesced into the next one (a drag sends dozens of moves a second; only
 *     the newest position matters). Each update returns the flipped points, which update
 *     the covered masks kept here, so nothing is recomputed from scratch;
 *   - the optimiser runs as a cancellable job on the channel 'optimise' with progress.
 *
 * Saved scenarios are stored with the workspace (a workspace extension under WORKSPACE_KEY,
 * src/workspace/session.ts): they are autosaved, written into workspace files, and switch
 * with the workspace. The scenario being edited is not stored until it is saved.
 */
import { useSyncExternalStore } from 'react';
import * as Comlink from 'comlink';
import type { PlanningApi } from '../planning/api.ts';
import { isCancelledError } from '../analysis/job.ts';
import { aorMembership } from '../analysis/aor.ts';
import { settlementColumns } from '../analysis/inputs.ts';
import type { DemandPoints } from '../planning/demand.ts';
import { demandFromDensity, demandFromIncidents, demandFromPopulation } from '../planning/demand.ts';
import type { Site } from '../planning/sites.ts';
import type { CoverageDelta, CoverageTotals, WhatIfUpdate } from '../planning/whatIf.ts';
import { gridCandidates, type MclpResult } from '../planning/optimiser.ts';
import type { Reach, Settlement } from '../domain/presence.ts';
import { DEFAULT_REACH_KM } from '../domain/presence.ts';
import type { MobilityModeId, PresenceTypeId } from '../domain/taxonomy.ts';
import type { Dataset } from '../io/dataset.ts';
import {
  ALL_PLANNING_MODES, describePlace, diffSlots, editCount, gapClusters, NO_EDITS, planPresences, rankGaps, reachInMode,
  unionAreaKm2, uniformedStrength, type Gap, type GapClusters, type PlanningMode, type PlanPresence,
  type Disc, type ScenarioEdits, type SlotDiff, type SlotState, type TemporaryBase,
} from '../views/planner/planModel.ts';
import { filteredOf } from './filtered.ts';
import { getState as getApp, subscribe as subscribeApp } from './store.ts';
import { getAnalysisState, subscribeAnalysis } from './analysis.ts';
import { registerWorkspaceExtension } from '../workspace/session.ts';

export type { PlanningMode } from '../views/planner/planModel.ts';

// ---------------------------------------------------------------------------------------
// Settings and state.

export type DemandChoice = 'incidents' | 'severity' | 'population' | 'hotspots';
export type PeriodChoice = 'all' | '12m' | '6m' | '3m';
export type DemandSetId = 'incidents' | 'population' | 'hotspots';

export const DEMAND_LABELS: Record<DemandChoice, string> = {
  incidents: 'Incidents: 1 + civilians killed',
  severity: 'Incidents: threat severity + civilians killed',
  population: 'Population: settlements and displacement sites',
  hotspots: 'Hotspot mass (from the Analysis tab)',
};
export const PERIOD_LABELS: Record<PeriodChoice, string> = {
  all: 'All incidents of the dataset',
  '12m': 'Last 12 months',
  '6m': 'Last 6 months',
  '3m': 'Last 3 months',
};
const PERIOD_DAYS: Record<PeriodChoice, number | null> = { all: null, '12m': 365, '6m': 182, '3m': 91 };

export interface PlannerSettings {
  mode: PlanningMode;
  demand: DemandChoice;
  period: PeriodChoice;
  /** Use the analyst's filters and period instead of `period`. */
  followFilters: boolean;
}

export interface OptimiserSettings {
  k: number;
  candidates: 'settlements' | 'grid';
  spacingKm: number;
  /** Patrol range of a proposed base in the planning mode, km; null = an operating base's default. */
  reachKm: number | null;
}

export interface Share {
  covered: number;
  total: number;
  /** covered − covered in the baseline. */
  delta: number;
}

export interface ModeFigures {
  mode: PlanningMode;
  incidents: Share;
  killed: Share;
  /** The chosen incident weighting (1 + killed, or severity + killed). */
  weight: Share;
  population: Share;
  hotspot: Share | null;
  /** Uniformed personnel (military + police) of the presences that reach anything in the mode. */
  personnel: number;
  /** Area of the union of the patrol ranges, km². */
  areaKm2: number;
}

export interface PresenceFigures {
  key: string;
  name: string;
  temporary: boolean;
  index: number;
  lon: number;
  lat: number;
  reachKm: number;
  incidents: number;
  weight: number;
  population: number;
  hotspot: number | null;
  strength: number;
  active: boolean;
}

export interface AorFigures {
  name: string;
  incidents: Share;
  population: Share;
}

export interface PrimaryFigures {
  set: DemandSetId;
  /** "incidents", "people", "expected incidents". */
  unit: string;
  covered: number;
  total: number;
  delta: number;
  /** Demand points: incidents, settlements + sites, or grid cells. */
  count: Share;
}

export interface PlannerResults {
  version: number;
  mode: PlanningMode;
  demand: DemandChoice;
  /** Incidents in the demand (after period or filters). */
  incidentCount: number;
  byMode: Record<PlanningMode, ModeFigures>;
  primary: PrimaryFigures;
  perPresence: PresenceFigures[];
  perAor: AorFigures[];
  gaps: Gap[];
  /** Uncovered demand points of the chosen demand and mode: [lon, lat] pairs, and a size per point. */
  uncovered: { positions: Float32Array; sizes: Float32Array; count: number };
  /** From the edit to the figures on screen (what the planner waits), ms. */
  updateMs: number;
  /** Worker round trip of the last update (all sessions), ms. */
  workerMs: number;
  /** Demand points the last update's edits visited (all sessions). */
  touched: number;
  /** Edits sent in the last update (per session). */
  edits: number;
  updates: number;
}

export interface Proposal {
  rank: number;
  lon: number;
  lat: number;
  reachKm: number;
  place: string;
  /** Marginal gain: demand weight this base newly covers. */
  gain: number;
  /** Demand points it newly covers, and civilians killed in them (incident demand). */
  newlyCovered: number;
  newlyKilled: number | null;
  /** Cumulative covered share after this base, and the upper bound known before it was picked. */
  share: number;
  bound: number;
}

export interface ProposalSet {
  mode: PlanningMode;
  demand: DemandChoice;
  demandVersion: number;
  k: number;
  candidates: string;
  candidateCount: number;
  totalWeight: number;
  /** Share covered by the scenario's presences before any proposal. */
  baseShare: number;
  achievedShare: number;
  /** Best upper bound on what any k bases from these candidates could reach. */
  boundShare: number;
  optimal: boolean;
  proposals: Proposal[];
  ms: number;
  /** The scenario the run started from (gains are exact for it only). */
  edits: ScenarioEdits;
}

export interface OptimiserRun {
  phase: 'idle' | 'running' | 'done' | 'cancelled' | 'error';
  progress: number;
  error: string | null;
  result: ProposalSet | null;
}

export interface SavedScenario {
  id: string;
  name: string;
  savedAt: string;
  datasetName: string;
  edits: ScenarioEdits;
}

export interface ScenarioFigures {
  incidents: Share;
  killed: Share;
  weight: Share;
  population: Share;
  hotspot: Share | null;
  personnel: number;
  areaKm2: number;
  temporaryBases: number;
  edits: number;
}

export interface PlannerState {
  active: boolean;
  settings: PlannerSettings;
  edits: ScenarioEdits;
  /** Name of the scenario being edited; `savedId` when it was loaded from (or saved as) a saved one. */
  scenarioName: string;
  savedId: string | null;
  saved: SavedScenario[];
  dropArmed: boolean;
  /** Slot key of the base being dragged. */
  dragging: string | null;
  status: { phase: 'off' | 'loading' | 'ready' | 'error'; error: string | null };
  results: PlannerResults | null;
  optimiser: OptimiserSettings;
  run: OptimiserRun;
  /** Scenario ids compared side by side ('baseline', 'current' or a saved id). */
  compare: [string, string];
  compareFigures: Record<string, ScenarioFigures | 'pending' | 'error'>;
  /** Hotspot mass can be a demand (the Analysis tab has results for this dataset). */
  hotspotsAvailable: boolean;
}

/** Key of the planner's saved scenarios in the workspace document's extensions. */
export const WORKSPACE_KEY = 'planner';

let state: PlannerState = {
  active: false,
  settings: { mode: 'road', demand: 'incidents', period: 'all', followFilters: false },
  edits: NO_EDITS,
  scenarioName: 'Unsaved scenario',
  savedId: null,
  saved: [],
  dropArmed: false,
  dragging: null,
  status: { phase: 'off', error: null },
  results: null,
  optimiser: { k: 2, candidates: 'settlements', spacingKm: 25, reachKm: null },
  run: { phase: 'idle', progress: 0, error: null, result: null },
  compare: ['baseline', 'current'],
  compareFigures: {},
  hotspotsAvailable: false,
};
const listeners = new Set<() => void>();

function set(patch: Partial<PlannerState>): void {
  state = { ...state, ...patch };
  for (const l of listeners) l();
}

export function getPlannerState(): PlannerState {
  return state;
}
export function subscribePlanner(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
export function usePlanner<T>(select: (s: PlannerState) => T): T {
  return useSyncExternalStore(subscribePlanner, () => select(state));
}

/** The scenario's presences (memoised on dataset and edits: the panel and the map layer share it). */
let planMemo: { dataset: Dataset; edits: ScenarioEdits; plan: PlanPresence[] } | null = null;
export function currentPlan(): PlanPresence[] {
  const d = getApp().dataset;
  if (!d) return [];
  if (planMemo && planMemo.dataset === d && planMemo.edits === state.edits) return planMemo.plan;
  planMemo = { dataset: d, edits: state.edits, plan: planPresences(d.presences, state.edits) };
  return planMemo.plan;
}
export function usePlan(): PlanPresence[] {
  usePlanner((s) => s.edits);
  useSyncExternalStore(subscribeApp, () => getApp().dataset);
  return currentPlan();
}

/** The patrol range a proposed base gets in a mode: an operating base's default. */
export function defaultCandidateReach(mode: PlanningMode): number {
  return reachInMode(DEFAULT_REACH_KM.operating_base, mode);
}

// ---------------------------------------------------------------------------------------
// Saved scenarios (stored with the workspace).

function isReachPatch(v: unknown): v is Partial<Reach> {
  return typeof v === 'object' && v !== null && Object.entries(v).every(([k, x]) => (k === 'foot' || k === 'road' || k === 'air') && typeof x === 'number' && x >= 0);
}
function validEdits(v: unknown): ScenarioEdits | null {
  if (typeof v !== 'object' || v === null) return null;
  const e = v as Record<string, unknown>;
  const rec = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!rec(e.moved) || !rec(e.reach) || !rec(e.typeReach) || !Array.isArray(e.closed) || !Array.isArray(e.temporary)) return null;
  const moved: Record<string, { lon: number; lat: number }> = {};
  for (const [k, p] of Object.entries(e.moved)) {
    if (!rec(p) || typeof p.lon !== 'number' || typeof p.lat !== 'number') return null;
    moved[k] = { lon: p.lon, lat: p.lat };
  }
  const reach: Record<string, Partial<Reach>> = {};
  for (const [k, r] of Object.entries(e.reach)) { if (!isReachPatch(r)) return null; reach[k] = r; }
  const typeReach: Partial<Record<PresenceTypeId, Partial<Reach>>> = {};
  for (const [k, r] of Object.entries(e.typeReach)) { if (!isReachPatch(r) || !(k in DEFAULT_REACH_KM)) return null; typeReach[k as PresenceTypeId] = r; }
  const temporary: TemporaryBase[] = [];
  for (const t of e.temporary) {
    if (!rec(t) || typeof t.id !== 'string' || typeof t.name !== 'string' || typeof t.lon !== 'number' || typeof t.lat !== 'number' || !rec(t.reachKm)) return null;
    const r = t.reachKm;
    if (typeof r.foot !== 'number' || typeof r.road !== 'number' || typeof r.air !== 'number') return null;
    temporary.push({
      id: t.id, name: t.name, lon: t.lon, lat: t.lat, reachKm: { foot: r.foot, road: r.road, air: r.air },
      strength: typeof t.strength === 'number' ? t.strength : 0, ...(typeof t.proposalRank === 'number' ? { proposalRank: t.proposalRank } : {}),
    });
  }
  return { moved, reach, typeReach, closed: e.closed.filter((x): x is string => typeof x === 'string'), temporary };
}

/** Saved scenarios from what the workspace kept (invalid entries are dropped, not fatal). */
function parseSaved(v: unknown): SavedScenario[] {
  if (typeof v !== 'object' || v === null) return [];
  const o = v as { version?: unknown; scenarios?: unknown };
  if (o.version !== 1 || !Array.isArray(o.scenarios)) return [];
  const out: SavedScenario[] = [];
  for (const s of o.scenarios) {
    if (typeof s !== 'object' || s === null) continue;
    const x = s as Record<string, unknown>;
    const edits = validEdits(x.edits);
    if (!edits || typeof x.id !== 'string' || typeof x.name !== 'string') continue;
    out.push({ id: x.id, name: x.name, savedAt: String(x.savedAt ?? ''), datasetName: String(x.datasetName ?? ''), edits });
  }
  return out;
}

// Saved scenarios are part of the workspace (src/workspace/session.ts extensions): they are
// saved with it, go into workspace files, and switch with it.
const savedListeners = new Set<() => void>();
function savedChanged(): void {
  for (const l of savedListeners) l();
}
registerWorkspaceExtension(WORKSPACE_KEY, {
  get: () => ({ version: 1, scenarios: state.saved }),
  set: (saved) => {
    const list = parseSaved(saved);
    set({ saved: list, compareFigures: {}, ...(state.savedId && !list.some((x) => x.id === state.savedId) ? { savedId: null } : {}) });
  },
  subscribe: (l) => { savedListeners.add(l); return () => { savedListeners.delete(l); }; },
});

// ---------------------------------------------------------------------------------------
// The worker.

type Remote = Comlink.Remote<PlanningApi>;
let remote: Remote | null = null;
function api(): Remote {
  if (!remote) {
    const worker = new Worker(new URL('../../workers/planning.worker.ts', import.meta.url), { type: 'module' });
    remote = Comlink.wrap<PlanningApi>(worker);
  }
  return remote;
}

interface DemandSet {
  id: DemandSetId;
  points: DemandPoints;
  /** Civilians killed per point (incident demand). */
  killed: Float64Array | null;
  killedTotal: number;
  /** AOR of each point (−1 none); null without AORs. */
  aor: Int32Array | null;
  clusters: GapClusters;
  sessions: Record<PlanningMode, number>;
  masks: Record<PlanningMode, Uint8Array>;
  totals: Record<PlanningMode, { totals: CoverageTotals; delta: CoverageDelta }>;
  killedCovered: Record<PlanningMode, number>;
  killedBaseline: Record<PlanningMode, number>;
}

interface Ctx {
  version: number;
  key: string;
  dataset: Dataset;
  sets: DemandSet[];
  /** Settlements of the mission area (gap names, candidate sites, proposal places). */
  places: Settlement[];
  incidentCount: number;
  /** Site keys of the sessions' slots, and their state per mode as last sent. */
  keys: string[];
  applied: Record<PlanningMode, SlotState[]>;
  perPresence: Map<DemandSetId, { reachedWeight: number; reachedCount: number }[]>;
}

let ctx: Ctx | null = null;
let ctxVersion = 0;
let updates = 0;

function demandKey(): string {
  const app = getApp();
  const s = state.settings;
  const f = s.followFilters ? filteredOf(app) : null;
  const a = getAnalysisState().results;
  const hot = s.demand === 'hotspots' && a && a.dataset === app.dataset ? a.jobId : -1;
  return [s.demand, s.followFilters ? `f${f?.version ?? -1}` : s.period, hot].join('|');
}

function emptyRecord<T>(make: () => T): Record<PlanningMode, T> {
  return { foot: make(), road: make(), air: make(), any: make() };
}

/** Settlements inside the AORs (the mission area); without AORs, those within 50 km of an incident's bounding box. */
function missionPlaces(d: Dataset): Settlement[] {
  const s = d.settlements;
  if (d.aors.length) {
    const m = aorMembership({ lon: s.map((x) => x.lon), lat: s.map((x) => x.lat) }, d.aors.map((a) => ({ geometry: a.geometry })));
    return s.filter((_, i) => m[i]! >= 0);
  }
  const t = d.incidents;
  let w = Infinity, e = -Infinity, so = Infinity, n = -Infinity;
  for (let i = 0; i < t.length; i++) {
    const x = t.lon[i]!, y = t.lat[i]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    w = Math.min(w, x); e = Math.max(e, x); so = Math.min(so, y); n = Math.max(n, y);
  }
  const pad = 0.5;
  return s.filter((x) => x.lon >= w - pad && x.lon <= e + pad && x.lat >= so - pad && x.lat <= n + pad);
}

function incidentInclude(d: Dataset): Uint8Array | undefined {
  const s = state.settings;
  if (s.followFilters) return filteredOf(getApp())?.mask;
  const days = PERIOD_DAYS[s.period];
  if (days === null) return undefined;
  const t = d.incidents;
  let last = -Infinity;
  for (let i = 0; i < t.length; i++) if (t.day[i]! > last) last = t.day[i]!;
  const inc = new Uint8Array(t.length);
  for (let i = 0; i < t.length; i++) inc[i] = t.day[i]! > last - days ? 1 : 0;
  return inc;
}

function baselineSites(d: Dataset, mode: PlanningMode): Site[] {
  return d.presences.map((p) => ({ lon: p.lon, lat: p.lat, reachKm: reachInMode(p.reachKm, mode), id: `p:${p.id}` }));
}

async function buildCtx(d: Dataset, key: string): Promise<Ctx> {
  const remote = api();
  const places = missionPlaces(d);
  const aors = d.aors.map((a) => ({ geometry: a.geometry }));
  const t = d.incidents;
  const include = incidentInclude(d);
  const incidentPoints = demandFromIncidents(
    { lon: t.lon, lat: t.lat, fatalities: t.fatalities, threatType: t.threatType },
    { base: state.settings.demand === 'severity' ? 'threatType' : 1, fatalityWeight: 1, include },
  );
  const killed = Float64Array.from(incidentPoints.source, (i) => t.fatalities[i]!);
  const placeCols = settlementColumns(places);
  const popPoints = demandFromPopulation({ settlements: placeCols, sites: settlementColumns(d.sites) });
  const popNames = Array.from(popPoints.source, (src, k) => (popPoints.origin![k] === 0 ? places[src]!.name : d.sites[src]!.name));
  const raw: { id: DemandSetId; points: DemandPoints; killed: Float64Array | null; clusters: GapClusters }[] = [
    { id: 'incidents', points: incidentPoints, killed, clusters: gapClusters(incidentPoints.lon, incidentPoints.lat, places) },
    // Every settlement or site is its own gap: population points are few and each has a name.
    { id: 'population', points: popPoints, killed: null, clusters: { of: Int32Array.from(popNames, (_, i) => i), names: popNames } },
  ];
  const a = getAnalysisState().results;
  if (state.settings.demand === 'hotspots' && a && a.dataset === d) {
    const hot = demandFromDensity(a.kde, { hotspotLabel: a.hotspots.label, hotspotsOnly: true });
    raw.push({ id: 'hotspots', points: hot, killed: null, clusters: gapClusters(hot.lon, hot.lat, places) });
  }
  const sets: DemandSet[] = [];
  for (const r of raw) {
    const sessions = emptyRecord(() => 0);
    let first: number | undefined;
    const demand = { lon: r.points.lon, lat: r.points.lat, weight: r.points.weight };
    for (const mode of ALL_PLANNING_MODES) {
      const info = await remote.whatIfCreate(demand, baselineSites(d, mode), first !== undefined ? { shareIndexWith: first } : {});
      sessions[mode] = info.session;
      first ??= info.session;
    }
    const masks = emptyRecord(() => new Uint8Array(0));
    const totals = emptyRecord((): { totals: CoverageTotals; delta: CoverageDelta } => ({
      totals: { coveredWeight: 0, totalWeight: 0, share: null, coveredCount: 0, totalCount: 0 },
      delta: { weight: 0, share: null, count: 0, gainedWeight: 0, gainedCount: 0, lostWeight: 0, lostCount: 0 },
    }));
    const killedCovered = emptyRecord(() => 0), killedBaseline = emptyRecord(() => 0);
    await Promise.all(ALL_PLANNING_MODES.map(async (mode) => {
      const [counts, st] = await Promise.all([remote.whatIfCounts(sessions[mode]), remote.whatIfState(sessions[mode])]);
      const m = new Uint8Array(counts.length);
      let k = 0;
      for (let i = 0; i < counts.length; i++) if (counts[i]! > 0) { m[i] = 1; if (r.killed) k += r.killed[i]!; }
      masks[mode] = m;
      totals[mode] = { totals: st.totals, delta: st.delta };
      killedCovered[mode] = k; killedBaseline[mode] = k;
    }));
    let killedTotal = 0;
    if (r.killed) for (let i = 0; i < r.killed.length; i++) killedTotal += r.killed[i]!;
    sets.push({
      id: r.id, points: r.points, killed: r.killed, killedTotal,
      aor: aors.length ? aorMembership({ lon: r.points.lon, lat: r.points.lat }, aors) : null,
      clusters: r.clusters, sessions, masks, totals, killedCovered, killedBaseline,
    });
  }
  const applied = emptyRecord((): SlotState[] => []);
  for (const mode of ALL_PLANNING_MODES) applied[mode] = d.presences.map((p) => ({ lon: p.lon, lat: p.lat, reachKm: reachInMode(p.reachKm, mode), active: true }));
  return {
    version: ++ctxVersion, key, dataset: d, sets, places, incidentCount: incidentPoints.lon.length,
    keys: d.presences.map((p) => `p:${p.id}`), applied, perPresence: new Map(),
  };
}

function disposeCtx(c: Ctx): void {
  const remote = api();
  for (const s of c.sets) for (const mode of ALL_PLANNING_MODES) void remote.whatIfDispose(s.sessions[mode]).catch(() => undefined);
}

// The sync loop: one at a time, coalescing.
let syncing = false;
let again = false;
/** When the oldest edit not yet on screen was made. */
let requestedAt: number | null = null;

function requestSync(): void {
  if (!state.active) return;
  requestedAt ??= performance.now();
  if (syncing) { again = true; return; }
  void syncLoop();
}

async function syncLoop(): Promise<void> {
  syncing = true;
  try {
    do {
      again = false;
      await syncOnce();
    } while (again);
  } finally {
    syncing = false;
  }
}

async function syncOnce(): Promise<void> {
  const d = getApp().dataset;
  if (!d) return;
  const key = demandKey();
  let rebuilt = false;
  try {
    if (!ctx || ctx.dataset !== d || ctx.key !== key) {
      rebuilt = true;
      const old = ctx;
      ctx = null;
      if (old) disposeCtx(old);
      set({ status: { phase: 'loading', error: null } });
      const built = await buildCtx(d, key);
      if (getApp().dataset !== d || demandKey() !== key) { disposeCtx(built); again = true; return; }
      ctx = built;
      // Proposals were computed for other demand points: they no longer apply.
      dropRun();
      set({ compareFigures: {} });
    }
    const c = ctx;
    const t0 = performance.now();
    // After a rebuild, the time counts from the new sessions (the build is not an update).
    const since = rebuilt ? t0 : requestedAt ?? t0;
    requestedAt = null;
    const plan = currentPlan();
    const remote = api();
    const mode = state.settings.mode;
    let nEdits = 0;
    const diffs = Object.fromEntries(ALL_PLANNING_MODES.map((m) => [m, diffSlots(c.keys, c.applied[m], plan, m)])) as Record<PlanningMode, SlotDiff>;
    const calls: Promise<void>[] = [];
    let touched = 0;
    for (const s of c.sets) {
      for (const m of ALL_PLANNING_MODES) {
        const edits = diffs[m].edits;
        if (!edits.length) continue;
        nEdits = Math.max(nEdits, edits.length);
        calls.push(remote.whatIfApply(s.sessions[m], edits).then((u: WhatIfUpdate) => {
          touched += u.touched;
          applyFlips(s, m, u);
        }));
      }
    }
    const perPresence = new Map<DemandSetId, { reachedWeight: number; reachedCount: number }[]>();
    for (const s of c.sets) {
      calls.push(remote.whatIfState(s.sessions[mode]).then((st) => { perPresence.set(s.id, st.sites); }));
    }
    await Promise.all(calls);
    const t1 = performance.now();
    c.keys = diffs.road.keys;
    for (const m of ALL_PLANNING_MODES) c.applied[m] = diffs[m].applied;
    c.perPresence = perPresence;
    if (ctx !== c) return;
    updates++;
    set({ results: computeResults(c, plan, { t0, since, t1, touched, nEdits }), status: { phase: 'ready', error: null } });
  } catch (e) {
    if (isCancelledError(e)) return;
    // The sessions may have taken part of the edits: start over from the baseline next time.
    if (ctx) { disposeCtx(ctx); ctx = null; }
    set({ status: { phase: 'error', error: e instanceof Error ? e.message : String(e) } });
  }
}

function applyFlips(s: DemandSet, m: PlanningMode, u: WhatIfUpdate): void {
  const mask = s.masks[m];
  let k = s.killedCovered[m];
  for (const i of u.newlyCovered) { mask[i] = 1; if (s.killed) k += s.killed[i]!; }
  for (const i of u.newlyUncovered) { mask[i] = 0; if (s.killed) k -= s.killed[i]!; }
  s.killedCovered[m] = k;
  s.totals[m] = { totals: u.totals, delta: u.delta };
}

// Area within reach: the one figure that costs more than the what-if update itself (tens of
// ms per mode in a busy browser), so it is computed after the update, once the edits pause
// (a drag sends a move per frame); until then the panel keeps the last value.
const areas = new Map<string, number>();
const lastArea = new Map<PlanningMode, number>();
let areaTimer: ReturnType<typeof setTimeout> | null = null;
const pendingAreas = new Map<string, { mode: PlanningMode; discs: Disc[] }>();

function areaKey(mode: PlanningMode, discs: readonly Disc[]): string {
  return `${mode}|${discs.map((d) => `${d.lon},${d.lat},${d.km}`).join(';')}`;
}
function areaOf(mode: PlanningMode, discs: Disc[]): number {
  const key = areaKey(mode, discs);
  const hit = areas.get(key);
  if (hit !== undefined) { lastArea.set(mode, hit); return hit; }
  const prev = lastArea.get(mode);
  if (prev === undefined) {
    // First figures: compute now rather than show a blank.
    const a = unionAreaKm2(discs, 2);
    areas.set(key, a); lastArea.set(mode, a);
    return a;
  }
  pendingAreas.set(mode, { mode, discs });
  if (areaTimer !== null) clearTimeout(areaTimer);
  areaTimer = setTimeout(computeAreas, 200);
  return prev;
}
function computeAreas(): void {
  areaTimer = null;
  const r = state.results;
  if (!r) return;
  const byMode = { ...r.byMode };
  for (const { mode, discs } of pendingAreas.values()) {
    const a = unionAreaKm2(discs, 2);
    if (areas.size > 200) areas.clear();
    areas.set(areaKey(mode, discs), a); lastArea.set(mode, a);
    byMode[mode] = { ...byMode[mode], areaKm2: a };
  }
  pendingAreas.clear();
  set({ results: { ...r, byMode } });
}

function share(covered: number, total: number, delta: number): Share {
  return { covered, total, delta };
}

function computeResults(c: Ctx, plan: readonly PlanPresence[], time: { t0: number; since: number; t1: number; touched: number; nEdits: number }): PlannerResults {
  const mode = state.settings.mode;
  const inc = c.sets.find((s) => s.id === 'incidents')!;
  const pop = c.sets.find((s) => s.id === 'population')!;
  const hot = c.sets.find((s) => s.id === 'hotspots') ?? null;
  const byMode = emptyRecord((): ModeFigures => null as unknown as ModeFigures);
  for (const m of ALL_PLANNING_MODES) {
    const it = inc.totals[m], pt = pop.totals[m], ht = hot?.totals[m];
    const discs = plan.filter((p) => p.active).map((p) => ({ lon: p.lon, lat: p.lat, km: reachInMode(p.reachKm, m) }));
    byMode[m] = {
      mode: m,
      incidents: share(it.totals.coveredCount, it.totals.totalCount, it.delta.count),
      killed: share(inc.killedCovered[m], inc.killedTotal, inc.killedCovered[m] - inc.killedBaseline[m]),
      weight: share(it.totals.coveredWeight, it.totals.totalWeight, it.delta.weight),
      population: share(pt.totals.coveredWeight, pt.totals.totalWeight, pt.delta.weight),
      hotspot: ht ? share(ht.totals.coveredWeight, ht.totals.totalWeight, ht.delta.weight) : null,
      personnel: uniformedStrength(plan, m),
      areaKm2: areaOf(m, discs),
    };
  }
  const primarySet = state.settings.demand === 'population' ? pop : state.settings.demand === 'hotspots' && hot ? hot : inc;
  const pt = primarySet.totals[mode];
  const primary: PrimaryFigures = {
    set: primarySet.id,
    unit: primarySet.id === 'incidents' ? 'incidents' : primarySet.id === 'population' ? 'people' : 'expected incidents',
    covered: pt.totals.coveredWeight, total: pt.totals.totalWeight, delta: pt.delta.weight,
    count: share(pt.totals.coveredCount, pt.totals.totalCount, pt.delta.count),
  };

  // Per presence, in the chosen mode (slot order = c.keys).
  const slotOf = new Map(c.keys.map((k, i) => [k, i] as const));
  const siteFig = (id: DemandSetId, slot: number): { reachedWeight: number; reachedCount: number } | undefined => c.perPresence.get(id)?.[slot];
  const perPresence: PresenceFigures[] = plan.map((p) => {
    const slot = slotOf.get(p.key) ?? -1;
    const fi = siteFig('incidents', slot), fp = siteFig('population', slot), fh = hot ? siteFig('hotspots', slot) : undefined;
    return {
      key: p.key, name: p.name, temporary: p.temporary, index: p.index, lon: p.lon, lat: p.lat, reachKm: reachInMode(p.reachKm, mode),
      incidents: p.active ? fi?.reachedCount ?? 0 : 0, weight: p.active ? fi?.reachedWeight ?? 0 : 0,
      population: p.active ? fp?.reachedWeight ?? 0 : 0, hotspot: hot ? (p.active ? fh?.reachedWeight ?? 0 : 0) : null,
      strength: p.strength, active: p.active,
    };
  });

  // Per AOR, in the chosen mode.
  const A = c.dataset.aors.length;
  const perAor: AorFigures[] = c.dataset.aors.map((a) => ({ name: a.name, incidents: share(0, 0, 0), population: share(0, 0, 0) }));
  if (A) {
    const tally = (s: DemandSet, pick: (f: AorFigures) => Share, byWeight: boolean): void => {
      if (!s.aor) return;
      const mask = s.masks[mode], w = s.points.weight;
      for (let i = 0; i < s.aor.length; i++) {
        const a = s.aor[i]!;
        if (a < 0) continue;
        const v = byWeight ? w[i]! : 1;
        const f = pick(perAor[a]!);
        f.total += v;
        if (mask[i]) f.covered += v;
      }
    };
    tally(inc, (f) => f.incidents, false);
    tally(pop, (f) => f.population, true);
  }

  // Gaps and the gap layer, for the chosen demand and mode.
  const mask = primarySet.masks[mode];
  const P = primarySet.points;
  const gaps = rankGaps({ lon: P.lon, lat: P.lat, weight: P.weight, covered: mask, clusters: primarySet.clusters, killed: primarySet.killed, places: c.places }, plan, mode, 10);
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (!mask[i] && Number.isFinite(P.lon[i]!)) n++;
  const positions = new Float32Array(2 * n), sizes = new Float32Array(n);
  let maxW = 0;
  for (let i = 0; i < mask.length; i++) if (!mask[i] && P.weight[i]! > maxW) maxW = P.weight[i]!;
  let k = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] || !Number.isFinite(P.lon[i]!)) continue;
    positions[2 * k] = P.lon[i]!; positions[2 * k + 1] = P.lat[i]!;
    // Incidents: the incident layer's own size rule plus 2 px, so the ring sits just around
    // the dot; population and hotspot cells: area grows with weight.
    sizes[k++] = primarySet.id === 'incidents' ? 4.5 + 1.6 * Math.sqrt(primarySet.killed![i]!) : 4 + 10 * Math.sqrt(maxW > 0 ? P.weight[i]! / maxW : 0);
  }
  const now = performance.now();
  return {
    version: c.version, mode, demand: state.settings.demand, incidentCount: c.incidentCount, byMode, primary, perPresence, perAor, gaps,
    uncovered: { positions, sizes, count: n },
    updateMs: now - time.since, workerMs: time.t1 - time.t0, touched: time.touched, edits: time.nEdits, updates,
  };
}

// ---------------------------------------------------------------------------------------
// Comparing scenarios.

async function evaluateEdits(edits: ScenarioEdits): Promise<ScenarioFigures> {
  const c = ctx;
  const d = getApp().dataset;
  if (!c || !d) throw new Error('the planner is not ready');
  const mode = state.settings.mode;
  const plan = planPresences(d.presences, edits);
  const sites: Site[] = plan.filter((p) => p.active).map((p) => ({ lon: p.lon, lat: p.lat, reachKm: reachInMode(p.reachKm, mode), id: p.key }));
  const remote = api();
  const out: Partial<Record<DemandSetId, { totals: CoverageTotals; killed: number }>> = {};
  for (const s of c.sets) {
    const demand = { lon: s.points.lon, lat: s.points.lat, weight: s.points.weight };
    const info = await remote.whatIfCreate(demand, sites, { shareIndexWith: s.sessions[mode] });
    let killed = 0;
    if (s.killed) {
      const counts = await remote.whatIfCounts(info.session);
      for (let i = 0; i < counts.length; i++) if (counts[i]! > 0) killed += s.killed[i]!;
    }
    void remote.whatIfDispose(info.session);
    out[s.id] = { totals: info.totals, killed };
  }
  const inc = c.sets.find((s) => s.id === 'incidents')!;
  const base = (id: DemandSetId): CoverageTotals | null => {
    const s = c.sets.find((x) => x.id === id);
    if (!s) return null;
    const t = s.totals[mode];
    return { ...t.totals, coveredWeight: t.totals.coveredWeight - t.delta.weight, coveredCount: t.totals.coveredCount - t.delta.count };
  };
  const mk = (id: DemandSetId, byWeight: boolean): Share | null => {
    const o = out[id], b = base(id);
    if (!o || !b) return null;
    return byWeight ? share(o.totals.coveredWeight, o.totals.totalWeight, o.totals.coveredWeight - b.coveredWeight) : share(o.totals.coveredCount, o.totals.totalCount, o.totals.coveredCount - b.coveredCount);
  };
  return {
    incidents: mk('incidents', false)!,
    killed: share(out.incidents!.killed, inc.killedTotal, out.incidents!.killed - inc.killedBaseline[mode]),
    weight: mk('incidents', true)!,
    population: mk('population', true)!,
    hotspot: mk('hotspots', true),
    personnel: uniformedStrength(plan, mode),
    areaKm2: unionAreaKm2(plan.filter((p) => p.active).map((p) => ({ lon: p.lon, lat: p.lat, km: reachInMode(p.reachKm, mode) })), 2),
    temporaryBases: edits.temporary.length,
    edits: editCount(edits),
  };
}

/**
 * Figures of the saved scenarios being compared. 'current' and 'baseline' need no
 * evaluation: the live sessions have both (figures and delta against the baseline).
 */
let compareSeq = 0;
async function refreshCompare(): Promise<void> {
  const seq = ++compareSeq;
  const ids = [...new Set(state.compare)].filter((id) => id !== 'baseline' && id !== 'current');
  const todo = ids.filter((id) => !(id in state.compareFigures) || state.compareFigures[id] === 'error');
  if (!todo.length) return;
  set({ compareFigures: { ...state.compareFigures, ...Object.fromEntries(todo.map((id) => [id, 'pending' as const])) } });
  for (const id of todo) {
    const edits = state.saved.find((s) => s.id === id)?.edits;
    let f: ScenarioFigures | 'error' = 'error';
    if (edits) { try { f = await evaluateEdits(edits); } catch { f = 'error'; } }
    if (seq !== compareSeq) return;
    set({ compareFigures: { ...state.compareFigures, [id]: f } });
  }
}

/** Area within reach of the dataset's own presences (memoised per dataset and mode). */
const baselineAreas = new WeakMap<Dataset, Map<PlanningMode, number>>();
function baselineArea(d: Dataset, mode: PlanningMode): number {
  let m = baselineAreas.get(d);
  if (!m) { m = new Map(); baselineAreas.set(d, m); }
  let a = m.get(mode);
  if (a === undefined) {
    a = unionAreaKm2(d.presences.map((p) => ({ lon: p.lon, lat: p.lat, km: reachInMode(p.reachKm, mode) })), 2);
    m.set(mode, a);
  }
  return a;
}

/** Figures in the scenario-comparison layout from the live results ('current' or 'baseline'). */
export function liveScenarioFigures(r: PlannerResults, which: 'current' | 'baseline', edits: ScenarioEdits, basePlan: readonly PlanPresence[], dataset: Dataset): ScenarioFigures {
  const f = r.byMode[r.mode];
  if (which === 'current') {
    return { incidents: f.incidents, killed: f.killed, weight: f.weight, population: f.population, hotspot: f.hotspot, personnel: f.personnel, areaKm2: f.areaKm2, temporaryBases: edits.temporary.length, edits: editCount(edits) };
  }
  const back = (x: Share): Share => ({ covered: x.covered - x.delta, total: x.total, delta: 0 });
  return {
    incidents: back(f.incidents), killed: back(f.killed), weight: back(f.weight), population: back(f.population), hotspot: f.hotspot ? back(f.hotspot) : null,
    personnel: uniformedStrength(basePlan, r.mode),
    areaKm2: baselineArea(dataset, r.mode),
    temporaryBases: 0, edits: 0,
  };
}

// ---------------------------------------------------------------------------------------
// The optimiser.

let optimiseJob = 0;

/** Forget the optimiser's run (cancelled in the worker if still going): its proposals no longer apply. */
function dropRun(): void {
  if (state.run.phase === 'running') void api().cancel(optimiseJob);
  optimiseJob++;
  if (state.run.phase !== 'idle') set({ run: { phase: 'idle', progress: 0, error: null, result: null } });
}

async function runOptimiser(): Promise<void> {
  const c = ctx;
  const d = getApp().dataset;
  if (!c || !d) return;
  const s = state.settings;
  const o = state.optimiser;
  const mode = s.mode;
  const set_ = (s.demand === 'population' ? c.sets.find((x) => x.id === 'population') : s.demand === 'hotspots' ? c.sets.find((x) => x.id === 'hotspots') : undefined) ?? c.sets[0]!;
  const reachKm = o.reachKm ?? defaultCandidateReach(mode);
  if (!(reachKm > 0)) {
    set({ run: { phase: 'error', progress: 0, error: 'The proposed bases need a patrol range above 0 km in this mode.', result: null } });
    return;
  }
  let cand: { lon: Float64Array; lat: Float64Array };
  let candLabel: string;
  if (o.candidates === 'settlements') {
    cand = { lon: Float64Array.from(c.places, (p) => p.lon), lat: Float64Array.from(c.places, (p) => p.lat) };
    candLabel = `${c.places.length} settlements of the mission area`;
  } else {
    try {
      const area = gridArea(d, set_.points);
      cand = gridCandidates(area, o.spacingKm, d.aors.length ? d.aors.map((a) => ({ geometry: a.geometry })) : undefined, 50_000);
      candLabel = `grid every ${o.spacingKm} km${d.aors.length ? ' over the AORs' : ''}`;
    } catch (e) {
      set({ run: { phase: 'error', progress: 0, error: e instanceof Error ? e.message : String(e), result: null } });
      return;
    }
  }
  if (!cand.lon.length) {
    set({ run: { phase: 'error', progress: 0, error: 'No candidate sites.', result: null } });
    return;
  }
  const plan = currentPlan();
  const editsAtStart = state.edits;
  const existing = plan.filter((p) => p.active && reachInMode(p.reachKm, mode) > 0);
  const ex = {
    lon: Float64Array.from(existing, (p) => p.lon), lat: Float64Array.from(existing, (p) => p.lat),
    reachKm: Float64Array.from(existing, (p) => reachInMode(p.reachKm, mode)),
  };
  const jobId = ++optimiseJob;
  const t0 = performance.now();
  set({ run: { phase: 'running', progress: 0, error: null, result: null } });
  const lon = set_.points.lon.slice(), lat = set_.points.lat.slice(), weight = set_.points.weight.slice();
  try {
    const r: MclpResult = await api().optimise(
      Comlink.transfer({ demand: { lon, lat, weight }, candidates: cand, existing: ex, k: o.k }, [lon.buffer, lat.buffer, weight.buffer]),
      { reachKm },
      { jobId, channel: 'optimise' },
      Comlink.proxy((f: number) => { if (optimiseJob === jobId && state.run.phase === 'running') set({ run: { ...state.run, progress: f } }); }),
    );
    if (optimiseJob !== jobId || ctx !== c) return;
    const proposals: Proposal[] = r.steps.map((st, i) => {
      let count = 0, killed = 0;
      for (let j = 0; j < r.coveredBy.length; j++) if (r.coveredBy[j] === i) { count++; if (set_.killed) killed += set_.killed[j]!; }
      return {
        rank: i + 1, lon: st.lon, lat: st.lat, reachKm: st.reachKm, place: describePlace(st.lon, st.lat, c.places) ?? `${st.lat.toFixed(2)}°, ${st.lon.toFixed(2)}°`,
        gain: st.gain, newlyCovered: count, newlyKilled: set_.killed ? killed : null, share: st.share ?? 0, bound: st.bound,
      };
    });
    const total = r.totalWeight;
    set({
      run: {
        phase: 'done', progress: 1, error: null,
        result: {
          mode, demand: s.demand, demandVersion: c.version, k: o.k, candidates: candLabel, candidateCount: r.candidateCount, totalWeight: total,
          baseShare: total > 0 ? r.baseWeight / total : 0, achievedShare: r.share ?? 0, boundShare: r.bounds.bestShare ?? 0,
          optimal: r.stoppedEarly || r.coveredWeight >= r.bounds.best, proposals, ms: performance.now() - t0, edits: editsAtStart,
        },
      },
    });
  } catch (e) {
    if (optimiseJob !== jobId) return;
    if (isCancelledError(e)) { set({ run: { phase: 'cancelled', progress: 0, error: null, result: null } }); return; }
    set({ run: { phase: 'error', progress: 0, error: e instanceof Error ? e.message : String(e), result: null } });
  }
}

/** Bounding box of the AORs (else of the demand) for grid candidates. */
function gridArea(d: Dataset, demand: DemandPoints): { west: number; south: number; east: number; north: number } {
  let w = Infinity, e = -Infinity, s = Infinity, n = -Infinity;
  const add = (x: number, y: number): void => {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    w = Math.min(w, x); e = Math.max(e, x); s = Math.min(s, y); n = Math.max(n, y);
  };
  if (d.aors.length) {
    const walk = (c: unknown): void => {
      if (Array.isArray(c) && typeof c[0] === 'number') add(c[0] as number, c[1] as number);
      else if (Array.isArray(c)) for (const x of c) walk(x);
    };
    for (const a of d.aors) walk(a.geometry.coordinates);
  } else for (let i = 0; i < demand.lon.length; i++) add(demand.lon[i]!, demand.lat[i]!);
  if (!(e >= w)) throw new Error('No area for a grid of candidates.');
  return { west: w, south: s, east: e, north: n };
}

// ---------------------------------------------------------------------------------------
// Actions.

function setEdits(edits: ScenarioEdits): void {
  // The edits go to the worker before React and the map redraw the edit: the worker
  // computes while the main thread renders.
  state = { ...state, edits };
  requestSync();
  set({});
}

function nextTobName(): string {
  let n = 0;
  for (const t of state.edits.temporary) { const m = /^TOB (\d+)$/.exec(t.name); if (m) n = Math.max(n, Number(m[1])); }
  return `TOB ${n + 1}`;
}

let tobSeq = 0;
function newTobId(): string {
  return `tob-${Date.now().toString(36)}-${(++tobSeq).toString(36)}`;
}

function withoutKey<T>(rec: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const { [key]: _drop, ...rest } = rec;
  return rest;
}

export const plannerActions = {
  /** Start the planner (the panel calls this when it opens). */
  activate(): void {
    if (state.active) return;
    set({ active: true, status: { phase: 'loading', error: null } });
    requestSync();
  },
  setSettings(patch: Partial<PlannerSettings>): void {
    const modeChanged = patch.mode !== undefined && patch.mode !== state.settings.mode;
    if (modeChanged) dropRun();
    set({ settings: { ...state.settings, ...patch }, ...(modeChanged ? { compareFigures: {} } : {}) });
    requestSync();
    if (modeChanged) void refreshCompare();
  },
  setOptimiser(patch: Partial<OptimiserSettings>): void {
    set({ optimiser: { ...state.optimiser, ...patch } });
  },
  armDrop(on?: boolean): void {
    set({ dropArmed: on ?? !state.dropArmed });
  },
  /** A new temporary operating base at (lon, lat) with an operating base's default patrol range. */
  placeTemporaryBase(lon: number, lat: number, reachKm?: Reach, proposalRank?: number): string {
    const base: TemporaryBase = {
      id: newTobId(), name: nextTobName(), lon, lat, reachKm: reachKm ?? { ...DEFAULT_REACH_KM.operating_base }, strength: 0,
      ...(proposalRank !== undefined ? { proposalRank } : {}),
    };
    set({ dropArmed: false });
    setEdits({ ...state.edits, temporary: [...state.edits.temporary, base] });
    return base.id;
  },
  updateTemporaryBase(id: string, patch: Partial<Pick<TemporaryBase, 'name' | 'reachKm' | 'strength' | 'lon' | 'lat'>>): void {
    setEdits({ ...state.edits, temporary: state.edits.temporary.map((t) => (t.id === id ? { ...t, ...patch } : t)) });
  },
  removeTemporaryBase(id: string): void {
    setEdits({ ...state.edits, temporary: state.edits.temporary.filter((t) => t.id !== id) });
  },
  /** Move a presence ('p:<id>') or a temporary base ('t:<id>') to (lon, lat). */
  moveBase(key: string, lon: number, lat: number): void {
    if (key.startsWith('t:')) {
      const id = key.slice(2);
      setEdits({ ...state.edits, temporary: state.edits.temporary.map((t) => (t.id === id ? { ...t, lon, lat } : t)) });
      return;
    }
    const id = key.slice(2);
    const p = getApp().dataset?.presences.find((x) => x.id === id);
    if (!p) return;
    // Dropped back on its own place: no longer a move.
    const moved = p.lon === lon && p.lat === lat ? withoutKey(state.edits.moved, id) : { ...state.edits.moved, [id]: { lon, lat } };
    setEdits({ ...state.edits, moved });
  },
  resetPosition(presenceId: string): void {
    setEdits({ ...state.edits, moved: withoutKey(state.edits.moved, presenceId) });
  },
  /** Patrol range of one presence in one mode; null = back to its type's (or the data's). */
  setPresenceReach(presenceId: string, mode: MobilityModeId, km: number | null): void {
    const cur: Partial<Reach> = { ...state.edits.reach[presenceId] };
    if (km === null) delete cur[mode]; else cur[mode] = Math.max(0, km);
    const reach = Object.keys(cur).length ? { ...state.edits.reach, [presenceId]: cur } : withoutKey(state.edits.reach, presenceId);
    setEdits({ ...state.edits, reach });
  },
  /** Patrol range of every presence of a type in one mode; null = back to the data's. */
  setTypeReach(type: PresenceTypeId, mode: MobilityModeId, km: number | null): void {
    const cur: Partial<Reach> = { ...state.edits.typeReach[type] };
    if (km === null) delete cur[mode]; else cur[mode] = Math.max(0, km);
    const typeReach: Partial<Record<PresenceTypeId, Partial<Reach>>> = { ...state.edits.typeReach };
    if (Object.keys(cur).length) typeReach[type] = cur; else delete typeReach[type];
    setEdits({ ...state.edits, typeReach });
  },
  setClosed(presenceId: string, closed: boolean): void {
    const rest = state.edits.closed.filter((x) => x !== presenceId);
    setEdits({ ...state.edits, closed: closed ? [...rest, presenceId] : rest });
  },
  resetToBaseline(): void {
    set({ scenarioName: 'Unsaved scenario', savedId: null });
    setEdits(NO_EDITS);
  },
  startDrag(key: string): void {
    set({ dragging: key });
  },
  endDrag(): void {
    if (state.dragging !== null) set({ dragging: null });
  },

  /** Save the current edits under a name (a new scenario, or over the one of that name), with the workspace. */
  saveScenario(name: string): void {
    const clean = name.trim().slice(0, 80) || 'Scenario';
    const d = getApp().dataset;
    const existing = state.saved.find((s) => s.name === clean && s.datasetName === (d?.name ?? ''));
    const item: SavedScenario = {
      id: existing?.id ?? `sc-${Date.now().toString(36)}-${(++tobSeq).toString(36)}`,
      name: clean, savedAt: new Date().toISOString(), datasetName: d?.name ?? '', edits: state.edits,
    };
    const saved = existing ? state.saved.map((s) => (s.id === item.id ? item : s)) : [...state.saved, item];
    const figures = { ...state.compareFigures };
    delete figures[item.id];
    set({ saved, scenarioName: clean, savedId: item.id, compareFigures: figures });
    savedChanged();
    void refreshCompare();
  },
  loadScenario(id: string): void {
    const s = state.saved.find((x) => x.id === id);
    if (!s) return;
    set({ scenarioName: s.name, savedId: s.id });
    setEdits(s.edits);
    void refreshCompare();
  },
  deleteScenario(id: string): void {
    const saved = state.saved.filter((s) => s.id !== id);
    const compare = state.compare.map((c) => (c === id ? 'current' : c)) as [string, string];
    set({ saved, compare, ...(state.savedId === id ? { savedId: null } : {}) });
    savedChanged();
    void refreshCompare();
  },
  setCompare(which: 0 | 1, id: string): void {
    const compare: [string, string] = [...state.compare];
    compare[which] = id;
    set({ compare });
    void refreshCompare();
  },
  refreshCompare(): void {
    void refreshCompare();
  },

  runOptimiser(): void {
    void runOptimiser();
  },
  cancelOptimiser(): void {
    if (state.run.phase !== 'running') return;
    void api().cancel(optimiseJob);
  },
  clearProposals(): void {
    dropRun();
  },
  /** The proposals become temporary bases (reach in the run's mode = the run's reach; other modes an operating base's). */
  adoptProposals(): void {
    const r = state.run.result;
    if (!r) return;
    const add: TemporaryBase[] = [];
    let n = 0;
    for (const t of state.edits.temporary) { const m = /^TOB (\d+)$/.exec(t.name); if (m) n = Math.max(n, Number(m[1])); }
    for (const p of r.proposals) {
      const reachKm: Reach = { ...DEFAULT_REACH_KM.operating_base };
      if (r.mode === 'any') { if (reachInMode(reachKm, 'any') !== p.reachKm) reachKm.road = p.reachKm; } else reachKm[r.mode] = p.reachKm;
      add.push({ id: newTobId(), name: `TOB ${++n}`, lon: p.lon, lat: p.lat, reachKm, strength: 0, proposalRank: p.rank });
    }
    set({ run: { phase: 'idle', progress: 0, error: null, result: null } });
    setEdits({ ...state.edits, temporary: [...state.edits.temporary, ...add] });
  },
};

// ---------------------------------------------------------------------------------------
// Following the app store and the analysis.

let seen: { dataset: Dataset | null; filter: unknown; period: unknown; panel: unknown } = { dataset: null, filter: null, period: null, panel: null };
function onAppChange(): void {
  const s = getApp();
  const prev = seen;
  seen = { dataset: s.dataset, filter: s.filter, period: s.period, panel: s.panel };
  if (s.panel === 'planner' && !state.active) { plannerActions.activate(); return; }
  if (s.panel !== 'planner' && state.dropArmed) set({ dropArmed: false });
  if (s.dataset !== prev.dataset) {
    // Edits name the old dataset's presences: a new dataset starts from its own baseline.
    if (prev.dataset) set({ edits: NO_EDITS, savedId: null, scenarioName: 'Unsaved scenario', run: { phase: 'idle', progress: 0, error: null, result: null }, compareFigures: {} });
    requestSync();
    return;
  }
  if (state.settings.followFilters && (s.filter !== prev.filter || s.period !== prev.period)) requestSync();
}
subscribeApp(onAppChange);

let seenAnalysis: unknown = null;
function onAnalysisChange(): void {
  const a = getAnalysisState().results;
  const d = getApp().dataset;
  const available = Boolean(a && d && a.dataset === d);
  if (available !== state.hotspotsAvailable) set({ hotspotsAvailable: available });
  if (a === seenAnalysis) return;
  seenAnalysis = a;
  if (state.settings.demand === 'hotspots') requestSync();
}
subscribeAnalysis(onAnalysisChange);
onAnalysisChange();
onAppChange();
