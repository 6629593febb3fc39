/**
 * The workspace schema: what a saved workspace holds, its version, and the pure
 * migration from any older version to the current one (`migrateWorkspace`).
 *
 * Owns the record shapes written to IndexedDB (src/workspace/idbBackend.ts) and to
 * workspace files (src/workspace/codec.ts). Both carry `schemaVersion`; a record is
 * migrated when it is READ, so an old database or an old file opens in a new app, and a
 * file from a NEWER app is refused rather than misread.
 *
 * Version history:
 *   0  before workspaces existed: the app kept only the basemap style URL (localStorage
 *      key `poc-threat-map:style-url`). Migrating it gives a workspace on the exercise data.
 *   1  workspaces: a small document (name, settings, pointer to a dataset record) plus
 *      immutable dataset records (incident columns as typed arrays, presences, AORs, sites).
 * To add version 2: bump WORKSPACE_SCHEMA_VERSION, add `MIGRATIONS[1]` (a v1 doc → v2 doc,
 * pure), a test beside the others, and a line above. Never edit a published step.
 */
import type { IncidentColumns } from '../domain/incidents.ts';
import type { AreaOfResponsibility, DisplacementSite, Presence } from '../domain/presence.ts';
import type { RejectedRecord } from '../io/incidentsCsv.ts';
import type { ColumnMapping, ImportKind } from '../io/import/index.ts';

export const WORKSPACE_SCHEMA_VERSION = 1;

/** A column mapping the user saved in the import dialog, re-offered for files with the same header. */
export interface SavedMapping {
  name: string;
  /** The header it was made for (column names in file order): a file with the same header gets it pre-selected. */
  header: string[];
  mapping: ColumnMapping;
  saved: string;
}

export interface SavedView {
  lon: number;
  lat: number;
  zoom: number;
}

export interface WorkspaceSettings {
  /** The user's own MapLibre style URL; null = the offline basemap. */
  styleUrl: string | null;
  /** Layer switches by layer id (store.ts LayerId); unknown ids are kept and ignored. */
  layers: Record<string, boolean>;
  view: SavedView | null;
  mappings: SavedMapping[];
}

/** One file that went into a dataset: shown in the Data menu and written into export provenance. */
export interface DatasetSource {
  file: string;
  kind: ImportKind;
  format: string;
  encoding: string;
  records: number;
  accepted: number;
  rejected: number;
  importedAt: string;
}

/** The exercise scenario ships with the app, so a workspace on it stores only this reference. */
export type DatasetRef = { kind: 'exercise' } | { kind: 'stored'; key: string };

export interface WorkspaceDoc {
  schemaVersion: number;
  id: string;
  name: string;
  created: string;
  modified: string;
  dataset: DatasetRef;
  settings: WorkspaceSettings;
  /**
   * Room for later features (the threat register first) before they get their own
   * schema step: kept verbatim by every migration and by workspace files.
   */
  extensions: Record<string, unknown>;
}

/** Incidents as stored: the columns stay typed arrays (IndexedDB stores them natively). */
export interface StoredIncidents extends IncidentColumns {
  length: number;
  ids: string[];
  descriptions: string[];
  perpetrators: string[];
}

/**
 * A dataset record. Immutable once written: a change writes a new record under a new
 * key and the workspace document is switched to it, so a failed write never leaves a
 * half-written dataset behind the pointer.
 */
export interface StoredDataset {
  schemaVersion: number;
  key: string;
  name: string;
  period: { start: string; end: string } | null;
  incidents: StoredIncidents;
  presences: Presence[];
  aors: AreaOfResponsibility[];
  sites: DisplacementSite[];
  rejected: RejectedRecord[];
  sources: DatasetSource[];
}

/** A record this app cannot read: made by a newer version, or not a workspace at all. */
export class WorkspaceFormatError extends Error {
  override name = 'WorkspaceFormatError';
}

export function defaultSettings(): WorkspaceSettings {
  return { styleUrl: null, layers: {}, view: null, mappings: [] };
}

// ---------------------------------------------------------------------------------------
// Migration

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : fallback);

/**
 * One step per published version: MIGRATIONS[n] turns a version-n record into version n+1.
 * Steps are pure and total (they fill defaults instead of throwing on missing members),
 * because a workspace a user cannot open is worse than one with a default setting.
 */
