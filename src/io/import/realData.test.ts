/**
 * Every real file in ../shared/data goes through the importer. For each one:
 *   records = accepted + rejected, where `records` is checked against an INDEPENDENT
 *   count (a hand-written RFC 4180 record counter below, papaparse, JSON.parse, or the
 *   figure stated in the folder's SOURCE.txt), and the accepted count is pinned with
 *   the reason for every rejected row explained.
 * The data is read in place (licences forbid copying it into the repo); the suite is
 * skipped where the folder does not exist.
 */
import { existsSync, readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { incidentAt } from '../../domain/incidents.ts';
import { THREAT_TYPES } from '../../domain/taxonomy.ts';
import { parseUcdpActorList } from './ged.ts';
import { importBytes, importStream, summarizeWarnings } from './importer.ts';
import type { ImportOptions, ImportResult } from './types.ts';
import { SHARED_DATA } from '../../../tests/fixtures/sharedData.ts';

const DATA = SHARED_DATA;
const has = existsSync(DATA);
const bytes = (p: string): Uint8Array => new Uint8Array(readFileSync(`${DATA}/${p}`));
const text = (p: string): string => readFileSync(`${DATA}/${p}`, 'utf8').replace(/^\uFEFF/, '');

/**
 * Independent record counter (not the importer's tokenizer): walks the text once,
 * toggling "inside quotes" on every quote character (a doubled quote toggles twice), and
 * counts a record at each line break outside quotes when the record had any non-blank
 * character. The header is counted too.
 */
function countCsvRecords(t: string): number {
  let inQ = false, content = false, n = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    if (c === '"') { inQ = !inQ; content = true; continue; }
    if (!inQ && (c === '\n' || c === '\r')) {
      if (content) n++;
      content = false;
      if (c === '\r' && t[i + 1] === '\n') i++;
      continue;
    }
    if (c !== ' ' && c !== '\t') content = true;
  }
  return n + (content ? 1 : 0);
}

function papaRows(t: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(t, { header: true, skipEmptyLines: 'greedy' }).data;
}

function invariant(r: ImportResult): void {
  expect(r.records).toBe(r.accepted.length + r.rejected.length);
  // one rejection per rejected record, each on its own line
  expect(new Set(r.rejected.map((x) => x.line)).size).toBe(r.rejected.length);
}

function reasons(r: ImportResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of r.rejected) out[x.reason] = (out[x.reason] ?? 0) + 1;
  return out;
}

function threatCounts(r: ImportResult): Record<string, number> {
  if (r.kind !== 'incidents') throw new Error('not incidents');
  const out: Record<string, number> = {};
  for (let i = 0; i < r.accepted.length; i++) { const t = THREAT_TYPES[r.accepted.threatType[i]!]!.id; out[t] = (out[t] ?? 0) + 1; }
  return out;
}

const OUT_OF_SCOPE = ['Peaceful protest', 'Protest with intervention', 'Agreement', 'Change to group/activity', 'Headquarters or base established', 'Non-violent transfer of territory'];

