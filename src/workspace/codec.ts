/**
 * Converting workspaces between their three forms, and checking what comes back:
 *   - the live Dataset the app draws  ⇄  the StoredDataset record (datasetToStored / storedToDataset);
 *   - a workspace (doc + dataset)     ⇄  ONE workspace file (encodeWorkspaceFile / decodeWorkspaceFile):
 *     JSON with a format/version header, typed arrays as base64 of their little-endian bytes.
 * Pure: no DOM, no storage; runs in node tests.
 *
 * Everything read back (a file a user picked, or a database written by an older app) is
 * validated before the app touches it (`validateStoredDataset`): a code outside the
 * taxonomy or a column of the wrong length would otherwise crash the map far from here.
 */
import type { IncidentColumnName, IncidentTable } from '../domain/incidents.ts';
import { INCIDENT_COLUMN_NAMES } from '../domain/incidents.ts';
import type { AreaOfResponsibility, DisplacementSite, Presence, Settlement } from '../domain/presence.ts';
import {
  DATE_PRECISIONS, LOCATION_PRECISIONS, PERPETRATOR_TYPES, PRESENCE_COMPONENTS, PRESENCE_TYPES, SOURCE_RELIABILITY, SOURCE_TYPES,
  THREAT_TYPES,
} from '../domain/taxonomy.ts';
import type { Dataset } from '../io/dataset.ts';
import type { RejectedRecord } from '../io/incidentsCsv.ts';
import type { DatasetSource, StoredDataset, StoredIncidents, WorkspaceDoc } from './schema.ts';
import { WORKSPACE_SCHEMA_VERSION, WorkspaceFormatError, migrateWorkspace, versionOf } from './schema.ts';

export const WORKSPACE_FILE_FORMAT = 'poc-threat-map-workspace';

type TypedArrayCtor = Float64ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor | Uint16ArrayConstructor | Uint32ArrayConstructor;
type AnyColumn = Float64Array | Int32Array | Uint8Array | Uint16Array | Uint32Array;

/** The typed array type of every incident column (mirrors domain/incidents.ts). */
const COLUMN_CTOR: Record<IncidentColumnName, TypedArrayCtor> = {
  lon: Float64Array, lat: Float64Array, day: Int32Array,
  datePrecision: Uint8Array, locationPrecision: Uint8Array, threatType: Uint8Array, perpetratorType: Uint8Array,
  perpetrator: Uint16Array, fatalities: Uint32Array, injured: Uint32Array,
  victimsWomen: Uint32Array, victimsMen: Uint32Array, victimsGirls: Uint32Array, victimsBoys: Uint32Array,
  victimsUnknown: Uint32Array, sourceType: Uint8Array, sourceReliability: Uint8Array,
};

/** Columns whose values are codes into a taxonomy table: each must stay below the table's size. */
const CODE_LIMIT: Partial<Record<IncidentColumnName, number>> = {
  datePrecision: DATE_PRECISIONS.length, locationPrecision: LOCATION_PRECISIONS.length, threatType: THREAT_TYPES.length,
  perpetratorType: PERPETRATOR_TYPES.length, sourceType: SOURCE_TYPES.length, sourceReliability: SOURCE_RELIABILITY.length,
};

// ---------------------------------------------------------------------------------------
// Dataset ⇄ record

/** The period of a table: first and last incident day, ISO dates (null for no incidents). */
export function periodOfTable(t: Pick<IncidentTable, 'day' | 'length'>): { start: string; end: string } | null {
  if (t.length === 0) return null;
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < t.length; i++) { const d = t.day[i]!; if (d < lo) lo = d; if (d > hi) hi = d; }
  const iso = (d: number): string => new Date(d * 86_400_000).toISOString().slice(0, 10);
  return { start: iso(lo), end: iso(hi) };
}

