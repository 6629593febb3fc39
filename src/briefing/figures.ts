/**
 * The numbers of the leadership briefing, from the incident table alone: the period and
 * its previous equal period, headline figures with their change and a sparkline series,
 * and where incidents happened beyond the reach of every presence. Pure: tested in node
 * against straightforward counts.
 */
import type { IncidentTable } from '../domain/incidents.ts';
import { THREAT_TYPE_CODE } from '../domain/taxonomy.ts';
import type { Presence, Settlement } from '../domain/presence.ts';
import type { DayRange } from '../filter/aggregate.ts';
import { withinRange } from '../analysis/withinRange.ts';
import { presenceColumns } from '../analysis/inputs.ts';
import { distanceKm } from '../domain/geo.ts';

export type BriefingPreset = 'flash' | 'month' | 'quarter';
export const BRIEFING_PRESETS: Record<BriefingPreset, { label: string; days: number }> = {
  flash: { label: 'Flash — last 7 days', days: 7 },
  month: { label: 'Last 30 days', days: 30 },
  quarter: { label: 'Quarter — last 91 days', days: 91 },
};

export interface BriefingPeriods {
  current: DayRange;
  previous: DayRange;
}

/** The `days` days ending on `endDay` (inclusive), and the equal period just before. */
export function briefingPeriods(endDay: number, days: number): BriefingPeriods {
  const current = { startDay: endDay - days + 1, endDay };
  return { current, previous: { startDay: current.startDay - days, endDay: current.startDay - 1 } };
}

export type FigureId = 'incidents' | 'killed' | 'injured' | 'crsv' | 'abductions' | 'displacement' | 'explosive';
export const FIGURE_LABELS: Record<FigureId, string> = {
  incidents: 'Incidents',
  killed: 'Civilians killed',
  injured: 'Civilians injured',
  crsv: 'Sexual violence (CRSV) incidents',
  abductions: 'Abductions',
  displacement: 'Forced displacement events',
  explosive: 'Explosive ordnance incidents',
};

export interface HeadlineFigure {
  id: FigureId;
  label: string;
  current: number;
  previous: number;
  /** Percentage change on the previous period; null when the previous period had none. */
  changePct: number | null;
  /** The figure for each of the last `sparkPeriods` equal periods, oldest first (last = current). */
  series: number[];
}

const FIGURES = Object.keys(FIGURE_LABELS) as FigureId[];

/** Adds incident i's contribution to each figure into `out` (same order as FIGURES). */
function addIncident(t: IncidentTable, i: number, out: Float64Array): void {
  const type = t.threatType[i]!;
  out[0]! += 1;
  out[1]! += t.fatalities[i]!;
  out[2]! += t.injured[i]!;
  if (type === THREAT_TYPE_CODE.crsv) out[3]! += 1;
  if (type === THREAT_TYPE_CODE.abduction) out[4]! += 1;
  if (type === THREAT_TYPE_CODE.forced_displacement) out[5]! += 1;
  if (type === THREAT_TYPE_CODE.explosive_ordnance) out[6]! += 1;
}

export function headlineFigures(t: IncidentTable, periods: BriefingPeriods, sparkPeriods = 8, mask: Uint8Array | null = null): HeadlineFigure[] {
  const len = periods.current.endDay - periods.current.startDay + 1;
  const firstStart = periods.current.endDay - len * sparkPeriods + 1;
  const sums = Array.from({ length: sparkPeriods }, () => new Float64Array(FIGURES.length));
  for (let i = 0; i < t.length; i++) {
    if (mask && !mask[i]) continue;
    const d = t.day[i]!;
    if (d < firstStart || d > periods.current.endDay) continue;
    addIncident(t, i, sums[Math.floor((d - firstStart) / len)]!);
  }
  return FIGURES.map((id, f) => {
    const series = sums.map((s) => s[f]!);
    const current = series[sparkPeriods - 1]!;
    const previous = series[sparkPeriods - 2] ?? 0;
    return { id, label: FIGURE_LABELS[id], current, previous, changePct: previous > 0 ? ((current - previous) / previous) * 100 : null, series };
  });
}

export function changeInWords(f: HeadlineFigure): string {
  if (f.changePct === null) return f.current > 0 ? 'none in the previous period' : 'none in either period';
  if (Math.abs(f.changePct) < 0.5) return 'unchanged';
  return `${f.changePct > 0 ? '+' : '−'}${Math.abs(Math.round(f.changePct))} % on the previous period`;
}

