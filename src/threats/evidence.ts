/**
 * Evidence for one threat: what the incident data, the settlements, the displacement sites
 * and the mission's presences say about a threat area, as numbers AND as sentences.
 *
 * Owns the evidence windows, the counts that matter for protection (killings, civilians
 * killed, mass killings, CRSV, abductions), the trend, the population exposed, the
 * mission's reach to the area, and the thresholds of the evidence-suggested likelihood,
 * impact and vulnerability (documented in docs/threat-scoring.md; change both together).
 *
 * Windows, as of day D (inclusive; days since 1970-01-01):
 *   recent    the last `recentDays` (30) days: D − 29 … D
 *   baseline  the `baselineDays` (90) days before that: D − 119 … D − 30
 * Trend = recent count against the baseline count scaled to the recent window's length,
 * in percent; none (null) when the baseline is empty, because "+∞ %" helps no one.
 *
 * Incidents count when they are inside the area (area.ts rule), in a window, and match the
 * threat's perpetrator (name and/or type) and threat types (empty = all), and the
 * optional mask (the analyst's other filters).
 * Reach: a presence reaches the area by a mode when its great-circle distance to the
 * area (0 from inside) is ≤ its reach for that mode + 1 mm — the inclusive rule of
 * src/analysis/withinRange.ts, so an area and the incidents in it agree on reach.
 */
import type { IncidentTable } from '../domain/incidents.ts';
import type { DisplacementSite, Presence, Settlement } from '../domain/presence.ts';
import type { MobilityModeId, PresenceTypeId, ThreatTypeId } from '../domain/taxonomy.ts';
import { MOBILITY_MODES, PERPETRATOR_TYPE_CODE, THREAT_TYPE_CODE } from '../domain/taxonomy.ts';
import type { PreparedArea } from './area.ts';
import { areaContains, distanceToAreaKm, expandedBox, prepareArea } from './area.ts';
import type { ExposureSnapshot, Level, MissionReachSnapshot, Perpetrator, Ring, Threat } from './model.ts';
import { horizonDays as horizonLength, toLevel } from './model.ts';
import type { Piece, Reason } from './text.ts';
import { num, plural, reason, signed } from './text.ts';

export interface EvidenceContext {
  incidents: IncidentTable;
  presences: readonly Presence[];
  settlements: readonly Settlement[];
  sites: readonly DisplacementSite[];
}

export interface EvidenceOptions {
  /** Last day of the evidence (inclusive). Default: the latest incident day (defaultAsOfDay). */
  asOfDay?: number;
  recentDays?: number;
  baselineDays?: number;
  /** Radius for population exposure and nearby displacement sites, km (default 10). */
  exposureKm?: number;
  /** Days ahead the likelihood refers to (default: the threat's horizon, else 90). */
  horizonDays?: number;
  /** Only incidents with mask[i] = 1 count (the analyst's other filters). */
  mask?: Uint8Array;
}

export interface EvidenceQuery {
  rings: readonly Ring[];
  perpetrator?: Perpetrator | null;
  threatTypes?: readonly ThreatTypeId[];
  linkedIncidentIds?: readonly string[];
}

export const EVIDENCE_DEFAULTS = { recentDays: 30, baselineDays: 90, exposureKm: 10, horizonDays: 90 } as const;

/**
 * Thresholds of the suggestions. Documented in docs/threat-scoring.md.
 * A mass killing is one incident with at least MASS_KILLING_MIN_FATALITIES civilians
 * killed, or any incident recorded as a massacre; CRSV_PATTERN_MIN CRSV incidents in the
 * evidence window are read as a pattern (both are mass-atrocity indicators).
 */
export const MASS_KILLING_MIN_FATALITIES = 5;
export const CRSV_PATTERN_MIN = 3;
/** Likelihood from P(at least one incident in the horizon): upper bounds for levels 1–4. */
export const LIKELIHOOD_P_BOUNDS = [0.1, 0.35, 0.65, 0.9] as const;
/** Vulnerability from settlement population within the exposure radius: lower bounds for levels 2–5. */
export const VULNERABILITY_POPULATION_BOUNDS = [1_000, 10_000, 50_000, 200_000] as const;

