/**
 * Ranked density hotspots: contiguous high-density areas of a KDE surface, as a list the
 * analyst can act on ("hotspot ranking is an output, not only a colour").
 *
 * Owns the threshold rules, the connected-component labelling and the per-hotspot
 * summary (centroid, area, incidents, fatalities, dominant threat types, peak, mass).
 *
 * Threshold (cells with density ≥ threshold are "hot"), one of:
 *   hdr         (default, mass 0.5) the highest-density region: the smallest set of cells
 *               holding `mass` of the grid's total density mass. Independent of how much
 *               empty space the grid covers, and reads plainly: "hotspots hold half of
 *               the incident density".
 *   meanSd      mean + k·SD of the non-zero cells (k default 2); "non-zero" means above
 *               1e-6 × the maximum, so a Gaussian's numerical tails do not count as data.
 *   percentile  the p-quantile (0..1) of the non-zero cells.
 *   absolute    a density value, incidents per 100 km².
 * Components: cells sharing an edge or a corner (8-connectivity) form one hotspot.
 * Ranked by mass = Σ density × cell area / 100 (the expected number of incidents, or
 * weight units, that the surface places in the hotspot), largest first.
 * Incidents are attributed to the hotspot whose cell contains them.
 */
import { THREAT_TYPES } from '../domain/taxonomy.ts';
import type { GridSpec } from './grid.ts';
import { cellIndexOfLonLat } from './grid.ts';
import type { Job } from './job.ts';
import { runSync } from './job.ts';
import { unprojectPointLaea } from './projection.ts';

export type ThresholdRule =
  | { kind: 'hdr'; mass: number }
  | { kind: 'meanSd'; k: number }
  | { kind: 'percentile'; p: number }
  | { kind: 'absolute'; value: number };

export interface HotspotsInput {
  kde: { grid: GridSpec; density: Float64Array };
  /** Incidents to attribute to hotspots (optional). */
  incidents?: { lon: ArrayLike<number>; lat: ArrayLike<number>; fatalities?: ArrayLike<number>; threatType?: ArrayLike<number> };
}

export interface HotspotsOptions {
  threshold?: ThresholdRule;
  /** Drop components smaller than this many cells (default 1). */
  minCells?: number;
  /** Keep at most this many hotspots, by rank (default: all). */
  maxHotspots?: number;
}

export interface ThreatCount {
  /** Code (index into THREAT_TYPES). */
  code: number;
  id: string;
  count: number;
}

export interface Hotspot {
  /** 1 = largest mass. */
  rank: number;
  cells: number;
  areaKm2: number;
  /** Σ density × cell area / 100: expected incidents (or weight units) in the hotspot. */
  mass: number;
  /** Highest cell density, per 100 km², and where. */
  peakDensity: number;
  peakLon: number;
  peakLat: number;
  /** Density-weighted centroid. */
  centroidLon: number;
  centroidLat: number;
  incidents: number;
  fatalities: number;
  /** Up to three most frequent threat types among the hotspot's incidents. */
  topThreatTypes: ThreatCount[];
}

export interface HotspotsResult {
  threshold: number;
  thresholdRule: ThresholdRule;
  hotspots: Hotspot[];
  /** Per cell: index into `hotspots` (rank − 1), or −1. */
  label: Int32Array;
  totalMass: number;
  hotspotMass: number;
}

/** The density threshold a rule gives for a surface. */
export function densityThreshold(density: Float64Array, rule: ThresholdRule): number {
  let max = 0;
  for (let i = 0; i < density.length; i++) if (density[i]! > max) max = density[i]!;
  if (max <= 0) return Infinity;
  if (rule.kind === 'absolute') return rule.value;
  if (rule.kind === 'hdr') {
    const sorted = Float64Array.from(density).sort();
    let total = 0;
    for (let i = 0; i < sorted.length; i++) total += sorted[i]!;
    const target = Math.min(1, Math.max(0, rule.mass)) * total;
    let acc = 0;
    for (let i = sorted.length - 1; i >= 0; i--) {
      acc += sorted[i]!;
      if (acc >= target) return sorted[i]!;
    }
    return sorted[0]!;
  }
  const floor = 1e-6 * max;
  let m = 0;
  for (let i = 0; i < density.length; i++) if (density[i]! > floor) m++;
  const nz = new Float64Array(m);
  m = 0;
  for (let i = 0; i < density.length; i++) if (density[i]! > floor) nz[m++] = density[i]!;
  if (rule.kind === 'percentile') {
    nz.sort();
    const p = Math.min(1, Math.max(0, rule.p));
    return nz[Math.min(m - 1, Math.floor(p * (m - 1) + 0.5))]!;
  }
  let s = 0, s2 = 0;
  for (let i = 0; i < m; i++) { s += nz[i]!; s2 += nz[i]! * nz[i]!; }
  const mean = s / m;
  return mean + rule.k * Math.sqrt(Math.max(0, s2 / m - mean * mean));
}

export function hotspots(input: HotspotsInput, options: HotspotsOptions = {}): HotspotsResult {
  return runSync(hotspotsJob(input, options));
}

