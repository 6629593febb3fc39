/**
 * Aggregations over a filtered incident table (table + mask), for the analyst charts:
 * time histograms by threat group, perpetrator profiles, victims by sex and age, top
 * areas, and the per-option counts shown beside every filter choice. Also the small
 * calendar helpers (Monday weeks, calendar months) the timeline and playback share.
 *
 * Everything here is a pass or two over the typed columns with typed-array accumulators
 * (no per-incident objects), so it stays in the low milliseconds at 100k incidents and
 * can run on the main thread on every filter change.
 *
 * `mask` is the 0/1 array from `applyFilter` (1 = incident counted); `null` counts every
 * incident.
 */
import type { IncidentTable } from '../domain/incidents.ts';
import {
  DATE_PRECISIONS, LOCATION_PRECISIONS, MOBILITY_MODES, PERPETRATOR_TYPES, SOURCE_RELIABILITY, SOURCE_TYPES,
  THREAT_GROUPS, THREAT_GROUP_OF_TYPE, THREAT_TYPES,
} from '../domain/taxonomy.ts';
import { applyFilter, type IncidentFilter, type VictimGroup } from './incidentFilter.ts';

// ---------------------------------------------------------------------------------------
// Calendar (days since 1970-01-01 UTC; 1970-01-01 was a Thursday)

const MS_PER_DAY = 86_400_000;
const N_GROUPS = THREAT_GROUPS.length;
const OTHER_GROUP = THREAT_GROUPS.findIndex((g) => g.id === 'other');

export type TimeBin = 'day' | 'week' | 'month';

/** The Monday on or before `day` (ISO weeks start on Monday). */
export function startOfWeek(day: number): number {
  return day - ((((day + 3) % 7) + 7) % 7);
}
/** The first day of the calendar month containing `day`. */
export function startOfMonth(day: number): number {
  const d = new Date(day * MS_PER_DAY);
  return Math.round(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / MS_PER_DAY);
}
/** The last day of the calendar month containing `day`. */
export function endOfMonth(day: number): number {
  const d = new Date(day * MS_PER_DAY);
  return Math.round(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / MS_PER_DAY) - 1;
}
/**
 * `day` moved by `months` calendar months, keeping the day of the month and clamping it
 * to the target month's length (Jan 31 + 1 month = Feb 28 or 29).
 */
export function addMonths(day: number, months: number): number {
  const d = new Date(day * MS_PER_DAY);
  const y = d.getUTCFullYear(), m = d.getUTCMonth() + months, dom = d.getUTCDate();
  const lastDom = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Math.round(Date.UTC(y, m, Math.min(dom, lastDom)) / MS_PER_DAY);
}
/** First day of the calendar bin (day, Monday week, month) containing `day`. */
export function binStart(day: number, bin: TimeBin): number {
  return bin === 'day' ? day : bin === 'week' ? startOfWeek(day) : startOfMonth(day);
}
/** First day of the bin after the one starting at `start` (which must be a bin start). */
export function nextBinStart(start: number, bin: TimeBin): number {
  return bin === 'day' ? start + 1 : bin === 'week' ? start + 7 : addMonths(start, 1);
}

function groupOf(threatCode: number): number {
  return THREAT_GROUP_OF_TYPE[threatCode] ?? OTHER_GROUP;
}

// ---------------------------------------------------------------------------------------
// Histogram

export interface HistogramBin {
  /**
   * Inclusive day range the bin counts: the calendar bin (day / Monday–Sunday week /
   * calendar month) clipped to the histogram's [startDay, endDay]. `partial` says the
   * calendar bin was clipped, so a short first or last bin is not read as a drop.
   */
  startDay: number;
  endDay: number;
  partial: boolean;
  /** Incidents per threat group (index into THREAT_GROUPS). */
  counts: number[];
  total: number;
  /** Civilians killed, total and per threat group. */
  fatalities: number;
  fatalitiesByGroup: number[];
}
export interface Histogram {
  bin: TimeBin;
  startDay: number;
  endDay: number;
  bins: HistogramBin[];
  /** Largest bin total (incidents) and largest bin fatalities, for y scales. */
  maxTotal: number;
  maxFatalities: number;
  total: number;
  fatalities: number;
}

