import { describe, expect, it } from 'vitest';
import { dayFromIso, isoFromDay } from '../domain/incidents.ts';
import { classifyEmerging, EMERGING_PATTERNS, emergingHotspots, monthIndexOfDay, NOT_ANALYSED, timeBins } from './emerging.ts';
import type { GridSpec } from './grid.ts';
import { cellCentresLonLat } from './grid.ts';

const id = (code: number): string => EMERGING_PATTERNS[code]!.id;
const NO_TREND = { s: 0, p: 1 };
const UP = { s: 40, p: 0.001 };
const DOWN = { s: -40, p: 0.001 };
/** Series from a string: H = significant hot, C = significant cold, . = neither. */
const S = (s: string): number[] => [...s].map((c) => (c === 'H' ? 1 : c === 'C' ? -1 : 0));

describe('emerging pattern classification (constructed series)', () => {
  it('hot patterns', () => {
    expect(id(classifyEmerging(S('.........H'), NO_TREND))).toBe('new_hot');
    expect(id(classifyEmerging(S('..C......H'), NO_TREND))).toBe('new_hot'); // never HOT before
    expect(id(classifyEmerging(S('.......HHH'), NO_TREND))).toBe('consecutive_hot');
    expect(id(classifyEmerging(S('HHHHHHHHHH'), UP))).toBe('intensifying_hot');
    expect(id(classifyEmerging(S('.HHHHHHHHH'), UP))).toBe('intensifying_hot'); // 90 % incl. final
    expect(id(classifyEmerging(S('HHHHHHHHHH'), NO_TREND))).toBe('persistent_hot');
    expect(id(classifyEmerging(S('HHHHHHHHHH'), { s: 40, p: 0.2 }))).toBe('persistent_hot'); // trend not significant
    expect(id(classifyEmerging(S('HHHHHHHHHH'), DOWN))).toBe('diminishing_hot');
    expect(id(classifyEmerging(S('.H..H...HH'), NO_TREND))).toBe('sporadic_hot');
    expect(id(classifyEmerging(S('.H.C....HH'), NO_TREND))).toBe('oscillating_hot');
    expect(id(classifyEmerging(S('HHHHHHHHH.'), NO_TREND))).toBe('historical_hot');
    expect(id(classifyEmerging(S('HHHHHHHHH.'), DOWN))).toBe('historical_hot');
  });
  it('cold patterns mirror the hot ones (intensifying cold = z falling)', () => {
    expect(id(classifyEmerging(S('.........C'), NO_TREND))).toBe('new_cold');
    expect(id(classifyEmerging(S('........CC'), NO_TREND))).toBe('consecutive_cold');
    expect(id(classifyEmerging(S('CCCCCCCCCC'), DOWN))).toBe('intensifying_cold');
    expect(id(classifyEmerging(S('CCCCCCCCCC'), NO_TREND))).toBe('persistent_cold');
    expect(id(classifyEmerging(S('CCCCCCCCCC'), UP))).toBe('diminishing_cold');
    expect(id(classifyEmerging(S('C..C....CC'), NO_TREND))).toBe('sporadic_cold');
    expect(id(classifyEmerging(S('C..H.....C'), NO_TREND))).toBe('oscillating_cold');
    expect(id(classifyEmerging(S('CCCCCCCCC.'), NO_TREND))).toBe('historical_cold');
  });
  it('no pattern', () => {
    expect(id(classifyEmerging(S('..........'), NO_TREND))).toBe('no_pattern');
    expect(id(classifyEmerging(S('.HH.H.HH..'), UP))).toBe('no_pattern'); // final not hot, < 90 % hot
    expect(id(classifyEmerging(S('HHHHHHHH..'), NO_TREND))).toBe('no_pattern'); // 80 %: not historical
    expect(id(classifyEmerging([], NO_TREND))).toBe('no_pattern');
  });
  it('precedence at the boundaries: a single final hot bin with a prior run is not "new"', () => {
    expect(id(classifyEmerging(S('HH.......H'), NO_TREND))).toBe('sporadic_hot');
    expect(id(classifyEmerging(S('H.HHHHHHHH'), NO_TREND))).toBe('persistent_hot'); // 9/10 = 90 %
    expect(id(classifyEmerging(S('H..HHHHHHH'), NO_TREND))).toBe('sporadic_hot'); // 80 %, two runs
  });
});

describe('time bins', () => {
  it('month index of a day equals the calendar', () => {
    for (let d = dayFromIso('1899-12-25'); d < dayFromIso('2101-01-10'); d += 13) {
      const iso = isoFromDay(d);
      expect(monthIndexOfDay(d)).toBe(+iso.slice(0, 4) * 12 + +iso.slice(5, 7) - 1);
    }
  });
  it('weeks end on the last day; months are calendar months', () => {
    const end = dayFromIso('2024-03-31');
    const w = timeBins('week', end - 20, end);
    expect(Array.from(w.starts)).toEqual([end - 20, end - 13, end - 6]);
    expect(w.binOf(end)).toBe(2);
    expect(w.binOf(end - 7)).toBe(1);
    expect(w.binOf(end - 20)).toBe(0);
    expect(w.binOf(end + 1)).toBe(-1);
    const m = timeBins('month', dayFromIso('2024-01-15'), end);
    expect(Array.from(m.starts).map(isoFromDay)).toEqual(['2024-01-15', '2024-02-01', '2024-03-01']);
    expect(m.binOf(dayFromIso('2024-02-29'))).toBe(1);
    const p = timeBins({ days: 10 }, end - 24, end);
    expect(p.starts.length).toBe(3);
    expect(p.binOf(end - 24)).toBe(0);
  });
});

describe('emerging hot spots on a constructed cube', () => {
  it('finds a new hot spot and a persistent hot spot', () => {
    const grid: GridSpec = { projection: { lon0: 20, lat0: 5 }, x0: -100, y0: -100, cellKm: 10, nx: 20, ny: 20 };
    const c = cellCentresLonLat(grid);
    const lon: number[] = [], lat: number[] = [], day: number[] = [];
    const months = Array.from({ length: 12 }, (_, m) => dayFromIso(`2023-${String(m + 1).padStart(2, '0')}-10`));
    const put = (k: number, d: number, times: number): void => { for (let i = 0; i < times; i++) { lon.push(c.lon[k]!); lat.push(c.lat[k]!); day.push(d); } };
    const A = 3 * 20 + 3, B = 15 * 20 + 15;
    months.forEach((d, m) => {
      for (let k = 0; k < 400; k++) if (k % 5 === 0) put(k, d, 1 + ((k + m) % 2)); // background on a fifth of the cells
      put(B, d, 30); // B: hot every month
      if (m === 11) put(A, d, 30); // A: a surge in the final month only
    });
    const r = emergingHotspots({ lon, lat, day }, { grid, bin: 'month', startDay: dayFromIso('2023-01-01'), endDay: dayFromIso('2023-12-31') });
    expect(r.binStartDay.length).toBe(12);
    expect(id(r.patternByCell[A]!)).toBe('new_hot');
    expect(id(r.patternByCell[B]!)).toBe('persistent_hot');
    expect(r.patternByCell[1]).toBe(NOT_ANALYSED); // never an incident there
    expect(r.locations.length).toBe(r.patternCounts.reduce((a, b) => a + b, 0));
    const lB = Array.from(r.locations).indexOf(B);
    expect(r.counts[lB * 12 + 0]).toBe(30 + (B % 5 === 0 ? 1 + (B % 2) : 0));
  });
});
