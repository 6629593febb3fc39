/**
 * The shared validator: cell-level parsing and checks used by every import format
 * (ACLED, GED, generic CSV, GeoJSON, presences, sites). Owns the rules for numbers,
 * coordinates (range, swapped lat/lon, null island, expected area), dates (formats,
 * impossible dates, day/month order) and counts, and the wording of their reasons, so a
 * defect gets the same reason whatever file it came from.
 */
import type { BBox } from './types.ts';

/** Why a record was not imported: the first failing check (one reason per record). */
export class Reject {
  constructor(readonly field: string, readonly value: string, readonly reason: string) {}
}

/** Cells that mean "no value" in real exports (R writes NA, Excel #N/A, databases NULL). */
const MISSING = new Set(['', 'na', 'n/a', '#n/a', 'null', 'none', 'nan', '-', '--']);
export function isMissing(s: string): boolean {
  return MISSING.has(s.trim().toLowerCase());
}

const NUM = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;

/**
 * Parse a number cell. Stricter than Number(): '' / ' ' / '0x10' / 'Infinity' are not
 * numbers. With decimalComma, "12,5" reads 12.5 (only a single comma between digits, so
 * "1,234,567" is still rejected rather than guessed).
 */
export function parseNumber(raw: string, decimalComma = false): number | null {
  const s = raw.trim();
  if (NUM.test(s)) return Number(s);
  if (decimalComma && DECIMAL_COMMA.test(s)) return Number(s.replace(',', '.'));
  return null;
}

export interface PointFields {
  lonField: string;
  latField: string;
}
export interface PointOptions {
  decimalComma?: boolean;
  expectedBbox?: BBox;
}

function inBox(lon: number, lat: number, b: BBox): boolean {
  return lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3];
}

/**
 * Validate a lon/lat pair given as text (CSV) or numbers (GeoJSON). Order of checks, so
 * the reason names the real problem: missing → not a number → (0,0) → latitude range
 * (with the swap test) → longitude range → expected area.
 *
 * Swapped coordinates are never "fixed" silently: a record whose latitude is beyond ±90
 * but whose longitude would be a valid latitude, or (with an expected area) which is
 * outside the area but inside it once swapped, is rejected with a reason saying so.
 */
export function checkPoint(
  lonRaw: string | number | null | undefined, latRaw: string | number | null | undefined,
  f: PointFields, opts: PointOptions, warn: (field: string, value: string, message: string) => void,
): { lon: number; lat: number } | Reject {
  const lonS = lonRaw == null ? '' : String(lonRaw);
  const latS = latRaw == null ? '' : String(latRaw);
  if (typeof lonRaw !== 'number' && isMissing(lonS)) return new Reject(f.lonField, lonS, 'missing longitude');
  if (typeof latRaw !== 'number' && isMissing(latS)) return new Reject(f.latField, latS, 'missing latitude');
  const lon = typeof lonRaw === 'number' ? lonRaw : parseNumber(lonS, opts.decimalComma);
  const lat = typeof latRaw === 'number' ? latRaw : parseNumber(latS, opts.decimalComma);
  if (lon === null || !Number.isFinite(lon)) {
    const hint = !opts.decimalComma && DECIMAL_COMMA.test(lonS.trim()) ? ' (decimal comma? choose a ; or tab delimiter or set decimal comma)' : '';
    return new Reject(f.lonField, lonS, `longitude is not a number${hint}`);
  }
  if (lat === null || !Number.isFinite(lat)) {
    const hint = !opts.decimalComma && DECIMAL_COMMA.test(latS.trim()) ? ' (decimal comma? choose a ; or tab delimiter or set decimal comma)' : '';
    return new Reject(f.latField, latS, `latitude is not a number${hint}`);
  }
  if (lon === 0 && lat === 0) return new Reject(`${f.lonField},${f.latField}`, '0,0', 'null island (0,0): a missing location written as zeros');
  if (lat < -90 || lat > 90) {
    const swapped = Math.abs(lon) <= 90 && Math.abs(lat) <= 180;
    return new Reject(f.latField, latS, swapped
      ? 'latitude outside -90..90; latitude and longitude look swapped (not corrected automatically)'
      : 'latitude outside -90..90');
  }
  if (lon < -180 || lon > 180) return new Reject(f.lonField, lonS, 'longitude outside -180..180');
  const box = opts.expectedBbox;
  if (box && !inBox(lon, lat, box)) {
    if (Math.abs(lon) <= 90 && inBox(lat, lon, box)) {
      return new Reject(`${f.lonField},${f.latField}`, `${lonS},${latS}`,
        'outside the expected area but inside it with latitude and longitude swapped: probably swapped (not corrected automatically)');
    }
    warn(`${f.lonField},${f.latField}`, `${lonS},${latS}`, 'outside the expected area');
  }
  return { lon, lat };
}

