/**
 * The app's own incident CSV format: what the exercise generator writes, what the app
 * exports and what the CLI reads. One header row, comma-separated, RFC 4180 quoting,
 * UTF-8, codes from the taxonomy (e.g. `threat_type = crsv`).
 */
import Papa from 'papaparse';
import type { Incident, IncidentTable } from '../domain/incidents.ts';
import { incidentAt, incidentTableFromObjects } from '../domain/incidents.ts';
import {
  DATE_PRECISIONS, LOCATION_PRECISIONS, PERPETRATOR_TYPES, SOURCE_RELIABILITY, SOURCE_TYPES, THREAT_TYPES,
} from '../domain/taxonomy.ts';
import { dayFromIso } from '../domain/incidents.ts';

export const INCIDENT_CSV_COLUMNS = [
  'id', 'date', 'date_precision', 'longitude', 'latitude', 'location_precision', 'threat_type',
  'perpetrator', 'perpetrator_type', 'fatalities', 'injured',
  'victims_women', 'victims_men', 'victims_girls', 'victims_boys', 'victims_unknown',
  'source_type', 'source_reliability', 'description',
] as const;

/** A rejected record: where, which field, what value, and why, in plain words. */
export interface RejectedRecord {
  line: number;
  field: string;
  value: string;
  reason: string;
}

/** Neutralise spreadsheet formula injection in text cells (OWASP CSV injection). */
export function safeTextCell(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

function quote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function incidentToCsvRow(r: Incident): string {
  const cells: (string | number)[] = [
    safeTextCell(r.id), r.date, r.datePrecision, r.lon, r.lat, r.locationPrecision, r.threatType,
    safeTextCell(r.perpetrator), r.perpetratorType, r.fatalities, r.injured,
    r.victims.women, r.victims.men, r.victims.girls, r.victims.boys, r.victims.unknown,
    r.sourceType, r.sourceReliability, safeTextCell(r.description),
  ];
  return cells.map((c) => quote(String(c))).join(',');
}

export function incidentsToCsv(t: IncidentTable, rows?: ArrayLike<number>): string {
  const out: string[] = [INCIDENT_CSV_COLUMNS.join(',')];
  const n = rows ? rows.length : t.length;
  for (let k = 0; k < n; k++) out.push(incidentToCsvRow(incidentAt(t, rows ? rows[k]! : k)));
  return out.join('\n') + '\n';
}

const ENUMS: Record<string, readonly { id: string }[]> = {
  date_precision: DATE_PRECISIONS, location_precision: LOCATION_PRECISIONS, threat_type: THREAT_TYPES,
  perpetrator_type: PERPETRATOR_TYPES, source_type: SOURCE_TYPES, source_reliability: SOURCE_RELIABILITY,
};
const COUNTS = ['fatalities', 'injured', 'victims_women', 'victims_men', 'victims_girls', 'victims_boys', 'victims_unknown'] as const;

export interface ParsedIncidents {
  table: IncidentTable;
  records: number;
  rejected: RejectedRecord[];
}

/** Parse the app's own CSV. Every record is accepted or rejected with its reason. */
export function parseIncidentsCsv(text: string): ParsedIncidents {
  const body = text.replace(/^\uFEFF/, '');
  const rows: { row: Record<string, string>; line: number }[] = [];
  // The physical line where each record starts (records may hold quoted newlines):
  // 1 + the newlines before the record's first character.
  let newlines = 0;
  let scanned = 0;
  let prevCursor = -1; // the header ends the first "record"; data rows follow
  let fields: string[] = [];
  Papa.parse<Record<string, string>>(body, {
    header: true,
    skipEmptyLines: 'greedy',
    step: (res) => {
      fields = res.meta.fields ?? fields;
      let begin = prevCursor < 0 ? body.indexOf('\n') + 1 : prevCursor;
      while (begin < body.length && (body[begin] === '\n' || body[begin] === '\r')) begin++;
      for (; scanned < begin; scanned++) if (body.charCodeAt(scanned) === 10) newlines++;
      rows.push({ row: res.data, line: newlines + 1 });
      prevCursor = res.meta.cursor;
    },
  });
  const missing = INCIDENT_CSV_COLUMNS.filter((c) => !fields.includes(c));
  if (missing.length) throw new Error(`not a POC Threat Map incident CSV: missing columns ${missing.join(', ')}`);
  const rejected: RejectedRecord[] = [];
  const ok: Incident[] = [];
  const seen = new Set<string>();
  rows.forEach(({ row, line: at }) => {
    const reject = (field: string, reason: string): void => { rejected.push({ line: at, field, value: row[field] ?? '', reason }); };
    const lon = Number(row.longitude), lat = Number(row.latitude);
    if (!row.id) return reject('id', 'missing id');
    if (seen.has(row.id)) return reject('id', 'duplicate id (the first record with this id was kept)');
    if (row.longitude === '' || !Number.isFinite(lon)) return reject('longitude', 'missing or non-numeric longitude');
    if (row.latitude === '' || !Number.isFinite(lat)) return reject('latitude', 'missing or non-numeric latitude');
    if (lon < -180 || lon > 180) return reject('longitude', 'longitude outside -180..180');
    if (lat < -90 || lat > 90) return reject('latitude', 'latitude outside -90..90');
    if (!Number.isFinite(dayFromIso(row.date ?? ''))) return reject('date', 'date is not a real YYYY-MM-DD date');
    for (const [field, table] of Object.entries(ENUMS)) {
      if (!table.some((e) => e.id === row[field])) return reject(field, `unknown code (expected one of ${table.map((e) => e.id).join(', ')})`);
    }
    for (const field of COUNTS) {
      const v = row[field] ?? '';
      if (!/^\d+$/.test(v)) return reject(field, 'count must be a whole number ≥ 0');
    }
    seen.add(row.id);
    ok.push({
      id: row.id, date: row.date!, datePrecision: row.date_precision as Incident['datePrecision'], lon, lat,
      locationPrecision: row.location_precision as Incident['locationPrecision'],
      threatType: row.threat_type as Incident['threatType'], perpetrator: row.perpetrator ?? '',
      perpetratorType: row.perpetrator_type as Incident['perpetratorType'],
      fatalities: +row.fatalities!, injured: +row.injured!,
      victims: { women: +row.victims_women!, men: +row.victims_men!, girls: +row.victims_girls!, boys: +row.victims_boys!, unknown: +row.victims_unknown! },
      sourceType: row.source_type as Incident['sourceType'], sourceReliability: row.source_reliability as Incident['sourceReliability'],
      description: row.description ?? '',
    });
  });
  return { table: incidentTableFromObjects(ok), records: rows.length, rejected };
}