describe.skipIf(!has)('real data: ACLED', () => {
  const files = {
    current: 'acled_sample/acled_2022H1_poc_countries_current_layout.csv',
    legacy: 'acled_sample/acled_2022H1_poc_countries_legacy_layout.csv',
  };
  for (const [layout, path] of Object.entries(files)) {
    it(`${layout} layout: 368 records = 266 accepted + 102 out of POC scope`, () => {
      const r = importBytes(bytes(path), { today: '2025-01-01' });
      const rows = papaRows(text(path));
      expect(r.format).toBe(`acled-${layout}`);
      expect(r.encoding).toBe('utf-8');
      expect(r.records).toBe(368); // SOURCE.txt: 368 rows
      expect(r.records).toBe(countCsvRecords(text(path)) - 1); // minus the header
      expect(r.records).toBe(rows.length);
      invariant(r);
      // Rejected rows are exactly the non-violent ones, counted here with papaparse:
      // 83 peaceful protests + 10 protests with intervention + 2 agreements + 6 non-violent transfers + 1 change to group.
      const outOfScope = rows.filter((x) => OUT_OF_SCOPE.includes(x.sub_event_type!)).length;
      expect(outOfScope).toBe(102);
      expect(r.rejected.length).toBe(outOfScope);
      expect(r.rejected.every((x) => x.field === 'sub_event_type' && x.reason.startsWith('outside POC scope'))).toBe(true);
      expect(r.accepted.length).toBe(266);
      // Cross-checked against an independent Python computation of the same rules.
      expect(threatCounts(r)).toEqual({
        killing: 79, assault: 30, abduction: 16, crsv: 8, looting: 20, destruction_of_homes: 3, arbitrary_detention: 4, explosive_ordnance: 4, other: 102,
      });
      if (r.kind !== 'incidents') throw new Error();
      expect(r.accepted.fatalities.reduce((a, b) => a + b, 0)).toBe(290);
      // 102 context events (battles, violent demonstrations, shelling without civilian targeting…) carry a warning,
      // 40 of them with fatalities not counted as civilian; 3 Wagner Group rows have no perpetrator type.
      const w = summarizeWarnings(r.warnings);
      expect(w.map((x) => [x.field, x.count])).toEqual([['sub_event_type', 102], ['fatalities', 40], ['actor1', 3]]);
      // No source names in descriptions.
      const first = incidentAt(r.accepted, 0);
      expect(first.id).toBe('CEN48826');
      expect(first.sourceType).toBe('dataset');
      expect(first.description).not.toContain('Reseau des Journalistes');
    });
  }

  it('both layouts give the same incidents (same 368 events)', () => {
    const a = importBytes(bytes(files.current));
    const b = importBytes(bytes(files.legacy));
    if (a.kind !== 'incidents' || b.kind !== 'incidents') throw new Error();
    expect(b.accepted.ids).toEqual(a.accepted.ids);
    for (const col of ['lon', 'lat', 'day', 'threatType', 'perpetratorType', 'fatalities', 'locationPrecision', 'datePrecision'] as const) {
      expect(Array.from(b.accepted[col])).toEqual(Array.from(a.accepted[col]));
    }
  });

  it('out-of-scope = other keeps all 368 (as other, with a warning each)', () => {
    const r = importBytes(bytes(files.current), { acledOutOfScope: 'other' });
    expect([r.records, r.accepted.length, r.rejected.length]).toEqual([368, 368, 0]);
    expect(r.warnings.filter((w) => w.message.startsWith('outside POC scope')).length).toBe(102);
  });

  it('HDX layout: the HXL hashtag row is skipped and not counted', () => {
    const path = 'acled_sample/acled_hdx_layout_header_only.csv';
    const r = importBytes(bytes(path));
    expect(r.format).toBe('acled-hdx');
    expect(countCsvRecords(text(path))).toBe(2); // header + hashtag row, no data
    expect([r.records, r.accepted.length, r.rejected.length]).toEqual([0, 0, 0]);
    expect(r.warnings).toEqual([{ line: 2, field: '*', value: '', message: 'HXL hashtag row skipped (not a record)' }]);
    // With invented data rows under the real header, the rows after the hashtag row are records.
    const header = text(path).split(/\r?\n/).slice(0, 2).join('\n');
    const cols = header.split('\n')[0]!.split(',');
    const row = (id: string, lat: string): string => cols.map((c) => ({
      event_id_cnty: id, event_date: '2020-07-31', time_precision: '1', event_type: 'Violence against civilians', sub_event_type: 'Attack',
      actor1: 'Unidentified Armed Group (X)', inter1: '3', inter2: '7', latitude: lat, longitude: '29.1', geo_precision: '1', fatalities: '2',
    } as Record<string, string>)[c] ?? '').join(',');
    const synthetic = `${header}\n${row('HDX1', '-1.5')}\n${row('HDX2', '')}\n`;
    const s = importBytes(new TextEncoder().encode(synthetic));
    expect([s.records, s.accepted.length, s.rejected.length]).toEqual([2, 1, 1]);
    expect(s.rejected[0]).toMatchObject({ line: 4, field: 'latitude', reason: 'missing latitude' });
  });
});