export function datasetToStored(d: Dataset, key: string, sources: readonly DatasetSource[]): StoredDataset {
  const t = d.incidents;
  const cols = Object.fromEntries(INCIDENT_COLUMN_NAMES.map((n) => [n, t[n]])) as Record<IncidentColumnName, AnyColumn>;
  return {
    schemaVersion: WORKSPACE_SCHEMA_VERSION,
    key,
    name: d.name,
    period: d.period,
    incidents: { ...(cols as unknown as StoredIncidents), length: t.length, ids: t.ids, descriptions: t.descriptions, perpetrators: t.strings.perpetrators },
    presences: d.presences,
    aors: d.aors,
    sites: d.sites,
    rejected: d.rejected,
    sources: [...sources],
  };
}

/** Settlements come from the basemap (not stored); roads exist only in the exercise. */
export function storedToDataset(s: StoredDataset, settlements: Settlement[]): Dataset {
  const { ids, descriptions, perpetrators, length, ...columns } = s.incidents;
  return {
    name: s.name,
    exercise: false,
    period: s.period,
    incidents: { ...columns, length, ids, descriptions, strings: { perpetrators } },
    presences: s.presences,
    aors: s.aors,
    sites: s.sites,
    settlements,
    roads: null,
    rejected: s.rejected,
  };
}

// ---------------------------------------------------------------------------------------
// Validation of records read back

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const fail = (msg: string): never => { throw new WorkspaceFormatError(`workspace dataset: ${msg}`); };

function stringArray(v: unknown, length: number, what: string): string[] {
  if (!Array.isArray(v) || v.length !== length) return fail(`${what} must be a list of ${length} texts`);
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') return fail(`${what}[${i}] is not text`);
  return v as string[];
}

function validPresence(p: unknown, i: number): Presence {
  if (!isObj(p)) return fail(`presence ${i} is not an object`);
  const where = `presence ${i} (${String(p.id)})`;
  if (typeof p.id !== 'string' || typeof p.name !== 'string') fail(`${where}: id and name must be text`);
  if (!PRESENCE_TYPES.some((t) => t.id === p.type)) fail(`${where}: unknown presence type ${JSON.stringify(p.type)}`);
  if (!(PRESENCE_COMPONENTS as readonly unknown[]).includes(p.component)) fail(`${where}: unknown component ${JSON.stringify(p.component)}`);
  if (!finite(p.strength) || !finite(p.lon) || !finite(p.lat)) fail(`${where}: strength, lon and lat must be numbers`);
  const r = p.reachKm;
  if (!isObj(r) || !finite(r.foot) || !finite(r.road) || !finite(r.air)) fail(`${where}: reachKm must give foot, road and air in km`);
  return p as unknown as Presence;
}

function validSite(s: unknown, i: number): DisplacementSite {
  if (!isObj(s)) return fail(`site ${i} is not an object`);
  if (typeof s.id !== 'string' || typeof s.name !== 'string') fail(`site ${i}: id and name must be text`);
  if (s.kind !== 'idp_site' && s.kind !== 'poc_site' && s.kind !== 'refugee_camp') fail(`site ${i}: unknown kind ${JSON.stringify(s.kind)}`);
  if (!finite(s.population) || !finite(s.lon) || !finite(s.lat)) fail(`site ${i}: population, lon and lat must be numbers`);
  return s as unknown as DisplacementSite;
}

function validAor(a: unknown, i: number): AreaOfResponsibility {
  if (!isObj(a)) return fail(`AOR ${i} is not an object`);
  if (typeof a.id !== 'string' || typeof a.name !== 'string' || typeof a.owningUnit !== 'string') fail(`AOR ${i}: id, name and owningUnit must be text`);
  const g = a.geometry;
  if (!isObj(g) || (g.type !== 'Polygon' && g.type !== 'MultiPolygon') || !Array.isArray(g.coordinates)) fail(`AOR ${i}: geometry must be a Polygon or MultiPolygon`);
  return a as unknown as AreaOfResponsibility;
}

function validRejected(r: unknown, i: number): RejectedRecord {
  if (!isObj(r) || !finite(r.line) || typeof r.field !== 'string' || typeof r.value !== 'string' || typeof r.reason !== 'string') {
    return fail(`rejected record ${i} must have line, field, value and reason`);
  }
  return { line: r.line, field: r.field, value: r.value, reason: r.reason };
}

