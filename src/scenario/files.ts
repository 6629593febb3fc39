/**
 * The scenario's GeoJSON files (presences, areas of responsibility, displacement sites)
 * to and from the domain objects. Pure: no fs, no DOM. The generator writes with the
 * `*ToGeoJson` functions; the app and the CLI read with the `*FromGeoJson` functions,
 * which reject a malformed file with a message naming the file, the feature and the field.
 *
 * Property names in the files are snake_case (reach_road_km, owning_unit) because
 * GIS tools show them as column names.
 */
import type { AreaOfResponsibility, DisplacementSite, Presence } from '../domain/presence.ts';
import { PRESENCE_COMPONENTS, PRESENCE_TYPES } from '../domain/taxonomy.ts';
import type { PresenceComponent, PresenceTypeId } from '../domain/taxonomy.ts';

export interface PresenceProperties {
  id: string;
  name: string;
  type: PresenceTypeId;
  component: PresenceComponent;
  strength: number;
  reach_foot_km: number;
  reach_road_km: number;
  reach_air_km: number;
}
export interface AorProperties {
  id: string;
  name: string;
  owning_unit: string;
}
export interface SiteProperties {
  id: string;
  name: string;
  kind: DisplacementSite['kind'];
  population: number;
}

export const SITE_KINDS: readonly DisplacementSite['kind'][] = ['idp_site', 'poc_site', 'refugee_camp'];

// ---------------------------------------------------------------------------- writing

export function presencesToGeoJson(presences: readonly Presence[]): GeoJSON.FeatureCollection<GeoJSON.Point, PresenceProperties> {
  return {
    type: 'FeatureCollection',
    features: presences.map((p) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
      properties: {
        id: p.id, name: p.name, type: p.type, component: p.component, strength: p.strength,
        reach_foot_km: p.reachKm.foot, reach_road_km: p.reachKm.road, reach_air_km: p.reachKm.air,
      },
    })),
  };
}

export function aorsToGeoJson(aors: readonly AreaOfResponsibility[]): GeoJSON.FeatureCollection<GeoJSON.Polygon | GeoJSON.MultiPolygon, AorProperties> {
  return {
    type: 'FeatureCollection',
    features: aors.map((a) => ({
      type: 'Feature',
      geometry: a.geometry,
      properties: { id: a.id, name: a.name, owning_unit: a.owningUnit },
    })),
  };
}

export function sitesToGeoJson(sites: readonly DisplacementSite[]): GeoJSON.FeatureCollection<GeoJSON.Point, SiteProperties> {
  return {
    type: 'FeatureCollection',
    features: sites.map((s) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [s.lon, s.lat] },
      properties: { id: s.id, name: s.name, kind: s.kind, population: s.population },
    })),
  };
}

/**
 * A FeatureCollection as text with one feature per line: small diffs when the scenario
 * is regenerated, still valid JSON for every GIS tool.
 */
