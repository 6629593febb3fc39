import { describe, expect, it } from 'vitest';
import { aorMembership, type AorGeometry } from './aor.ts';
import { rng } from './testing.ts';

/** Oracle: plain even–odd ray casting over every edge of every ring, no index. */
function naiveIn(geom: AorGeometry['geometry'], x: number, y: number): boolean {
  const polys = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
  return polys.some((rings) => {
    let inside = false;
    for (const ring of rings) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [x1, y1] = ring[i]! as [number, number], [x2, y2] = ring[i + 1]! as [number, number];
        if ((y1 > y) !== (y2 > y) && x < x1 + ((y - y1) * (x2 - x1)) / (y2 - y1)) inside = !inside;
      }
    }
    return inside;
  });
}

const square = (x0: number, y0: number, s: number): GeoJSON.Position[] => [[x0, y0], [x0 + s, y0], [x0 + s, y0 + s], [x0, y0 + s], [x0, y0]];

/** A jagged star-shaped ring with many vertices. */
function star(cx: number, cy: number, r: number, n: number, seed: number): GeoJSON.Position[] {
  const rr = rng(seed);
  const ring: GeoJSON.Position[] = [];
  for (let i = 0; i < n; i++) { const a = (2 * Math.PI * i) / n; const d = r * (0.5 + 0.5 * rr()); ring.push([cx + d * Math.cos(a), cy + d * Math.sin(a)]); }
  ring.push(ring[0]!);
  return ring;
}

describe('AOR membership', () => {
  const aors: AorGeometry[] = [
    // Polygon with a hole.
    { geometry: { type: 'Polygon', coordinates: [square(16, 2, 4), square(17, 3, 1)] } },
    // MultiPolygon: two jagged parts, one with a hole.
    { geometry: { type: 'MultiPolygon', coordinates: [[star(23, 5, 2, 500, 1)], [star(26, 8, 1.5, 300, 2), star(26, 8, 0.4, 40, 3).reverse()]] } },
    // Overlaps the first AOR: the first wins where they overlap.
    { geometry: { type: 'Polygon', coordinates: [square(19, 4, 3)] } },
  ];
  it('equals a naive even–odd test on random points (holes, multipolygons, first AOR wins)', () => {
    const r = rng(9);
    const n = 50000;
    const lon = Float64Array.from({ length: n }, () => 15 + 13 * r());
    const lat = Float64Array.from({ length: n }, () => 1 + 9 * r());
    const got = aorMembership({ lon, lat }, aors);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) {
      const want = aors.findIndex((a) => naiveIn(a.geometry, lon[i]!, lat[i]!));
      expect(got[i]).toBe(want);
      counts[want + 1]!++;
    }
    expect(counts.every((c) => c > 100)).toBe(true); // every AOR and "none" exercised
    expect(aorMembership({ lon: [17.5], lat: [3.5] }, aors)[0]).toBe(-1); // in the hole
    expect(aorMembership({ lon: [19.5], lat: [4.5] }, aors)[0]).toBe(0); // overlap → first
  });
  it('points on a shared border belong to exactly one AOR (no double count, no gap)', () => {
    // 2×2 tiling of unit squares.
    const tiles: AorGeometry[] = [square(0, 0, 1), square(1, 0, 1), square(0, 1, 1), square(1, 1, 1)].map((ring) => ({ geometry: { type: 'Polygon', coordinates: [ring] } }));
    const pts: [number, number][] = [[1, 0.5], [0.5, 1], [1, 1], [1.5, 1], [1, 1.5], [0.25, 1], [1, 0.75], [0.5, 0.5], [1 + 1e-15, 1 - 1e-15]];
    const got = aorMembership({ lon: pts.map((p) => p[0]), lat: pts.map((p) => p[1]) }, tiles);
    for (const v of got) expect(v).toBeGreaterThanOrEqual(0);
    // Each interior-border point is claimed by exactly one tile under the naive rule too.
    pts.forEach(([x, y], i) => {
      const owners = tiles.filter((t) => naiveIn(t.geometry, x, y)).length;
      expect(owners).toBe(1);
      expect(naiveIn(tiles[got[i]!]!.geometry, x, y)).toBe(true);
    });
  });
  it('no AORs, NaN points, unclosed rings', () => {
    expect(Array.from(aorMembership({ lon: [1], lat: [1] }, []))).toEqual([-1]);
    const open: AorGeometry = { geometry: { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2]]] } };
    expect(Array.from(aorMembership({ lon: [1, Number.NaN, 3], lat: [1, 1, 1] }, [open]))).toEqual([0, -1, -1]);
  });
});