export interface WindowCounts {
  startDay: number;
  endDay: number;
  days: number;
  incidents: number;
  /** Incidents of type killing, summary execution or massacre. */
  killings: number;
  /** Civilians killed (sum of fatalities over all counted incidents). */
  fatalities: number;
  injured: number;
  crsv: number;
  abductions: number;
  /** Massacres and incidents with ≥ MASS_KILLING_MIN_FATALITIES killed. */
  massKillings: number;
}

export interface PresenceRef {
  id: string;
  name: string;
  type: PresenceTypeId;
  /** Great-circle km from the presence to the area (0 = inside it). */
  distanceKm: number;
}

export interface SiteRef {
  id: string;
  name: string;
  kind: DisplacementSite['kind'];
  population: number;
  distanceKm: number;
}

export interface AreaReach {
  /** Presences reaching the area, per mode, nearest first. */
  byMode: Record<MobilityModeId, PresenceRef[]>;
  nearest: PresenceRef | null;
  /** Foot before road before air: the shortest-range mode that reaches, or null. */
  bestMode: MobilityModeId | null;
  /** Reached by at least one presence by at least one mode. */
  withinReach: boolean;
}

export interface AreaExposure {
  radiusKm: number;
  /** Settlements inside the area or within radiusKm of it. */
  settlementPopulation: number;
  settlements: number;
  largestSettlement: { name: string; population: number } | null;
  sitesInside: SiteRef[];
  /** Outside the area, within radiusKm. */
  sitesNear: SiteRef[];
  displacedPopulation: number;
}

export interface MassAtrocityIndicators {
  /** Over the whole evidence window (recent + baseline). */
  massKillings: number;
  crsv: number;
  present: boolean;
}

export interface Suggestion {
  level: Level;
  why: Reason;
}

export interface ThreatEvidence {
  asOfDay: number;
  recent: WindowCounts;
  baseline: WindowCounts;
  trend: {
    /** Baseline counts scaled to the recent window's length. */
    expectedIncidents: number;
    expectedKillings: number;
    incidentsPct: number | null;
    killingsPct: number | null;
  };
  /** Indices of the counted incidents (both windows), table order. */
  incidents: Uint32Array;
  /** Linked incidents found in the table, and how many of them the area/window/filter did not count. */
  linked: { found: number; missing: number; notCounted: number; indices: Uint32Array };
  massAtrocity: MassAtrocityIndicators;
  exposure: AreaExposure;
  reach: AreaReach;
  suggested: { likelihood: Suggestion; impact: Suggestion; vulnerability: Suggestion; horizonDays: number; expectedInHorizon: number; probabilityInHorizon: number };
  /** The evidence in words, each with its numbers. */
  reasons: Reason[];
}

const MODE_IDS: readonly MobilityModeId[] = MOBILITY_MODES.map((m) => m.id);
const LIFE = new Set([THREAT_TYPE_CODE.killing, THREAT_TYPE_CODE.summary_execution, THREAT_TYPE_CODE.massacre]);
const CRSV = THREAT_TYPE_CODE.crsv;
const ABDUCTION = THREAT_TYPE_CODE.abduction;
const MASSACRE = THREAT_TYPE_CODE.massacre;
/** Types that harm physical integrity or freedom (impact level 2 and up). */
const HARM_TYPES = new Set<number>([
  'assault', 'torture', 'abduction', 'crsv', 'child_recruitment', 'forced_displacement', 'arbitrary_detention',
  'enforced_disappearance', 'forced_labour', 'explosive_ordnance',
].map((t) => THREAT_TYPE_CODE[t as ThreatTypeId]));

/** The latest incident day (the usual "as of" for evidence); NaN for an empty table. */
export function defaultAsOfDay(t: IncidentTable): number {
  let m = -Infinity;
  for (let i = 0; i < t.length; i++) if (t.day[i]! > m) m = t.day[i]!;
  return Number.isFinite(m) ? m : Number.NaN;
}

