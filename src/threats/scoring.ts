/**
 * The risk score: a transparent, documented model for ranking threats to civilians, with
 * weights the analyst can edit and every number explained in words.
 *
 * Owns the formula, the weights (defaults and allowed ranges), the flags and the ranking.
 * docs/threat-scoring.md is the users' description; change both together.
 *
 *   risk = likelihood × impact                       (analyst's 1–5 choices: 1 … 25)
 *        × (1 + w_vulnerability × (V − 1) / 4)       V = vulnerability 1–5 (analyst, else evidence)
 *        × (1 + w_reachGap × g)                      g = 0 foot/road reach, 0.5 air only, 1 none
 *        × (1 + w_hostState × h)                     h = 0 adequate, 0.5 limited, 1 none
 *        × (1 + w_massAtrocity × a)                  a = 1 when the evidence shows mass-atrocity indicators
 *
 * Why a product of factors ≥ 1: each factor reads as "this raises the risk by x %", a zero
 * weight switches a factor off without touching the others, and the score is monotonic —
 * raising any input or the weight of a present factor can never lower it (tested).
 * Likelihood × impact stays the core so the 5 × 5 matrix and the ranking tell one story.
 * Policy: risk is the threat combined with the vulnerability of the exposed population and
 * set against the capacity to protect (the mission's reach, the host state's presence);
 * potential mass atrocities come first.
 *
 * Flags, for threats at or above the high-risk threshold:
 *   requires mission action   a presence reaches the area (any mode): the mission must act
 *                             within its capabilities (policy para 18);
 *   capability gap            no presence reaches it by foot, road or air.
 * Exactly one applies to a high-risk threat; neither to the others.
 */
import type { MobilityModeId } from '../domain/taxonomy.ts';
import type { AreaReach, MassAtrocityIndicators, WindowCounts } from './evidence.ts';
import { kmDigits } from './evidence.ts';
import type { HostStatePresence, Level, Threat } from './model.ts';
import type { Piece, Reason } from './text.ts';
import { num, plural, reason } from './text.ts';

export interface ScoringWeights {
  vulnerability: number;
  reachGap: number;
  hostStateGap: number;
  massAtrocity: number;
  /** Scores at or above this are high risk. */
  highRiskThreshold: number;
}

export const DEFAULT_WEIGHTS: Readonly<ScoringWeights> = {
  vulnerability: 0.5,
  reachGap: 0.5,
  hostStateGap: 0.25,
  massAtrocity: 0.5,
  highRiskThreshold: 15,
};

export const WEIGHT_RANGES: Readonly<Record<keyof ScoringWeights, { min: number; max: number; label: string; help: string }>> = {
  vulnerability: { min: 0, max: 2, label: 'Vulnerability', help: 'At vulnerability 5 the risk is raised by this share (0.5 = +50 %).' },
  reachGap: { min: 0, max: 2, label: 'Reach gap', help: 'When no presence reaches the area the risk is raised by this share; half of it when only air reach.' },
  hostStateGap: { min: 0, max: 2, label: 'Host-state absence', help: 'With no host-state presence the risk is raised by this share; half of it when limited.' },
  massAtrocity: { min: 0, max: 2, label: 'Mass-atrocity indicators', help: 'When the evidence shows a mass killing or a pattern of CRSV the risk is raised by this share.' },
  highRiskThreshold: { min: 1, max: 500, label: 'High-risk threshold', help: 'Scores at or above this are high risk and flagged.' },
};

/** Reach gap g by the best mode reaching the area. */
export const REACH_GAP: Readonly<Record<MobilityModeId | 'none', number>> = { foot: 0, road: 0, air: 0.5, none: 1 };
/** Host-state gap h by the analyst's input. */
export const HOST_STATE_GAP: Readonly<Record<HostStatePresence, number>> = { adequate: 0, limited: 0.5, none: 1 };

/** Check weights from the UI or a stored workspace: missing → default, out of range → clamped, each reported. */
export function validateWeights(input: unknown): { weights: ScoringWeights; errors: string[] } {
  const errors: string[] = [];
  const src = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const weights = { ...DEFAULT_WEIGHTS };
  for (const key of Object.keys(WEIGHT_RANGES) as (keyof ScoringWeights)[]) {
    const v = src[key];
    if (v === undefined) continue;
    const r = WEIGHT_RANGES[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) { errors.push(`${r.label}: not a number, default ${DEFAULT_WEIGHTS[key]} used`); continue; }
    if (v < r.min || v > r.max) errors.push(`${r.label}: ${v} is outside ${r.min} to ${r.max}, clamped`);
    weights[key] = Math.min(r.max, Math.max(r.min, v));
  }
  return { weights, errors };
}