describe.skipIf(!has)('real data: UCDP GED (CAR)', () => {
  it('CSV and GeoJSON: 1,848 events, all accepted, identical incidents', async () => {
    const csv = importBytes(bytes('ucdp_ged_car/GEDEvent_v23_1_CAF.csv'));
    // the GeoJSON through the streaming path, in 64 KiB chunks
    const buf = bytes('ucdp_ged_car/GEDEvent_v23_1_CAF.geojson');
    const geo = await importStream(async function* () { for (let i = 0; i < buf.length; i += 65536) yield buf.subarray(i, i + 65536); });
    const features = (JSON.parse(text('ucdp_ged_car/GEDEvent_v23_1_CAF.geojson')) as { features: unknown[] }).features.length;
    expect(csv.format).toBe('ged-csv');
    expect(geo.format).toBe('ged-geojson');
    expect(csv.records).toBe(countCsvRecords(text('ucdp_ged_car/GEDEvent_v23_1_CAF.csv')) - 1);
    expect(geo.records).toBe(features);
    expect(csv.records).toBe(1848); // SOURCE.txt
    for (const r of [csv, geo]) {
      invariant(r);
      expect(r.accepted.length).toBe(1848); // no defect in this extract: every event has an id, a point and a real date
      if (r.kind !== 'incidents') throw new Error();
      // SOURCE.txt: sum(deaths_civilians) = 8,931 — all of it lands in fatalities.
      expect(r.accepted.fatalities.reduce((a, b) => a + b, 0)).toBe(8931);
      // 1,076 one-sided + 184 state-based/non-state events with civilian deaths are killings; 588 battles are context.
      expect(threatCounts(r)).toEqual({ killing: 1260, other: 588 });
    }
    if (csv.kind !== 'incidents' || geo.kind !== 'incidents') throw new Error();
    expect(geo.accepted.ids).toEqual(csv.accepted.ids);
    for (const col of ['lon', 'lat', 'day', 'threatType', 'fatalities', 'locationPrecision', 'datePrecision', 'perpetratorType'] as const) {
      expect(Array.from(geo.accepted[col])).toEqual(Array.from(csv.accepted[col]));
    }
    // Perpetrator typing without an actor list: only "Government of X" is typed; the 1,255 others are warned about.
    expect(csv.warnings.filter((w) => w.message === 'perpetrator type unknown (no actor list supplied)').length).toBe(1255);
  });

  it('with the UCDP actor list supplied, only the 48 coalition rows stay untyped', () => {
    const actors = parseUcdpActorList(text('ucdp_actor_list/ucdp-actor-221.csv'));
    expect(actors.get('Government of Central African Republic')).toBe('state_forces');
    expect(actors.get('anti-Balaka')).toBe('armed_group');
    expect(actors.get('Christians (CAR)')).toBe('communal');
    const r = importBytes(bytes('ucdp_ged_car/GEDEvent_v23_1_CAF.csv'), { actorTypes: actors });
    const untyped = r.warnings.filter((w) => w.message === 'actor not in the actor list: perpetrator type unknown');
    // "anti-Balaka, FPRC-AK" (26), "Anti-Balaka - Mokom, FPRC, MPC, RPRC" (14), "FPRC, MPC" (5), "FPRC, MPC, Self-Defense Mujahidin (CAR)" (3):
    // coalitions that are not single actors in list v22.1.
    expect(untyped.length).toBe(48);
    expect(new Set(untyped.map((w) => w.value))).toEqual(new Set(['anti-Balaka, FPRC-AK', 'Anti-Balaka - Mokom, FPRC, MPC, RPRC', 'FPRC, MPC', 'FPRC, MPC, Self-Defense Mujahidin (CAR)']));
  });
});

