/**
 * The analyze command on real data: UCDP GED events in the Central African Republic
 * against MINUSCA bases (RADPKO, latest year), converted here into the app's formats in a
 * temp dir (the shared data is never copied into the repo). Counts are checked against a
 * brute-force haversine computed independently in this file, and AOR membership (GADM
 * prefectures as AORs) against turf.booleanPointInPolygon.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as turf from '@turf/turf';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../src/domain/incidents.ts';
import { incidentTableFromObjects } from '../../src/domain/incidents.ts';
import { INCIDENT_CSV_COLUMNS, incidentsToCsv } from '../../src/io/incidentsCsv.ts';
import { presencesToGeoJson } from '../../src/scenario/files.ts';
import { run } from './analyze.ts';
import { sharedFile } from '../../tests/fixtures/sharedData.ts';

const GED = sharedFile('ucdp_ged_car', 'GEDEvent_v23_1_CAF.csv');
const RADPKO = sharedFile('radpko', 'radpko_bases_cc_y.csv');
const GADM1 = sharedFile('admin_boundaries_gadm40', 'CAF', 'gadm40_CAF_1.geojson');
const ROAD_KM = 50, FOOT_KM = 10;

/** Independent haversine (not the app's geo.ts), same mean radius. */
function haversineKm(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const r = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(a)));
}

interface Result {
  parameters: { incidentsAnalysed: number; incidentsRejected: number; presences: number };
  summary: { inRangeByMode: Record<string, number>; inRangeAny: number };
  incidents: { id: string; nearestPresenceId: string | null; distanceKm: number | null; inRange: Record<string, boolean>; aorId: string | null }[];
  coverage: {
    overall: Record<string, { reached: number; total: number; share: number | null }>;
    byMode: Record<string, Record<string, { reached: number; total: number }>>;
    perPresence: { id: string; road: { incidents: number; fatalities: number } }[];
    perAor: { id: string; incidents: number; reached: { road: { incidents: number } } }[];
  };
  hotspots: { rank: number; mass: number; incidents: number }[];
}

