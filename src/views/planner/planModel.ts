/**
 * The force planner's pure model, shared by its store (src/state/planner.ts), its panel and
 * its map layer (src/map/plannerLayers.ts). No React, no worker, no DOM: node tests import it.
 *
 * Owns:
 *   - the scenario edits a planner makes (moved presences, temporary bases, patrol-range
 *     overrides per presence and per presence type, closed presences) and the presences
 *     they give (`planPresences`): the dataset itself is never changed, a scenario is a
 *     list of edits over it, so "reset to baseline" is simply "no edits";
 *   - what a presence reaches in one planning mode (`reachInMode`; 'any' = its widest
 *     reach, as src/planning/sites.ts);
 *   - the gap clusters (uncovered demand grouped by nearest settlement, or by grid cell
 *     where no settlement is near) and their ranking;
 *   - the area of the union of patrol ranges, for "km² covered per soldier".
 */
import { distanceKm, EARTH_RADIUS_KM } from '../../domain/geo.ts';
import type { Presence, Reach } from '../../domain/presence.ts';
import { DEFAULT_REACH_KM } from '../../domain/presence.ts';
import type { MobilityModeId, PresenceComponent, PresenceTypeId } from '../../domain/taxonomy.ts';
import type { WhatIfEdit } from '../../planning/whatIf.ts';

export type PlanningMode = MobilityModeId | 'any';
export const PLANNING_MODES: readonly { id: PlanningMode; label: string }[] = [
  { id: 'foot', label: 'Foot' },
  { id: 'road', label: 'Road' },
  { id: 'air', label: 'Air' },
  { id: 'any', label: 'Any' },
];
export const modeLabel = (m: PlanningMode): string => (m === 'any' ? 'any mode' : PLANNING_MODES.find((x) => x.id === m)!.label.toLowerCase());
export const MODE_IDS: readonly MobilityModeId[] = ['foot', 'road', 'air'];
export const ALL_PLANNING_MODES: readonly PlanningMode[] = ['foot', 'road', 'air', 'any'];

/** A base the planner placed (dropped on the map, or adopted from the optimiser). */
export interface TemporaryBase {
  id: string;
  name: string;
  lon: number;
  lat: number;
  reachKm: Reach;
  /**
   * Personnel counted for it. 0 by default: a temporary operating base is usually a
   * detachment of troops already counted at their parent base, so it adds reach, not troops.
   */
  strength: number;
  /** Rank in the optimiser run it was adopted from. */
  proposalRank?: number;
}

export interface ScenarioEdits {
  /** Presence id → new position. */
  moved: Readonly<Record<string, { lon: number; lat: number }>>;
  /** Presence id → patrol range per mode, km (overrides the type's and the data's). */
  reach: Readonly<Record<string, Partial<Reach>>>;
  /** Presence type → patrol range per mode for every presence of the type (unless overridden per presence). */
  typeReach: Readonly<Partial<Record<PresenceTypeId, Partial<Reach>>>>;
  /** Presence ids taken out of the scenario (closed or redeployed). */
  closed: readonly string[];
  temporary: readonly TemporaryBase[];
}

export const NO_EDITS: ScenarioEdits = { moved: {}, reach: {}, typeReach: {}, closed: [], temporary: [] };

export function editCount(e: ScenarioEdits): number {
  return Object.keys(e.moved).length + Object.keys(e.reach).length + Object.keys(e.typeReach).length + e.closed.length + e.temporary.length;
}

export type PlanStatus = 'data' | 'moved' | 'range' | 'closed' | 'temporary';

/** A presence as the scenario has it. */
export interface PlanPresence {
  /** 'p:<presence id>' or 't:<temporary base id>': the slot key of the what-if sessions. */
  key: string;
  id: string;
  name: string;
  type: PresenceTypeId;
  component: PresenceComponent;
  strength: number;
  lon: number;
  lat: number;
  /** Where the dataset has it (moved presences only). */
  from: { lon: number; lat: number } | null;
  reachKm: Reach;
  /** The dataset's own reach (null for temporary bases). */
  dataReachKm: Reach | null;
  active: boolean;
  temporary: boolean;
  /** Index in dataset.presences (−1 for temporary bases). */
  index: number;
  /** Every way the scenario differs from the data for this presence. */
  status: PlanStatus[];
}

