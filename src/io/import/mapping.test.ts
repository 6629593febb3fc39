/**
 * The mapping tables, row by row, against expectations written out here independently
 * of the tables (so a change to a table must be made twice, on purpose), plus the
 * shared cell validators, and the check that docs/import-mapping.md is generated from
 * the current tables.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Incident } from '../../domain/incidents.ts';
import { dayFromIso, incidentAt, incidentTableFromObjects } from '../../domain/incidents.ts';
import { ACLED_EVENT_RULES } from './acled.ts';
import { guessMapping } from './generic.ts';
import { importStream, importText } from './importer.ts';
import { renderMappingBlock } from './mappingDoc.ts';
import { previewFile } from './preview.ts';
import { rng } from './synthetic.ts';
import { IncidentTableBuilder } from './tableBuilder.ts';
import type { ImportOptions, ImportResult } from './types.ts';
import { Reject, checkPoint, daysFromCivil, parseCount, parseDate, parseNumber, sniffDateOrder } from './values.ts';

const here = dirname(fileURLToPath(import.meta.url));
const OPTS: ImportOptions = { today: '2025-01-01' };

function only(r: ImportResult): ReturnType<typeof incidentAt> {
  if (r.kind !== 'incidents' || r.accepted.length !== 1) throw new Error(`expected one accepted incident, got ${JSON.stringify(r.rejected)}`);
  return incidentAt(r.accepted, 0);
}

// ---- ACLED ------------------------------------------------------------------------------
const ACLED_COLS = ['iso', 'event_id_cnty', 'event_id_no_cnty', 'event_date', 'year', 'time_precision', 'event_type', 'sub_event_type', 'actor1', 'assoc_actor_1', 'inter1', 'actor2', 'assoc_actor_2', 'inter2', 'interaction', 'region', 'country', 'admin1', 'admin2', 'admin3', 'location', 'latitude', 'longitude', 'geo_precision', 'source', 'source_scale', 'notes', 'fatalities', 'timestamp'];
function acledRow(over: Record<string, string>): string {
  const base: Record<string, string> = {
    event_id_cnty: 'T1', event_date: '2022-03-01', time_precision: '1', actor1: 'Actor One', inter1: '3', actor2: 'Civilians (X)', inter2: '7',
    latitude: '4.5', longitude: '20.1', geo_precision: '1', source: 'Secret Radio', notes: 'note', fatalities: '0', location: 'Town',
  };
  const v = { ...base, ...over };
  const q = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return `${ACLED_COLS.join(',')}\n${ACLED_COLS.map((c) => q(v[c] ?? '')).join(',')}\n`;
}

type Exp = [eventType: string, sub: string, fatalities: number, civiliansTargeted: boolean, threat: string, civilianFatalities: number, notes?: string];
const ACLED_EXPECT: Exp[] = [
  ['Violence against civilians', 'Sexual violence', 0, true, 'crsv', 0],
  ['Violence against civilians', 'Attack', 3, true, 'killing', 3],
  ['Violence against civilians', 'Attack', 0, true, 'assault', 0],
  ['Violence against civilians', 'Abduction/forced disappearance', 1, true, 'abduction', 1],
  ['Explosions/Remote violence', 'Remote explosive/landmine/IED', 2, false, 'explosive_ordnance', 0],
  ['Explosions/Remote violence', 'Remote explosive/landmine/IED', 2, true, 'explosive_ordnance', 2],
  ['Explosions/Remote violence', 'Shelling/artillery/missile attack', 4, false, 'other', 0],
  ['Explosions/Remote violence', 'Shelling/artillery/missile attack', 4, true, 'killing', 4],
  ['Explosions/Remote violence', 'Air/drone strike', 0, true, 'assault', 0],
  ['Explosions/Remote violence', 'Suicide bomb', 5, false, 'other', 0],
  ['Explosions/Remote violence', 'Grenade', 1, true, 'killing', 1],
  ['Explosions/Remote violence', 'Chemical weapon', 0, false, 'other', 0],
  ['Battles', 'Armed clash', 10, false, 'other', 0],
  ['Battles', 'Government regains territory', 2, false, 'other', 0],
  ['Battles', 'Non-state actor overtakes territory', 0, false, 'other', 0],
  ['Protests', 'Excessive force against protesters', 1, false, 'killing', 1],
  ['Protests', 'Protest with intervention', 0, false, 'REJECT', 0],
  ['Protests', 'Peaceful protest', 0, false, 'REJECT', 0],
  ['Riots', 'Mob violence', 0, true, 'assault', 0],
  ['Riots', 'Violent demonstration', 1, false, 'other', 0],
  ['Strategic developments', 'Looting/property destruction', 0, true, 'looting', 0, 'Looting: armed men looted 20 cows.'],
  ['Strategic developments', 'Looting/property destruction', 0, true, 'destruction_of_homes', 0, 'Property destruction: militiamen burned down 40 houses.'],
  ['Strategic developments', 'Looting/property destruction', 0, true, 'looting', 0, 'Property destruction: armed men killed 25 cattle.'],
  ['Strategic developments', 'Arrests', 0, true, 'arbitrary_detention', 0],
  ['Strategic developments', 'Disrupted weapons use', 0, false, 'other', 0],
  ['Strategic developments', 'Other', 0, false, 'other', 0],
  ['Strategic developments', 'Agreement', 0, false, 'REJECT', 0],
  ['Strategic developments', 'Change to group/activity', 0, false, 'REJECT', 0],
  ['Strategic developments', 'Headquarters or base established', 0, false, 'REJECT', 0],
  ['Strategic developments', 'Non-violent transfer of territory', 0, false, 'REJECT', 0],
  ['Something new', 'Never seen', 1, false, 'other', 0],
];

describe('ACLED mapping table', () => {
  it('every rule in the table has an expectation here', () => {
    const covered = new Set(ACLED_EXPECT.map((e) => `${e[0]}|${e[1]}`));
    for (const r of ACLED_EVENT_RULES) expect(covered.has(`${r.eventType}|${r.subEventType}`), `${r.eventType} / ${r.subEventType}`).toBe(true);
  });

  for (const [et, st, fat, civ, threat, civFat, notes] of ACLED_EXPECT) {
    it(`${et} / ${st} (fatalities ${fat}, civilians ${civ ? '' : 'not '}targeted${notes ? `, "${notes.slice(0, 22)}…"` : ''}) → ${threat}`, () => {
      const r = importText(acledRow({
        event_type: et, sub_event_type: st, fatalities: String(fat), inter2: civ ? '7' : '2', actor2: civ ? 'Civilians (X)' : 'Rebels', ...(notes ? { notes } : {}),
      }), OPTS);
      expect(r.records).toBe(1);
      if (threat === 'REJECT') {
        expect(r.rejected).toEqual([{ line: 2, field: 'sub_event_type', value: `${et} / ${st}`, reason: expect.stringMatching(/^outside POC scope/) as unknown as string }]);
        return;
      }
      const inc = only(r);
      expect(inc.threatType).toBe(threat);
      expect(inc.fatalities).toBe(civFat);
      expect(inc.sourceType).toBe('dataset');
      expect(inc.description).not.toContain('Secret Radio'); // source names never copied
      if (threat === 'other') expect(r.warnings.length).toBeGreaterThan(0);
    });
  }

  it('Excessive force: the perpetrator is actor2 (actor1 is the protesters)', () => {
    const inc = only(importText(acledRow({ event_type: 'Protests', sub_event_type: 'Excessive force against protesters', actor1: 'Protesters (X)', inter1: '6', actor2: 'Police Forces of X (2019-)', inter2: '1' }), OPTS));
    expect([inc.perpetrator, inc.perpetratorType]).toEqual(['Police Forces of X (2019-)', 'state_forces']);
  });

  const INTER: [string, string, string, boolean][] = [
    ['1', 'Military Forces of X', 'state_forces', false], ['2', 'Rebels', 'armed_group', false], ['3', 'Unidentified Armed Group (X)', 'armed_group', false],
    ['4', 'Y Ethnic Militia (X)', 'self_defence_group', false], ['5', 'Rioters (X)', 'communal', false], ['7', 'Civilians (X)', 'communal', false],
    ['State forces', 'Police Forces of X', 'state_forces', false], ['Political militia', 'Militia', 'armed_group', false], ['Identity militia', 'Clan', 'self_defence_group', false],
    ['8', 'MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali (2021-)', 'mission_or_partner', false],
    ['8', 'Military Forces of France (2017-)', 'state_forces', false], ['External/Other forces', 'Wagner Group', 'unknown', true], ['', 'Someone', 'unknown', true],
  ];
  for (const [code, actor, type, warns] of INTER) {
    it(`inter1 "${code}" with actor1 "${actor.slice(0, 30)}" → ${type}${warns ? ' (warning)' : ''}`, () => {
      const r = importText(acledRow({ event_type: 'Violence against civilians', sub_event_type: 'Attack', inter1: code, actor1: actor }), OPTS);
      const inc = only(r);
      expect([inc.perpetrator, inc.perpetratorType]).toEqual([actor, type]);
      expect(r.warnings.length > 0).toBe(warns);
    });
  }

  it('precisions and date formats', () => {
    const a = only(importText(acledRow({ event_type: 'Violence against civilians', sub_event_type: 'Attack', geo_precision: '3', time_precision: '2', event_date: '31 July 2020' }), OPTS));
    expect([a.locationPrecision, a.datePrecision, a.date]).toEqual(['admin2', 'week', '2020-07-31']);
    const r = importText(acledRow({ event_type: 'Violence against civilians', sub_event_type: 'Attack', geo_precision: '9', time_precision: '' }), OPTS);
    const b = only(r);
    expect([b.locationPrecision, b.datePrecision]).toEqual(['admin2', 'month']);
    expect(r.warnings.map((w) => w.field)).toEqual(['geo_precision', 'time_precision']);
  });
});

// ---- GED --------------------------------------------------------------------------------
const GED_COLS = 'id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,conflict_name,dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,side_b_dset_id,side_b_new_id,side_b,number_of_sources,source_article,source_office,source_date,source_headline,source_original,where_prec,where_coordinates,where_description,adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,country_id,region,event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,best,high,low,gwnoa,gwnob'.split(',');
function gedRow(over: Record<string, string>): string {
  const v: Record<string, string> = {
    id: '1', type_of_violence: '3', side_a: 'FPRC', side_a_new_id: '111', side_b: 'Civilians', where_prec: '1', latitude: '7.1', longitude: '20.2',
    date_prec: '1', date_start: '2019-05-04 00:00:00.000', deaths_civilians: '5', best: '5', low: '5', high: '7', source_article: 'Agency 12/3', where_description: 'Ndele town', ...over,
  };
  return `${GED_COLS.join(',')}\n${GED_COLS.map((c) => v[c] ?? '').join(',')}\n`;
}

describe('GED mapping', () => {
  it('one-sided violence → killing by side_a, deaths_civilians as fatalities, official date format', () => {
    const r = importText(gedRow({}), OPTS);
    const inc = only(r);
    expect([inc.threatType, inc.fatalities, inc.perpetrator, inc.perpetratorType, inc.date]).toEqual(['killing', 5, 'FPRC', 'unknown', '2019-05-04']);
    expect(r.warnings.map((w) => w.message)).toEqual(['perpetrator type unknown (no actor list supplied)']);
    expect(inc.description).not.toContain('Agency');
  });
  it('Government of X is state forces; a user actor list types the rest (by id or name)', () => {
    expect(only(importText(gedRow({ side_a: 'Government of Central African Republic' }), OPTS)).perpetratorType).toBe('state_forces');
    const actors = new Map([['111', 'armed_group' as const]]);
    const r = importText(gedRow({}), { ...OPTS, actorTypes: actors });
    expect(only(r).perpetratorType).toBe('armed_group');
    expect(r.warnings).toEqual([]);
  });
  it('state-based / non-state events: killing with a warning if civilians died, else context', () => {
    const a = importText(gedRow({ type_of_violence: '1', side_a: 'Government of X', side_b: 'UPC', deaths_civilians: '2' }), OPTS);
    expect(only(a).threatType).toBe('killing');
    expect(a.warnings[0]!.message).toMatch(/does not say which side/);
    const b = importText(gedRow({ type_of_violence: '2', side_b: 'UPC', deaths_civilians: '0' }), OPTS);
    expect([only(b).threatType, only(b).fatalities]).toEqual(['other', 0]);
  });
  it('date_prec and where_prec', () => {
    const cases: [string, string, string, string][] = [['1', '1', 'day', 'exact'], ['2', '2', 'week', 'near'], ['3', '3', 'week', 'admin2'], ['4', '4', 'month', 'admin1'], ['5', '5', 'year', 'admin1'], ['5', '6', 'year', 'country'], ['5', '7', 'year', 'country']];
    for (const [dp, wp, d, l] of cases) {
      const inc = only(importText(gedRow({ date_prec: dp, where_prec: wp }), OPTS));
      expect([inc.datePrecision, inc.locationPrecision]).toEqual([d, l]);
    }
  });
});

// ---- Generic ----------------------------------------------------------------------------
describe('generic CSV', () => {
  it('guessMapping recognises common header names', () => {
    expect(guessMapping(['Incident ID', 'Date of incident', 'LAT', 'Long', 'Incident type', 'Killed', 'Narrative'])).toEqual({
      mapping: { id: 'Incident ID', date: 'Date of incident', lat: 'LAT', lon: 'Long', threatType: 'Incident type', fatalities: 'Killed', description: 'Narrative' },
      missing: [],
    });
    expect(guessMapping(['x', 'y', 'when']).missing).toEqual(['date']);
    expect(guessMapping(['POINT_X', 'POINT_Y', 'event_date']).mapping).toEqual({ lon: 'POINT_X', lat: 'POINT_Y', date: 'event_date' });
  });

  it('a user mapping and value map override the guesses', () => {
    const csv = 'when;where_x;where_y;what\n05/03/2024;25,5;4,25;BRÛLÉ\n';
    const r = importText(csv, { ...OPTS, mapping: { date: 'when', lon: 'where_x', lat: 'where_y', threatType: 'what' }, valueMaps: { threatType: { 'brûlé': 'destruction_of_homes' } } });
    const inc = only(r);
    expect([inc.lon, inc.lat, inc.threatType, inc.id]).toEqual([25.5, 4.25, 'destruction_of_homes', 'line-2']);
  });

  it('a mapping naming a missing column, or no usable columns, is an error before anything is imported', () => {
    expect(() => importText('a,b\n1,2\n', OPTS)).toThrow(/cannot tell what this CSV holds/);
    expect(() => importText('date,lat,lon\n2024-01-01,1,1\n', { ...OPTS, mapping: { date: 'date', lat: 'lat', lon: 'longitude' } })).toThrow(/longitude/);
  });

  it('the app CSV is read through the same path (identity mapping)', () => {
    const app = 'id,date,date_precision,longitude,latitude,location_precision,threat_type,perpetrator,perpetrator_type,fatalities,injured,victims_women,victims_men,victims_girls,victims_boys,victims_unknown,source_type,source_reliability,description\n'
      + 'X-1,2024-03-05,week,25.5,4.25,near,crsv,Group A,armed_group,0,2,1,0,1,0,0,humanitarian,B,text\n';
    const r = importText(app, OPTS);
    expect(r.format).toBe('app-csv');
    expect(only(r)).toMatchObject({ datePrecision: 'week', locationPrecision: 'near', threatType: 'crsv', injured: 2, victims: { women: 1, girls: 1, men: 0, boys: 0, unknown: 0 }, sourceType: 'humanitarian', sourceReliability: 'B' });
  });

  it('a UTF-16LE tab-separated export (Excel "Unicode text") with MM/DD dates', async () => {
    const tsv = 'Incident ID\tDate\tLatitude\tLongitude\tCategory\r\nU1\t03/25/2024\t4.5\t20.1\tIED\r\nU2\t04/02/2024\t4.6\t20.2\tRape\r\n';
    const bytes = new Uint8Array(2 + tsv.length * 2);
    bytes[0] = 0xff; bytes[1] = 0xfe;
    for (let i = 0; i < tsv.length; i++) { bytes[2 + 2 * i] = tsv.charCodeAt(i) & 0xff; bytes[3 + 2 * i] = tsv.charCodeAt(i) >> 8; }
    const r = await importStream(async function* () { for (let i = 0; i < bytes.length; i += 5) yield bytes.slice(i, i + 5); }, OPTS);
    expect([r.encoding, r.format, r.records, r.accepted.length]).toEqual(['utf-16le', 'generic-csv', 2, 2]);
    if (r.kind !== 'incidents') throw new Error();
    expect([incidentAt(r.accepted, 0).date, incidentAt(r.accepted, 1).date]).toEqual(['2024-03-25', '2024-04-02']); // 25 > 12 proves MM/DD
    expect([incidentAt(r.accepted, 0).threatType, incidentAt(r.accepted, 1).threatType]).toEqual(['explosive_ordnance', 'crsv']);
  });

  it('previewFile shows what would be assumed', () => {
    const p = previewFile('Date;Latitude;Longitude;Type\n13/02/2024;4,5;20,1;viol\n01/02/2024;4,6;20,2;IED\n');
    expect(p).toMatchObject({ syntax: 'csv', delimiter: ';', detected: { kind: 'incidents', format: 'generic-csv' }, dateOrder: 'dmy', decimalComma: true });
    expect(previewFile('a,b\n1,2\n').problem).toMatch(/no column recognised/);
  });
});

describe('shared validators', () => {
  const warn = (): void => undefined;
  it('numbers', () => {
    expect([parseNumber('12.5'), parseNumber(' -3 '), parseNumber('1e3'), parseNumber(''), parseNumber('0x10'), parseNumber('Infinity'), parseNumber('12,5'), parseNumber('12,5', true), parseNumber('1,234,5', true)])
      .toEqual([12.5, -3, 1000, null, null, null, null, 12.5, null]);
  });
  it('points: order of checks and the swap heuristics', () => {
    const f = { lonField: 'lon', latField: 'lat' };
    const reason = (lon: string, lat: string, bbox?: [number, number, number, number]): string => {
      const r = checkPoint(lon, lat, f, bbox ? { expectedBbox: bbox } : {}, warn);
      return r instanceof Reject ? r.reason : 'ok';
    };
    expect(reason('NA', '1')).toBe('missing longitude');
    expect(reason('1', '')).toBe('missing latitude');
    expect(reason('0', '0')).toMatch(/null island/);
    expect(reason('0', '5')).toBe('ok'); // a zero on one axis is a real place (Greenwich, the equator)
    expect(reason('45', '120')).toMatch(/look swapped/);
    expect(reason('170', '120')).toBe('latitude outside -90..90'); // not swappable either
    expect(reason('181', '10')).toBe('longitude outside -180..180');
    expect(reason('7', '20')).toBe('ok'); // without an expected area a plausible point is a plausible point
    expect(reason('7', '20', [14, 2, 28, 11.5])).toMatch(/probably swapped/);
    const warned: string[] = [];
    checkPoint('30', '-1', f, { expectedBbox: [14, 2, 28, 11.5] }, (_a, _b, m) => warned.push(m));
    expect(warned).toEqual(['outside the expected area']);
  });
  it('dates', () => {
    const d = (s: string, o: 'dmy' | 'mdy' = 'dmy'): string => { const r = parseDate(s, 'date', o); return r instanceof Reject ? `! ${r.reason}` : `${r.iso}${r.precision ? ` ${r.precision}` : ''}`; };
    expect(d('2023-02-28')).toBe('2023-02-28');
    expect(d('2023-02-30')).toBe('! impossible date (no such day)');
    expect(d('2024-02-29')).toBe('2024-02-29');
    expect(d('2022-07-31T00:00:00')).toBe('2022-07-31');
    expect(d('2009-02-20 00:00:00.000')).toBe('2009-02-20');
    expect(d('2024/3/5')).toBe('2024-03-05');
    expect(d('05/03/2024')).toBe('2024-03-05');
    expect(d('05/03/2024', 'mdy')).toBe('2024-05-03');
    expect(d('13/03/2024', 'mdy')).toBe('! impossible date when read as MM/DD/YYYY');
    expect(d('5.3.2024')).toBe('2024-03-05');
    expect(d('31 July 2020')).toBe('2020-07-31');
    expect(d('1er février 2022')).toBe('2022-02-01');
    expect(d('31-Jul-2020')).toBe('2020-07-31');
    expect(d('July 31, 2020')).toBe('2020-07-31');
    expect(d('2022-03')).toBe('2022-03-01 month');
    expect(d('2022')).toBe('2022-01-01 year');
    expect(d('5/3/24')).toBe('! two-digit year: write the year in full');
    expect(d('1850-01-01')).toBe('! date before 1900');
    expect(d('yesterday')).toBe('! unrecognised date format');
    expect(d('NA')).toBe('! missing date');
    expect(sniffDateOrder(['01/02/2024', '13/02/2024'])).toBe('dmy');
    expect(sniffDateOrder(['01/02/2024', '02/13/2024'])).toBe('mdy');
    expect(sniffDateOrder(['01/02/2024'])).toBe('ambiguous');
    expect(sniffDateOrder(['13/02/2024', '02/13/2024'])).toBe('conflict');
  });
  it('counts', () => {
    expect([parseCount('', 'f'), parseCount('NA', 'f'), parseCount('3', 'f'), parseCount(4, 'f')]).toEqual([0, 0, 3, 4]);
    for (const bad of ['-1', '1.5', 'many']) expect(parseCount(bad, 'f')).toBeInstanceOf(Reject);
  });
});

// ---- Presences, sites, AORs -------------------------------------------------------------
describe('presences, sites and AORs from generic files', () => {
  it('presence CSV: type labels, component, strength, reach columns; unknown type → operating_base with a warning', () => {
    const csv = 'id,name,type,strength,lat,lon,reach_road_km\nP1,Bria,COB,150,6.5,22,\nP2,Bangui,Mission HQ,900,4.36,18.56,120\nP3,Kaga,FPU,140,7,19.2,\nP4,X,tree house,5,7,19,\nP5,Y,TOB,-3,7,19,\n';
    const r = importText(csv, OPTS);
    expect(r.kind).toBe('presences');
    expect(r.rejected).toEqual([{ line: 6, field: 'strength', value: '-3', reason: 'personnel figure is negative' }]);
    if (r.kind !== 'presences') throw new Error();
    expect(r.accepted.map((p) => [p.id, p.type, p.component, p.strength, p.reachKm.road])).toEqual([
      ['P1', 'operating_base', 'military', 150, 50], ['P2', 'mission_hq', 'military', 900, 120], ['P3', 'police_base', 'police', 140, 30], ['P4', 'operating_base', 'military', 5, 50],
    ]);
    expect(r.warnings.map((w) => [w.line, w.field, w.value])).toEqual([[5, 'type', 'tree house']]);
  });

  it('presence and site GeoJSON', () => {
    const fc = (props: object[]): string => JSON.stringify({ type: 'FeatureCollection', features: props.map((p, i) => ({ type: 'Feature', properties: p, geometry: { type: 'Point', coordinates: [20 + i, 5] } })) });
    const p = importText(fc([{ id: 'B1', name: 'Bria', type: 'sector_hq', strength: 300 }]), OPTS);
    expect(p.kind === 'presences' && p.accepted[0]).toMatchObject({ id: 'B1', type: 'sector_hq', strength: 300, lon: 20, lat: 5 });
    const s = importText(fc([{ id: 'S1', name: 'PK3', kind: 'idp', population: 12000 }, { id: 'S2', name: 'PoC 1', kind: 'poc', population: 'many' }]), OPTS);
    expect(s.kind).toBe('sites');
    expect(s.accepted.length).toBe(1);
    expect(s.rejected[0]).toMatchObject({ field: 'population', reason: 'count is not a number' });
  });

  it('AOR GeoJSON: holes kept, unclosed rings closed with a warning, non-polygons and projected coordinates rejected', () => {
    const ring = [[20, 5], [21, 5], [21, 6], [20, 6], [20, 5]];
    const hole = [[20.2, 5.2], [20.2, 5.4], [20.4, 5.4], [20.2, 5.2]];
    const fc = JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { id: 'A1', name: 'Sector East', unit: 'BANBAT' }, geometry: { type: 'Polygon', coordinates: [ring, hole] } },
      { type: 'Feature', properties: { id: 'A2' }, geometry: { type: 'Polygon', coordinates: [ring.slice(0, 4)] } },
      { type: 'Feature', properties: { id: 'A3' }, geometry: { type: 'Point', coordinates: [20, 5] } },
      { type: 'Feature', properties: { id: 'A4' }, geometry: { type: 'Polygon', coordinates: [[[2226389, 557305], [2337709, 557305], [2337709, 669141], [2226389, 557305]]] } },
      { type: 'Feature', properties: { id: 'A5' }, geometry: { type: 'Polygon', coordinates: [[[20, 5], [21, 5], [20, 5]]] } },
    ] });
    const r = importText(fc, { ...OPTS, kind: 'aors' });
    if (r.kind !== 'aors') throw new Error();
    expect(r.accepted.map((a) => a.id)).toEqual(['A1', 'A2']);
    expect(r.accepted[0]).toMatchObject({ name: 'Sector East', owningUnit: 'BANBAT', geometry: { type: 'Polygon', coordinates: [ring, hole] } });
    expect((r.accepted[1]!.geometry as GeoJSON.Polygon).coordinates[0]).toEqual(ring);
    expect(r.warnings.map((w) => w.message)).toEqual(['polygon ring 0: ring was not closed; closed by repeating its first position']);
    expect(r.rejected.map((x) => x.reason)).toEqual([
      'an area of responsibility must be a Polygon or MultiPolygon',
      'coordinate outside lon -180..180 / lat -90..90 (projected coordinates? GeoJSON must be WGS84)',
      'ring has fewer than 4 positions',
    ]);
  });
});

describe('docs/import-mapping.md', () => {
  it('contains the tables generated from the code (regenerate: npm run cli -- import --mapping-doc)', () => {
    const doc = readFileSync(join(here, '../../../docs/import-mapping.md'), 'utf8');
    expect(doc).toContain(renderMappingBlock());
  });
});

describe('columnar table builder', () => {
  it('builds exactly what incidentTableFromObjects builds', () => {
    const r = rng(5);
    const pick = <T,>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
    const rows: Incident[] = Array.from({ length: 3000 }, (_, i) => ({
      id: `I${i}`, date: `20${10 + Math.floor(r() * 15)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`, datePrecision: pick(['day', 'week', 'month', 'year'] as const),
      lon: r() * 360 - 180, lat: r() * 180 - 90, locationPrecision: pick(['exact', 'near', 'admin2', 'admin1', 'country'] as const),
      threatType: pick(['killing', 'crsv', 'other', 'explosive_ordnance'] as const), perpetrator: `P${Math.floor(r() * 50)}`,
      perpetratorType: pick(['armed_group', 'unknown', 'state_forces'] as const), fatalities: Math.floor(r() * 9), injured: Math.floor(r() * 3),
      victims: { women: 1, men: 2, girls: 3, boys: 4, unknown: Math.floor(r() * 5) }, sourceType: pick(['dataset', 'media'] as const),
      sourceReliability: pick(['A', 'F'] as const), description: `d${i}`,
    }));
    const b = new IncidentTableBuilder(16); // small start: exercises growth
    for (const x of rows) b.push(x);
    const built = b.finish();
    const ref = incidentTableFromObjects(rows);
    expect(built).toEqual(ref);
    expect(built.lon.buffer.byteLength).toBe(rows.length * 8); // whole buffers, transferable
  });

  it('day numbers agree with dayFromIso from 1900 to 2100', () => {
    for (let y = 1900; y <= 2100; y += 1) for (let m = 1; m <= 12; m++) for (const d of [1, 15, 28]) {
      const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      expect(daysFromCivil(y, m, d)).toBe(dayFromIso(iso));
    }
  });
});
