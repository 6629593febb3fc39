/**
 * Colour-blind check of the threat-group palette: simulate protanopia, deuteranopia and
 * tritanopia (Machado, Oliveira & Fernandes 2009, severity 1.0, in linear RGB) and require
 * every pair of group colours to stay apart by CIE76 ΔE ≥ 15 in CIELAB (≈ clearly distinct).
 */
import { describe, expect, it } from 'vitest';
import { lab, rgb } from 'd3';
import { THREAT_GROUP_COLOURS, type RGB } from './palette.ts';

const MACHADO: Record<string, number[][]> = {
  protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
  deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]],
  tritanopia: [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.3039]],
};
const toLinear = (c: number): number => { const x = c / 255; return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; };
const toSrgb = (x: number): number => 255 * (x <= 0.0031308 ? 12.92 * x : 1.055 * x ** (1 / 2.4) - 0.055);

export function simulate(c: RGB, m: number[][]): RGB {
  const l = c.map(toLinear);
  return m.map((row) => Math.round(Math.min(255, Math.max(0, toSrgb(row[0]! * l[0]! + row[1]! * l[1]! + row[2]! * l[2]!))))) as RGB;
}
function deltaE(a: RGB, b: RGB): number {
  const x = lab(rgb(...a)), y = lab(rgb(...b));
  return Math.hypot(x.l - y.l, x.a - y.a, x.b - y.b);
}

describe('threat-group palette', () => {
  const entries = Object.entries(THREAT_GROUP_COLOURS);
  for (const [vision, m] of [['normal', null], ...Object.entries(MACHADO)] as const) {
    it(`keeps every pair distinct for ${vision} vision`, () => {
      let min = Infinity;
      let worst = '';
      for (let i = 0; i < entries.length; i++) {
        for (let j = i + 1; j < entries.length; j++) {
          const a = m ? simulate(entries[i]![1], m) : entries[i]![1];
          const b = m ? simulate(entries[j]![1], m) : entries[j]![1];
          const d = deltaE(a, b);
          if (d < min) { min = d; worst = `${entries[i]![0]}/${entries[j]![0]}`; }
        }
      }
      expect(min, `closest pair ${worst}`).toBeGreaterThanOrEqual(15);
    });
  }
  it('the simulation is not the identity (guards the test itself)', () => {
    expect(simulate([213, 94, 0], MACHADO.deuteranopia!)).not.toEqual([213, 94, 0]);
    expect(simulate([128, 128, 128], MACHADO.protanopia!).every((v) => Math.abs(v - 128) <= 2)).toBe(true);
  });
});
