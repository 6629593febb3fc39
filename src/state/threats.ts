/**
 * The threat register's state, next to the app's one store (store.ts): read with
 * `useThreats(selector)`, changed only through `threatActions`.
 *
 * Owns:
 *   - the register document: threats, dismissed candidate ids, merges, scoring weights,
 *     after-action-review settings. It is saved WITH THE WORKSPACE, as the workspace
 *     extension `threatRegister` (src/workspace/session.ts registerWorkspaceExtension):
 *     autosaved to IndexedDB, restored when a workspace opens, carried in workspace
 *     files. Threats are never put in the URL (they name perpetrators and places);
 *   - the panel's view state (sub-view, selected threat, threat being edited, map switches);
 *   - derived data, memoised on the identities of its inputs (dataset, threats, weights,
 *     settings), so every view and the briefing read the same numbers: evidence per
 *     threat, the ranking, after-action-review triggers, early warning per AOR and threat
 *     area, the candidates left to show;
 *   - the candidate worker: hotspots and emerging hot spots of the analysis store
 *     (src/state/analysis.ts) become draft threats in a worker of our own, because each
 *     candidate's evidence reads every incident twice (hundreds of ms on the exercise
 *     data alone, more on a real dataset).
 *
 * The pure core is src/threats/ (docs/threat-scoring.md); nothing here changes a number.
 */
import { useSyncExternalStore } from 'react';
import * as Comlink from 'comlink';
import type { Dataset } from '../io/dataset.ts';
import type { PresenceTypeId } from '../domain/taxonomy.ts';
import { PRESENCE_TYPES } from '../domain/taxonomy.ts';
import { geodesicCircle } from '../domain/geo.ts';
import type { DayRange } from '../filter/aggregate.ts';
import type { Level, Ring, Threat } from '../threats/model.ts';
import { archiveThreat, createThreat, parseThreat, updateThreat } from '../threats/model.ts';
import type { EvidenceContext, ThreatEvidence } from '../threats/evidence.ts';
import { evidenceForThreat, refreshThreat, threatEvidence } from '../threats/evidence.ts';
import type { RankedThreat, ScoringWeights } from '../threats/scoring.ts';
import { DEFAULT_WEIGHTS, compareForRanking, rankThreats, scoreThreat, validateWeights } from '../threats/scoring.ts';
import type { CandidateOptions, CandidateSources, ThreatCandidate } from '../threats/candidates.ts';
import { acceptCandidate, applyMerges, dismissCandidate, draftThreat, prefill, suggestPhase, visibleCandidates } from '../threats/candidates.ts';
import type { AarResult } from '../threats/aar.ts';
import { AAR_DEFAULTS, aarTriggers } from '../threats/aar.ts';
import type { EarlyWarningResult, WarningArea } from '../threats/earlyWarning.ts';
import { earlyWarning } from '../threats/earlyWarning.ts';
import { areaContains, areaGeometry, prepareArea } from '../threats/area.ts';
import type { Reason } from '../threats/text.ts';
import { actions, getState, subscribe as subscribeApp, useStore } from './store.ts';
import { analysisActions, getAnalysisState, subscribeAnalysis } from './analysis.ts';
import { registerWorkspaceExtension } from '../workspace/session.ts';

// ---------------------------------------------------------------------------------------
// The register document (what is persisted).

export const REGISTER_FORMAT = 'poc-threat-register';
export const REGISTER_VERSION = 1;
/** Key of the register in WorkspaceDoc.extensions. */
export const WORKSPACE_KEY = 'threatRegister';

export interface AarSettings {
  /** Trigger distance per presence type, km (policy default 10 km for every type). */
  distanceKm: Record<PresenceTypeId, number>;
  /** Count physical and sexual violence without a casualty figure (aar.ts). */
  includePhysicalViolence: boolean;
}