export const presenceKey = (id: string): string => `p:${id}`;
export const temporaryKey = (id: string): string => `t:${id}`;

const sameReach = (a: Reach, b: Reach): boolean => a.foot === b.foot && a.road === b.road && a.air === b.air;

/** The presences of a scenario: the dataset's (with edits applied) followed by the temporary bases. */
export function planPresences(presences: readonly Presence[], edits: ScenarioEdits): PlanPresence[] {
  const closed = new Set(edits.closed);
  const out: PlanPresence[] = presences.map((p, index) => {
    const moved = edits.moved[p.id];
    const reachKm: Reach = { ...p.reachKm, ...edits.typeReach[p.type], ...edits.reach[p.id] };
    const status: PlanStatus[] = [];
    if (moved) status.push('moved');
    if (!sameReach(reachKm, p.reachKm)) status.push('range');
    if (closed.has(p.id)) status.push('closed');
    return {
      key: presenceKey(p.id), id: p.id, name: p.name, type: p.type, component: p.component, strength: p.strength,
      lon: moved?.lon ?? p.lon, lat: moved?.lat ?? p.lat, from: moved ? { lon: p.lon, lat: p.lat } : null,
      reachKm, dataReachKm: p.reachKm, active: !closed.has(p.id), temporary: false, index, status,
    };
  });
  for (const t of edits.temporary) {
    out.push({
      key: temporaryKey(t.id), id: t.id, name: t.name, type: 'operating_base', component: 'military', strength: t.strength,
      lon: t.lon, lat: t.lat, from: null, reachKm: { ...t.reachKm }, dataReachKm: null, active: true, temporary: true, index: -1,
      status: ['temporary'],
    });
  }
  return out;
}

/** What a presence reaches in a planning mode, km ('any' = its widest reach: the modes are concentric). */
export function reachInMode(reach: Reach, mode: PlanningMode): number {
  if (mode !== 'any') return reach[mode] > 0 ? reach[mode] : 0;
  let r = 0;
  for (const m of MODE_IDS) if (reach[m] > r) r = reach[m];
  return r;
}

/** The default patrol range of a new temporary operating base. */
export function defaultTemporaryReach(): Reach {
  return { ...DEFAULT_REACH_KM.operating_base };
}

/** Uniformed personnel (military and police) of the active presences that reach anything in the mode. */
export function uniformedStrength(plan: readonly PlanPresence[], mode: PlanningMode): number {
  let s = 0;
  for (const p of plan) if (p.active && p.component !== 'civilian' && reachInMode(p.reachKm, mode) > 0) s += p.strength;
  return s;
}

// ---------------------------------------------------------------------------------------
// What-if session slots.

/** One site of a what-if session as last sent to the worker. */
export interface SlotState {
  lon: number;
  lat: number;
  reachKm: number;
  active: boolean;
}

export interface SlotDiff {
  edits: WhatIfEdit[];
  keys: string[];
  applied: SlotState[];
}

/**
 * The edits that turn a what-if session's sites (`keys[i]` at `applied[i]`) into the
 * scenario's presences in one mode. Sessions index sites by position, and a session never
 * forgets a site, so: a presence keeps its slot for the session's life; a temporary base
 * gets a new slot at the end ('add', in plan order, so every mode's session numbers its
 * slots alike); a slot whose presence left the scenario is deactivated ('remove').
 * Position and reach edits of an inactive slot cost nothing in the session, so they are
 * sent before a 'restore', and after a 'remove' they wait until the slot is restored.
 */
