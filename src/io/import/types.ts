/**
 * Types shared by the import core (src/io/import/**): what an import takes, reports
 * while it runs, and returns. Pure types and tiny helpers, no DOM, no node APIs, so
 * the same modules run in the dataset web worker, in node tests and in the CLI.
 *
 * The one invariant every importer keeps: records = accepted + rejected.length.
 * A record is never dropped silently; doubts that do not stop a record from being
 * accepted are warnings, kept apart from rejections.
 */
import type { IncidentTable } from '../../domain/incidents.ts';
import type { AreaOfResponsibility, DisplacementSite, Presence } from '../../domain/presence.ts';
import type { PerpetratorTypeId, SourceReliabilityId } from '../../domain/taxonomy.ts';
import type { RejectedRecord } from '../incidentsCsv.ts';
import type { DetectedEncoding } from './decode.ts';

export type { RejectedRecord };

/** What an imported file holds. */
export type ImportKind = 'incidents' | 'presences' | 'sites' | 'aors';

/** The concrete layout that was read (reported back so the user sees what was assumed). */
export type ImportFormat =
  | 'acled-current' | 'acled-legacy' | 'acled-hdx'
  | 'ged-csv' | 'ged-geojson'
  | 'app-csv' | 'generic-csv' | 'incident-geojson'
  | 'radpko' | 'geopko-v1' | 'geopko-front' | 'geopko-tt' | 'geopko-tcc' | 'presence-csv' | 'presence-geojson'
  | 'unhcr-sites' | 'site-csv' | 'site-geojson'
  | 'aor-geojson';

/** Coarse format names a user (or the CLI `--format`) may force. */
export type FormatFamily = 'acled' | 'ged' | 'generic' | 'geojson';

/** A doubt about an accepted record (or, with field '*', about the whole file). */
export interface ImportWarning {
  line: number;
  field: string;
  value: string;
  message: string;
}

export interface ImportProgress {
  /** Bytes consumed so far (UTF-16 code units when the caller feeds strings). */
  bytesRead: number;
  /** Total size if the caller said so (for a progress bar). */
  totalBytes?: number;
  records: number;
  accepted: number;
  rejected: number;
  elapsedMs: number;
}

/** The original cells of rejected records, so the user can download, fix and re-import them. */
export interface OriginalRows {
  header: string[];
  /** physical start line → cells, in header order (GeoJSON: the feature's properties, as text). */
  rows: Map<number, string[]>;
}

/** Minimal lon/lat box used to spot swapped coordinates and points outside the mission area. */
export type BBox = readonly [minLon: number, minLat: number, maxLon: number, maxLat: number];

/** User column mapping for generic CSV: our field → the file's column name. */
export interface ColumnMapping {
  id?: string;
  date: string;
  lon: string;
  lat: string;
  threatType?: string;
  perpetrator?: string;
  perpetratorType?: string;
  fatalities?: string;
  injured?: string;
  datePrecision?: string;
  locationPrecision?: string;
  sourceType?: string;
  sourceReliability?: string;
  victimsWomen?: string;
  victimsMen?: string;
  victimsGirls?: string;
  victimsBoys?: string;
  victimsUnknown?: string;
  description?: string;
}
export type MappedField = keyof ColumnMapping;

/** Extra value → code tables a user can supply for generic files (checked before the built-in synonyms). */
export interface ValueMaps {
  threatType?: Record<string, string>;
  perpetratorType?: Record<string, string>;
}

/** How to type a named actor (UCDP actor list or a user list). Keys: actor name or UCDP actor id. */
export type ActorTypeTable = ReadonlyMap<string, PerpetratorTypeId>;

export interface ImportOptions {
  /** What the file holds; detected from its header / first feature when omitted. */
  kind?: ImportKind;
  /** Force a format family (CLI --format). Detected when omitted. */
  format?: FormatFamily;
  /** CSV delimiter; sniffed from the first lines when omitted. */
  delimiter?: ',' | ';' | '\t' | '|';
  /** Generic CSV column mapping; guessed from the header when omitted. */
  mapping?: ColumnMapping;
  valueMaps?: ValueMaps;
  /** Day/month order for nn/nn/yyyy dates; sniffed from the first records when omitted (default dmy). */
  dateOrder?: 'dmy' | 'mdy';
  /** Read "12,5" as 12.5 (only honoured when the delimiter is not a comma). Sniffed when omitted. */
  decimalComma?: boolean;
  /** Expected area: points outside it are warned about, swapped points inside it are rejected. */
  expectedBbox?: BBox;
  /** GED: perpetrator typing beyond "Government of X" (e.g. parsed from the UCDP actor list). */
  actorTypes?: ActorTypeTable;
  /** ACLED events outside the POC scope (peaceful protests, agreements…): reject (default) or keep as 'other'. */
  acledOutOfScope?: 'reject' | 'other';
  /** Reliability given to records of published datasets (ACLED, GED), default F (cannot be judged). */
  datasetReliability?: SourceReliabilityId;
  /** Keep the original cells of rejected records (for rejectedToCsv). Default true. */
  keepRejectedRows?: boolean;
  /** Called every `progressEvery` records and at the end. */
  onProgress?: (p: ImportProgress) => void;
  progressEvery?: number;
  totalBytes?: number;
  /** "Today" for future-date warnings (YYYY-MM-DD); defaults to the clock. */
  today?: string;
}

interface ResultBase {
  format: ImportFormat;
  encoding: DetectedEncoding;
  /** Records read (excluding the header, blank lines and an HXL hashtag row). */
  records: number;
  rejected: RejectedRecord[];
  warnings: ImportWarning[];
  originalRows?: OriginalRows;
}

/** A presence as imported: the app's Presence plus the provenance columns the file had. */
export interface ImportedPresence extends Presence {
  mission?: string;
  country?: string;
  /** Period the row describes: 'YYYY' or 'YYYY-MM' (deployment datasets are time series). */
  period?: string;
}

/** A displacement site as imported: plus status and the source's own type labels. */
export interface ImportedSite extends DisplacementSite {
  country?: string;
  status?: 'open' | 'closed' | 'unknown';
  sourceType?: string;
}

export interface IncidentImport extends ResultBase { kind: 'incidents'; accepted: IncidentTable }
export interface PresenceImport extends ResultBase { kind: 'presences'; accepted: ImportedPresence[] }
export interface SiteImport extends ResultBase { kind: 'sites'; accepted: ImportedSite[] }
export interface AorImport extends ResultBase { kind: 'aors'; accepted: AreaOfResponsibility[] }
export type ImportResult = IncidentImport | PresenceImport | SiteImport | AorImport;

/** Number of accepted items, whatever the kind. */
export function acceptedCount(r: ImportResult): number {
  return r.accepted.length;
}

/** A file that cannot be read at all (no usable header, unmappable columns): nothing was imported. */
export class ImportError extends Error {
  override name = 'ImportError';
}
