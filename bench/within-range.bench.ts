/**
 * withinRange: 1,000,000 incidents × 1,000 presences × 3 mobility modes (nearest presence,
 * distance, in-range flags and per-presence lists), against the straightforward turf ways:
 *   1. a turf.distance loop over all pairs (one distance per pair, compared with the 3 reaches);
 *   2. turf.circle (64-gon) + turf.pointsWithinPolygon per presence and mode.
 * Both baselines would take minutes at full size, so they run on a subset and are
 * extrapolated linearly in the number of pairs (said in the `note` field). The subset's
 * results are compared with ours: the turf.distance loop must agree exactly, the polygon
 * circles miss points near the edge (the count is reported).
 */
import * as turf from '@turf/turf';
import { withinRange } from '../src/analysis/withinRange.ts';
import type { PresenceColumns } from '../src/analysis/inputs.ts';
import { report, timeMs } from './lib.ts';
import { mulberry32 as prng } from '../src/domain/random.ts';


/** Incidents: 70 % in 40 clusters, 30 % uniform, over a CAR-sized box (~1,100 × 900 km). */
function incidents(n: number, r: () => number): { lon: Float64Array; lat: Float64Array } {
  const lon = new Float64Array(n), lat = new Float64Array(n);
  const cx = Array.from({ length: 40 }, () => 16 + 10 * r()), cy = Array.from({ length: 40 }, () => 2.5 + 7 * r());
  for (let i = 0; i < n; i++) {
    if (r() < 0.3) { lon[i] = 15 + 12 * r(); lat[i] = 2 + 8 * r(); continue; }
    const c = Math.floor(r() * 40);
    const g = (): number => (r() + r() + r() + r() - 2) * 0.35;
    lon[i] = cx[c]! + g(); lat[i] = cy[c]! + g();
  }
  return { lon, lat };
}

/** 1,000 presences: 1 mission HQ, 10 sector HQs (with air), the rest bases, police and offices. */
function presences(n: number, r: () => number): PresenceColumns {
  const lon = new Float64Array(n), lat = new Float64Array(n);
  const foot = new Float64Array(n), road = new Float64Array(n), air = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    lon[p] = 15 + 12 * r(); lat[p] = 2 + 8 * r();
    if (p === 0) { foot[p] = 10; road[p] = 100; air[p] = 300; } else if (p <= 10) { foot[p] = 10; road[p] = 80; air[p] = 250; } else if (p % 3 === 0) { foot[p] = 5; road[p] = 30; } else if (p % 3 === 1) { foot[p] = 10; road[p] = 50; } else { foot[p] = 5; road[p] = 25; }
  }
  return { lon, lat, reachKm: { foot, road, air } };
}

export default async (): Promise<void> => {
  const r = prng(20261123);
  const N = 1_000_000, P = 1000;
  const inc = incidents(N, r);
  const pres = presences(P, r);
  const input = { incidents: inc, presences: pres };
  let result = withinRange(input);
  const ms = timeMs(() => { result = withinRange(input); }, 5);

  // Baseline 1: turf.distance over all pairs, on the first S incidents.
  const S = 10_000;
  const ppts = Array.from({ length: P }, (_, p) => turf.point([pres.lon[p]!, pres.lat[p]!]));
  const modes = ['foot', 'road', 'air'] as const;
  let agree = 0;
  const t0 = performance.now();
  for (let i = 0; i < S; i++) {
    const pt = turf.point([inc.lon[i]!, inc.lat[i]!]);
    let best = Infinity, mask = 0;
    for (let p = 0; p < P; p++) {
      const d = turf.distance(pt, ppts[p]!, { units: 'kilometers' });
      if (d < best) best = d;
      for (let m = 0; m < 3; m++) { const reach = pres.reachKm[modes[m]!][p]!; if (reach > 0 && d <= reach + 1e-6) mask |= 1 << m; }
    }
    if (mask === result.inRange[i] && Math.abs(best - result.distanceKm[i]!) < 1e-6) agree++;
  }
  const subsetMs = performance.now() - t0;
  report({
    name: 'withinRange: nearest + in range, 1M incidents × 1k presences × 3 modes', n: N, ms,
    baseline: 'turf.distance loop over all pairs', baselineMs: subsetMs * (N / S),
    note: `baseline run on ${S.toLocaleString('en')} incidents (${(subsetMs / 1000).toFixed(1)} s) and extrapolated ×${N / S}; it agrees with withinRange on ${agree}/${S}`,
    presences: P, inRangeByMode: result.countByMode, inRangeAny: result.countAny,
    pairs: result.reachedBy.map((l) => l.incidents.length),
  });

  // Baseline 2: turf.circle + pointsWithinPolygon for the first Q presences' road reach, on S2 incidents.
  const S2 = 100_000, Q = 20;
  const fc = turf.featureCollection(Array.from({ length: S2 }, (_, i) => turf.point([inc.lon[i]!, inc.lat[i]!], { i })));
  let missed = 0, extra = 0, exactPairs = 0;
  const t1 = performance.now();
  for (let p = 0; p < Q; p++) {
    const circle = turf.circle([pres.lon[p]!, pres.lat[p]!], pres.reachKm.road[p]!, { steps: 64, units: 'kilometers' });
    const inside = turf.pointsWithinPolygon(fc, circle);
    const got = new Set(inside.features.map((f) => (f.properties as { i: number }).i));
    const { offsets, incidents: list } = result.reachedBy[1]!;
    const exact = new Set(Array.from(list.subarray(offsets[p]!, offsets[p + 1]!)).filter((i) => i < S2));
    exactPairs += exact.size;
    for (const i of exact) if (!got.has(i)) missed++;
    for (const i of got) if (!exact.has(i)) extra++;
  }
  const circleMs = performance.now() - t1;
  // Active (presence, mode) circles at full size: every mode with reach > 0.
  let circles = 0;
  for (const m of modes) for (let p = 0; p < P; p++) if (pres.reachKm[m][p]! > 0) circles++;
  report({
    name: 'withinRange vs polygon circles, same data', n: N, ms,
    baseline: 'turf.circle(64 steps) + turf.pointsWithinPolygon per presence and mode', baselineMs: circleMs * (N / S2) * (circles / Q),
    note: `baseline run for ${Q} road circles on ${S2.toLocaleString('en')} incidents (${(circleMs / 1000).toFixed(1)} s), extrapolated ×${N / S2} incidents ×${circles / Q} circles; the 64-gons missed ${missed} and added ${extra} of ${exactPairs} exact in-range pairs`,
  });
};
