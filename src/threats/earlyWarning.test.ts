import { describe, expect, it } from 'vitest';
import { rng } from '../analysis/testing.ts';
import { isoFromDay } from '../domain/incidents.ts';
import { areaContains, prepareGeometry } from './area.ts';
import type { WarningArea } from './earlyWarning.ts';
import { changeLevel, earlyWarning, logFactorial, poissonUpperTail } from './earlyWarning.ts';
import { inc, table } from './testData.ts';

/** P(X ≥ k) by direct summation of the pmf: 1 − Σ_{j<k} e^−λ λ^j / j!, terms built by recurrence. */
function direct(k: number, lambda: number): number {
  let term = Math.exp(-lambda), sum = 0;
  for (let j = 0; j < k; j++) { sum += term; term *= lambda / (j + 1); }
  return 1 - sum;
}
/** Upper tail by summing terms whose logs are sums of logs (independent of logFactorial's Stirling branch). */
function directUpper(k: number, lambda: number): number {
  let logFact = 0;
  for (let j = 2; j <= k; j++) logFact += Math.log(j);
  let s = 0;
  for (let j = k; j < k + 10_000; j++) {
    if (j > k) logFact += Math.log(j);
    const t = Math.exp(-lambda + j * Math.log(lambda) - logFact);
    s += t;
    if (t < 1e-300 || (j > lambda && t < 1e-18 * s)) break;
  }
  return s;
}

describe('Poisson upper tail', () => {
  it('matches hand-computed values, checked by direct summation here', () => {
    // λ = 2, k = 5: 1 − e^−2 (1 + 2 + 2 + 4/3 + 2/3) = 1 − 7 e^−2
    expect(direct(5, 2)).toBeCloseTo(1 - 7 * Math.exp(-2), 15);
    expect(1 - 7 * Math.exp(-2)).toBeCloseTo(0.0526530173437111, 15);
    expect(poissonUpperTail(5, 2)).toBeCloseTo(0.0526530173437111, 15);
    // λ = 10, k = 20
    expect(direct(20, 10)).toBeCloseTo(0.0034543419758567, 14);
    expect(Math.abs(poissonUpperTail(20, 10) / direct(20, 10) - 1)).toBeLessThan(1e-10);
    expect(poissonUpperTail(20, 10)).toBeCloseTo(0.0034543419758, 12);
  });

  it('edge cases: k ≤ 0, λ = 0, non-integer k, bad λ', () => {
    expect(poissonUpperTail(0, 3)).toBe(1);
    expect(poissonUpperTail(-2, 3)).toBe(1);
    expect(poissonUpperTail(1, 0)).toBe(0);
    expect(poissonUpperTail(0, 0)).toBe(1);
    expect(poissonUpperTail(2.5, 1)).toBe(poissonUpperTail(3, 1));
    expect(poissonUpperTail(1, -1)).toBeNaN();
    expect(poissonUpperTail(1, 0)).toBe(0);
    expect(poissonUpperTail(1, 1e-9) / -Math.expm1(-1e-9)).toBeCloseTo(1, 14);
  });

  it('agrees with independent summation across small and large λ, and keeps tiny tails', () => {
    const r = rng(11);
    for (let trial = 0; trial < 300; trial++) {
      const lambda = r() < 0.5 ? 0.01 + 20 * r() : 20 + 2000 * r();
      const k = Math.floor(lambda + (r() * 8 - 2) * Math.sqrt(lambda) + 1);
      if (k <= 0) continue;
      const got = poissonUpperTail(k, lambda);
      // e^−λ underflows beyond λ ≈ 745: sum the upper terms in log space there.
      const want = k > lambda || lambda > 100 ? directUpper(k, lambda) : direct(k, lambda);
      // Relative accuracy where the value is representable; log terms of size λ limit it for large λ.
      expect(Math.abs(got - want) / want).toBeLessThan(lambda > 100 ? 1e-9 : 1e-11);
    }
    // Far tail: λ = 1, k = 50 ≈ e^−1 / 50! (1 + 1/51 + …): no cancellation.
    let series = 0, term = 1;
    for (let j = 51; j < 80; j++) { series += term; term /= j; }
    expect(poissonUpperTail(50, 1) / Math.exp(-1 - logFactorial(50))).toBeCloseTo(series, 12);
    expect(poissonUpperTail(50, 1)).toBeGreaterThan(0);
    // Continuity between the two branches: P(X ≥ k) decreases with k.
    let prev = 1;
    for (let k = 1; k < 200; k++) { const p = poissonUpperTail(k, 100); expect(p).toBeLessThanOrEqual(prev); prev = p; }
  });

  it('logFactorial: exact table and Stirling agree at the seam', () => {
    let s = 0;
    for (let n = 2; n <= 300; n++) s += Math.log(n);
    expect(Math.abs(logFactorial(300) - s) / s).toBeLessThan(1e-14);
    expect(logFactorial(0)).toBe(0);
    expect(logFactorial(1.5)).toBeNaN();
  });
});