/**
 * Incidents and civilian fatalities per time bin, by threat group, for the masked
 * incidents dated within [startDay, endDay] (inclusive). Bins follow the calendar:
 * weeks start on Monday, months are calendar months; the first and last bins are clipped
 * to the range (see `HistogramBin.partial`). Every bin in the range is present, empty or not.
 */
export function histogram(t: IncidentTable, mask: Uint8Array | null, bin: TimeBin, startDay: number, endDay: number): Histogram {
  const bins: HistogramBin[] = [];
  const empty: Histogram = { bin, startDay, endDay, bins, maxTotal: 0, maxFatalities: 0, total: 0, fatalities: 0 };
  if (!(endDay >= startDay) || !Number.isFinite(startDay) || !Number.isFinite(endDay)) return empty;
  const nDays = endDay - startDay + 1;
  const binOfDay = new Int32Array(nDays);
  const starts: number[] = [];
  const ends: number[] = [];
  const partial: boolean[] = [];
  for (let s = binStart(startDay, bin); s <= endDay;) {
    const next = nextBinStart(s, bin);
    const a = Math.max(s, startDay), b = Math.min(next - 1, endDay);
    binOfDay.fill(starts.length, a - startDay, b - startDay + 1);
    starts.push(a);
    ends.push(b);
    partial.push(a !== s || b !== next - 1);
    s = next;
  }
  const nb = starts.length;
  const counts = new Uint32Array(nb * N_GROUPS);
  const fat = new Float64Array(nb * N_GROUPS);
  const { day, threatType, fatalities } = t;
  for (let i = 0; i < t.length; i++) {
    if (mask && !mask[i]) continue;
    const d = day[i]! - startDay;
    if (d < 0 || d >= nDays) continue;
    const k = binOfDay[d]! * N_GROUPS + groupOf(threatType[i]!);
    counts[k]!++;
    fat[k]! += fatalities[i]!;
  }
  for (let b = 0; b < nb; b++) {
    const c = Array.from(counts.subarray(b * N_GROUPS, (b + 1) * N_GROUPS));
    const f = Array.from(fat.subarray(b * N_GROUPS, (b + 1) * N_GROUPS));
    const total = c.reduce((x, y) => x + y, 0);
    const fatal = f.reduce((x, y) => x + y, 0);
    bins.push({ startDay: starts[b]!, endDay: ends[b]!, partial: partial[b]!, counts: c, total, fatalities: fatal, fatalitiesByGroup: f });
    if (total > empty.maxTotal) empty.maxTotal = total;
    if (fatal > empty.maxFatalities) empty.maxFatalities = fatal;
    empty.total += total;
    empty.fatalities += fatal;
  }
  return empty;
}

/** Count of masked incidents per day over [startDay, endDay] (index 0 = startDay). */
export function dailyCounts(t: IncidentTable, mask: Uint8Array | null, startDay: number, endDay: number): Uint32Array {
  const n = Math.max(0, endDay - startDay + 1);
  const out = new Uint32Array(n);
  for (let i = 0; i < t.length; i++) {
    if (mask && !mask[i]) continue;
    const d = t.day[i]! - startDay;
    if (d >= 0 && d < n) out[d]!++;
  }
  return out;
}

/** Earliest and latest day among the masked incidents; null when none. */
export function dayExtent(t: IncidentTable, mask: Uint8Array | null): { startDay: number; endDay: number } | null {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < t.length; i++) {
    if (mask && !mask[i]) continue;
    const d = t.day[i]!;
    if (d < lo) lo = d;
    if (d > hi) hi = d;
  }
  return lo <= hi ? { startDay: lo, endDay: hi } : null;
}

// ---------------------------------------------------------------------------------------
// Perpetrator profile

