import { describe, expect, it } from 'vitest';
import { rng } from '../analysis/testing.ts';
import type { MobilityModeId } from '../domain/taxonomy.ts';
import { threatEvidence } from './evidence.ts';
import type { HostStatePresence, Level } from './model.ts';
import type { ScoringEvidence, ScoringThreat, ScoringWeights } from './scoring.ts';
import { DEFAULT_WEIGHTS, REACH_GAP, WEIGHT_RANGES, rankThreats, riskMatrix, scoreThreat, validateWeights } from './scoring.ts';
import { SCENARIO_DAY, SCENARIO_SQUARE, scenario } from './testData.ts';
import { parseNumbers } from './text.ts';

const MODES: (MobilityModeId | null)[] = ['foot', 'road', 'air', null];
/** Ordered by increasing reach gap. */
const GAP_ORDER: (MobilityModeId | null)[] = ['foot', 'road', 'air', null];
const HOST: HostStatePresence[] = ['adequate', 'limited', 'none'];

interface Input {
  L: Level; I: Level; V: Level | null; sV: Level; mode: MobilityModeId | null; host: HostStatePresence; atrocity: boolean;
  nearestKm: number;
}

function threatOf(x: Input, id = 't'): ScoringThreat {
  return { id, likelihood: x.L, impact: x.I, vulnerability: { level: x.V, groupsAtRisk: [], note: '' }, hostStatePresence: x.host };
}
function evidenceOf(x: Input): ScoringEvidence {
  return {
    reach: { bestMode: x.mode, withinReach: x.mode !== null, nearest: { id: 'P', name: 'Camp', type: 'operating_base', distanceKm: x.nearestKm } },
    massAtrocity: { present: x.atrocity, massKillings: x.atrocity ? 2 : 0, crsv: 1 },
    suggested: { likelihood: { level: 3 }, impact: { level: 4 }, vulnerability: { level: x.sV } },
    reasons: [],
  };
}
const lvl = (r: () => number) => (1 + Math.floor(r() * 5)) as Level;
function randomInput(r: () => number): Input {
  return {
    L: lvl(r), I: lvl(r), V: r() < 0.3 ? null : lvl(r), sV: lvl(r), mode: MODES[Math.floor(r() * 4)]!, host: HOST[Math.floor(r() * 3)]!,
    atrocity: r() < 0.5, nearestKm: r() * 300,
  };
}
function randomWeights(r: () => number): ScoringWeights {
  const w = { ...DEFAULT_WEIGHTS };
  for (const k of ['vulnerability', 'reachGap', 'hostStateGap', 'massAtrocity'] as const) w[k] = r() * WEIGHT_RANGES[k].max;
  w.highRiskThreshold = 1 + r() * 60;
  return w;
}
const score = (x: Input, w: ScoringWeights) => scoreThreat(threatOf(x), evidenceOf(x), w).score;

