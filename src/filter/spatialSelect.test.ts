import { describe, expect, it } from 'vitest';
import * as turf from '@turf/turf';
import { selectInCircle, selectInPolygon, pointInRing, type LonLat } from './spatialSelect.ts';
import { mulberry32, randomIncidents } from '../../tests/fixtures/randomIncidents.ts';
import { emptyIncidentTable, type IncidentTable } from '../domain/incidents.ts';
import { distanceKm } from '../domain/geo.ts';

const t = randomIncidents(20000, 5);
const r = mulberry32(77);

/** A random simple (star-shaped) polygon around (cx, cy). */
function starPolygon(cx: number, cy: number, radius: number, n: number): [number, number][] {
  const angles = Array.from({ length: n }, () => r() * 2 * Math.PI).sort((a, b) => a - b);
  return angles.map((a) => {
    const rr = radius * (0.2 + 0.8 * r());
    return [cx + rr * Math.cos(a), cy + rr * Math.sin(a)];
  });
}
function tableOf(points: LonLat[]): IncidentTable {
  const tab = emptyIncidentTable(points.length);
  points.forEach(([x, y], i) => { tab.lon[i] = x; tab.lat[i] = y; tab.ids[i] = `P${i}`; });
  return tab;
}

describe('selectInPolygon', () => {
  it('equals turf booleanPointInPolygon brute force on random polygons', () => {
    for (let trial = 0; trial < 40; trial++) {
      const ring = starPolygon(22 + r() * 8, 2 + r() * 5, 0.3 + r() * 3, 3 + Math.floor(r() * 30));
      const closed = trial % 2 === 0 ? [...ring, ring[0]!] : ring; // open and closed rings both accepted
      const poly = turf.polygon([[...ring, ring[0]!]]);
      const want: number[] = [];
      for (let i = 0; i < t.length; i++) if (turf.booleanPointInPolygon([t.lon[i]!, t.lat[i]!], poly)) want.push(i);
      expect(Array.from(selectInPolygon(t, closed))).toEqual(want);
    }
  });
  it('counts vertices and points on edges as inside (as turf does with boundaries)', () => {
    const ring: [number, number][] = [[25, 3], [27, 3], [27.5, 5], [26, 6.3], [24.7, 4.1]];
    const pts: LonLat[] = [...ring];
    for (let k = 0; k < ring.length; k++) {
      const a = ring[k]!, b = ring[(k + 1) % ring.length]!;
      pts.push([(a[0] + b[0]) / 2, (a[1] + b[1]) / 2], [a[0] + (b[0] - a[0]) * 0.3, a[1] + (b[1] - a[1]) * 0.3]);
    }
    pts.push([26, 3]); // on the horizontal bottom edge
    pts.push([26, 2.9999], [28, 4], [26, 4.5]); // outside, outside, inside
    const tab = tableOf(pts);
    const got = Array.from(selectInPolygon(tab, ring));
    const poly = turf.polygon([[...ring, ring[0]!]]);
    expect(got).toEqual(pts.flatMap((_, i) => (i === pts.length - 3 || i === pts.length - 2 ? [] : [i])));
    // turf agrees wherever the boundary point is exactly representable (vertices, the point on
    // the horizontal edge, the clear cases). Points computed onto a sloping edge round to a
    // hair (~1e-15°) off it: turf's exact test may call them outside, ours keeps them (1e-10° tolerance).
    const exact = [0, 1, 2, 3, 4, pts.length - 4, pts.length - 3, pts.length - 2, pts.length - 1];
    for (const i of exact) expect(got.includes(i), `point ${i}`).toBe(turf.booleanPointInPolygon([pts[i]![0], pts[i]![1]], poly));
  });
  it('follows the even–odd rule on a self-intersecting ring (pentagram centre is outside)', () => {
    const star: [number, number][] = [0, 2, 4, 1, 3].map((k) => [Math.cos((k * 2 * Math.PI) / 5 + Math.PI / 2), Math.sin((k * 2 * Math.PI) / 5 + Math.PI / 2)]);
    const xs = star.map((p) => p[0]), ys = star.map((p) => p[1]);
    expect(pointInRing(0, 0, xs, ys)).toBe(false);
    expect(pointInRing(0, 0.75, xs, ys)).toBe(true); // inside the top spike
  });
  it('honours candidates, keeps their order, and rejects degenerate rings', () => {
    const ring = starPolygon(26, 5, 3, 12);
    const all = selectInPolygon(t, ring);
    const cand = Uint32Array.from({ length: 5000 }, (_, k) => 19999 - k * 4);
    const got = selectInPolygon(t, ring, cand);
    const allSet = new Set(all);
    expect(Array.from(got)).toEqual(Array.from(cand).filter((i) => allSet.has(i)));
    expect(selectInPolygon(t, [[25, 3], [26, 4]]).length).toBe(0);
  });
});

describe('selectInCircle', () => {
  it('equals turf.distance brute force on random circles', () => {
    for (let trial = 0; trial < 40; trial++) {
      const lon = 21 + r() * 11, lat = 0.5 + r() * 8.5, km = r() < 0.2 ? r() * 5 : r() * 400;
      const want: number[] = [];
      for (let i = 0; i < t.length; i++) if (turf.distance([lon, lat], [t.lon[i]!, t.lat[i]!], { units: 'kilometers' }) <= km) want.push(i);
      expect(Array.from(selectInCircle(t, lon, lat, km))).toEqual(want);
    }
  });
  it('is boundary inclusive: a point at exactly the radius is selected', () => {
    for (let k = 0; k < 200; k++) {
      const i = Math.floor(r() * t.length);
      const lon = 21 + r() * 11, lat = 0.5 + r() * 8.5;
      const km = distanceKm(lon, lat, t.lon[i]!, t.lat[i]!);
      expect(Array.from(selectInCircle(t, lon, lat, km, Uint32Array.of(i)))).toEqual([i]);
    }
  });
  it('works across the antimeridian and near the poles', () => {
    const pts: LonLat[] = [[179.9, 10], [-179.9, 10], [-179.0, 10], [0, 89.9], [180, 89.95], [90, 88]];
    const tab = tableOf(pts);
    const brute = (lon: number, lat: number, km: number): number[] =>
      pts.flatMap((p, i) => (turf.distance([lon, lat], [p[0], p[1]], { units: 'kilometers' }) <= km ? [i] : []));
    for (const [lon, lat, km] of [[179.95, 10, 30], [-179.95, 10, 150], [45, 89.99, 50], [0, 89, 300], [10, 0, 20000]] as const) {
      expect(Array.from(selectInCircle(tab, lon, lat, km))).toEqual(brute(lon, lat, km));
    }
  });
  it('negative or NaN radius selects nothing; candidates restrict', () => {
    expect(selectInCircle(t, 26, 5, -1).length).toBe(0);
    expect(selectInCircle(t, 26, 5, Number.NaN).length).toBe(0);
    const cand = Uint32Array.of(3, 1, 2);
    const got = Array.from(selectInCircle(t, 26, 5, 20000, cand));
    expect(got).toEqual([3, 1, 2]);
  });
});