/** What scoring needs from the evidence (ThreatEvidence has it; tests can build it directly). */
export interface ScoringEvidence {
  reach: Pick<AreaReach, 'bestMode' | 'withinReach' | 'nearest'>;
  massAtrocity: Pick<MassAtrocityIndicators, 'present' | 'massKillings' | 'crsv'>;
  suggested: { likelihood: { level: Level }; impact: { level: Level }; vulnerability: { level: Level } };
  /** The evidence in words; repeated first among the score's reasons. */
  reasons: readonly Reason[];
  /** Counts of the evidence windows, used only to break ties in the ranking. */
  recent?: Pick<WindowCounts, 'fatalities' | 'killings'>;
  baseline?: Pick<WindowCounts, 'fatalities' | 'killings'>;
}

export type ScoringThreat = Pick<Threat, 'id' | 'likelihood' | 'impact' | 'vulnerability' | 'hostStatePresence'>;

export interface ScoreComponents {
  likelihood: Level;
  impact: Level;
  /** likelihood × impact, 1–25. */
  base: number;
  vulnerability: { level: Level; source: 'analyst' | 'evidence'; weight: number; factor: number };
  reachGap: { bestMode: MobilityModeId | null; gap: number; weight: number; factor: number };
  hostState: { presence: HostStatePresence; gap: number; weight: number; factor: number };
  massAtrocity: { present: boolean; weight: number; factor: number };
}

export interface ScoreFlags {
  highRisk: boolean;
  /** High risk and within reach of a presence: the mission must act. */
  requiresMissionAction: boolean;
  /** High risk and out of reach of every presence. */
  capabilityGap: boolean;
  withinReach: boolean;
}

export interface ThreatScore {
  score: number;
  components: ScoreComponents;
  flags: ScoreFlags;
  /** The evidence's reasons, then one per factor, then the verdict. */
  reasons: Reason[];
}

const F = 2; // factor decimals shown

function reachText(mode: MobilityModeId | null): string {
  if (mode === 'foot') return 'Within foot reach';
  if (mode === 'road') return 'Within road reach';
  if (mode === 'air') return 'Beyond road reach, within air reach only';
  return 'Out of reach of every presence';
}

export function scoreThreat(threat: ScoringThreat, evidence: ScoringEvidence, weights: ScoringWeights = DEFAULT_WEIGHTS): ThreatScore {
  const L = threat.likelihood, I = threat.impact;
  const base = L * I;
  const vLevel = threat.vulnerability.level ?? evidence.suggested.vulnerability.level;
  const vSource = threat.vulnerability.level !== null ? 'analyst' : 'evidence';
  const vFactor = 1 + weights.vulnerability * (vLevel - 1) / 4;
  const mode = evidence.reach.bestMode;
  const gap = REACH_GAP[mode ?? 'none'];
  const rFactor = 1 + weights.reachGap * gap;
  const h = HOST_STATE_GAP[threat.hostStatePresence];
  const hFactor = 1 + weights.hostStateGap * h;
  const present = evidence.massAtrocity.present;
  const mFactor = 1 + weights.massAtrocity * (present ? 1 : 0);
  const score = base * vFactor * rFactor * hFactor * mFactor;

  const withinReach = evidence.reach.withinReach;
  const highRisk = score >= weights.highRiskThreshold;
  const flags: ScoreFlags = { highRisk, requiresMissionAction: highRisk && withinReach, capabilityGap: highRisk && !withinReach, withinReach };
  const components: ScoreComponents = {
    likelihood: L, impact: I, base,
    vulnerability: { level: vLevel, source: vSource, weight: weights.vulnerability, factor: vFactor },
    reachGap: { bestMode: mode, gap, weight: weights.reachGap, factor: rFactor },
    hostState: { presence: threat.hostStatePresence, gap: h, weight: weights.hostStateGap, factor: hFactor },
    massAtrocity: { present, weight: weights.massAtrocity, factor: mFactor },
  };

  const sl = evidence.suggested.likelihood.level, si = evidence.suggested.impact.level;
  const reasons: Reason[] = [...evidence.reasons];
  reasons.push(reason('base', 'Likelihood ', num(L), ' × impact ', num(I), ' = ', num(base), ' (analyst; evidence suggests ', num(sl), ' and ', num(si), ')'));
  reasons.push(reason('vulnerability', 'Vulnerability ', num(vLevel), ' of ', num(5), ' (', vSource, '), weight ', num(weights.vulnerability, 2), ': ×', num(vFactor, F)));
  const near = evidence.reach.nearest;
  const where: Piece[] = !near ? [' (no presence recorded)'] : near.distanceKm === 0 ? [' (a presence inside the area)']
    : [' (nearest presence ', num(near.distanceKm, kmDigits(near.distanceKm)), ' km)'];
  reasons.push(reason('reachGap', reachText(mode), ...where, ', reach-gap weight ', num(weights.reachGap, 2), ': ×', num(rFactor, F)));
  reasons.push(reason('hostState', 'Host-state presence ', threat.hostStatePresence, ', weight ', num(weights.hostStateGap, 2), ': ×', num(hFactor, F)));
  reasons.push(present
    ? reason('massAtrocity', 'Mass-atrocity indicators present (', num(evidence.massAtrocity.massKillings), ' mass ', plural(evidence.massAtrocity.massKillings, 'killing', 'killings'), ', ', num(evidence.massAtrocity.crsv), ' CRSV), weight ', num(weights.massAtrocity, 2), ': ×', num(mFactor, F))
    : reason('massAtrocity', 'No mass-atrocity indicator in the evidence: ×', num(mFactor, F)));
  const verdict = flags.capabilityGap ? ' — high risk, capability gap: no presence reaches the area'
    : flags.requiresMissionAction ? ' — high risk, requires mission action: the area is within reach'
      : ' — below the high-risk threshold';
  reasons.push(reason('score', 'Risk score ', num(score, 1), ' (high-risk threshold ', num(weights.highRiskThreshold, 1), ')', verdict));
  return { score, components, flags, reasons };
}

