/**
 * Emerging hot spots: how the clustering of incidents changes over time, per location.
 *
 * Owns the space-time cube, the per-time-step Gi*, the per-location trend and the
 * pattern classification (ArcGIS Pro "Emerging Hot Spot Analysis" definitions).
 *
 * Cube: grid cells (grid.ts) × time bins. Bins are 'week' (7 days), {days: d}, both aligned
 * so that the LAST bin ends on `endDay` (the most recent bin drives "new"/"consecutive", so
 * it must be complete; the oldest bin may be partial), or 'month' (UTC calendar months).
 * Locations analysed: cells with at least one incident in at least one bin (ArcGIS's
 * default); they are the study area for every time step (targets and neighbours alike).
 *
 * Gi* per bin (gistar.ts): binary distance band `neighbourhoodKm` (default 1.5 × cell:
 * the 8 surrounding cells), star form, SPATIAL NEIGHBOURS ONLY WITHIN EACH TIME STEP and
 * the global mean/SD of that time step. (ArcGIS's default also pools one previous time
 * step and uses whole-cube statistics; we do not, so a bin's significance reflects its own
 * period and a new surge is not diluted by or leaked into adjacent periods.)
 * A bin is a significant hot (cold) spot when its Gi* confidence bin reaches `alpha`
 * (default 0.05 → |bin| ≥ 2) with z > 0 (z < 0); optionally FDR-corrected per time step.
 *
 * Trend: Mann-Kendall on the location's Gi* z series; significant when p < trendAlpha
 * (default 0.05), increasing when S > 0.
 *
 * Patterns (n = number of bins, "hot" = significant hot bin; cold mirrors hot):
 *   new             final bin hot, and no earlier bin hot
 *   consecutive     final bins form the only run of hot bins, run length ≥ 2, < 90 % of bins hot
 *   intensifying    ≥ 90 % of bins hot incl. the final one, significant increasing trend
 *   persistent      ≥ 90 % of bins hot incl. the final one, no significant trend
 *   diminishing     ≥ 90 % of bins hot incl. the final one, significant decreasing trend
 *   sporadic        final bin hot, < 90 % hot, earlier hot bins not all in the final run, never cold
 *   oscillating     final bin hot, < 90 % hot, earlier hot bins not all in the final run, some bin cold
 *   historical      final bin NOT hot, ≥ 90 % of bins hot
 *   no pattern      none of the above (hot or cold)
 * Precedence where definitions overlap follows ArcGIS's table order: new, consecutive,
 * then the 90 % patterns, then sporadic/oscillating; a final cold bin selects the cold
 * family; a final bin neither hot nor cold can only be historical (hot first) or no pattern.
 * "Intensifying" for cold spots means the clustering of LOW values strengthens, i.e. a
 * significant DEcreasing z trend (and "diminishing" cold an increasing one).
 */
import { dayFromIso } from '../domain/incidents.ts';
import { giStarGridJob } from './gistar.ts';
import type { GridSpec } from './grid.ts';
import { cellIndexOfLonLat, gridAround } from './grid.ts';
import type { Job } from './job.ts';
import { runSync, subJob } from './job.ts';
import { mannKendall } from './mannKendall.ts';
import type { Laea } from './projection.ts';
import { dataCentre, projectLaea } from './projection.ts';

export const EMERGING_PATTERNS = [
  { id: 'no_pattern', label: 'No pattern detected' },
  { id: 'new_hot', label: 'New hot spot' },
  { id: 'consecutive_hot', label: 'Consecutive hot spot' },
  { id: 'intensifying_hot', label: 'Intensifying hot spot' },
  { id: 'persistent_hot', label: 'Persistent hot spot' },
  { id: 'diminishing_hot', label: 'Diminishing hot spot' },
  { id: 'sporadic_hot', label: 'Sporadic hot spot' },
  { id: 'oscillating_hot', label: 'Oscillating hot spot' },
  { id: 'historical_hot', label: 'Historical hot spot' },
  { id: 'new_cold', label: 'New cold spot' },
  { id: 'consecutive_cold', label: 'Consecutive cold spot' },
  { id: 'intensifying_cold', label: 'Intensifying cold spot' },
  { id: 'persistent_cold', label: 'Persistent cold spot' },
  { id: 'diminishing_cold', label: 'Diminishing cold spot' },
  { id: 'sporadic_cold', label: 'Sporadic cold spot' },
  { id: 'oscillating_cold', label: 'Oscillating cold spot' },
  { id: 'historical_cold', label: 'Historical cold spot' },
] as const;
export type EmergingPatternId = (typeof EMERGING_PATTERNS)[number]['id'];
/** Pattern code for cells that were not analysed (no incident in any bin). */
export const NOT_ANALYSED = 255;
const CODE = Object.fromEntries(EMERGING_PATTERNS.map((p, i) => [p.id, i])) as Record<EmergingPatternId, number>;

export interface LocationTrend {
  /** Mann-Kendall S of the z series (sign = direction). */
  s: number;
  p: number;
}

