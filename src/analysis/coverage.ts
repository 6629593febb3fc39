/**
 * Coverage: how much of the threat picture the mission's presences can reach — the force
 * planner's question ("what share of incidents, hotspots and population is within reach,
 * and where are the gaps").
 *
 * Owns the coverage shares and the gap grid. Every "within reach" uses withinRange.ts
 * (exact great-circle distance, inclusive boundary), so the numbers agree with the
 * per-incident flags.
 *
 * Shares (reached / total), overall (any mode), per mode, per presence, per AOR:
 *   incidents     count of incidents in range;
 *   fatalities    Σ fatalities of incidents in range;
 *   densityMass   KDE mass (Σ density × cell area / 100 = expected incidents) of the grid
 *                 cells whose CENTRE is in range (cell-centre rule: cells are small next
 *                 to reaches; the error is confined to a one-cell ring at the edge);
 *   hotspotMass   the same, restricted to cells inside a hotspot (hotspots.ts label ≥ 0);
 *   population    Σ population of settlements in range.
 * Per AOR: the same figures for the incidents, cells (by centre) and settlements inside each
 * AOR (aor.ts rule).
 * "Any mode" = in range by at least one mode. Per presence, mode index 3 is "any": the
 * modes of one presence are concentric circles, so it equals its widest mode.
 * Gap grid: cells whose density is at or above the threshold (default: the hotspot HDR
 * 50 % rule) and whose centre no presence reaches in the chosen mode ('any' by default).
 */
import type { MobilityModeId } from '../domain/taxonomy.ts';
import type { AorGeometry } from './aor.ts';
import { aorMembershipJob } from './aor.ts';
import type { GridSpec } from './grid.ts';
import { cellCentresLonLat } from './grid.ts';
import type { ThresholdRule } from './hotspots.ts';
import { densityThreshold } from './hotspots.ts';
import type { PresenceColumns, SettlementColumns } from './inputs.ts';
import { MODE_COUNT, MODES } from './inputs.ts';
import type { Job } from './job.ts';
import { runSync, subJob } from './job.ts';
import type { WithinRangeResult } from './withinRange.ts';
import { withinRangeJob } from './withinRange.ts';

export interface CoverageInput {
  incidents: { lon: ArrayLike<number>; lat: ArrayLike<number>; fatalities?: ArrayLike<number>; aor?: Int32Array };
  presences: PresenceColumns;
  /** withinRange of these incidents and presences, with lists 'byPresence' or 'both' (recomputed if absent). */
  within?: WithinRangeResult;
  kde?: { grid: GridSpec; density: Float64Array };
  /** hotspots.ts label per KDE cell (−1 = not in a hotspot). */
  hotspotLabel?: Int32Array;
  settlements?: SettlementColumns;
  /**
   * AOR polygons: per-AOR density mass, hotspot mass and population need the AOR of each
   * grid cell centre and settlement, computed here (and of each incident when incidents.aor
   * is absent).
   */
  aors?: readonly AorGeometry[];
  /** Number of AORs (default: aors.length, else 1 + the largest index in incidents.aor). */
  aorCount?: number;
}

export interface CoverageOptions {
  /** Mode for the gap grid (default 'any'). */
  gapMode?: MobilityModeId | 'any';
  /** Density threshold rule for gap cells (default HDR 50 %). */
  gapThreshold?: ThresholdRule;
}

export interface Share {
  reached: number;
  total: number;
  /** reached / total, null when total is 0. */
  share: number | null;
}

export interface ShareSet {
  incidents: Share;
  fatalities: Share;
  densityMass: Share;
  hotspotMass: Share;
  population: Share;
}

export interface CoverageResult {
  modes: readonly MobilityModeId[];
  overall: ShareSet;
  byMode: ShareSet[];
  /** Reached per presence, layout [m·P + p], m = 0..2 MODES, m = 3 any mode. */
  perPresence: { incidents: Float64Array; fatalities: Float64Array; densityMass: Float64Array; hotspotMass: Float64Array; population: Float64Array };
  /**
   * Per AOR a: totals (length A) and reached (layout [m·A + a], m = 3 any mode). Density
   * mass, hotspot mass and population need `aors` (otherwise they stay 0).
   */
  perAor: {
    count: number;
    incidents: Float64Array; fatalities: Float64Array; densityMass: Float64Array; hotspotMass: Float64Array; population: Float64Array;
    reachedIncidents: Float64Array; reachedFatalities: Float64Array; reachedDensityMass: Float64Array; reachedHotspotMass: Float64Array; reachedPopulation: Float64Array;
  };
  gap: { mode: MobilityModeId | 'any'; threshold: number; cells: Uint8Array; cellCount: number; areaKm2: number; mass: number } | null;
  /** In-range bitmask per KDE cell centre (bit m = mode m), when a KDE was given. */
  cellInRange: Uint8Array | null;
}

