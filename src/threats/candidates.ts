/**
 * Candidate threats from the data: density hotspots and emerging hot spots proposed as
 * draft threats, pre-filled from their evidence, for the analyst to accept, merge or dismiss.
 *
 * Owns the outline of a hotspot's cells, the pre-fill rules (dominant perpetrator, threat
 * types), candidate ids, merging and the accept/dismiss bookkeeping.
 *
 * Area: the exact outline of the hotspot's grid cells (src/analysis/grid.ts convention),
 * traced in the projected grid and unprojected to lon/lat; cells touching only at a corner
 * give separate rings; holes inside a hotspot are FILLED (a threat area has no holes).
 * Emerging hot spots: cells whose pattern has a hot final bin (new, consecutive,
 * intensifying, persistent, diminishing, sporadic, oscillating), grouped into 8-connected
 * areas; an area is labelled by its most urgent pattern (intensifying, new, consecutive,
 * persistent, sporadic, oscillating, diminishing).
 * Pre-fill, from every incident in the area over the evidence window:
 *   perpetrator  a name behind at least half of the incidents; else a perpetrator type
 *                behind at least half; else left open ("unknown" is never pre-filled);
 *   types        every type threatening life (killing, summary execution, massacre) and
 *                CRSV that occurs — mass-atrocity indicators are never filtered out — plus
 *                up to 3 other types each behind at least 10 % of the incidents.
 * The candidate's evidence is then computed with that pre-fill, so it is exactly what the
 * accepted threat will show.
 * Ids are deterministic: a hash of the grid and the sorted cell indices (and, for merges,
 * of the sorted constituent ids), so a dismissed candidate stays dismissed when the
 * analysis is re-run on the same grid. A new data extent gives a new grid and new ids.
 */
import type { EmergingPatternId, EmergingResult } from '../analysis/emerging.ts';
import { EMERGING_PATTERNS } from '../analysis/emerging.ts';
import type { GridSpec } from '../analysis/grid.ts';
import type { HotspotsResult } from '../analysis/hotspots.ts';
import { unprojectPointLaea } from '../analysis/projection.ts';
import type { PerpetratorTypeId, ThreatTypeId } from '../domain/taxonomy.ts';
import { PERPETRATOR_TYPES, THREAT_TYPES, THREAT_TYPE_CODE } from '../domain/taxonomy.ts';
import type { EvidenceContext, EvidenceOptions, ThreatEvidence } from './evidence.ts';
import { normaliseName, refreshThreat, threatEvidence } from './evidence.ts';
import type { HotspotRef, LonLatPair, Perpetrator, Ring, Threat } from './model.ts';
import { createThreat } from './model.ts';
import type { ScoringWeights } from './scoring.ts';
import { DEFAULT_WEIGHTS, compareForRanking, scoreThreat } from './scoring.ts';
import { stableHash } from './text.ts';

export interface ThreatCandidate {
  id: string;
  origin: 'density' | 'emerging' | 'merged';
  /** In the users' words: "Hotspot 2", "Intensifying hot spot", "Hotspot 1 + Hotspot 3". */
  label: string;
  title: string;
  hotspotRank: number | null;
  pattern: EmergingPatternId | null;
  cells: number;
  /** Original candidate ids merged into this one (empty unless origin = 'merged'). */
  mergedFrom: string[];
  refs: HotspotRef[];
  rings: Ring[];
  perpetrator: Perpetrator;
  threatTypes: ThreatTypeId[];
  /** Evidence with the pre-filled perpetrator and types. */
  evidence: ThreatEvidence;
  /** All incidents in the area over the evidence window, any perpetrator and type. */
  areaIncidents: Uint32Array;
  /** Other candidates sharing at least one area incident (merge suggestions). */
  overlapsWith: string[];
  /** Score of the draft with the suggested levels (for ordering the proposals). */
  draftScore: number;
}