export interface RegisterDoc {
  format: typeof REGISTER_FORMAT;
  version: typeof REGISTER_VERSION;
  threats: Threat[];
  /** Stored threats that failed the check (model.ts parseThreat): kept verbatim, never silently dropped. */
  unreadable: unknown[];
  dismissed: string[];
  /** Merges as lists of original candidate ids (re-applied to fresh candidates). */
  merges: string[][];
  weights: ScoringWeights;
  aar: AarSettings;
  /** The owner typed last: the default owner of the next accepted threat. */
  lastOwner: string;
}

export function defaultAarSettings(): AarSettings {
  return {
    distanceKm: Object.fromEntries(PRESENCE_TYPES.map((p) => [p.id, AAR_DEFAULTS.defaultDistanceKm])) as Record<PresenceTypeId, number>,
    includePhysicalViolence: AAR_DEFAULTS.includePhysicalViolence,
  };
}

export function emptyRegister(): RegisterDoc {
  return {
    format: REGISTER_FORMAT, version: REGISTER_VERSION, threats: [], unreadable: [], dismissed: [], merges: [],
    weights: { ...DEFAULT_WEIGHTS }, aar: defaultAarSettings(), lastOwner: '',
  };
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);

/**
 * Read a stored register. Every problem is reported in words; what cannot be read is kept
 * aside (threats) or replaced by its default (settings), so a damaged entry never makes
 * the whole register unusable.
 */
export function parseRegister(x: unknown): { doc: RegisterDoc; problems: string[] } {
  const doc = emptyRegister();
  const problems: string[] = [];
  if (!isObj(x) || x.format !== REGISTER_FORMAT) return { doc, problems: x === null || x === undefined ? [] : ['The saved threat register is not in a known format; starting an empty one.'] };
  if (x.version !== REGISTER_VERSION) problems.push(`The saved threat register has version ${String(x.version)}; this app reads version ${REGISTER_VERSION}.`);
  const seen = new Set<string>();
  for (const raw of Array.isArray(x.threats) ? x.threats : []) {
    const r = parseThreat(raw);
    if (r.threat && !seen.has(r.threat.id)) { seen.add(r.threat.id); doc.threats.push(r.threat); continue; }
    doc.unreadable.push(raw);
    const title = isObj(raw) && typeof raw.title === 'string' ? `"${raw.title}"` : 'A saved threat';
    problems.push(r.threat ? `${title} appears twice; the second copy is kept aside.` : `${title} could not be read (${r.errors.slice(0, 3).join('; ')}); it is kept aside, unchanged.`);
  }
  if (Array.isArray(x.unreadable)) doc.unreadable.push(...x.unreadable);
  doc.dismissed = strings(x.dismissed);
  doc.merges = (Array.isArray(x.merges) ? x.merges : []).map(strings).filter((m) => m.length >= 2);
  const w = validateWeights(x.weights);
  doc.weights = w.weights;
  problems.push(...w.errors.map((e) => `Scoring weight ${e}`));
  if (isObj(x.aar)) {
    const d = isObj(x.aar.distanceKm) ? x.aar.distanceKm : {};
    for (const p of PRESENCE_TYPES) {
      const v = d[p.id];
      if (typeof v === 'number' && Number.isFinite(v) && v >= 0) doc.aar.distanceKm[p.id] = v;
    }
    if (typeof x.aar.includePhysicalViolence === 'boolean') doc.aar.includePhysicalViolence = x.aar.includePhysicalViolence;
  }
  if (typeof x.lastOwner === 'string') doc.lastOwner = x.lastOwner;
  return { doc, problems };
}

// ---------------------------------------------------------------------------------------
// State.

export type ThreatsViewId = 'register' | 'candidates' | 'weights' | 'matrix' | 'warning' | 'reviews' | 'ownHarm';
export interface ThreatMapSwitches { areas: boolean; alerts: boolean; reviews: boolean }

export interface CandidateRun {
  phase: 'idle' | 'waiting' | 'running' | 'done' | 'error';
  /** Proposed candidates (merges and dismissals not applied). */
  list: ThreatCandidate[];
  /** Analysis run they were proposed from. */
  jobId: number | null;
  error: string | null;
}