export function* hotspotsJob(input: HotspotsInput, options: HotspotsOptions = {}): Job<HotspotsResult> {
  const { grid, density } = input.kde;
  const { nx, ny } = grid;
  const rule = options.threshold ?? { kind: 'hdr', mass: 0.5 };
  const threshold = densityThreshold(density, rule);
  yield 0.2;
  const cellArea = grid.cellKm * grid.cellKm / 100;

  // Connected components (8-connectivity) by breadth-first search.
  const comp = new Int32Array(nx * ny).fill(-1);
  const queue = new Int32Array(nx * ny);
  let nComp = 0;
  for (let start = 0; start < nx * ny; start++) {
    if (comp[start] !== -1 || !(density[start]! >= threshold)) continue;
    const c = nComp++;
    let head = 0, tail = 0;
    queue[tail++] = start;
    comp[start] = c;
    while (head < tail) {
      const k = queue[head++]!;
      const i = k % nx, j = (k - i) / nx;
      for (let dj = -1; dj <= 1; dj++) {
        const jj = j + dj;
        if (jj < 0 || jj >= ny) continue;
        for (let di = -1; di <= 1; di++) {
          const ii = i + di;
          if ((di === 0 && dj === 0) || ii < 0 || ii >= nx) continue;
          const kk = jj * nx + ii;
          if (comp[kk] === -1 && density[kk]! >= threshold) { comp[kk] = c; queue[tail++] = kk; }
        }
      }
    }
  }
  yield 0.5;

  // Per-component sums.
  const cells = new Float64Array(nComp), mass = new Float64Array(nComp), sx = new Float64Array(nComp), sy = new Float64Array(nComp);
  const peak = new Float64Array(nComp), peakCell = new Int32Array(nComp);
  let totalMass = 0;
  for (let k = 0; k < nx * ny; k++) {
    const d = density[k]!;
    totalMass += d * cellArea;
    const c = comp[k]!;
    if (c < 0) continue;
    const i = k % nx, j = (k - i) / nx;
    cells[c]!++;
    mass[c]! += d * cellArea;
    sx[c]! += d * (grid.x0 + (i + 0.5) * grid.cellKm);
    sy[c]! += d * (grid.y0 + (j + 0.5) * grid.cellKm);
    if (d > peak[c]!) { peak[c] = d; peakCell[c] = k; }
  }

  // Incidents per component.
  const nTypes = THREAT_TYPES.length;
  const incCount = new Float64Array(nComp), fat = new Float64Array(nComp), types = new Float64Array(nComp * nTypes);
  const inc = input.incidents;
  if (inc) {
    const cellOf = cellIndexOfLonLat(grid, inc.lon, inc.lat);
    for (let p = 0; p < cellOf.length; p++) {
      const k = cellOf[p]!;
      if (k < 0) continue;
      const c = comp[k]!;
      if (c < 0) continue;
      incCount[c]!++;
      if (inc.fatalities) fat[c]! += Number(inc.fatalities[p]);
      if (inc.threatType) {
        const t = Number(inc.threatType[p]);
        if (t >= 0 && t < nTypes) types[c * nTypes + t]!++;
      }
    }
  }
  yield 0.8;

  const minCells = options.minCells ?? 1;
  const order = Array.from({ length: nComp }, (_, c) => c).filter((c) => cells[c]! >= minCells).sort((a, b) => mass[b]! - mass[a]! || a - b);
  const kept = options.maxHotspots !== undefined ? order.slice(0, Math.max(0, options.maxHotspots)) : order;
  const rankOf = new Int32Array(nComp).fill(-1);
  const list: Hotspot[] = kept.map((c, r) => {
    rankOf[c] = r;
    const pk = peakCell[c]!;
    const pi = pk % nx, pj = (pk - pi) / nx;
    const [peakLon, peakLat] = unprojectPointLaea(grid.projection, grid.x0 + (pi + 0.5) * grid.cellKm, grid.y0 + (pj + 0.5) * grid.cellKm);
    const wsum = mass[c]! / cellArea;
    const [centroidLon, centroidLat] = unprojectPointLaea(grid.projection, sx[c]! / wsum, sy[c]! / wsum);
    const top: ThreatCount[] = [];
    for (let t = 0; t < nTypes; t++) {
      const n = types[c * nTypes + t]!;
      if (n > 0) top.push({ code: t, id: THREAT_TYPES[t]!.id, count: n });
    }
    top.sort((a, b) => b.count - a.count || a.code - b.code);
    return {
      rank: r + 1, cells: cells[c]!, areaKm2: cells[c]! * grid.cellKm * grid.cellKm, mass: mass[c]!,
      peakDensity: peak[c]!, peakLon, peakLat, centroidLon, centroidLat,
      incidents: incCount[c]!, fatalities: fat[c]!, topThreatTypes: top.slice(0, 3),
    };
  });
  const label = new Int32Array(nx * ny).fill(-1);
  let hotspotMass = 0;
  for (let k = 0; k < nx * ny; k++) {
    const c = comp[k]!;
    if (c >= 0 && rankOf[c]! >= 0) { label[k] = rankOf[c]!; hotspotMass += density[k]! * cellArea; }
  }
  return { threshold, thresholdRule: rule, hotspots: list, label, totalMass, hotspotMass };
}
