/**
 * Do-no-harm exports: owns turning incidents and presences into CSV and GeoJSON files
 * that leave the workspace, and the rules every such file keeps:
 *
 *   1. Descriptions (free text) and source fields are EXCLUDED unless the user opts in
 *      (`includeSensitiveText`): they can identify sources, victims or witnesses
 *      (DPO POC policy para 32). The model stores no source names; source type and
 *      reliability count as source fields (a "community alert network" report at an
 *      exact point can point at the focal point).
 *   2. `generalise`: incidents of SENSITIVE_THREAT_TYPES (CRSV, child recruitment) are
 *      moved to the centre of their grid cell and their location precision is coarsened
 *      to match; a `location_generalised` column says which rows were moved.
 *   3. Every file carries its provenance: CSV as leading `#` lines (the first says how
 *      many), GeoJSON as a top-level `metadata` member (RFC 7946 §6.1 foreign member).
 *   4. CSV text cells go through safeTextCell (formula injection); numbers do not (a
 *      negative longitude must stay a number). Provenance lines are neutralised too.
 * Pure: returns text; the caller makes the Blob. Analysis results plug in through
 * exportRegistry.ts and use the provenance helpers here.
 */
import type { IncidentTable } from '../domain/incidents.ts';
import { isoFromDay } from '../domain/incidents.ts';
import type { Presence } from '../domain/presence.ts';
import type { LocationPrecisionId } from '../domain/taxonomy.ts';
import {
  DATE_PRECISIONS, LOCATION_PRECISIONS, PERPETRATOR_TYPES, SENSITIVE_THREAT_TYPES, SOURCE_RELIABILITY, SOURCE_TYPES, THREAT_TYPES,
  THREAT_TYPE_CODE,
} from '../domain/taxonomy.ts';
import { safeTextCell } from '../io/incidentsCsv.ts';

export interface IncidentExportOptions {
  /** Include descriptions and source fields (may identify people). Default false. */
  includeSensitiveText: boolean;
  /** Snap sensitive incident types to grid-cell centres. Default true. */
  generalise: boolean;
  /** Grid cell size in degrees for `generalise`. */
  gridDeg: number;
}

export const DEFAULT_EXPORT_OPTIONS: Readonly<IncidentExportOptions> = { includeSensitiveText: false, generalise: true, gridDeg: 0.25 };
export const GRID_CHOICES: readonly number[] = [0.1, 0.25, 0.5, 1];

/** What the provenance says about where the data came from and how it was selected. */
export interface ExportContext {
  datasetName: string;
  exercise: boolean;
  /** One line per source file, e.g. "GEDEvent_v23_1_CAF.csv (ged-csv, 1,848 records)". */
  sources: readonly string[];
  /** The active filters in words (one item per filter); empty = no filter. */
  filters: readonly string[];
  /** ISO timestamp. */
  exportedAt: string;
  /** e.g. "POC Threat Map 0.1.0". */
  tool: string;
}

export interface Provenance {
  tool: string;
  exported: string;
  dataset: string;
  exercise: boolean;
  sources: string[];
  filters: string[];
  content: string;
  rows: number;
  totalRows: number;
  excluded: string[];
  generalised: { types: string[]; gridDeg: number; rows: number; precision: string } | null;
}

export const SENSITIVE_TEXT_COLUMNS = ['description', 'source_type', 'source_reliability'] as const;

// ---------------------------------------------------------------------------------------
// Generalisation

/** Centre of the grid cell (size `g` degrees, cells aligned on 0°) that holds the point. */
export function gridCentre(lon: number, lat: number, g: number): [number, number] {
  const cell = (v: number, max: number): number => {
    const last = Math.ceil((2 * max) / g) - 1; // the cell touching +max (a point at +max stays in range)
    const k = Math.min(Math.floor((v + max) / g), last);
    return Number((-max + (k + 0.5) * g).toFixed(9));
  };
  return [cell(lon, 180), cell(lat, 90)];
}

