import { Geodesic } from 'geographiclib-geodesic';
import { describe, expect, it } from 'vitest';
import { destination, distanceKm } from '../domain/geo.ts';
import type { MobilityModeId } from '../domain/taxonomy.ts';
import type { PresenceColumns } from './inputs.ts';
import { MODES } from './inputs.ts';
import { randomLonLat, rng } from './testing.ts';
import { presencesReaching, withinRange } from './withinRange.ts';

/** Random presences in a box, with reaches (some modes unavailable: reach 0). */
function presencesIn(n: number, seed: number, w: number, s: number, e: number, nth: number): PresenceColumns {
  const { lon, lat } = randomLonLat(n, seed, w, s, e, nth);
  const r = rng(seed + 100);
  const foot = Float64Array.from({ length: n }, () => 5 + 10 * r());
  const road = Float64Array.from({ length: n }, () => (r() < 0.2 ? 0 : 30 + 80 * r()));
  const air = Float64Array.from({ length: n }, () => (r() < 0.7 ? 0 : 150 + 200 * r()));
  return { lon, lat, reachKm: { foot, road, air } };
}

/** Oracle: all pairs with the haversine of src/domain/geo.ts, inclusive boundary d ≤ r + 1e-6. */
function brute(lon: Float64Array, lat: Float64Array, pr: PresenceColumns) {
  const N = lon.length, P = pr.lon.length;
  const nearest = new Int32Array(N).fill(-1), dist = new Float64Array(N).fill(Number.NaN);
  const inRange = new Uint8Array(N);
  const lists: number[][][] = MODES.map(() => Array.from({ length: P }, () => []));
  for (let i = 0; i < N; i++) {
    let best = Infinity;
    for (let p = 0; p < P; p++) {
      const d = distanceKm(lon[i]!, lat[i]!, pr.lon[p]!, pr.lat[p]!);
      if (d < best) { best = d; nearest[i] = p; }
      MODES.forEach((m, mi) => {
        const r = pr.reachKm[m][p]!;
        if (r > 0 && d <= r + 1e-6) { inRange[i]! |= 1 << mi; lists[mi]![p]!.push(i); }
      });
    }
    if (P) dist[i] = best;
  }
  return { nearest, dist, inRange, lists };
}

describe('withinRange = brute force over all pairs', () => {
  const cases: [string, [number, number, number, number], number][] = [
    ['across the equator and the antimeridian', [172, -8, 188, 8], 1],
    ['Central Africa, dense', [16, 2, 26, 10], 2],
    ['near the north pole', [-180, 84, 180, 90], 3],
  ];
  for (const [name, [w, s, e, n], seed] of cases) {
    it(name, () => {
      const { lon, lat } = randomLonLat(4000, seed, w, s, e, n);
      const pr = presencesIn(60, seed + 7, w, s, e, n);
      const ref = brute(lon, lat, pr);
      const r = withinRange({ incidents: { lon, lat }, presences: pr }, { lists: 'both' });
      let agreeIdx = 0;
      for (let i = 0; i < lon.length; i++) {
        expect(Math.abs(r.distanceKm[i]! - ref.dist[i]!)).toBeLessThan(1e-9);
        if (r.nearest[i] === ref.nearest[i]) agreeIdx++;
        else expect(Math.abs(distanceKm(lon[i]!, lat[i]!, pr.lon[r.nearest[i]!]!, pr.lat[r.nearest[i]!]!) - ref.dist[i]!)).toBeLessThan(1e-9);
      }
      expect(agreeIdx).toBe(lon.length); // no exact ties in random data
      expect(Array.from(r.inRange)).toEqual(Array.from(ref.inRange));
      MODES.forEach((_, mi) => {
        const { offsets, incidents } = r.reachedBy[mi]!;
        for (let p = 0; p < pr.lon.length; p++) {
          const got = Array.from(incidents.subarray(offsets[p]!, offsets[p + 1]!)).sort((a, b) => a - b);
          expect(got).toEqual(ref.lists[mi]![p]);
        }
        // Incident-major lists are the transpose.
        const { offsets: io, presences: ip } = r.reaching[mi]!;
        for (let i = 0; i < lon.length; i += 7) {
          const want = ref.lists[mi]!.flatMap((l, p) => (l.includes(i) ? [p] : []));
          expect(Array.from(ip.subarray(io[i]!, io[i + 1]!))).toEqual(want);
          expect(Array.from(presencesReaching(lon[i]!, lat[i]!, pr, MODES[mi]!))).toEqual(want);
        }
        expect(r.countByMode[mi]).toBe(Array.from(ref.inRange).filter((b) => b & (1 << mi)).length);
      });
      expect(r.countAny).toBe(Array.from(ref.inRange).filter((b) => b).length);
    });
  }

  it('points exactly at the reach are in range (inclusive); 1 cm beyond is out', () => {
    const centres = [[179.99, 0.001], [-179.95, -0.3], [20, 5], [0, 89.9]] as const;
    const reach = 50;
    const lon: number[] = [], lat: number[] = [], expectIn: boolean[] = [], centreOf: number[] = [];
    centres.forEach(([cl, ca], c) => {
      for (let b = 0; b < 360; b += 7.5) {
        for (const [dk, inside] of [[0, true], [-1e-5, true], [1e-5, false]] as const) {
          const [x, y] = destination(cl, ca, reach + dk, b);
          lon.push(x); lat.push(y); expectIn.push(inside); centreOf.push(c);
        }
      }
    });
    const pr: PresenceColumns = {
      lon: Float64Array.from(centres, (c) => c[0]), lat: Float64Array.from(centres, (c) => c[1]),
      reachKm: { foot: new Float64Array(4).fill(reach), road: new Float64Array(4), air: new Float64Array(4).fill(Number.NaN) },
    };
    const r = withinRange({ incidents: { lon: Float64Array.from(lon), lat: Float64Array.from(lat) }, presences: pr });
    const { offsets, incidents } = r.reachedBy[0]!;
    expectIn.forEach((want, i) => {
      const c = centreOf[i]!;
      expect(Array.from(incidents.subarray(offsets[c]!, offsets[c + 1]!)).includes(i)).toBe(want);
      // The oracle agrees: the haversine distance of the boundary points is the reach to ~1e-9 km.
      expect(distanceKm(lon[i]!, lat[i]!, centres[c]![0], centres[c]![1]) <= reach + 1e-6).toBe(want);
    });
    // Mode with reach 0 / NaN: unavailable, reaches nothing, even at distance 0.
    expect(r.countByMode[1]).toBe(0);
    expect(r.countByMode[2]).toBe(0);
    const atBase = withinRange({ incidents: { lon: [20], lat: [5] }, presences: pr });
    expect(atBase.inRange[0]).toBe(1);
    expect(atBase.distanceKm[0]).toBe(0);
  });

  it('no presences, bad coordinates', () => {
    const empty: PresenceColumns = { lon: new Float64Array(0), lat: new Float64Array(0), reachKm: { foot: new Float64Array(0), road: new Float64Array(0), air: new Float64Array(0) } };
    const r = withinRange({ incidents: { lon: [1, 2], lat: [3, 4] }, presences: empty });
    expect(Array.from(r.nearest)).toEqual([-1, -1]);
    expect(r.distanceKm[0]).toBeNaN();
    const one: PresenceColumns = { lon: Float64Array.of(1), lat: Float64Array.of(3), reachKm: { foot: Float64Array.of(10), road: Float64Array.of(0), air: Float64Array.of(0) } };
    const r2 = withinRange({ incidents: { lon: [Number.NaN, 1], lat: [3, 3] }, presences: one });
    expect(Array.from(r2.nearest)).toEqual([-1, 0]);
    expect(Array.from(r2.inRange)).toEqual([0, 1]);
    expect(r2.reachedBy[0]!.incidents.length).toBe(1);
  });
});