export interface CodeCount {
  code: number;
  count: number;
}
export interface Trend {
  /** Masked incidents in the recent window and in the window just before it. */
  recent: number;
  previous: number;
  /** (recent − previous) / previous × 100; null when previous is 0 or the windows are not comparable. */
  changePct: number | null;
  /**
   * up / down / flat compare the two windows; `new` = none before, some now; `unknown` =
   * the previous window starts before the observed period, so a rise would only reflect
   * missing data.
   */
  direction: 'up' | 'down' | 'flat' | 'new' | 'unknown';
}
export interface PerpetratorProfileRow {
  /** Index into strings.perpetrators. */
  perpetrator: number;
  name: string;
  count: number;
  fatalities: number;
  /** The perpetrator type most often recorded for this name (a name can carry several). */
  perpetratorType: number;
  perpetratorTypes: CodeCount[];
  /** Up to three most frequent threat types, most frequent first. */
  topThreatTypes: CodeCount[];
  /** Threat group with most incidents (ties: lower group index) — the bar colour. */
  dominantGroup: number;
  /** Area with most incidents of this perpetrator (when areas are given and any is assigned). */
  topArea: { area: number; name: string; count: number } | null;
  trend: Trend;
}
export interface PerpetratorProfile {
  rows: PerpetratorProfileRow[];
  /** Distinct perpetrator names with at least one masked incident. */
  perpetrators: number;
  /** The inclusive windows the trend compares (null when nothing is masked). */
  windows: { recent: DayRange; previous: DayRange } | null;
  /** False when the previous window starts before the observed period (see Trend.direction). */
  comparable: boolean;
}
export interface DayRange {
  startDay: number;
  endDay: number;
}
export interface AreaLabels {
  /** Area index per incident (−1 = none), e.g. nearest settlement or AOR. */
  areaOf: Int32Array;
  areaNames: readonly string[];
}
export interface PerpetratorProfileOptions {
  /** Last day of the recent window; default the latest masked day. */
  endDay?: number;
  /** First observed day (trend comparability); default the earliest day of the trend mask. */
  startDay?: number;
  /** Window length in days; default 90. */
  trendDays?: number;
  /**
   * Mask the trend counts come from; default `mask`. Pass the mask *without* the period
   * so a short selected period still gets a trend from the 180 days before its end.
   */
  trendMask?: Uint8Array | null;
  areas?: AreaLabels;
}

const MAX_PERPETRATORS = 0x10000;

function topCodes(counts: Uint32Array, offset: number, size: number, k: number): CodeCount[] {
  const out: CodeCount[] = [];
  for (let c = 0; c < size; c++) {
    const n = counts[offset + c]!;
    if (n) out.push({ code: c, count: n });
  }
  out.sort((a, b) => b.count - a.count || a.code - b.code);
  return out.slice(0, k);
}

function trendOf(recent: number, previous: number, comparable: boolean): Trend {
  if (!comparable) return { recent, previous, changePct: null, direction: 'unknown' };
  if (previous === 0) return { recent, previous, changePct: null, direction: recent > 0 ? 'new' : 'flat' };
  const changePct = ((recent - previous) / previous) * 100;
  return { recent, previous, changePct, direction: recent > previous ? 'up' : recent < previous ? 'down' : 'flat' };
}

/**
 * The `top` perpetrator names by masked incident count (ties: more fatalities, then name),
 * each with type, top threat types, top area and a trend.
 *
 * Trend: masked incidents in the last `trendDays` (90) days up to `endDay` (default the
 * latest masked day), against the `trendDays` days before those. Both windows end at the
 * same day for every perpetrator, so rows compare with each other.
 */
