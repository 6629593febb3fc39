/**
 * Kernel density estimation of incidents on a square grid (grid.ts) in the local
 * equal-area projection (projection.ts).
 *
 * Owns: the kernels, the default bandwidth rule and the two evaluation paths.
 *
 * Output unit: incidents per 100 km² (or weight units per 100 km² when weights such as
 * fatalities are given), evaluated at cell centres. Each kernel K integrates to 1 over
 * the plane in km², so Σ density × cellArea / 100 over an unbounded grid equals the total
 * weight; ×100 makes typical values readable (a cell value of 2 = two incidents per
 * 10 km × 10 km).
 *
 * Kernels, bandwidth h in km:
 *   gaussian  K(r) = exp(−r²/2h²) / (2πh²)            h is the standard deviation σ
 *   quartic   K(r) = 3/(πh²) · (1 − r²/h²)²,  r < h      h is the support (search) radius
 *   (the same h gives a narrower quartic: its per-axis SD is h/√8.)
 *
 * Default bandwidth — the ArcGIS Pro Kernel Density rule (a spatial variant of Silverman's
 * rule of thumb that resists spatial outliers), computed in projected km:
 *   h = 0.9 · min(SD, √(1/ln 2) · Dm) · n^(−0.2)
 *   SD = weighted standard distance about the weighted mean centre,
 *   Dm = weighted median distance to the weighted mean centre,
 *   n  = Σ weights (= number of points when unweighted).
 * It is used as h for either kernel. Degenerate data (all points at one place) falls
 * back to h = 1 km, reported as bandwidthRule 'fallback'.
 *
 * Paths:
 *   exact   direct sum of the kernel over the cells within the cutoff radius of each
 *           point. Quartic: exact (the kernel is zero beyond h). Gaussian: truncated at
 *           `gaussianCutoff`·σ (default 6σ); the dropped tail changes any cell by at most
 *           W·K(0)·e^(−c²/2) (c = cutoff; 1.5e-8·W·K(0) at 6σ), W = total weight.
 *   binned  linear binning of the points to the cell-centre lattice (each point's weight
 *           split bilinearly over the 4 surrounding centres), then convolution with the
 *           kernel sampled at lattice offsets: separable (row pass, column pass) for the
 *           Gaussian, a disc stencil for the quartic. Because the convolution uses the
 *           exact kernel values at lattice offsets, the only error besides truncation is
 *           that of bilinear interpolation of the kernel, bounded per point by
 *           δ²/8 · (max|∂²K/∂x²| + max|∂²K/∂y²|). For the Gaussian that is
 *           |binned − exact| ≤ W·K(0)·(δ/σ)²/4  (+ the truncation term, square window of
 *           half-width c·σ), δ = cell size. With δ ≤ σ/4: ≤ 1.6 % of W·K(0), and typically
 *           far less (kde.test.ts checks the bound and reports the observed error).
 *           For the quartic (max |∂²K/∂x²| = 8·K(0)/h², reached at the support edge) the
 *           same argument gives ≤ 2·W·K(0)·(δ/h)², tested likewise.
 * Points outside the grid still contribute to cells within the kernel's reach: the
 * binned path works on a grid padded by the kernel radius and crops.
 */
import type { GridSpec } from './grid.ts';
import { gridAround } from './grid.ts';
import type { Job } from './job.ts';
import { runSync } from './job.ts';
import type { Laea } from './projection.ts';
import { dataCentre, projectLaea } from './projection.ts';

export type KdeKernel = 'gaussian' | 'quartic';
export type KdeMethod = 'binned' | 'exact';

export interface KdeInput {
  lon: ArrayLike<number>;
  lat: ArrayLike<number>;
  /** Optional per-incident weight (fatalities, severity score); non-positive weights drop the point. */
  weight?: ArrayLike<number>;
}

export interface KdeOptions {
  kernel?: KdeKernel;
  method?: KdeMethod;
  /** Kernel bandwidth h in km (σ for gaussian, radius for quartic). Default: ArcGIS Pro rule. */
  bandwidthKm?: number;
  /** Grid to evaluate on. Default: the points' extent padded by the kernel radius. */
  grid?: GridSpec;
  /** For the default grid: cell size km (default: longer side / maxCells). */
  cellKm?: number;
  /** For the default grid: cells along the longer side (default 512). */
  maxCells?: number;
  /** For the default grid: projection centre (default: the data centre). */
  projection?: Laea;
  /** Gaussian truncation radius in σ (default 6). */
  gaussianCutoff?: number;
}