describe('analyze CLI on UCDP GED (CAR) × RADPKO MINUSCA bases', () => {
  let dir = '';
  let events: Incident[] = [];
  let bases: { id: string; name: string; lon: number; lat: number }[] = [];
  let aorFeatures: GeoJSON.Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon, { id: string; name: string; owning_unit: string }>[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'poc-analyze-'));
    // GED → the app's incident CSV.
    const ged = Papa.parse<Record<string, string>>(readFileSync(GED, 'utf8'), { header: true, skipEmptyLines: 'greedy' }).data;
    const datePrec = (p: string): Incident['datePrecision'] => (p === '1' ? 'day' : p === '2' || p === '3' ? 'week' : p === '4' ? 'month' : 'year');
    const locPrec = (p: string): Incident['locationPrecision'] => (({ 1: 'exact', 2: 'near', 3: 'admin2', 4: 'admin1' }) as Record<string, Incident['locationPrecision']>)[p] ?? 'country';
    events = ged.map((g) => ({
      id: `ged-${g.id}`, date: g.date_start!, datePrecision: datePrec(g.date_prec!), lon: Number(g.longitude), lat: Number(g.latitude),
      locationPrecision: locPrec(g.where_prec!), threatType: g.type_of_violence === '3' ? 'killing' : 'other',
      perpetrator: g.side_a ?? '', perpetratorType: /^Government/.test(g.side_a ?? '') ? 'state_forces' : 'armed_group',
      fatalities: Number(g.deaths_civilians), injured: 0,
      victims: { women: 0, men: 0, girls: 0, boys: 0, unknown: Number(g.deaths_civilians) },
      sourceType: 'dataset', sourceReliability: 'B', description: '',
    }));
    writeFileSync(join(dir, 'incidents.csv'), incidentsToCsv(incidentTableFromObjects(events)));
    // The same incidents as GeoJSON with the CSV column names as properties.
    const rows = Papa.parse<Record<string, string>>(readFileSync(join(dir, 'incidents.csv'), 'utf8'), { header: true, skipEmptyLines: 'greedy' }).data;
    writeFileSync(join(dir, 'incidents.geojson'), JSON.stringify({
      type: 'FeatureCollection',
      features: rows.map((r) => ({
        type: 'Feature', geometry: { type: 'Point', coordinates: [Number(r.longitude), Number(r.latitude)] },
        properties: Object.fromEntries(INCIDENT_CSV_COLUMNS.filter((c) => c !== 'longitude' && c !== 'latitude').map((c) => [c, r[c]])),
      })),
    }));
    // RADPKO → MINUSCA bases of the latest year, deduplicated by base name.
    const rad = Papa.parse<Record<string, string>>(readFileSync(RADPKO, 'utf8'), { header: true, skipEmptyLines: 'greedy' }).data.filter((r) => r.mission === 'MINUSCA');
    const latest = Math.max(...rad.map((r) => Number(r.year)));
    const byName = new Map<string, { id: string; name: string; lon: number; lat: number }>();
    for (const r of rad) if (Number(r.year) === latest && !byName.has(r.base!)) byName.set(r.base!, { id: `minusca-${r.base}`, name: r.base!, lon: Number(r.longitude), lat: Number(r.latitude) });
    bases = [...byName.values()];
    writeFileSync(join(dir, 'presences.csv'), ['id,name,type,lon,lat,reach_foot_km,reach_road_km,reach_air_km',
      ...bases.map((b) => `${b.id},${b.name},operating_base,${b.lon},${b.lat},${FOOT_KM},${ROAD_KM},0`)].join('\n') + '\n');
    writeFileSync(join(dir, 'presences.geojson'), JSON.stringify(presencesToGeoJson(bases.map((b) => ({
      ...b, type: 'operating_base', component: 'military', strength: 0, reachKm: { foot: FOOT_KM, road: ROAD_KM, air: 0 },
    })))));
    // GADM prefectures as AORs.
    const gadm = JSON.parse(readFileSync(GADM1, 'utf8')) as GeoJSON.FeatureCollection<GeoJSON.Polygon | GeoJSON.MultiPolygon, { ID_1: string; NAME_1: string }>;
    aorFeatures = gadm.features.map((f) => ({ type: 'Feature', geometry: f.geometry, properties: { id: f.properties.ID_1, name: f.properties.NAME_1, owning_unit: `Sector ${f.properties.NAME_1}` } }));
    writeFileSync(join(dir, 'aors.geojson'), JSON.stringify({ type: 'FeatureCollection', features: aorFeatures }));
  });
  afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('in-range counts, nearest bases and distances equal an independent brute force', async () => {
    expect(bases.length).toBeGreaterThanOrEqual(5);
    const out = join(dir, 'result.json');
    const code = await run(['--incidents', join(dir, 'incidents.csv'), '--presences', join(dir, 'presences.csv'), '--aor', join(dir, 'aors.geojson'), '--out', out]);
    expect(code).toBe(0);
    const res = JSON.parse(readFileSync(out, 'utf8')) as Result;
    expect(res.parameters.incidentsAnalysed).toBe(1848);
    expect(res.parameters.incidentsRejected).toBe(0);
    expect(res.parameters.presences).toBe(bases.length);

    let road = 0, foot = 0, roadFatalities = 0, totalFatalities = 0;
    const perBase = new Map(bases.map((b) => [b.id, 0]));
    res.incidents.forEach((r, i) => {
      const e = events[i]!;
      expect(r.id).toBe(e.id);
      const d = bases.map((b) => haversineKm(e.lon, e.lat, b.lon, b.lat));
      const min = Math.min(...d);
      expect(r.distanceKm).not.toBeNull();
      expect(Math.abs(r.distanceKm! - min)).toBeLessThan(1e-5);
      expect(r.nearestPresenceId).toBe(bases[d.indexOf(min)]!.id);
      expect(r.inRange.road).toBe(min <= ROAD_KM);
      expect(r.inRange.foot).toBe(min <= FOOT_KM);
      expect(r.inRange.air).toBe(false);
      if (min <= ROAD_KM) { road++; roadFatalities += e.fatalities; }
      if (min <= FOOT_KM) foot++;
      totalFatalities += e.fatalities;
      d.forEach((x, bi) => { if (x <= ROAD_KM) perBase.set(bases[bi]!.id, perBase.get(bases[bi]!.id)! + 1); });
    });
    expect(res.summary.inRangeByMode.road).toBe(road);
    expect(res.summary.inRangeByMode.foot).toBe(foot);
    expect(res.summary.inRangeAny).toBe(road);
    expect(res.coverage.byMode.road!.incidents!.reached).toBe(road);
    expect(res.coverage.overall.fatalities!.reached).toBe(roadFatalities);
    expect(res.coverage.overall.fatalities!.total).toBe(totalFatalities);
    for (const p of res.coverage.perPresence) expect(p.road.incidents).toBe(perBase.get(p.id));
    // Some, not all: 10 bases with 50 km road reach cannot cover the whole country.
    expect(road).toBeGreaterThan(100);
    expect(road).toBeLessThan(1848);
    expect(res.hotspots.length).toBeGreaterThan(0);
    expect(res.hotspots[0]!.rank).toBe(1);
  });

  it('AOR membership (GADM prefectures) equals turf.booleanPointInPolygon', () => {
    const res = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as Result;
    const counts = new Map<string, number>();
    res.incidents.forEach((r, i) => {
      const e = events[i]!;
      const want = aorFeatures.find((f) => turf.booleanPointInPolygon([e.lon, e.lat], f))?.properties.id ?? null;
      expect(r.aorId).toBe(want);
      if (want) counts.set(want, (counts.get(want) ?? 0) + 1);
    });
    for (const a of res.coverage.perAor) expect(a.incidents).toBe(counts.get(a.id) ?? 0);
    expect(res.incidents.filter((r) => r.aorId).length).toBeGreaterThan(1800);
  });

  it('accepts incidents as GeoJSON and presences as GeoJSON, with the same results', async () => {
    const out = join(dir, 'result2.json');
    expect(await run(['--incidents', join(dir, 'incidents.geojson'), '--presences', join(dir, 'presences.geojson'), '--bandwidth-km', '25', '--out', out])).toBe(0);
    const a = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as Result;
    const b = JSON.parse(readFileSync(out, 'utf8')) as Result;
    expect(b.incidents.map((r) => [r.id, r.nearestPresenceId, r.distanceKm, r.inRange])).toEqual(a.incidents.map((r) => [r.id, r.nearestPresenceId, r.distanceKm, r.inRange]));
    expect(b.incidents.every((r) => r.aorId === null)).toBe(true);
  });

  it('usage and input errors', async () => {
    expect(await run(['--incidents', 'x.csv'])).toBe(2);
    expect(await run(['--incidents', join(dir, 'nope.csv'), '--presences', join(dir, 'presences.csv'), '--out', join(dir, 'o.json')])).toBe(1);
    expect(await run(['--incidents', join(dir, 'incidents.csv'), '--presences', join(dir, 'incidents.csv'), '--out', join(dir, 'o.json')])).toBe(1);
  });
});
