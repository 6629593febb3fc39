/**
 * The shareable view as a URL query string: map position, the plain-data part of the
 * incident filter, the active layers and the open panel. Pure encode/decode; the store
 * decides when to read or write `location`.
 *
 * Format (keys in this order, all optional; `,` `:` `;` `/` left unescaped to stay readable):
 *   map=zoom/lat/lon              zoom 2 decimals, lat/lon 5 decimals (~1 m)
 *   from=YYYY-MM-DD&to=YYYY-MM-DD the period (inclusive; both or neither)
 *   threat=killing,abduction      taxonomy ids, not numeric codes (readable, and stable
 *   ptype=… src=… rel=A,B         even if a list were ever re-coded)
 *   dprec=… lprec=…
 *   perp=Name&perp=Other          perpetrator NAMES, one parameter each (names may hold
 *                                 commas); matched to the dataset's dictionary on use
 *   fat=1-10  fat=1-              civilian fatalities range (open max = no upper bound)
 *   victims=women,girls
 *   aor=inside|outside            flags for the filters that hold per-incident arrays:
 *   range=foot:in|road:out        the arrays come back from the analysis, not the URL
 *   sel=c:lon,lat,km | sel=p:lon,lat;lon,lat;…   the map selection's SHAPE (not indices)
 *   layers=incidents,presences    (`layers=` = none on)
 *   panel=filters
 * An empty list value (`threat=`) means "none allowed", as in IncidentFilter.
 *
 * Decoding never throws: unknown parameters, unknown ids inside a list, malformed numbers
 * or dates are ignored (a list whose every item is unknown is ignored as a whole rather
 * than turned into "none allowed").
 */
import type { IncidentFilter, VictimGroup } from '../filter/incidentFilter.ts';
import { dayFromIso, isoFromDay } from '../domain/incidents.ts';
import {
  DATE_PRECISIONS, LOCATION_PRECISIONS, MOBILITY_MODES, PERPETRATOR_TYPES, SOURCE_RELIABILITY, SOURCE_TYPES, THREAT_TYPES,
} from '../domain/taxonomy.ts';

export interface MapPosition {
  lon: number;
  lat: number;
  zoom: number;
}

export type SelectionShape =
  | { kind: 'circle'; lon: number; lat: number; radiusKm: number }
  | { kind: 'polygon'; ring: [number, number][] };

/** The URL-safe part of an IncidentFilter: typed-array fields become flags or shapes. */
export interface UrlFilter {
  period?: { startDay: number; endDay: number };
  threatTypes?: number[];
  perpetratorTypes?: number[];
  /** Perpetrator names (the dataset's dictionary maps them to codes). */
  perpetrators?: string[];
  fatalities?: { min: number; max: number };
  victims?: VictimGroup[];
  sourceTypes?: number[];
  sourceReliability?: number[];
  datePrecision?: number[];
  locationPrecision?: number[];
  aor?: 'inside' | 'outside';
  /** mode = index into MOBILITY_MODES. */
  range?: { mode: number; inRange: boolean };
  selection?: SelectionShape;
}

export interface UrlViewState {
  map?: MapPosition;
  filter: UrlFilter;
  layers?: string[];
  panel?: string;
}

export interface DecodeOptions {
  /** When given, layer ids not in the list are dropped. */
  knownLayers?: readonly string[];
  /** When given, a panel not in the list is ignored. */
  knownPanels?: readonly string[];
}

const VICTIM_GROUPS: readonly VictimGroup[] = ['women', 'men', 'girls', 'boys', 'unknown'];
type CodeKey = 'threatTypes' | 'perpetratorTypes' | 'sourceTypes' | 'sourceReliability' | 'datePrecision' | 'locationPrecision';
const CODE_PARAMS: readonly (readonly [CodeKey, string, readonly { id: string }[]])[] = [
  ['threatTypes', 'threat', THREAT_TYPES],
  ['perpetratorTypes', 'ptype', PERPETRATOR_TYPES],
  ['sourceTypes', 'src', SOURCE_TYPES],
  ['sourceReliability', 'rel', SOURCE_RELIABILITY],
  ['datePrecision', 'dprec', DATE_PRECISIONS],
  ['locationPrecision', 'lprec', LOCATION_PRECISIONS],
];

/** Rounding applied to coordinates in the URL (decoded values are these roundings). */
export const COORD_DECIMALS = 5;
export const ZOOM_DECIMALS = 2;

