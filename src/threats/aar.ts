/**
 * After-action review triggers: civilians killed or harmed close to a mission presence
 * (policy para 87: an inquiry or after-action review must follow).
 *
 * Owns the trigger rule, its defaults and the CSV export of the list.
 *
 * Rule: an incident triggers when
 *   - civilians were killed (fatalities > 0) or injured (injured > 0), or — with
 *     `includePhysicalViolence` (default on, because para 87 covers physical and sexual
 *     violence, whose records often carry no casualty count) — its type is killing,
 *     summary execution, massacre, assault, torture or CRSV; and
 *   - some presence lies within that presence type's trigger distance (default 10 km
 *     for every type; great-circle km, boundary inclusive + 1 mm as in withinRange).
 * Location precision is respected, never used to drop an incident:
 *   - exact / near (the `triggerPrecisions`): "review required";
 *   - admin2 / admin1 / country: the recorded point is a centroid, so the incident is
 *     tested with the trigger distance PLUS the precision's uncertainty (default admin2
 *     25 km, admin1 100 km, country: any distance) and listed apart as "possible,
 *     location imprecise".
 * Each triggering incident is listed once, with its nearest triggering presence and the
 * number of other presences also within their distance. Incidents attributed to the
 * mission or partnered forces are marked (own harm is never hidden).
 *
 * Speed: the qualifying incidents go into a k-d tree (kdbush); each presence queries the
 * lon/lat box of its circle (split at the antimeridian), then the exact great-circle test
 * decides. Tested against brute force over every incident × presence pair.
 */
import KDBush from 'kdbush';
import type { IncidentTable } from '../domain/incidents.ts';
import { isoFromDay } from '../domain/incidents.ts';
import { EARTH_RADIUS_KM, distanceKm } from '../domain/geo.ts';
import type { Presence } from '../domain/presence.ts';
import type { LocationPrecisionId, PerpetratorTypeId, PresenceTypeId, ThreatTypeId } from '../domain/taxonomy.ts';
import { LOCATION_PRECISIONS, PERPETRATOR_TYPES, PERPETRATOR_TYPE_CODE, PRESENCE_TYPES, THREAT_TYPES, THREAT_TYPE_CODE } from '../domain/taxonomy.ts';
import { safeTextCell } from '../io/incidentsCsv.ts';

export interface AarOptions {
  /** Trigger distance per presence type, km (missing types: `defaultDistanceKm`). */
  distanceKm?: Partial<Record<PresenceTypeId, number>>;
  defaultDistanceKm?: number;
  /** Precisions that trigger "review required" (default exact and near). */
  triggerPrecisions?: readonly LocationPrecisionId[];
  /** Extra distance for the other precisions (Infinity = any distance). */
  uncertaintyKm?: Partial<Record<LocationPrecisionId, number>>;
  includePhysicalViolence?: boolean;
  /** Inclusive day range; default all. */
  period?: { startDay: number; endDay: number };
  mask?: Uint8Array;
  /** Boundary tolerance, km (default 1e-6, as withinRange). */
  toleranceKm?: number;
}

export const AAR_DEFAULTS = {
  defaultDistanceKm: 10,
  triggerPrecisions: ['exact', 'near'] as readonly LocationPrecisionId[],
  uncertaintyKm: { exact: 0, near: 0, admin2: 25, admin1: 100, country: Infinity } as Readonly<Record<LocationPrecisionId, number>>,
  includePhysicalViolence: true,
  toleranceKm: 1e-6,
};

/** Types that are physical violence against a person (para 87), counted even without casualties. */
export const PHYSICAL_VIOLENCE_TYPES: readonly ThreatTypeId[] = ['killing', 'summary_execution', 'massacre', 'assault', 'torture', 'crsv'];

export type AarStatus = 'review_required' | 'possible_location_imprecise';

export interface AarTrigger {
  status: AarStatus;
  /** Row in the incident table. */
  index: number;
  incidentId: string;
  date: string;
  day: number;
  locationPrecision: LocationPrecisionId;
  threatType: ThreatTypeId;
  perpetratorType: PerpetratorTypeId;
  perpetrator: string;
  /** Attributed to the mission or partnered forces. */
  ownHarm: boolean;
  killed: number;
  injured: number;
  presenceId: string;
  presenceName: string;
  presenceType: PresenceTypeId;
  distanceKm: number;
  /** The distance limit that applied (trigger distance + location uncertainty). */
  limitKm: number;
  /** Other presences also within their limit of this incident. */
  otherPresences: number;
}

export interface AarResult {
  reviewRequired: AarTrigger[];
  possible: AarTrigger[];
  /** The rule actually applied (for the list header and the export). */
  rule: { distanceKm: Record<PresenceTypeId, number>; triggerPrecisions: LocationPrecisionId[]; uncertaintyKm: Record<LocationPrecisionId, number>; includePhysicalViolence: boolean };
}

