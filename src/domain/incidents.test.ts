import { describe, expect, it } from 'vitest';
import {
  INCIDENT_COLUMN_NAMES, dayFromIso, emptyIncidentTable, incidentAt, incidentTableFromObjects, incidentTransferables, isoFromDay, type Incident,
} from './incidents.ts';
import { THREAT_GROUPS, THREAT_GROUP_OF_TYPE, THREAT_TYPES, THREAT_TYPE_CODE } from './taxonomy.ts';

const row = (id: string, over: Partial<Incident> = {}): Incident => ({
  id, date: '2025-01-31', datePrecision: 'week', lon: 27.1, lat: 3.9, locationPrecision: 'near', threatType: 'abduction',
  perpetrator: 'Group A', perpetratorType: 'armed_group', fatalities: 1, injured: 0,
  victims: { women: 0, men: 1, girls: 0, boys: 2, unknown: 1 }, sourceType: 'community_alert', sourceReliability: 'C',
  description: 'x', ...over,
});

describe('columnar incidents', () => {
  it('round-trips objects through the columns', () => {
    const rows = [row('a'), row('b', { perpetrator: 'Group B', threatType: 'crsv', fatalities: 0 }), row('c', { perpetrator: 'Group A' })];
    const t = incidentTableFromObjects(rows);
    expect(t.length).toBe(3);
    expect(t.strings.perpetrators).toEqual(['Group A', 'Group B']);
    expect(Array.from(t.perpetrator)).toEqual([0, 1, 0]);
    rows.forEach((r, i) => expect(incidentAt(t, i)).toEqual(r));
  });
  it('every column owns its whole buffer, so it can be transferred', () => {
    const t = emptyIncidentTable(10);
    const buffers = incidentTransferables(t);
    expect(buffers).toHaveLength(INCIDENT_COLUMN_NAMES.length);
    expect(new Set(buffers).size).toBe(buffers.length);
    for (const name of INCIDENT_COLUMN_NAMES) expect(t[name].byteOffset).toBe(0);
    const { port1 } = new MessageChannel();
    port1.postMessage(t.lon, [t.lon.buffer]);
    expect(t.lon.byteLength).toBe(0); // detached: it moved, it was not copied
    port1.close();
  });
  it('dates are whole UTC days and impossible dates are refused', () => {
    expect(dayFromIso('1970-01-01')).toBe(0);
    expect(isoFromDay(dayFromIso('2024-02-29'))).toBe('2024-02-29');
    expect(dayFromIso('2023-02-29')).toBeNaN();
    expect(dayFromIso('2023-13-01')).toBeNaN();
    expect(dayFromIso('23-01-01')).toBeNaN();
  });
  it('every threat type belongs to one taxonomy group, and codes are stable', () => {
    expect(THREAT_TYPES.length).toBe(THREAT_GROUP_OF_TYPE.length);
    for (const g of THREAT_GROUP_OF_TYPE) expect(g).toBeLessThan(THREAT_GROUPS.length);
    // Stored codes must never move: spot-check a few.
    expect(THREAT_TYPE_CODE.killing).toBe(0);
    expect(THREAT_TYPE_CODE.crsv).toBe(6);
    expect(THREAT_TYPE_CODE.explosive_ordnance).toBe(18);
  });
});
