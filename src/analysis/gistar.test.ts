import { describe, expect, it } from 'vitest';
import { confidenceBins, giStarGrid, giStarIncidents, giStarPoints } from './gistar.ts';
import { pTwoSided } from './normal.ts';
import type { GridSpec } from './grid.ts';
import { cellCentresLonLat } from './grid.ts';
import { rng } from './testing.ts';

describe('Gi* on points: PySAL esda.G_Local worked example', () => {
  it('z-scores match esda (star=True, binary distance band 15) within 1e-4', () => {
    const pts = [[10, 10], [20, 10], [40, 10], [15, 20], [30, 20], [30, 30]];
    const r = giStarPoints({ x: pts.map((q) => q[0]!), y: pts.map((q) => q[1]!), values: [2, 3, 3.2, 5, 8, 7] }, { band: 15 });
    const expected = [-1.3973, -0.2892, 0.6506, -0.2892, 1.2345, 2.0242];
    expected.forEach((e, i) => expect(Math.abs(r.z[i]! - e)).toBeLessThan(1e-4));
    // (15,20)–(30,20) are exactly 15 apart: the band is inclusive, as in libpysal's DistanceBand.
    expect(r.neighbours[3]).toBe(4);
    // Two-sided p of the last location: 2·(1 − Φ(2.0242)) ≈ 0.04295.
    expect(r.p[5]).toBeCloseTo(0.04295, 4);
    expect(r.bin[5]).toBe(2);
    expect(r.bin[0]).toBe(0);
  });
});

/** Brute force: for every cell, loop over every cell and test the centre distance. */
function bruteGrid(values: Float64Array, nx: number, ny: number, cellKm: number, bandKm: number, mask?: Uint8Array): Float64Array {
  let n = 0, s = 0, s2 = 0;
  for (let k = 0; k < nx * ny; k++) if (!mask || mask[k]) { n++; s += values[k]!; s2 += values[k]! ** 2; }
  const mean = s / n, sd = Math.sqrt(s2 / n - mean * mean);
  const z = new Float64Array(nx * ny);
  for (let k = 0; k < nx * ny; k++) {
    if (mask && !mask[k]) { z[k] = Number.NaN; continue; }
    const i = k % nx, j = Math.floor(k / nx);
    let sum = 0, W = 0;
    for (let t = 0; t < nx * ny; t++) {
      if (mask && !mask[t]) continue;
      const d = Math.hypot(((t % nx) - i) * cellKm, (Math.floor(t / nx) - j) * cellKm);
      if (d <= bandKm * (1 + 1e-12)) { sum += values[t]!; W++; }
    }
    const v = (n * W - W * W) / (n - 1);
    z[k] = sd > 0 && v > 0 ? (sum - mean * W) / (sd * Math.sqrt(v)) : 0;
  }
  return z;
}

describe('Gi* on a grid: fast (row prefix sums) = brute force', () => {
  const r = rng(5);
  for (const [nx, ny, cell, band, masked] of [[30, 20, 5, 12, false], [25, 25, 2, 6, true], [40, 13, 1, 3, false], [17, 31, 3, 30, true], [10, 10, 1, 0, false]] as const) {
    it(`${nx}×${ny}, cell ${cell} km, band ${band} km${masked ? ', masked' : ''}`, () => {
      const values = Float64Array.from({ length: nx * ny }, () => (r() < 0.3 ? Math.floor(r() * 20) : 0) + (r() < 0.1 ? 0.5 : 0));
      const mask = masked ? Uint8Array.from({ length: nx * ny }, () => (r() < 0.8 ? 1 : 0)) : undefined;
      const fast = giStarGrid({ values, nx, ny, cellKm: cell, mask }, { bandKm: band });
      const brute = bruteGrid(values, nx, ny, cell, band, mask);
      for (let k = 0; k < nx * ny; k++) {
        if (Number.isNaN(brute[k]!)) { expect(fast.z[k]).toBeNaN(); expect(fast.bin[k]).toBe(0); continue; }
        expect(Math.abs(fast.z[k]! - brute[k]!)).toBeLessThan(1e-9);
        expect(fast.p[k]).toBeCloseTo(pTwoSided(brute[k]!), 12);
      }
    });
  }
  it('grid and point versions agree (band exactly 2 cells, inclusive)', () => {
    const nx = 12, ny = 9;
    const values = Float64Array.from({ length: nx * ny }, (_, k) => (k * 7919) % 13);
    const g = giStarGrid({ values, nx, ny, cellKm: 1 }, { bandKm: 2 });
    const x = Float64Array.from({ length: nx * ny }, (_, k) => k % nx), y = Float64Array.from({ length: nx * ny }, (_, k) => Math.floor(k / nx));
    const p = giStarPoints({ x, y, values }, { band: 2 });
    for (let k = 0; k < nx * ny; k++) expect(g.z[k]).toBeCloseTo(p.z[k]!, 12);
    expect(g.neighbours[5 * nx + 5]).toBe(13); // 1 + 4 + 4 + 4 (offsets (0,±1..2),(±1..2,0),(±1,±1))
  });
  it('constant values: z = 0, nothing significant', () => {
    const g = giStarGrid({ values: new Float64Array(50).fill(3), nx: 10, ny: 5, cellKm: 1 }, { bandKm: 1.5 });
    expect(Array.from(g.z).every((v) => v === 0)).toBe(true);
    expect(Array.from(g.bin).every((v) => v === 0)).toBe(true);
  });
});

