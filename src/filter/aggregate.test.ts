import { describe, expect, it } from 'vitest';
import {
  addMonths, dayExtent, dailyCounts, endOfMonth, facetCounts, histogram, perpetratorProfile, startOfMonth, startOfWeek,
  topAreas, victimTotals, type TimeBin,
} from './aggregate.ts';
import { applyFilter, type IncidentFilter, type VictimGroup } from './incidentFilter.ts';
import { dayFromIso, incidentAt, isoFromDay, type Incident } from '../domain/incidents.ts';
import { mulberry32, randomIncidents } from '../../tests/fixtures/randomIncidents.ts';
import {
  DATE_PRECISIONS, LOCATION_PRECISIONS, MOBILITY_MODES, PERPETRATOR_TYPES, SOURCE_RELIABILITY, SOURCE_TYPES, THREAT_GROUPS, THREAT_TYPES,
} from '../domain/taxonomy.ts';

const t = randomIncidents(4000, 11);
const rows: Incident[] = Array.from({ length: t.length }, (_, i) => incidentAt(t, i));
const r = mulberry32(2024);
const randomMask = (p: number): Uint8Array => Uint8Array.from({ length: t.length }, () => (r() < p ? 1 : 0));
const masked = (mask: Uint8Array | null): number[] => rows.flatMap((_, i) => (!mask || mask[i] ? [i] : []));
const groupIndex = (row: Incident): number => THREAT_GROUPS.findIndex((g) => g.id === THREAT_TYPES.find((x) => x.id === row.threatType)!.group);