describe.skipIf(!has)('real data: presences', () => {
  it('RADPKO: 2,652 base-years = 2,646 accepted + 6 rejected (3 NaN coordinates, 3 blank base names)', () => {
    const path = 'radpko/radpko_bases_cc_y.csv';
    const r = importBytes(bytes(path));
    const rows = papaRows(text(path));
    expect(r.format).toBe('radpko');
    expect(r.records).toBe(2652); // SOURCE.txt
    expect(r.records).toBe(rows.length);
    expect(r.records).toBe(countCsvRecords(text(path)) - 1);
    invariant(r);
    expect(r.accepted.length).toBe(2646);
    // SOURCE.txt says every row has coordinates, but 3 rows carry the text "NaN" (UNMIS "addis ababa" and others),
    // and 3 rows (ONUB 2005, 2006; UNMISS 2014) have an empty base name. Counted independently:
    const nan = rows.filter((x) => x.latitude === 'NaN' || x.longitude === 'NaN').length;
    const blank = rows.filter((x) => x.base!.trim() === '').length;
    expect([nan, blank]).toEqual([3, 3]);
    expect(reasons(r)).toEqual({ 'missing longitude': nan, 'missing base name': blank });
    if (r.kind !== 'presences') throw new Error();
    const p = r.accepted[0]!;
    expect(p).toMatchObject({ id: 'UNAMSIL/freetown/1999', type: 'operating_base', component: 'military', strength: 410, period: '1999' });
    expect(p.reachKm).toEqual({ foot: 10, road: 50, air: 0 });
  });

  it('Geo-PKO v1 monthly: 12,190 records (12,212 lines) = 12,187 accepted + 3 rejected', () => {
    const path = 'geo_pko/geopko_v1_monthly_2020.csv';
    const r = importBytes(bytes(path));
    expect(r.format).toBe('geopko-v1');
    expect(r.records).toBe(12190); // SOURCE.txt: 12,190 records in 12,212 physical lines (quoted newlines in comments)
    expect(r.records).toBe(countCsvRecords(text(path)) - 1);
    invariant(r);
    expect(r.accepted.length).toBe(12187);
    // 1 row with "NA" coordinates (SOURCE.txt: 12,189 of 12,190 have coordinates) and 2 rows repeating a
    // mission/location/month already seen (UNAMID El Fasher 2014-07, Kutum 2018-04).
    expect(reasons(r)).toEqual({ 'missing longitude': 1, 'duplicate id (the first accepted record with this id was kept)': 2 });
    expect(r.rejected.map((x) => x.line)).toEqual([5249, 5926, 11111]);
    // 120 rows say "unknown" troops (kept with strength 0), 30 have HQ "?" or blank (typed from what is deployed).
    expect(summarizeWarnings(r.warnings).map((w) => [w.field, w.count])).toEqual([['No.troops', 120], ['HQ', 30]]);
    if (r.kind !== 'presences') throw new Error();
    const types: Record<string, number> = {};
    for (const p of r.accepted) types[p.type] = (types[p.type] ?? 0) + 1;
    // 587 rows have HQ = 3 (mission HQ); one of them is the second El Fasher 2014-07 row, rejected as a duplicate
    // (the first El Fasher row that month is an HQ = 0 unit of 185 troops; the map showed both symbols).
    expect(types.mission_hq).toBe(586);
    expect(types.sector_hq).toBe(1379);
  });

  const v23: [string, string, number, number][] = [
    ['geo_pko/FrontMap_v.2.3.csv', 'geopko-front', 8783, 7366],
    ['geo_pko/TTMap_v.2.3.csv', 'geopko-tt', 7372, 7362],
    ['geo_pko/TCCMap_v.2.3.csv', 'geopko-tcc', 4927, 4917],
  ];
  for (const [path, format, records, accepted] of v23) {
    it(`${path}: ${records} = ${accepted} accepted + duplicates of mission/location/year`, () => {
      const r = importBytes(bytes(path));
      const rows = papaRows(text(path));
      expect(r.format).toBe(format);
      expect(r.records).toBe(records); // SOURCE.txt
      expect(r.records).toBe(rows.length);
      invariant(r);
      // The dashboard aggregation keeps one row per distinct troop figure within a year (SOURCE.txt), so a
      // mission/location/year repeats; the first is kept. Counted independently with papaparse:
      const distinct = new Set(rows.map((x) => `${x.mission}/${x.location}/${x.year}`)).size;
      expect(r.accepted.length).toBe(distinct);
      expect(r.accepted.length).toBe(accepted);
      expect(Object.keys(reasons(r))).toEqual(r.rejected.length ? ['duplicate id (the first accepted record with this id was kept)'] : []);
    });
  }
});