export function featureCollectionText(fc: { type: 'FeatureCollection'; features: readonly unknown[] }): string {
  if (fc.features.length === 0) return '{"type":"FeatureCollection","features":[]}\n';
  return `{"type":"FeatureCollection","features":[\n${fc.features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
}

// ---------------------------------------------------------------------------- reading

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parse errors carry the file kind and the feature so the user can find the bad record. */
export class ScenarioFileError extends Error {
  constructor(file: string, where: string, problem: string) {
    super(`${file}: ${where}${where ? ': ' : ''}${problem}`);
    this.name = 'ScenarioFileError';
  }
}

interface FeatureReader {
  file: string;
  where: string;
  props: Obj;
  geometry: Obj;
}

function features(file: string, input: unknown): FeatureReader[] {
  if (!isObj(input) || input.type !== 'FeatureCollection' || !Array.isArray(input.features)) {
    throw new ScenarioFileError(file, '', 'not a GeoJSON FeatureCollection');
  }
  return input.features.map((f: unknown, i: number) => {
    const idHint = isObj(f) && isObj(f.properties) && typeof f.properties.id === 'string' ? ` (id "${f.properties.id}")` : '';
    const where = `feature ${i + 1}${idHint}`;
    if (!isObj(f) || f.type !== 'Feature') throw new ScenarioFileError(file, where, 'not a GeoJSON Feature');
    if (!isObj(f.geometry)) throw new ScenarioFileError(file, where, 'missing geometry');
    if (!isObj(f.properties)) throw new ScenarioFileError(file, where, 'missing properties');
    return { file, where, props: f.properties, geometry: f.geometry };
  });
}

function str(r: FeatureReader, key: string): string {
  const v = r.props[key];
  if (typeof v !== 'string' || v.trim() === '') throw new ScenarioFileError(r.file, r.where, `property "${key}" must be a non-empty text`);
  return v;
}

function num(r: FeatureReader, key: string, opts: { integer?: boolean; min?: number } = {}): number {
  const v = r.props[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ScenarioFileError(r.file, r.where, `property "${key}" must be a number (got ${JSON.stringify(v) ?? 'nothing'})`);
  if (opts.integer && !Number.isInteger(v)) throw new ScenarioFileError(r.file, r.where, `property "${key}" must be a whole number (got ${v})`);
  if (opts.min !== undefined && v < opts.min) throw new ScenarioFileError(r.file, r.where, `property "${key}" must be ≥ ${opts.min} (got ${v})`);
  return v;
}

function oneOf<T extends string>(r: FeatureReader, key: string, allowed: readonly T[]): T {
  const v = r.props[key];
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new ScenarioFileError(r.file, r.where, `property "${key}" is ${JSON.stringify(v) ?? 'missing'} (expected one of ${allowed.join(', ')})`);
  }
  return v as T;
}

function checkPosition(r: FeatureReader, pos: unknown): [number, number] {
  if (!Array.isArray(pos) || pos.length < 2 || typeof pos[0] !== 'number' || typeof pos[1] !== 'number'
    || !Number.isFinite(pos[0]) || !Number.isFinite(pos[1])) {
    throw new ScenarioFileError(r.file, r.where, 'coordinates must be [longitude, latitude] numbers');
  }
  const [lon, lat] = pos as [number, number];
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
    throw new ScenarioFileError(r.file, r.where, `coordinates [${lon}, ${lat}] are outside longitude -180..180 / latitude -90..90 (is the order [lon, lat]?)`);
  }
  return [lon, lat];
}

function point(r: FeatureReader): [number, number] {
  if (r.geometry.type !== 'Point') throw new ScenarioFileError(r.file, r.where, `geometry must be a Point (got ${String(r.geometry.type)})`);
  return checkPosition(r, r.geometry.coordinates);
}

function checkRing(r: FeatureReader, ring: unknown): void {
  if (!Array.isArray(ring) || ring.length < 4) throw new ScenarioFileError(r.file, r.where, 'a polygon ring needs at least 4 positions');
  ring.forEach((p) => checkPosition(r, p));
  const a = ring[0] as number[], b = ring[ring.length - 1] as number[];
  if (a[0] !== b[0] || a[1] !== b[1]) throw new ScenarioFileError(r.file, r.where, 'a polygon ring must be closed (first position = last position)');
}

function polygonal(r: FeatureReader): GeoJSON.Polygon | GeoJSON.MultiPolygon {
  const g = r.geometry;
  const polys: unknown[] = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' && Array.isArray(g.coordinates) ? g.coordinates : [];
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
    throw new ScenarioFileError(r.file, r.where, `geometry must be a Polygon or MultiPolygon (got ${String(g.type)})`);
  }
  if (polys.length === 0) throw new ScenarioFileError(r.file, r.where, 'polygon has no coordinates');
  for (const rings of polys) {
    if (!Array.isArray(rings) || rings.length === 0) throw new ScenarioFileError(r.file, r.where, 'polygon has no rings');
    rings.forEach((ring) => checkRing(r, ring));
  }
  return g as unknown as GeoJSON.Polygon | GeoJSON.MultiPolygon;
}

function uniqueIds<T extends { id: string }>(file: string, items: T[]): T[] {
  const seen = new Set<string>();
  items.forEach((it, i) => {
    if (seen.has(it.id)) throw new ScenarioFileError(file, `feature ${i + 1} (id "${it.id}")`, 'duplicate id');
    seen.add(it.id);
  });
  return items;
}

const PRESENCE_TYPE_IDS = PRESENCE_TYPES.map((t) => t.id);

export function presencesFromGeoJson(input: unknown): Presence[] {
  const file = 'presences.geojson';
  return uniqueIds(file, features(file, input).map((r) => {
    const [lon, lat] = point(r);
    return {
      id: str(r, 'id'),
      name: str(r, 'name'),
      type: oneOf(r, 'type', PRESENCE_TYPE_IDS),
      component: oneOf(r, 'component', PRESENCE_COMPONENTS),
      strength: num(r, 'strength', { integer: true, min: 0 }),
      lon, lat,
      reachKm: {
        foot: num(r, 'reach_foot_km', { min: 0 }),
        road: num(r, 'reach_road_km', { min: 0 }),
        air: num(r, 'reach_air_km', { min: 0 }),
      },
    };
  }));
}

export function aorsFromGeoJson(input: unknown): AreaOfResponsibility[] {
  const file = 'aors.geojson';
  return uniqueIds(file, features(file, input).map((r) => {
    const owning = typeof r.props.owning_unit === 'string' ? 'owning_unit' : 'owningUnit';
    return { id: str(r, 'id'), name: str(r, 'name'), owningUnit: str(r, owning), geometry: polygonal(r) };
  }));
}

export function sitesFromGeoJson(input: unknown): DisplacementSite[] {
  const file = 'sites.geojson';
  return uniqueIds(file, features(file, input).map((r) => {
    const [lon, lat] = point(r);
    return {
      id: str(r, 'id'),
      name: str(r, 'name'),
      kind: oneOf(r, 'kind', SITE_KINDS),
      population: num(r, 'population', { integer: true, min: 0 }),
      lon, lat,
    };
  }));
}
