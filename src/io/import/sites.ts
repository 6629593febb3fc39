/**
 * Displacement sites (where displaced civilians concentrate): owns the UNHCR ODSS layout
 * (pcode, POINT_X/POINT_Y, type, loc_type, status) and a generic site CSV/GeoJSON
 * (id, name, kind, population, lon/lat), and the mapping of their labels onto the
 * three DisplacementSite kinds.
 */
import type { DisplacementSite } from '../../domain/presence.ts';
import type { Mapper, RecordContext, SourceRow } from './collector.ts';
import type { BBox, ImportFormat, ImportedSite } from './types.ts';
import { Reject, checkPoint, isMissing, normKey, parseCount } from './values.ts';

type SiteKind = DisplacementSite['kind'];
type SiteFormat = Extract<ImportFormat, 'unhcr-sites' | 'site-csv' | 'site-geojson'>;

export function detectSiteLayout(header: readonly string[]): SiteFormat | null {
  const h = new Set(header.map((c) => c.trim()));
  if (h.has('pcode') && h.has('POINT_X') && h.has('POINT_Y')) return 'unhcr-sites';
  const n = new Set(header.map(normKey));
  if ((n.has('kind') || n.has('site_type')) && (n.has('population') || n.has('individuals'))) return 'site-csv';
  return null;
}

/** UNHCR `type` → site kind. Kinds the model lacks map to the closest one WITH a warning. */
export const UNHCR_SITE_TYPES: Readonly<Record<string, { kind: SiteKind; warn: boolean; why: string }>> = {
  IDP: { kind: 'idp_site', warn: false, why: 'internally displaced persons' },
  Refugee: { kind: 'refugee_camp', warn: false, why: 'refugee camp, settlement or location' },
  'Asylum Seeker': { kind: 'refugee_camp', warn: false, why: 'asylum-seeker centre' },
  Returnee: { kind: 'idp_site', warn: true, why: 'returnee location: no returnee kind in the model' },
  Other: { kind: 'idp_site', warn: true, why: 'unspecified: closest kind' },
};

/** A site whose name or type says "PoC" (UNMISS protection of civilians sites) is a POC site. */
const POC_NAME = /\bpoc\b|protection of civilians/i;

/** UNHCR flags superseded rows with this loc_type: the source itself says to disregard them. */
const ARCHIVED = /archived data/i;

export interface SiteMapperOptions {
  expectedBbox?: BBox;
  decimalComma: boolean;
}

function sitePoint(row: SourceRow, ctx: RecordContext, lon: string, lat: string, o: SiteMapperOptions): { lon: number; lat: number } | Reject {
  if (row.geometry !== undefined) {
    const g = row.geometry;
    if (!g || g.type !== 'Point') return new Reject('geometry', g ? g.type : 'null', 'geometry is not a Point');
    const [x, y] = g.coordinates;
    return checkPoint(typeof x === 'number' ? x : null, typeof y === 'number' ? y : null, { lonField: 'longitude', latField: 'latitude' }, o, ctx.warn);
  }
  return checkPoint(row.get(lon), row.get(lat), { lonField: lon, latField: lat }, o, ctx.warn);
}

export function siteMapper(format: SiteFormat, o: SiteMapperOptions): Mapper<ImportedSite> {
  if (format === 'unhcr-sites') {
    return (row, ctx) => {
      const locType = row.get('loc_type').trim();
      if (ARCHIVED.test(locType)) return new Reject('loc_type', locType, 'the source marks this row as archived ("disregard")');
      const p = sitePoint(row, ctx, 'POINT_X', 'POINT_Y', o);
      if (p instanceof Reject) return p;
      const id = row.get('pcode').trim();
      const name = row.get('name').trim();
      const typeRaw = row.get('type').trim();
      let kind: SiteKind;
      if (POC_NAME.test(name) || POC_NAME.test(locType)) kind = 'poc_site';
      else {
        const t = UNHCR_SITE_TYPES[typeRaw];
        if (t) { kind = t.kind; if (t.warn) ctx.warn('type', typeRaw, `${t.why}: kind set to ${t.kind}`); }
        else { kind = 'idp_site'; ctx.warn('type', typeRaw, 'unknown site type: kind set to idp_site'); }
      }
      const st = row.get('status').trim();
      const status = st === '1' ? 'open' : st === '0' ? 'closed' : 'unknown';
      return {
        id, name: isMissing(name) ? id : name, kind, population: 0, lon: p.lon, lat: p.lat,
        country: row.get('Country').trim(), status, sourceType: locType,
      };
    };
  }
  return (row, ctx) => {
    const names = row.names();
    const find = (...syn: string[]): string | undefined => syn.map((s) => names.find((n) => normKey(n) === s)).find((n) => n !== undefined);
    const c = {
      id: find('id', 'site_id', 'pcode', 'code'), name: find('name', 'site_name', 'nom'), kind: find('kind', 'site_type', 'type'),
      pop: find('population', 'individuals', 'idps', 'persons'), lon: find('longitude', 'lon', 'lng', 'x'), lat: find('latitude', 'lat', 'y'),
    };
    const p = sitePoint(row, ctx, c.lon ?? 'longitude', c.lat ?? 'latitude', o);
    if (p instanceof Reject) return p;
    const name = c.name ? row.get(c.name).trim() : '';
    const id = c.id ? row.get(c.id).trim() : name;
    let kind: SiteKind = 'idp_site';
    if (c.kind) {
      const k = normKey(row.get(c.kind));
      if (k === 'idp_site' || k === 'idp' || k === 'idp_camp') kind = 'idp_site';
      else if (k === 'poc_site' || k === 'poc') kind = 'poc_site';
      else if (k === 'refugee_camp' || k === 'refugee' || k === 'refugees') kind = 'refugee_camp';
      else ctx.warn(c.kind, row.get(c.kind), 'unknown site kind: set to idp_site');
    }
    let population = 0;
    if (c.pop) {
      const raw = row.raw?.(c.pop);
      const n = parseCount(typeof raw === 'number' ? raw : row.get(c.pop), c.pop, o.decimalComma);
      if (n instanceof Reject) return n;
      population = n;
    }
    return { id, name: name || id, kind, population, lon: p.lon, lat: p.lat };
  };
}