/**
 * Precision a point snapped to a cell of `g` degrees can claim: the largest distance
 * from the cell centre to its corner (half the diagonal, at the equator) sets it.
 */
export function precisionForGrid(g: number): LocationPrecisionId {
  const halfDiagonalKm = (g * 111.32 * Math.SQRT2) / 2;
  if (halfDiagonalKm <= 25) return 'near';
  if (halfDiagonalKm <= 100) return 'admin2';
  if (halfDiagonalKm <= 300) return 'admin1';
  return 'country';
}

const SENSITIVE_CODES = new Set(SENSITIVE_THREAT_TYPES.map((t) => THREAT_TYPE_CODE[t]));
const precisionRank = (id: string): number => LOCATION_PRECISIONS.findIndex((p) => p.id === id);

// ---------------------------------------------------------------------------------------
// Provenance

function describeExcluded(o: IncidentExportOptions): string[] {
  return o.includeSensitiveText ? [] : [...SENSITIVE_TEXT_COLUMNS];
}

export function incidentProvenance(ctx: ExportContext, o: IncidentExportOptions, rows: number, totalRows: number, generalisedRows: number): Provenance {
  return {
    tool: ctx.tool,
    exported: ctx.exportedAt,
    dataset: ctx.datasetName,
    exercise: ctx.exercise,
    sources: [...ctx.sources],
    filters: [...ctx.filters],
    content: 'incidents',
    rows,
    totalRows,
    excluded: describeExcluded(o),
    generalised: o.generalise
      ? {
        types: SENSITIVE_THREAT_TYPES.map((t) => THREAT_TYPES[THREAT_TYPE_CODE[t]]!.label),
        gridDeg: o.gridDeg,
        rows: generalisedRows,
        precision: precisionForGrid(o.gridDeg),
      }
      : null,
  };
}