/**
 * Classify one location. `state[t]` is +1 (significant hot), −1 (significant cold) or 0,
 * oldest bin first. Returns an index into EMERGING_PATTERNS.
 */
export function classifyEmerging(state: ArrayLike<number>, trend: LocationTrend, trendAlpha = 0.05): number {
  const n = state.length;
  if (n === 0) return CODE.no_pattern;
  const last = Math.sign(state[n - 1]!);
  if (last === 0) {
    let hot = 0, cold = 0;
    for (let t = 0; t < n; t++) { if (state[t]! > 0) hot++; else if (state[t]! < 0) cold++; }
    if (hot / n >= 0.9) return CODE.historical_hot;
    if (cold / n >= 0.9) return CODE.historical_cold;
    return CODE.no_pattern;
  }
  // Count in the family of the final bin (s = +1 hot, −1 cold).
  const s = last;
  let same = 0, opposite = 0;
  for (let t = 0; t < n; t++) { const v = Math.sign(state[t]!); if (v === s) same++; else if (v === -s) opposite++; }
  let run = 0;
  while (run < n && Math.sign(state[n - 1 - run]!) === s) run++;
  const base = s > 0 ? 0 : 8; // cold codes are hot codes + 8
  if (same === 1) return base + CODE.new_hot;
  if (same / n >= 0.9) {
    const significant = trend.p < trendAlpha && trend.s !== 0;
    // Intensifying = clustering gets stronger: z rising for hot spots, falling for cold spots.
    if (significant && Math.sign(trend.s) === s) return base + CODE.intensifying_hot;
    if (significant) return base + CODE.diminishing_hot;
    return base + CODE.persistent_hot;
  }
  if (run === same && run >= 2) return base + CODE.consecutive_hot;
  return base + (opposite > 0 ? CODE.oscillating_hot : CODE.sporadic_hot);
}

export type TimeBin = 'week' | 'month' | { days: number };

export interface EmergingInput {
  lon: ArrayLike<number>;
  lat: ArrayLike<number>;
  /** Days since 1970-01-01 (IncidentTable.day). */
  day: ArrayLike<number>;
  /** Optional weight per incident (default: counts). */
  weight?: ArrayLike<number>;
}

export interface EmergingOptions {
  bin?: TimeBin;
  /** First and last day analysed (inclusive); default: the data's range. */
  startDay?: number;
  endDay?: number;
  grid?: GridSpec;
  /** For the default grid (data extent): cell size km (default: longer side / maxCells). */
  cellKm?: number;
  /** For the default grid: cells along the longer side (default 64). */
  maxCells?: number;
  projection?: Laea;
  /** Gi* distance band, km (default 1.5 × cell size). */
  neighbourhoodKm?: number;
  /** Bin significance level: 0.10, 0.05 (default) or 0.01. */
  alpha?: 0.1 | 0.05 | 0.01;
  /** Mann-Kendall significance level (default 0.05). */
  trendAlpha?: number;
  /** FDR-correct the Gi* bins of each time step. */
  fdr?: boolean;
}

export interface EmergingResult {
  grid: GridSpec;
  /** First day of each time bin (days since epoch), oldest first; T = length. */
  binStartDay: Int32Array;
  /** Last day of the analysed period. */
  endDay: number;
  neighbourhoodKm: number;
  /** Cell index of each analysed location (L locations). */
  locations: Int32Array;
  /** Per location × bin (location-major: [l·T + t]): count, Gi* z, Gi* confidence bin. */
  counts: Float64Array;
  z: Float64Array;
  bin: Int8Array;
  /** Per location: Mann-Kendall trend of the z series. */
  trendZ: Float64Array;
  trendP: Float64Array;
  /** Per location: index into EMERGING_PATTERNS. */
  pattern: Uint8Array;
  /** Per grid cell: pattern code, or NOT_ANALYSED (255). */
  patternByCell: Uint8Array;
  /** Locations per pattern, in EMERGING_PATTERNS order. */
  patternCounts: number[];
}

/**
 * year·12 + (month − 1) of a day number, without allocating a Date (Hinnant's
 * civil-from-days algorithm; exact for the proleptic Gregorian calendar).
 */
export function monthIndexOfDay(day: number): number {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y * 12 + (m - 1);
}

/** Time-bin layout: bin index of a day and the bins' first days. */
export function timeBins(bin: TimeBin, startDay: number, endDay: number): { binOf: (day: number) => number; starts: Int32Array } {
  if (bin === 'month') {
    const ym = monthIndexOfDay;
    const first = ym(startDay), T = ym(endDay) - first + 1;
    const starts = new Int32Array(T);
    for (let t = 0; t < T; t++) {
      const m = first + t;
      starts[t] = dayFromIso(`${String(Math.floor(m / 12)).padStart(4, '0')}-${String((m % 12) + 1).padStart(2, '0')}-01`);
    }
    if (T > 0) starts[0] = Math.max(starts[0]!, startDay);
    return { binOf: (day) => (day < startDay || day > endDay ? -1 : ym(day) - first), starts };
  }
  const d = bin === 'week' ? 7 : Math.max(1, Math.floor(bin.days));
  const T = Math.max(0, Math.ceil((endDay - startDay + 1) / d));
  const starts = new Int32Array(T);
  for (let t = 0; t < T; t++) starts[t] = Math.max(startDay, endDay - (T - t) * d + 1);
  return { binOf: (day) => (day < startDay || day > endDay ? -1 : T - 1 - Math.floor((endDay - day) / d)), starts };
}