function share(reached: number, total: number): Share {
  return { reached, total, share: total > 0 ? reached / total : null };
}

export function coverage(input: CoverageInput, options: CoverageOptions = {}): CoverageResult {
  return runSync(coverageJob(input, options));
}

/** Σ values[list[k]] over a presence's list, per presence (values indexed by point). */
function sumPerPresence(lists: { offsets: Uint32Array; incidents: Uint32Array }, values: ArrayLike<number> | null, out: Float64Array, base: number): void {
  const { offsets, incidents } = lists;
  for (let p = 0; p + 1 < offsets.length; p++) {
    let s = 0;
    if (values) for (let k = offsets[p]!; k < offsets[p + 1]!; k++) s += Number(values[incidents[k]!]);
    else s = offsets[p + 1]! - offsets[p]!;
    out[base + p] = s;
  }
}

/** Σ values over points with `bit` set in mask (bit 0xff = any); all points when total. */
function sumMasked(mask: Uint8Array, values: ArrayLike<number> | null, bit: number): [number, number] {
  let reached = 0, total = 0;
  for (let i = 0; i < mask.length; i++) {
    const v = values ? Number(values[i]) : 1;
    total += v;
    if (mask[i]! & bit) reached += v;
  }
  return [reached, total];
}

/** Totals per AOR and reached per mode (+ any) of values (null = count) over points with an AOR. */
function accumulateByAor(aor: Int32Array, inRange: Uint8Array, values: ArrayLike<number> | null, A: number, total: Float64Array, reached: Float64Array): void {
  for (let i = 0; i < aor.length; i++) {
    const a = aor[i]!;
    if (a < 0 || a >= A) continue;
    const v = values ? Number(values[i]) : 1;
    total[a]! += v;
    const bits = inRange[i]!;
    for (let m = 0; m < MODE_COUNT; m++) if (bits & (1 << m)) reached[m * A + a]! += v;
    if (bits) reached[3 * A + a]! += v;
  }
}

