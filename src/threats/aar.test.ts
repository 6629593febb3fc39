import { describe, expect, it } from 'vitest';
import { rng } from '../analysis/testing.ts';
import { destination, distanceKm } from '../domain/geo.ts';
import { isoFromDay } from '../domain/incidents.ts';
import type { Presence } from '../domain/presence.ts';
import type { LocationPrecisionId, PresenceTypeId, ThreatTypeId } from '../domain/taxonomy.ts';
import { LOCATION_PRECISIONS, PRESENCE_TYPES, THREAT_TYPES } from '../domain/taxonomy.ts';
import type { AarOptions, AarTrigger } from './aar.ts';
import { AAR_CSV_COLUMNS, PHYSICAL_VIOLENCE_TYPES, aarToCsv, aarTriggers } from './aar.ts';
import { inc, presence, table } from './testData.ts';

const DAY = 19_800;

/** Brute force over every incident × presence pair, the rule written out plainly. */
function brute(t: ReturnType<typeof table>, ps: readonly Presence[], o: Required<Pick<AarOptions, 'distanceKm' | 'uncertaintyKm'>> & { triggerPrecisions: LocationPrecisionId[]; violence: boolean }) {
  const out = new Map<number, { p: number; d: number; n: number; status: string }>();
  for (let i = 0; i < t.length; i++) {
    const type = THREAT_TYPES[t.threatType[i]!]!.id;
    if (!(t.fatalities[i]! > 0 || t.injured[i]! > 0 || (o.violence && PHYSICAL_VIOLENCE_TYPES.includes(type)))) continue;
    const prec = LOCATION_PRECISIONS[t.locationPrecision[i]!]!.id;
    const precise = o.triggerPrecisions.includes(prec);
    let best = -1, bd = Infinity, n = 0;
    ps.forEach((p, k) => {
      const d = distanceKm(p.lon, p.lat, t.lon[i]!, t.lat[i]!);
      const limit = o.distanceKm[p.type]! + (precise ? 0 : o.uncertaintyKm[prec]!);
      if (d <= limit + 1e-6) { n++; if (d < bd || (d === bd && k < best)) { bd = d; best = k; } }
    });
    if (best >= 0) out.set(i, { p: best, d: bd, n, status: precise ? 'review_required' : 'possible_location_imprecise' });
  }
  return out;
}