function validSource(s: unknown): DatasetSource | null {
  if (!isObj(s) || typeof s.file !== 'string') return null;
  const kind = s.kind === 'presences' || s.kind === 'sites' || s.kind === 'aors' ? s.kind : 'incidents';
  const n = (v: unknown): number => (finite(v) ? v : 0);
  return {
    file: s.file, kind, format: String(s.format ?? ''), encoding: String(s.encoding ?? ''),
    records: n(s.records), accepted: n(s.accepted), rejected: n(s.rejected), importedAt: String(s.importedAt ?? ''),
  };
}

/**
 * Check a dataset record from storage or a file; returns it typed. Throws
 * WorkspaceFormatError naming the first problem.
 */
export function validateStoredDataset(v: unknown): StoredDataset {
  if (!isObj(v)) return fail('not an object');
  const version = versionOf(v);
  if (version > WORKSPACE_SCHEMA_VERSION) fail(`saved by a newer version (schema ${version})`);
  if (typeof v.key !== 'string' || typeof v.name !== 'string') fail('key and name must be text');
  const inc = v.incidents;
  if (!isObj(inc) || !Number.isInteger(inc.length) || (inc.length as number) < 0) return fail('incidents.length must be a whole number');
  const n = inc.length as number;
  const perpetrators = Array.isArray(inc.perpetrators) ? stringArray(inc.perpetrators, inc.perpetrators.length, 'perpetrators') : fail('perpetrators must be a list');
  for (const name of INCIDENT_COLUMN_NAMES) {
    const col = inc[name];
    const ctor = COLUMN_CTOR[name];
    if (!(col instanceof ctor)) fail(`column ${name} must be a ${ctor.name}`);
    const c = col as AnyColumn;
    if (c.length !== n) fail(`column ${name} has ${c.length} values for ${n} incidents`);
    const limit = name === 'perpetrator' ? Math.max(perpetrators.length, 1) : CODE_LIMIT[name];
    if (limit !== undefined) for (let i = 0; i < n; i++) if (c[i]! >= limit) fail(`column ${name}: code ${c[i]} at row ${i} is outside the taxonomy`);
  }
  const lon = inc.lon as Float64Array, lat = inc.lat as Float64Array;
  for (let i = 0; i < n; i++) {
    if (!(Math.abs(lon[i]!) <= 180 && Math.abs(lat[i]!) <= 90)) fail(`incident ${i}: coordinates out of range`);
  }
  const ids = stringArray(inc.ids, n, 'ids');
  const descriptions = stringArray(inc.descriptions, n, 'descriptions');
  const list = (x: unknown, what: string): unknown[] => (Array.isArray(x) ? x : fail(`${what} must be a list`));
  const period = isObj(v.period) && typeof v.period.start === 'string' && typeof v.period.end === 'string' ? { start: v.period.start, end: v.period.end } : null;
  const columns = Object.fromEntries(INCIDENT_COLUMN_NAMES.map((c) => [c, inc[c]]));
  return {
    schemaVersion: WORKSPACE_SCHEMA_VERSION,
    key: v.key as string,
    name: v.name as string,
    period,
    incidents: { ...(columns as unknown as StoredIncidents), length: n, ids, descriptions, perpetrators },
    presences: list(v.presences, 'presences').map(validPresence),
    aors: list(v.aors, 'aors').map(validAor),
    sites: list(v.sites, 'sites').map(validSite),
    rejected: list(v.rejected ?? [], 'rejected').map(validRejected),
    sources: list(v.sources ?? [], 'sources').map(validSource).filter((s): s is DatasetSource => s !== null),
  };
}

// ---------------------------------------------------------------------------------------
// Base64 of typed arrays (btoa/atob exist in browsers, workers and node ≥ 16)

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const STEP = 0x8000; // String.fromCharCode's argument list has a size limit
  for (let i = 0; i < bytes.length; i += STEP) parts.push(String.fromCharCode(...bytes.subarray(i, i + STEP)));
  return btoa(parts.join(''));
}

export function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

interface EncodedTypedArray { $typedArray: string; base64: string }

function encodeColumn(a: AnyColumn): EncodedTypedArray {
  if (!LITTLE_ENDIAN) throw new Error('workspace files are little-endian; this platform is not');
  return { $typedArray: a.constructor.name, base64: bytesToBase64(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)) };
}

