import { describe, expect, it } from 'vitest';
import { mannKendall } from './mannKendall.ts';

describe('Mann-Kendall', () => {
  it('strictly increasing series of 5 (hand computation)', () => {
    // S = 10 (all 10 pairs increase); Var = 5·4·15/18 = 16.6667; z = (10 − 1)/√16.6667 = 2.20454;
    // p = 2·(1 − Φ(2.20454)) = 0.027486.
    const r = mannKendall([1, 2, 3, 4, 5]);
    expect(r.s).toBe(10);
    expect(r.varS).toBeCloseTo(50 / 3, 12);
    expect(r.z).toBeCloseTo(9 / Math.sqrt(50 / 3), 12);
    expect(r.p).toBeCloseTo(0.027486, 5);
    expect(r.tau).toBe(1);
  });
  it('with ties (hand computation)', () => {
    // x = 1, 2, 2, 3: pairs (1,2)+ (1,2)+ (1,3)+ (2,2)0 (2,3)+ (2,3)+ → S = 5.
    // One tie group t = 2: Var = [4·3·13 − 2·1·9]/18 = (156 − 18)/18 = 7.6667; z = 4/√7.6667 = 1.444630;
    // p = 0.148565; τ-b = 5/√(6·5) = 0.912871.
    const r = mannKendall([1, 2, 2, 3]);
    expect(r.s).toBe(5);
    expect(r.varS).toBeCloseTo(138 / 18, 12);
    expect(r.z).toBeCloseTo(4 / Math.sqrt(138 / 18), 12);
    expect(r.p).toBeCloseTo(0.148565, 5);
    expect(r.tau).toBeCloseTo(5 / Math.sqrt(30), 12);
  });
  it('decreasing with several tie groups (hand computation)', () => {
    // x = 5, 5, 3, 3, 3, 1: concordant 0; discordant: 5s vs later lower values: 2·4 = 8; 3s vs 1: 3 → S = −11.
    // Ties: t = 2 → 2·1·9 = 18; t = 3 → 3·2·11 = 66. Var = [6·5·17 − 84]/18 = (510 − 84)/18 = 23.6667.
    // z = (−11 + 1)/√23.6667 = −2.055566.
    const r = mannKendall([5, 5, 3, 3, 3, 1]);
    expect(r.s).toBe(-11);
    expect(r.varS).toBeCloseTo(426 / 18, 12);
    expect(r.z).toBeCloseTo(-10 / Math.sqrt(426 / 18), 12);
    expect(r.p).toBeCloseTo(0.039826, 5);
  });
  it('no trend, all tied, too short, NaN skipped', () => {
    expect(mannKendall([1, 3, 2, 2, 3, 1]).s).toBe(0);
    const flat = mannKendall([4, 4, 4, 4]);
    expect(flat.varS).toBe(0);
    expect(flat.z).toBe(0);
    expect(flat.p).toBe(1);
    expect(mannKendall([7]).z).toBe(0);
    expect(mannKendall([1, Number.NaN, 2, 3]).s).toBe(3);
  });
});
