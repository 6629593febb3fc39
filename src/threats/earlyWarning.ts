/**
 * Early warning: for each area (an AOR, an admin area, a hotspot or a threat area), is the
 * recent number of incidents unusually high for THAT area?
 *
 * Owns the test, its exact Poisson tail, the alert levels and the percentage-change bands
 * (docs/threat-scoring.md describes them for users; change both together).
 *
 * As of day D:
 *   recent k     incidents in the last N days (default 30): D − N + 1 … D
 *   baseline b   incidents in the M days before (default 180): D − N − M + 1 … D − N
 *   expected λ   (b + prior) × N / M — the area's own rate scaled to the recent window;
 *                prior (default 0.5 incident) keeps λ above 0 for an area quiet in the
 *                baseline, so p is never exactly 0 and a first incident alone is no alert
 *   p            P(X ≥ k | X ~ Poisson(λ)): how surprising k is if nothing changed
 *   level        red when p < 0.01, amber when p < 0.05, and only when k ≥ minCount
 *                (default 3): two incidents are never an alert, however quiet the area was
 *   change       (k − b·N/M) / (b·N/M) in %, banded: surge ≥ +100 %, sharp increase
 *                ≥ +50 %, increase ≥ +25 %, stable, decrease ≤ −25 %; "new" when the
 *                baseline is empty and k > 0 (bands in the style of conflict monitors'
 *                change trackers; the thresholds are ours)
 * The Poisson tail is exact: terms summed in log space from the tail's own end, never
 * 1 − (a sum close to 1), so tiny p-values keep their digits.
 */
import type { IncidentTable } from '../domain/incidents.ts';
import type { ThreatTypeId } from '../domain/taxonomy.ts';
import { THREAT_TYPES } from '../domain/taxonomy.ts';
import { areaContains, prepareGeometry } from './area.ts';
import { defaultAsOfDay } from './evidence.ts';
import type { Reason } from './text.ts';
import { num, plural, reason, signed } from './text.ts';

// ----- Poisson ------------------------------------------------------------------------------

const LOG_FACT = (() => {
  const t = new Float64Array(257);
  for (let n = 1; n <= 256; n++) t[n] = t[n - 1]! + Math.log(n);
  return t;
})();

/** ln(n!) for whole n ≥ 0: exact sums of logs up to 256, Stirling's series beyond (error < 1e-17 relative). */
export function logFactorial(n: number): number {
  if (!(n >= 0) || !Number.isInteger(n)) return Number.NaN;
  if (n <= 256) return LOG_FACT[n]!;
  const x = n, x2 = x * x;
  return x * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI * x) + 1 / (12 * x) - 1 / (360 * x * x2) + 1 / (1260 * x2 * x2 * x);
}

/** ln P(X = j) for X ~ Poisson(λ). */
export function poissonLogPmf(j: number, lambda: number): number {
  if (lambda === 0) return j === 0 ? 0 : -Infinity;
  return -lambda + j * Math.log(lambda) - logFactorial(j);
}

/**
 * P(X ≥ k) for X ~ Poisson(λ), exact to double precision for small λ (relative error
 * ~1e-9 at λ = 10^6, from the size of the log terms).
 * k > λ: the upper tail summed from k upward (terms fall by λ/(j+1) < 1);
 * k ≤ λ: 1 − the lower tail summed from k − 1 downward (the result is then ≥ ~0.4, so
 * the subtraction loses nothing that matters).
 */
export function poissonUpperTail(k: number, lambda: number): number {
  if (!(lambda >= 0) || !Number.isFinite(lambda)) return Number.NaN;
  const kk = Math.ceil(k);
  if (kk <= 0) return 1;
  if (lambda === 0) return 0;
  if (kk > lambda) {
    let s = 1, r = 1;
    for (let j = kk; ; j++) {
      r *= lambda / (j + 1);
      s += r;
      if (r <= 1e-17 * s) break;
    }
    return Math.min(1, Math.exp(poissonLogPmf(kk, lambda) + Math.log(s)));
  }
  let s = 1, r = 1;
  for (let j = kk - 1; j > 0; j--) {
    r *= j / lambda;
    s += r;
    if (r <= 1e-17 * s) break;
  }
  return Math.max(0, 1 - Math.exp(poissonLogPmf(kk - 1, lambda) + Math.log(s)));
}

// ----- areas and alerts --------------------------------------------------------------------

export interface WarningArea {
  id: string;
  name: string;
  kind: 'aor' | 'admin' | 'hotspot' | 'threat' | 'other';
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon;
}