export interface CandidateSources {
  /** Density hotspots and the grid they were labelled on (the KDE's: KdeResult.grid / AnalyzeResult.kde.grid). */
  hotspots?: { result: HotspotsResult; grid: GridSpec } | null;
  /** Emerging hot spots (their grid travels with the result). */
  emerging?: EmergingResult | null;
}

export interface CandidateOptions extends EvidenceOptions {
  weights?: ScoringWeights;
  /** Keep the best this many (default 30). */
  maxCandidates?: number;
}

export const DOMINANT_SHARE = 0.5;
export const TYPE_SHARE = 0.1;
const HOT_PATTERN_URGENCY: readonly EmergingPatternId[] = [
  'intensifying_hot', 'new_hot', 'consecutive_hot', 'persistent_hot', 'sporadic_hot', 'oscillating_hot', 'diminishing_hot',
];
const LIFE_AND_CRSV = new Set<ThreatTypeId>(['killing', 'summary_execution', 'massacre', 'crsv']);

// ----- outline of grid cells -------------------------------------------------------------

/**
 * Outline of a set of grid cells as lon/lat rings (outer boundaries only; holes filled).
 * Boundary edges are oriented with their cell on the left; walking them and turning left
 * whenever two edges leave one vertex keeps corner-touching cells in separate rings.
 */
export function cellsOutline(grid: GridSpec, cells: readonly number[]): Ring[] {
  const { nx, ny } = grid;
  const inSet = new Uint8Array(nx * ny);
  for (const k of cells) if (k >= 0 && k < nx * ny) inSet[k] = 1;
  const has = (i: number, j: number) => i >= 0 && j >= 0 && i < nx && j < ny && inSet[j * nx + i] === 1;
  const W = nx + 1;
  // Directed edges from vertex a to vertex b (vertex (i, j) = j·W + i); dir 0 E, 1 N, 2 W, 3 S.
  const from: number[] = [], to: number[] = [], dir: number[] = [];
  const out = new Map<number, number[]>();
  const addEdge = (a: number, b: number, d: number) => {
    const e = from.length;
    from.push(a); to.push(b); dir.push(d);
    const l = out.get(a);
    if (l) l.push(e); else out.set(a, [e]);
  };
  for (const k of [...new Set(cells)].sort((x, y) => x - y)) {
    if (!(k >= 0 && k < nx * ny)) continue;
    const i = k % nx, j = (k - i) / nx;
    if (!has(i, j - 1)) addEdge(j * W + i, j * W + i + 1, 0);
    if (!has(i + 1, j)) addEdge(j * W + i + 1, (j + 1) * W + i + 1, 1);
    if (!has(i, j + 1)) addEdge((j + 1) * W + i + 1, (j + 1) * W + i, 2);
    if (!has(i - 1, j)) addEdge((j + 1) * W + i, j * W + i, 3);
  }
  const used = new Uint8Array(from.length);
  const rings: Ring[] = [];
  for (let start = 0; start < from.length; start++) {
    if (used[start]) continue;
    const verts: number[] = [];
    const dirs: number[] = [];
    let e = start;
    while (!used[e]) {
      used[e] = 1;
      verts.push(from[e]!); dirs.push(dir[e]!);
      const cands = (out.get(to[e]!) ?? []).filter((c) => !used[c] || c === start);
      if (!cands.length) break;
      // Prefer a left turn, then straight, then right (turn = (d' − d) mod 4: 1 left, 0 straight, 3 right).
      const pref = (c: number) => [1, 0, 3, 2].indexOf((dir[c]! - dir[e]! + 4) % 4);
      cands.sort((a, b) => pref(a) - pref(b));
      e = cands[0]!;
      if (e === start) break;
    }
    // Signed area in vertex units: outer rings (cells on the left) are counter-clockwise, > 0.
    let area2 = 0;
    for (let q = 0; q < verts.length; q++) {
      const a = verts[q]!, b = verts[(q + 1) % verts.length]!;
      area2 += (a % W) * Math.floor(b / W) - (b % W) * Math.floor(a / W);
    }
    if (area2 <= 0) continue; // a hole: filled
    const ring: Ring = [];
    for (let q = 0; q < verts.length; q++) {
      // Keep only corners (where the direction changes).
      if (dirs[q] === dirs[(q + verts.length - 1) % verts.length]) continue;
      const v = verts[q]!, i = v % W, j = Math.floor(v / W);
      const p = unprojectPointLaea(grid.projection, grid.x0 + i * grid.cellKm, grid.y0 + j * grid.cellKm);
      ring.push([p[0], p[1]]);
    }
    if (ring.length >= 3) { ring.push([ring[0]![0], ring[0]![1]]); rings.push(ring); }
  }
  return rings;
}