export interface ThreatsState {
  register: RegisterDoc;
  /** Problems met reading the saved register (shown once in the panel). */
  loadProblems: string[];
  view: ThreatsViewId;
  selectedId: string | null;
  editingId: string | null;
  switches: ThreatMapSwitches;
  candidates: CandidateRun;
}

let state: ThreatsState = {
  register: emptyRegister(),
  loadProblems: [],
  view: 'register',
  selectedId: null,
  editingId: null,
  switches: { areas: true, alerts: true, reviews: true },
  candidates: { phase: 'idle', list: [], jobId: null, error: null },
};
const listeners = new Set<() => void>();

function set(patch: Partial<ThreatsState>): void {
  state = { ...state, ...patch };
  for (const l of listeners) l();
}
function setRegister(patch: Partial<RegisterDoc>): void {
  set({ register: { ...state.register, ...patch } });
}

export function getThreatsState(): ThreatsState {
  return state;
}
export function subscribeThreats(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
export function useThreats<T>(select: (s: ThreatsState) => T): T {
  return useSyncExternalStore(subscribeThreats, () => select(state));
}

// ----- persistence: a workspace extension ---------------------------------------------------

/** True while the workspace hands us a saved register: that is not a change to autosave. */
let applyingSaved = false;

registerWorkspaceExtension(WORKSPACE_KEY, {
  get: () => state.register,
  set(saved) {
    applyingSaved = true;
    try {
      const r = parseRegister(saved ?? null);
      set({ register: r.doc, loadProblems: r.problems, selectedId: null, editingId: null });
    } finally {
      applyingSaved = false;
    }
  },
  subscribe(onChange) {
    // Only the register is saved: selecting, switching views or new candidates are not edits.
    let last = state.register;
    return subscribeThreats(() => {
      if (state.register === last) return;
      last = state.register;
      if (!applyingSaved) onChange();
    });
  },
});

/** A new dataset: its candidates are proposed afresh; the register stays with the workspace. */
function datasetChanged(): void {
  set({ selectedId: null, editingId: null, candidates: { phase: 'idle', list: [], jobId: null, error: null } });
}

// ---------------------------------------------------------------------------------------
// Derived data (memoised on input identities).

export function evidenceContext(d: Dataset): EvidenceContext {
  return { incidents: d.incidents, presences: d.presences, settlements: d.settlements, sites: d.sites };
}

const evidenceCache = new WeakMap<Dataset, WeakMap<Threat, ThreatEvidence>>();

/** The evidence for a threat on a dataset (recomputed only when either object changes). */
export function evidenceOf(d: Dataset, t: Threat): ThreatEvidence {
  let m = evidenceCache.get(d);
  if (!m) { m = new WeakMap(); evidenceCache.set(d, m); }
  let e = m.get(t);
  if (!e) { e = evidenceForThreat(evidenceContext(d), t); m.set(t, e); }
  return e;
}

export interface RegisterRanking {
  /** Active and draft threats, highest score first. */
  ranked: RankedThreat[];
  archived: Threat[];
  byId: Map<string, RankedThreat>;
}

let rankingMemo: { d: Dataset; threats: Threat[]; weights: ScoringWeights; r: RegisterRanking } | null = null;
export function rankingOf(d: Dataset, reg: RegisterDoc): RegisterRanking {
  if (rankingMemo && rankingMemo.d === d && rankingMemo.threats === reg.threats && rankingMemo.weights === reg.weights) return rankingMemo.r;
  const ranked = rankThreats(reg.threats, (t) => evidenceOf(d, t), reg.weights);
  const r: RegisterRanking = { ranked, archived: reg.threats.filter((t) => t.status === 'archived'), byId: new Map(ranked.map((x) => [x.threat.id, x])) };
  rankingMemo = { d, threats: reg.threats, weights: reg.weights, r };
  return r;
}

const aarMemo = new Map<string, { d: Dataset; aar: AarSettings; r: AarResult }>();
/** After-action-review triggers over the whole dataset, or one period (the briefing's). */
export function aarOf(d: Dataset, aar: AarSettings, period: DayRange | null = null): AarResult {
  const key = period ? `${period.startDay}-${period.endDay}` : 'all';
  const hit = aarMemo.get(key);
  if (hit && hit.d === d && hit.aar === aar) return hit.r;
  const r = aarTriggers(d.incidents, d.presences, {
    distanceKm: aar.distanceKm, includePhysicalViolence: aar.includePhysicalViolence, ...(period ? { period } : {}),
  });
  if (aarMemo.size > 8) aarMemo.clear();
  aarMemo.set(key, { d, aar, r });
  return r;
}

/** Early-warning areas: every AOR, then every threat area of the register (archived ones aside). */
export function warningAreas(d: Dataset, threats: readonly Threat[]): WarningArea[] {
  const out: WarningArea[] = d.aors.map((a) => ({ id: `aor:${a.id}`, name: a.name, kind: 'aor', geometry: a.geometry }));
  for (const t of threats) {
    if (t.status === 'archived') continue;
    out.push({ id: `threat:${t.id}`, name: t.title, kind: 'threat', geometry: areaGeometry(t.area.rings) });
  }
  return out;
}

let warningMemo: { d: Dataset; threats: Threat[]; r: EarlyWarningResult } | null = null;
export function earlyWarningOf(d: Dataset, reg: RegisterDoc): EarlyWarningResult {
  if (warningMemo && warningMemo.d === d && warningMemo.threats === reg.threats) return warningMemo.r;
  const r = earlyWarning(d.incidents, warningAreas(d, reg.threats));
  warningMemo = { d, threats: reg.threats, r };
  return r;
}

export interface CandidateView {
  /** Proposed plus merged candidates. */
  all: ThreatCandidate[];
  /** What the analyst still has to decide on (not dismissed, accepted or merged away). */
  visible: ThreatCandidate[];
}
let candidateMemo: { d: Dataset; list: ThreatCandidate[]; reg: RegisterDoc; r: CandidateView } | null = null;
export function candidatesOf(d: Dataset, run: CandidateRun, reg: RegisterDoc): CandidateView {
  const m = candidateMemo;
  if (m && m.d === d && m.list === run.list && m.reg.merges === reg.merges && m.reg.dismissed === reg.dismissed && m.reg.threats === reg.threats) return m.r;
  // Merged candidates are rebuilt here (two evidence passes each, over a union of a few hotspots).
  const merged = m && m.d === d && m.list === run.list && m.reg.merges === reg.merges
    ? m.r.all.filter((c) => c.origin === 'merged')
    : applyMerges(evidenceContext(d), run.list, reg.merges);
  // Merged candidates take their place in the proposals' order (candidates.ts: as their drafts would rank).
  const key = (c: ThreatCandidate) => ({ id: c.id, impact: c.evidence.suggested.impact.level, likelihood: c.evidence.suggested.likelihood.level, score: c.draftScore, evidence: c.evidence });
  const all = [...run.list, ...merged].sort((a, b) => compareForRanking(key(a), key(b)));
  const accepted = reg.threats.map((t) => t.candidateId).filter((id): id is string => id !== null);
  const r = { all, visible: visibleCandidates(all, { dismissed: reg.dismissed, acceptedCandidateIds: accepted }) };
  candidateMemo = { d, list: run.list, reg, r };
  return r;
}

// ----- geometry for the map and the briefing ------------------------------------------------

function ringArea(r: Ring): number {
  let a = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) a += (r[j]![0] - r[i]![0]) * (r[j]![1] + r[i]![1]);
  return a / 2;
}