describe.skipIf(!has)('real data: UNHCR displacement sites', () => {
  it('13,733 records = 11,301 accepted + 2,288 without coordinates + 143 archived + 1 duplicate pcode', () => {
    const path = 'idp_sites_unhcr/displacement_locations_unhcr.csv';
    const r = importBytes(bytes(path));
    const rows = papaRows(text(path));
    expect(r.format).toBe('unhcr-sites');
    expect(r.records).toBe(13733); // SOURCE.txt
    expect(r.records).toBe(rows.length);
    expect(r.records).toBe(countCsvRecords(text(path)) - 1);
    invariant(r);
    const archived = rows.filter((x) => /archived data/i.test(x.loc_type!));
    const noCoords = rows.filter((x) => !/archived data/i.test(x.loc_type!) && (x.POINT_X === 'NA' || x.POINT_Y === 'NA'));
    expect([archived.length, noCoords.length]).toEqual([143, 2288]);
    expect(reasons(r)).toEqual({
      'the source marks this row as archived ("disregard")': 143,
      'missing longitude': 2288,
      // BFAs004462 appears twice with different coordinates: the first is kept
      'duplicate id (the first accepted record with this id was kept)': 1,
    });
    expect(r.accepted.length).toBe(11301);
    if (r.kind !== 'sites') throw new Error();
    const kinds: Record<string, number> = {};
    for (const s of r.accepted) kinds[s.kind] = (kinds[s.kind] ?? 0) + 1;
    expect(kinds.poc_site).toBe(4); // the four UNMISS PoC areas named in the file
    expect(r.accepted.find((s) => s.name === 'Malakal UNMISS POC area')).toMatchObject({ kind: 'poc_site', country: 'South Sudan', status: 'open' });
  });
});

describe.skipIf(!has)('real data: GADM areas of responsibility', () => {
  const files = ['CAF/gadm40_CAF_1', 'CAF/gadm40_CAF_2', 'COD/gadm40_COD_1', 'COD/gadm40_COD_2', 'SSD/gadm40_SSD_1', 'SSD/gadm40_SSD_2'];
  for (const f of files) {
    it(`${f}: every polygon accepted, holes and MultiPolygons kept`, () => {
      const path = `admin_boundaries_gadm40/${f}.geojson`;
      const opts: ImportOptions = {};
      const r = importBytes(bytes(path), opts);
      const fc = JSON.parse(text(path)) as GeoJSON.FeatureCollection<GeoJSON.Polygon | GeoJSON.MultiPolygon>;
      expect(r.kind).toBe('aors');
      expect(r.records).toBe(fc.features.length);
      invariant(r);
      expect(r.accepted.length).toBe(fc.features.length);
      expect(r.warnings).toEqual([]);
      if (r.kind !== 'aors') throw new Error();
      const level = f.endsWith('_2') ? 2 : 1;
      r.accepted.forEach((a, i) => {
        const props = fc.features[i]!.properties as Record<string, string>;
        expect(a.id).toBe(props[`ID_${level}`]);
        expect(a.name).toBe(props[`NAME_${level}`]);
        expect(a.geometry).toEqual(fc.features[i]!.geometry);
      });
      if (f === 'COD/gadm40_COD_2') {
        const holes = r.accepted.reduce((n, a) => n + (a.geometry.type === 'Polygon' ? [a.geometry.coordinates] : a.geometry.coordinates)
          .reduce((m, poly) => m + poly.length - 1, 0), 0);
        expect(holes).toBe(63); // SOURCE.txt: 63 interior holes
        expect(r.accepted.filter((a) => a.geometry.type === 'MultiPolygon').length).toBe(6);
      }
    });
  }
});
