/**
 * Format detection: owns deciding, from a CSV header or the first GeoJSON feature, what
 * a file holds (kind) and which layout it is (format), honouring what the user forced.
 * Pure functions over names, so the UI can show "detected: ACLED (current layout)"
 * before importing.
 */
import { detectAcledLayout } from './acled.ts';
import { isGedHeader } from './ged.ts';
import { guessMapping, isAppCsvHeader } from './generic.ts';
import { detectPresenceLayout } from './presences.ts';
import { detectSiteLayout } from './sites.ts';
import type { FormatFamily, ImportFormat, ImportKind } from './types.ts';
import { ImportError } from './types.ts';
import { normKey } from './values.ts';

export interface Detected {
  kind: ImportKind;
  format: ImportFormat;
}

/**
 * Detect from a CSV header. Throws ImportError when a forced kind/format does not fit.
 * A user-supplied column mapping means "read this as a generic incident table".
 */
export function detectCsv(header: readonly string[], kind?: ImportKind, family?: FormatFamily, hasMapping = false): Detected {
  if (family === 'geojson') throw new ImportError('--format geojson given, but the file is not JSON');
  if (kind === 'aors') throw new ImportError('areas of responsibility must be GeoJSON polygons, not CSV');
  const acled = detectAcledLayout(header);
  const ged = isGedHeader(header);
  if (family === 'acled') {
    if (!acled) throw new ImportError('--format acled given, but the header lacks ACLED columns (event_id_cnty, event_type, sub_event_type, latitude, longitude)');
    return { kind: 'incidents', format: acled };
  }
  if (family === 'ged') {
    if (!ged) throw new ImportError('--format ged given, but the header lacks GED columns (type_of_violence, side_a, date_start, where_prec)');
    return { kind: 'incidents', format: 'ged-csv' };
  }
  if (family === 'generic' || (hasMapping && family === undefined && (kind === undefined || kind === 'incidents'))) return { kind: 'incidents', format: isAppCsvHeader(header) ? 'app-csv' : 'generic-csv' };
  if (kind === undefined || kind === 'incidents') {
    if (acled) return { kind: 'incidents', format: acled };
    if (ged) return { kind: 'incidents', format: 'ged-csv' };
    if (isAppCsvHeader(header)) return { kind: 'incidents', format: 'app-csv' };
  }
  if (kind === undefined || kind === 'presences') {
    const p = detectPresenceLayout(header);
    if (p) return { kind: 'presences', format: p };
    if (kind === 'presences') return { kind, format: 'presence-csv' };
  }
  if (kind === undefined || kind === 'sites') {
    const s = detectSiteLayout(header);
    if (s) return { kind: 'sites', format: s };
    if (kind === 'sites') return { kind, format: 'site-csv' };
  }
  const guess = guessMapping(header);
  if (guess.missing.length > 0) {
    throw new ImportError(`cannot tell what this CSV holds: no column recognised for ${guess.missing.join(', ')}; supply a column mapping`);
  }
  return { kind: 'incidents', format: 'generic-csv' };
}

/** Detect from the first GeoJSON Feature. */
export function detectFeature(feature: { properties: Record<string, unknown> | null; geometry: GeoJSON.Geometry | null }, kind?: ImportKind, family?: FormatFamily): Detected {
  if (family === 'acled') throw new ImportError('--format acled given, but the file is GeoJSON');
  if (family === 'generic') throw new ImportError('--format generic given, but the file is GeoJSON (use --format geojson)');
  const props = Object.keys(feature.properties ?? {});
  const keys = new Set(props.map(normKey));
  const gtype = feature.geometry?.type;
  if (kind === 'aors' || (kind === undefined && family === undefined && (gtype === 'Polygon' || gtype === 'MultiPolygon'))) {
    return { kind: 'aors', format: 'aor-geojson' };
  }
  if (isGedHeader(props)) {
    if (kind && kind !== 'incidents') throw new ImportError(`the features are UCDP GED events, not ${kind}`);
    return { kind: 'incidents', format: 'ged-geojson' };
  }
  if (family === 'ged') throw new ImportError('--format ged given, but the features lack GED properties');
  if (kind === 'presences' || (kind === undefined && (keys.has('strength') || keys.has('presence_type') || (keys.has('type') && keys.has('component'))))) {
    return { kind: 'presences', format: 'presence-geojson' };
  }
  if (kind === 'sites' || (kind === undefined && keys.has('kind') && keys.has('population'))) {
    return { kind: 'sites', format: 'site-geojson' };
  }
  return { kind: 'incidents', format: 'incident-geojson' };
}