export interface KdeResult {
  grid: GridSpec;
  /** Density at cell centres, per 100 km², length nx·ny (grid.ts order). */
  density: Float64Array;
  kernel: KdeKernel;
  method: KdeMethod;
  bandwidthKm: number;
  bandwidthRule: 'given' | 'arcgis' | 'fallback';
  /** Radius beyond which a point contributes nothing, km. */
  supportKm: number;
  /** Σ weights of the points used. */
  totalWeight: number;
  /** Points used (finite coordinates, weight > 0). */
  points: number;
}

const CHUNK = 65536;

/** Weighted median (smallest v with cumulative weight ≥ half the total), by quickselect. O(n) expected. */
export function weightedMedian(values: Float64Array, weights: Float64Array | null): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  if (!weights) return lowerMedianInPlace(Float64Array.from(values));
  const v = Float64Array.from(values);
  const w = weights ? Float64Array.from(weights) : new Float64Array(n).fill(1);
  let total = 0;
  for (let i = 0; i < n; i++) total += w[i]!;
  let target = total / 2; // weight still needed from the current range's low side
  let lo = 0, hi = n - 1;
  let seed = 0x9e3779b9;
  for (;;) {
    if (lo === hi) return v[lo]!;
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    const pivot = v[lo + (seed % (hi - lo + 1))]!;
    // Three-way partition of [lo, hi]: < pivot | == pivot | > pivot.
    let lt = lo, i = lo, gt = hi;
    while (i <= gt) {
      const x = v[i]!;
      if (x < pivot) { swap(v, w, lt++, i++); } else if (x > pivot) { swap(v, w, i, gt--); } else i++;
    }
    let wLess = 0, wEq = 0;
    for (let k = lo; k < lt; k++) wLess += w[k]!;
    for (let k = lt; k <= gt; k++) wEq += w[k]!;
    if (wLess >= target && lt > lo) { hi = lt - 1; continue; }
    if (wLess + wEq >= target || gt >= hi) return pivot;
    target -= wLess + wEq;
    lo = gt + 1;
  }
}
/** Unweighted case: the ⌈n/2⌉-th smallest value (what the weighted rule gives with unit weights). Reorders `v`. */
function lowerMedianInPlace(v: Float64Array): number {
  const k = Math.ceil(v.length / 2) - 1;
  let lo = 0, hi = v.length - 1;
  while (hi > lo) {
    // Median-of-three pivot, Hoare partition.
    const mid = (lo + hi) >>> 1;
    const a = v[lo]!, b = v[mid]!, c = v[hi]!;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
    let i = lo, j = hi;
    while (i <= j) {
      while (v[i]! < pivot) i++;
      while (v[j]! > pivot) j--;
      if (i <= j) { const t = v[i]!; v[i] = v[j]!; v[j] = t; i++; j--; }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return v[k]!;
  }
  return v[k]!;
}
function swap(v: Float64Array, w: Float64Array, a: number, b: number): void {
  const tv = v[a]!; v[a] = v[b]!; v[b] = tv;
  const tw = w[a]!; w[a] = w[b]!; w[b] = tw;
}

/**
 * ArcGIS Pro default bandwidth (km) from projected points. Returns 0 for degenerate input
 * (the caller decides the fallback).
 */
export function arcgisBandwidthKm(x: ArrayLike<number>, y: ArrayLike<number>, weight?: ArrayLike<number>): number {
  let sw = 0, sx = 0, sy = 0, m = 0;
  for (let i = 0; i < x.length; i++) {
    const w = weight ? weight[i]! : 1;
    if (!(w > 0) || !Number.isFinite(x[i]!) || !Number.isFinite(y[i]!)) continue;
    sw += w; sx += w * x[i]!; sy += w * y[i]!; m++;
  }
  if (m < 2 || sw <= 0) return 0;
  const mx = sx / sw, my = sy / sw;
  // Squared distances: the median of d is √(median of d²), which saves a square root per point.
  const d2 = new Float64Array(m);
  const dw = weight ? new Float64Array(m) : null;
  let ss = 0, k = 0;
  for (let i = 0; i < x.length; i++) {
    const w = weight ? weight[i]! : 1;
    if (!(w > 0) || !Number.isFinite(x[i]!) || !Number.isFinite(y[i]!)) continue;
    const dx = x[i]! - mx, dy = y[i]! - my;
    const q = dx * dx + dy * dy;
    ss += w * q;
    d2[k] = q;
    if (dw) dw[k] = w;
    k++;
  }
  const sd = Math.sqrt(ss / sw);
  const dm = Math.sqrt(dw ? weightedMedian(d2, dw) : lowerMedianInPlace(d2));
  return 0.9 * Math.min(sd, Math.sqrt(1 / Math.LN2) * dm) * Math.pow(sw, -0.2);
}

/** Kernel value at squared distance r2 (km²), per km². */
function kernelAt(kernel: KdeKernel, h: number, r2: number): number {
  if (kernel === 'gaussian') return Math.exp(-r2 / (2 * h * h)) / (2 * Math.PI * h * h);
  const t = 1 - r2 / (h * h);
  return t > 0 ? (3 / (Math.PI * h * h)) * t * t : 0;
}

export function kde(input: KdeInput, options: KdeOptions = {}): KdeResult {
  return runSync(kdeJob(input, options));
}

export function* kdeJob(input: KdeInput, options: KdeOptions = {}): Job<KdeResult> {
  const kernel = options.kernel ?? 'gaussian';
  const method = options.method ?? 'binned';
  const cutoff = options.gaussianCutoff ?? 6;
  const n = input.lon.length;
  if (input.lat.length !== n || (input.weight && input.weight.length !== n)) throw new Error('kde: lon, lat and weight must have the same length');
  const projection = options.grid?.projection ?? options.projection ?? dataCentre(input.lon, input.lat, input.weight);
  const { x, y } = projectLaea(projection, input.lon, input.lat);
  yield 0.1;

  let bandwidthKm = options.bandwidthKm ?? 0;
  let bandwidthRule: KdeResult['bandwidthRule'] = 'given';
  if (options.bandwidthKm === undefined) {
    bandwidthKm = arcgisBandwidthKm(x, y, input.weight);
    bandwidthRule = 'arcgis';
    if (!(bandwidthKm > 0) || !Number.isFinite(bandwidthKm)) { bandwidthKm = 1; bandwidthRule = 'fallback'; }
  }
  if (!(bandwidthKm > 0) || !Number.isFinite(bandwidthKm)) throw new Error(`kde: bandwidth must be a positive number of km (got ${options.bandwidthKm})`);
  const supportKm = kernel === 'gaussian' ? cutoff * bandwidthKm : bandwidthKm;
  const grid = options.grid ?? gridAround(projection, x, y, { cellKm: options.cellKm, maxCells: options.maxCells, padKm: supportKm });
  yield 0.15;

  // Weights of usable points (null = every point with finite coordinates weighs 1).
  let w: Float64Array | null = null;
  let totalWeight = 0, points = 0;
  if (input.weight) {
    w = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const wi = Number(input.weight[i]);
      if (wi > 0 && Number.isFinite(x[i]!) && Number.isFinite(y[i]!)) { w[i] = wi; totalWeight += wi; points++; }
    }
  } else {
    for (let i = 0; i < n; i++) if (Number.isFinite(x[i]!) && Number.isFinite(y[i]!)) points++;
    totalWeight = points;
  }

  const density = new Float64Array(grid.nx * grid.ny);
  if (method === 'exact') yield* exactSum(x, y, w, grid, kernel, bandwidthKm, supportKm, density);
  else if (kernel === 'gaussian') yield* binnedGaussian(x, y, w, grid, bandwidthKm, cutoff, density);
  else yield* binnedQuartic(x, y, w, grid, bandwidthKm, density);
  return { grid, density, kernel, method, bandwidthKm, bandwidthRule, supportKm, totalWeight, points };
}