const RAD = Math.PI / 180;

function resolve(options: AarOptions): AarResult['rule'] & { toleranceKm: number } {
  const def = options.defaultDistanceKm ?? AAR_DEFAULTS.defaultDistanceKm;
  const distance = Object.fromEntries(PRESENCE_TYPES.map((p) => {
    const v = options.distanceKm?.[p.id];
    return [p.id, v !== undefined && v >= 0 ? v : def];
  })) as Record<PresenceTypeId, number>;
  const triggerPrecisions = [...(options.triggerPrecisions ?? AAR_DEFAULTS.triggerPrecisions)];
  const uncertaintyKm = Object.fromEntries(LOCATION_PRECISIONS.map((l) => {
    const v = options.uncertaintyKm?.[l.id];
    return [l.id, triggerPrecisions.includes(l.id) ? 0 : v !== undefined && v >= 0 ? v : AAR_DEFAULTS.uncertaintyKm[l.id]];
  })) as Record<LocationPrecisionId, number>;
  return { distanceKm: distance, triggerPrecisions, uncertaintyKm, includePhysicalViolence: options.includePhysicalViolence ?? AAR_DEFAULTS.includePhysicalViolence, toleranceKm: options.toleranceKm ?? AAR_DEFAULTS.toleranceKm };
}

/** Does incident i qualify on harm, period and mask (before any distance test)? */
function qualifies(t: IncidentTable, i: number, violence: Uint8Array | null, options: AarOptions): boolean {
  const d = t.day[i]!;
  if (options.period && (d < options.period.startDay || d > options.period.endDay)) return false;
  if (options.mask && options.mask.length === t.length && !options.mask[i]) return false;
  return t.fatalities[i]! > 0 || t.injured[i]! > 0 || (violence !== null && violence[t.threatType[i]!] === 1);
}

/** Lon ranges of a circle's bounding box, split at the antimeridian. */
function lonRanges(lon: number, lat: number, km: number): { minLat: number; maxLat: number; ranges: [number, number][] } {
  const ang = km / EARTH_RADIUS_KM;
  const dLat = ang / RAD + 1e-7;
  const minLat = lat - dLat, maxLat = lat + dLat;
  const s = Math.sin(ang) / Math.cos(lat * RAD);
  if (ang >= Math.PI / 2 || maxLat >= 90 || minLat <= -90 || !(Math.abs(s) < 1)) return { minLat, maxLat, ranges: [[-180, 180]] };
  const dLon = Math.asin(s) / RAD + 1e-7;
  const lo = lon - dLon, hi = lon + dLon;
  const ranges: [number, number][] = [[Math.max(-180, lo), Math.min(180, hi)]];
  if (lo < -180) ranges.push([lo + 360, 180]);
  if (hi > 180) ranges.push([-180, hi - 360]);
  return { minLat, maxLat, ranges };
}

