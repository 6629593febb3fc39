/**
 * Test helpers for the threat modules (not used by the app): incidents from a few fields,
 * and small presences, settlements and sites with sensible defaults.
 */
import { destination } from '../domain/geo.ts';
import type { Incident, IncidentTable } from '../domain/incidents.ts';
import { dayFromIso, incidentTableFromObjects, isoFromDay } from '../domain/incidents.ts';
import type { DisplacementSite, Presence, Settlement } from '../domain/presence.ts';
import { DEFAULT_REACH_KM } from '../domain/presence.ts';
import type { PresenceTypeId } from '../domain/taxonomy.ts';
import type { EvidenceContext } from './evidence.ts';
import type { Ring } from './model.ts';

let seq = 0;
export function inc(p: Partial<Incident> & { lon: number; lat: number; date: string }): Incident {
  return {
    id: p.id ?? `I${++seq}`,
    datePrecision: 'day', locationPrecision: 'exact', threatType: 'killing', perpetrator: 'Unknown', perpetratorType: 'unknown',
    fatalities: 0, injured: 0, victims: { women: 0, men: 0, girls: 0, boys: 0, unknown: 0 },
    sourceType: 'dataset', sourceReliability: 'B', description: '',
    ...p,
  };
}

export function table(rows: Incident[]): IncidentTable {
  return incidentTableFromObjects(rows);
}

export function presence(id: string, name: string, type: PresenceTypeId, lon: number, lat: number, reach?: Partial<Presence['reachKm']>): Presence {
  return { id, name, type, component: 'military', strength: 100, lon, lat, reachKm: { ...DEFAULT_REACH_KM[type], ...reach } };
}

export function settlement(id: string, name: string, population: number, lon: number, lat: number): Settlement {
  return { id, name, population, lon, lat };
}

export function site(id: string, name: string, population: number, lon: number, lat: number, kind: DisplacementSite['kind'] = 'idp_site'): DisplacementSite {
  return { id, name, kind, population, lon, lat };
}

export const SCENARIO_SQUARE: Ring = [[20, 5], [20.2, 5], [20.2, 5.2], [20, 5.2], [20, 5]];
export const SCENARIO_DAY = dayFromIso('2024-06-30');
const day = (offset: number) => isoFromDay(SCENARIO_DAY - offset);

/** A threat area with killings, CRSV, settlements, an IDP site and two presences (evidence.test.ts checks its numbers by hand). */
export function scenario(): EvidenceContext {
  const A = { perpetrator: 'Group A', perpetratorType: 'armed_group' as const };
  const rows = [
    // Recent 30 days, inside: 6 killings by Group A (one kills 6: a mass killing), 1 CRSV by Group A, 1 looting by Group B.
    ...[0, 3, 7, 12, 20, 29].map((o, k) => inc({ id: `R${k}`, lon: 20.05 + 0.02 * k, lat: 5.1, date: day(o), fatalities: k === 2 ? 6 : 1, ...A })),
    inc({ id: 'C1', lon: 20.1, lat: 5.15, date: day(5), threatType: 'crsv', ...A }),
    inc({ id: 'L1', lon: 20.1, lat: 5.05, date: day(6), threatType: 'looting', perpetrator: 'Group B', perpetratorType: 'criminal' }),
    // Baseline (30 … 119 days ago), inside: 3 killings by Group A; outside: 1 killing.
    ...[30, 60, 119].map((o, k) => inc({ id: `B${k}`, lon: 20.15, lat: 5.1, date: day(o), fatalities: 1, ...A })),
    inc({ id: 'OUT', lon: 21, lat: 5.1, date: day(40), fatalities: 3, ...A }),
    // Older than both windows.
    inc({ id: 'OLD', lon: 20.1, lat: 5.1, date: day(120), fatalities: 9, ...A }),
  ];
  const [eLon, eLat] = destination(20.2, 5.1, 5, 90);
  const [fLon, fLat] = destination(20.2, 5.1, 15, 90);
  const [pLon, pLat] = destination(20.2, 5.1, 64, 90);
  const [hLon, hLat] = destination(20.2, 5.1, 150, 90);
  return {
    incidents: table(rows),
    settlements: [settlement('S1', 'Kanda', 30_000, 20.1, 5.1), settlement('S2', 'Mobo', 15_000, eLon, eLat), settlement('S3', 'Far', 100_000, fLon, fLat)],
    sites: [site('IDP1', 'Kanda IDP site', 8_000, 20.12, 5.12)],
    presences: [
      presence('P1', 'Camp East', 'operating_base', pLon, pLat, { foot: 10, road: 50, air: 0 }),
      presence('P2', 'Sector HQ', 'sector_hq', hLon, hLat, { foot: 10, road: 80, air: 250 }),
    ],
  };
}

