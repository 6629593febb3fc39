/** The offline basemap: committed files, determinism of the build, and a style that stays offline. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { booleanPointInPolygon } from '@turf/turf';
import type { Polygon } from 'geojson';
import { buildBasemap, DEFAULT_OUT_DIR, labelPoint } from './build-basemap.ts';
import { loadSettlements } from './lib/settlements.ts';
import { BASEMAP_BBOX, inBBox } from '../src/scenario/region.ts';
import { offlineBasemapStyle, userStyleOrDefault, type BasemapSettlement } from '../src/map/basemapStyle.ts';

const FILES = ['land.geojson', 'countries.geojson', 'borders.geojson', 'country-labels.geojson', 'settlements.json', 'SOURCE.md'];
const tmpDirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'basemap-'));
  tmpDirs.push(d);
  return d;
};
afterAll(() => tmpDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const readJson = (file: string): unknown => JSON.parse(readFileSync(join(DEFAULT_OUT_DIR, file), 'utf8'));

describe('committed basemap (data/basemap)', () => {
  it('has every file, and the GeoJSON parses as non-empty FeatureCollections', () => {
    for (const f of FILES) expect(existsSync(join(DEFAULT_OUT_DIR, f)), f).toBe(true);
    for (const f of FILES.filter((x) => x.endsWith('.geojson'))) {
      const fc = readJson(f) as GeoJSON.FeatureCollection;
      expect(fc.type).toBe('FeatureCollection');
      expect(fc.features.length, f).toBeGreaterThan(0);
    }
    const labels = readJson('country-labels.geojson') as GeoJSON.FeatureCollection<GeoJSON.Point, { name: string }>;
    const names = labels.features.map((l) => l.properties.name);
    expect(names).toEqual(expect.arrayContaining(['Central African Rep.', 'Dem. Rep. Congo', 'S. Sudan']));
  });

  it('settlements: inside BASEMAP_BBOX, population > 0, unique ids, largest first', () => {
    const s = readJson('settlements.json') as BasemapSettlement[];
    expect(s.length).toBeGreaterThan(100);
    for (const x of s) {
      expect(inBBox(x.lon, x.lat, BASEMAP_BBOX), x.id).toBe(true);
      expect(x.population, x.id).toBeGreaterThan(0);
      expect(x.id).toMatch(/^geonames:\d+$/);
      expect(x.country).toMatch(/^[A-Z]{2}$/);
    }
    expect(new Set(s.map((x) => x.id)).size).toBe(s.length);
    for (let i = 1; i < s.length; i++) expect(s[i - 1]!.population).toBeGreaterThanOrEqual(s[i]!.population);
    // The scenario generator imports the same list.
    expect(loadSettlements(BASEMAP_BBOX)).toEqual(s);
  });

  it('stays small enough to commit', () => {
    const total = FILES.reduce((n, f) => n + readFileSync(join(DEFAULT_OUT_DIR, f)).length, 0);
    expect(total).toBeLessThan(2.5 * 1024 * 1024);
  });
});

describe('buildBasemap', () => {
  it('is deterministic, and the committed files are up to date (else run npm run basemap)', () => {
    const a = tmp();
    const b = tmp();
    buildBasemap(a);
    buildBasemap(b);
    for (const f of FILES) {
      const bytes = readFileSync(join(a, f));
      expect(readFileSync(join(b, f)).equals(bytes), f).toBe(true);
      expect(readFileSync(join(DEFAULT_OUT_DIR, f)).equals(bytes), `${f} is stale`).toBe(true);
    }
  });

  it('labelPoint stays inside a concave polygon whose centre of mass is outside', () => {
    // A "C" shape open to the east: its centre of mass lies in the opening.
    const c: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 2], [2, 2], [2, 8], [10, 8], [10, 10], [0, 10], [0, 0]]] };
    expect(booleanPointInPolygon(labelPoint(c), c)).toBe(true);
  });
});

describe('offlineBasemapStyle', () => {
  const style = offlineBasemapStyle('/');

  it('asks for no glyphs, sprite or remote resource', () => {
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    expect(JSON.stringify(style)).not.toMatch(/https?:|mapbox:|maptiler/i);
    expect(style.layers.some((l) => l.type === 'symbol')).toBe(false);
  });

  it('points every source at a file the build produces, under the public root', () => {
    const urls = Object.values(style.sources).map((s) => ('data' in s ? s.data : undefined));
    expect(urls).toEqual(['/basemap/land.geojson', '/basemap/countries.geojson', '/basemap/borders.geojson']);
    for (const u of urls) expect(existsSync(join(DEFAULT_OUT_DIR, '..', String(u)))).toBe(true);
    expect(offlineBasemapStyle('/poc/').sources.land).toMatchObject({ data: '/poc/basemap/land.geojson' });
  });

  it('userStyleOrDefault prefers the user URL, else the offline style', () => {
    expect(userStyleOrDefault('https://tiles.example/style.json', '/')).toBe('https://tiles.example/style.json');
    expect(userStyleOrDefault(undefined, '/')).toEqual(style);
    expect(userStyleOrDefault('  ', '/')).toEqual(style);
  });
});