/**
 * A point inside the area for its label and for "go to" links: the centroid of the largest
 * part, or, when that falls outside a concave part, the middle of the widest stretch of
 * the part along the centroid's latitude.
 */
export function areaAnchor(rings: readonly Ring[]): [number, number] {
  let best: Ring | null = null, bestA = -1;
  for (const r of rings) { const a = Math.abs(ringArea(r)); if (r.length >= 3 && a > bestA) { best = r; bestA = a; } }
  if (!best) return [Number.NaN, Number.NaN];
  let cx = 0, cy = 0, a2 = 0;
  for (let i = 0, j = best.length - 1; i < best.length; j = i++) {
    const [x0, y0] = best[j]!, [x1, y1] = best[i]!;
    const f = x0 * y1 - x1 * y0;
    a2 += f; cx += (x0 + x1) * f; cy += (y0 + y1) * f;
  }
  if (Math.abs(a2) < 1e-18) return [best[0]![0], best[0]![1]];
  cx /= 3 * a2; cy /= 3 * a2;
  if (areaContains(prepareArea([best]), cx, cy)) return [cx, cy];
  const xs: number[] = [];
  for (let i = 0, j = best.length - 1; i < best.length; j = i++) {
    const [x0, y0] = best[j]!, [x1, y1] = best[i]!;
    if ((y0 > cy) !== (y1 > cy)) xs.push(x0 + ((cy - y0) * (x1 - x0)) / (y1 - y0));
  }
  xs.sort((p, q) => p - q);
  let mid: number | null = null, widest = -1;
  for (let k = 0; k + 1 < xs.length; k += 2) if (xs[k + 1]! - xs[k]! > widest) { widest = xs[k + 1]! - xs[k]!; mid = (xs[k]! + xs[k + 1]!) / 2; }
  return mid === null ? [best[0]![0], best[0]![1]] : [mid, cy];
}

