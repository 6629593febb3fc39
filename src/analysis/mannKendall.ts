/**
 * Mann-Kendall monotonic trend test — used on each location's Gi* z-score series by the
 * emerging-hotspot classification (emerging.ts), and on any count series.
 *
 * Owns S, its variance with the tie correction, the continuity-corrected z and p:
 *   S      = Σ_{i<j} sign(x_j − x_i)
 *   Var(S) = [n(n−1)(2n+5) − Σ_g t_g(t_g−1)(2t_g+5)] / 18,  t_g = size of tie group g
 *   z      = (S − 1)/√Var if S > 0,  (S + 1)/√Var if S < 0,  0 if S = 0
 *   p      = two-sided standard normal
 *   tau    = Kendall's τ-b against time (time has no ties): S / √(n₀ · (n₀ − n₁)),
 *            n₀ = n(n−1)/2, n₁ = Σ t_g(t_g−1)/2.
 * NaN values are skipped (the series is the remaining values in order). With fewer than
 * 2 values, or Var(S) = 0 (all values tied), z = 0 and p = 1.
 * The normal approximation is the usual one; for n < 10 exact tables are stricter.
 */
import { pTwoSided } from './normal.ts';

export interface MannKendallResult {
  n: number;
  s: number;
  varS: number;
  z: number;
  p: number;
  tau: number;
}

export function mannKendall(series: ArrayLike<number>): MannKendallResult {
  const xs: number[] = [];
  for (let i = 0; i < series.length; i++) { const v = Number(series[i]); if (!Number.isNaN(v)) xs.push(v); }
  const n = xs.length;
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    const xi = xs[i]!;
    for (let j = i + 1; j < n; j++) { const d = xs[j]! - xi; s += d > 0 ? 1 : d < 0 ? -1 : 0; }
  }
  // Tie groups from the sorted values.
  const sorted = xs.slice().sort((a, b) => a - b);
  let tieTerm = 0, n1 = 0;
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && sorted[j] === sorted[i]) j++;
    const t = j - i;
    if (t > 1) { tieTerm += t * (t - 1) * (2 * t + 5); n1 += (t * (t - 1)) / 2; }
    i = j;
  }
  const varS = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
  const z = varS > 0 ? (s > 0 ? (s - 1) / Math.sqrt(varS) : s < 0 ? (s + 1) / Math.sqrt(varS) : 0) : 0;
  const n0 = (n * (n - 1)) / 2;
  const tau = n0 > 0 && n0 - n1 > 0 ? s / Math.sqrt(n0 * (n0 - n1)) : 0;
  return { n, s, varS, z, p: pTwoSided(z), tau };
}
