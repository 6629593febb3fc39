import { describe, expect, it } from 'vitest';
import { rng } from '../analysis/testing.ts';
import { dayFromIso, isoFromDay } from '../domain/incidents.ts';
import { PERPETRATOR_TYPES, THREAT_TYPES } from '../domain/taxonomy.ts';
import type { IncidentFilter } from '../filter/incidentFilter.ts';
import { applyFilter } from '../filter/incidentFilter.ts';
import { OWN_HARM_CODE, ownHarmHiddenBy, ownHarmSummary, withOwnHarmVisible } from './ownHarm.ts';
import { inc, table } from './testData.ts';

const PERPS = [
  { perpetrator: 'Group A', perpetratorType: 'armed_group' as const },
  { perpetrator: 'Army', perpetratorType: 'state_forces' as const },
  { perpetrator: 'Mission troops', perpetratorType: 'mission_or_partner' as const },
  { perpetrator: 'Partnered forces', perpetratorType: 'mission_or_partner' as const },
  { perpetrator: 'Unknown', perpetratorType: 'unknown' as const },
];

function randomTable(seed: number) {
  const r = rng(seed);
  const rows = [];
  for (let k = 0; k < 600; k++) {
    rows.push(inc({
      lon: r(), lat: r(), date: isoFromDay(dayFromIso('2024-01-01') + Math.floor(r() * 180)),
      threatType: THREAT_TYPES[Math.floor(r() * THREAT_TYPES.length)]!.id, fatalities: Math.floor(r() * 3), injured: Math.floor(r() * 2),
      ...PERPS[Math.floor(r() * PERPS.length)]!,
    }));
  }
  return table(rows);
}

function randomFilter(r: () => number, nNames: number): IncidentFilter {
  const pick = (n: number) => Array.from({ length: n }, (_, c) => c).filter(() => r() < 0.4);
  const f: IncidentFilter = {};
  if (r() < 0.7) f.perpetratorTypes = pick(PERPETRATOR_TYPES.length);
  if (r() < 0.5) f.perpetrators = pick(nNames);
  if (r() < 0.4) f.threatTypes = pick(THREAT_TYPES.length);
  if (r() < 0.3) f.fatalities = { min: 1, max: 5 };
  if (r() < 0.3) f.period = { startDay: dayFromIso('2024-02-01'), endDay: dayFromIso('2024-04-01') };
  return f;
}

describe('own harm is never hidden', () => {
  it('widened filters let every own-harm incident through that passes the non-perpetrator criteria (property test)', () => {
    const t = randomTable(1);
    const r = rng(2);
    for (let trial = 0; trial < 300; trial++) {
      const f = randomFilter(r, t.strings.perpetrators.length);
      const w = withOwnHarmVisible(f, t);
      const withoutPerp: IncidentFilter = { ...f, perpetratorTypes: undefined, perpetrators: undefined };
      const base = applyFilter(t, withoutPerp).mask, got = applyFilter(t, w).mask, orig = applyFilter(t, f).mask;
      let hidden = 0, ownWrong = 0, otherLost = 0;
      for (let i = 0; i < t.length; i++) {
        const own = t.perpetratorType[i] === OWN_HARM_CODE;
        if (own && got[i] !== base[i]) ownWrong++; // own harm: exactly the non-perpetrator criteria decide
        if (!own && got[i]! < orig[i]!) otherLost++; // widening hides nothing else
        if (own && got[i] && !orig[i]) hidden++;
      }
      expect([ownWrong, otherLost]).toEqual([0, 0]);
      expect(ownHarmHiddenBy(t, f)).toBe(hidden);
      // Idempotent, and the same object when nothing needs changing.
      expect(withOwnHarmVisible(w, t)).toBe(w);
      // Other fields untouched.
      expect({ ...w, perpetratorTypes: undefined, perpetrators: undefined }).toEqual(withoutPerp);
    }
    expect(withOwnHarmVisible({})).toEqual({});
  });

  it('counts own harm separately by period, type and perpetrator, whatever the perpetrator filter says', () => {
    const d = dayFromIso('2024-03-10');
    const t = table([
      inc({ lon: 0, lat: 0, date: isoFromDay(d), fatalities: 2, injured: 1, threatType: 'killing', ...PERPS[2]! }),
      inc({ lon: 0, lat: 0, date: isoFromDay(d + 30), fatalities: 0, injured: 3, threatType: 'assault', ...PERPS[3]! }),
      inc({ lon: 0, lat: 0, date: isoFromDay(d + 31), fatalities: 1, threatType: 'killing', ...PERPS[2]! }),
      inc({ lon: 0, lat: 0, date: isoFromDay(d), fatalities: 9, threatType: 'massacre', ...PERPS[0]! }),
    ]);
    const armedOnly: IncidentFilter = { perpetratorTypes: [PERPETRATOR_TYPES.findIndex((p) => p.id === 'armed_group')] };
    const s = ownHarmSummary(t, { filter: armedOnly, bin: 'month' });
    expect(s.total).toEqual({ incidents: 3, fatalities: 3, injured: 4 });
    expect(s.byType).toEqual([{ id: 'killing', incidents: 2, fatalities: 3, injured: 1 }, { id: 'assault', incidents: 1, fatalities: 0, injured: 3 }]);
    expect(s.byPerpetrator.map((p) => [p.name, p.incidents])).toEqual([['Mission troops', 2], ['Partnered forces', 1]]);
    expect(s.byPeriod.map((p) => [isoFromDay(p.startDay), p.incidents, p.fatalities])).toEqual([['2024-03-01', 1, 2], ['2024-04-01', 2, 1]]);
    expect(Array.from(s.indices)).toEqual([0, 1, 2]);
    expect(ownHarmHiddenBy(t, armedOnly)).toBe(3);
    // A period still applies.
    expect(ownHarmSummary(t, { period: { startDay: d, endDay: d } }).total.incidents).toBe(1);
  });
});
