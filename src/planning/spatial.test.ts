import { describe, expect, it } from 'vitest';
import { MODES } from '../analysis/inputs.ts';
import { randomLonLat, rng } from '../analysis/testing.ts';
import { withinRange } from '../analysis/withinRange.ts';
import { destination, distanceKm } from '../domain/geo.ts';
import { coverageCountsBrute } from './sites.ts';
import { DemandIndex } from './spatial.ts';

const sorted = (a: ArrayLike<number>): number[] => Array.from(a).sort((x, y) => x - y);

describe('DemandIndex.query = brute-force range test', () => {
  it('across the antimeridian, near the poles, with huge and zero reaches', () => {
    const r = rng(5);
    const pts = randomLonLat(4000, 11, 150, -89, 230, 89);
    // A few points exactly on ±180 and at the poles.
    pts.lon[0] = 180; pts.lon[1] = -180; pts.lat[2] = 90; pts.lat[3] = -90;
    pts.lon[4] = Number.NaN; pts.lat[5] = 95;
    const idx = new DemandIndex(pts.lon, pts.lat);
    expect(idx.validCount).toBe(3998);
    for (let t = 0; t < 300; t++) {
      const lon = 150 + 80 * r() - (r() < 0.5 ? 360 : 0);
      const lat = t < 20 ? 85 + 5 * r() : -89 + 178 * r();
      const km = t % 50 === 0 ? 0 : t % 37 === 0 ? 15000 : 10 + 2000 * r() ** 3;
      const got = sorted(idx.query(lon, lat, km));
      const want = Array.from(coverageCountsBrute(pts.lon, pts.lat, [{ lon, lat, reachKm: km }])).flatMap((c, i) => (c ? [i] : []));
      expect(got).toEqual(want);
    }
  });

  it('is inclusive at the boundary (point placed at exactly the reach)', () => {
    const lon: number[] = [], lat: number[] = [];
    for (let b = 0; b < 360; b += 7.5) { const [x, y] = destination(179.9, 0.3, 50, b); lon.push(x); lat.push(y); }
    const idx = new DemandIndex(lon, lat);
    expect(idx.query(179.9, 0.3, 50).length).toBe(lon.length);
    expect(idx.query(179.9, 0.3, 49.99).length).toBe(0);
    for (let i = 0; i < lon.length; i++) expect(distanceKm(179.9, 0.3, lon[i]!, lat[i]!)).toBeCloseTo(50, 6);
  });

  it('agrees exactly with withinRange per presence and mode', () => {
    const r = rng(9);
    const inc = randomLonLat(5000, 3, 177, -4, 183, 3);
    const pl = randomLonLat(20, 4, 177, -4, 183, 3);
    const reachKm = { foot: Float64Array.from({ length: 20 }, () => 5 + 20 * r()), road: Float64Array.from({ length: 20 }, () => 30 + 80 * r()), air: Float64Array.from({ length: 20 }, () => (r() < 0.5 ? 0 : 250)) };
    const w = withinRange({ incidents: inc, presences: { ...pl, reachKm } });
    const idx = new DemandIndex(inc.lon, inc.lat);
    MODES.forEach((m, mi) => {
      for (let p = 0; p < 20; p++) {
        const list = w.reachedBy[mi]!;
        expect(sorted(idx.query(pl.lon[p]!, pl.lat[p]!, reachKm[m][p]!))).toEqual(sorted(list.incidents.subarray(list.offsets[p]!, list.offsets[p + 1]!)));
      }
    });
  });
});
