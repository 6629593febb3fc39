/**
 * The threat register's data model: what one threat to civilians is, as the analyst records
 * it (policy: threats are assessed, prioritised and reviewed; the register is their record).
 *
 * Owns the Threat type, its vocabulary (phases, tiers, status, host-state presence), the
 * factory for new threats and the validator used when a stored workspace is loaded.
 *
 * Every value is plain JSON (strings, numbers, booleans, arrays, objects; no typed arrays,
 * no Dates, no undefined that matters): a threat is stored in the IndexedDB workspace and
 * exported as a file, never put in the URL (it may name perpetrators and places).
 *
 * Analyst's judgement and computed evidence sit side by side and are never mixed:
 * `likelihood` / `impact` / `vulnerability.level` are the analyst's; `suggested`,
 * `missionReach` and `exposure` are snapshots of the last evidence computation
 * (refreshThreat in evidence.ts), kept so the register can be listed and printed without
 * recomputing and so a change in the evidence is visible against the choice.
 */
import type { MobilityModeId, PerpetratorTypeId, ThreatTypeId } from '../domain/taxonomy.ts';
import { PERPETRATOR_TYPES, THREAT_TYPES } from '../domain/taxonomy.ts';

/** Version of the stored shape; bump and migrate in parseThreat when it changes. */
export const THREAT_SCHEMA_VERSION = 1;

/** 1 (lowest) to 5 (highest): the usual likelihood / impact / vulnerability scale. */
export type Level = 1 | 2 | 3 | 4 | 5;
export const LEVELS: readonly Level[] = [1, 2, 3, 4, 5];

export const LIKELIHOOD_LABELS: Readonly<Record<Level, string>> = {
  1: 'Rare', 2: 'Unlikely', 3: 'Possible', 4: 'Likely', 5: 'Almost certain',
};
export const IMPACT_LABELS: Readonly<Record<Level, string>> = {
  1: 'Limited', 2: 'Minor', 3: 'Moderate', 4: 'Major', 5: 'Severe (mass atrocity)',
};
export const VULNERABILITY_LABELS: Readonly<Record<Level, string>> = {
  1: 'Very low', 2: 'Low', 3: 'Moderate', 4: 'High', 5: 'Very high',
};

/** The four phases an area can be in; different areas of one mission differ at once. */
export const PHASES = [
  { id: 'prevention', label: 'Prevention', hint: 'no clear threat identified' },
  { id: 'pre_emption', label: 'Pre-emption', hint: 'threat likely, attack anticipated' },
  { id: 'response', label: 'Response', hint: 'violence imminent or occurring' },
  { id: 'consolidation', label: 'Consolidation', hint: 'violence subsiding' },
] as const;
export type PhaseId = (typeof PHASES)[number]['id'];

/** The three tiers of POC action; no hierarchy, they run together. */
export const TIERS = [
  { id: 'I', label: 'Tier I — dialogue and engagement' },
  { id: 'II', label: 'Tier II — physical protection' },
  { id: 'III', label: 'Tier III — protective environment' },
] as const;
export type TierId = (typeof TIERS)[number]['id'];

export const THREAT_STATUSES = ['draft', 'active', 'archived'] as const;
export type ThreatStatus = (typeof THREAT_STATUSES)[number];

/** The analyst's judgement of the host state's own protective presence in the area. */
export const HOST_STATE_PRESENCE = [
  { id: 'none', label: 'None' },
  { id: 'limited', label: 'Limited' },
  { id: 'adequate', label: 'Adequate' },
] as const;
export type HostStatePresence = (typeof HOST_STATE_PRESENCE)[number]['id'];

/** Groups the analyst can record as particularly at risk (shown in the threat card). */
export const GROUPS_AT_RISK = [
  { id: 'displaced', label: 'Displaced people' },
  { id: 'women_girls', label: 'Women and girls' },
  { id: 'children', label: 'Children' },
  { id: 'minority', label: 'Ethnic, religious or minority group' },
  { id: 'older_disabled', label: 'Older people, people with disabilities' },
] as const;
export type GroupAtRiskId = (typeof GROUPS_AT_RISK)[number]['id'];

/** [lon, lat], WGS84 degrees. */
export type LonLatPair = [number, number];
/** A closed or open ring of [lon, lat] vertices (edges straight in lon/lat, as drawn on the map). */
export type Ring = LonLatPair[];