describe('confidence bins and FDR', () => {
  it('bins by p thresholds and sign', () => {
    const z = Float64Array.from([3, -2.2, 1.7, 0.5, -3]);
    const p = Float64Array.from(z, (v) => pTwoSided(v));
    expect(Array.from(confidenceBins(z, p, null, false))).toEqual([3, -2, 1, 0, -3]);
  });
  it('Benjamini–Hochberg per level, as computed by hand', () => {
    // m = 5 p-values. α = 0.05: k/m·α = .01 .02 .03 .04 .05; sorted p = .001 .015 .03 .2 .9:
    // largest k with p_(k) ≤ k·α/m is 3 (.03 ≤ .03) → cut .03. α = 0.10: .02 .04 .06 .08 .10 → k = 3 → cut .03.
    // α = 0.01: .002 .004 … → only p_(1) = .001 ≤ .002 → cut .001.
    const p = Float64Array.from([0.03, 0.9, 0.001, 0.2, 0.015]);
    const z = Float64Array.from([1, 1, -1, 1, 1]);
    expect(Array.from(confidenceBins(z, p, null, true))).toEqual([2, 0, -3, 0, 2]);
    expect(Array.from(confidenceBins(z, p, null, false))).toEqual([2, 0, -3, 0, 2]);
    const p2 = Float64Array.from([0.04, 0.045, 0.048, 0.3, 0.6]);
    // Uncorrected all three are 95 %; BH at 0.05 needs p_(3) ≤ .03: none pass; at 0.10: p_(3) = .048 ≤ .06 → 90 %.
    expect(Array.from(confidenceBins(Float64Array.from([1, 1, 1, 1, 1]), p2, null, true))).toEqual([1, 1, 1, 0, 0]);
  });
});

describe('Gi* of incidents on a grid', () => {
  it('aggregates counts per cell and finds the planted cluster', () => {
    const grid: GridSpec = { projection: { lon0: 20, lat0: 5 }, x0: -100, y0: -100, cellKm: 10, nx: 20, ny: 20 };
    const c = cellCentresLonLat(grid);
    const lon: number[] = [], lat: number[] = [];
    const r = rng(8);
    for (let k = 0; k < 400; k++) { const cell = Math.floor(r() * 400); lon.push(c.lon[cell]!); lat.push(c.lat[cell]!); }
    for (let k = 0; k < 60; k++) { lon.push(c.lon[10 * 20 + 10]!); lat.push(c.lat[10 * 20 + 10]!); }
    const g = giStarIncidents({ lon, lat }, { grid, bandKm: 15 });
    expect(g.values.reduce((a, b) => a + b, 0)).toBe(460);
    expect(g.bin[10 * 20 + 10]).toBe(3);
    const ne = giStarIncidents({ lon, lat }, { grid, bandKm: 15, mask: 'nonEmpty' });
    expect(ne.n).toBe(Array.from(g.values).filter((v) => v > 0).length);
  });
});
