/**
 * What an import becomes in the workspace: the summary the user reads before deciding
 * (`summarizeImport`, run in the import worker so the main thread never holds
 * thousands of warnings), and the dataset that "Use this data" produces (`mergeImport`).
 *
 * Rule kept here: exercise (synthetic) data and real data are never mixed. Using an
 * import while the exercise scenario is loaded starts a new, real dataset holding only
 * what was imported (plus the basemap settlements, which are real GeoNames data); the
 * exercise banner goes away because nothing synthetic is left. Imports into a real
 * dataset replace its incidents, or add to (or replace) its presences, sites or AORs.
 * Pure: runs in node tests.
 */
import type { IncidentTable } from '../domain/incidents.ts';
import { emptyIncidentTable } from '../domain/incidents.ts';
import type { AreaOfResponsibility, DisplacementSite, Presence } from '../domain/presence.ts';
import type { Dataset } from '../io/dataset.ts';
import type { RejectedRecord } from '../io/incidentsCsv.ts';
import type { ImportFormat, ImportKind, ImportResult, ImportedPresence, ImportedSite } from '../io/import/index.ts';
import { summarizeWarnings } from '../io/import/index.ts';
import { periodOfTable } from './codec.ts';
import type { DatasetSource } from './schema.ts';

export const FORMAT_LABELS: Readonly<Record<ImportFormat, string>> = {
  'acled-current': 'ACLED (current 31-column layout)',
  'acled-legacy': 'ACLED (legacy 29-column layout)',
  'acled-hdx': 'ACLED (HDX export with hashtag row)',
  'ged-csv': 'UCDP GED (CSV)',
  'ged-geojson': 'UCDP GED (GeoJSON)',
  'app-csv': 'POC Threat Map incident CSV',
  'generic-csv': 'Generic CSV/TSV (column mapping)',
  'incident-geojson': 'GeoJSON points (incidents)',
  radpko: 'RADPKO bases (country-year)',
  'geopko-v1': 'Geo-PKO v1 (monthly)',
  'geopko-front': 'Geo-PKO v2.3 FrontMap',
  'geopko-tt': 'Geo-PKO v2.3 TTMap',
  'geopko-tcc': 'Geo-PKO v2.3 TCCMap',
  'presence-csv': 'Presence CSV',
  'presence-geojson': 'Presence GeoJSON',
  'unhcr-sites': 'UNHCR displacement sites',
  'site-csv': 'Site CSV',
  'site-geojson': 'Site GeoJSON',
  'aor-geojson': 'GeoJSON polygons (areas of responsibility)',
};

export const KIND_LABELS: Readonly<Record<ImportKind, string>> = {
  incidents: 'Incidents',
  presences: 'Mission presences',
  sites: 'Displacement sites',
  aors: 'Areas of responsibility',
};

export interface WarningGroup {
  field: string;
  message: string;
  count: number;
  firstLine: number;
}

export interface ImportSummary {
  file: string;
  bytes: number;
  kind: ImportKind;
  format: ImportFormat;
  encoding: string;
  records: number;
  accepted: number;
  rejected: number;
  warnings: number;
  warningGroups: WarningGroup[];
  /** The first rejections in file order (the download has them all). */
  firstRejected: RejectedRecord[];
  /** Incidents: first and last date of the accepted records. */
  dateRange: { start: string; end: string } | null;
  elapsedMs: number;
  /** Presences from time-series datasets: the periods and missions present, for choosing. */
  periods: string[];
  missions: string[];
}

export function summarizeImport(r: ImportResult, file: { name: string; size: number }, elapsedMs: number, firstN = 100): ImportSummary {
  const firstRejected = [...r.rejected].sort((a, b) => a.line - b.line).slice(0, firstN);
  let periods: string[] = [];
  let missions: string[] = [];
  if (r.kind === 'presences') {
    periods = [...new Set(r.accepted.map((p) => p.period).filter((p): p is string => !!p))].sort();
    missions = [...new Set(r.accepted.map((p) => p.mission).filter((m): m is string => !!m))].sort();
  }
  return {
    file: file.name,
    bytes: file.size,
    kind: r.kind,
    format: r.format,
    encoding: r.encoding,
    records: r.records,
    accepted: r.accepted.length,
    rejected: r.rejected.length,
    warnings: r.warnings.length,
    warningGroups: summarizeWarnings(r.warnings),
    firstRejected,
    dateRange: r.kind === 'incidents' ? periodOfTable(r.accepted) : null,
    elapsedMs,
    periods,
    missions,
  };
}