describe('early warning', () => {
  const sq = (x: number, y: number, s = 1): GeoJSON.Polygon => ({ type: 'Polygon', coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]] });
  const D = 20_000;

  it('compares the last 30 days with the area\'s own 180-day baseline', () => {
    const rows = [];
    // Area A: 12 incidents over the baseline (λ = 2 without prior), 5 in the last 30 days → p ≈ 0.053 with λ = 2.
    for (let k = 0; k < 12; k++) rows.push(inc({ lon: 0.5, lat: 0.5, date: isoFromDay(D - 30 - 15 * k) }));
    for (let k = 0; k < 5; k++) rows.push(inc({ lon: 0.5, lat: 0.5, date: isoFromDay(D - 3 * k), fatalities: 1, threatType: 'massacre' }));
    // Area B: quiet baseline, 6 recent → red.
    for (let k = 0; k < 6; k++) rows.push(inc({ lon: 5.5, lat: 0.5, date: isoFromDay(D - k) }));
    // Area C: 2 recent, nothing before → below the minimum count.
    for (let k = 0; k < 2; k++) rows.push(inc({ lon: 10.5, lat: 0.5, date: isoFromDay(D - k) }));
    // Outside every area, and too old.
    rows.push(inc({ lon: 50, lat: 0.5, date: isoFromDay(D) }));
    rows.push(inc({ lon: 0.5, lat: 0.5, date: isoFromDay(D - 210) }));
    const t = table(rows);
    const areas: WarningArea[] = [
      { id: 'A', name: 'Sector North', kind: 'aor', geometry: sq(0, 0) },
      { id: 'B', name: 'Hotspot East', kind: 'hotspot', geometry: sq(5, 0) },
      { id: 'C', name: 'District West', kind: 'admin', geometry: sq(10, 0) },
    ];
    const pure = earlyWarning(t, areas, { asOfDay: D, baselinePrior: 0 });
    const a = pure.areas[0]!;
    expect(a).toMatchObject({ recentCount: 5, baselineCount: 12, level: 'none' });
    expect(a.expected).toBeCloseTo(2, 12);
    expect(a.pValue).toBeCloseTo(0.0526530173437111, 14);
    expect(a.changePct).toBeCloseTo(150, 9);
    expect(a.change).toBe('surge');
    expect(a.topTypes).toEqual([{ id: 'massacre', count: 5 }]);
    expect(a.fatalities).toBe(5);
    // Amber once the amber threshold is above 0.0527.
    expect(earlyWarning(t, areas, { asOfDay: D, baselinePrior: 0, amberP: 0.06 }).areas[0]!.level).toBe('amber');

    const def = earlyWarning(t, areas, { asOfDay: D });
    const b = def.areas[1]!;
    expect(b.recentCount).toBe(6);
    expect(b.expected).toBeCloseTo(0.5 * 30 / 180, 12);
    expect(b.level).toBe('red');
    expect(b.change).toBe('new');
    expect(b.changePct).toBeNull();
    expect(def.areas[2]!.level).toBe('none'); // 2 < minCount
    expect(def.areas[2]!.reason.text).toContain('no alert (fewer than 3 incidents)');
    expect(def.alerts.map((w) => w.areaId)).toEqual(['B']);
    expect(b.reason.text).toBe('Hotspot East: 6 incidents in the last 30 days against 0.1 expected from the previous 180 days (P < 0.0001) — red alert; new: none in the baseline');
    expect(b.incidents).toHaveLength(6);
  });

  it('per-area counts match brute force, overlapping areas counted independently', () => {
    const r = rng(5);
    const rows = [];
    for (let k = 0; k < 3000; k++) rows.push(inc({ lon: 10 * r(), lat: 10 * r(), date: isoFromDay(D - Math.floor(250 * r())) }));
    const t = table(rows);
    const areas: WarningArea[] = [];
    for (let k = 0; k < 12; k++) areas.push({ id: `a${k}`, name: `Area`, kind: 'other', geometry: sq(8 * r(), 8 * r(), 1 + 2 * r()) });
    const res = earlyWarning(t, areas, { asOfDay: D });
    res.areas.forEach((w, k) => {
      const prep = prepareGeometry(areas[k]!.geometry);
      let rec = 0, base = 0;
      for (let i = 0; i < t.length; i++) {
        if (!areaContains(prep, t.lon[i]!, t.lat[i]!)) continue;
        const d = t.day[i]!;
        if (d > D - 30 && d <= D) rec++;
        else if (d > D - 210 && d <= D - 30) base++;
      }
      expect([w.recentCount, w.baselineCount]).toEqual([rec, base]);
      expect(w.pValue).toBeCloseTo(poissonUpperTail(rec, ((base + 0.5) * 30) / 180), 14);
    });
  });

  it('percentage-change bands', () => {
    expect(changeLevel(100, 4)).toBe('surge');
    expect(changeLevel(99.9, 4)).toBe('sharp_increase');
    expect(changeLevel(50, 4)).toBe('sharp_increase');
    expect(changeLevel(25, 4)).toBe('increase');
    expect(changeLevel(24.9, 4)).toBe('stable');
    expect(changeLevel(-24.9, 4)).toBe('stable');
    expect(changeLevel(-25, 4)).toBe('decrease');
    expect(changeLevel(null, 0)).toBe('none');
    expect(changeLevel(null, 2)).toBe('new');
  });
});