const MIGRATIONS: Record<number, (doc: Obj) => Obj> = {
  // v0 (pre-workspace settings: { styleUrl }) → v1
  0: (old) => ({
    schemaVersion: 1,
    id: str(old.id, 'default'),
    name: str(old.name, 'My workspace'),
    created: str(old.created, new Date(0).toISOString()),
    modified: str(old.modified, new Date(0).toISOString()),
    dataset: { kind: 'exercise' },
    settings: { ...defaultSettings(), styleUrl: typeof old.styleUrl === 'string' && old.styleUrl.trim() ? old.styleUrl.trim() : null },
    extensions: {},
  }),
};

function normaliseSettings(v: unknown): WorkspaceSettings {
  const s = isObj(v) ? v : {};
  const layers: Record<string, boolean> = {};
  if (isObj(s.layers)) for (const [k, b] of Object.entries(s.layers)) if (typeof b === 'boolean') layers[k] = b;
  const view = isObj(s.view) && [s.view.lon, s.view.lat, s.view.zoom].every((x) => typeof x === 'number' && Number.isFinite(x))
    ? { lon: s.view.lon as number, lat: s.view.lat as number, zoom: s.view.zoom as number } : null;
  const mappings: SavedMapping[] = [];
  if (Array.isArray(s.mappings)) {
    for (const m of s.mappings) {
      if (!isObj(m) || typeof m.name !== 'string' || !Array.isArray(m.header) || !isObj(m.mapping)) continue;
      const mp = m.mapping;
      if (typeof mp.date !== 'string' || typeof mp.lon !== 'string' || typeof mp.lat !== 'string') continue;
      const mapping = Object.fromEntries(Object.entries(mp).filter(([, x]) => typeof x === 'string')) as unknown as ColumnMapping;
      mappings.push({ name: m.name, header: m.header.filter((h): h is string => typeof h === 'string'), mapping, saved: str(m.saved, '') });
    }
  }
  return { styleUrl: typeof s.styleUrl === 'string' && s.styleUrl.trim() ? s.styleUrl.trim() : null, layers, view, mappings };
}

function normaliseRef(v: unknown): DatasetRef {
  if (isObj(v) && v.kind === 'stored' && typeof v.key === 'string' && v.key) return { kind: 'stored', key: v.key };
  return { kind: 'exercise' };
}

/**
 * Bring a workspace document of `fromVersion` to the current version. Pure: no storage,
 * no clock except for filling a missing date. Throws WorkspaceFormatError for a record
 * from a newer app or one that is not an object.
 */
export function migrateWorkspace(doc: unknown, fromVersion: number): WorkspaceDoc {
  if (!isObj(doc)) throw new WorkspaceFormatError('not a workspace: expected an object');
  if (!Number.isInteger(fromVersion) || fromVersion < 0) throw new WorkspaceFormatError(`not a workspace: bad schema version ${String(fromVersion)}`);
  if (fromVersion > WORKSPACE_SCHEMA_VERSION) {
    throw new WorkspaceFormatError(`this workspace was saved by a newer version of POC Threat Map (schema ${fromVersion}; this app reads up to ${WORKSPACE_SCHEMA_VERSION})`);
  }
  let d: Obj = doc;
  for (let v = fromVersion; v < WORKSPACE_SCHEMA_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new WorkspaceFormatError(`no migration from schema ${v}`);
    d = step(d);
  }
  const now = new Date().toISOString();
  return {
    schemaVersion: WORKSPACE_SCHEMA_VERSION,
    id: str(d.id, 'default') || 'default',
    name: str(d.name, 'My workspace').trim() || 'My workspace',
    created: str(d.created, now),
    modified: str(d.modified, now),
    dataset: normaliseRef(d.dataset),
    settings: normaliseSettings(d.settings),
    extensions: isObj(d.extensions) ? { ...d.extensions } : {},
  };
}

/** The schema version a stored record says it has (records without one are version 0). */
export function versionOf(doc: unknown): number {
  return isObj(doc) && typeof doc.schemaVersion === 'number' ? doc.schemaVersion : 0;
}
