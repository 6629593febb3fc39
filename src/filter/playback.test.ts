import { describe, expect, it } from 'vitest';
import { initialWindow, isWholeMonths, nextWindow, prevWindow, rewindWindow, windowLength, type DayWindow, type PlaybackStep } from './playback.ts';
import { dayFromIso, isoFromDay } from '../domain/incidents.ts';
import { mulberry32 } from '../../tests/fixtures/randomIncidents.ts';

const D = dayFromIso;
const iso = (w: DayWindow | null): [string, string] | null => (w ? [isoFromDay(w.startDay), isoFromDay(w.endDay)] : null);
const extent = { startDay: D('2024-01-10'), endDay: D('2025-06-20') };

describe('playback windows', () => {
  it('day and week steps move by 1 and 7 days, keeping the length', () => {
    const w = { startDay: D('2024-03-01'), endDay: D('2024-03-30') };
    expect(iso(nextWindow(w, 'day', extent))).toEqual(['2024-03-02', '2024-03-31']);
    expect(iso(nextWindow(w, 'week', extent))).toEqual(['2024-03-08', '2024-04-06']);
    expect(iso(prevWindow(w, 'week', extent))).toEqual(['2024-02-23', '2024-03-23']);
  });
  it('month steps move by calendar months; whole-month windows stay whole months', () => {
    const march = { startDay: D('2024-03-01'), endDay: D('2024-03-31') };
    expect(isWholeMonths(march)).toBe(true);
    expect(iso(nextWindow(march, 'month', extent))).toEqual(['2024-04-01', '2024-04-30']);
    expect(iso(prevWindow(march, 'month', extent))).toEqual(['2024-02-01', '2024-02-29']);
    const q1 = { startDay: D('2025-01-01'), endDay: D('2025-03-31') };
    expect(iso(nextWindow(q1, 'month', extent))).toEqual(['2025-02-01', '2025-04-30']);
    const odd = { startDay: D('2024-01-31'), endDay: D('2024-02-09') }; // 10 days
    expect(iso(nextWindow(odd, 'month', extent))).toEqual(['2024-02-29', '2024-03-09']);
    expect(iso(nextWindow({ startDay: D('2024-05-15'), endDay: D('2024-06-13') }, 'month', extent))).toEqual(['2024-06-15', '2024-07-14']);
  });
  it('stops at the ends (null), landing exactly on them first', () => {
    const w = { startDay: D('2025-06-10'), endDay: D('2025-06-16') };
    const last = nextWindow(w, 'week', extent);
    expect(iso(last)).toEqual(['2025-06-14', '2025-06-20']);
    expect(nextWindow(last!, 'week', extent)).toBeNull();
    const first = prevWindow({ startDay: D('2024-01-12'), endDay: D('2024-01-20') }, 'week', extent);
    expect(iso(first)).toEqual(['2024-01-10', '2024-01-18']);
    expect(prevWindow(first!, 'day', extent)).toBeNull();
    // Whole months keep calendar months past the last incident, then stop.
    const june = nextWindow({ startDay: D('2025-05-01'), endDay: D('2025-05-31') }, 'month', extent);
    expect(iso(june)).toEqual(['2025-06-01', '2025-06-30']);
    expect(nextWindow(june!, 'month', extent)).toBeNull();
    // A window covering everything cannot move.
    expect(nextWindow(extent, 'day', extent)).toBeNull();
    expect(prevWindow(extent, 'month', extent)).toBeNull();
  });
  it('property: stepping from the start reaches the end and stops, lengths kept, no wrap', () => {
    const r = mulberry32(3);
    for (let trial = 0; trial < 200; trial++) {
      const step = (['day', 'week', 'month'] as PlaybackStep[])[trial % 3]!;
      const ext = { startDay: 19000 + Math.floor(r() * 500), endDay: 0 };
      ext.endDay = ext.startDay + 30 + Math.floor(r() * 700);
      let w: DayWindow = r() < 0.5 ? initialWindow(ext, step) : (() => {
        const s = ext.startDay + Math.floor(r() * 20);
        return { startDay: s, endDay: s + Math.floor(r() * 60) };
      })();
      const whole = isWholeMonths(w) && step === 'month';
      const len = windowLength(w);
      let steps = 0;
      for (let nw = nextWindow(w, step, ext); nw; nw = nextWindow(w, step, ext)) {
        expect(nw.startDay).toBeGreaterThan(w.startDay); // always forward, never wraps
        if (!whole) expect(windowLength(nw)).toBe(len);
        else expect(isWholeMonths(nw)).toBe(true);
        w = nw;
        if (++steps > 2000) throw new Error('no end');
      }
      expect(w.endDay).toBeGreaterThanOrEqual(ext.endDay);
      if (!whole && steps > 0) expect(w.endDay).toBe(ext.endDay);
      // And back again to the start.
      for (let pw = prevWindow(w, step, ext); pw; pw = prevWindow(w, step, ext)) {
        expect(pw.startDay).toBeLessThan(w.startDay);
        w = pw;
        if (++steps > 4000) throw new Error('no start');
      }
      expect(w.startDay).toBeLessThanOrEqual(ext.startDay);
    }
  });
  it('prev undoes next away from the ends (day/week, whole months)', () => {
    const ws: [DayWindow, PlaybackStep][] = [
      [{ startDay: D('2024-06-03'), endDay: D('2024-06-09') }, 'week'],
      [{ startDay: D('2024-06-03'), endDay: D('2024-06-03') }, 'day'],
      [{ startDay: D('2024-06-01'), endDay: D('2024-08-31') }, 'month'],
      [{ startDay: D('2024-06-12'), endDay: D('2024-06-25') }, 'month'],
    ];
    for (const [w, s] of ws) expect(prevWindow(nextWindow(w, s, extent)!, s, extent)).toEqual(w);
  });
  it('initial and rewound windows', () => {
    expect(iso(initialWindow(extent, 'day'))).toEqual(['2024-01-10', '2024-01-16']);
    expect(iso(initialWindow(extent, 'week'))).toEqual(['2024-01-08', '2024-01-14']); // Monday
    expect(iso(initialWindow(extent, 'month'))).toEqual(['2024-01-01', '2024-01-31']);
    expect(iso(rewindWindow({ startDay: D('2025-04-01'), endDay: D('2025-05-31') }, extent))).toEqual(['2024-01-01', '2024-02-29']);
    expect(iso(rewindWindow({ startDay: D('2025-04-03'), endDay: D('2025-04-09') }, extent))).toEqual(['2024-01-10', '2024-01-16']);
  });
});