export function diffSlots(keys: readonly string[], applied: readonly SlotState[], plan: readonly PlanPresence[], mode: PlanningMode): SlotDiff {
  const want = new Map<string, SlotState>();
  for (const p of plan) want.set(p.key, { lon: p.lon, lat: p.lat, reachKm: reachInMode(p.reachKm, mode), active: p.active });
  const edits: WhatIfEdit[] = [];
  const nextKeys = keys.slice();
  const next = applied.map((a) => ({ ...a }));
  for (let i = 0; i < keys.length; i++) {
    const a = next[i]!, d = want.get(keys[i]!);
    want.delete(keys[i]!);
    if (!d || !d.active) {
      if (a.active) { edits.push({ kind: 'remove', index: i }); a.active = false; }
      continue;
    }
    if (a.lon !== d.lon || a.lat !== d.lat) { edits.push({ kind: 'move', index: i, lon: d.lon, lat: d.lat }); a.lon = d.lon; a.lat = d.lat; }
    if (a.reachKm !== d.reachKm) { edits.push({ kind: 'reach', index: i, reachKm: d.reachKm }); a.reachKm = d.reachKm; }
    if (!a.active) { edits.push({ kind: 'restore', index: i }); a.active = true; }
  }
  for (const [key, d] of want) {
    // A new presence (a temporary base) enters active; a new inactive one waits inactive.
    edits.push({ kind: 'add', site: { lon: d.lon, lat: d.lat, reachKm: d.reachKm, id: key } });
    nextKeys.push(key);
    next.push({ ...d, active: true });
    if (!d.active) { edits.push({ kind: 'remove', index: nextKeys.length - 1 }); next[next.length - 1]!.active = false; }
  }
  return { edits, keys: nextKeys, applied: next };
}

// ---------------------------------------------------------------------------------------
// Gaps: clusters of demand that no presence reaches.

export interface NamedPlace {
  name: string;
  lon: number;
  lat: number;
}

export interface GapClusters {
  /** Cluster of each demand point (index into `names`), −1 for unusable coordinates. */
  of: Int32Array;
  names: string[];
}

/** Settlements farther than this from a demand point do not name its gap: a grid cell does. */
export const GAP_SETTLEMENT_KM = 40;
/** Grid cell (degrees) for demand far from every settlement. */
export const GAP_CELL_DEG = 0.5;

function cellName(lon: number, lat: number): string {
  const ns = lat >= 0 ? 'N' : 'S', ew = lon >= 0 ? 'E' : 'W';
  return `area at ${Math.abs(lat).toFixed(1)}°${ns} ${Math.abs(lon).toFixed(1)}°${ew}`;
}

/**
 * Cluster key of every demand point: its nearest settlement within GAP_SETTLEMENT_KM, else
 * its GAP_CELL_DEG grid cell. Computed once per demand set (O(N · settlements)); the
 * ranking per update is then one pass over the points.
 */
export function gapClusters(lon: ArrayLike<number>, lat: ArrayLike<number>, places: readonly NamedPlace[]): GapClusters {
  const n = lon.length;
  const of = new Int32Array(n);
  const names: string[] = places.map((p) => p.name);
  const cells = new Map<string, number>();
  // Cheap reject before the haversine: 40 km is < 0.37° of latitude anywhere.
  const dLat = GAP_SETTLEMENT_KM / 111 + 0.01;
  for (let i = 0; i < n; i++) {
    const x = lon[i]!, y = lat[i]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) { of[i] = -1; continue; }
    let best = -1, bestKm = GAP_SETTLEMENT_KM;
    for (let s = 0; s < places.length; s++) {
      const p = places[s]!;
      if (Math.abs(p.lat - y) > dLat) continue;
      const km = distanceKm(x, y, p.lon, p.lat);
      if (km <= bestKm) { bestKm = km; best = s; }
    }
    if (best < 0) {
      const cx = (Math.floor(x / GAP_CELL_DEG) + 0.5) * GAP_CELL_DEG, cy = (Math.floor(y / GAP_CELL_DEG) + 0.5) * GAP_CELL_DEG;
      const key = `${cx},${cy}`;
      let c = cells.get(key);
      if (c === undefined) { c = names.length; names.push(cellName(cx, cy)); cells.set(key, c); }
      best = c;
    }
    of[i] = best;
  }
  return { of, names };
}

export interface Gap {
  rank: number;
  /** "around Tambura" or "area at 5.5°N 25.5°E". */
  name: string;
  /** Weighted centre of the uncovered demand of the cluster. */
  lon: number;
  lat: number;
  weight: number;
  /** Demand points (incidents, settlements…) uncovered in it. */
  count: number;
  /** Civilians killed in its uncovered incidents (incident demand only). */
  killed: number | null;
  /** Largest distance from the centre to one of its points, km (for the zoom and the map circle). */
  radiusKm: number;
  nearest: { name: string; km: number; reachKm: number } | null;
}

