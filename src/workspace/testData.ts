/**
 * Small fixtures for the workspace tests: a dataset with every column filled, sensitive
 * incident types, formula-looking text and descriptions that must not leak.
 */
import type { Incident } from '../domain/incidents.ts';
import { incidentTableFromObjects } from '../domain/incidents.ts';
import type { Dataset } from '../io/dataset.ts';

export const SECRET = 'Witness Amina told the patrol';

export function incident(over: Partial<Incident>): Incident {
  return {
    id: 'I1', date: '2024-03-05', datePrecision: 'day', lon: 20.1234567, lat: 5.4321, locationPrecision: 'exact',
    threatType: 'killing', perpetrator: 'Group A', perpetratorType: 'armed_group', fatalities: 2, injured: 1,
    victims: { women: 1, men: 1, girls: 0, boys: 0, unknown: 1 }, sourceType: 'community_alert', sourceReliability: 'B',
    description: SECRET, ...over,
  };
}

export function sampleDataset(): Dataset {
  const incidents = incidentTableFromObjects([
    incident({ id: 'I1' }),
    incident({ id: 'I2', threatType: 'crsv', lon: 20.13, lat: 5.61, description: `${SECRET} (second)` }),
    incident({ id: 'I3', threatType: 'child_recruitment', lon: -12.34, lat: -7.89, locationPrecision: 'admin1', perpetrator: '=HYPERLINK("http://x")' }),
    incident({ id: '+I4', threatType: 'looting', lon: 21, lat: 6, perpetrator: '@Group B', description: '-2+3' }),
  ]);
  return {
    name: 'Test dataset', exercise: false, period: { start: '2024-03-05', end: '2024-03-05' }, incidents,
    presences: [{ id: 'P1', name: '=Base', type: 'operating_base', component: 'military', strength: 150, lon: 20.5, lat: 5.5, reachKm: { foot: 10, road: 50, air: 0 } }],
    aors: [{ id: 'A1', name: 'Sector East', owningUnit: 'BATT 1', geometry: { type: 'Polygon', coordinates: [[[20, 5], [21, 5], [21, 6], [20, 5]]] } }],
    sites: [{ id: 'S1', name: 'Camp', kind: 'idp_site', population: 1200, lon: 20.2, lat: 5.3 }],
    settlements: [], roads: null,
    rejected: [{ line: 7, field: 'date', value: '2024-02-30', reason: 'impossible date (no such day)' }],
  };
}