function num(x: number, decimals: number): string {
  const s = x.toFixed(decimals).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
}
function enc(v: string): string {
  return encodeURIComponent(v).replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%3B/g, ';').replace(/%2F/g, '/');
}
function finite(s: string | undefined): number | null {
  if (s === undefined || s.trim() === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}
const coord = (ll: readonly [number, number]): string => `${num(ll[0], COORD_DECIMALS)},${num(ll[1], COORD_DECIMALS)}`;

export function encodeUrlState(s: UrlViewState): string {
  const parts: string[] = [];
  const put = (k: string, v: string): void => { parts.push(`${k}=${enc(v)}`); };
  const f = s.filter;
  if (s.map) put('map', `${num(s.map.zoom, ZOOM_DECIMALS)}/${num(s.map.lat, COORD_DECIMALS)}/${num(s.map.lon, COORD_DECIMALS)}`);
  if (f.period) { put('from', isoFromDay(f.period.startDay)); put('to', isoFromDay(f.period.endDay)); }
  for (const [key, param, table] of CODE_PARAMS) {
    const codes = f[key];
    if (codes) put(param, codes.flatMap((c) => (table[c] ? [table[c].id] : [])).join(','));
  }
  if (f.perpetrators) {
    if (f.perpetrators.length === 0) put('perp', '');
    // Full escaping for names: a comma or colon inside a name must not read as a separator.
    for (const name of f.perpetrators) parts.push(`perp=${encodeURIComponent(name)}`);
  }
  if (f.fatalities) put('fat', `${f.fatalities.min}-${Number.isFinite(f.fatalities.max) ? f.fatalities.max : ''}`);
  if (f.victims) put('victims', f.victims.join(','));
  if (f.aor) put('aor', f.aor);
  if (f.range && MOBILITY_MODES[f.range.mode]) put('range', `${MOBILITY_MODES[f.range.mode]!.id}:${f.range.inRange ? 'in' : 'out'}`);
  if (f.selection) {
    const sel = f.selection;
    put('sel', sel.kind === 'circle' ? `c:${coord([sel.lon, sel.lat])},${num(sel.radiusKm, 3)}` : `p:${sel.ring.map(coord).join(';')}`);
  }
  if (s.layers) put('layers', s.layers.join(','));
  if (s.panel) put('panel', s.panel);
  return parts.join('&');
}

function codeList(value: string, table: readonly { id: string }[]): number[] | null {
  if (value === '') return [];
  const out: number[] = [];
  for (const id of value.split(',')) {
    const c = table.findIndex((x) => x.id === id);
    if (c >= 0 && !out.includes(c)) out.push(c);
  }
  return out.length ? out : null;
}

function parseSelection(v: string): SelectionShape | null {
  if (v.startsWith('c:')) {
    const [lon, lat, km] = v.slice(2).split(',').map((x) => finite(x));
    if (lon == null || lat == null || km == null || Math.abs(lat) > 90 || Math.abs(lon) > 360 || km < 0) return null;
    return { kind: 'circle', lon, lat, radiusKm: km };
  }
  if (v.startsWith('p:')) {
    const ring: [number, number][] = [];
    for (const pair of v.slice(2).split(';')) {
      const [x, y, extra] = pair.split(',').map((s) => finite(s));
      if (x == null || y == null || extra !== undefined || Math.abs(y) > 90 || Math.abs(x) > 360) return null;
      ring.push([x, y]);
    }
    return ring.length >= 3 ? { kind: 'polygon', ring } : null;
  }
  return null;
}

/** Parse a query string (with or without a leading `?` or `#`). Never throws. */
export function decodeUrlState(query: string, opts: DecodeOptions = {}): UrlViewState {
  const out: UrlViewState = { filter: {} };
  const f = out.filter;
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(query.replace(/^[?#]/, ''));
  } catch {
    return out;
  }
  const one = (k: string): string | undefined => params.get(k) ?? undefined;

  const map = one('map')?.split('/');
  if (map && map.length === 3) {
    const [zoom, lat, lon] = map.map((x) => finite(x));
    if (zoom != null && lat != null && lon != null && zoom >= 0 && zoom <= 24 && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
      out.map = { lon, lat, zoom };
    }
  }
  const from = one('from'), to = one('to');
  if (from !== undefined && to !== undefined) {
    const a = dayFromIso(from), b = dayFromIso(to);
    if (Number.isFinite(a) && Number.isFinite(b) && a <= b) f.period = { startDay: a, endDay: b };
  }
  for (const [key, param, table] of CODE_PARAMS) {
    const v = one(param);
    if (v === undefined) continue;
    const codes = codeList(v, table);
    if (codes) f[key] = codes;
  }
  const perps = params.getAll('perp');
  if (perps.length) {
    const names = [...new Set(perps.filter((p) => p !== ''))];
    f.perpetrators = names;
  }
  const fat = one('fat');
  if (fat !== undefined) {
    const m = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)?$/.exec(fat);
    if (m) {
      const min = Number(m[1]), max = m[2] === undefined ? Infinity : Number(m[2]);
      if (min <= max) f.fatalities = { min, max };
    }
  }
  const victims = one('victims');
  if (victims !== undefined) {
    const v = victims === '' ? [] : VICTIM_GROUPS.filter((g) => victims.split(',').includes(g));
    if (victims === '' || v.length) f.victims = v;
  }
  const aor = one('aor');
  if (aor === 'inside' || aor === 'outside') f.aor = aor;
  const range = one('range');
  if (range) {
    const [mode, io] = range.split(':');
    const k = MOBILITY_MODES.findIndex((m) => m.id === mode);
    if (k >= 0 && (io === 'in' || io === 'out')) f.range = { mode: k, inRange: io === 'in' };
  }
  const sel = one('sel');
  if (sel) {
    const shape = parseSelection(sel);
    if (shape) f.selection = shape;
  }
  const layers = one('layers');
  if (layers !== undefined) {
    const ids = layers === '' ? [] : [...new Set(layers.split(','))].filter((id) => /^[\w-]+$/.test(id) && (!opts.knownLayers || opts.knownLayers.includes(id)));
    if (layers === '' || ids.length) out.layers = ids;
  }
  const panel = one('panel');
  if (panel && /^[\w-]+$/.test(panel) && (!opts.knownPanels || opts.knownPanels.includes(panel))) out.panel = panel;
  return out;
}

// ---------------------------------------------------------------------------------------
// IncidentFilter <-> UrlFilter

/**
 * The URL part of a live filter. `perpetratorNames` is the dataset's dictionary;
 * `selection` is the shape the map selection was made with (the filter only holds its
 * indices). AOR lists (`aor.aors`) have no URL form and are dropped.
 */
export function urlFilterFromIncidentFilter(f: IncidentFilter, perpetratorNames: readonly string[], selection?: SelectionShape): UrlFilter {
  const u: UrlFilter = {};
  if (f.period) u.period = { ...f.period };
  for (const [key] of CODE_PARAMS) { const c = f[key]; if (c) u[key] = [...c]; }
  if (f.perpetrators) u.perpetrators = f.perpetrators.flatMap((c) => (perpetratorNames[c] !== undefined ? [perpetratorNames[c]] : []));
  if (f.fatalities) u.fatalities = { ...f.fatalities };
  if (f.victims) u.victims = [...f.victims];
  if (f.aor?.inside !== undefined) u.aor = f.aor.inside ? 'inside' : 'outside';
  if (f.range) u.range = { mode: f.range.mode, inRange: f.range.inRange };
  if (f.selection && selection) u.selection = selection;
  return u;
}

export interface UrlFilterContext {
  perpetratorNames: readonly string[];
  /** Needed for `aor`; without it the flag is ignored. */
  aorOfIncident?: Int32Array;
  /** Needed for `range`; without it the flag is ignored. */
  reachBits?: Uint8Array;
  /** Indices for `selection` (from spatialSelect on the shape); without it the shape is ignored. */
  selection?: Uint32Array;
}

/** Back to a live filter; names unknown to this dataset are ignored. */
export function incidentFilterFromUrl(u: UrlFilter, ctx: UrlFilterContext): IncidentFilter {
  const f: IncidentFilter = {};
  if (u.period) f.period = { ...u.period };
  for (const [key] of CODE_PARAMS) { const c = u[key]; if (c) f[key] = [...c]; }
  if (u.perpetrators) {
    const index = new Map(ctx.perpetratorNames.map((n, i) => [n, i]));
    const codes = u.perpetrators.flatMap((n) => (index.has(n) ? [index.get(n)!] : []));
    if (codes.length || u.perpetrators.length === 0) f.perpetrators = codes;
  }
  if (u.fatalities) f.fatalities = { ...u.fatalities };
  if (u.victims) f.victims = [...u.victims];
  if (u.aor && ctx.aorOfIncident) f.aor = { aorOfIncident: ctx.aorOfIncident, inside: u.aor === 'inside' };
  if (u.range && ctx.reachBits) f.range = { reachBits: ctx.reachBits, mode: u.range.mode, inRange: u.range.inRange };
  if (u.selection && ctx.selection) f.selection = ctx.selection;
  return f;
}
