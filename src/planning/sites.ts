/**
 * Sites: presences (existing, moved or temporary) reduced to what coverage planning needs
 * for ONE chosen mobility mode: a position and a reach radius.
 *
 * Owns the mode → radius rule and the brute-force reference count that the incremental
 * what-if and the optimiser are tested (and benchmarked) against.
 *
 * Mode 'any' takes each presence's widest reach: a presence's modes are concentric
 * circles, so "reached by some mode of p" = "within p's widest reach" (coverage.ts
 * uses the same rule for its per-presence "any").
 */
import type { PresenceColumns } from '../analysis/inputs.ts';
import { MODES } from '../analysis/inputs.ts';
import { chord2OfKm } from '../analysis/withinRange.ts';
import type { MobilityModeId } from '../domain/taxonomy.ts';
import { DEFAULT_TOLERANCE_KM, unitVector } from './spatial.ts';

export type PlanningMode = MobilityModeId | 'any';

export interface SiteColumns {
  lon: ArrayLike<number>;
  lat: ArrayLike<number>;
  /** Reach in km for the chosen mode; 0, negative or NaN = reaches nothing. */
  reachKm: ArrayLike<number>;
  /** The presences' ids, index-aligned (reports only). */
  ids?: readonly string[];
}

export interface Site {
  lon: number;
  lat: number;
  reachKm: number;
  id?: string;
}

/** The sites of presences for one mode ('any' = each presence's widest reach). */
export function sitesForMode(presences: PresenceColumns, mode: PlanningMode): SiteColumns {
  const P = presences.lon.length;
  let reachKm: Float64Array;
  if (mode === 'any') {
    reachKm = new Float64Array(P);
    for (let p = 0; p < P; p++) {
      let r = 0;
      for (const m of MODES) { const x = presences.reachKm[m][p]!; if (x > r) r = x; }
      reachKm[p] = r;
    }
  } else reachKm = Float64Array.from(presences.reachKm[mode]);
  return { lon: presences.lon, lat: presences.lat, reachKm, ids: presences.ids };
}

/**
 * Reference: for every point, how many active sites reach it — an O(N·P) loop with no
 * index, the same range rule as spatial.ts / withinRange.ts. For tests and benchmarks.
 */
export function coverageCountsBrute(lon: ArrayLike<number>, lat: ArrayLike<number>, sites: readonly Site[], toleranceKm = DEFAULT_TOLERANCE_KM): Int32Array {
  const N = lon.length;
  const counts = new Int32Array(N);
  const u = new Float64Array(3 * N), valid = new Uint8Array(N), q = new Float64Array(3);
  for (let i = 0; i < N; i++) valid[i] = unitVector(lon[i]!, lat[i]!, u, 3 * i) ? 1 : 0;
  for (const s of sites) {
    if (!(s.reachKm > 0) || !unitVector(s.lon, s.lat, q, 0)) continue;
    const t2 = chord2OfKm(s.reachKm + toleranceKm);
    for (let i = 0; i < N; i++) {
      if (!valid[i]) continue;
      const dx = u[3 * i]! - q[0]!, dy = u[3 * i + 1]! - q[1]!, dz = u[3 * i + 2]! - q[2]!;
      if (dx * dx + dy * dy + dz * dz <= t2) counts[i]!++;
    }
  }
  return counts;
}