export function normaliseName(s: string): string {
  return s.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Lookup (by code) of the perpetrator names that match, or null for "any name". */
export function perpetratorNameCodes(t: IncidentTable, name: string | null | undefined): Uint8Array | null {
  if (!name || !name.trim()) return null;
  const want = normaliseName(name);
  const out = new Uint8Array(Math.max(1, t.strings.perpetrators.length));
  t.strings.perpetrators.forEach((p, c) => { if (normaliseName(p) === want) out[c] = 1; });
  return out;
}

function emptyCounts(startDay: number, endDay: number): WindowCounts {
  return { startDay, endDay, days: endDay - startDay + 1, incidents: 0, killings: 0, fatalities: 0, injured: 0, crsv: 0, abductions: 0, massKillings: 0 };
}

function addIncident(c: WindowCounts, t: IncidentTable, i: number): void {
  const type = t.threatType[i]!, f = t.fatalities[i]!;
  c.incidents++;
  if (LIFE.has(type)) c.killings++;
  c.fatalities += f;
  c.injured += t.injured[i]!;
  if (type === CRSV) c.crsv++;
  if (type === ABDUCTION) c.abductions++;
  if (type === MASSACRE || f >= MASS_KILLING_MIN_FATALITIES) c.massKillings++;
}

function pct(recent: number, expected: number): number | null {
  return expected > 0 ? ((recent - expected) / expected) * 100 : null;
}

/** Which presences reach a prepared area, by mode; the nearest presence. */
export function areaReach(area: PreparedArea, presences: readonly Presence[], toleranceKm = 1e-6): AreaReach {
  const byMode = Object.fromEntries(MODE_IDS.map((m) => [m, [] as PresenceRef[]])) as Record<MobilityModeId, PresenceRef[]>;
  let nearest: PresenceRef | null = null;
  for (const p of presences) {
    const d = distanceToAreaKm(area, p.lon, p.lat);
    if (!Number.isFinite(d)) continue;
    const ref: PresenceRef = { id: p.id, name: p.name, type: p.type, distanceKm: d };
    if (!nearest || d < nearest.distanceKm) nearest = ref;
    for (const m of MODE_IDS) {
      const r = p.reachKm[m];
      if (r > 0 && d <= r + toleranceKm) byMode[m].push(ref);
    }
  }
  for (const m of MODE_IDS) byMode[m].sort((a, b) => a.distanceKm - b.distanceKm || (a.id < b.id ? -1 : 1));
  const bestMode = MODE_IDS.find((m) => byMode[m].length > 0) ?? null;
  return { byMode, nearest, bestMode, withinReach: bestMode !== null };
}

/** Settlement population and displacement sites inside or within `radiusKm` of a prepared area. */
export function areaExposure(area: PreparedArea, settlements: readonly Settlement[], sites: readonly DisplacementSite[], radiusKm: number): AreaExposure {
  const box = expandedBox(area, radiusKm);
  const near = (lon: number, lat: number): number => {
    if (!(lat >= box.minY && lat <= box.maxY && lon >= box.minX && lon <= box.maxX)) return Infinity;
    return distanceToAreaKm(area, lon, lat);
  };
  let population = 0, count = 0;
  let largest: { name: string; population: number } | null = null;
  for (const s of settlements) {
    if (!(near(s.lon, s.lat) <= radiusKm)) continue;
    const pop = Number.isFinite(s.population) && s.population > 0 ? s.population : 0;
    population += pop;
    count++;
    if (!largest || pop > largest.population) largest = { name: s.name, population: pop };
  }
  const sitesInside: SiteRef[] = [], sitesNear: SiteRef[] = [];
  let displaced = 0;
  for (const s of sites) {
    const d = near(s.lon, s.lat);
    if (!(d <= radiusKm)) continue;
    const ref: SiteRef = { id: s.id, name: s.name, kind: s.kind, population: s.population > 0 ? s.population : 0, distanceKm: d };
    (d === 0 ? sitesInside : sitesNear).push(ref);
    displaced += ref.population;
  }
  sitesNear.sort((a, b) => a.distanceKm - b.distanceKm);
  return { radiusKm, settlementPopulation: population, settlements: count, largestSettlement: largest, sitesInside, sitesNear, displacedPopulation: displaced };
}

// ----- suggestions ---------------------------------------------------------------------

const civilians = (n: number) => plural(n, 'civilian', 'civilians');

/**
 * Likelihood: the daily rate is the HIGHER of the recent and the baseline rate (a quiet
 * month does not talk a threat down), the expected count in the horizon is rate × days,
 * and P(at least one) = 1 − e^(−expected) is banded by LIKELIHOOD_P_BOUNDS.
 */
export function suggestLikelihood(recent: WindowCounts, baseline: WindowCounts, horizonDays: number): { level: Level; expected: number; probability: number; why: Reason } {
  const rate = Math.max(recent.incidents / recent.days, baseline.days > 0 ? baseline.incidents / baseline.days : 0);
  const expected = rate * Math.max(0, horizonDays);
  const probability = 1 - Math.exp(-expected);
  let level = 5;
  for (let k = 0; k < LIKELIHOOD_P_BOUNDS.length; k++) if (probability < LIKELIHOOD_P_BOUNDS[k]!) { level = k + 1; break; }
  const why = reason('likelihood', 'Evidence suggests likelihood ', num(level), ': ', num(expected, 1), ' incidents expected in the next ',
    num(horizonDays), ' days at the current rate (', num(probability * 100), ' % chance of at least one)');
  return { level: level as Level, expected, probability, why };
}

/**
 * Impact, over the whole evidence window, mass-atrocity indicators first:
 *   5  a mass killing (massacre, or ≥ 5 killed in one incident), or ≥ 25 civilians killed
 *   4  ≥ 3 killings, or ≥ 10 civilians killed, or ≥ 3 CRSV incidents
 *   3  any killing, civilian killed, CRSV or abduction, or ≥ 5 injured
 *   2  any other harm to physical integrity or freedom, or explosive ordnance
 *   1  otherwise (property, intimidation, or nothing recorded)
 */
export function suggestImpact(total: WindowCounts, harmIncidents: number): { level: Level; why: Reason } {
  const d = total.days;
  if (total.massKillings > 0 || total.fatalities >= 25) {
    return { level: 5, why: reason('impact', 'Evidence suggests impact ', num(5), ': ', num(total.massKillings), ' mass ', plural(total.massKillings, 'killing', 'killings'), ' and ', num(total.fatalities), ' ', civilians(total.fatalities), ' killed in ', num(d), ' days') };
  }
  if (total.killings >= 3 || total.fatalities >= 10 || total.crsv >= CRSV_PATTERN_MIN) {
    return { level: 4, why: reason('impact', 'Evidence suggests impact ', num(4), ': ', num(total.killings), ' ', plural(total.killings, 'killing', 'killings'), ', ', num(total.fatalities), ' ', civilians(total.fatalities), ' killed, ', num(total.crsv), ' CRSV ', plural(total.crsv, 'incident', 'incidents'), ' in ', num(d), ' days') };
  }
  if (total.killings > 0 || total.fatalities > 0 || total.crsv > 0 || total.abductions > 0 || total.injured >= 5) {
    return { level: 3, why: reason('impact', 'Evidence suggests impact ', num(3), ': ', num(total.killings), ' ', plural(total.killings, 'killing', 'killings'), ', ', num(total.crsv), ' CRSV, ', num(total.abductions), ' ', plural(total.abductions, 'abduction', 'abductions'), ', ', num(total.injured), ' injured in ', num(d), ' days') };
  }
  if (harmIncidents > 0) {
    return { level: 2, why: reason('impact', 'Evidence suggests impact ', num(2), ': ', num(harmIncidents), ' ', plural(harmIncidents, 'incident', 'incidents'), ' of violence or coercion, no killing, in ', num(d), ' days') };
  }
  return { level: 1, why: reason('impact', 'Evidence suggests impact ', num(1), ': no killing, injury or physical violence recorded in ', num(d), ' days') };
}

/** Vulnerability: population within the radius, banded; +1 when displaced people shelter inside or near. */
export function suggestVulnerability(exposure: AreaExposure): { level: Level; why: Reason } {
  let level = 1;
  for (const b of VULNERABILITY_POPULATION_BOUNDS) if (exposure.settlementPopulation >= b) level++;
  const sites = exposure.sitesInside.length + exposure.sitesNear.length;
  if (sites > 0) level = Math.min(5, level + 1);
  const why = sites > 0
    ? reason('vulnerability', 'Evidence suggests vulnerability ', num(level), ': ', num(exposure.settlementPopulation), ' people in settlements and ', num(sites), ' displacement ', plural(sites, 'site', 'sites'), ' within ', num(exposure.radiusKm), ' km')
    : reason('vulnerability', 'Evidence suggests vulnerability ', num(level), ': ', num(exposure.settlementPopulation), ' people in settlements within ', num(exposure.radiusKm), ' km, no displacement site');
  return { level: toLevel(level), why };
}

// ----- sentences ----------------------------------------------------------------------

function activityReason(recent: WindowCounts, baseline: WindowCounts, trend: ThreatEvidence['trend']): Reason {
  const useKillings = recent.killings > 0;
  const n = useKillings ? recent.killings : recent.incidents;
  const noun = useKillings ? plural(n, 'killing', 'killings') : plural(n, 'incident', 'incidents');
  const p = useKillings ? trend.killingsPct : trend.incidentsPct;
  const killed: Piece[] = recent.fatalities > 0 ? [' (', num(recent.fatalities), ' ', civilians(recent.fatalities), ' killed)'] : [];
  if (n === 0) {
    return reason('activity', 'No incidents in ', num(recent.days), ' days (', num(baseline.incidents), ' in the ', num(baseline.days), ' days before)');
  }
  if (p === null) {
    return reason('activity', num(n), ' ', noun, ' in ', num(recent.days), ' days, none in the ', num(baseline.days), '-day baseline', ...killed);
  }
  return reason('activity', num(n), ' ', noun, ' in ', num(recent.days), ' days, ', signed(p), ' % on the ', num(baseline.days), '-day baseline', ...killed);
}

function atrocityReason(m: MassAtrocityIndicators, days: number): Reason | null {
  if (!m.present) return null;
  return reason('atrocity', 'Mass-atrocity indicators: ', num(m.massKillings), ' mass ', plural(m.massKillings, 'killing', 'killings'), ' and ', num(m.crsv), ' CRSV ', plural(m.crsv, 'incident', 'incidents'), ' in ', num(days), ' days');
}

function exposureReason(e: AreaExposure): Reason {
  const sites = e.sitesInside.length + e.sitesNear.length;
  if (sites === 0) return reason('exposure', num(e.settlementPopulation), ' people in settlements within ', num(e.radiusKm), ' km');
  return reason('exposure', num(e.settlementPopulation), ' people in settlements within ', num(e.radiusKm), ' km; ', num(sites), ' displacement ', plural(sites, 'site', 'sites'), ' (', num(e.displacedPopulation), ' people) inside or within ', num(e.radiusKm), ' km');
}

/** Distances: one decimal under 10 km, whole km above (as read on a map). */
export function kmDigits(km: number): number {
  return km < 10 ? 1 : 0;
}

export function reachReason(r: AreaReach): Reason {
  if (!r.nearest) return reason('reach', 'No mission presence recorded');
  const head: Piece[] = r.nearest.distanceKm === 0
    ? ['A presence inside the area (', r.nearest.name, ')']
    : ['Nearest presence ', num(r.nearest.distanceKm, kmDigits(r.nearest.distanceKm)), ' km (', r.nearest.name, ')'];
  if (r.bestMode === 'foot') return reason('reach', ...head, ' — within foot reach of ', num(r.byMode.foot.length), ' ', plural(r.byMode.foot.length, 'presence', 'presences'));
  if (r.bestMode === 'road') return reason('reach', ...head, ' — within road reach of ', num(r.byMode.road.length), ' ', plural(r.byMode.road.length, 'presence', 'presences'));
  if (r.bestMode === 'air') return reason('reach', ...head, ' — beyond road reach; within air reach of ', num(r.byMode.air.length), ' ', plural(r.byMode.air.length, 'presence', 'presences'));
  return reason('reach', ...head, ' — beyond road and air reach of every presence');
}

// ----- the evidence ---------------------------------------------------------------------

export function threatEvidence(ctx: EvidenceContext, query: EvidenceQuery, options: EvidenceOptions = {}): ThreatEvidence {
  const t = ctx.incidents;
  const asOfDay = options.asOfDay ?? defaultAsOfDay(t);
  const recentDays = Math.max(1, Math.floor(options.recentDays ?? EVIDENCE_DEFAULTS.recentDays));
  const baselineDays = Math.max(1, Math.floor(options.baselineDays ?? EVIDENCE_DEFAULTS.baselineDays));
  const exposureKm = Math.max(0, options.exposureKm ?? EVIDENCE_DEFAULTS.exposureKm);
  const hDays = Math.max(0, options.horizonDays ?? EVIDENCE_DEFAULTS.horizonDays);
  const area = prepareArea(query.rings);

  const recent = emptyCounts(asOfDay - recentDays + 1, asOfDay);
  const baseline = emptyCounts(asOfDay - recentDays - baselineDays + 1, asOfDay - recentDays);
  const firstDay = baseline.startDay;
  const names = perpetratorNameCodes(t, query.perpetrator?.name);
  const ptype = query.perpetrator?.type ? PERPETRATOR_TYPE_CODE[query.perpetrator.type] : -1;
  const types = query.threatTypes?.length ? new Uint8Array(256) : null;
  if (types) for (const id of query.threatTypes!) types[THREAT_TYPE_CODE[id]] = 1;
  const mask = options.mask && options.mask.length === t.length ? options.mask : null;

  // Marks only needed to tell which linked incidents the evidence did not count.
  const counted = query.linkedIncidentIds?.length ? new Uint8Array(t.length) : null;
  const picked: number[] = [];
  let harm = 0;
  for (let i = 0; i < t.length; i++) {
    const day = t.day[i]!;
    if (day < firstDay || day > asOfDay) continue;
    if (mask && !mask[i]) continue;
    if (ptype >= 0 && t.perpetratorType[i] !== ptype) continue;
    if (names && !names[t.perpetrator[i]!]) continue;
    if (types && !types[t.threatType[i]!]) continue;
    if (!areaContains(area, t.lon[i]!, t.lat[i]!)) continue;
    if (counted) counted[i] = 1;
    picked.push(i);
    addIncident(day >= recent.startDay ? recent : baseline, t, i);
    if (HARM_TYPES.has(t.threatType[i]!)) harm++;
  }

  const scale = recentDays / baselineDays;
  const expectedIncidents = baseline.incidents * scale, expectedKillings = baseline.killings * scale;
  const trend = {
    expectedIncidents, expectedKillings,
    incidentsPct: pct(recent.incidents, expectedIncidents),
    killingsPct: pct(recent.killings, expectedKillings),
  };
  const total = emptyCounts(baseline.startDay, recent.endDay);
  for (const k of ['incidents', 'killings', 'fatalities', 'injured', 'crsv', 'abductions', 'massKillings'] as const) total[k] = recent[k] + baseline[k];
  const massAtrocity: MassAtrocityIndicators = {
    massKillings: total.massKillings, crsv: total.crsv,
    present: total.massKillings > 0 || total.crsv >= CRSV_PATTERN_MIN,
  };

  // Linked incidents (ids chosen on the map): found, and whether the evidence counted them.
  const linkedIdx: number[] = [];
  let missing = 0, notCounted = 0;
  if (query.linkedIncidentIds?.length) {
    const want = new Set(query.linkedIncidentIds);
    const seen = new Set<string>();
    for (let i = 0; i < t.length; i++) {
      const id = t.ids[i]!;
      if (want.has(id) && !seen.has(id)) { seen.add(id); linkedIdx.push(i); if (!counted![i]) notCounted++; }
    }
    missing = want.size - seen.size;
  }

  const exposure = areaExposure(area, ctx.settlements, ctx.sites, exposureKm);
  const reach = areaReach(area, ctx.presences);
  const lk = suggestLikelihood(recent, baseline, hDays);
  const im = suggestImpact(total, harm);
  const vu = suggestVulnerability(exposure);

  const reasons: Reason[] = [activityReason(recent, baseline, trend)];
  const atro = atrocityReason(massAtrocity, total.days);
  if (atro) reasons.push(atro);
  reasons.push(exposureReason(exposure), reachReason(reach));
  if (linkedIdx.length || missing) {
    reasons.push(reason('linked', num(linkedIdx.length), ' linked ', plural(linkedIdx.length, 'incident', 'incidents'), ', ', num(notCounted), ' outside the area, period or filter; ', num(missing), ' not in the loaded data'));
  }
  return {
    asOfDay, recent, baseline, trend,
    incidents: Uint32Array.from(picked),
    linked: { found: linkedIdx.length, missing, notCounted, indices: Uint32Array.from(linkedIdx) },
    massAtrocity, exposure, reach,
    suggested: {
      likelihood: { level: lk.level, why: lk.why }, impact: im, vulnerability: vu,
      horizonDays: hDays, expectedInHorizon: lk.expected, probabilityInHorizon: lk.probability,
    },
    reasons,
  };
}

/** Evidence for a threat in the register (its area, perpetrator, types, horizon and linked incidents). */
export function evidenceForThreat(ctx: EvidenceContext, threat: Threat, options: EvidenceOptions = {}): ThreatEvidence {
  const h = horizonLength(threat.timeHorizon);
  return threatEvidence(ctx, {
    rings: threat.area.rings, perpetrator: threat.perpetrator, threatTypes: threat.threatTypes,
    linkedIncidentIds: threat.evidenceIncidentIds,
  }, { ...options, horizonDays: options.horizonDays ?? (h > 0 ? h : EVIDENCE_DEFAULTS.horizonDays) });
}

export function reachSnapshot(r: AreaReach): MissionReachSnapshot {
  return {
    byMode: Object.fromEntries(MODE_IDS.map((m) => [m, r.byMode[m].map((p) => p.id)])) as Record<MobilityModeId, string[]>,
    nearestPresenceId: r.nearest?.id ?? null,
    nearestPresenceName: r.nearest?.name ?? null,
    nearestKm: r.nearest ? r.nearest.distanceKm : null,
    bestMode: r.bestMode,
  };
}

export function exposureSnapshot(e: AreaExposure): ExposureSnapshot {
  return {
    radiusKm: e.radiusKm, settlementPopulation: e.settlementPopulation, settlements: e.settlements,
    displacementSitesInside: e.sitesInside.length, displacementSitesNear: e.sitesNear.length, displacedPopulation: e.displacedPopulation,
  };
}

/**
 * Store the evidence's suggestions, reach and exposure on the threat (the computed fields).
 * `updatedAt` is NOT changed: it records the analyst's last edit, not a recomputation.
 */
export function refreshThreat(threat: Threat, e: ThreatEvidence): Threat {
  return {
    ...threat,
    suggested: { likelihood: e.suggested.likelihood.level, impact: e.suggested.impact.level, vulnerability: e.suggested.vulnerability.level, asOfDay: e.asOfDay },
    missionReach: reachSnapshot(e.reach),
    exposure: exposureSnapshot(e.exposure),
  };
}