// ---------------------------------------------------------------------------------------------
// Exact path: per point, add the kernel to every cell centre within the support radius.

function* exactSum(x: Float64Array, y: Float64Array, w: Float64Array | null, grid: GridSpec, kernel: KdeKernel, h: number, support: number, out: Float64Array): Job<void> {
  const n = x.length;
  const ex = new Float64Array(grid.nx);
  for (let start = 0; start < n; start += 4096) {
    exactChunk(x, y, w, grid, kernel, h, support, out, start, Math.min(n, start + 4096), ex);
    yield 0.15 + 0.85 * Math.min(1, (start + 4096) / n);
  }
}

function exactChunk(x: Float64Array, y: Float64Array, w: Float64Array | null, grid: GridSpec, kernel: KdeKernel, h: number, support: number, out: Float64Array, from: number, to: number, ex: Float64Array): void {
  const { nx, ny, x0, y0, cellKm: d } = grid;
  const s2 = support * support;
  const h2 = h * h;
  const gNorm = 100 / (2 * Math.PI * h2);
  const qNorm = 300 / (Math.PI * h2);
  for (let p = from; p < to; p++) {
    const wp = w ? w[p]! : 1;
    const px = x[p]!, py = y[p]!;
    if (wp === 0 || !Number.isFinite(px) || !Number.isFinite(py)) continue;
    const i0 = Math.max(0, Math.ceil((px - support - x0) / d - 0.5));
    const i1 = Math.min(nx - 1, Math.floor((px + support - x0) / d - 0.5));
    const j0 = Math.max(0, Math.ceil((py - support - y0) / d - 0.5));
    const j1 = Math.min(ny - 1, Math.floor((py + support - y0) / d - 0.5));
    if (i0 > i1 || j0 > j1) continue;
    if (kernel === 'gaussian') {
      // exp(−(dx²+dy²)/2h²) = exp(−dx²/2h²)·exp(−dy²/2h²): one exp per row and column.
      for (let i = i0; i <= i1; i++) { const dx = x0 + (i + 0.5) * d - px; ex[i] = Math.exp(-(dx * dx) / (2 * h2)); }
      for (let j = j0; j <= j1; j++) {
        const dy = y0 + (j + 0.5) * d - py;
        const dy2 = dy * dy;
        if (dy2 > s2) continue;
        const rowW = wp * gNorm * Math.exp(-dy2 / (2 * h2));
        const base = j * nx;
        for (let i = i0; i <= i1; i++) {
          const dx = x0 + (i + 0.5) * d - px;
          if (dx * dx + dy2 <= s2) out[base + i]! += rowW * ex[i]!;
        }
      }
    } else {
      for (let j = j0; j <= j1; j++) {
        const dy = y0 + (j + 0.5) * d - py;
        const dy2 = dy * dy;
        const base = j * nx;
        for (let i = i0; i <= i1; i++) {
          const dx = x0 + (i + 0.5) * d - px;
          const t = 1 - (dx * dx + dy2) / h2;
          if (t > 0) out[base + i]! += wp * qNorm * t * t;
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Binned path.

interface Padded { bins: Float64Array; px: number; py: number; pad: number; rowNonZero: Uint8Array }

/** Linear binning onto the cell-centre lattice padded by `pad` nodes on every side. */
function* linearBin(x: Float64Array, y: Float64Array, w: Float64Array | null, grid: GridSpec, pad: number, from: number, to: number): Job<Padded> {
  const px = grid.nx + 2 * pad, py = grid.ny + 2 * pad;
  if (px * py > 64e6) throw new Error('kde: bandwidth too large for this cell size (padded grid over 64 M cells); use a coarser grid');
  const bins = new Float64Array(px * py);
  const rowNonZero = new Uint8Array(py);
  const n = x.length;
  for (let start = 0; start < n; start += CHUNK) {
    binChunk(x, y, w, grid, pad, px, py, bins, rowNonZero, start, Math.min(n, start + CHUNK));
    yield from + (to - from) * Math.min(1, (start + CHUNK) / n);
  }
  return { bins, px, py, pad, rowNonZero };
}

function binChunk(x: Float64Array, y: Float64Array, w: Float64Array | null, grid: GridSpec, pad: number, px: number, py: number, bins: Float64Array, rowNonZero: Uint8Array, from: number, to: number): void {
  const inv = 1 / grid.cellKm;
  const ox = grid.x0, oy = grid.y0;
  for (let p = from; p < to; p++) {
    const wp = w ? w[p]! : 1;
    // Lattice coordinates: node k is the centre of padded cell k.
    const u = (x[p]! - ox) * inv - 0.5 + pad;
    const v = (y[p]! - oy) * inv - 0.5 + pad;
    // Nodes outside the padded lattice are beyond the kernel's reach of every grid cell;
    // written so that NaN coordinates fail the test too.
    if (wp === 0 || !(u >= -1 && v >= -1 && u < px && v < py)) continue;
    const i = Math.floor(u), j = Math.floor(v);
    const fx = u - i, fy = v - j;
    const a = wp * (1 - fy), b = wp * fy;
    if (j >= 0) {
      const r = j * px;
      let hit = false;
      if (i >= 0) { bins[r + i]! += a * (1 - fx); hit = true; }
      if (i + 1 < px) { bins[r + i + 1]! += a * fx; hit = true; }
      if (hit) rowNonZero[j] = 1;
    }
    if (j + 1 < py) {
      const r = (j + 1) * px;
      let hit = false;
      if (i >= 0) { bins[r + i]! += b * (1 - fx); hit = true; }
      if (i + 1 < px) { bins[r + i + 1]! += b * fx; hit = true; }
      if (hit) rowNonZero[j + 1] = 1;
    }
  }
}

function* binnedGaussian(x: Float64Array, y: Float64Array, w: Float64Array | null, grid: GridSpec, h: number, cutoff: number, out: Float64Array): Job<void> {
  const d = grid.cellKm;
  const R = Math.floor((cutoff * h) / d);
  const k1 = new Float64Array(R + 1);
  for (let k = 0; k <= R; k++) k1[k] = Math.exp(-((k * d) ** 2) / (2 * h * h)) / (h * Math.sqrt(2 * Math.PI));
  const pb = yield* linearBin(x, y, w, grid, R, 0.15, 0.45);
  const { bins, px, py, rowNonZero } = pb;
  const { nx, ny } = grid;
  // Row pass (scatter each non-zero node over the cropped columns), all padded rows.
  const tmp = new Float64Array(nx * py);
  for (let r = 0; r < py; r++) {
    if (rowNonZero[r]) rowPassGaussian(bins, r, px, nx, R, k1, tmp);
    if ((r & 31) === 31) yield 0.45 + 0.25 * (r / py);
  }
  // Column pass: out row j = Σ_k k1[|k|] · tmp row (j + R + k); ×100 for per 100 km².
  const k100 = k1.map((v) => v * 100);
  for (let j = 0; j < ny; j++) {
    columnPassRow(tmp, rowNonZero, j, nx, R, k100, out);
    if ((j & 31) === 31) yield 0.7 + 0.3 * (j / ny);
  }
}

function rowPassGaussian(bins: Float64Array, r: number, px: number, nx: number, R: number, k1: Float64Array, tmp: Float64Array): void {
  const rowIn = r * px, rowOut = r * nx;
  for (let pi = 0; pi < px; pi++) {
    const v = bins[rowIn + pi]!;
    if (v === 0) continue;
    const c = pi - R; // cropped column of this node
    const lo = Math.max(0, c - R), hi = Math.min(nx - 1, c + R);
    for (let i = lo; i <= hi; i++) tmp[rowOut + i]! += v * k1[i > c ? i - c : c - i]!;
  }
}

function columnPassRow(tmp: Float64Array, rowNonZero: Uint8Array, j: number, nx: number, R: number, k100: Float64Array, out: Float64Array): void {
  const o = j * nx;
  for (let k = -R; k <= R; k++) {
    const r = j + R + k;
    if (!rowNonZero[r]) continue;
    const wk = k100[k < 0 ? -k : k]!;
    const t = r * nx;
    for (let i = 0; i < nx; i++) out[o + i]! += wk * tmp[t + i]!;
  }
}

function* binnedQuartic(x: Float64Array, y: Float64Array, w: Float64Array | null, grid: GridSpec, h: number, out: Float64Array): Job<void> {
  const d = grid.cellKm;
  const R = Math.floor(h / d);
  // Stencil K at lattice offsets (|dx|, |dy|) ≤ R, per 100 km².
  const S = R + 1;
  const sten = new Float64Array(S * S);
  for (let b = 0; b <= R; b++) for (let a = 0; a <= R; a++) sten[b * S + a] = 100 * kernelAt('quartic', h, (a * d) ** 2 + (b * d) ** 2);
  // Half-width of the non-zero stencil per row offset (skip zero corners).
  const half = new Int32Array(S);
  for (let b = 0; b <= R; b++) { let a = R; while (a >= 0 && sten[b * S + a] === 0) a--; half[b] = a; }
  const pb = yield* linearBin(x, y, w, grid, R, 0.15, 0.45);
  const { bins, px, py, rowNonZero } = pb;
  for (let r = 0; r < py; r++) {
    if (rowNonZero[r]) quarticScatterRow(bins, r, px, grid.nx, grid.ny, R, S, sten, half, out);
    if ((r & 15) === 15) yield 0.45 + 0.55 * (r / py);
  }
}

function quarticScatterRow(bins: Float64Array, r: number, px: number, nx: number, ny: number, R: number, S: number, sten: Float64Array, half: Int32Array, out: Float64Array): void {
  const cj = r - R;
  for (let pi = 0; pi < px; pi++) {
    const v = bins[r * px + pi]!;
    if (v === 0) continue;
    const ci = pi - R;
    const jlo = Math.max(0, cj - R), jhi = Math.min(ny - 1, cj + R);
    for (let j = jlo; j <= jhi; j++) {
      const b = j > cj ? j - cj : cj - j;
      const hw = half[b]!;
      if (hw < 0) continue;
      const ilo = Math.max(0, ci - hw), ihi = Math.min(nx - 1, ci + hw);
      const o = j * nx, s = b * S;
      for (let i = ilo; i <= ihi; i++) out[o + i]! += v * sten[s + (i > ci ? i - ci : ci - i)]!;
    }
  }
}
