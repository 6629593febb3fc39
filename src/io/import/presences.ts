/**
 * Mission presences from deployment datasets and planners' own lists: owns layout
 * detection and row mappers for RADPKO (base-year), Geo-PKO v1 (monthly map locations),
 * Geo-PKO v2.3 dashboard aggregates (FrontMap / TTMap / TCCMap, yearly) and a generic
 * presence CSV/GeoJSON (id, name, type, component, strength, lon/lat, reach).
 *
 * Each row becomes one Presence with the period it describes ('YYYY' or 'YYYY-MM'):
 * these datasets are time series, and choosing a period is the UI's job, not the
 * importer's (filtering here would make rows vanish). Presence type comes from the
 * data where it has one (Geo-PKO HQ codes), else operating_base; reach is
 * DEFAULT_REACH_KM for the type unless the file gives reach columns.
 */
import { DEFAULT_REACH_KM } from '../../domain/presence.ts';
import type { PresenceComponent, PresenceTypeId } from '../../domain/taxonomy.ts';
import { PRESENCE_TYPES } from '../../domain/taxonomy.ts';
import type { Mapper, RecordContext, SourceRow } from './collector.ts';
import type { BBox, ImportFormat, ImportedPresence } from './types.ts';
import { Reject, checkPoint, isMissing, normKey, parseNumber } from './values.ts';

type PresenceFormat = Extract<ImportFormat, 'radpko' | 'geopko-v1' | 'geopko-front' | 'geopko-tt' | 'geopko-tcc' | 'presence-csv' | 'presence-geojson'>;

export function detectPresenceLayout(header: readonly string[]): PresenceFormat | null {
  const h = new Set(header.map((c) => c.trim()));
  if (h.has('mission') && h.has('base') && h.has('untrp')) return 'radpko';
  if (h.has('Mission') && h.has('No.troops') && h.has('HQ')) return 'geopko-v1';
  if (h.has('mission') && h.has('NoTroops') && h.has('hq')) return 'geopko-front';
  if (h.has('mission') && h.has('Infantry') && h.has('eng') && h.has('trans')) return 'geopko-tt';
  if (h.has('mission') && h.has('No.TCC')) return 'geopko-tcc';
  const n = new Set(header.map(normKey));
  const hasPoint = (n.has('longitude') || n.has('lon')) && (n.has('latitude') || n.has('lat'));
  if (hasPoint && (n.has('strength') || n.has('presence_type') || (n.has('type') && n.has('component')))) return 'presence-csv';
  return null;
}

/** Geo-PKO HQ codes (Geo-PKO codebook: 0 no HQ, 1 TCC/contingent HQ, 2 sector HQ, 3 mission HQ). */
export const GEOPKO_HQ_TYPES: Readonly<Record<string, { type: PresenceTypeId | null; name: string }>> = {
  0: { type: null, name: 'no HQ: operating_base if troops, police_base if only UNPOL, field_office if only military observers' },
  1: { type: 'operating_base', name: 'TCC (contingent) HQ' },
  2: { type: 'sector_hq', name: 'sector HQ' },
  3: { type: 'mission_hq', name: 'mission HQ' },
};

/** Free labels for presence types (after normKey); the taxonomy ids and labels match too. */
export const PRESENCE_SYNONYMS: Readonly<Record<string, PresenceTypeId>> = {
  hq: 'mission_hq', mhq: 'mission_hq', mission_headquarters: 'mission_hq', force_hq: 'mission_hq', fhq: 'mission_hq',
  shq: 'sector_hq', sector_headquarters: 'sector_hq', regional_hq: 'sector_hq', sector: 'sector_hq',
  cob: 'operating_base', tob: 'operating_base', base: 'operating_base', camp: 'operating_base', company_operating_base: 'operating_base',
  temporary_operating_base: 'operating_base', standing_combat_deployment: 'operating_base', scd: 'operating_base', tcc_hq: 'operating_base',
  fpu: 'police_base', police: 'police_base', formed_police_unit: 'police_base', police_base: 'police_base',
  office: 'field_office', fo: 'field_office', team_site: 'field_office', field_office: 'field_office',
  poc: 'poc_site', poc_site: 'poc_site', protection_of_civilians_site: 'poc_site',
};
const PRESENCE_LOOKUP = new Map<string, PresenceTypeId>([
  ...Object.entries(PRESENCE_SYNONYMS),
  ...PRESENCE_TYPES.flatMap((t) => [[normKey(t.id), t.id], [normKey(t.label), t.id]] as [string, PresenceTypeId][]),
]);
export function presenceTypeFromLabel(raw: string): PresenceTypeId | undefined {
  return PRESENCE_LOOKUP.get(normKey(raw));
}

export interface PresenceMapperOptions {
  expectedBbox?: BBox;
  decimalComma: boolean;
}

function presence(id: string, name: string, type: PresenceTypeId, component: PresenceComponent, strength: number, lon: number, lat: number): ImportedPresence {
  return { id, name, type, component, strength, lon, lat, reachKm: { ...DEFAULT_REACH_KM[type] } };
}

