import { describe, expect, it } from 'vitest';
import { incidentTableFromObjects, type Incident } from '../domain/incidents.ts';
import { incidentsToCsv, parseIncidentsCsv, safeTextCell } from './incidentsCsv.ts';

const base: Incident = {
  id: 'X-1', date: '2024-03-05', datePrecision: 'day', lon: 25.5, lat: 4.25, locationPrecision: 'exact',
  threatType: 'crsv', perpetrator: 'Group "A", north', perpetratorType: 'armed_group', fatalities: 0, injured: 2,
  victims: { women: 1, men: 0, girls: 1, boys: 0, unknown: 0 }, sourceType: 'humanitarian', sourceReliability: 'B',
  description: 'line one\nline two',
};

describe('incident CSV', () => {
  it('round-trips, including quotes and newlines in text', () => {
    const t = incidentTableFromObjects([base, { ...base, id: 'X-2', lon: -3.25, description: '=cmd()' }]);
    const csv = incidentsToCsv(t);
    const back = parseIncidentsCsv(csv);
    expect(back.rejected).toEqual([]);
    expect(back.records).toBe(2);
    expect(back.table.ids).toEqual(['X-1', 'X-2']);
    expect(back.table.descriptions[0]).toBe('line one\nline two');
    expect(back.table.descriptions[1]).toBe("'=cmd()"); // neutralised on export
    expect(back.table.lon[1]).toBe(-3.25); // numbers are never neutralised
    expect(back.table.strings.perpetrators[back.table.perpetrator[0]!]).toBe('Group "A", north');
  });
  it('reports the physical line of each rejected record', () => {
    const t = incidentTableFromObjects([base, { ...base, id: 'X-2' }, { ...base, id: 'X-3' }]);
    let csv = incidentsToCsv(t).replace('X-2,2024-03-05', 'X-2,2024-02-30').replace('X-3', 'X-1');
    csv = csv.replace(/\n/g, '\r\n') + '\r\n\r\n';
    const back = parseIncidentsCsv(csv);
    expect(back.records).toBe(3);
    expect(back.table.length + back.rejected.length).toBe(3);
    // Each record spans two lines (quoted newline in the description): header=1, X-1=2..3, X-2=4..5, X-3=6..7
    expect(back.rejected).toEqual([
      { line: 4, field: 'date', value: '2024-02-30', reason: 'date is not a real YYYY-MM-DD date' },
      { line: 6, field: 'id', value: 'X-1', reason: 'duplicate id (the first record with this id was kept)' },
    ]);
  });
  it('neutralises formula cells', () => {
    for (const s of ['=1+1', '+1', '-1', '@x', '\tx', '\rx']) expect(safeTextCell(s).startsWith("'")).toBe(true);
    expect(safeTextCell('ok')).toBe('ok');
  });
});
