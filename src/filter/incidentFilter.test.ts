import { describe, expect, it } from 'vitest';
import { applyFilter, maskToIndices, type IncidentFilter, type VictimGroup } from './incidentFilter.ts';
import { incidentAt, type Incident } from '../domain/incidents.ts';
import { mulberry32, randomIncidents } from '../../tests/fixtures/randomIncidents.ts';
import { DATE_PRECISIONS, LOCATION_PRECISIONS, PERPETRATOR_TYPES, SOURCE_RELIABILITY, SOURCE_TYPES, THREAT_TYPES } from '../domain/taxonomy.ts';
import { dayFromIso } from '../domain/incidents.ts';

/** The oracle: the obvious filter over incident objects. */
function naive(rows: Incident[], f: IncidentFilter, perpNames: string[], aorOf?: Int32Array, reach?: Uint8Array): number[] {
  const code = (table: readonly { id: string }[], id: string): number => table.findIndex((x) => x.id === id);
  return rows.flatMap((r, i) => {
    const day = dayFromIso(r.date);
    if (f.period && (day < f.period.startDay || day > f.period.endDay)) return [];
    if (f.threatTypes && !f.threatTypes.includes(code(THREAT_TYPES, r.threatType))) return [];
    if (f.perpetratorTypes && !f.perpetratorTypes.includes(code(PERPETRATOR_TYPES, r.perpetratorType))) return [];
    if (f.perpetrators && !f.perpetrators.includes(perpNames.indexOf(r.perpetrator))) return [];
    if (f.fatalities && (r.fatalities < f.fatalities.min || r.fatalities > f.fatalities.max)) return [];
    if (f.sourceTypes && !f.sourceTypes.includes(code(SOURCE_TYPES, r.sourceType))) return [];
    if (f.sourceReliability && !f.sourceReliability.includes(code(SOURCE_RELIABILITY, r.sourceReliability))) return [];
    if (f.datePrecision && !f.datePrecision.includes(code(DATE_PRECISIONS, r.datePrecision))) return [];
    if (f.locationPrecision && !f.locationPrecision.includes(code(LOCATION_PRECISIONS, r.locationPrecision))) return [];
    if (f.victims?.length && !f.victims.some((g) => r.victims[g] > 0)) return [];
    if (f.aor && aorOf) {
      if (f.aor.inside !== undefined && (aorOf[i]! >= 0) !== f.aor.inside) return [];
      if (f.aor.aors && !f.aor.aors.includes(aorOf[i]!)) return [];
    }
    if (f.range && reach && (((reach[i]! >> f.range.mode) & 1) === 1) !== f.range.inRange) return [];
    if (f.selection && !Array.from(f.selection).includes(i)) return [];
    return [i];
  });
}

describe('applyFilter', () => {
  const t = randomIncidents(3000, 7);
  const rows = Array.from({ length: t.length }, (_, i) => incidentAt(t, i));
  const r = mulberry32(99);
  const aorOf = Int32Array.from({ length: t.length }, () => Math.floor(r() * 5) - 1);
  const reach = Uint8Array.from({ length: t.length }, () => Math.floor(r() * 8));
  const pick = (k: number, of: number): number[] => Array.from({ length: k }, () => Math.floor(r() * of));

  it('equals the naive object filter on 200 random filter combinations', () => {
    for (let trial = 0; trial < 200; trial++) {
      const f: IncidentFilter = {};
      if (r() < 0.5) { const a = 20000 + Math.floor(r() * 700); f.period = { startDay: a, endDay: a + Math.floor(r() * 200) }; }
      if (r() < 0.4) f.threatTypes = pick(4, THREAT_TYPES.length);
      if (r() < 0.3) f.perpetratorTypes = pick(3, PERPETRATOR_TYPES.length);
      if (r() < 0.3) f.perpetrators = pick(5, 40);
      if (r() < 0.3) f.fatalities = { min: Math.floor(r() * 3), max: 3 + Math.floor(r() * 10) };
      if (r() < 0.2) f.sourceTypes = pick(3, SOURCE_TYPES.length);
      if (r() < 0.2) f.sourceReliability = pick(3, SOURCE_RELIABILITY.length);
      if (r() < 0.2) f.datePrecision = pick(2, DATE_PRECISIONS.length);
      if (r() < 0.2) f.locationPrecision = pick(2, LOCATION_PRECISIONS.length);
      if (r() < 0.3) f.victims = (['women', 'men', 'girls', 'boys', 'unknown'] as VictimGroup[]).filter(() => r() < 0.4);
      if (r() < 0.3) f.aor = r() < 0.5 ? { aorOfIncident: aorOf, inside: r() < 0.5 } : { aorOfIncident: aorOf, aors: pick(2, 4) };
      if (r() < 0.3) f.range = { reachBits: reach, mode: Math.floor(r() * 3), inRange: r() < 0.5 };
      if (r() < 0.1) f.selection = Uint32Array.from(new Set(pick(300, t.length))).sort();
      const { mask, count } = applyFilter(t, f);
      const expected = naive(rows, f, t.strings.perpetrators, aorOf, reach);
      expect(Array.from(maskToIndices(mask))).toEqual(expected);
      expect(count).toBe(expected.length);
    }
  });
  it('an empty filter keeps everything; ignorePeriod drops only the period', () => {
    expect(applyFilter(t, {}).count).toBe(t.length);
    const f: IncidentFilter = { period: { startDay: 0, endDay: 1 } };
    expect(applyFilter(t, f).count).toBe(0);
    expect(applyFilter(t, f, { ignorePeriod: true }).count).toBe(t.length);
  });
});