/** Make one provenance line harmless in a CSV: no line breaks, no quotes, no formula after a comma. */
export function commentLine(text: string): string {
  const flat = text.replace(/[\r\n\t\u2028\u2029]+/g, ' ').replace(/"/g, "'");
  // A spreadsheet splits the line at commas: each piece after a comma becomes a cell of its own.
  return flat.split(',').map((part, i) => (i > 0 && /^\s*[=+\-@]/.test(part) ? part.replace(/^(\s*)/, "$1'") : part)).join(',');
}

const nf = (n: number): string => n.toLocaleString('en');

/** The provenance as `# ` lines; the first line says how many there are, so readers can skip them. */
export function provenanceCsvLines(p: Provenance): string[] {
  const body = [
    `tool: ${p.tool}`,
    `exported: ${p.exported}`,
    `dataset: ${p.dataset}`,
    `data: ${p.exercise ? 'EXERCISE - SYNTHETIC DATA (not real events)' : 'real data'}`,
    `sources: ${p.sources.length ? p.sources.join('; ') : 'not recorded'}`,
    `filters: ${p.filters.length ? p.filters.join('; ') : `none (all ${p.content})`}`,
    `rows: ${nf(p.rows)} of ${nf(p.totalRows)} ${p.content}`,
    `excluded (do no harm): ${p.excluded.length ? `${p.excluded.join(', ')} - may identify sources, victims or witnesses` : 'nothing (the user chose to include descriptions and source fields)'}`,
    `generalised: ${p.generalised
      ? `locations of ${p.generalised.types.join(' and ')} incidents moved to the centre of their ${p.generalised.gridDeg} degree grid cell, location_precision coarsened to at least ${p.generalised.precision} (${nf(p.generalised.rows)} rows; see location_generalised)`
      : 'nothing (exact locations, including sensitive incident types)'}`,
  ];
  const total = body.length + 1;
  return [`# POC Threat Map export of ${p.content}: the first ${total} lines (starting with #) are provenance; the CSV header follows`, ...body.map((b) => `# ${b}`)].map(commentLine);
}

/** The provenance as GeoJSON's top-level `metadata` member. */
export function provenanceMetadata(p: Provenance): Record<string, unknown> {
  return {
    tool: p.tool,
    exported: p.exported,
    dataset: p.dataset,
    exercise: p.exercise,
    data: p.exercise ? 'EXERCISE - SYNTHETIC DATA (not real events)' : 'real data',
    sources: p.sources,
    filters: p.filters.length ? p.filters : [`none (all ${p.content})`],
    content: p.content,
    rows: p.rows,
    totalRows: p.totalRows,
    excluded: p.excluded,
    generalised: p.generalised,
  };
}

// ---------------------------------------------------------------------------------------
// Incidents

function quote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
const text = (s: string): string => quote(safeTextCell(s));
const num = (n: number): string => String(n);

interface IncidentRowOut {
  props: Record<string, string | number>;
  lon: number;
  lat: number;
  generalised: boolean;
}

function* incidentRows(t: IncidentTable, rows: ArrayLike<number>, o: IncidentExportOptions): Generator<IncidentRowOut> {
  const gridPrecision = precisionRank(precisionForGrid(o.gridDeg));
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k]!;
    let lon = t.lon[i]!, lat = t.lat[i]!;
    let prec = t.locationPrecision[i]!;
    const generalised = o.generalise && SENSITIVE_CODES.has(t.threatType[i]!);
    if (generalised) {
      [lon, lat] = gridCentre(lon, lat, o.gridDeg);
      prec = Math.max(prec, gridPrecision);
    }
    const props: Record<string, string | number> = {
      id: t.ids[i]!,
      date: isoFromDay(t.day[i]!),
      date_precision: DATE_PRECISIONS[t.datePrecision[i]!]!.id,
      location_precision: LOCATION_PRECISIONS[prec]!.id,
    };
    if (o.generalise) props.location_generalised = generalised ? `grid ${o.gridDeg} deg` : '';
    props.threat_type = THREAT_TYPES[t.threatType[i]!]!.id;
    props.perpetrator = t.strings.perpetrators[t.perpetrator[i]!] ?? '';
    props.perpetrator_type = PERPETRATOR_TYPES[t.perpetratorType[i]!]!.id;
    props.fatalities = t.fatalities[i]!;
    props.injured = t.injured[i]!;
    props.victims_women = t.victimsWomen[i]!;
    props.victims_men = t.victimsMen[i]!;
    props.victims_girls = t.victimsGirls[i]!;
    props.victims_boys = t.victimsBoys[i]!;
    props.victims_unknown = t.victimsUnknown[i]!;
    if (o.includeSensitiveText) {
      props.source_type = SOURCE_TYPES[t.sourceType[i]!]!.id;
      props.source_reliability = SOURCE_RELIABILITY[t.sourceReliability[i]!]!.id;
      props.description = t.descriptions[i]!;
    }
    yield { props, lon, lat, generalised };
  }
}

/** The CSV columns an incident export has with these options (the app's own CSV names). */
export function incidentExportColumns(o: IncidentExportOptions): string[] {
  return [
    'id', 'date', 'date_precision', 'longitude', 'latitude', 'location_precision', ...(o.generalise ? ['location_generalised'] : []),
    'threat_type', 'perpetrator', 'perpetrator_type', 'fatalities', 'injured',
    'victims_women', 'victims_men', 'victims_girls', 'victims_boys', 'victims_unknown',
    ...(o.includeSensitiveText ? SENSITIVE_TEXT_COLUMNS : []),
  ];
}

const TEXT_COLUMNS = new Set(['id', 'perpetrator', 'description', 'name', 'mission', 'country', 'period']);

function csvCell(col: string, v: string | number): string {
  return typeof v === 'number' ? num(v) : TEXT_COLUMNS.has(col) ? text(v) : quote(v);
}