/** Naive calendar key of an ISO date, from JS Date only. */
function naiveKey(iso: string, bin: TimeBin): string {
  if (bin === 'day') return iso;
  if (bin === 'month') return iso.slice(0, 7);
  const d = new Date(`${iso}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7; // days since Monday
  return new Date(d.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

describe('calendar helpers', () => {
  it('startOfWeek is the Monday on or before, also before 1970', () => {
    for (let day = -800; day < 800; day += 13) {
      const s = startOfWeek(day);
      expect(new Date(s * 86_400_000).getUTCDay()).toBe(1);
      expect(day - s).toBeGreaterThanOrEqual(0);
      expect(day - s).toBeLessThan(7);
    }
  });
  it('months: start, end, and clamped month arithmetic', () => {
    const d = dayFromIso('2024-01-31');
    expect(isoFromDay(addMonths(d, 1))).toBe('2024-02-29');
    expect(isoFromDay(addMonths(d, 2))).toBe('2024-03-31');
    expect(isoFromDay(addMonths(d, -2))).toBe('2023-11-30');
    expect(isoFromDay(addMonths(dayFromIso('2023-12-15'), 1))).toBe('2024-01-15');
    expect(isoFromDay(startOfMonth(dayFromIso('2024-02-17')))).toBe('2024-02-01');
    expect(isoFromDay(endOfMonth(dayFromIso('2024-02-17')))).toBe('2024-02-29');
    expect(isoFromDay(endOfMonth(dayFromIso('1969-12-03')))).toBe('1969-12-31');
  });
});

describe('histogram', () => {
  it('equals a naive per-incident count by calendar key, for each bin size and random ranges', () => {
    for (let trial = 0; trial < 30; trial++) {
      const bin = (['day', 'week', 'month'] as const)[trial % 3]!;
      const mask = trial % 4 === 0 ? null : randomMask(0.6);
      const startDay = 19990 + Math.floor(r() * 400);
      const endDay = startDay + Math.floor(r() * 400);
      const h = histogram(t, mask, bin, startDay, endDay);
      // Naive: key -> counts per group / fatalities per group
      const want = new Map<string, { counts: number[]; fat: number[] }>();
      for (const i of masked(mask)) {
        const row = rows[i]!;
        const d = dayFromIso(row.date);
        if (d < startDay || d > endDay) continue;
        const k = naiveKey(row.date, bin);
        const e = want.get(k) ?? { counts: new Array(THREAT_GROUPS.length).fill(0), fat: new Array(THREAT_GROUPS.length).fill(0) };
        e.counts[groupIndex(row)]++;
        e.fat[groupIndex(row)] += row.fatalities;
        want.set(k, e);
      }
      // Bins tile the range contiguously, each within one calendar key, keys distinct.
      expect(h.bins[0]!.startDay).toBe(startDay);
      expect(h.bins.at(-1)!.endDay).toBe(endDay);
      const keys = new Set<string>();
      h.bins.forEach((b, j) => {
        if (j > 0) expect(b.startDay).toBe(h.bins[j - 1]!.endDay + 1);
        const k = naiveKey(isoFromDay(b.startDay), bin);
        expect(naiveKey(isoFromDay(b.endDay), bin)).toBe(k);
        expect(keys.has(k)).toBe(false);
        keys.add(k);
        const e = want.get(k);
        expect(b.counts).toEqual(e ? e.counts : new Array(THREAT_GROUPS.length).fill(0));
        expect(b.fatalitiesByGroup).toEqual(e ? e.fat : new Array(THREAT_GROUPS.length).fill(0));
        expect(b.total).toBe(b.counts.reduce((a, c) => a + c, 0));
      });
      expect([...want.keys()].every((k) => keys.has(k))).toBe(true);
      // Partial flags: clipped only at the ends.
      h.bins.slice(1, -1).forEach((b) => expect(b.partial).toBe(false));
      if (bin === 'day') h.bins.forEach((b) => expect(b.partial).toBe(false));
    }
  });
  it('an empty or inverted range gives no bins', () => {
    expect(histogram(t, null, 'week', 20010, 20009).bins).toEqual([]);
  });
  it('dailyCounts and dayExtent match naive loops', () => {
    const mask = randomMask(0.3);
    const ext = dayExtent(t, mask)!;
    const days = masked(mask).map((i) => dayFromIso(rows[i]!.date));
    expect(ext).toEqual({ startDay: Math.min(...days), endDay: Math.max(...days) });
    const dc = dailyCounts(t, mask, 20100, 20200);
    for (let d = 20100; d <= 20200; d++) expect(dc[d - 20100]).toBe(days.filter((x) => x === d).length);
    expect(dayExtent(t, new Uint8Array(t.length))).toBeNull();
  });
});

describe('perpetratorProfile', () => {
  function naiveProfile(mask: Uint8Array | null, areaOf?: Int32Array, names?: string[]) {
    const by = new Map<string, Incident[]>();
    for (const i of masked(mask)) {
      const row = rows[i]!;
      by.set(row.perpetrator, [...(by.get(row.perpetrator) ?? []), row]);
    }
    return { by, areaOf, names };
  }
  it('matches naive counts, fatalities, types, top area and trend', () => {
    for (let trial = 0; trial < 12; trial++) {
      const mask = trial === 0 ? null : randomMask(0.2 + r() * 0.7);
      const areaOf = Int32Array.from({ length: t.length }, () => Math.floor(r() * 9) - 1);
      const areaNames = Array.from({ length: 8 }, (_, k) => `Area ${String.fromCharCode(65 + k)}`);
      const top = 5 + Math.floor(r() * 40);
      const p = perpetratorProfile(t, mask, top, { areas: { areaOf, areaNames } });
      const { by } = naiveProfile(mask);
      expect(p.perpetrators).toBe(by.size);
      const fat = (xs: Incident[]): number => xs.reduce((a, x) => a + x.fatalities, 0);
      const order = [...by.entries()].sort(([na, a], [nb, b]) => b.length - a.length || fat(b) - fat(a) || (na < nb ? -1 : 1));
      expect(p.rows.map((x) => x.name)).toEqual(order.slice(0, top).map(([n]) => n));
      const maxDay = Math.max(...masked(mask).map((i) => dayFromIso(rows[i]!.date)));
      const minDay = Math.min(...masked(mask).map((i) => dayFromIso(rows[i]!.date)));
      expect(p.windows).toEqual({ recent: { startDay: maxDay - 89, endDay: maxDay }, previous: { startDay: maxDay - 179, endDay: maxDay - 90 } });
      expect(p.comparable).toBe(minDay <= maxDay - 179);
      for (const row of p.rows) {
        const xs = by.get(row.name)!;
        expect(row.count).toBe(xs.length);
        expect(row.fatalities).toBe(fat(xs));
        // Threat types: counts of the listed ones are right and no unlisted type beats them.
        const tc = new Map<string, number>();
        for (const x of xs) tc.set(x.threatType, (tc.get(x.threatType) ?? 0) + 1);
        const sorted = [...tc.values()].sort((a, b) => b - a);
        expect(row.topThreatTypes.map((c) => c.count)).toEqual(sorted.slice(0, 3));
        for (const c of row.topThreatTypes) expect(tc.get(THREAT_TYPES[c.code]!.id)).toBe(c.count);
        const pc = new Map<string, number>();
        for (const x of xs) pc.set(x.perpetratorType, (pc.get(x.perpetratorType) ?? 0) + 1);
        expect(pc.get(PERPETRATOR_TYPES[row.perpetratorType]!.id)).toBe(Math.max(...pc.values()));
        const gc = new Array(THREAT_GROUPS.length).fill(0);
        for (const x of xs) gc[groupIndex(x)]++;
        expect(gc[row.dominantGroup]).toBe(Math.max(...gc));
        // Area: the most frequent assigned area.
        const ac = new Map<number, number>();
        xs.forEach((x) => {
          const a = areaOf[rows.indexOf(x)]!;
          if (a >= 0) ac.set(a, (ac.get(a) ?? 0) + 1);
        });
        if (ac.size === 0) expect(row.topArea).toBeNull();
        else {
          expect(row.topArea!.count).toBe(Math.max(...ac.values()));
          expect(ac.get(row.topArea!.area)).toBe(row.topArea!.count);
          expect(row.topArea!.name).toBe(areaNames[row.topArea!.area]);
        }
        // Trend: same windows, naive count by ISO date strings.
        const inWin = (x: Incident, a: number, b: number): boolean => x.date >= isoFromDay(a) && x.date <= isoFromDay(b);
        const recent = xs.filter((x) => inWin(x, maxDay - 89, maxDay)).length;
        const previous = xs.filter((x) => inWin(x, maxDay - 179, maxDay - 90)).length;
        expect(row.trend.recent).toBe(recent);
        expect(row.trend.previous).toBe(previous);
        if (p.comparable && previous > 0) expect(row.trend.changePct).toBeCloseTo(((recent - previous) / previous) * 100, 9);
        if (!p.comparable) expect(row.trend.direction).toBe('unknown');
      }
    }
  });
  it('a separate trend mask and end day are honoured; short observed periods are not comparable', () => {
    const period = { startDay: 20300, endDay: 20330 };
    const all = randomMask(0.8);
    const inPeriod = Uint8Array.from(all, (m, i) => (m && t.day[i]! >= period.startDay && t.day[i]! <= period.endDay ? 1 : 0));
    const short = perpetratorProfile(t, inPeriod, 5, { endDay: period.endDay });
    expect(short.comparable).toBe(false);
    expect(short.rows.every((x) => x.trend.direction === 'unknown' && x.trend.changePct === null)).toBe(true);
    const wide = perpetratorProfile(t, inPeriod, 5, { endDay: period.endDay, trendMask: all });
    expect(wide.comparable).toBe(true);
    for (const row of wide.rows) {
      const xs = masked(all).map((i) => rows[i]!).filter((x) => x.perpetrator === row.name);
      const d = (x: Incident): number => dayFromIso(x.date);
      expect(row.trend.recent).toBe(xs.filter((x) => d(x) > period.endDay - 90 && d(x) <= period.endDay).length);
      expect(row.trend.previous).toBe(xs.filter((x) => d(x) > period.endDay - 180 && d(x) <= period.endDay - 90).length);
    }
  });
  it('nothing masked gives no rows', () => {
    expect(perpetratorProfile(t, new Uint8Array(t.length), 10)).toEqual({ rows: [], perpetrators: 0, windows: null, comparable: false });
  });
});

describe('victimTotals and topAreas', () => {
  it('victim sums equal naive sums, unknown included', () => {
    for (let trial = 0; trial < 10; trial++) {
      const mask = trial === 0 ? null : randomMask(r());
      const v = victimTotals(t, mask);
      const xs = masked(mask).map((i) => rows[i]!);
      const sum = (g: VictimGroup): number => xs.reduce((a, x) => a + x.victims[g], 0);
      expect(v.women).toBe(sum('women'));
      expect(v.men).toBe(sum('men'));
      expect(v.girls).toBe(sum('girls'));
      expect(v.boys).toBe(sum('boys'));
      expect(v.unknown).toBe(sum('unknown'));
      expect(v.unknown).toBeGreaterThan(0);
      expect(v.total).toBe(sum('women') + sum('men') + sum('girls') + sum('boys') + sum('unknown'));
      expect(v.incidentsWithVictims).toBe(xs.filter((x) => Object.values(x.victims).some((n) => n > 0)).length);
    }
  });
  it('top areas equal naive counts; unassigned kept apart', () => {
    for (let trial = 0; trial < 10; trial++) {
      const mask = trial === 0 ? null : randomMask(r());
      const nAreas = 3 + Math.floor(r() * 60);
      const areaOf = Int32Array.from({ length: t.length }, () => Math.floor(r() * (nAreas + 1)) - 1);
      const names = Array.from({ length: nAreas }, (_, k) => `Place ${k}`);
      const top = 1 + Math.floor(r() * 20);
      const res = topAreas(t, mask, areaOf, names, top);
      const c = new Map<number, { count: number; fatalities: number }>();
      let un = 0, unF = 0;
      for (const i of masked(mask)) {
        const a = areaOf[i]!;
        if (a < 0) { un++; unF += rows[i]!.fatalities; continue; }
        const e = c.get(a) ?? { count: 0, fatalities: 0 };
        e.count++;
        e.fatalities += rows[i]!.fatalities;
        c.set(a, e);
      }
      expect(res.unassigned).toEqual({ count: un, fatalities: unF });
      expect(res.areas).toBe(c.size);
      const want = [...c.entries()].sort(([a, x], [b, y]) => y.count - x.count || y.fatalities - x.fatalities || a - b)
        .slice(0, top).map(([a, x]) => ({ area: a, name: `Place ${a}`, ...x }));
      expect(res.rows).toEqual(want);
    }
  });
});

describe('facetCounts', () => {
  const aorOf = Int32Array.from({ length: t.length }, () => Math.floor(r() * 4) - 1);
  const reach = Uint8Array.from({ length: t.length }, () => Math.floor(r() * 8));
  const pick = (k: number, of: number): number[] => [...new Set(Array.from({ length: k }, () => Math.floor(r() * of)))];
  it('each option count equals the total with only that option chosen (others unchanged)', () => {
    for (let trial = 0; trial < 25; trial++) {
      const f: IncidentFilter = {};
      if (r() < 0.5) { const a = 20000 + Math.floor(r() * 600); f.period = { startDay: a, endDay: a + Math.floor(r() * 300) }; }
      if (r() < 0.5) f.threatTypes = pick(6, THREAT_TYPES.length);
      if (r() < 0.4) f.perpetratorTypes = pick(3, PERPETRATOR_TYPES.length);
      if (r() < 0.4) f.perpetrators = pick(8, 40);
      if (r() < 0.3) f.fatalities = { min: 1, max: 6 };
      if (r() < 0.3) f.sourceTypes = pick(4, SOURCE_TYPES.length);
      if (r() < 0.3) f.sourceReliability = pick(3, SOURCE_RELIABILITY.length);
      if (r() < 0.3) f.datePrecision = pick(2, DATE_PRECISIONS.length);
      if (r() < 0.3) f.locationPrecision = pick(3, LOCATION_PRECISIONS.length);
      if (r() < 0.3) f.victims = ['girls', 'boys'];
      if (r() < 0.3) f.aor = { aorOfIncident: aorOf, inside: r() < 0.5 };
      if (r() < 0.3) f.range = { reachBits: reach, mode: Math.floor(r() * 3), inRange: r() < 0.5 };
      const fc = facetCounts(t, f, { aorOfIncident: aorOf, reachBits: reach });
      const count = (g: IncidentFilter): number => applyFilter(t, g).count;
      expect(fc.total).toBe(count(f));
      const dims = [
        ['threatTypes', THREAT_TYPES.length], ['perpetratorTypes', PERPETRATOR_TYPES.length], ['perpetrators', 40],
        ['sourceTypes', SOURCE_TYPES.length], ['sourceReliability', SOURCE_RELIABILITY.length],
        ['datePrecision', DATE_PRECISIONS.length], ['locationPrecision', LOCATION_PRECISIONS.length],
      ] as const;
      for (const [key, size] of dims) {
        for (let c = 0; c < size; c++) expect(fc[key][c], `${key} ${c}`).toBe(count({ ...f, [key]: [c] }));
      }
      for (const g of ['women', 'men', 'girls', 'boys', 'unknown'] as const) expect(fc.victims[g]).toBe(count({ ...f, victims: [g] }));
      expect(fc.fatalitiesBase).toBe(count({ ...f, fatalities: undefined }));
      expect(fc.aor).toEqual({
        inside: count({ ...f, aor: { aorOfIncident: aorOf, inside: true } }),
        outside: count({ ...f, aor: { aorOfIncident: aorOf, inside: false } }),
      });
      MOBILITY_MODES.forEach((_, k) => {
        expect(fc.range!.inRange[k]).toBe(count({ ...f, range: { reachBits: reach, mode: k, inRange: true } }));
        expect(fc.range!.outOfRange[k]).toBe(count({ ...f, range: { reachBits: reach, mode: k, inRange: false } }));
      });
    }
  });
  it('without AOR / range data those counts are null', () => {
    const fc = facetCounts(t, {});
    expect(fc.aor).toBeNull();
    expect(fc.range).toBeNull();
    expect(fc.total).toBe(t.length);
  });
});