/** A camera that shows the whole area beside the right panel. */
export function areaView(rings: readonly Ring[]): { lon: number; lat: number; zoom: number } | null {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const r of rings) for (const [x, y] of r) { if (x < w) w = x; if (x > e) e = x; if (y < s) s = y; if (y > n) n = y; }
  if (!Number.isFinite(w)) return null;
  const span = Math.max(e - w, (n - s) * 1.4, 0.05);
  return { lon: (w + e) / 2, lat: (s + n) / 2, zoom: Math.min(11, Math.max(4, Math.log2(360 / span) - 1)) };
}

/** Outer rings of a GeoJSON (multi)polygon, for outlining and "go to" (holes do not matter there). */
export function geometryRings(g: GeoJSON.Polygon | GeoJSON.MultiPolygon): Ring[] {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polys.map((p) => (p[0] ?? []).map((c): [number, number] => [c[0]!, c[1]!]));
}

// ---------------------------------------------------------------------------------------
// The candidate worker.

/** What the candidate worker (src/views/threats/candidates.worker.ts) exposes. */
export interface CandidateWorkerApi {
  /** The dataset the next proposals are made on (sent once per dataset). */
  setContext(ctx: EvidenceContext): void;
  propose(sources: CandidateSources, options?: CandidateOptions): ThreatCandidate[];
}

let remote: Comlink.Remote<CandidateWorkerApi> | null = null;
let contextSent: Dataset | null = null;
let wanted = false;
let candidateRequest = 0;

function candidateWorker(): Comlink.Remote<CandidateWorkerApi> {
  if (!remote) {
    const worker = new Worker(new URL('../views/threats/candidates.worker.ts', import.meta.url), { type: 'module' });
    remote = Comlink.wrap<CandidateWorkerApi>(worker);
  }
  return remote;
}

/**
 * The worker needs the incident columns and the perpetrator names, not the ids or the
 * descriptions (free text that may identify people: it stays on the main thread).
 */
function workerContext(d: Dataset): EvidenceContext {
  return { ...evidenceContext(d), incidents: { ...d.incidents, ids: [], descriptions: [] } };
}

