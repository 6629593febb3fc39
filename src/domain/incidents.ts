/**
 * Incidents, stored columnar.
 *
 * Layout (one entry per incident, row i in every column):
 *   lon, lat            Float64Array  WGS84 degrees
 *   day                 Int32Array    date as whole days since 1970-01-01 (UTC)
 *   datePrecision       Uint8Array    index into DATE_PRECISIONS
 *   locationPrecision   Uint8Array    index into LOCATION_PRECISIONS
 *   threatType          Uint8Array    index into THREAT_TYPES
 *   perpetratorType     Uint8Array    index into PERPETRATOR_TYPES
 *   perpetrator         Uint16Array   index into strings.perpetrators (name of group/unit)
 *   fatalities, injured Uint32Array   civilians killed / injured (best estimate)
 *   victimsWomen, victimsMen, victimsGirls, victimsBoys, victimsUnknown
 *                       Uint32Array   victims by sex and age group; "unknown" is kept, never dropped
 *   sourceType          Uint8Array    index into SOURCE_TYPES
 *   sourceReliability   Uint8Array    index into SOURCE_RELIABILITY
 * String tables (structured-cloned, not transferable):
 *   ids[i]              the incident's own id, as given by its source
 *   descriptions[i]     free text (may identify people: do-no-harm rules apply to exports)
 *   strings.perpetrators  dictionary for `perpetrator`
 *
 * All numeric columns are whole typed arrays (never views into a shared buffer), so
 * `incidentTransferables` can hand their buffers to a worker without copying.
 */
import type { DatePrecisionId, LocationPrecisionId, PerpetratorTypeId, SourceReliabilityId, SourceTypeId, ThreatTypeId } from './taxonomy.ts';
import {
  DATE_PRECISIONS, LOCATION_PRECISIONS, PERPETRATOR_TYPES, SOURCE_RELIABILITY, SOURCE_TYPES, THREAT_TYPES, codeOf,
} from './taxonomy.ts';

export interface IncidentColumns {
  lon: Float64Array;
  lat: Float64Array;
  day: Int32Array;
  datePrecision: Uint8Array;
  locationPrecision: Uint8Array;
  threatType: Uint8Array;
  perpetratorType: Uint8Array;
  perpetrator: Uint16Array;
  fatalities: Uint32Array;
  injured: Uint32Array;
  victimsWomen: Uint32Array;
  victimsMen: Uint32Array;
  victimsGirls: Uint32Array;
  victimsBoys: Uint32Array;
  victimsUnknown: Uint32Array;
  sourceType: Uint8Array;
  sourceReliability: Uint8Array;
}
export type IncidentColumnName = keyof IncidentColumns;

export interface IncidentTable extends IncidentColumns {
  length: number;
  ids: string[];
  descriptions: string[];
  strings: { perpetrators: string[] };
}

/** One incident as an object: for detail panels, tests and import/export, never for bulk work. */
export interface Incident {
  id: string;
  date: string; // YYYY-MM-DD
  datePrecision: DatePrecisionId;
  lon: number;
  lat: number;
  locationPrecision: LocationPrecisionId;
  threatType: ThreatTypeId;
  perpetrator: string;
  perpetratorType: PerpetratorTypeId;
  fatalities: number;
  injured: number;
  victims: { women: number; men: number; girls: number; boys: number; unknown: number };
  sourceType: SourceTypeId;
  sourceReliability: SourceReliabilityId;
  description: string;
}

const COLUMN_TYPES = {
  lon: Float64Array, lat: Float64Array, day: Int32Array,
  datePrecision: Uint8Array, locationPrecision: Uint8Array, threatType: Uint8Array, perpetratorType: Uint8Array,
  perpetrator: Uint16Array, fatalities: Uint32Array, injured: Uint32Array,
  victimsWomen: Uint32Array, victimsMen: Uint32Array, victimsGirls: Uint32Array, victimsBoys: Uint32Array,
  victimsUnknown: Uint32Array, sourceType: Uint8Array, sourceReliability: Uint8Array,
} as const;
export const INCIDENT_COLUMN_NAMES = Object.keys(COLUMN_TYPES) as IncidentColumnName[];