export interface RankedThreat<T extends ScoringThreat = Threat> {
  rank: number;
  threat: T;
  result: ThreatScore;
}

/** Civilians killed in the evidence windows (0 without counts). */
function killedIn(e: ScoringEvidence): number {
  return (e.recent?.fatalities ?? 0) + (e.baseline?.fatalities ?? 0);
}

/**
 * Ranking order: score, then impact (mass atrocities first), then likelihood, then the
 * civilians killed in the evidence windows (the 1–5 scales saturate: two "5 × 5" threats
 * are told apart by the harm actually recorded), then id, so the order is stable.
 */
export function compareForRanking(
  a: { id: string; impact: number; likelihood: number; score: number; evidence: ScoringEvidence },
  b: { id: string; impact: number; likelihood: number; score: number; evidence: ScoringEvidence },
): number {
  return b.score - a.score || b.impact - a.impact || b.likelihood - a.likelihood
    || killedIn(b.evidence) - killedIn(a.evidence) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Rank threats by score, highest first (ties: compareForRanking). Archived threats are
 * left out unless asked for; threats without evidence are skipped (the UI shows them as
 * "not scored").
 */
export function rankThreats<T extends ScoringThreat & { status?: Threat['status'] }>(
  threats: readonly T[],
  evidenceOf: (t: T) => ScoringEvidence | null | undefined,
  weights: ScoringWeights = DEFAULT_WEIGHTS,
  options: { includeArchived?: boolean } = {},
): RankedThreat<T>[] {
  const scored: { threat: T; result: ThreatScore; evidence: ScoringEvidence }[] = [];
  for (const t of threats) {
    if (!options.includeArchived && t.status === 'archived') continue;
    const e = evidenceOf(t);
    if (!e) continue;
    scored.push({ threat: t, result: scoreThreat(t, e, weights), evidence: e });
  }
  const key = (s: (typeof scored)[number]) => ({ id: s.threat.id, impact: s.threat.impact, likelihood: s.threat.likelihood, score: s.result.score, evidence: s.evidence });
  scored.sort((a, b) => compareForRanking(key(a), key(b)));
  return scored.map((s, k) => ({ rank: k + 1, threat: s.threat, result: s.result }));
}

/** The 5 × 5 likelihood × impact matrix: threat ids per cell, cells[likelihood − 1][impact − 1]. */
export function riskMatrix(threats: readonly Pick<Threat, 'id' | 'likelihood' | 'impact'>[]): string[][][] {
  const cells = Array.from({ length: 5 }, () => Array.from({ length: 5 }, () => [] as string[]));
  for (const t of threats) cells[t.likelihood - 1]![t.impact - 1]!.push(t.id);
  return cells;
}
