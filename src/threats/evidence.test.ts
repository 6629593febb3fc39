import { describe, expect, it } from 'vitest';
import { prepareArea } from './area.ts';
import { areaExposure, evidenceForThreat, refreshThreat, suggestImpact, suggestLikelihood, threatEvidence } from './evidence.ts';
import type { Ring } from './model.ts';
import { createThreat, parseThreat } from './model.ts';
import { SCENARIO_DAY, SCENARIO_SQUARE, scenario } from './testData.ts';
import { parseNumbers } from './text.ts';

const SQUARE: Ring = SCENARIO_SQUARE;
const D = SCENARIO_DAY;

describe('threat evidence', () => {
  const ctx = scenario();

  it('counts the windows, the trend and the mass-atrocity indicators', () => {
    const e = threatEvidence(ctx, { rings: [SQUARE], perpetrator: { name: '  group   A ', type: null } }, { asOfDay: D });
    expect(e.recent).toMatchObject({ startDay: D - 29, endDay: D, days: 30, incidents: 7, killings: 6, fatalities: 11, crsv: 1, massKillings: 1 });
    expect(e.baseline).toMatchObject({ startDay: D - 119, endDay: D - 30, days: 90, incidents: 3, killings: 3, fatalities: 3 });
    expect(e.trend.expectedKillings).toBeCloseTo(1, 12);
    expect(e.trend.killingsPct).toBeCloseTo(500, 9);
    expect(e.trend.incidentsPct).toBeCloseTo(600, 9);
    expect(e.massAtrocity).toEqual({ massKillings: 1, crsv: 1, present: true });
    expect(e.incidents).toHaveLength(10);
  });

  it('filters by perpetrator type and threat types, and by mask', () => {
    const crim = threatEvidence(ctx, { rings: [SQUARE], perpetrator: { name: null, type: 'criminal' } }, { asOfDay: D });
    expect(crim.recent.incidents).toBe(1);
    const crsv = threatEvidence(ctx, { rings: [SQUARE], threatTypes: ['crsv'] }, { asOfDay: D });
    expect(crsv.recent.incidents).toBe(1);
    const mask = new Uint8Array(ctx.incidents.length);
    mask[0] = 1;
    expect(threatEvidence(ctx, { rings: [SQUARE] }, { asOfDay: D, mask }).recent.incidents).toBe(1);
  });

  it('population exposed, displacement sites and reach by mode', () => {
    const e = threatEvidence(ctx, { rings: [SQUARE] }, { asOfDay: D });
    expect(e.exposure.settlementPopulation).toBe(45_000);
    expect(e.exposure.settlements).toBe(2);
    expect(e.exposure.sitesInside.map((s) => s.id)).toEqual(['IDP1']);
    expect(e.exposure.displacedPopulation).toBe(8_000);
    expect(e.reach.nearest!.id).toBe('P1');
    expect(e.reach.nearest!.distanceKm).toBeCloseTo(64, 6);
    expect(e.reach.byMode.road).toEqual([]);
    expect(e.reach.byMode.air.map((p) => p.id)).toEqual(['P2']);
    expect(e.reach.bestMode).toBe('air');
    expect(e.reach.withinReach).toBe(true);
    // A larger radius takes in the far settlement.
    expect(areaExposure(prepareArea([SQUARE]), ctx.settlements, ctx.sites, 20).settlementPopulation).toBe(145_000);
  });

  it('suggests likelihood, impact and vulnerability by the documented thresholds', () => {
    const e = threatEvidence(ctx, { rings: [SQUARE], perpetrator: { name: 'Group A', type: null } }, { asOfDay: D });
    expect(e.suggested.likelihood.level).toBe(5);
    expect(e.suggested.impact.level).toBe(5); // a mass killing
    expect(e.suggested.vulnerability.level).toBe(4); // 45,000 people → 3, + displacement site → 4
    const w = (o: Partial<Parameters<typeof suggestImpact>[0]>) => ({ startDay: 0, endDay: 119, days: 120, incidents: 0, killings: 0, fatalities: 0, injured: 0, crsv: 0, abductions: 0, massKillings: 0, ...o });
    expect(suggestImpact(w({ fatalities: 25 }), 0).level).toBe(5);
    expect(suggestImpact(w({ killings: 3, fatalities: 3 }), 0).level).toBe(4);
    expect(suggestImpact(w({ crsv: 3 }), 3).level).toBe(4);
    expect(suggestImpact(w({ abductions: 1 }), 1).level).toBe(3);
    expect(suggestImpact(w({ incidents: 2 }), 2).level).toBe(2);
    expect(suggestImpact(w({ incidents: 2 }), 0).level).toBe(1);
    // Likelihood: 1 incident in 90 days, 30-day horizon → expected 0.333, P = 28 % → level 2.
    const r = w({ days: 30 }), b = w({ days: 90, incidents: 1 });
    const l = suggestLikelihood(r, b, 30);
    expect(l.expected).toBeCloseTo(1 / 3, 12);
    expect(l.probability).toBeCloseTo(1 - Math.exp(-1 / 3), 12);
    expect(l.level).toBe(2);
    expect(suggestLikelihood(r, w({ days: 90 }), 90).level).toBe(1);
  });

  it('says it in words, and the words carry the computed numbers', () => {
    const e = threatEvidence(ctx, { rings: [SQUARE], perpetrator: { name: 'Group A', type: null } }, { asOfDay: D });
    const text = e.reasons.map((r) => r.text);
    expect(text[0]).toBe('6 killings in 30 days, +500 % on the 90-day baseline (11 civilians killed)');
    expect(text).toContain('45,000 people in settlements within 10 km; 1 displacement site (8,000 people) inside or within 10 km');
    expect(text).toContain('Nearest presence 64 km (Camp East) — beyond road reach; within air reach of 1 presence');
    for (const r of [...e.reasons, e.suggested.likelihood.why, e.suggested.impact.why, e.suggested.vulnerability.why]) {
      expect(parseNumbers(r.text)).toEqual(r.numbers);
    }
    expect(e.reasons[0]!.numbers).toEqual([6, 30, 500, 90, 11]);
  });

  it('reports linked incidents, including those outside the area and missing ones', () => {
    const e = threatEvidence(ctx, { rings: [SQUARE], linkedIncidentIds: ['R0', 'OUT', 'NOPE'] }, { asOfDay: D });
    expect(e.linked).toMatchObject({ found: 2, missing: 1, notCounted: 1 });
  });

  it('a threat round-trips through JSON with its computed snapshot', () => {
    const t0 = createThreat({ id: 't1', title: 'Group A killings', area: { kind: 'polygon', rings: [SQUARE] }, nowIso: '2024-06-30T10:00:00Z', perpetrator: { name: 'Group A' } });
    const e = evidenceForThreat(ctx, t0, { asOfDay: D });
    const t = refreshThreat(t0, e);
    expect(t.updatedAt).toBe(t0.updatedAt);
    expect(t.suggested).toEqual({ likelihood: 5, impact: 5, vulnerability: 4, asOfDay: D });
    expect(t.missionReach).toMatchObject({ nearestPresenceId: 'P1', bestMode: 'air', byMode: { foot: [], road: [], air: ['P2'] } });
    const back = JSON.parse(JSON.stringify(t));
    expect(back).toEqual(t);
    expect(parseThreat(back).errors).toEqual([]);
    // Horizon: the default 90 days starting the next day.
    expect(t.timeHorizon).toEqual({ start: '2024-07-01', end: '2024-09-28' });
    expect(e.suggested.horizonDays).toBe(90);
  });

  it('an area with no incident and no presence still gives sentences', () => {
    const e = threatEvidence({ ...ctx, presences: [] }, { rings: [[[30, 0], [30.1, 0], [30.1, 0.1]]] }, { asOfDay: D });
    expect(e.reasons.map((r) => r.text)).toEqual([
      'No incidents in 30 days (0 in the 90 days before)',
      '0 people in settlements within 10 km',
      'No mission presence recorded',
    ]);
    expect(e.reach.withinReach).toBe(false);
    expect(e.suggested.likelihood.level).toBe(1);
    expect(e.trend.incidentsPct).toBeNull();
  });
});