describe('the mean sphere vs the WGS84 ellipsoid geodesic (geographiclib)', () => {
  // The sphere of mean radius 6,371.0088 km is within 0.5 % of the ellipsoid except for
  // near north–south lines at low latitudes, where the meridian's radius of curvature
  // (6,335.4 km at the equator) makes the sphere up to 0.56 % long. Worst cases:
  // +0.561 % (short N–S at the equator), −0.45 % (near the poles).
  const r = rng(12);
  const pairs = Array.from({ length: 4000 }, () => {
    const lat1 = -85 + 170 * r(), lon1 = -180 + 360 * r();
    const az = 360 * r();
    const [lon2, lat2] = destination(lon1, lat1, 1 + 1499 * r(), az);
    const sphere = distanceKm(lon1, lat1, lon2, lat2);
    const ellipsoid = Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2).s12! / 1000;
    return { lat1, lat2, az, err: sphere / ellipsoid - 1 };
  });
  const worst = (ps: typeof pairs): number => Math.max(...ps.map((p) => Math.abs(p.err)));
  it('everywhere, in every direction: within 0.57 %', () => {
    expect(worst(pairs)).toBeLessThan(0.0057);
  });
  it('within 0.5 % for lines running more east–west than north–south, or staying beyond 15° latitude', () => {
    expect(worst(pairs.filter((p) => Math.abs(Math.cos((p.az * Math.PI) / 180)) < 0.7))).toBeLessThan(0.005);
    expect(worst(pairs.filter((p) => Math.min(Math.abs(p.lat1), Math.abs(p.lat2)) >= 15 && p.lat1 * p.lat2 > 0))).toBeLessThan(0.005);
    // The exception, exactly: 50 km due north from the equator is 0.56 % longer on the sphere.
    const e = distanceKm(20, 0, 20, 0.45) / (Geodesic.WGS84.Inverse(0, 20, 0.45, 20).s12! / 1000) - 1;
    expect(e).toBeGreaterThan(0.0055);
    expect(e).toBeLessThan(0.0057);
  });
  it('and withinRange reports those same spherical distances', () => {
    const modes: MobilityModeId[] = ['foot', 'road', 'air'];
    const pr: PresenceColumns = { lon: Float64Array.of(18.55), lat: Float64Array.of(4.36), reachKm: Object.fromEntries(modes.map((m) => [m, Float64Array.of(100)])) as PresenceColumns['reachKm'] };
    const r = withinRange({ incidents: { lon: [22.4, 16.1], lat: [6.5, 3.0] }, presences: pr });
    const e0 = Geodesic.WGS84.Inverse(4.36, 18.55, 6.5, 22.4).s12! / 1000;
    expect(Math.abs(r.distanceKm[0]! / e0 - 1)).toBeLessThan(0.005);
  });
});