/** What "Use this data" receives from the worker (the accepted records only). */
export type ImportedData =
  | { kind: 'incidents'; table: IncidentTable; rejected: RejectedRecord[] }
  | { kind: 'presences'; items: ImportedPresence[] }
  | { kind: 'sites'; items: ImportedSite[] }
  | { kind: 'aors'; items: AreaOfResponsibility[] };

export type MergeMode = 'add' | 'replace';

export interface PresenceChoice {
  /** Keep only rows of this period ('YYYY' or 'YYYY-MM'); null = all rows. */
  period: string | null;
  /** Keep only rows of this mission; null = all missions. */
  mission: string | null;
}

/**
 * Deployment datasets are time series (one row per base and year or month): drawing every
 * row would stack a base once per period. The user picks one period (default: the latest).
 */
export function choosePresences<T extends Presence & { period?: string; mission?: string }>(items: readonly T[], c: PresenceChoice): T[] {
  return items.filter((p) => (c.period === null || p.period === c.period) && (c.mission === null || p.mission === c.mission));
}

/** Add by id: an item whose id is already there replaces it (a re-import updates, never duplicates). */
function upsert<T extends { id: string }>(current: readonly T[], incoming: readonly T[]): { items: T[]; added: number; updated: number } {
  const at = new Map(current.map((x, i) => [x.id, i]));
  const items = [...current];
  let added = 0, updated = 0;
  for (const x of incoming) {
    const i = at.get(x.id);
    if (i === undefined) { at.set(x.id, items.length); items.push(x); added++; } else { items[i] = x; updated++; }
  }
  return { items, added, updated };
}

export interface MergeResult {
  dataset: Dataset;
  /** The exercise scenario was unloaded to keep synthetic and real data apart. */
  leftExercise: boolean;
  added: number;
  updated: number;
  removed: number;
}

function fileBase(name: string): string {
  return name.replace(/\.[^.]+$/, '') || name;
}

/** An empty, real dataset: what an import into the exercise starts from. */
export function emptyRealDataset(name: string, settlements: Dataset['settlements']): Dataset {
  return {
    name, exercise: false, period: null, incidents: emptyIncidentTable(0), presences: [], aors: [], sites: [],
    settlements, roads: null, rejected: [],
  };
}

/** The dataset after "Use this data". `mode` applies to presences, sites and AORs (incidents always replace). */
export function mergeImport(current: Dataset | null, data: ImportedData, fileName: string, mode: MergeMode = 'add'): MergeResult {
  const leftExercise = !current || current.exercise;
  const base = leftExercise ? emptyRealDataset(fileBase(fileName), current?.settlements ?? []) : current;
  if (data.kind === 'incidents') {
    const t = data.table;
    return {
      dataset: { ...base, name: fileBase(fileName), incidents: t, period: periodOfTable(t), rejected: data.rejected },
      leftExercise, added: t.length, updated: 0, removed: base.incidents.length,
    };
  }
  const field = data.kind === 'presences' ? 'presences' : data.kind === 'sites' ? 'sites' : 'aors';
  const existing = base[field] as { id: string }[];
  if (mode === 'replace') {
    return { dataset: { ...base, [field]: [...data.items] }, leftExercise, added: data.items.length, updated: 0, removed: existing.length };
  }
  const u = upsert<{ id: string }>(existing, data.items as { id: string }[]);
  return { dataset: { ...base, [field]: u.items as Presence[] | DisplacementSite[] | AreaOfResponsibility[] }, leftExercise, added: u.added, updated: u.updated, removed: 0 };
}

/** The provenance line for one import ("file (format, n records: a accepted, r rejected)"). */
export function sourceOf(s: ImportSummary, importedAt: string): DatasetSource {
  return { file: s.file, kind: s.kind, format: s.format, encoding: s.encoding, records: s.records, accepted: s.accepted, rejected: s.rejected, importedAt };
}

export function describeSource(s: DatasetSource): string {
  const label = (FORMAT_LABELS as Record<string, string>)[s.format] ?? s.format;
  return `${s.file} (${label}; ${s.records.toLocaleString('en')} records: ${s.accepted.toLocaleString('en')} accepted, ${s.rejected.toLocaleString('en')} rejected; imported ${s.importedAt.slice(0, 10)})`;
}

/** The dataset's source list after a merge: replaced parts lose their old sources. */
export function mergeSources(old: readonly DatasetSource[], added: DatasetSource, leftExercise: boolean, mode: MergeMode): DatasetSource[] {
  if (leftExercise) return [added];
  const replaces = added.kind === 'incidents' || mode === 'replace';
  return [...(replaces ? old.filter((s) => s.kind !== added.kind) : old), added];
}
