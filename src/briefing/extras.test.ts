import { describe, expect, it } from 'vitest';
import type { Dataset } from '../io/dataset.ts';
import { createThreat } from '../threats/model.ts';
import { evidenceForThreat, threatEvidence } from '../threats/evidence.ts';
import { rankThreats } from '../threats/scoring.ts';
import { aarTriggers } from '../threats/aar.ts';
import { earlyWarning } from '../threats/earlyWarning.ts';
import { areaGeometry, areaContains, prepareArea } from '../threats/area.ts';
import type { ThreatCandidate } from '../threats/candidates.ts';
import { SCENARIO_DAY, SCENARIO_SQUARE, presence, scenario } from '../threats/testData.ts';
import { buildBriefingExtras } from './extras.ts';

function dataset(withBaseInside: boolean): Dataset {
  const ctx = scenario();
  const presences = withBaseInside ? [...ctx.presences, presence('COB-K', 'COB Kanda', 'operating_base', 20.1, 5.1)] : [];
  return { name: 'test', exercise: true, period: null, incidents: ctx.incidents, presences, aors: [], sites: [...ctx.sites], settlements: [...ctx.settlements], roads: null, rejected: [] };
}

function candidate(d: Dataset, pattern: ThreatCandidate['pattern'], id: string): ThreatCandidate {
  const evidence = threatEvidence(d, { rings: [SCENARIO_SQUARE] });
  return {
    id, origin: 'emerging', label: 'x', title: `Hot spot ${id}`, hotspotRank: null, pattern, cells: 4, mergedFrom: [], refs: [],
    rings: [SCENARIO_SQUARE], perpetrator: { name: null, type: null }, threatTypes: [], evidence, areaIncidents: evidence.incidents, overlapsWith: [], draftScore: 0,
  };
}

describe('briefing extras', () => {
  const period = { startDay: SCENARIO_DAY - 29, endDay: SCENARIO_DAY };

  it('lists the ranked threats with their reasons, reviews due in the period, and new or intensifying hot spots', () => {
    const d = dataset(true);
    const t = { ...createThreat({ id: 'T-A', title: 'Group A killings at Kanda', area: { kind: 'polygon', rings: [SCENARIO_SQUARE] }, nowIso: '2024-07-01T00:00:00Z', likelihood: 5, impact: 5 }), status: 'active' as const };
    const ranked = rankThreats([t], (x) => evidenceForThreat(d, x));
    const reviews = aarTriggers(d.incidents, d.presences, { period });
    const warning = earlyWarning(d.incidents, [{ id: 'threat:T-A', name: t.title, kind: 'threat', geometry: areaGeometry(t.area.rings) }]);
    const cands = [candidate(d, 'persistent_hot', 'p'), candidate(d, 'new_hot', 'n'), candidate(d, 'intensifying_hot', 'i')];
    const x = buildBriefingExtras({ dataset: d, period, ranked, candidates: cands, reviews, warning });

    expect(x.threats).toHaveLength(1);
    const top = x.threats[0]!;
    expect(top.title).toBe('Group A killings at Kanda');
    expect(top.score).toBe(Math.round(ranked[0]!.result.score * 10) / 10);
    expect(top.reasons[0]).toBe(ranked[0]!.result.reasons[0]!.text);
    expect(top.reasons[top.reasons.length - 1]).toMatch(/^Risk score /);
    expect(areaContains(prepareArea([SCENARIO_SQUARE]), top.lon, top.lat)).toBe(true);

    // Persistent hot spots are not "new or intensifying"; intensifying comes first.
    expect(x.hotspots.map((h) => h.id)).toEqual(['i', 'n']);
    let n = 0;
    const area = prepareArea([SCENARIO_SQUARE]);
    for (let k = 0; k < d.incidents.length; k++) if (d.incidents.day[k]! >= period.startDay && areaContains(area, d.incidents.lon[k]!, d.incidents.lat[k]!)) n++;
    expect(x.hotspots[0]!.detail.startsWith(`${n} incidents in the period`)).toBe(true);

    const aar = x.decisions.filter((dd) => dd.kind === 'After-action reviews');
    expect(reviews.reviewRequired.length).toBeGreaterThan(0);
    expect(aar).toHaveLength(1);
    expect(aar[0]!.text.startsWith(`${reviews.reviewRequired.length} reviews required`)).toBe(true);
    const items = x.decisions.filter((dd) => dd.kind === 'Review');
    expect(items.length).toBe(Math.min(3, reviews.reviewRequired.length));
    // The worst first: the incident that killed 6 (R2) heads the items.
    expect(items[0]!.text.startsWith('R2 ')).toBe(true);
    for (const dd of x.decisions) expect(Number.isFinite(dd.lon) && Number.isFinite(dd.lat)).toBe(true);
    expect(x.decisions.some((dd) => dd.kind === 'Capability gap')).toBe(false);
  });

  it('names a high-risk threat no presence reaches as a capability gap', () => {
    const d = dataset(false);
    const t = createThreat({ id: 'T-B', title: 'Out of reach', area: { kind: 'polygon', rings: [SCENARIO_SQUARE] }, nowIso: '2024-07-01T00:00:00Z', likelihood: 5, impact: 5 });
    const ranked = rankThreats([t], (x) => evidenceForThreat(d, x));
    expect(ranked[0]!.result.flags.capabilityGap).toBe(true);
    const x = buildBriefingExtras({ dataset: d, period, ranked, candidates: [], reviews: null, warning: null });
    const gaps = x.decisions.filter((dd) => dd.kind === 'Capability gap');
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.text).toMatch(/^T1 Out of reach: high risk \(\d+\.\d\), no presence reaches the area/);
    expect(x.hotspots).toEqual([]);
  });

  it('is empty without a register, hotspots or reviews', () => {
    const d = dataset(false);
    expect(buildBriefingExtras({ dataset: d, period, ranked: [], candidates: [], reviews: null, warning: null })).toEqual({ threats: [], hotspots: [], decisions: [] });
  });
});