function decodeColumn(v: unknown, name: IncidentColumnName): AnyColumn {
  const ctor = COLUMN_CTOR[name];
  if (!isObj(v) || v.$typedArray !== ctor.name || typeof v.base64 !== 'string') return fail(`column ${name} must be an encoded ${ctor.name}`);
  if (!LITTLE_ENDIAN) throw new Error('workspace files are little-endian; this platform is not');
  let bytes: Uint8Array<ArrayBuffer>;
  try { bytes = base64ToBytes(v.base64); } catch { return fail(`column ${name}: invalid base64`); }
  if (bytes.byteLength % ctor.BYTES_PER_ELEMENT !== 0) fail(`column ${name}: ${bytes.byteLength} bytes is not a whole number of values`);
  // Copy into a fresh, aligned buffer: the column must own its buffer (transferable to workers).
  return new ctor(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

// ---------------------------------------------------------------------------------------
// Workspace files

export interface WorkspaceFileHeader {
  format: typeof WORKSPACE_FILE_FORMAT;
  /** The workspace schema version of the content (migrated on import). */
  schemaVersion: number;
  exported: string;
  tool: string;
}

export interface WorkspaceFileContent {
  doc: WorkspaceDoc;
  /** null when the workspace is on the exercise data (it ships with the app). */
  dataset: StoredDataset | null;
}

/** One JSON text holding the whole workspace. `tool` is e.g. "POC Threat Map 0.1.0". */
export function encodeWorkspaceFile(c: WorkspaceFileContent, meta: { exported: string; tool: string }): string {
  const header: WorkspaceFileHeader = { format: WORKSPACE_FILE_FORMAT, schemaVersion: WORKSPACE_SCHEMA_VERSION, exported: meta.exported, tool: meta.tool };
  let dataset: unknown = null;
  if (c.dataset) {
    const inc = c.dataset.incidents;
    const cols = Object.fromEntries(INCIDENT_COLUMN_NAMES.map((n) => [n, encodeColumn(inc[n])]));
    dataset = { ...c.dataset, incidents: { ...cols, length: inc.length, ids: inc.ids, descriptions: inc.descriptions, perpetrators: inc.perpetrators } };
  }
  // Header members first, so `head -c 200` of the file says what it is.
  return JSON.stringify({ ...header, workspace: c.doc, dataset });
}

/** Parse, check and migrate a workspace file. Throws WorkspaceFormatError with a plain reason. */
export function decodeWorkspaceFile(text: string): WorkspaceFileContent & { header: WorkspaceFileHeader } {
  let v: unknown;
  try { v = JSON.parse(text); } catch { throw new WorkspaceFormatError('not a workspace file: the file is not JSON'); }
  if (!isObj(v) || v.format !== WORKSPACE_FILE_FORMAT) throw new WorkspaceFormatError(`not a workspace file: "format" must be "${WORKSPACE_FILE_FORMAT}"`);
  const version = v.schemaVersion;
  if (typeof version !== 'number') throw new WorkspaceFormatError('not a workspace file: no schemaVersion');
  const doc = migrateWorkspace(v.workspace, version);
  let dataset: StoredDataset | null = null;
  if (v.dataset !== null && v.dataset !== undefined) {
    if (!isObj(v.dataset) || !isObj(v.dataset.incidents)) throw new WorkspaceFormatError('workspace dataset: not an object');
    const inc = v.dataset.incidents;
    const cols = Object.fromEntries(INCIDENT_COLUMN_NAMES.map((n) => [n, decodeColumn(inc[n], n)]));
    dataset = validateStoredDataset({ ...v.dataset, incidents: { ...inc, ...cols } });
  }
  if (doc.dataset.kind === 'stored' && !dataset) throw new WorkspaceFormatError('workspace file: the workspace points to a dataset the file does not contain');
  if (doc.dataset.kind === 'exercise') dataset = null;
  const header: WorkspaceFileHeader = { format: WORKSPACE_FILE_FORMAT, schemaVersion: version, exported: String(v.exported ?? ''), tool: String(v.tool ?? '') };
  return { header, doc, dataset };
}
