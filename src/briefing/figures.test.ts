import { describe, expect, it } from 'vitest';
import { briefingPeriods, changeInWords, headlineFigures, reachGaps } from './figures.ts';
import { randomIncidents } from '../../tests/fixtures/randomIncidents.ts';
import { incidentAt } from '../domain/incidents.ts';
import { dayFromIso } from '../domain/incidents.ts';
import { distanceKm } from '../domain/geo.ts';
import type { Presence } from '../domain/presence.ts';

describe('briefing figures', () => {
  const t = randomIncidents(5000, 3);
  const rows = Array.from({ length: t.length }, (_, i) => incidentAt(t, i));
  it('periods are equal, adjacent and inclusive', () => {
    const p = briefingPeriods(20500, 30);
    expect(p.current).toEqual({ startDay: 20471, endDay: 20500 });
    expect(p.previous).toEqual({ startDay: 20441, endDay: 20470 });
  });
  it('headline figures equal naive counts over incident objects, for both periods and the sparkline', () => {
    const periods = briefingPeriods(20600, 30);
    const figs = headlineFigures(t, periods, 8);
    const count = (from: number, to: number, f: (r: (typeof rows)[number]) => number): number =>
      rows.filter((r) => dayFromIso(r.date) >= from && dayFromIso(r.date) <= to).reduce((a, r) => a + f(r), 0);
    const fns: Record<string, (r: (typeof rows)[number]) => number> = {
      incidents: () => 1, killed: (r) => r.fatalities, injured: (r) => r.injured,
      crsv: (r) => +(r.threatType === 'crsv'), abductions: (r) => +(r.threatType === 'abduction'),
      displacement: (r) => +(r.threatType === 'forced_displacement'), explosive: (r) => +(r.threatType === 'explosive_ordnance'),
    };
    for (const f of figs) {
      const fn = fns[f.id]!;
      expect(f.current).toBe(count(20571, 20600, fn));
      expect(f.previous).toBe(count(20541, 20570, fn));
      expect(f.series[0]).toBe(count(20600 - 8 * 30 + 1, 20600 - 7 * 30, fn));
      if (f.previous > 0) expect(f.changePct).toBeCloseTo(((f.current - f.previous) / f.previous) * 100, 9);
    }
  });
  it('change in words', () => {
    const base = { id: 'incidents' as const, label: '', series: [] };
    expect(changeInWords({ ...base, current: 28, previous: 10, changePct: 180 })).toBe('+180 % on the previous period');
    expect(changeInWords({ ...base, current: 5, previous: 10, changePct: -50 })).toBe('−50 % on the previous period');
    expect(changeInWords({ ...base, current: 3, previous: 0, changePct: null })).toBe('none in the previous period');
  });
  it('reach gaps hold exactly the incidents no presence reaches by road', () => {
    const presences: Presence[] = [
      { id: 'a', name: 'Base A', type: 'operating_base', component: 'military', strength: 150, lon: 24, lat: 4, reachKm: { foot: 10, road: 120, air: 0 } },
      { id: 'b', name: 'Base B', type: 'sector_hq', component: 'military', strength: 800, lon: 29, lat: 6, reachKm: { foot: 10, road: 80, air: 150 } },
    ];
    const settlements = [{ id: 's1', name: 'Alpha', population: 1000, lon: 27, lat: 2 }, { id: 's2', name: 'Beta', population: 5000, lon: 22, lat: 8 }];
    const period = { startDay: 20000, endDay: 20729 };
    const gaps = reachGaps(t, presences, settlements, period, 100);
    const out = rows.filter((r) => presences.every((p) => {
      const km = distanceKm(r.lon, r.lat, p.lon, p.lat);
      return km > p.reachKm.road;
    }));
    expect(gaps.reduce((a, g) => a + g.incidents, 0)).toBe(out.length);
    expect(gaps.reduce((a, g) => a + g.killed, 0)).toBe(out.reduce((a, r) => a + r.fatalities, 0));
    for (let k = 1; k < gaps.length; k++) expect(gaps[k - 1]!.incidents).toBeGreaterThanOrEqual(gaps[k]!.incidents);
  });
});