export function* coverageJob(input: CoverageInput, options: CoverageOptions = {}): Job<CoverageResult> {
  const { incidents, presences } = input;
  const P = presences.lon.length;
  const within = input.within ?? (yield* subJob(withinRangeJob({ incidents, presences }, { lists: 'byPresence' }), 0, 0.5));
  if (within.reachedBy.length !== MODE_COUNT) throw new Error('coverage: the withinRange result has no per-presence lists (lists: none)');
  yield 0.5;

  // KDE cells: mass per cell, in-range per cell centre.
  let cellMass: Float64Array | null = null, hotMass: Float64Array | null = null, cellWithin: WithinRangeResult | null = null;
  if (input.kde) {
    const { grid, density } = input.kde;
    const a = grid.cellKm * grid.cellKm / 100;
    cellMass = Float64Array.from(density, (d) => d * a);
    if (input.hotspotLabel) { const lab = input.hotspotLabel; hotMass = Float64Array.from(cellMass, (m, k) => (lab[k]! >= 0 ? m : 0)); }
    const centres = cellCentresLonLat(grid);
    cellWithin = yield* subJob(withinRangeJob({ incidents: centres, presences }, { lists: 'byPresence' }), 0.5, 0.8);
  }
  let setWithin: WithinRangeResult | null = null;
  if (input.settlements) setWithin = yield* subJob(withinRangeJob({ incidents: input.settlements, presences }, { lists: 'byPresence' }), 0.8, 0.9);

  const fat = incidents.fatalities ?? null;
  const pop = input.settlements?.population ?? null;
  const setOf = (bit: number): ShareSet => {
    const inc = sumMasked(within.inRange, null, bit), f = sumMasked(within.inRange, fat, bit);
    const dm = cellWithin && cellMass ? sumMasked(cellWithin.inRange, cellMass, bit) : [0, 0] as [number, number];
    const hm = cellWithin && hotMass ? sumMasked(cellWithin.inRange, hotMass, bit) : [0, 0] as [number, number];
    const pp = setWithin ? sumMasked(setWithin.inRange, pop, bit) : [0, 0] as [number, number];
    return { incidents: share(...inc), fatalities: share(...f), densityMass: share(...dm), hotspotMass: share(...hm), population: share(...pp) };
  };
  const overall = setOf(0xff);
  const byMode = MODES.map((_, m) => setOf(1 << m));

  // Per presence (modes, then "any" = the widest mode of that presence).
  const per = { incidents: new Float64Array(4 * P), fatalities: new Float64Array(4 * P), densityMass: new Float64Array(4 * P), hotspotMass: new Float64Array(4 * P), population: new Float64Array(4 * P) };
  for (let m = 0; m < MODE_COUNT; m++) {
    sumPerPresence(within.reachedBy[m]!, null, per.incidents, m * P);
    if (fat) sumPerPresence(within.reachedBy[m]!, fat, per.fatalities, m * P);
    if (cellWithin && cellMass) sumPerPresence(cellWithin.reachedBy[m]!, cellMass, per.densityMass, m * P);
    if (cellWithin && hotMass) sumPerPresence(cellWithin.reachedBy[m]!, hotMass, per.hotspotMass, m * P);
    if (setWithin && pop) sumPerPresence(setWithin.reachedBy[m]!, pop, per.population, m * P);
  }
  for (let p = 0; p < P; p++) {
    let best = -1, bestReach = 0;
    for (let m = 0; m < MODE_COUNT; m++) { const r = presences.reachKm[MODES[m]!][p]!; if (r > bestReach) { bestReach = r; best = m; } }
    for (const arr of Object.values(per)) arr[3 * P + p] = best >= 0 ? arr[best * P + p]! : 0;
  }

  // Per AOR.
  let incAor = incidents.aor ?? null;
  let cellAor: Int32Array | null = null, setAor: Int32Array | null = null;
  if (input.aors) {
    if (!incAor) incAor = yield* subJob(aorMembershipJob(incidents, input.aors), 0.9, 0.92);
    if (input.kde) cellAor = yield* subJob(aorMembershipJob(cellCentresLonLat(input.kde.grid), input.aors), 0.92, 0.94);
    if (input.settlements) setAor = yield* subJob(aorMembershipJob(input.settlements, input.aors), 0.94, 0.95);
  }
  let A = input.aorCount ?? input.aors?.length ?? 0;
  if (incAor && input.aorCount === undefined && !input.aors) for (let i = 0; i < incAor.length; i++) A = Math.max(A, incAor[i]! + 1);
  const perAor = {
    count: A,
    incidents: new Float64Array(A), fatalities: new Float64Array(A), densityMass: new Float64Array(A), hotspotMass: new Float64Array(A), population: new Float64Array(A),
    reachedIncidents: new Float64Array(4 * A), reachedFatalities: new Float64Array(4 * A), reachedDensityMass: new Float64Array(4 * A),
    reachedHotspotMass: new Float64Array(4 * A), reachedPopulation: new Float64Array(4 * A),
  };
  if (incAor) {
    accumulateByAor(incAor, within.inRange, null, A, perAor.incidents, perAor.reachedIncidents);
    if (fat) accumulateByAor(incAor, within.inRange, fat, A, perAor.fatalities, perAor.reachedFatalities);
  }
  if (cellAor && cellWithin && cellMass) {
    accumulateByAor(cellAor, cellWithin.inRange, cellMass, A, perAor.densityMass, perAor.reachedDensityMass);
    if (hotMass) accumulateByAor(cellAor, cellWithin.inRange, hotMass, A, perAor.hotspotMass, perAor.reachedHotspotMass);
  }
  if (setAor && setWithin && pop) accumulateByAor(setAor, setWithin.inRange, pop, A, perAor.population, perAor.reachedPopulation);
  yield 0.95;

  // Gap grid.
  let gap: CoverageResult['gap'] = null;
  if (input.kde && cellWithin && cellMass) {
    const mode = options.gapMode ?? 'any';
    const bit = mode === 'any' ? 0xff : 1 << MODES.indexOf(mode);
    const threshold = densityThreshold(input.kde.density, options.gapThreshold ?? { kind: 'hdr', mass: 0.5 });
    const cells = new Uint8Array(input.kde.density.length);
    let cellCount = 0, mass = 0;
    for (let k = 0; k < cells.length; k++) {
      if (input.kde.density[k]! >= threshold && !(cellWithin.inRange[k]! & bit)) { cells[k] = 1; cellCount++; mass += cellMass[k]!; }
    }
    gap = { mode, threshold, cells, cellCount, areaKm2: cellCount * input.kde.grid.cellKm ** 2, mass };
  }
  return { modes: MODES, overall, byMode, perPresence: per, perAor, gap, cellInRange: cellWithin ? cellWithin.inRange : null };
}