export function emergingHotspots(input: EmergingInput, options: EmergingOptions = {}): EmergingResult {
  return runSync(emergingHotspotsJob(input, options));
}

export function* emergingHotspotsJob(input: EmergingInput, options: EmergingOptions = {}): Job<EmergingResult> {
  const n = input.lon.length;
  let startDay = options.startDay, endDay = options.endDay;
  if (startDay === undefined || endDay === undefined) {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < n; i++) { const d = input.day[i]!; if (Number.isFinite(d)) { if (d < lo) lo = d; if (d > hi) hi = d; } }
    startDay ??= lo;
    endDay ??= hi;
  }
  if (!Number.isFinite(startDay) || !Number.isFinite(endDay) || endDay < startDay) throw new Error('emergingHotspots: no dated incidents in the period');
  const grid = options.grid ?? (() => {
    const proj = options.projection ?? dataCentre(input.lon, input.lat);
    const { x, y } = projectLaea(proj, input.lon, input.lat);
    return gridAround(proj, x, y, { cellKm: options.cellKm, maxCells: options.maxCells ?? 64 });
  })();
  const N = grid.nx * grid.ny;
  const { binOf, starts } = timeBins(options.bin ?? 'month', startDay, endDay);
  const T = starts.length;
  const cell = cellIndexOfLonLat(grid, input.lon, input.lat);
  // Cube, time-major so each time step is one contiguous grid.
  const cube = new Float64Array(T * N);
  for (let i = 0; i < n; i++) {
    const k = cell[i]!, t = binOf(input.day[i]!);
    if (k < 0 || t < 0) continue;
    cube[t * N + k]! += input.weight ? Number(input.weight[i]) : 1;
  }
  const mask = new Uint8Array(N);
  for (let t = 0; t < T; t++) for (let k = 0; k < N; k++) if (cube[t * N + k]! > 0) mask[k] = 1;
  let L = 0;
  for (let k = 0; k < N; k++) L += mask[k]!;
  const locations = new Int32Array(L);
  for (let k = 0, l = 0; k < N; k++) if (mask[k]) locations[l++] = k;
  yield 0.1;

  const neighbourhoodKm = options.neighbourhoodKm ?? 1.5 * grid.cellKm;
  const level = options.alpha === 0.01 ? 3 : options.alpha === 0.1 ? 1 : 2;
  const counts = new Float64Array(L * T), z = new Float64Array(L * T), bin = new Int8Array(L * T);
  for (let t = 0; t < T; t++) {
    const slice = cube.subarray(t * N, (t + 1) * N);
    const g = yield* subJob(giStarGridJob({ values: slice, nx: grid.nx, ny: grid.ny, cellKm: grid.cellKm, mask }, { bandKm: neighbourhoodKm, fdr: options.fdr }), 0.1 + (0.7 * t) / T, 0.1 + (0.7 * (t + 1)) / T);
    for (let l = 0; l < L; l++) {
      const k = locations[l]!;
      counts[l * T + t] = slice[k]!;
      z[l * T + t] = g.z[k]!;
      bin[l * T + t] = g.bin[k]!;
    }
  }

  const trendZ = new Float64Array(L), trendP = new Float64Array(L), pattern = new Uint8Array(L);
  const state = new Int8Array(T);
  const trendAlpha = options.trendAlpha ?? 0.05;
  for (let l = 0; l < L; l++) {
    const series = z.subarray(l * T, (l + 1) * T);
    const mk = mannKendall(series);
    trendZ[l] = mk.z;
    trendP[l] = mk.p;
    for (let t = 0; t < T; t++) { const b = bin[l * T + t]!; state[t] = b >= level ? 1 : b <= -level ? -1 : 0; }
    pattern[l] = classifyEmerging(state, mk, trendAlpha);
    if ((l & 1023) === 1023) yield 0.8 + (0.2 * l) / L;
  }
  const patternByCell = new Uint8Array(N).fill(NOT_ANALYSED);
  const patternCounts = EMERGING_PATTERNS.map(() => 0);
  for (let l = 0; l < L; l++) { patternByCell[locations[l]!] = pattern[l]!; patternCounts[pattern[l]!]!++; }
  return { grid, binStartDay: starts, endDay, neighbourhoodKm, locations, counts, z, bin, trendZ, trendP, pattern, patternByCell, patternCounts };
}