// ---------------------------------------------------------------------------------------
// Dates

export type DateOrder = 'dmy' | 'mdy';

const MONTHS: Record<string, number> = {};
[
  ['january', 'jan', 'janvier', 'janv', 'enero', 'janeiro'],
  ['february', 'feb', 'fevrier', 'fevr', 'fev', 'febrero', 'fevereiro'],
  ['march', 'mar', 'mars', 'marzo', 'marco'],
  ['april', 'apr', 'avril', 'avr', 'abril', 'abr'],
  ['may', 'mai', 'mayo', 'maio'],
  ['june', 'jun', 'juin', 'junio', 'junho'],
  ['july', 'jul', 'juillet', 'juil', 'julio', 'julho'],
  ['august', 'aug', 'aout', 'agosto', 'ago'],
  ['september', 'sep', 'sept', 'septembre', 'septiembre', 'setembro', 'set'],
  ['october', 'oct', 'octobre', 'octubre', 'outubro', 'out'],
  ['november', 'nov', 'novembre', 'noviembre', 'novembro'],
  ['december', 'dec', 'decembre', 'diciembre', 'dezembro', 'dez'],
].forEach((names, i) => { for (const n of names) MONTHS[n] = i + 1; });

function monthFromName(s: string): number | undefined {
  const k = s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f.]/g, '');
  return MONTHS[k];
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export interface ParsedDate {
  iso: string;
  /** Set when the text itself is coarser than a day ("2022-03" → month). */
  precision?: 'month' | 'year';
}

const RE_ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const RE_YMD = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/;
const RE_NUM = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const RE_NUM_YY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2})$/;
const RE_DMONY = /^(\d{1,2})(?:er)?[\s-]+([A-Za-zÀ-ÿ.]+)[\s,-]+(\d{4})$/;
const RE_MONDY = /^([A-Za-zÀ-ÿ.]+)\s+(\d{1,2}),?\s+(\d{4})$/;
const RE_YM = /^(\d{4})-(\d{1,2})$/;
const RE_Y = /^(\d{4})$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Days since 1970-01-01 for a valid proleptic-Gregorian date (Hinnant's days_from_civil): no Date objects. */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Day number of an ISO YYYY-MM-DD string known to be valid (what parseDate returns). */
export function dayOfValidIso(iso: string): number {
  return daysFromCivil(+iso.slice(0, 4), +iso.slice(5, 7), +iso.slice(8, 10));
}

function ymd(y: number, m: number, d: number): ParsedDate | null {
  if (m < 1 || m > 12 || d < 1 || y > 9999) return null;
  if (d > (m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1]!)) return null;
  return { iso: `${pad(y, 4)}-${pad(m)}-${pad(d)}` };
}

/**
 * Parse a date cell. Accepted: ISO (YYYY-MM-DD, with an optional time part as GED and
 * ogr2ogr write it), YYYY/MM/DD, DD/MM/YYYY or MM/DD/YYYY (per `order`; also with . or -),
 * "31 July 2020" / "31-Jul-2020" / "July 31, 2020" (English, French, Spanish, Portuguese
 * month names), and the coarse "YYYY-MM" and "YYYY". Two-digit years are refused: which
 * century is a guess. Returns a Reject for anything else, including impossible dates
 * such as 2023-02-30.
 */