async function refreshCandidates(): Promise<void> {
  if (!wanted) return;
  const d = getState().dataset;
  const a = getAnalysisState();
  const results = a.results;
  if (!d || !results || results.dataset !== d) {
    const waiting = a.active && (a.run.phase === 'running' || a.run.phase === 'pending' || (a.run.phase === 'idle' && !results));
    const phase: CandidateRun['phase'] = a.run.phase === 'error' ? 'error' : waiting ? 'waiting' : 'idle';
    if (state.candidates.phase !== phase || state.candidates.list.length) {
      set({ candidates: { phase, list: [], jobId: null, error: a.run.phase === 'error' ? a.run.error : a.run.note } });
    }
    return;
  }
  if (state.candidates.jobId === results.jobId && (state.candidates.phase === 'done' || state.candidates.phase === 'running')) return;
  const id = ++candidateRequest;
  set({ candidates: { ...state.candidates, phase: 'running', jobId: results.jobId, error: null } });
  try {
    const w = candidateWorker();
    if (contextSent !== d) { await w.setContext(workerContext(d)); contextSent = d; }
    const list = await w.propose({ hotspots: { result: results.hotspots, grid: results.kde.grid }, emerging: results.emerging });
    if (id !== candidateRequest || getState().dataset !== d) return;
    set({ candidates: { phase: 'done', list, jobId: results.jobId, error: null } });
  } catch (e) {
    if (id !== candidateRequest) return;
    contextSent = null;
    set({ candidates: { phase: 'error', list: [], jobId: null, error: e instanceof Error ? e.message : String(e) } });
  }
}

// ---------------------------------------------------------------------------------------
// Actions.

const nowIso = (): string => new Date().toISOString();

function replaceThreat(t: Threat): void {
  setRegister({ threats: state.register.threats.map((x) => (x.id === t.id ? t : x)) });
}

function selectionRing(): Ring | null {
  const shape = getState().selectionShape;
  if (!shape) return null;
  if (shape.kind === 'circle') return geodesicCircle(shape.lon, shape.lat, shape.radiusKm, 128);
  const r = shape.ring.map((p): [number, number] => [p[0], p[1]]);
  return r.length >= 3 ? [...r, [r[0]![0], r[0]![1]]] : null;
}

