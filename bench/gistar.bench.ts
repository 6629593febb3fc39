/**
 * Getis-Ord Gi*: 100,000-cell grid of incident counts, binary distance band of 3 cells,
 * FDR on — fast path (row prefix sums over the disc of neighbours) against the naive
 * O(n²) Gi* (every cell visits every other cell), extrapolated from a subset of target
 * cells; plus the point version (kdbush radius queries) against naive all pairs, and the
 * emerging-hot-spot cube (Gi* per time step + Mann-Kendall + classification).
 */
import { emergingHotspots } from '../src/analysis/emerging.ts';
import { giStarGrid, giStarPoints } from '../src/analysis/gistar.ts';
import type { GridSpec } from '../src/analysis/grid.ts';
import { cellCentresLonLat } from '../src/analysis/grid.ts';
import { report, timeMs } from './lib.ts';
import { mulberry32 as prng } from '../src/domain/random.ts';


/** The straightforward Gi*: for each target, loop over all cells and test the distance. */
function naiveTargets(values: Float64Array, nx: number, ny: number, cellKm: number, bandKm: number, targets: number): Float64Array {
  const n = nx * ny;
  let s = 0, s2 = 0;
  for (let k = 0; k < n; k++) { s += values[k]!; s2 += values[k]! ** 2; }
  const mean = s / n, sd = Math.sqrt(s2 / n - mean * mean);
  const z = new Float64Array(targets);
  for (let t = 0; t < targets; t++) {
    const k = Math.floor((t * n) / targets);
    const i = k % nx, j = Math.floor(k / nx);
    let sum = 0, W = 0;
    for (let o = 0; o < n; o++) {
      const di = (o % nx) - i, dj = Math.floor(o / nx) - j;
      if (Math.hypot(di * cellKm, dj * cellKm) <= bandKm) { sum += values[o]!; W++; }
    }
    z[t] = (sum - mean * W) / (sd * Math.sqrt((n * W - W * W) / (n - 1)));
  }
  return z;
}