export interface GapInput {
  lon: ArrayLike<number>;
  lat: ArrayLike<number>;
  weight: ArrayLike<number>;
  /** 1 where some presence reaches the point. */
  covered: Uint8Array;
  clusters: GapClusters;
  killed?: ArrayLike<number> | null;
  /** Settlements naming the gaps that are grid cells ("area 60 km NE of Tambura"). */
  places?: readonly NamedPlace[];
}

/** The largest gaps (by uncovered weight; ties by count), with the nearest active presence in the mode. */
export function rankGaps(inp: GapInput, plan: readonly PlanPresence[], mode: PlanningMode, limit = 10): Gap[] {
  const C = inp.clusters.names.length;
  const w = new Float64Array(C), cnt = new Float64Array(C), k = new Float64Array(C), sx = new Float64Array(C), sy = new Float64Array(C), sw = new Float64Array(C);
  const { of } = inp.clusters;
  for (let i = 0; i < of.length; i++) {
    const c = of[i]!;
    if (c < 0 || inp.covered[i]) continue;
    const wi = inp.weight[i]!;
    w[c]! += wi; cnt[c]!++;
    if (inp.killed) k[c]! += Number(inp.killed[i]);
    // Centre weighted by demand, but never by 0 alone (a cluster of 0-weight points still has a centre).
    const ww = wi > 0 ? wi : 1e-9;
    sx[c]! += ww * inp.lon[i]!; sy[c]! += ww * inp.lat[i]!; sw[c]! += ww;
  }
  const order: number[] = [];
  for (let c = 0; c < C; c++) if (cnt[c]! > 0) order.push(c);
  order.sort((a, b) => w[b]! - w[a]! || cnt[b]! - cnt[a]! || a - b);
  const top = order.slice(0, limit);
  const radius = new Map<number, number>(top.map((c) => [c, 0]));
  for (let i = 0; i < of.length; i++) {
    const c = of[i]!;
    const r = radius.get(c);
    if (r === undefined || inp.covered[i]) continue;
    const km = distanceKm(sx[c]! / sw[c]!, sy[c]! / sw[c]!, inp.lon[i]!, inp.lat[i]!);
    if (km > r) radius.set(c, km);
  }
  return top.map((c, r) => {
    const lon = sx[c]! / sw[c]!, lat = sy[c]! / sw[c]!;
    let nearest: Gap['nearest'] = null;
    for (const p of plan) {
      if (!p.active) continue;
      const km = distanceKm(lon, lat, p.lon, p.lat);
      if (!nearest || km < nearest.km) nearest = { name: p.name, km, reachKm: reachInMode(p.reachKm, mode) };
    }
    const raw = inp.clusters.names[c]!;
    // A cell far from every settlement is named by where it lies from the nearest one.
    let name = `around ${raw}`;
    if (raw.startsWith('area at')) {
      const where = inp.places ? describePlace(lon, lat, inp.places) : null;
      name = where ? `area ${where}` : raw;
    }
    return {
      rank: r + 1, name, lon, lat,
      weight: w[c]!, count: cnt[c]!, killed: inp.killed ? k[c]! : null, radiusKm: radius.get(c) ?? 0, nearest,
    };
  });
}

/** "Tambura" when within 10 km, else "23 km NE of Tambura" (null when no place within 150 km). */
export function describePlace(lon: number, lat: number, places: readonly NamedPlace[]): string | null {
  let best: NamedPlace | null = null, bestKm = 150;
  for (const p of places) {
    const km = distanceKm(lon, lat, p.lon, p.lat);
    if (km < bestKm) { bestKm = km; best = p; }
  }
  if (!best) return null;
  if (bestKm < 10) return `near ${best.name}`;
  const dx = (lon - best.lon) * Math.cos((lat * Math.PI) / 180), dy = lat - best.lat;
  const dirs = ['E', 'NE', 'N', 'NW', 'W', 'SW', 'S', 'SE'];
  const dir = dirs[(Math.round(Math.atan2(dy, dx) / (Math.PI / 4)) + 8) % 8]!;
  return `${Math.round(bestKm)} km ${dir} of ${best.name}`;
}

// ---------------------------------------------------------------------------------------
// Area within reach.