export const threatActions = {
  /** The panel opened: start the analysis (hotspots feed the candidates) and follow it. */
  panelOpened(): void {
    wanted = true;
    analysisActions.activate();
    void refreshCandidates();
  },
  /**
   * Propose candidates whenever the analysis has hotspots, without starting the analysis
   * (the briefing's "new or intensifying hotspots" use them when the analyst ran one).
   */
  wantCandidates(): void {
    if (wanted) return;
    wanted = true;
    void refreshCandidates();
  },
  setView(view: ThreatsViewId): void {
    set({ view, editingId: view === 'register' ? state.editingId : null });
  },
  /** Select a threat (list, matrix, map); `fly` moves the map to its area. */
  select(id: string | null, opts: { fly?: boolean } = {}): void {
    set({ selectedId: id });
    const t = id ? state.register.threats.find((x) => x.id === id) : null;
    const v = t && opts.fly ? areaView(t.area.rings) : null;
    if (v) actions.flyTo(v);
  },
  edit(id: string | null): void {
    set({ editingId: id, ...(id ? { selectedId: id, view: 'register' as const } : {}) });
  },
  /** Accept a candidate: it joins the register as an active threat, pre-filled from its evidence. */
  acceptCandidate(c: ThreatCandidate): Threat {
    const t = acceptCandidate(c, { nowIso: nowIso(), owner: state.register.lastOwner });
    setRegister({ threats: [...state.register.threats.filter((x) => x.id !== t.id), t] });
    set({ selectedId: t.id });
    return t;
  },
  /** A draft threat over the shape drawn on the map, pre-filled like a candidate; opened for editing. */
  createFromSelection(): Threat | null {
    const d = getState().dataset;
    const ring = selectionRing();
    if (!d || !ring) return null;
    const ctx = evidenceContext(d);
    const whole = threatEvidence(ctx, { rings: [ring] });
    const pre = prefill(ctx, whole.incidents);
    const e = threatEvidence(ctx, { rings: [ring], ...pre });
    const place = e.exposure.largestSettlement ? ` near ${e.exposure.largestSettlement.name}` : '';
    const n = state.register.threats.filter((t) => t.source === 'analyst').length + 1;
    let t = createThreat({
      title: `Drawn area ${n}${place}`, area: { kind: 'polygon', rings: [ring] }, nowIso: nowIso(),
      perpetrator: pre.perpetrator, threatTypes: pre.threatTypes,
      likelihood: e.suggested.likelihood.level, impact: e.suggested.impact.level, owner: state.register.lastOwner,
    });
    t = refreshThreat({ ...t, phase: suggestPhase(e) }, e);
    setRegister({ threats: [...state.register.threats, t] });
    set({ selectedId: t.id, editingId: t.id, view: 'register' });
    return t;
  },
  /** Save the analyst's edits; the evidence snapshot (suggested levels, reach, exposure) is refreshed with them. */
  update(id: string, patch: Partial<Omit<Threat, 'schema' | 'id' | 'createdAt'>>): void {
    const d = getState().dataset;
    const old = state.register.threats.find((x) => x.id === id);
    if (!old) return;
    let t = updateThreat(old, patch, nowIso());
    if (d) t = refreshThreat(t, evidenceOf(d, t));
    replaceThreat(t);
    if (patch.owner && patch.owner.trim()) setRegister({ lastOwner: patch.owner.trim() });
  },
  archive(id: string): void {
    const t = state.register.threats.find((x) => x.id === id);
    if (t) replaceThreat(archiveThreat(t, nowIso()));
  },
  restore(id: string): void {
    const t = state.register.threats.find((x) => x.id === id);
    if (t) replaceThreat(updateThreat(t, { status: 'active' }, nowIso()));
  },
  /** Delete for good (the editor asks twice). An accepted candidate becomes proposable again. */
  remove(id: string): void {
    setRegister({ threats: state.register.threats.filter((x) => x.id !== id) });
    set({ editingId: state.editingId === id ? null : state.editingId, selectedId: state.selectedId === id ? null : state.selectedId });
  },
  /** Dismiss a candidate; dismissing a merge dismisses its parts too (they would reappear otherwise). */
  dismiss(c: ThreatCandidate): void {
    let dismissed = state.register.dismissed;
    for (const id of [c.id, ...c.mergedFrom]) dismissed = dismissCandidate(dismissed, id);
    setRegister({ dismissed });
  },
  restoreDismissed(): void {
    setRegister({ dismissed: [] });
  },
  /** Merge candidates (two or more): stored as their original ids, so the merge survives a re-run. */
  merge(candidates: readonly ThreatCandidate[]): void {
    const ids = [...new Set(candidates.flatMap((c) => (c.origin === 'merged' ? c.mergedFrom : [c.id])))].sort();
    if (ids.length < 2) return;
    // A merge that absorbs an earlier one replaces it.
    const kept = state.register.merges.filter((m) => !m.some((id) => ids.includes(id)));
    setRegister({ merges: [...kept, ids] });
  },
  unmerge(mergedFrom: readonly string[]): void {
    const key = [...mergedFrom].sort().join('+');
    setRegister({ merges: state.register.merges.filter((m) => [...m].sort().join('+') !== key) });
  },
  /** Change weights; out-of-range values are clamped and the reasons returned. */
  setWeights(patch: Partial<ScoringWeights>): string[] {
    const v = validateWeights({ ...state.register.weights, ...patch });
    setRegister({ weights: v.weights });
    return v.errors;
  },
  resetWeights(): void {
    setRegister({ weights: { ...DEFAULT_WEIGHTS } });
  },
  setAarDistance(type: PresenceTypeId, km: number): void {
    if (!(km >= 0) || !Number.isFinite(km)) return;
    setRegister({ aar: { ...state.register.aar, distanceKm: { ...state.register.aar.distanceKm, [type]: km } } });
  },
  setAarPhysicalViolence(on: boolean): void {
    setRegister({ aar: { ...state.register.aar, includePhysicalViolence: on } });
  },
  resetAar(): void {
    setRegister({ aar: defaultAarSettings() });
  },
  setSwitch(id: keyof ThreatMapSwitches, on: boolean): void {
    set({ switches: { ...state.switches, [id]: on } });
  },
  dismissLoadProblems(): void {
    set({ loadProblems: [] });
  },
};

