import { describe, expect, it } from 'vitest';
import type { GridSpec } from './grid.ts';
import { arcgisBandwidthKm, kde, weightedMedian, type KdeKernel } from './kde.ts';
import { projectLaea } from './projection.ts';
import { randomLonLat, rng } from './testing.ts';

/** Oracle: for every cell, sum the kernel over every point (no index, no binning). */
function directSum(grid: GridSpec, lon: Float64Array, lat: Float64Array, w: Float64Array | null, kernel: KdeKernel, h: number, cutoffKm = Infinity): Float64Array {
  const { x, y } = projectLaea(grid.projection, lon, lat);
  const out = new Float64Array(grid.nx * grid.ny);
  for (let j = 0; j < grid.ny; j++) {
    for (let i = 0; i < grid.nx; i++) {
      const cx = grid.x0 + (i + 0.5) * grid.cellKm, cy = grid.y0 + (j + 0.5) * grid.cellKm;
      let s = 0;
      for (let p = 0; p < x.length; p++) {
        const r2 = (cx - x[p]!) ** 2 + (cy - y[p]!) ** 2;
        if (r2 > cutoffKm * cutoffKm) continue;
        const k = kernel === 'gaussian'
          ? Math.exp(-r2 / (2 * h * h)) / (2 * Math.PI * h * h)
          : r2 < h * h ? (3 / (Math.PI * h * h)) * (1 - r2 / (h * h)) ** 2 : 0;
        s += (w ? w[p]! : 1) * k;
      }
      out[j * grid.nx + i] = 100 * s;
    }
  }
  return out;
}

function maxRelErr(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (d === 0) continue;
    m = Math.max(m, d / Math.abs(b[i]!));
  }
  return m;
}
function maxAbsErr(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

// A clustered random sample around Bangui-ish coordinates plus uniform noise, with weights.
function sample(n: number, seed: number): { lon: Float64Array; lat: Float64Array; w: Float64Array } {
  const r = rng(seed);
  const u = randomLonLat(n, seed + 1, 17, 3, 21, 7);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (i % 3 === 0) { u.lon[i] = 18.5 + 0.3 * (r() - 0.5); u.lat[i] = 4.4 + 0.3 * (r() - 0.5); }
    w[i] = 1 + Math.floor(r() * 5);
  }
  return { ...u, w };
}

const GRID: GridSpec = { projection: { lon0: 19, lat0: 5 }, x0: -250, y0: -250, cellKm: 8, nx: 64, ny: 60 };

describe('kde exact path = direct per-cell kernel sum (relative error ≤ 1e-9)', () => {
  const { lon, lat, w } = sample(400, 7);
  it('quartic, weighted (no truncation: the kernel has compact support)', () => {
    const r = kde({ lon, lat, weight: w }, { kernel: 'quartic', method: 'exact', bandwidthKm: 40, grid: GRID });
    const oracle = directSum(GRID, lon, lat, w, 'quartic', 40);
    expect(maxRelErr(r.density, oracle)).toBeLessThan(1e-9);
    expect(r.totalWeight).toBe(w.reduce((a, b) => a + b, 0));
  });
  it('gaussian: equals the oracle with the same 6σ cutoff, and the full sum within the stated bound', () => {
    const h = 20;
    const r = kde({ lon, lat, weight: w }, { kernel: 'gaussian', method: 'exact', bandwidthKm: h, grid: GRID });
    expect(maxRelErr(r.density, directSum(GRID, lon, lat, w, 'gaussian', h, 6 * h))).toBeLessThan(1e-9);
    const full = directSum(GRID, lon, lat, w, 'gaussian', h);
    const W = r.totalWeight, K0 = 100 / (2 * Math.PI * h * h);
    expect(maxAbsErr(r.density, full)).toBeLessThanOrEqual(W * K0 * Math.exp(-18) * (1 + 1e-9));
  });
});