export interface Disc {
  lon: number;
  lat: number;
  km: number;
}

/**
 * Area of the union of geodesic discs, km², on the sphere. The discs are cut into bands of
 * latitude; in each band, every disc covers an exact longitude interval at the band's middle
 * latitude (spherical law of cosines), the intervals are merged, and the band's area is
 * R² · Δλ · (sin φ_top − sin φ_bottom). The only error is the band discretisation (midpoint
 * rule): bands are at most `bandKm` and at most 1/20 of the smallest radius (never under
 * 0.1 km), which keeps it within ~0.15 % (0.04 % for ranges of 50 km; planModel.test.ts).
 * A sweep visits only the discs that span each band.
 */
export function unionAreaKm2(discs: readonly Disc[], bandKm = 1): number {
  const RAD = Math.PI / 180;
  const live = discs.filter((d) => d.km > 0 && Number.isFinite(d.lon) && Number.isFinite(d.lat));
  if (!live.length) return 0;
  let minKm = Infinity;
  for (const d of live) minKm = Math.min(minKm, d.km);
  const bandDeg = Math.max(0.1, Math.min(bandKm, minKm / 20)) / EARTH_RADIUS_KM / RAD;
  const pre = live.map((d) => {
    const dLat = d.km / EARTH_RADIUS_KM / RAD;
    return {
      lon: d.lon * RAD, sinLat: Math.sin(d.lat * RAD), cosLat: Math.cos(d.lat * RAD), cosR: Math.cos(d.km / EARTH_RADIUS_KM),
      south: Math.max(-90, d.lat - dLat), north: Math.min(90, d.lat + dLat),
    };
  }).sort((a, b) => a.south - b.south);
  const south = pre[0]!.south;
  let north = -90;
  for (const d of pre) north = Math.max(north, d.north);
  const rows = Math.max(1, Math.ceil((north - south) / bandDeg));
  const h = (north - south) / rows;
  const R2 = EARTH_RADIUS_KM * EARTH_RADIUS_KM;
  let area = 0;
  let next = 0;
  let active: typeof pre = [];
  const iv: [number, number][] = [];
  for (let r = 0; r < rows; r++) {
    const lo = south + r * h, hi = lo + h, mid = (lo + hi) / 2;
    while (next < pre.length && pre[next]!.south <= hi) active.push(pre[next++]!);
    if (active.some((d) => d.north < lo)) active = active.filter((d) => d.north >= lo);
    if (!active.length) continue;
    const sinM = Math.sin(mid * RAD), cosM = Math.cos(mid * RAD);
    iv.length = 0;
    for (const d of active) {
      const den = d.cosLat * cosM;
      if (den <= 1e-12) continue;
      const c = (d.cosR - d.sinLat * sinM) / den;
      if (c > 1) continue;
      if (c <= -1) { iv.push([-Math.PI, Math.PI]); continue; }
      const half = Math.acos(c);
      iv.push([d.lon - half, d.lon + half]);
    }
    if (!iv.length) continue;
    iv.sort((a, b) => a[0] - b[0]);
    let total = 0, [s0, e0] = iv[0]!;
    for (let k = 1; k < iv.length; k++) {
      const [a, b] = iv[k]!;
      if (a <= e0) { if (b > e0) e0 = b; } else { total += e0 - s0; s0 = a; e0 = b; }
    }
    total += e0 - s0;
    area += R2 * Math.min(total, 2 * Math.PI) * (Math.sin(hi * RAD) - Math.sin(lo * RAD));
  }
  return area;
}

// ---------------------------------------------------------------------------------------
// Formatting shared by the panel and the exports.

export const fmtInt = (v: number): string => Math.round(v).toLocaleString('en');
export function fmtPct(part: number, total: number, digits = 1): string {
  return total > 0 ? `${((100 * part) / total).toFixed(digits)} %` : '—';
}
/** "+312" / "−40" / "±0" (a true minus sign). */
export function fmtSigned(v: number, digits = 0): string {
  const r = Number(v.toFixed(digits));
  if (r === 0) return '±0';
  return `${r > 0 ? '+' : '−'}${Math.abs(r).toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}
export function fmtKm(km: number): string {
  return km >= 10 ? km.toFixed(0) : km.toFixed(1);
}