function gridKey(g: GridSpec): string {
  const r = (v: number) => v.toFixed(6);
  return [r(g.projection.lon0), r(g.projection.lat0), r(g.x0), r(g.y0), r(g.cellKm), g.nx, g.ny].join('|');
}

export function candidateId(origin: 'density' | 'emerging', grid: GridSpec, cells: readonly number[]): string {
  return `cand-${origin}-${stableHash(gridKey(grid) + '#' + [...cells].sort((a, b) => a - b).join(','))}`;
}

export function mergedCandidateId(constituents: readonly string[]): string {
  return `cand-merged-${stableHash([...new Set(constituents)].sort().join('+'))}`;
}

// ----- pre-fill -----------------------------------------------------------------------------

/** Dominant perpetrator and the threat types to pre-fill, from the area's incidents. */
export function prefill(ctx: EvidenceContext, incidents: ArrayLike<number>): { perpetrator: Perpetrator; threatTypes: ThreatTypeId[] } {
  const t = ctx.incidents;
  const n = incidents.length;
  const byName = new Map<string, { count: number; name: string; types: Map<number, number> }>();
  const byType = new Map<number, number>();
  const threat = new Map<number, number>();
  const unknownType = PERPETRATOR_TYPES.findIndex((p) => p.id === 'unknown');
  for (let k = 0; k < n; k++) {
    const i = incidents[k]!;
    const name = t.strings.perpetrators[t.perpetrator[i]!] ?? '';
    const key = normaliseName(name);
    if (key && key !== 'unknown') {
      let e = byName.get(key);
      if (!e) { e = { count: 0, name, types: new Map() }; byName.set(key, e); }
      e.count++;
      e.types.set(t.perpetratorType[i]!, (e.types.get(t.perpetratorType[i]!) ?? 0) + 1);
    }
    const pt = t.perpetratorType[i]!;
    if (pt !== unknownType) byType.set(pt, (byType.get(pt) ?? 0) + 1);
    threat.set(t.threatType[i]!, (threat.get(t.threatType[i]!) ?? 0) + 1);
  }
  const top = <K>(m: Map<K, number>, tie: (a: K, b: K) => number) => [...m.entries()].sort((a, b) => b[1] - a[1] || tie(a[0], b[0]))[0];
  let perpetrator: Perpetrator = { name: null, type: null };
  const names = [...byName.entries()].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1));
  const topName = names[0];
  if (n > 0 && topName && topName[1].count >= DOMINANT_SHARE * n) {
    const tp = top(topName[1].types, (a, b) => a - b)!;
    const typeId = PERPETRATOR_TYPES[tp[0]]!.id;
    perpetrator = { name: topName[1].name, type: typeId === 'unknown' ? null : typeId };
  } else {
    const tp = top(byType, (a, b) => a - b);
    if (n > 0 && tp && tp[1] >= DOMINANT_SHARE * n) perpetrator = { name: null, type: PERPETRATOR_TYPES[tp[0]]!.id as PerpetratorTypeId };
  }
  const types = new Set<ThreatTypeId>();
  for (const [code] of threat) if (LIFE_AND_CRSV.has(THREAT_TYPES[code]!.id)) types.add(THREAT_TYPES[code]!.id);
  const others = [...threat.entries()].filter(([c, k]) => !LIFE_AND_CRSV.has(THREAT_TYPES[c]!.id) && k >= TYPE_SHARE * n)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 3);
  for (const [c] of others) types.add(THREAT_TYPES[c]!.id);
  const threatTypes = [...types].sort((a, b) => THREAT_TYPE_CODE[a] - THREAT_TYPE_CODE[b]);
  return { perpetrator, threatTypes };
}