/** Which analysis a hotspot area came from, and its key there (candidates.ts). */
export interface HotspotRef {
  analysis: 'density' | 'emerging';
  /** The candidate id it was proposed under (deterministic, see candidates.ts). */
  key: string;
  /** In the users' words, e.g. "Hotspot 2" or "Intensifying hot spot". */
  label: string;
}

/**
 * Where the threat is. Several rings = several parts (a merge of two hotspots keeps both
 * parts, so the evidence is exactly the union of theirs, not the hull between them).
 * A hotspot area keeps the rings as they were when proposed, so the evidence can be
 * reproduced after the hotspots are recomputed.
 */
export type ThreatArea =
  | { kind: 'polygon'; rings: Ring[] }
  | { kind: 'hotspot'; rings: Ring[]; hotspots: HotspotRef[] };

export interface Perpetrator {
  /** Name of the group or unit, as in the incident data (matched case- and space-insensitively). */
  name: string | null;
  type: PerpetratorTypeId | null;
}

/** Forward-looking period the assessment covers (ISO dates, inclusive). */
export interface TimeHorizon {
  start: string;
  end: string;
}

export interface PlannedAction {
  text: string;
  owner: string;
  /** ISO date or null. */
  due: string | null;
  done: boolean;
}

export interface VulnerabilityInputs {
  /** The analyst's level; null = use the evidence suggestion. */
  level: Level | null;
  groupsAtRisk: GroupAtRiskId[];
  note: string;
}

/** Evidence-suggested levels, beside the analyst's choice. */
export interface SuggestedLevels {
  likelihood: Level;
  impact: Level;
  vulnerability: Level;
  /** Day (days since 1970-01-01) the evidence was computed as of. */
  asOfDay: number;
}

/** Computed: which presences reach the area (by mode) and the nearest one. */
export interface MissionReachSnapshot {
  /** Presence ids reaching the area, per mode. */
  byMode: Record<MobilityModeId, string[]>;
  nearestPresenceId: string | null;
  nearestPresenceName: string | null;
  /** Great-circle km from the nearest presence to the area (0 = inside); null without presences. */
  nearestKm: number | null;
  /** The shortest-range mode that reaches the area (foot before road before air), or null. */
  bestMode: MobilityModeId | null;
}

/** Computed: population exposed (vulnerability evidence). */
export interface ExposureSnapshot {
  radiusKm: number;
  settlementPopulation: number;
  settlements: number;
  displacementSitesInside: number;
  displacementSitesNear: number;
  displacedPopulation: number;
}

export interface Threat {
  schema: typeof THREAT_SCHEMA_VERSION;
  id: string;
  title: string;
  perpetrator: Perpetrator;
  /** Empty = every type. */
  threatTypes: ThreatTypeId[];
  area: ThreatArea;
  timeHorizon: TimeHorizon;
  /** Incident ids (IncidentTable.ids) the analyst linked as evidence. */
  evidenceIncidentIds: string[];
  /** The analyst's choices. */
  likelihood: Level;
  impact: Level;
  suggested: SuggestedLevels | null;
  vulnerability: VulnerabilityInputs;
  exposure: ExposureSnapshot | null;
  hostStatePresence: HostStatePresence;
  missionReach: MissionReachSnapshot | null;
  phase: PhaseId;
  actions: Record<TierId, PlannedAction[]>;
  owner: string;
  status: ThreatStatus;
  /** ISO timestamps. */
  createdAt: string;
  updatedAt: string;
  source: 'analyst' | 'candidate';
  /** For source 'candidate': the candidate id it was accepted from. */
  candidateId: string | null;
  notes: string;
}

const MS_PER_DAY = 86_400_000;
function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A default 90-day horizon starting the day after `nowIso`. */
export function defaultHorizon(nowIso: string, days = 90): TimeHorizon {
  const t = Date.parse(nowIso.slice(0, 10) + 'T00:00:00Z');
  return { start: isoDay(t + MS_PER_DAY), end: isoDay(t + days * MS_PER_DAY) };
}