export interface EarlyWarningOptions {
  asOfDay?: number;
  recentDays?: number;
  baselineDays?: number;
  /** Incidents added to the baseline before scaling (default 0.5). */
  baselinePrior?: number;
  /** No alert below this many recent incidents (default 3). */
  minCount?: number;
  redP?: number;
  amberP?: number;
  /** Only incidents with mask[i] = 1 count (e.g. the analyst's filter: killings only). */
  mask?: Uint8Array;
}

export const EARLY_WARNING_DEFAULTS = { recentDays: 30, baselineDays: 180, baselinePrior: 0.5, minCount: 3, redP: 0.01, amberP: 0.05 } as const;

export type AlertLevel = 'red' | 'amber' | 'none';

export const CHANGE_LEVELS = [
  { id: 'surge', label: 'Surge', minPct: 100 },
  { id: 'sharp_increase', label: 'Sharp increase', minPct: 50 },
  { id: 'increase', label: 'Increase', minPct: 25 },
  { id: 'stable', label: 'Stable', minPct: -25 },
  { id: 'decrease', label: 'Decrease', minPct: -Infinity },
] as const;
export type ChangeLevelId = (typeof CHANGE_LEVELS)[number]['id'] | 'new' | 'none';

/** Band a percentage change; null change means an empty baseline ("new" if there are recent incidents). */
export function changeLevel(pct: number | null, recent: number): ChangeLevelId {
  if (pct === null) return recent > 0 ? 'new' : 'none';
  // Strictly inside ±25 % is stable; −25 % exactly is a decrease, +25 % exactly an increase.
  if (pct <= -25) return 'decrease';
  for (const l of CHANGE_LEVELS) if (pct >= l.minPct) return l.id;
  return 'decrease';
}

export interface AreaWarning {
  areaId: string;
  name: string;
  kind: WarningArea['kind'];
  recentCount: number;
  baselineCount: number;
  /** λ, incidents expected in the recent window from the baseline (prior included). */
  expected: number;
  pValue: number;
  level: AlertLevel;
  /** On the baseline scaled to the recent window, prior NOT included; null when the baseline is empty. */
  changePct: number | null;
  change: ChangeLevelId;
  /** Recent incidents (table indices) — the alert's evidence. */
  incidents: Uint32Array;
  topTypes: { id: ThreatTypeId; count: number }[];
  fatalities: number;
  reason: Reason;
}

export interface EarlyWarningResult {
  asOfDay: number;
  recent: { startDay: number; endDay: number };
  baseline: { startDay: number; endDay: number };
  /** Every area, in input order. */
  areas: AreaWarning[];
  /** Red then amber; lowest p first, then most recent incidents, then area id. */
  alerts: AreaWarning[];
}

function pText(p: number): (string | ReturnType<typeof num>)[] {
  if (p < 0.0001) return ['P < ', num(0.0001, 4)];
  return ['P = ', num(p, p < 0.01 ? 4 : 3)];
}