describe('kde binned path: within the stated bound of the exact direct sum', () => {
  const { lon, lat, w } = sample(3000, 11);
  it('gaussian: |binned − exact| ≤ W·K(0)·((δ/σ)²/4 + e^(−c²/2))', () => {
    for (const h of [16, 32, 60]) {
      const r = kde({ lon, lat, weight: w }, { kernel: 'gaussian', bandwidthKm: h, grid: GRID });
      const full = directSum(GRID, lon, lat, w, 'gaussian', h);
      const W = r.totalWeight, K0 = 100 / (2 * Math.PI * h * h);
      const bound = W * K0 * ((GRID.cellKm / h) ** 2 / 4 + Math.exp(-18));
      const err = maxAbsErr(r.density, full);
      expect(err).toBeLessThanOrEqual(bound);
      // Observed error is typically well under the worst case: keep a record of it.
      expect(err / bound).toBeLessThan(0.5);
    }
  });
  it('quartic: |binned − exact| ≤ 2·W·K(0)·(δ/h)²', () => {
    for (const h of [30, 60]) {
      const r = kde({ lon, lat, weight: w }, { kernel: 'quartic', bandwidthKm: h, grid: GRID });
      const full = directSum(GRID, lon, lat, w, 'quartic', h);
      const W = r.totalWeight, K0 = 300 / (Math.PI * h * h);
      expect(maxAbsErr(r.density, full)).toBeLessThanOrEqual(2 * W * K0 * (GRID.cellKm / h) ** 2);
    }
  });
  it('points outside a user grid still contribute to cells within reach', () => {
    const small: GridSpec = { ...GRID, x0: -40, y0: -40, nx: 10, ny: 10 };
    const r = kde({ lon, lat }, { kernel: 'gaussian', bandwidthKm: 30, grid: small });
    const full = directSum(small, lon, lat, null, 'gaussian', 30);
    expect(maxAbsErr(r.density, full)).toBeLessThanOrEqual(r.totalWeight * (100 / (2 * Math.PI * 900)) * ((8 / 30) ** 2 / 4 + Math.exp(-18)));
  });
  it('mass: Σ density × cell area / 100 = total weight on a padded default grid', () => {
    for (const kernel of ['gaussian', 'quartic'] as const) {
      const r = kde({ lon, lat, weight: w }, { kernel, bandwidthKm: 25, maxCells: 256 });
      const a = r.grid.cellKm ** 2 / 100;
      const mass = r.density.reduce((s, v) => s + v * a, 0);
      expect(Math.abs(mass - r.totalWeight) / r.totalWeight).toBeLessThan(kernel === 'gaussian' ? 1e-6 : 2e-2);
    }
  });
});

describe('default bandwidth (ArcGIS Pro rule)', () => {
  it('weighted median', () => {
    expect(weightedMedian(Float64Array.from([5, 1, 3]), null)).toBe(3);
    expect(weightedMedian(Float64Array.from([1, 2, 3, 4]), null)).toBe(2);
    expect(weightedMedian(Float64Array.from([1, 2, 3]), Float64Array.from([1, 1, 5]))).toBe(3);
    expect(weightedMedian(Float64Array.from([7, 7, 7, 1]), null)).toBe(7);
    const r = rng(3);
    const v = Float64Array.from({ length: 1001 }, () => r());
    const sorted = Float64Array.from(v).sort();
    expect(weightedMedian(v, null)).toBe(sorted[500]);
  });
  it('matches a hand computation', () => {
    // Square of side 2 centred at the origin plus the centre point: mean centre (0, 0).
    const x = [-1, 1, -1, 1, 0], y = [-1, -1, 1, 1, 0];
    // SD = sqrt(4·2 / 5) = 1.264911; Dm = median(√2,√2,√2,√2,0) = √2 → √(1/ln2)·√2 = 1.698644;
    // h = 0.9 · 1.264911 · 5^−0.2 = 0.826797…
    expect(arcgisBandwidthKm(x, y)).toBeCloseTo(0.9 * Math.sqrt(8 / 5) * Math.pow(5, -0.2), 12);
    // Weighted: the centre point weighs 5 → n = 9, SD = sqrt(8/9), Dm = 0 (weight 5 ≥ 9/2).
    expect(arcgisBandwidthKm(x, y, [1, 1, 1, 1, 5])).toBe(0);
  });
  it('is used when no bandwidth is given, with a fallback for degenerate data', () => {
    const { lon, lat } = sample(500, 5);
    const r = kde({ lon, lat }, { maxCells: 64 });
    expect(r.bandwidthRule).toBe('arcgis');
    expect(r.bandwidthKm).toBeGreaterThan(1);
    const same = kde({ lon: [20, 20], lat: [5, 5] }, { maxCells: 16 });
    expect(same.bandwidthRule).toBe('fallback');
    expect(same.bandwidthKm).toBe(1);
  });
});