function typesText(types: readonly ThreatTypeId[]): string {
  if (!types.length) return 'incidents';
  const labels = types.map((id) => THREAT_TYPES[THREAT_TYPE_CODE[id]]!.label.toLowerCase());
  return labels.length > 3 ? labels.slice(0, 3).join(', ') + ' and more' : labels.join(', ');
}

function titleOf(label: string, p: Perpetrator, types: readonly ThreatTypeId[], e: ThreatEvidence): string {
  const who = p.name ?? (p.type ? PERPETRATOR_TYPES.find((x) => x.id === p.type)!.label : 'perpetrators not established');
  const place = e.exposure.largestSettlement ? ` near ${e.exposure.largestSettlement.name}` : '';
  return `${label}: ${typesText(types)} (${who})${place}`;
}

function build(ctx: EvidenceContext, base: Omit<ThreatCandidate, 'title' | 'perpetrator' | 'threatTypes' | 'evidence' | 'areaIncidents' | 'overlapsWith' | 'draftScore'>, options: CandidateOptions): ThreatCandidate {
  const whole = threatEvidence(ctx, { rings: base.rings }, options);
  const { perpetrator, threatTypes } = prefill(ctx, whole.incidents);
  const evidence = threatEvidence(ctx, { rings: base.rings, perpetrator, threatTypes }, options);
  const c: ThreatCandidate = {
    ...base, title: titleOf(base.label, perpetrator, threatTypes, evidence), perpetrator, threatTypes, evidence,
    areaIncidents: whole.incidents, overlapsWith: [], draftScore: 0,
  };
  c.draftScore = scoreThreat(draftThreat(c, '1970-01-01T00:00:00.000Z'), evidence, options.weights ?? DEFAULT_WEIGHTS).score;
  return c;
}

/** 8-connected groups of the emerging grid's cells whose final bin is hot. */
function emergingAreas(em: EmergingResult): { cells: number[]; pattern: EmergingPatternId }[] {
  const { nx, ny } = em.grid;
  const code = new Map<EmergingPatternId, number>(EMERGING_PATTERNS.map((p, i) => [p.id, i]));
  const urgency = new Int8Array(EMERGING_PATTERNS.length).fill(-1);
  HOT_PATTERN_URGENCY.forEach((id, r) => { urgency[code.get(id)!] = r; });
  const hot = new Int8Array(nx * ny).fill(-1);
  for (let k = 0; k < nx * ny; k++) { const p = em.patternByCell[k]!; if (p < urgency.length && urgency[p]! >= 0) hot[k] = urgency[p]!; }
  const seen = new Uint8Array(nx * ny);
  const areas: { cells: number[]; pattern: EmergingPatternId }[] = [];
  for (let s = 0; s < nx * ny; s++) {
    if (hot[s]! < 0 || seen[s]) continue;
    const cells: number[] = [];
    let best = 99;
    const stack = [s];
    seen[s] = 1;
    while (stack.length) {
      const k = stack.pop()!;
      cells.push(k);
      best = Math.min(best, hot[k]!);
      const i = k % nx, j = (k - i) / nx;
      for (let dj = -1; dj <= 1; dj++) for (let di = -1; di <= 1; di++) {
        const a = i + di, b = j + dj;
        if (a < 0 || b < 0 || a >= nx || b >= ny) continue;
        const q = b * nx + a;
        if (hot[q]! >= 0 && !seen[q]) { seen[q] = 1; stack.push(q); }
      }
    }
    cells.sort((a, b) => a - b);
    areas.push({ cells, pattern: HOT_PATTERN_URGENCY[best]! });
  }
  return areas;
}