export function earlyWarning(t: IncidentTable, areas: readonly WarningArea[], options: EarlyWarningOptions = {}): EarlyWarningResult {
  const dft = EARLY_WARNING_DEFAULTS;
  // Field by field, so an explicit `undefined` from a form means "default", not NaN.
  const o = {
    recentDays: options.recentDays ?? dft.recentDays, baselineDays: options.baselineDays ?? dft.baselineDays,
    baselinePrior: options.baselinePrior ?? dft.baselinePrior, minCount: options.minCount ?? dft.minCount,
    redP: options.redP ?? dft.redP, amberP: options.amberP ?? dft.amberP, mask: options.mask,
  };
  const N = Math.max(1, Math.floor(o.recentDays)), M = Math.max(1, Math.floor(o.baselineDays));
  const asOfDay = options.asOfDay ?? defaultAsOfDay(t);
  const recent = { startDay: asOfDay - N + 1, endDay: asOfDay };
  const baseline = { startDay: asOfDay - N - M + 1, endDay: asOfDay - N };
  const mask = o.mask && o.mask.length === t.length ? o.mask : null;

  // The incidents of the two windows, once for all areas, bucketed in a uniform lon/lat
  // grid (CSR): an area visits only the buckets its bounding box overlaps.
  const win: number[] = [];
  let gx0 = Infinity, gy0 = Infinity, gx1 = -Infinity, gy1 = -Infinity;
  for (let i = 0; i < t.length; i++) {
    const d = t.day[i]!, x = t.lon[i]!, y = t.lat[i]!;
    if (d < baseline.startDay || d > asOfDay || (mask && !mask[i]) || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    win.push(i);
    if (x < gx0) gx0 = x; if (x > gx1) gx1 = x; if (y < gy0) gy0 = y; if (y > gy1) gy1 = y;
  }
  const G = Math.max(1, Math.min(256, Math.ceil(Math.sqrt(win.length / 16))));
  const cw = (gx1 - gx0) / G || 1, ch = (gy1 - gy0) / G || 1;
  const cellOf = (v: number, v0: number, size: number) => Math.max(0, Math.min(G - 1, Math.floor((v - v0) / size)));
  const start = new Uint32Array(G * G + 1);
  for (const i of win) start[cellOf(t.lat[i]!, gy0, ch) * G + cellOf(t.lon[i]!, gx0, cw) + 1]!++;
  for (let c = 0; c < G * G; c++) start[c + 1]! += start[c]!;
  const fill = start.slice(0, G * G);
  // Bucket order, with coordinates alongside (sequential reads while scanning a bucket).
  const bucket = new Uint32Array(win.length), bx = new Float64Array(win.length), by = new Float64Array(win.length);
  for (const i of win) {
    const q = fill[cellOf(t.lat[i]!, gy0, ch) * G + cellOf(t.lon[i]!, gx0, cw)]!++;
    bucket[q] = i; bx[q] = t.lon[i]!; by[q] = t.lat[i]!;
  }
  const scratch = new Uint32Array(win.length);

  const out: AreaWarning[] = areas.map((a) => {
    const prep = prepareGeometry(a.geometry);
    let k = 0, b = 0, fatalities = 0;
    const rec: number[] = [];
    const types = new Map<number, number>();
    let nHits = 0;
    if (win.length && prep.parts.length && prep.maxX >= gx0 && prep.minX <= gx1 && prep.maxY >= gy0 && prep.minY <= gy1) {
      const cx0 = cellOf(prep.minX, gx0, cw), cx1 = cellOf(prep.maxX, gx0, cw), cy0 = cellOf(prep.minY, gy0, ch), cy1 = cellOf(prep.maxY, gy0, ch);
      for (let cy = cy0; cy <= cy1; cy++) {
        for (let q = start[cy * G + cx0]!; q < start[cy * G + cx1 + 1]!; q++) {
          if (areaContains(prep, bx[q]!, by[q]!)) scratch[nHits++] = bucket[q]!;
        }
      }
    }
    const hits = scratch.subarray(0, nHits).sort(); // table order, whatever the buckets' order
    for (const i of hits) {
      if (t.day[i]! >= recent.startDay) {
        k++; rec.push(i); fatalities += t.fatalities[i]!;
        types.set(t.threatType[i]!, (types.get(t.threatType[i]!) ?? 0) + 1);
      } else b++;
    }
    const scaled = (b * N) / M;
    const expected = ((b + Math.max(0, o.baselinePrior)) * N) / M;
    const pValue = poissonUpperTail(k, expected);
    const level: AlertLevel = k >= o.minCount && pValue < o.redP ? 'red' : k >= o.minCount && pValue < o.amberP ? 'amber' : 'none';
    const changePct = scaled > 0 ? ((k - scaled) / scaled) * 100 : null;
    const change = changeLevel(changePct, k);
    const topTypes = [...types.entries()].sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, 3)
      .map(([c, count]) => ({ id: THREAT_TYPES[c]!.id, count }));
    const changeLabel = change === 'new' ? 'new: none in the baseline' : change === 'none' ? 'no incidents' : CHANGE_LEVELS.find((l) => l.id === change)!.label.toLowerCase();
    const levelText = level === 'red' ? 'red alert' : level === 'amber' ? 'amber alert' : k < o.minCount ? `no alert (fewer than ${o.minCount} incidents)` : 'no alert';
    const r = reason('earlyWarning', a.name, ': ', num(k), ' ', plural(k, 'incident', 'incidents'), ' in the last ', num(N), ' days against ', num(expected, 1),
      ' expected from the previous ', num(M), ' days (', ...pText(pValue), ') — ', levelText, '; ',
      ...(changePct === null ? [] : [signed(changePct), ' %, ']), changeLabel);
    return {
      areaId: a.id, name: a.name, kind: a.kind, recentCount: k, baselineCount: b, expected, pValue, level,
      changePct, change, incidents: Uint32Array.from(rec), topTypes, fatalities, reason: r,
    };
  });
  const rank = (l: AlertLevel) => (l === 'red' ? 0 : 1);
  const alerts = out.filter((w) => w.level !== 'none')
    .sort((x, y) => rank(x.level) - rank(y.level) || x.pValue - y.pValue || y.recentCount - x.recentCount || (x.areaId < y.areaId ? -1 : 1));
  return { asOfDay, recent, baseline, areas: out, alerts };
}
