import { describe, expect, it } from 'vitest';
import { rng } from '../analysis/testing.ts';
import { EARTH_RADIUS_KM, destination, distanceKm } from '../domain/geo.ts';
import { pointInRing } from '../filter/spatialSelect.ts';
import { areaContains, areaGeometry, convexHull, distanceToAreaKm, prepareArea, prepareGeometry } from './area.ts';
import type { Ring } from './model.ts';

const RAD = Math.PI / 180;
function unit(lon: number, lat: number): [number, number, number] {
  const c = Math.cos(lat * RAD);
  return [c * Math.cos(lon * RAD), c * Math.sin(lon * RAD), Math.sin(lat * RAD)];
}
/** Brute force: distance to the arc sampled at many points (slerp), minimum taken. */
function bruteArc(lon: number, lat: number, a: [number, number], b: [number, number], steps = 4000): number {
  const ua = unit(a[0], a[1]), ub = unit(b[0], b[1]);
  const om = Math.acos(Math.min(1, ua[0] * ub[0] + ua[1] * ub[1] + ua[2] * ub[2]));
  let best = Infinity;
  for (let s = 0; s <= steps; s++) {
    const f = s / steps;
    const wa = om < 1e-12 ? 1 - f : Math.sin((1 - f) * om) / Math.sin(om), wb = om < 1e-12 ? f : Math.sin(f * om) / Math.sin(om);
    const x = wa * ua[0] + wb * ub[0], y = wa * ua[1] + wb * ub[1], z = wa * ua[2] + wb * ub[2];
    const d = distanceKm(lon, lat, Math.atan2(y, x) / RAD, Math.atan2(z, Math.hypot(x, y)) / RAD);
    if (d < best) best = d;
  }
  return best;
}

describe('threat area geometry', () => {
  const square: Ring = [[20, 5], [20.2, 5], [20.2, 5.2], [20, 5.2], [20, 5]];

  it('contains its inside and its boundary, not the outside', () => {
    const a = prepareArea([square]);
    expect(areaContains(a, 20.1, 5.1)).toBe(true);
    expect(areaContains(a, 20.2, 5.1)).toBe(true); // on an edge
    expect(areaContains(a, 20, 5)).toBe(true); // vertex
    expect(areaContains(a, 20.21, 5.1)).toBe(false);
    expect(distanceToAreaKm(a, 20.1, 5.1)).toBe(0);
  });

  it('a point due east of an edge, placed along the perpendicular great circle, is exactly that far', () => {
    const a = prepareArea([square]);
    for (const km of [0.5, 5, 64, 300]) {
      const [lon, lat] = destination(20.2, 5.1, km, 90);
      expect(distanceToAreaKm(a, lon, lat)).toBeCloseTo(km, 6);
    }
  });

  it('matches brute-force sampling of every edge for random polygons and points', () => {
    const r = rng(7);
    for (let trial = 0; trial < 60; trial++) {
      const clon = -170 + 340 * r(), clat = -70 + 140 * r();
      const n = 3 + Math.floor(r() * 5);
      const ring: Ring = [];
      for (let k = 0; k < n; k++) {
        const [x, y] = destination(clon, clat, 5 + 200 * r(), (360 * k) / n + 20 * r());
        ring.push([x, y]);
      }
      if (ring.some((p) => Math.abs(p[0] - clon) > 90)) continue; // skip rings across the antimeridian
      const a = prepareArea([ring]);
      const [plon, plat] = destination(clon, clat, 400 * r(), 360 * r());
      const got = distanceToAreaKm(a, plon, plat);
      if (got === 0) { expect(areaContains(a, plon, plat)).toBe(true); continue; }
      let want = Infinity;
      for (let k = 0; k < n; k++) want = Math.min(want, bruteArc(plon, plat, ring[k]!, ring[(k + 1) % n]!));
      // Sampling step ≤ ~0.15 km on 600 km edges: brute force is an upper bound within that.
      expect(got).toBeLessThanOrEqual(want + 1e-9);
      expect(want - got).toBeLessThan(0.2);
    }
  });

  it('several rings are a union of parts; GeoJSON holes are respected', () => {
    const other: Ring = [[21, 5], [21.1, 5], [21.1, 5.1], [21, 5.1]];
    const a = prepareArea([square, other]);
    expect(areaContains(a, 21.05, 5.05)).toBe(true);
    expect(areaContains(a, 20.6, 5.05)).toBe(false);
    const donut = prepareGeometry({ type: 'Polygon', coordinates: [square, [[20.05, 5.05], [20.15, 5.05], [20.15, 5.15], [20.05, 5.15], [20.05, 5.05]]] });
    expect(areaContains(donut, 20.1, 5.1)).toBe(false);
    expect(areaContains(donut, 20.02, 5.1)).toBe(true);
    const g = areaGeometry([square, other]);
    expect(g.coordinates).toHaveLength(2);
    expect(g.coordinates[1]![0]).toHaveLength(5); // closed
    expect(EARTH_RADIUS_KM).toBeGreaterThan(6000);
  });

  it('the banded inside test gives the map selection\'s answer (pointInRing) everywhere, edges and vertices included', () => {
    const r = rng(8);
    for (let trial = 0; trial < 40; trial++) {
      const n = 3 + Math.floor(r() * 300);
      const ring: Ring = [];
      for (let k = 0; k < n; k++) {
        const rad = 0.2 + r(), ang = (2 * Math.PI * k) / n;
        // Snap some vertices to a coarse lattice so horizontal edges and shared y values occur.
        const x = 10 + rad * Math.cos(ang), y = 10 + rad * Math.sin(ang);
        ring.push(r() < 0.3 ? [Math.round(x * 20) / 20, Math.round(y * 20) / 20] : [x, y]);
      }
      const a = prepareArea([ring]);
      const xs = ring.map((p) => p[0]), ys = ring.map((p) => p[1]);
      const pts: [number, number][] = [];
      for (let k = 0; k < 400; k++) pts.push([8.5 + 3 * r(), 8.5 + 3 * r()]);
      for (let k = 0; k < n; k++) {
        const p = ring[k]!, q = ring[(k + 1) % n]!;
        pts.push(p, [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2], [p[0], q[1]], [Math.round(p[0] * 20) / 20, p[1]]);
      }
      let diff = 0;
      for (const [x, y] of pts) if (areaContains(a, x, y) !== pointInRing(x, y, xs, ys)) diff++;
      expect(diff).toBe(0);
    }
  });

  it('convex hull is closed and counter-clockwise', () => {
    const h = convexHull([[0, 0], [1, 0], [1, 1], [0, 1], [0.5, 0.5], [1, 0]]);
    expect(h).toEqual([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]);
  });
});