/** A personnel figure: fractional means are rounded; 'NA' → 0 with a warning; junk → Reject. */
function readPersonnel(row: SourceRow, ctx: RecordContext, field: string, decimalComma = false): number | Reject {
  const raw = row.get(field);
  // Geo-PKO writes "unknown" where the map showed a unit but no size: the presence is real, its size is not known.
  if (isMissing(raw) || /^unknown$/i.test(raw.trim())) { ctx.warn(field, raw, 'personnel figure missing or unknown: counted as 0'); return 0; }
  const n = parseNumber(raw, decimalComma);
  if (n === null || !Number.isFinite(n)) return new Reject(field, raw, 'personnel figure is not a number');
  if (n < 0) return new Reject(field, raw, 'personnel figure is negative');
  return Math.round(n);
}

function point(row: SourceRow, ctx: RecordContext, lon: string, lat: string, o: PresenceMapperOptions): { lon: number; lat: number } | Reject {
  if (row.geometry !== undefined) {
    const g = row.geometry;
    if (!g || g.type !== 'Point') return new Reject('geometry', g ? g.type : 'null', 'geometry is not a Point');
    const [x, y] = g.coordinates;
    return checkPoint(typeof x === 'number' ? x : null, typeof y === 'number' ? y : null, { lonField: 'longitude', latField: 'latitude' }, o, ctx.warn);
  }
  return checkPoint(row.get(lon), row.get(lat), { lonField: lon, latField: lat }, o, ctx.warn);
}

/** Type of a Geo-PKO location without an HQ code, from what is deployed there. */
function typeFromDeployment(troops: number, unpol: boolean, unmo: boolean): { type: PresenceTypeId; component: PresenceComponent } {
  if (troops > 0) return { type: 'operating_base', component: 'military' };
  if (unpol) return { type: 'police_base', component: 'police' };
  if (unmo) return { type: 'field_office', component: 'military' };
  return { type: 'operating_base', component: 'civilian' };
}

export function presenceMapper(format: PresenceFormat, o: PresenceMapperOptions): Mapper<ImportedPresence> {
  switch (format) {
    case 'radpko': return (row, ctx) => {
      const p = point(row, ctx, 'longitude', 'latitude', o);
      if (p instanceof Reject) return p;
      const mission = row.get('mission').trim(), base = row.get('base').trim(), year = row.get('year').trim();
      if (!base) return new Reject('base', '', 'missing base name');
      const trp = readPersonnel(row, ctx, 'untrp'); if (trp instanceof Reject) return trp;
      const pol = readPersonnel(row, ctx, 'unpol'); if (pol instanceof Reject) return pol;
      const mob = readPersonnel(row, ctx, 'unmob'); if (mob instanceof Reject) return mob;
      // RADPKO has no HQ information: a police-majority base is a police base, else an operating base.
      const policeLed = pol > trp;
      const pr = presence(`${mission}/${base}/${year}`, base, policeLed ? 'police_base' : 'operating_base', policeLed ? 'police' : 'military', trp + pol + mob, p.lon, p.lat);
      return { ...pr, mission, country: row.get('country').trim(), period: year };
    };
    case 'geopko-v1':
    case 'geopko-front': {
      const v1 = format === 'geopko-v1';
      const col = v1
        ? { mission: 'Mission', hq: 'HQ', troops: 'No.troops', unpol: 'UNPOL..dummy.', unmo: 'UNMO..dummy.' }
        : { mission: 'mission', hq: 'hq', troops: 'ave.no.troops', unpol: 'UNPOL', unmo: 'UNMO' };
      return (row, ctx) => {
        const p = point(row, ctx, 'longitude', 'latitude', o);
        if (p instanceof Reject) return p;
        const mission = row.get(col.mission).trim(), loc = row.get('location').trim(), year = row.get('year').trim();
        if (!loc) return new Reject('location', '', 'missing location name');
        const month = v1 ? row.get('month').trim().padStart(2, '0') : '';
        const period = v1 ? `${year}-${month}` : year;
        // v2.3 keeps one row per distinct NoTroops within a year; ave.no.troops (the year's mean) is shared by them.
        let troopsField = col.troops;
        if (!v1 && isMissing(row.get(troopsField))) troopsField = 'NoTroops';
        const troops = readPersonnel(row, ctx, troopsField); if (troops instanceof Reject) return troops;
        const unpol = row.get(col.unpol).trim() === '1', unmo = row.get(col.unmo).trim() === '1';
        const hqRaw = row.get(col.hq).trim();
        const hq = GEOPKO_HQ_TYPES[hqRaw];
        if (!hq) ctx.warn(col.hq, hqRaw, 'unknown HQ code: type taken from what is deployed');
        const dep = typeFromDeployment(troops, unpol, unmo);
        const type = hq?.type ?? dep.type;
        const component = troops > 0 || unmo ? 'military' : unpol ? 'police' : 'civilian';
        const pr = presence(`${mission}/${loc}/${period}`, loc, type, component, troops, p.lon, p.lat);
        return { ...pr, mission, country: row.get('country').trim(), period };
      };
    }
    case 'geopko-tt': {
      const units = ['Infantry', 'eng', 'med', 'sig', 'av', 'riv', 'maint', 'trans'];
      return (row, ctx) => {
        const p = point(row, ctx, 'longitude', 'latitude', o);
        if (p instanceof Reject) return p;
        const mission = row.get('mission').trim(), loc = row.get('location').trim(), year = row.get('year').trim();
        if (!loc) return new Reject('location', '', 'missing location name');
        let troops = 0;
        for (const u of units) { const n = readPersonnel(row, ctx, u); if (n instanceof Reject) return n; troops += n; }
        const pr = presence(`${mission}/${loc}/${year}`, loc, 'operating_base', 'military', troops, p.lon, p.lat);
        return { ...pr, mission, period: year };
      };
    }
    case 'geopko-tcc': return (row, ctx) => {
      const p = point(row, ctx, 'longitude', 'latitude', o);
      if (p instanceof Reject) return p;
      const mission = row.get('mission').trim(), loc = row.get('location').trim(), year = row.get('year').trim();
      if (!loc) return new Reject('location', '', 'missing location name');
      // TCCMap has contributing countries, not personnel: strength 0 (a file-level warning says so).
      const pr = presence(`${mission}/${loc}/${year}`, loc, 'operating_base', 'military', 0, p.lon, p.lat);
      return { ...pr, mission, period: year };
    };
    case 'presence-csv':
    case 'presence-geojson': return genericPresenceMapper(o);
  }
}