describe('risk score', () => {
  it('is likelihood × impact at zero weights, and the documented product otherwise', () => {
    const x: Input = { L: 4, I: 5, V: 5, sV: 1, mode: null, host: 'none', atrocity: true, nearestKm: 64 };
    const zero = { ...DEFAULT_WEIGHTS, vulnerability: 0, reachGap: 0, hostStateGap: 0, massAtrocity: 0 };
    expect(score(x, zero)).toBe(20);
    // 20 × 1.5 × 1.5 × 1.25 × 1.5
    expect(score(x, DEFAULT_WEIGHTS)).toBeCloseTo(20 * 1.5 * 1.5 * 1.25 * 1.5, 12);
  });

  it('is monotonic in every input (property test over random inputs and weights)', () => {
    const r = rng(42);
    for (let trial = 0; trial < 3000; trial++) {
      const x = randomInput(r), w = randomWeights(r);
      const s = score(x, w);
      const up = (y: Input) => expect(score(y, w)).toBeGreaterThanOrEqual(s);
      if (x.L < 5) up({ ...x, L: (x.L + 1) as Level });
      if (x.I < 5) up({ ...x, I: (x.I + 1) as Level });
      const v = x.V ?? x.sV;
      if (v < 5) up({ ...x, V: (v + 1) as Level });
      if (x.V === null && x.sV < 5) up({ ...x, sV: (x.sV + 1) as Level });
      const g = GAP_ORDER.indexOf(x.mode);
      for (let k = g + 1; k < GAP_ORDER.length; k++) up({ ...x, mode: GAP_ORDER[k]! });
      const h = HOST.indexOf(x.host);
      for (let k = h + 1; k < HOST.length; k++) up({ ...x, host: HOST[k]! });
      if (!x.atrocity) up({ ...x, atrocity: true });
    }
  });

  it('raising the weight of a present factor never lowers the score; of an absent one, changes nothing', () => {
    const r = rng(43);
    for (let trial = 0; trial < 3000; trial++) {
      const x = randomInput(r), w = randomWeights(r);
      const s = score(x, w);
      const v = x.V ?? x.sV;
      const present = { vulnerability: v > 1, reachGap: REACH_GAP[x.mode ?? 'none'] > 0, hostStateGap: x.host !== 'adequate', massAtrocity: x.atrocity };
      for (const k of ['vulnerability', 'reachGap', 'hostStateGap', 'massAtrocity'] as const) {
        const w2 = { ...w, [k]: Math.min(WEIGHT_RANGES[k].max, w[k] + r() * 0.5 + 0.01) };
        const s2 = score(x, w2);
        if (present[k]) expect(s2).toBeGreaterThan(s); else expect(s2).toBe(s);
      }
    }
  });

  it('every reason carries the numbers it states, and those are the computed components', () => {
    const r = rng(44);
    for (let trial = 0; trial < 500; trial++) {
      const x = randomInput(r), w = randomWeights(r);
      const res = scoreThreat(threatOf(x), evidenceOf(x), w);
      for (const reason of res.reasons) expect(parseNumbers(reason.text)).toEqual(reason.numbers);
      const by = Object.fromEntries(res.reasons.map((q) => [q.key, q.numbers]));
      const c = res.components;
      const r2 = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;
      expect(by.base).toEqual([c.likelihood, c.impact, c.base, 3, 4]);
      expect(c.base).toBe(x.L * x.I);
      expect(by.vulnerability).toEqual([c.vulnerability.level, 5, r2(w.vulnerability), r2(c.vulnerability.factor)]);
      expect(c.vulnerability.level).toBe(x.V ?? x.sV);
      const km = x.nearestKm < 10 ? r2(x.nearestKm, 1) : Math.round(x.nearestKm);
      expect(by.reachGap).toEqual([km, r2(w.reachGap), r2(c.reachGap.factor)]);
      expect(by.hostState).toEqual([r2(w.hostStateGap), r2(c.hostState.factor)]);
      expect(by.massAtrocity).toEqual(x.atrocity ? [2, 1, r2(w.massAtrocity), r2(c.massAtrocity.factor)] : [r2(c.massAtrocity.factor)]);
      expect(by.score).toEqual([r2(res.score, 1), r2(w.highRiskThreshold, 1)]);
      // The product of the components is the score.
      expect(c.base * c.vulnerability.factor * c.reachGap.factor * c.hostState.factor * c.massAtrocity.factor).toBeCloseTo(res.score, 10);
    }
  });

  it('flags are consistent: high risk is exactly one of capability gap / requires mission action', () => {
    const r = rng(45);
    for (let trial = 0; trial < 2000; trial++) {
      const x = randomInput(r), w = randomWeights(r);
      const { score: s, flags: f, reasons } = scoreThreat(threatOf(x), evidenceOf(x), w);
      expect(f.highRisk).toBe(s >= w.highRiskThreshold);
      expect(f.withinReach).toBe(x.mode !== null);
      expect(f.capabilityGap).toBe(f.highRisk && x.mode === null);
      expect(f.requiresMissionAction).toBe(f.highRisk && x.mode !== null);
      expect(f.capabilityGap && f.requiresMissionAction).toBe(false);
      const verdict = reasons[reasons.length - 1]!.text;
      expect(verdict.includes('capability gap')).toBe(f.capabilityGap);
      expect(verdict.includes('requires mission action')).toBe(f.requiresMissionAction);
    }
  });

  it('with real evidence: the reasons start with the evidence and read as the issue asks', () => {
    const ctx = scenario();
    const e = threatEvidence(ctx, { rings: [SCENARIO_SQUARE], perpetrator: { name: 'Group A', type: null } }, { asOfDay: SCENARIO_DAY });
    const res = scoreThreat({ id: 'x', likelihood: 4, impact: 5, vulnerability: { level: null, groupsAtRisk: [], note: '' }, hostStatePresence: 'limited' }, e);
    expect(res.reasons.slice(0, e.reasons.length)).toEqual(e.reasons);
    expect(res.reasons.map((q) => q.text)).toContain('Vulnerability 4 of 5 (evidence), weight 0.50: ×1.38');
    expect(res.components.reachGap).toMatchObject({ bestMode: 'air', gap: 0.5, factor: 1.25 });
    // The worked example of docs/threat-scoring.md: 20 × 1.375 × 1.25 × 1.125 × 1.5.
    expect(res.score).toBeCloseTo(58.0078125, 12);
    expect(res.flags).toMatchObject({ highRisk: true, requiresMissionAction: true, capabilityGap: false });
    for (const q of res.reasons) expect(parseNumbers(q.text)).toEqual(q.numbers);
    // Without the air asset the same threat is a capability gap.
    const noAir = threatEvidence({ ...ctx, presences: ctx.presences.map((p) => ({ ...p, reachKm: { ...p.reachKm, air: 0 } })) },
      { rings: [SCENARIO_SQUARE], perpetrator: { name: 'Group A', type: null } }, { asOfDay: SCENARIO_DAY });
    const gap = scoreThreat({ id: 'x', likelihood: 4, impact: 5, vulnerability: { level: null, groupsAtRisk: [], note: '' }, hostStatePresence: 'limited' }, noAir);
    expect(gap.flags.capabilityGap).toBe(true);
    expect(gap.score).toBeGreaterThan(res.score);
    expect(gap.score).toBeCloseTo(69.609375, 12); // docs/threat-scoring.md
    expect(noAir.reasons.map((q) => q.text)).toContain('Nearest presence 64 km (Camp East) — beyond road and air reach of every presence');
  });

  it('validates weights: defaults for missing, clamped out of range, each reported', () => {
    expect(validateWeights(undefined)).toEqual({ weights: DEFAULT_WEIGHTS, errors: [] });
    const v = validateWeights({ vulnerability: 5, reachGap: -1, hostStateGap: 'x', highRiskThreshold: 20 });
    expect(v.weights).toEqual({ ...DEFAULT_WEIGHTS, vulnerability: 2, reachGap: 0, highRiskThreshold: 20 });
    expect(v.errors).toHaveLength(3);
  });

  it('ranks by score, ties by impact (mass atrocities first), then likelihood, then id; archived left out', () => {
    const base: Input = { L: 3, I: 3, V: 1, sV: 1, mode: 'road', host: 'adequate', atrocity: false, nearestKm: 5 };
    const items = [
      { ...threatOf({ ...base, L: 4, I: 3 }, 'b'), status: 'active' as const, x: { ...base, L: 4 as Level, I: 3 as Level } },
      { ...threatOf({ ...base, L: 3, I: 4 }, 'a'), status: 'active' as const, x: { ...base, L: 3 as Level, I: 4 as Level } },
      { ...threatOf({ ...base, L: 5, I: 5 }, 'c'), status: 'archived' as const, x: { ...base, L: 5 as Level, I: 5 as Level } },
      { ...threatOf({ ...base, L: 2, I: 2 }, 'd'), status: 'draft' as const, x: { ...base, L: 2 as Level, I: 2 as Level } },
    ];
    const ranked = rankThreats(items, (t) => evidenceOf(t.x));
    expect(ranked.map((r) => [r.rank, r.threat.id])).toEqual([[1, 'a'], [2, 'b'], [3, 'd']]);
    expect(rankThreats(items, (t) => evidenceOf(t.x), DEFAULT_WEIGHTS, { includeArchived: true })[0]!.threat.id).toBe('c');
    // Changing a weight changes the order: reach gap matters once one threat is out of reach.
    const gapItems = [items[0]!, { ...items[1]!, x: { ...items[1]!.x, mode: null } }];
    expect(rankThreats(gapItems, (t) => evidenceOf(t.x), { ...DEFAULT_WEIGHTS, reachGap: 0 }).map((r) => r.threat.id)).toEqual(['a', 'b']);
    // Equal scores, impact and likelihood: more civilians killed in the evidence ranks first.
    const tie = [{ ...items[0]!, id: 'p' }, { ...items[0]!, id: 'q' }];
    const killed = (id: string) => ({ ...evidenceOf(base), recent: { fatalities: id === 'q' ? 9 : 1, killings: 1 }, baseline: { fatalities: 0, killings: 0 } });
    expect(rankThreats(tie, (t) => killed(t.id)).map((r) => r.threat.id)).toEqual(['q', 'p']);
    const m = riskMatrix(items);
    expect(m[3]![2]).toEqual(['b']);
    expect(m[2]![3]).toEqual(['a']);
  });
});