describe('after-action review triggers', () => {
  it('match brute force on random data (antimeridian and high latitudes included)', () => {
    const r = rng(99);
    for (const [clon, clat] of [[20, 5], [179.5, -10], [-10, 84]] as const) {
      const rows = [];
      const ps: Presence[] = [];
      for (let k = 0; k < 40; k++) {
        const [lon, lat] = destination(clon, clat, 150 * Math.sqrt(r()), 360 * r());
        ps.push(presence(`P${k}`, `Base ${String.fromCharCode(65 + (k % 26))}`, PRESENCE_TYPES[Math.floor(r() * PRESENCE_TYPES.length)]!.id, lon, lat));
      }
      for (let k = 0; k < 4000; k++) {
        const [lon, lat] = destination(clon, clat, 170 * Math.sqrt(r()), 360 * r());
        rows.push(inc({
          lon, lat, date: isoFromDay(DAY - Math.floor(r() * 100)),
          fatalities: r() < 0.3 ? Math.floor(r() * 4) : 0, injured: r() < 0.2 ? Math.floor(r() * 3) : 0,
          threatType: THREAT_TYPES[Math.floor(r() * THREAT_TYPES.length)]!.id,
          locationPrecision: LOCATION_PRECISIONS[Math.floor(r() * LOCATION_PRECISIONS.length)]!.id,
        }));
      }
      // Exactly on the boundary of a presence's distance: inside (inclusive).
      const [bl, bb] = destination(ps[0]!.lon, ps[0]!.lat, 10, 33);
      rows.push(inc({ lon: bl, lat: bb, date: isoFromDay(DAY), fatalities: 1 }));
      const t = table(rows);
      const distance: Partial<Record<PresenceTypeId, number>> = { mission_hq: 15, sector_hq: 12, operating_base: 10, police_base: 8, field_office: 5, poc_site: 10 };
      // operating_base 10 km: make sure presence 0 has it for the boundary case.
      ps[0] = { ...ps[0]!, type: 'operating_base' };
      for (const violence of [true, false]) {
        const res = aarTriggers(t, ps, { distanceKm: distance, includePhysicalViolence: violence });
        const want = brute(t, ps, { distanceKm: distance, uncertaintyKm: res.rule.uncertaintyKm, triggerPrecisions: ['exact', 'near'], violence });
        const got = new Map<number, AarTrigger>([...res.reviewRequired, ...res.possible].map((x) => [x.index, x]));
        expect(got.size).toBe(want.size);
        expect(res.reviewRequired.length).toBeGreaterThan(20);
        expect(res.possible.length).toBeGreaterThan(20);
        // One comparison of the whole lists (thousands of expect calls would dominate the run time).
        const wantRows = [...want].sort((a, b) => a[0] - b[0]).map(([i, w]) => [i, ps[w.p]!.id, w.status, w.n - 1, w.d]);
        const gotRows = [...got].sort((a, b) => a[0] - b[0]).map(([i, g]) => [i, g.presenceId, g.status, g.otherPresences, g.distanceKm]);
        expect(gotRows).toEqual(wantRows);
        expect(got.has(t.length - 1)).toBe(true);
        // Country-level incidents with casualties always appear as "possible" (nothing is dropped).
        let countryMissing = 0;
        for (let i = 0; i < t.length; i++) {
          if (LOCATION_PRECISIONS[t.locationPrecision[i]!]!.id === 'country' && (t.fatalities[i]! > 0 || t.injured[i]! > 0) && got.get(i)?.status !== 'possible_location_imprecise') countryMissing++;
        }
        expect(countryMissing).toBe(0);
      }
    }
  });

  it('lists review required vs possible, most recent first, with own harm marked', () => {
    const base = presence('B1', 'Camp Alpha', 'operating_base', 20, 5);
    const at = (km: number) => destination(20, 5, km, 0);
    const rows = [
      inc({ id: 'near-killed', ...lonlat(at(3)), date: isoFromDay(DAY - 5), fatalities: 2 }),
      inc({ id: 'near-injured-own', ...lonlat(at(9.9)), date: isoFromDay(DAY), injured: 1, perpetrator: 'Mission troops', perpetratorType: 'mission_or_partner' }),
      inc({ id: 'crsv-no-count', ...lonlat(at(1)), date: isoFromDay(DAY - 1), threatType: 'crsv' }),
      inc({ id: 'looting', ...lonlat(at(1)), date: isoFromDay(DAY - 1), threatType: 'looting' }),
      inc({ id: 'far', ...lonlat(at(10.5)), date: isoFromDay(DAY), fatalities: 1 }),
      inc({ id: 'admin2-centroid', ...lonlat(at(30)), date: isoFromDay(DAY - 2), fatalities: 1, locationPrecision: 'admin2' }),
      inc({ id: 'admin1-far', ...lonlat(at(200)), date: isoFromDay(DAY - 2), fatalities: 1, locationPrecision: 'admin1' }),
      inc({ id: '=HYPERLINK("x")', ...lonlat(at(2)), date: isoFromDay(DAY - 9), fatalities: 1 }),
    ];
    const t = table(rows);
    const res = aarTriggers(t, [base]);
    expect(res.reviewRequired.map((x) => x.incidentId)).toEqual(['near-injured-own', 'crsv-no-count', 'near-killed', '=HYPERLINK("x")']);
    expect(res.possible.map((x) => x.incidentId)).toEqual(['admin2-centroid']);
    expect(res.reviewRequired[0]).toMatchObject({ ownHarm: true, injured: 1, killed: 0, presenceName: 'Camp Alpha', limitKm: 10 });
    expect(res.possible[0]!.limitKm).toBe(35);
    // Per presence type distance; physical violence off.
    const wide = aarTriggers(t, [base], { distanceKm: { operating_base: 11 }, includePhysicalViolence: false });
    expect(wide.reviewRequired.map((x) => x.incidentId)).toContain('far');
    expect(wide.reviewRequired.map((x) => x.incidentId)).not.toContain('crsv-no-count');
    // Period.
    expect(aarTriggers(t, [base], { period: { startDay: DAY, endDay: DAY } }).reviewRequired.map((x) => x.incidentId)).toEqual(['near-injured-own']);

    const csv = aarToCsv(res);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe(AAR_CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(1 + 5);
    expect(lines[1]).toMatch(/^review required,near-injured-own,\d{4}-\d{2}-\d{2},exact,killing,mission_or_partner,Mission troops,yes,0,1,B1,Camp Alpha,operating_base,9\.90,10\.00,0$/);
    // Formula-looking ids are neutralised and quoted.
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(lines[5]).toMatch(/^possible, location imprecise|^"possible, location imprecise"/);
  });

  it('no presences, no triggers; no casualties, no triggers', () => {
    const t = table([inc({ lon: 0, lat: 0, date: isoFromDay(DAY), fatalities: 3 })]);
    expect(aarTriggers(t, []).reviewRequired).toEqual([]);
    const calm = table([inc({ lon: 0, lat: 0, date: isoFromDay(DAY), threatType: 'looting' as ThreatTypeId })]);
    expect(aarTriggers(calm, [presence('B', 'B', 'operating_base', 0, 0)]).reviewRequired).toEqual([]);
  });
});

function lonlat([lon, lat]: [number, number]): { lon: number; lat: number } {
  return { lon, lat };
}
