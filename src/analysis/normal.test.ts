import { describe, expect, it } from 'vitest';
import { erfc, normalCdf, pTwoSided } from './normal.ts';

describe('normal tail probabilities', () => {
  it('erfc matches reference values (both branches)', () => {
    const ref: [number, number][] = [
      [0, 1], [0.5, 0.4795001221869535], [1, 0.15729920705028513], [2, 0.004677734981047266],
      [2.5, 4.069520174449590e-4], [3, 2.209049699858544e-5], [5, 1.537459794428035e-12], [-1, 1.8427007929497148],
    ];
    for (const [x, v] of ref) expect(Math.abs(erfc(x) - v) / v).toBeLessThan(1e-13);
  });
  it('two-sided p at the classical critical values', () => {
    expect(pTwoSided(1.959963984540054)).toBeCloseTo(0.05, 14);
    expect(pTwoSided(-2.5758293035489004)).toBeCloseTo(0.01, 14);
    expect(pTwoSided(1.6448536269514722)).toBeCloseTo(0.1, 14);
    expect(normalCdf(0)).toBe(0.5);
    expect(pTwoSided(Number.NaN)).toBeNaN();
  });
});