const GENERIC_COLS = {
  id: ['id', 'presence_id', 'base_id', 'code'],
  name: ['name', 'base', 'location', 'site', 'nom'],
  type: ['type', 'presence_type', 'base_type'],
  component: ['component'],
  strength: ['strength', 'troops', 'personnel', 'no_troops', 'effectif'],
  lon: ['longitude', 'lon', 'lng', 'x'],
  lat: ['latitude', 'lat', 'y'],
  foot: ['reach_foot_km', 'reach_foot'],
  road: ['reach_road_km', 'reach_road'],
  air: ['reach_air_km', 'reach_air'],
} as const;

function genericPresenceMapper(o: PresenceMapperOptions): Mapper<ImportedPresence> {
  let cols: Partial<Record<keyof typeof GENERIC_COLS, string>> | null = null;
  const resolve = (row: SourceRow): Partial<Record<keyof typeof GENERIC_COLS, string>> => {
    const out: Partial<Record<keyof typeof GENERIC_COLS, string>> = {};
    const names = row.names();
    for (const [k, syns] of Object.entries(GENERIC_COLS) as [keyof typeof GENERIC_COLS, readonly string[]][]) {
      const hit = syns.map((s) => names.find((n) => normKey(n) === s)).find((n) => n !== undefined);
      if (hit !== undefined) out[k] = hit;
    }
    return out;
  };
  return (row, ctx) => {
    // GeoJSON features may differ in their properties: resolve per row there, once for CSV.
    const c = row.geometry !== undefined ? resolve(row) : (cols ??= resolve(row));
    const p = point(row, ctx, c.lon ?? 'longitude', c.lat ?? 'latitude', o);
    if (p instanceof Reject) return p;
    const name = c.name ? row.get(c.name).trim() : '';
    const id = c.id ? row.get(c.id).trim() : name;
    if (!id) return new Reject(c.id ?? 'id', '', 'missing id (and no name to use as id)');
    let type: PresenceTypeId = 'operating_base';
    if (c.type) {
      const raw = row.get(c.type);
      const t = presenceTypeFromLabel(raw);
      if (t) type = t; else ctx.warn(c.type, raw, 'unknown presence type: set to operating_base');
    }
    let component: PresenceComponent = type === 'police_base' ? 'police' : type === 'field_office' ? 'civilian' : 'military';
    if (c.component) {
      const raw = row.get(c.component).trim().toLowerCase();
      if (raw === 'military' || raw === 'police' || raw === 'civilian') component = raw;
      else if (raw) ctx.warn(c.component, raw, `unknown component: set to ${component}`);
    }
    let strength = 0;
    if (c.strength) { const s = readPersonnel(row, ctx, c.strength, o.decimalComma); if (s instanceof Reject) return s; strength = s; }
    const pr = presence(id, name || id, type, component, strength, p.lon, p.lat);
    for (const mode of ['foot', 'road', 'air'] as const) {
      const col = c[mode];
      if (!col || isMissing(row.get(col))) continue;
      const v = parseNumber(row.get(col), o.decimalComma);
      if (v === null || v < 0) return new Reject(col, row.get(col), 'reach must be a number of km ≥ 0');
      pr.reachKm[mode] = v;
    }
    return pr;
  };
}