export function exportIncidentsCsv(t: IncidentTable, rows: ArrayLike<number>, o: IncidentExportOptions, ctx: ExportContext): string {
  const cols = incidentExportColumns(o);
  const body: string[] = [];
  let generalised = 0;
  for (const r of incidentRows(t, rows, o)) {
    if (r.generalised) generalised++;
    const all: Record<string, string | number> = { ...r.props, longitude: r.lon, latitude: r.lat };
    body.push(cols.map((c) => csvCell(c, all[c] ?? '')).join(','));
  }
  const prov = incidentProvenance(ctx, o, rows.length, t.length, generalised);
  return [...provenanceCsvLines(prov), cols.join(','), ...body].join('\r\n') + '\r\n';
}

export function exportIncidentsGeoJson(t: IncidentTable, rows: ArrayLike<number>, o: IncidentExportOptions, ctx: ExportContext): string {
  const features: GeoJSON.Feature<GeoJSON.Point>[] = [];
  let generalised = 0;
  for (const r of incidentRows(t, rows, o)) {
    if (r.generalised) generalised++;
    features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [r.lon, r.lat] }, properties: r.props });
  }
  const prov = incidentProvenance(ctx, o, rows.length, t.length, generalised);
  return JSON.stringify({ type: 'FeatureCollection', metadata: provenanceMetadata(prov), features });
}

// ---------------------------------------------------------------------------------------
// Presences (bases and offices: not sensitive in themselves; the same provenance rules)

type PresenceLike = Presence & { mission?: string; country?: string; period?: string };

function presenceProps(p: PresenceLike): Record<string, string | number> {
  const out: Record<string, string | number> = {
    id: p.id, name: p.name, type: p.type, component: p.component, strength: p.strength,
    reach_foot_km: p.reachKm.foot, reach_road_km: p.reachKm.road, reach_air_km: p.reachKm.air,
    temporary: p.temporary ? 'yes' : 'no',
  };
  if (p.mission !== undefined) out.mission = p.mission;
  if (p.country !== undefined) out.country = p.country;
  if (p.period !== undefined) out.period = p.period;
  return out;
}

function presenceProvenance(ctx: ExportContext, n: number): Provenance {
  return {
    tool: ctx.tool, exported: ctx.exportedAt, dataset: ctx.datasetName, exercise: ctx.exercise, sources: [...ctx.sources],
    filters: [], content: 'presences', rows: n, totalRows: n, excluded: [], generalised: null,
  };
}

export function exportPresencesCsv(presences: readonly PresenceLike[], ctx: ExportContext): string {
  const extra = (['mission', 'country', 'period'] as const).filter((k) => presences.some((p) => p[k] !== undefined));
  const cols = ['id', 'name', 'type', 'component', 'strength', 'longitude', 'latitude', 'reach_foot_km', 'reach_road_km', 'reach_air_km', 'temporary', ...extra];
  const body = presences.map((p) => {
    const all: Record<string, string | number> = { ...presenceProps(p), longitude: p.lon, latitude: p.lat };
    return cols.map((c) => csvCell(c, all[c] ?? '')).join(',');
  });
  const prov = provenanceCsvLines(presenceProvenance(ctx, presences.length)).filter((l) => !l.startsWith('# generalised') && !l.startsWith('# excluded'));
  prov[0] = commentLine(`# POC Threat Map export of presences: the first ${prov.length} lines (starting with #) are provenance; the CSV header follows`);
  return [...prov, cols.join(','), ...body].join('\r\n') + '\r\n';
}

export function exportPresencesGeoJson(presences: readonly PresenceLike[], ctx: ExportContext): string {
  const meta = provenanceMetadata(presenceProvenance(ctx, presences.length));
  delete meta.generalised;
  delete meta.excluded;
  return JSON.stringify({
    type: 'FeatureCollection',
    metadata: meta,
    features: presences.map((p) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties: presenceProps(p) })),
  });
}

/** A file name that says what and when, from characters every file system accepts. */
export function exportFileName(what: string, datasetName: string, exportedAt: string, ext: string): string {
  const slug = datasetName.normalize('NFKD').replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'dataset';
  return `poc-${what}-${slug}-${exportedAt.slice(0, 10)}.${ext}`;
}