// ---------------------------------------------------------------------------------------
// Hooks combining the app store, the analysis store and this one.

export function useRanking(): RegisterRanking | null {
  const d = useStore((s) => s.dataset);
  const reg = useThreats((s) => s.register);
  return d ? rankingOf(d, reg) : null;
}

export function useCandidateView(): { run: CandidateRun; view: CandidateView | null } {
  const d = useStore((s) => s.dataset);
  const run = useThreats((s) => s.candidates);
  const reg = useThreats((s) => s.register);
  return { run, view: d ? candidatesOf(d, run, reg) : null };
}

// ---------------------------------------------------------------------------------------
// Following the other stores.

let seenDataset: Dataset | null = null;
subscribeApp(() => {
  const d = getState().dataset;
  if (d === seenDataset) return;
  seenDataset = d;
  datasetChanged();
  void refreshCandidates();
});
subscribeAnalysis(() => { void refreshCandidates(); });
seenDataset = getState().dataset;

// ---------------------------------------------------------------------------------------
// End-to-end test hooks (e2e build only).

export interface ThreatSnapshot {
  id: string;
  title: string;
  rank: number | null;
  score: number | null;
  status: Threat['status'];
  rings: Ring[];
  perpetrator: Threat['perpetrator'];
  threatTypes: Threat['threatTypes'];
  likelihood: Level;
  impact: Level;
  asOfDay: number;
  reasons: Reason[];
  components: RankedThreat['result']['components'] | null;
  flags: RankedThreat['result']['flags'] | null;
}

export interface PocThreatsHooks {
  /** Visible candidates with the score and factors their draft would have under the current weights. */
  candidates(): { phase: CandidateRun['phase']; visible: { id: string; title: string; label: string; score: number; components: RankedThreat['result']['components'] }[] };
  threats(): ThreatSnapshot[];
  weights(): ScoringWeights;
}

declare global {
  interface Window {
    __pocThreats?: PocThreatsHooks;
  }
}

if (import.meta.env.MODE === 'e2e') {
  window.__pocThreats = {
    candidates() {
      const d = getState().dataset;
      const v = d ? candidatesOf(d, state.candidates, state.register) : null;
      return {
        phase: state.candidates.phase,
        visible: (v?.visible ?? []).map((c) => {
          const r = scoreThreat(draftThreat(c, nowIso()), c.evidence, state.register.weights);
          return { id: c.id, title: c.title, label: c.label, score: r.score, components: r.components };
        }),
      };
    },
    threats() {
      const d = getState().dataset;
      if (!d) return [];
      const ranking = rankingOf(d, state.register);
      return state.register.threats.map((t) => {
        const r = ranking.byId.get(t.id) ?? null;
        return {
          id: t.id, title: t.title, rank: r?.rank ?? null, score: r?.result.score ?? null, status: t.status,
          rings: t.area.rings, perpetrator: t.perpetrator, threatTypes: t.threatTypes, likelihood: t.likelihood, impact: t.impact,
          asOfDay: evidenceOf(d, t).asOfDay, reasons: r?.result.reasons ?? evidenceOf(d, t).reasons,
          components: r?.result.components ?? null, flags: r?.result.flags ?? null,
        };
      });
    },
    weights() {
      return state.register.weights;
    },
  };
}