/** Mark candidates that share area incidents with each other (in place). */
function linkOverlaps(cands: ThreatCandidate[]): void {
  const owner = new Map<number, number[]>();
  cands.forEach((c, ci) => { for (const i of c.areaIncidents) { const l = owner.get(i); if (l) l.push(ci); else owner.set(i, [ci]); } });
  const sets = cands.map(() => new Set<number>());
  for (const l of owner.values()) if (l.length > 1) for (const a of l) for (const b of l) if (a !== b) sets[a]!.add(b);
  cands.forEach((c, ci) => { c.overlapsWith = [...sets[ci]!].map((k) => cands[k]!.id).sort(); });
}

/** Propose candidates from density hotspots and emerging hot spots, in ranking order of their drafts (scoring.ts compareForRanking). */
export function proposeCandidates(ctx: EvidenceContext, sources: CandidateSources, options: CandidateOptions = {}): ThreatCandidate[] {
  const out: ThreatCandidate[] = [];
  const hs = sources.hotspots;
  if (hs) {
    const byRank = new Map<number, number[]>();
    for (let k = 0; k < hs.result.label.length; k++) {
      const r = hs.result.label[k]!;
      if (r < 0) continue;
      const l = byRank.get(r);
      if (l) l.push(k); else byRank.set(r, [k]);
    }
    for (const h of hs.result.hotspots) {
      const cells = byRank.get(h.rank - 1) ?? [];
      if (!cells.length) continue;
      const id = candidateId('density', hs.grid, cells);
      const label = `Hotspot ${h.rank}`;
      out.push(build(ctx, {
        id, origin: 'density', label, hotspotRank: h.rank, pattern: null, cells: cells.length, mergedFrom: [],
        refs: [{ analysis: 'density', key: id, label }], rings: cellsOutline(hs.grid, cells),
      }, options));
    }
  }
  const em = sources.emerging;
  if (em) {
    for (const a of emergingAreas(em)) {
      const id = candidateId('emerging', em.grid, a.cells);
      const label = EMERGING_PATTERNS.find((p) => p.id === a.pattern)!.label;
      out.push(build(ctx, {
        id, origin: 'emerging', label, hotspotRank: null, pattern: a.pattern, cells: a.cells.length, mergedFrom: [],
        refs: [{ analysis: 'emerging', key: id, label }], rings: cellsOutline(em.grid, a.cells),
      }, options));
    }
  }
  const key = (c: ThreatCandidate) => ({ id: c.id, impact: c.evidence.suggested.impact.level, likelihood: c.evidence.suggested.likelihood.level, score: c.draftScore, evidence: c.evidence });
  out.sort((a, b) => compareForRanking(key(a), key(b)));
  const kept = out.slice(0, Math.max(0, options.maxCandidates ?? 30));
  linkOverlaps(kept);
  return kept;
}

/**
 * Merge two candidates: the area is both areas (all their rings), so the evidence is
 * exactly the union of theirs; the pre-fill is redone on the union. Merging is
 * order-independent and merging a merge flattens to its original constituents.
 */
export function mergeCandidates(ctx: EvidenceContext, a: ThreatCandidate, b: ThreatCandidate, options: CandidateOptions = {}): ThreatCandidate {
  const parts = [a, b].flatMap((c) => (c.origin === 'merged' ? c.mergedFrom : [c.id]));
  const mergedFrom = [...new Set(parts)].sort();
  // Order for labels and rings: hotspot rank, then label, then id (independent of argument order).
  const key = (c: ThreatCandidate) => [c.hotspotRank ?? Infinity, c.label, c.id] as const;
  const [first, second] = [a, b].sort((x, y) => {
    const kx = key(x), ky = key(y);
    return kx[0] - ky[0] || (kx[1] < ky[1] ? -1 : kx[1] > ky[1] ? 1 : 0) || (kx[2] < ky[2] ? -1 : kx[2] > ky[2] ? 1 : 0);
  }) as [ThreatCandidate, ThreatCandidate];
  const refs = [...first.refs, ...second.refs].filter((r, i, all) => all.findIndex((q) => q.key === r.key) === i);
  const urg = (p: EmergingPatternId | null) => (p ? HOT_PATTERN_URGENCY.indexOf(p) : 99);
  const pattern = urg(a.pattern) <= urg(b.pattern) ? a.pattern : b.pattern;
  const ranks = [a.hotspotRank, b.hotspotRank].filter((r): r is number => r !== null);
  const m = build(ctx, {
    id: mergedCandidateId(mergedFrom), origin: 'merged', label: refs.map((r) => r.label).join(' + '),
    hotspotRank: ranks.length ? Math.min(...ranks) : null, pattern, cells: first.cells + second.cells, mergedFrom,
    refs, rings: [...first.rings, ...second.rings],
  }, options);
  m.overlapsWith = [...new Set([...a.overlapsWith, ...b.overlapsWith])].filter((id) => id !== a.id && id !== b.id && !mergedFrom.includes(id)).sort();
  return m;
}