export function aarTriggers(t: IncidentTable, presences: readonly Presence[], options: AarOptions = {}): AarResult {
  const rule = resolve(options);
  const violence = rule.includePhysicalViolence ? new Uint8Array(256) : null;
  if (violence) for (const id of PHYSICAL_VIOLENCE_TYPES) violence[THREAT_TYPE_CODE[id]] = 1;
  const precisionIds = LOCATION_PRECISIONS.map((l) => l.id);
  const uncByCode = Float64Array.from(precisionIds, (id) => rule.uncertaintyKm[id]);

  // Qualifying incidents, grouped by location precision: each group gets its own k-d tree
  // queried with its own radius (trigger + that precision's uncertainty), so imprecise
  // incidents do not widen the search for the precise ones. Groups with an infinite
  // radius (country level, by default) are matched by a plain scan over the presences.
  const groups: number[][] = precisionIds.map(() => []);
  for (let i = 0; i < t.length; i++) {
    if (!Number.isFinite(t.lon[i]!) || !Number.isFinite(t.lat[i]!)) continue;
    if (!qualifies(t, i, violence, options)) continue;
    groups[t.locationPrecision[i]!]?.push(i);
  }

  const bestP = new Map<number, number>();
  const bestD = new Map<number, number>();
  const bestLimit = new Map<number, number>();
  const within = new Map<number, number>();
  const consider = (i: number, p: number, d: number, limit: number) => {
    if (!(d <= limit + rule.toleranceKm)) return;
    within.set(i, (within.get(i) ?? 0) + 1);
    const bd = bestD.get(i);
    if (bd === undefined || d < bd || (d === bd && p < bestP.get(i)!)) { bestD.set(i, d); bestP.set(i, p); bestLimit.set(i, limit); }
  };

  groups.forEach((members, code) => {
    if (!members.length || !presences.length) return;
    const unc = uncByCode[code]!;
    if (!Number.isFinite(unc)) {
      for (const i of members) {
        presences.forEach((pr, p) => {
          if (Number.isFinite(pr.lon) && Number.isFinite(pr.lat)) consider(i, p, distanceKm(pr.lon, pr.lat, t.lon[i]!, t.lat[i]!), Infinity);
        });
      }
      return;
    }
    const index = new KDBush(members.length);
    for (const i of members) index.add(t.lon[i]!, t.lat[i]!);
    index.finish();
    presences.forEach((pr, p) => {
      if (!Number.isFinite(pr.lon) || !Number.isFinite(pr.lat)) return;
      const limit = rule.distanceKm[pr.type] + unc;
      const { minLat, maxLat, ranges } = lonRanges(pr.lon, pr.lat, limit + rule.toleranceKm);
      const seen = ranges.length > 1 ? new Set<number>() : null;
      for (const [x0, x1] of ranges) {
        for (const k of index.range(x0, minLat, x1, maxLat)) {
          if (seen) { if (seen.has(k)) continue; seen.add(k); }
          const i = members[k]!;
          consider(i, p, distanceKm(pr.lon, pr.lat, t.lon[i]!, t.lat[i]!), limit);
        }
      }
    });
  });

  const reviewRequired: AarTrigger[] = [], possible: AarTrigger[] = [];
  const precise = new Set(rule.triggerPrecisions);
  for (const [i, p] of bestP) {
    const pr = presences[p]!;
    const locationPrecision = LOCATION_PRECISIONS[t.locationPrecision[i]!]!.id;
    const perpetratorType = PERPETRATOR_TYPES[t.perpetratorType[i]!]!.id;
    const row: AarTrigger = {
      status: precise.has(locationPrecision) ? 'review_required' : 'possible_location_imprecise',
      index: i, incidentId: t.ids[i]!, date: isoFromDay(t.day[i]!), day: t.day[i]!,
      locationPrecision, threatType: THREAT_TYPES[t.threatType[i]!]!.id, perpetratorType,
      perpetrator: t.strings.perpetrators[t.perpetrator[i]!] ?? '',
      ownHarm: t.perpetratorType[i] === PERPETRATOR_TYPE_CODE.mission_or_partner,
      killed: t.fatalities[i]!, injured: t.injured[i]!,
      presenceId: pr.id, presenceName: pr.name, presenceType: pr.type,
      distanceKm: bestD.get(i)!, limitKm: bestLimit.get(i)!, otherPresences: within.get(i)! - 1,
    };
    (row.status === 'review_required' ? reviewRequired : possible).push(row);
  }
  // Most recent first; then closest; then incident row (stable).
  const order = (a: AarTrigger, b: AarTrigger) => b.day - a.day || a.distanceKm - b.distanceKm || a.index - b.index;
  reviewRequired.sort(order);
  possible.sort(order);
  return {
    reviewRequired, possible,
    rule: { distanceKm: rule.distanceKm, triggerPrecisions: rule.triggerPrecisions, uncertaintyKm: rule.uncertaintyKm, includePhysicalViolence: rule.includePhysicalViolence },
  };
}

export const AAR_CSV_COLUMNS = [
  'status', 'incident_id', 'date', 'location_precision', 'threat_type', 'perpetrator_type', 'perpetrator', 'own_harm',
  'killed', 'injured', 'presence_id', 'presence_name', 'presence_type', 'distance_km', 'limit_km', 'other_presences_within',
] as const;

function quote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The triggers as CSV rows (review required first, then possible). Text cells go through
 * safeTextCell (no spreadsheet formulas). Descriptions and sources are never exported:
 * the review is opened from the incident id inside the workspace (do no harm).
 */
export function aarToCsv(result: AarResult): string {
  const lines: string[] = [AAR_CSV_COLUMNS.join(',')];
  for (const r of [...result.reviewRequired, ...result.possible]) {
    const cells: string[] = [
      r.status === 'review_required' ? 'review required' : 'possible, location imprecise',
      safeTextCell(r.incidentId), r.date, r.locationPrecision, r.threatType, r.perpetratorType, safeTextCell(r.perpetrator),
      r.ownHarm ? 'yes' : 'no', String(r.killed), String(r.injured), safeTextCell(r.presenceId), safeTextCell(r.presenceName), r.presenceType,
      r.distanceKm.toFixed(2), Number.isFinite(r.limitKm) ? r.limitKm.toFixed(2) : 'any', String(r.otherPresences),
    ];
    lines.push(cells.map(quote).join(','));
  }
  return lines.join('\n') + '\n';
}