export function perpetratorProfile(t: IncidentTable, mask: Uint8Array | null, top: number, opts: PerpetratorProfileOptions = {}): PerpetratorProfile {
  const trendDays = Math.max(1, Math.floor(opts.trendDays ?? 90));
  const count = new Uint32Array(MAX_PERPETRATORS);
  const fat = new Float64Array(MAX_PERPETRATORS);
  let maxDay = -Infinity;
  const { perpetrator, day, fatalities } = t;
  for (let i = 0; i < t.length; i++) {
    if (mask && !mask[i]) continue;
    const p = perpetrator[i]!;
    count[p]!++;
    fat[p]! += fatalities[i]!;
    if (day[i]! > maxDay) maxDay = day[i]!;
  }
  const present: number[] = [];
  for (let p = 0; p < MAX_PERPETRATORS; p++) if (count[p]) present.push(p);
  const names = t.strings.perpetrators;
  const nameOf = (p: number): string => names[p] ?? `#${p}`;
  present.sort((a, b) => count[b]! - count[a]! || fat[b]! - fat[a]! || (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : a - b));
  const chosen = present.slice(0, Math.max(0, Math.floor(top)));
  if (present.length === 0) return { rows: [], perpetrators: 0, windows: null, comparable: false };

  const endDay = opts.endDay ?? maxDay;
  const recent: DayRange = { startDay: endDay - trendDays + 1, endDay };
  const previous: DayRange = { startDay: endDay - 2 * trendDays + 1, endDay: endDay - trendDays };

  const slotOf = new Int32Array(MAX_PERPETRATORS).fill(-1);
  chosen.forEach((p, s) => { slotOf[p] = s; });
  // Codes are bytes: 256 slots per perpetrator, so a code outside the taxonomy still counts.
  const typeCounts = new Uint32Array(chosen.length * 256);
  const perpTypeCounts = new Uint32Array(chosen.length * 256);
  const groupCounts = new Uint32Array(chosen.length * N_GROUPS);
  const areaCounts = chosen.map(() => new Map<number, number>());
  const areaOf = opts.areas?.areaOf;
  for (let i = 0; i < t.length; i++) {
    if (mask && !mask[i]) continue;
    const s = slotOf[perpetrator[i]!]!;
    if (s < 0) continue;
    const tt = t.threatType[i]!;
    typeCounts[s * 256 + tt]!++;
    perpTypeCounts[s * 256 + t.perpetratorType[i]!]!++;
    groupCounts[s * N_GROUPS + groupOf(tt)]!++;
    if (areaOf) {
      const a = areaOf[i] ?? -1;
      if (a >= 0) { const m = areaCounts[s]!; m.set(a, (m.get(a) ?? 0) + 1); }
    }
  }
  // Trend counts (possibly from a wider mask) and the observed start.
  const trendMask = opts.trendMask === undefined ? mask : opts.trendMask;
  const rec = new Uint32Array(chosen.length), prev = new Uint32Array(chosen.length);
  let minDay = Infinity;
  for (let i = 0; i < t.length; i++) {
    if (trendMask && !trendMask[i]) continue;
    const d = day[i]!;
    if (d < minDay) minDay = d;
    const s = slotOf[perpetrator[i]!]!;
    if (s < 0) continue;
    if (d >= recent.startDay && d <= recent.endDay) rec[s]!++;
    else if (d >= previous.startDay && d <= previous.endDay) prev[s]!++;
  }
  const observedFrom = opts.startDay ?? minDay;
  const comparable = observedFrom <= previous.startDay;

  const rows = chosen.map((p, s): PerpetratorProfileRow => {
    const perpetratorTypes = topCodes(perpTypeCounts, s * 256, 256, 256);
    let dominantGroup = 0;
    for (let g = 1; g < N_GROUPS; g++) if (groupCounts[s * N_GROUPS + g]! > groupCounts[s * N_GROUPS + dominantGroup]!) dominantGroup = g;
    let topArea: PerpetratorProfileRow['topArea'] = null;
    for (const [area, c] of areaCounts[s]!) {
      if (!topArea || c > topArea.count || (c === topArea.count && area < topArea.area)) {
        topArea = { area, name: opts.areas?.areaNames[area] ?? `Area ${area}`, count: c };
      }
    }
    return {
      perpetrator: p,
      name: nameOf(p),
      count: count[p]!,
      fatalities: fat[p]!,
      perpetratorType: perpetratorTypes[0]?.code ?? PERPETRATOR_TYPES.length - 1,
      perpetratorTypes,
      topThreatTypes: topCodes(typeCounts, s * 256, 256, 3),
      dominantGroup,
      topArea,
      trend: trendOf(rec[s]!, prev[s]!, comparable),
    };
  });
  return { rows, perpetrators: present.length, windows: { recent, previous }, comparable };
}