/**
 * Re-apply stored merges (lists of original candidate ids) to freshly proposed candidates;
 * merges whose constituents are no longer all proposed are skipped.
 */
export function applyMerges(ctx: EvidenceContext, candidates: readonly ThreatCandidate[], merges: readonly (readonly string[])[], options: CandidateOptions = {}): ThreatCandidate[] {
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const result: ThreatCandidate[] = [];
  for (const ids of merges) {
    const cs = ids.map((id) => byId.get(id));
    if (cs.length < 2 || cs.some((c) => !c)) continue;
    let m = cs[0]!;
    for (const c of cs.slice(1)) m = mergeCandidates(ctx, m, c!, options);
    result.push(m);
  }
  return result;
}

/** The candidates to show: not dismissed, not accepted, not absorbed by a shown merge. */
export function visibleCandidates(candidates: readonly ThreatCandidate[], state: { dismissed: readonly string[]; acceptedCandidateIds: readonly string[] }): ThreatCandidate[] {
  const hidden = new Set([...state.dismissed, ...state.acceptedCandidateIds]);
  const absorbed = new Set<string>();
  for (const c of candidates) if (c.origin === 'merged' && !hidden.has(c.id)) for (const id of c.mergedFrom) absorbed.add(id);
  return candidates.filter((c) => !hidden.has(c.id) && !absorbed.has(c.id));
}

/** Dismiss: the new list of dismissed ids (idempotent). */
export function dismissCandidate(dismissed: readonly string[], id: string): string[] {
  return dismissed.includes(id) ? [...dismissed] : [...dismissed, id];
}

/**
 * A starting phase from the evidence (the analyst decides): killings in the last 30 days →
 * response; other recent incidents → pre-emption; none recent but some in the baseline →
 * consolidation; none at all → prevention.
 */
export function suggestPhase(e: Pick<ThreatEvidence, 'recent' | 'baseline'>): Threat['phase'] {
  if (e.recent.killings > 0) return 'response';
  if (e.recent.incidents > 0) return 'pre_emption';
  if (e.baseline.incidents > 0) return 'consolidation';
  return 'prevention';
}

/** The candidate as a draft threat (suggested levels pre-filled as the analyst's starting choice). */
export function draftThreat(c: ThreatCandidate, nowIso: string): Threat {
  const s = c.evidence.suggested;
  const t = createThreat({
    id: `threat-${c.id}`, title: c.title, nowIso, perpetrator: c.perpetrator, threatTypes: c.threatTypes,
    area: { kind: 'hotspot', rings: c.rings.map((r) => r.map((p): LonLatPair => [p[0], p[1]])), hotspots: c.refs.map((r) => ({ ...r })) },
    likelihood: s.likelihood.level, impact: s.impact.level, source: 'candidate', candidateId: c.id, status: 'draft',
  });
  t.phase = suggestPhase(c.evidence);
  return refreshThreat(t, c.evidence);
}

/** Accept: the draft becomes an active threat in the register, with the analyst as owner. */
export function acceptCandidate(c: ThreatCandidate, opts: { nowIso: string; owner: string }): Threat {
  return { ...draftThreat(c, opts.nowIso), status: 'active', owner: opts.owner };
}