export default async (): Promise<void> => {
  const r = prng(99);
  const nx = 317, ny = 316, n = nx * ny, cellKm = 5, bandKm = 15;
  const values = new Float64Array(n);
  // Counts: a sparse background plus a few dense blobs.
  for (let k = 0; k < n; k++) values[k] = r() < 0.2 ? Math.floor(r() * 3) : 0;
  for (let b = 0; b < 30; b++) {
    const ci = Math.floor(r() * nx), cj = Math.floor(r() * ny);
    for (let q = 0; q < 2000; q++) {
      const i = ci + Math.round((r() - 0.5) * 12), j = cj + Math.round((r() - 0.5) * 12);
      if (i >= 0 && j >= 0 && i < nx && j < ny) values[j * nx + i]!++;
    }
  }
  let res = giStarGrid({ values, nx, ny, cellKm }, { bandKm, fdr: true });
  const ms = timeMs(() => { res = giStarGrid({ values, nx, ny, cellKm }, { bandKm, fdr: true }); }, 5);
  const T = 400;
  const t0 = performance.now();
  const naive = naiveTargets(values, nx, ny, cellKm, bandKm, T);
  const naiveMs = (performance.now() - t0) * (n / T);
  let maxDiff = 0;
  for (let t = 0; t < T; t++) maxDiff = Math.max(maxDiff, Math.abs(naive[t]! - res.z[Math.floor((t * n) / T)]!));
  const hot = res.bin.reduce((a, b) => a + (b === 3 ? 1 : 0), 0);
  report({
    name: `Gi* grid ${nx}×${ny} (${n.toLocaleString('en')} cells), band ${bandKm} km = 3 cells, FDR`, n, ms,
    baseline: 'naive O(n²) Gi* (every cell scans every cell)', baselineMs: naiveMs,
    note: `baseline run for ${T} target cells and extrapolated ×${(n / T).toFixed(1)}; max |z difference| ${maxDiff.toExponential(1)}; ${hot} cells hot at 99 % after FDR`,
  });

  // Points: 20,000 incidents, Gi* of fatalities within 10 km.
  const P = 20_000;
  const x = Float64Array.from({ length: P }, () => 500 * r()), y = Float64Array.from({ length: P }, () => 400 * r());
  const v = Float64Array.from({ length: P }, (_, i) => (x[i]! < 100 && y[i]! < 100 ? 5 : 0) + Math.floor(r() * 4));
  let pr = giStarPoints({ x, y, values: v }, { band: 10 });
  const pms = timeMs(() => { pr = giStarPoints({ x, y, values: v }, { band: 10 }); }, 3);
  const t1 = performance.now();
  let mean = 0, sq = 0;
  for (let i = 0; i < P; i++) { mean += v[i]!; sq += v[i]! ** 2; }
  mean /= P;
  const sd = Math.sqrt(sq / P - mean * mean);
  let pdiff = 0;
  for (let i = 0; i < P; i++) {
    let s = 0, W = 0;
    for (let j = 0; j < P; j++) if ((x[i]! - x[j]!) ** 2 + (y[i]! - y[j]!) ** 2 <= 100) { s += v[j]!; W++; }
    pdiff = Math.max(pdiff, Math.abs((s - mean * W) / (sd * Math.sqrt((P * W - W * W) / (P - 1))) - pr.z[i]!));
  }
  const pNaive = performance.now() - t1;
  report({
    name: `Gi* points (${P.toLocaleString('en')} incidents, band 10 km)`, n: P, ms: pms,
    baseline: 'naive all-pairs Gi*', baselineMs: pNaive,
    note: `full baseline run; max |z difference| ${pdiff.toExponential(1)}`,
  });

  // Emerging hot spots: 200,000 dated incidents, 64×64 grid, 52 weekly bins.
  const E = 200_000;
  const grid: GridSpec = { projection: { lon0: 21, lat0: 6 }, x0: -320, y0: -320, cellKm: 10, nx: 64, ny: 64 };
  const centres = cellCentresLonLat(grid);
  const lon = new Float64Array(E), lat = new Float64Array(E), day = new Int32Array(E);
  const end = 19_722; // 2023-12-31
  for (let i = 0; i < E; i++) {
    const cell = r() < 0.5 ? Math.floor(r() * 64 * 64) : 20 * 64 + 20 + Math.floor(r() * 5) * 64 + Math.floor(r() * 5);
    lon[i] = centres.lon[cell]!; lat[i] = centres.lat[cell]!;
    day[i] = end - Math.floor(r() * 364);
  }
  let em = emergingHotspots({ lon, lat, day }, { grid, bin: 'week', endDay: end, startDay: end - 363 });
  const ems = timeMs(() => { em = emergingHotspots({ lon, lat, day }, { grid, bin: 'week', endDay: end, startDay: end - 363 }); }, 3);
  // Baseline: naive O(n²) Gi* of one time step over the analysed locations, ×52 steps.
  const L = em.locations.length, T2 = em.binStartDay.length;
  const step = Float64Array.from({ length: L }, (_, l) => em.counts[l * T2 + T2 - 1]!);
  const t2 = performance.now();
  let m1 = 0, m2 = 0;
  for (let l = 0; l < L; l++) { m1 += step[l]!; m2 += step[l]! ** 2; }
  m1 /= L;
  const sdE = Math.sqrt(m2 / L - m1 * m1);
  let ediff = 0;
  for (let a = 0; a < L; a++) {
    const ka = em.locations[a]!;
    let s = 0, W = 0;
    for (let b = 0; b < L; b++) {
      const kb = em.locations[b]!;
      if (Math.hypot((ka % 64) - (kb % 64), Math.floor(ka / 64) - Math.floor(kb / 64)) * 10 <= 15) { s += step[b]!; W++; }
    }
    ediff = Math.max(ediff, Math.abs((s - m1 * W) / (sdE * Math.sqrt((L * W - W * W) / (L - 1))) - em.z[a * T2 + T2 - 1]!));
  }
  const eNaive = (performance.now() - t2) * T2;
  report({
    name: 'emerging hot spots: 200k incidents, 64×64 cells × 52 weekly bins (Gi* per bin + Mann-Kendall + classes)', n: E, ms: ems,
    baseline: 'naive O(n²) Gi* per time step (cube building, trend and classes not counted)', baselineMs: eNaive,
    note: `baseline run for the last time step and extrapolated ×${T2}; max |z difference| ${ediff.toExponential(1)}; locations ${L}, persistent hot ${em.patternCounts[4]}, no pattern ${em.patternCounts[0]}`,
  });
};