// ---------------------------------------------------------------------------------------
// Victims and areas

export interface VictimTotals {
  women: number;
  men: number;
  girls: number;
  boys: number;
  /** Victims whose sex or age is not known: always reported, never folded away. */
  unknown: number;
  total: number;
  /** Masked incidents with at least one victim in any group. */
  incidentsWithVictims: number;
}

export function victimTotals(t: IncidentTable, mask: Uint8Array | null): VictimTotals {
  let women = 0, men = 0, girls = 0, boys = 0, unknown = 0, withVictims = 0;
  for (let i = 0; i < t.length; i++) {
    if (mask && !mask[i]) continue;
    const w = t.victimsWomen[i]!, m = t.victimsMen[i]!, g = t.victimsGirls[i]!, b = t.victimsBoys[i]!, u = t.victimsUnknown[i]!;
    women += w; men += m; girls += g; boys += b; unknown += u;
    if (w + m + g + b + u > 0) withVictims++;
  }
  return { women, men, girls, boys, unknown, total: women + men + girls + boys + unknown, incidentsWithVictims: withVictims };
}

export interface AreaRow {
  area: number;
  name: string;
  count: number;
  fatalities: number;
}
export interface TopAreas {
  rows: AreaRow[];
  /** Distinct areas with at least one masked incident. */
  areas: number;
  /** Masked incidents with no area (areaOf < 0): reported, not dropped. */
  unassigned: { count: number; fatalities: number };
}

/** The `top` areas by masked incident count (ties: more fatalities, then lower index). */
export function topAreas(t: IncidentTable, mask: Uint8Array | null, areaOf: Int32Array, areaNames: readonly string[], top: number): TopAreas {
  let size = areaNames.length;
  for (let i = 0; i < t.length; i++) if ((!mask || mask[i]) && (areaOf[i] ?? -1) >= size) size = areaOf[i]! + 1;
  const count = new Uint32Array(size);
  const fat = new Float64Array(size);
  const unassigned = { count: 0, fatalities: 0 };
  for (let i = 0; i < t.length; i++) {
    if (mask && !mask[i]) continue;
    const a = areaOf[i] ?? -1;
    if (a < 0) { unassigned.count++; unassigned.fatalities += t.fatalities[i]!; continue; }
    count[a]!++;
    fat[a]! += t.fatalities[i]!;
  }
  const present: number[] = [];
  for (let a = 0; a < size; a++) if (count[a]) present.push(a);
  present.sort((a, b) => count[b]! - count[a]! || fat[b]! - fat[a]! || a - b);
  const rows = present.slice(0, Math.max(0, Math.floor(top))).map((a) => ({
    area: a, name: areaNames[a] ?? `Area ${a}`, count: count[a]!, fatalities: fat[a]!,
  }));
  return { rows, areas: present.length, unassigned };
}

// ---------------------------------------------------------------------------------------
// Filter option counts

export interface FacetCounts {
  /** Incidents passing the whole filter. */
  total: number;
  /** Per code: incidents passing every filter except this dimension's, with this code. */
  threatTypes: Uint32Array;
  perpetratorTypes: Uint32Array;
  perpetrators: Uint32Array;
  sourceTypes: Uint32Array;
  sourceReliability: Uint32Array;
  datePrecision: Uint32Array;
  locationPrecision: Uint32Array;
  /** Incidents (all other filters applied) with at least one victim in the group. */
  victims: Record<VictimGroup, number>;
  /** Incidents passing every other filter (the fatalities range ignored) — the base the range cuts. */
  fatalitiesBase: number;
  /** Inside any AOR / outside all, under the other filters (null without AOR data). */
  aor: { inside: number; outside: number } | null;
  /** Per mobility mode (index into MOBILITY_MODES): in range / out of range, under the other filters. */
  range: { inRange: Uint32Array; outOfRange: Uint32Array } | null;
}
export interface FacetAnalysis {
  aorOfIncident?: Int32Array;
  reachBits?: Uint8Array;
}