export interface ReachGap {
  /** Nearest settlement to the out-of-reach incidents of this group. */
  place: string;
  lon: number;
  lat: number;
  incidents: number;
  killed: number;
  /** Nearest presence to the group's centre and its distance. */
  nearestPresence: string;
  nearestKm: number;
}

/**
 * Incidents of the period that no presence reaches by road (ground reach: helicopters are
 * too few to count as presence), grouped by their
 * nearest settlement (within 60 km; further ones form "remote area" groups by 1° cell),
 * largest first.
 */
export function reachGaps(t: IncidentTable, presences: readonly Presence[], settlements: readonly Settlement[], period: DayRange, top = 5): ReachGap[] {
  const idx: number[] = [];
  for (let i = 0; i < t.length; i++) if (t.day[i]! >= period.startDay && t.day[i]! <= period.endDay) idx.push(i);
  if (!idx.length || !presences.length) return [];
  const lon = Float64Array.from(idx, (i) => t.lon[i]!);
  const lat = Float64Array.from(idx, (i) => t.lat[i]!);
  const r = withinRange({ incidents: { lon, lat }, presences: presenceColumns(presences) }, { lists: 'none' });
  const road = 1 << r.modes.indexOf('road');
  const groups = new Map<string, { place: string; lon: number; lat: number; n: number; killed: number; sx: number; sy: number }>();
  idx.forEach((i, k) => {
    if (r.inRange[k]! & road) return;
    let best = -1;
    let bestKm = Infinity;
    settlements.forEach((s, j) => {
      const km = distanceKm(lon[k]!, lat[k]!, s.lon, s.lat);
      if (km < bestKm) { bestKm = km; best = j; }
    });
    const near = best >= 0 && bestKm <= 60;
    const key = near ? `s${best}` : `c${Math.floor(lon[k]!)},${Math.floor(lat[k]!)}`;
    const place = near ? `near ${settlements[best]!.name}` : `remote area ${Math.abs(Math.floor(lat[k]!))}°${lat[k]! >= 0 ? 'N' : 'S'} ${Math.abs(Math.floor(lon[k]!))}°${lon[k]! >= 0 ? 'E' : 'W'}`;
    const g = groups.get(key) ?? { place, lon: 0, lat: 0, n: 0, killed: 0, sx: 0, sy: 0 };
    g.n++;
    g.killed += t.fatalities[i]!;
    g.sx += lon[k]!;
    g.sy += lat[k]!;
    groups.set(key, g);
  });
  return [...groups.values()]
    .sort((a, b) => b.n - a.n || b.killed - a.killed || a.place.localeCompare(b.place))
    .slice(0, top)
    .map((g) => {
      const cx = g.sx / g.n, cy = g.sy / g.n;
      let np = 0, nk = Infinity;
      presences.forEach((p, j) => { const km = distanceKm(cx, cy, p.lon, p.lat); if (km < nk) { nk = km; np = j; } });
      return { place: g.place.startsWith('remote') ? remotePlace(cx, cy, settlements) ?? g.place : g.place, lon: cx, lat: cy, incidents: g.n, killed: g.killed, nearestPresence: presences[np]!.name, nearestKm: nk };
    });
}

const COMPASS = ['north', 'north-east', 'east', 'south-east', 'south', 'south-west', 'west', 'north-west'];

/** "78 km north of Watsa": a remote place named by its nearest settlement. */
function remotePlace(lon: number, lat: number, settlements: readonly Settlement[]): string | null {
  let best: Settlement | null = null;
  let bestKm = Infinity;
  for (const s of settlements) {
    const km = distanceKm(lon, lat, s.lon, s.lat);
    if (km < bestKm) { bestKm = km; best = s; }
  }
  if (!best) return null;
  const y = Math.sin((lon - best.lon) * Math.PI / 180) * Math.cos(lat * Math.PI / 180);
  const x = Math.cos(best.lat * Math.PI / 180) * Math.sin(lat * Math.PI / 180) - Math.sin(best.lat * Math.PI / 180) * Math.cos(lat * Math.PI / 180) * Math.cos((lon - best.lon) * Math.PI / 180);
  const bearing = (Math.atan2(y, x) * 180 / Math.PI + 360) % 360;
  return `${Math.round(bestKm / 5) * 5} km ${COMPASS[Math.round(bearing / 45) % 8]} of ${best.name}`;
}