/** Length of a horizon in days (inclusive); 0 when the dates are invalid or reversed. */
export function horizonDays(h: TimeHorizon): number {
  const a = Date.parse(h.start + 'T00:00:00Z'), b = Date.parse(h.end + 'T00:00:00Z');
  if (!Number.isFinite(a) || !Number.isFinite(b) || b < a) return 0;
  return Math.round((b - a) / MS_PER_DAY) + 1;
}

export interface NewThreatInput {
  id?: string;
  title: string;
  area: ThreatArea;
  nowIso: string;
  perpetrator?: Partial<Perpetrator>;
  threatTypes?: ThreatTypeId[];
  timeHorizon?: TimeHorizon;
  likelihood?: Level;
  impact?: Level;
  owner?: string;
  source?: 'analyst' | 'candidate';
  candidateId?: string | null;
  status?: ThreatStatus;
}

/** A new threat with neutral defaults (likelihood and impact 3, phase prevention, no actions). */
export function createThreat(input: NewThreatInput): Threat {
  return {
    schema: THREAT_SCHEMA_VERSION,
    id: input.id ?? `threat-${globalThis.crypto.randomUUID()}`,
    title: input.title,
    perpetrator: { name: input.perpetrator?.name ?? null, type: input.perpetrator?.type ?? null },
    threatTypes: [...(input.threatTypes ?? [])],
    area: structuredClone(input.area),
    timeHorizon: input.timeHorizon ?? defaultHorizon(input.nowIso),
    evidenceIncidentIds: [],
    likelihood: input.likelihood ?? 3,
    impact: input.impact ?? 3,
    suggested: null,
    vulnerability: { level: null, groupsAtRisk: [], note: '' },
    exposure: null,
    hostStatePresence: 'limited',
    missionReach: null,
    phase: 'prevention',
    actions: { I: [], II: [], III: [] },
    owner: input.owner ?? '',
    status: input.status ?? 'draft',
    createdAt: input.nowIso,
    updatedAt: input.nowIso,
    source: input.source ?? 'analyst',
    candidateId: input.candidateId ?? null,
    notes: '',
  };
}

/** Apply an edit and stamp `updatedAt` (threats are immutable values in the store). */
export function updateThreat(t: Threat, patch: Partial<Omit<Threat, 'schema' | 'id' | 'createdAt'>>, nowIso: string): Threat {
  return { ...t, ...patch, updatedAt: nowIso };
}

export function archiveThreat(t: Threat, nowIso: string): Threat {
  return updateThreat(t, { status: 'archived' }, nowIso);
}

export function isLevel(x: unknown): x is Level {
  return x === 1 || x === 2 || x === 3 || x === 4 || x === 5;
}

/** Clamp and round any number onto the 1–5 scale. */
export function toLevel(x: number): Level {
  const v = Math.round(Number.isFinite(x) ? x : 1);
  return Math.min(5, Math.max(1, v)) as Level;
}

// ---------------------------------------------------------------------------------------
// Validation of stored threats. A workspace written by an older or a tampered copy must not
// crash the register: every problem is reported by path, nothing is silently repaired.

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isStr = (x: unknown): x is string => typeof x === 'string';
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkRing(r: unknown, path: string, errors: string[]): void {
  if (!Array.isArray(r) || r.length < 3) { errors.push(`${path}: a ring needs at least 3 [lon, lat] vertices`); return; }
  r.forEach((p, i) => {
    if (!Array.isArray(p) || p.length !== 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])
      || Math.abs(p[1] as number) > 90 || Math.abs(p[0] as number) > 540) errors.push(`${path}[${i}]: not a [lon, lat] pair`);
  });
}

function checkArea(a: unknown, errors: string[]): void {
  if (!isObj(a) || (a.kind !== 'polygon' && a.kind !== 'hotspot')) { errors.push('area: kind must be "polygon" or "hotspot"'); return; }
  if (!Array.isArray(a.rings) || a.rings.length === 0) errors.push('area.rings: at least one ring');
  else a.rings.forEach((r, i) => checkRing(r, `area.rings[${i}]`, errors));
  if (a.kind === 'hotspot') {
    if (!Array.isArray(a.hotspots)) errors.push('area.hotspots: must be a list');
    else a.hotspots.forEach((h, i) => {
      if (!isObj(h) || (h.analysis !== 'density' && h.analysis !== 'emerging') || !isStr(h.key) || !isStr(h.label)) errors.push(`area.hotspots[${i}]: not a hotspot reference`);
    });
  }
}