export function emptyIncidentTable(length: number): IncidentTable {
  const cols = {} as Record<string, unknown>;
  for (const name of INCIDENT_COLUMN_NAMES) cols[name] = new COLUMN_TYPES[name](length);
  return {
    ...(cols as unknown as IncidentColumns),
    length,
    ids: new Array<string>(length).fill(''),
    descriptions: new Array<string>(length).fill(''),
    strings: { perpetrators: [] },
  };
}

const MS_PER_DAY = 86_400_000;
export function dayFromIso(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return Number.NaN;
  const y = +m[1]!, mo = +m[2]!, d = +m[3]!;
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return Number.NaN;
  return Math.round(t / MS_PER_DAY);
}
export function isoFromDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Build a columnar table from objects (import, generator, tests). */
export function incidentTableFromObjects(rows: readonly Incident[]): IncidentTable {
  const t = emptyIncidentTable(rows.length);
  const perpIndex = new Map<string, number>();
  rows.forEach((r, i) => {
    t.ids[i] = r.id;
    t.descriptions[i] = r.description;
    t.lon[i] = r.lon;
    t.lat[i] = r.lat;
    t.day[i] = dayFromIso(r.date);
    t.datePrecision[i] = codeOf(DATE_PRECISIONS, r.datePrecision);
    t.locationPrecision[i] = codeOf(LOCATION_PRECISIONS, r.locationPrecision);
    t.threatType[i] = codeOf(THREAT_TYPES, r.threatType);
    t.perpetratorType[i] = codeOf(PERPETRATOR_TYPES, r.perpetratorType);
    let p = perpIndex.get(r.perpetrator);
    if (p === undefined) {
      p = t.strings.perpetrators.length;
      if (p > 0xffff) throw new Error('more than 65,536 distinct perpetrator names');
      t.strings.perpetrators.push(r.perpetrator);
      perpIndex.set(r.perpetrator, p);
    }
    t.perpetrator[i] = p;
    t.fatalities[i] = r.fatalities;
    t.injured[i] = r.injured;
    t.victimsWomen[i] = r.victims.women;
    t.victimsMen[i] = r.victims.men;
    t.victimsGirls[i] = r.victims.girls;
    t.victimsBoys[i] = r.victims.boys;
    t.victimsUnknown[i] = r.victims.unknown;
    t.sourceType[i] = codeOf(SOURCE_TYPES, r.sourceType);
    t.sourceReliability[i] = codeOf(SOURCE_RELIABILITY, r.sourceReliability);
  });
  return t;
}

/** Read one row back as an object (detail panel, export). */
export function incidentAt(t: IncidentTable, i: number): Incident {
  return {
    id: t.ids[i]!,
    date: isoFromDay(t.day[i]!),
    datePrecision: DATE_PRECISIONS[t.datePrecision[i]!]!.id,
    lon: t.lon[i]!,
    lat: t.lat[i]!,
    locationPrecision: LOCATION_PRECISIONS[t.locationPrecision[i]!]!.id,
    threatType: THREAT_TYPES[t.threatType[i]!]!.id,
    perpetrator: t.strings.perpetrators[t.perpetrator[i]!] ?? '',
    perpetratorType: PERPETRATOR_TYPES[t.perpetratorType[i]!]!.id,
    fatalities: t.fatalities[i]!,
    injured: t.injured[i]!,
    victims: {
      women: t.victimsWomen[i]!, men: t.victimsMen[i]!, girls: t.victimsGirls[i]!,
      boys: t.victimsBoys[i]!, unknown: t.victimsUnknown[i]!,
    },
    sourceType: SOURCE_TYPES[t.sourceType[i]!]!.id,
    sourceReliability: SOURCE_RELIABILITY[t.sourceReliability[i]!]!.id,
    description: t.descriptions[i]!,
  };
}

/** The buffers to list as transferables when posting a table to or from a worker. */
export function incidentTransferables(t: IncidentColumns): ArrayBuffer[] {
  return INCIDENT_COLUMN_NAMES.map((name) => t[name].buffer as ArrayBuffer);
}