/**
 * Live counts for every filter option. For each dimension, one `applyFilter` pass with
 * that dimension removed, then one counting pass over its mask (so an option's count is
 * what the total would be if the user chose only that option, given the other filters).
 * About a dozen linear passes: a few ms at 100k incidents, fine on every change; reuses
 * one scratch mask. AOR / range counts use `analysis` arrays (the filter holds them only
 * while those filters are on).
 */
export function facetCounts(t: IncidentTable, f: IncidentFilter, analysis: FacetAnalysis = {}): FacetCounts {
  const scratch = new Uint8Array(t.length);
  const without = (patch: Partial<Record<keyof IncidentFilter, undefined>>): Uint8Array =>
    applyFilter(t, { ...f, ...patch }, { out: scratch }).mask;
  const countCodes = (col: Uint8Array | Uint16Array, size: number, key: keyof IncidentFilter): Uint32Array => {
    const m = without({ [key]: undefined });
    const out = new Uint32Array(size);
    for (let i = 0; i < t.length; i++) if (m[i] && col[i]! < size) out[col[i]!]!++;
    return out;
  };
  const total = applyFilter(t, f, { out: scratch }).count;
  const threatTypes = countCodes(t.threatType, THREAT_TYPES.length, 'threatTypes');
  const perpetratorTypes = countCodes(t.perpetratorType, PERPETRATOR_TYPES.length, 'perpetratorTypes');
  const perpetrators = countCodes(t.perpetrator, t.strings.perpetrators.length, 'perpetrators');
  const sourceTypes = countCodes(t.sourceType, SOURCE_TYPES.length, 'sourceTypes');
  const sourceReliability = countCodes(t.sourceReliability, SOURCE_RELIABILITY.length, 'sourceReliability');
  const datePrecision = countCodes(t.datePrecision, DATE_PRECISIONS.length, 'datePrecision');
  const locationPrecision = countCodes(t.locationPrecision, LOCATION_PRECISIONS.length, 'locationPrecision');

  const victims: Record<VictimGroup, number> = { women: 0, men: 0, girls: 0, boys: 0, unknown: 0 };
  let m = without({ victims: undefined });
  for (let i = 0; i < t.length; i++) {
    if (!m[i]) continue;
    if (t.victimsWomen[i]) victims.women++;
    if (t.victimsMen[i]) victims.men++;
    if (t.victimsGirls[i]) victims.girls++;
    if (t.victimsBoys[i]) victims.boys++;
    if (t.victimsUnknown[i]) victims.unknown++;
  }
  const fatalitiesBase = applyFilter(t, { ...f, fatalities: undefined }, { out: scratch }).count;

  let aor: FacetCounts['aor'] = null;
  const aorOf = analysis.aorOfIncident ?? f.aor?.aorOfIncident;
  if (aorOf) {
    m = without({ aor: undefined });
    aor = { inside: 0, outside: 0 };
    for (let i = 0; i < t.length; i++) if (m[i]) { if ((aorOf[i] ?? -1) >= 0) aor.inside++; else aor.outside++; }
  }
  let range: FacetCounts['range'] = null;
  const reach = analysis.reachBits ?? f.range?.reachBits;
  if (reach) {
    m = without({ range: undefined });
    const nModes = MOBILITY_MODES.length;
    range = { inRange: new Uint32Array(nModes), outOfRange: new Uint32Array(nModes) };
    for (let i = 0; i < t.length; i++) {
      if (!m[i]) continue;
      const bits = reach[i] ?? 0;
      for (let k = 0; k < nModes; k++) {
        if (bits & (1 << k)) range.inRange[k]!++;
        else range.outOfRange[k]!++;
      }
    }
  }
  return {
    total, threatTypes, perpetratorTypes, perpetrators, sourceTypes, sourceReliability, datePrecision, locationPrecision,
    victims, fatalitiesBase, aor, range,
  };
}