const PERP_IDS = new Set<string>(PERPETRATOR_TYPES.map((p) => p.id));
const TYPE_IDS = new Set<string>(THREAT_TYPES.map((t) => t.id));

/** Check a stored value; returns the threat or every problem found. */
export function parseThreat(x: unknown): { threat: Threat; errors: [] } | { threat: null; errors: string[] } {
  const errors: string[] = [];
  if (!isObj(x)) return { threat: null, errors: ['not an object'] };
  if (x.schema !== THREAT_SCHEMA_VERSION) errors.push(`schema: expected ${THREAT_SCHEMA_VERSION}, found ${String(x.schema)}`);
  for (const k of ['id', 'title', 'owner', 'createdAt', 'updatedAt', 'notes'] as const) if (!isStr(x[k])) errors.push(`${k}: must be text`);
  if (!isObj(x.perpetrator)) errors.push('perpetrator: missing');
  else {
    const p = x.perpetrator;
    if (p.name !== null && !isStr(p.name)) errors.push('perpetrator.name: text or null');
    if (p.type !== null && !(isStr(p.type) && PERP_IDS.has(p.type))) errors.push('perpetrator.type: unknown perpetrator type');
  }
  if (!Array.isArray(x.threatTypes) || x.threatTypes.some((t) => !isStr(t) || !TYPE_IDS.has(t))) errors.push('threatTypes: unknown threat type');
  checkArea(x.area, errors);
  if (!isObj(x.timeHorizon) || !isStr(x.timeHorizon.start) || !ISO_DATE.test(x.timeHorizon.start) || !isStr(x.timeHorizon.end) || !ISO_DATE.test(x.timeHorizon.end)) errors.push('timeHorizon: start and end must be YYYY-MM-DD');
  if (!Array.isArray(x.evidenceIncidentIds) || x.evidenceIncidentIds.some((s) => !isStr(s))) errors.push('evidenceIncidentIds: list of ids');
  if (!isLevel(x.likelihood)) errors.push('likelihood: 1 to 5');
  if (!isLevel(x.impact)) errors.push('impact: 1 to 5');
  if (x.suggested !== null && !(isObj(x.suggested) && isLevel(x.suggested.likelihood) && isLevel(x.suggested.impact) && isLevel(x.suggested.vulnerability) && Number.isInteger(x.suggested.asOfDay))) errors.push('suggested: levels 1 to 5 and asOfDay, or null');
  if (!isObj(x.vulnerability) || (x.vulnerability.level !== null && !isLevel(x.vulnerability.level)) || !Array.isArray(x.vulnerability.groupsAtRisk) || !isStr(x.vulnerability.note)) errors.push('vulnerability: level 1 to 5 or null, groupsAtRisk, note');
  if (x.exposure !== null && !isObj(x.exposure)) errors.push('exposure: object or null');
  if (!HOST_STATE_PRESENCE.some((h) => h.id === x.hostStatePresence)) errors.push('hostStatePresence: none, limited or adequate');
  if (x.missionReach !== null && !(isObj(x.missionReach) && isObj(x.missionReach.byMode))) errors.push('missionReach: object or null');
  if (!PHASES.some((p) => p.id === x.phase)) errors.push('phase: prevention, pre_emption, response or consolidation');
  if (!isObj(x.actions) || TIERS.some((t) => !Array.isArray((x.actions as Obj)[t.id]))) errors.push('actions: lists for tiers I, II and III');
  else for (const t of TIERS) {
    ((x.actions as Obj)[t.id] as unknown[]).forEach((a, i) => {
      if (!isObj(a) || !isStr(a.text) || !isStr(a.owner) || (a.due !== null && !isStr(a.due)) || typeof a.done !== 'boolean') errors.push(`actions.${t.id}[${i}]: text, owner, due, done`);
    });
  }
  if (!(THREAT_STATUSES as readonly unknown[]).includes(x.status)) errors.push('status: draft, active or archived');
  if (x.source !== 'analyst' && x.source !== 'candidate') errors.push('source: analyst or candidate');
  if (x.candidateId !== null && !isStr(x.candidateId)) errors.push('candidateId: text or null');
  if (errors.length) return { threat: null, errors };
  return { threat: x as unknown as Threat, errors: [] };
}