export function parseDate(raw: string, field: string, order: DateOrder = 'dmy'): ParsedDate | Reject {
  const s = raw.trim();
  if (s === '' || isMissing(s)) return new Reject(field, raw, 'missing date');
  let m: RegExpExecArray | null;
  let out: ParsedDate | null = null;
  if ((m = RE_ISO.exec(s)) || (m = RE_YMD.exec(s))) out = ymd(+m[1]!, +m[2]!, +m[3]!);
  else if ((m = RE_NUM.exec(s))) {
    const a = +m[1]!, b = +m[2]!, y = +m[3]!;
    out = order === 'dmy' ? ymd(y, b, a) : ymd(y, a, b);
    if (!out) return new Reject(field, raw, `impossible date when read as ${order === 'dmy' ? 'DD/MM/YYYY' : 'MM/DD/YYYY'}`);
  } else if (RE_NUM_YY.test(s)) return new Reject(field, raw, 'two-digit year: write the year in full');
  else if ((m = RE_DMONY.exec(s))) {
    const mo = monthFromName(m[2]!);
    if (mo === undefined) return new Reject(field, raw, 'unknown month name');
    out = ymd(+m[3]!, mo, +m[1]!);
  } else if ((m = RE_MONDY.exec(s))) {
    const mo = monthFromName(m[1]!);
    if (mo === undefined) return new Reject(field, raw, 'unknown month name');
    out = ymd(+m[3]!, mo, +m[2]!);
  } else if ((m = RE_YM.exec(s))) {
    const r = ymd(+m[1]!, +m[2]!, 1);
    if (r) out = { ...r, precision: 'month' };
  } else if ((m = RE_Y.exec(s))) {
    const r = ymd(+m[1]!, 1, 1);
    if (r) out = { ...r, precision: 'year' };
  } else return new Reject(field, raw, 'unrecognised date format');
  if (!out) return new Reject(field, raw, 'impossible date (no such day)');
  const year = +out.iso.slice(0, 4);
  if (year < 1900) return new Reject(field, raw, 'date before 1900');
  return out;
}

/**
 * Decide DD/MM vs MM/DD from sample cells: a first number above 12 proves day-first, a
 * second above 12 proves month-first. Returns 'ambiguous' when no cell decides (then
 * DD/MM is used and a file-level warning says so) and 'conflict' when both occur (the
 * file mixes orders; the cells that do not fit the chosen order are rejected).
 */
export function sniffDateOrder(cells: Iterable<string>): DateOrder | 'ambiguous' | 'conflict' {
  let dmy = false, mdy = false;
  for (const c of cells) {
    const m = RE_NUM.exec(c.trim());
    if (!m) continue;
    if (+m[1]! > 12) dmy = true;
    if (+m[2]! > 12) mdy = true;
  }
  if (dmy && mdy) return 'conflict';
  if (dmy) return 'dmy';
  if (mdy) return 'mdy';
  return 'ambiguous';
}

/** True if any sample cell is a nn/nn/yyyy date (so the order question arises at all). */
export function hasNumericDayMonth(cells: Iterable<string>): boolean {
  for (const c of cells) if (RE_NUM.test(c.trim())) return true;
  return false;
}

// ---------------------------------------------------------------------------------------
// Counts

/**
 * A count of people (fatalities, injured, victims). Missing → `dflt` (0: "none reported").
 * Negative, fractional or non-numeric → Reject: a count is never rounded or guessed.
 */
export function parseCount(raw: string | number | null | undefined, field: string, decimalComma = false, dflt = 0): number | Reject {
  if (raw == null) return dflt;
  const s = String(raw);
  if (typeof raw !== 'number' && isMissing(s)) return dflt;
  const n = typeof raw === 'number' ? raw : parseNumber(s, decimalComma);
  if (n === null || !Number.isFinite(n)) return new Reject(field, s, 'count is not a number');
  if (n < 0) return new Reject(field, s, 'count is negative');
  if (!Number.isInteger(n)) return new Reject(field, s, 'count is not a whole number');
  if (n > 0xffffffff) return new Reject(field, s, 'count is too large');
  return n;
}

/** Lower-case, accents off, punctuation and spaces to single '_' (for header and value matching). */
export function normKey(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}
