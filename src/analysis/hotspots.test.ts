import { describe, expect, it } from 'vitest';
import { THREAT_TYPE_CODE } from '../domain/taxonomy.ts';
import type { GridSpec } from './grid.ts';
import { cellCentresLonLat } from './grid.ts';
import { densityThreshold, hotspots } from './hotspots.ts';
import { kde } from './kde.ts';
import { unprojectPointLaea } from './projection.ts';
import { randomLonLat, rng } from './testing.ts';

const GRID: GridSpec = { projection: { lon0: 20, lat0: 5 }, x0: -50, y0: -50, cellKm: 10, nx: 10, ny: 10 };

/** A hand-made surface: a 2×2 block (density 5) and a diagonal pair (density 9) touching by a corner, plus a lone cell. */
function surface(): Float64Array {
  const d = new Float64Array(100).fill(0.1);
  for (const [i, j] of [[1, 1], [2, 1], [1, 2], [2, 2]]) d[j! * 10 + i!] = 5;
  d[6 * 10 + 6] = 9; d[7 * 10 + 7] = 9; // corner-connected: one component under 8-connectivity
  d[9 * 10 + 0] = 4;
  return d;
}

describe('hotspots', () => {
  it('labels 8-connected components above an absolute threshold and ranks them by mass', () => {
    const density = surface();
    const centres = cellCentresLonLat(GRID);
    // Incidents: 3 in the block (two killings, one abduction), 2 in the diagonal pair, 1 outside.
    const at = [11, 12, 21, 66, 77, 55];
    const lon = at.map((k) => centres.lon[k]!), lat = at.map((k) => centres.lat[k]!);
    const threatType = [THREAT_TYPE_CODE.killing, THREAT_TYPE_CODE.abduction, THREAT_TYPE_CODE.killing, THREAT_TYPE_CODE.looting, THREAT_TYPE_CODE.looting, 0];
    const fatalities = [2, 0, 1, 4, 0, 9];
    const r = hotspots({ kde: { grid: GRID, density }, incidents: { lon, lat, threatType, fatalities } }, { threshold: { kind: 'absolute', value: 3 } });
    expect(r.hotspots).toHaveLength(3);
    const [a, b, c] = r.hotspots;
    // Masses (cell area 100 km² → mass = density): block 20, pair 18, lone 4.
    expect(a!.mass).toBeCloseTo(20, 12);
    expect(a!.cells).toBe(4);
    expect(a!.areaKm2).toBe(400);
    expect(a!.incidents).toBe(3);
    expect(a!.fatalities).toBe(3);
    expect(a!.topThreatTypes).toEqual([{ code: THREAT_TYPE_CODE.killing, id: 'killing', count: 2 }, { code: THREAT_TYPE_CODE.abduction, id: 'abduction', count: 1 }]);
    expect(b!.mass).toBeCloseTo(18, 12);
    expect(b!.cells).toBe(2);
    expect(b!.peakDensity).toBe(9);
    expect(b!.incidents).toBe(2);
    expect(b!.topThreatTypes[0]).toEqual({ code: THREAT_TYPE_CODE.looting, id: 'looting', count: 2 });
    expect(c!.cells).toBe(1);
    expect(c!.incidents).toBe(0);
    // Centroid of the symmetric 2×2 block is the block's middle: between cells 11, 12, 21, 22.
    const [midLon, midLat] = unprojectPointLaea(GRID.projection, -30, -30);
    expect(a!.centroidLon).toBeCloseTo(midLon, 9);
    expect(a!.centroidLat).toBeCloseTo(midLat, 9);
    expect(r.label[11]).toBe(0);
    expect(r.label[77]).toBe(1);
    expect(r.label[90]).toBe(2);
    expect(r.label[55]).toBe(-1);
    expect(r.hotspotMass).toBeCloseTo(42, 12);
    // minCells and maxHotspots.
    expect(hotspots({ kde: { grid: GRID, density } }, { threshold: { kind: 'absolute', value: 3 }, minCells: 2 }).hotspots).toHaveLength(2);
    expect(hotspots({ kde: { grid: GRID, density } }, { threshold: { kind: 'absolute', value: 3 }, maxHotspots: 1 }).hotspots).toHaveLength(1);
  });

  it('threshold rules', () => {
    const d = Float64Array.from([0, 1, 2, 3, 4]);
    // HDR 50 %: total 10 → 4 + 3 = 7 ≥ 5 → threshold 3.
    expect(densityThreshold(d, { kind: 'hdr', mass: 0.5 })).toBe(3);
    // All the mass is in the non-zero cells: the zero cell is not needed.
    expect(densityThreshold(d, { kind: 'hdr', mass: 1 })).toBe(1);
    // Non-zero cells 1..4: mean 2.5, population SD √1.25.
    expect(densityThreshold(d, { kind: 'meanSd', k: 1 })).toBeCloseTo(2.5 + Math.sqrt(1.25), 12);
    expect(densityThreshold(d, { kind: 'percentile', p: 1 })).toBe(4);
    expect(densityThreshold(d, { kind: 'percentile', p: 0 })).toBe(1);
    expect(densityThreshold(new Float64Array(4), { kind: 'hdr', mass: 0.5 })).toBe(Infinity);
  });

  it('on a KDE surface: components equal a brute-force flood fill and hold the HDR mass', () => {
    const r0 = rng(4);
    const { lon, lat } = randomLonLat(2000, 9, 18, 3, 22, 7);
    for (let i = 0; i < 1500; i++) { lon[i] = (i % 2 ? 19 : 21) + 0.2 * (r0() - 0.5); lat[i] = (i % 3 ? 4 : 6) + 0.2 * (r0() - 0.5); }
    const k = kde({ lon, lat }, { bandwidthKm: 12, maxCells: 96 });
    const r = hotspots({ kde: k, incidents: { lon, lat } });
    expect(r.hotspotMass / r.totalMass).toBeGreaterThanOrEqual(0.5);
    expect(r.hotspots.length).toBeGreaterThanOrEqual(4);
    // Brute force: two hot cells are in one hotspot iff they are linked by a chain of hot 8-neighbours.
    const { nx, ny } = k.grid;
    const hot = (k2: number): boolean => k.density[k2]! >= r.threshold;
    const seen = new Int32Array(nx * ny).fill(-1);
    let comps = 0;
    for (let s = 0; s < nx * ny; s++) {
      if (!hot(s) || seen[s]! >= 0) continue;
      const stack = [s];
      seen[s] = comps;
      while (stack.length) {
        const c = stack.pop()!;
        for (let t = 0; t < nx * ny; t++) {
          if (seen[t]! >= 0 || !hot(t)) continue;
          const di = Math.abs((t % nx) - (c % nx)), dj = Math.abs(Math.floor(t / nx) - Math.floor(c / nx));
          if (di <= 1 && dj <= 1) { seen[t] = comps; stack.push(t); }
        }
      }
      comps++;
    }
    expect(r.hotspots.length).toBe(comps);
    // Same partition: a bijection between labels.
    const map = new Map<number, number>();
    for (let c = 0; c < nx * ny; c++) {
      if (!hot(c)) { expect(r.label[c]).toBe(-1); continue; }
      const m = map.get(seen[c]!);
      if (m === undefined) map.set(seen[c]!, r.label[c]!);
      else expect(r.label[c]).toBe(m);
    }
    expect(new Set(map.values()).size).toBe(comps);
    // Ranked by mass, and the incidents counted are the ones in hot cells.
    for (let i = 1; i < r.hotspots.length; i++) expect(r.hotspots[i]!.mass).toBeLessThanOrEqual(r.hotspots[i - 1]!.mass);
  });
});
