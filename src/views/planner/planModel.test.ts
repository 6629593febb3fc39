import { describe, expect, it } from 'vitest';
import { distanceKm, EARTH_RADIUS_KM } from '../../domain/geo.ts';
import type { Presence } from '../../domain/presence.ts';
import { WhatIfCoverage } from '../../planning/whatIf.ts';
import {
  diffSlots, gapClusters, NO_EDITS, planPresences, rankGaps, reachInMode, unionAreaKm2, type PlanningMode, type ScenarioEdits, type SlotState,
} from './planModel.ts';
import { planToCsv, planToJson, type PlanExportInput } from './exportScenario.ts';
import { mulberry32 as rng } from '../../domain/random.ts';

const presences: Presence[] = [
  { id: 'A', name: 'Base A', type: 'operating_base', component: 'military', strength: 200, lon: 25, lat: 5, reachKm: { foot: 10, road: 50, air: 0 } },
  { id: 'B', name: 'Base B', type: 'operating_base', component: 'military', strength: 150, lon: 26, lat: 5.5, reachKm: { foot: 10, road: 40, air: 0 } },
  { id: 'H', name: 'Sector HQ', type: 'sector_hq', component: 'military', strength: 700, lon: 27, lat: 4, reachKm: { foot: 10, road: 80, air: 250 } },
  { id: 'F', name: 'Field office', type: 'field_office', component: 'civilian', strength: 20, lon: 24, lat: 4, reachKm: { foot: 5, road: 25, air: 0 } },
];

describe('planPresences', () => {
  it('applies moves, per-type and per-presence ranges (presence wins), closures and temporary bases', () => {
    const edits: ScenarioEdits = {
      moved: { B: { lon: 26.5, lat: 5.2 } },
      reach: { A: { road: 70 } },
      typeReach: { operating_base: { road: 60, foot: 12 } },
      closed: ['F'],
      temporary: [{ id: 't1', name: 'TOB 1', lon: 24.5, lat: 6, reachKm: { foot: 10, road: 50, air: 0 }, strength: 0 }],
    };
    const plan = planPresences(presences, edits);
    expect(plan.map((p) => p.key)).toEqual(['p:A', 'p:B', 'p:H', 'p:F', 't:t1']);
    expect(plan[0]!.reachKm).toEqual({ foot: 12, road: 70, air: 0 });
    expect(plan[1]!.reachKm).toEqual({ foot: 12, road: 60, air: 0 });
    expect(plan[1]!.from).toEqual({ lon: 26, lat: 5.5 });
    expect([plan[1]!.lon, plan[1]!.lat]).toEqual([26.5, 5.2]);
    expect(plan[1]!.status).toEqual(['moved', 'range']);
    expect(plan[2]!.status).toEqual([]);
    expect(plan[3]!.active).toBe(false);
    expect(plan[4]!.temporary).toBe(true);
    expect(planPresences(presences, NO_EDITS).every((p) => p.status.length === 0)).toBe(true);
  });
  it("'any' is the widest range", () => {
    expect(reachInMode({ foot: 10, road: 80, air: 250 }, 'any')).toBe(250);
    expect(reachInMode({ foot: 10, road: 0, air: 0 }, 'road')).toBe(0);
  });
});

describe('diffSlots drives a what-if session to the same state as a fresh one', () => {
  it('over random edit sequences, for every mode', () => {
    const r = rng(7);
    const N = 3000;
    const demand = { lon: new Float64Array(N), lat: new Float64Array(N), weight: new Float64Array(N) };
    for (let i = 0; i < N; i++) { demand.lon[i] = 23 + 5 * r(); demand.lat[i] = 3 + 4 * r(); demand.weight[i] = 1 + Math.floor(3 * r()); }
    for (const mode of ['foot', 'road', 'air', 'any'] as PlanningMode[]) {
      const base = planPresences(presences, NO_EDITS);
      const session = new WhatIfCoverage(demand, base.map((p) => ({ lon: p.lon, lat: p.lat, reachKm: reachInMode(p.reachKm, mode) })));
      let keys = base.map((p) => p.key);
      let applied: SlotState[] = base.map((p) => ({ lon: p.lon, lat: p.lat, reachKm: reachInMode(p.reachKm, mode), active: true }));
      let edits: ScenarioEdits = NO_EDITS;
      for (let step = 0; step < 60; step++) {
        const k = Math.floor(6 * r());
        const id = presences[Math.floor(r() * presences.length)]!.id;
        if (k === 0) edits = { ...edits, moved: { ...edits.moved, [id]: { lon: 23 + 5 * r(), lat: 3 + 4 * r() } } };
        else if (k === 1) edits = { ...edits, reach: { ...edits.reach, [id]: { road: 100 * r(), air: r() < 0.5 ? 0 : 200 * r() } } };
        else if (k === 2) edits = { ...edits, closed: edits.closed.includes(id) ? edits.closed.filter((x) => x !== id) : [...edits.closed, id] };
        else if (k === 3) edits = { ...edits, temporary: [...edits.temporary, { id: `t${step}`, name: `TOB ${step}`, lon: 23 + 5 * r(), lat: 3 + 4 * r(), reachKm: { foot: 10, road: 50 * r(), air: 0 }, strength: 0 }] };
        else if (k === 4 && edits.temporary.length) edits = { ...edits, temporary: edits.temporary.slice(1) };
        else edits = { ...edits, typeReach: { operating_base: { road: 80 * r() } } };
        const plan = planPresences(presences, edits);
        const d = diffSlots(keys, applied, plan, mode);
        for (const e of d.edits) session.apply(e);
        keys = d.keys; applied = d.applied;
        // Reference: a fresh session over the scenario's active presences.
        const fresh = new WhatIfCoverage(demand, plan.filter((p) => p.active).map((p) => ({ lon: p.lon, lat: p.lat, reachKm: reachInMode(p.reachKm, mode) })));
        expect(session.totals().coveredCount).toBe(fresh.totals().coveredCount);
        expect(session.totals().coveredWeight).toBeCloseTo(fresh.totals().coveredWeight, 6);
        expect(session.coveredMask()).toEqual(fresh.coveredMask());
        // Every slot of the scenario is where the scenario has it.
        for (const p of plan) {
          const s = applied[keys.indexOf(p.key)]!;
          expect(s.active).toBe(p.active);
          if (p.active) expect([s.lon, s.lat, s.reachKm]).toEqual([p.lon, p.lat, reachInMode(p.reachKm, mode)]);
        }
      }
      // Back to no edits: the delta against the baseline is exactly 0.
      const d = diffSlots(keys, applied, planPresences(presences, NO_EDITS), mode);
      for (const e of d.edits) session.apply(e);
      expect(session.delta().count).toBe(0);
      expect(session.delta().gainedCount).toBe(0);
      expect(session.delta().lostCount).toBe(0);
    }
  });
  it('sends nothing when nothing changed', () => {
    const plan = planPresences(presences, NO_EDITS);
    const applied = plan.map((p) => ({ lon: p.lon, lat: p.lat, reachKm: reachInMode(p.reachKm, 'road'), active: true }));
    expect(diffSlots(plan.map((p) => p.key), applied, plan, 'road').edits).toEqual([]);
  });
});

describe('unionAreaKm2', () => {
  it('one disc: the spherical cap area 2πR²(1 − cos(r/R))', () => {
    for (const km of [2, 10, 50, 300]) {
      const want = 2 * Math.PI * EARTH_RADIUS_KM ** 2 * (1 - Math.cos(km / EARTH_RADIUS_KM));
      expect(Math.abs(unionAreaKm2([{ lon: 25, lat: 5, km }], 1) - want) / want).toBeLessThan(1.5e-3);
    }
  });
  it('disjoint discs add up, identical discs count once, overlap against Monte Carlo', () => {
    const a = { lon: 20, lat: 0, km: 40 }, b = { lon: 30, lat: 10, km: 60 };
    const one = unionAreaKm2([a]), two = unionAreaKm2([b]);
    expect(unionAreaKm2([a, b]) / (one + two)).toBeCloseTo(1, 4);
    expect(unionAreaKm2([a, a, a])).toBeCloseTo(one, 6);
    const c = { lon: 20.5, lat: 0.2, km: 50 };
    const r = rng(3);
    // Monte Carlo over a lon/lat box, weighting samples by cos(lat) (equal area).
    let hit = 0, tot = 0;
    const W = 19, E = 21.5, S = -1, N = 1.3;
    for (let i = 0; i < 400_000; i++) {
      const lon = W + (E - W) * r(), lat = S + (N - S) * r();
      const w = Math.cos((lat * Math.PI) / 180);
      tot += w;
      if (distanceKm(lon, lat, a.lon, a.lat) <= a.km || distanceKm(lon, lat, c.lon, c.lat) <= c.km) hit += w;
    }
    const boxKm2 = EARTH_RADIUS_KM ** 2 * ((E - W) * Math.PI / 180) * (Math.sin((N * Math.PI) / 180) - Math.sin((S * Math.PI) / 180));
    const mc = (hit / tot) * boxKm2;
    expect(Math.abs(unionAreaKm2([a, c]) - mc) / mc).toBeLessThan(0.01);
  });
  it('nothing for no disc or zero ranges', () => {
    expect(unionAreaKm2([])).toBe(0);
    expect(unionAreaKm2([{ lon: 1, lat: 1, km: 0 }])).toBe(0);
  });
});

describe('gaps', () => {
  it('groups uncovered demand by nearest settlement within 40 km, else a grid cell, ranked by weight', () => {
    const places = [{ name: 'Alpha', lon: 25, lat: 5 }, { name: 'Beta', lon: 27, lat: 5 }];
    const lon = [25.1, 25.2, 26.95, 27.05, 29.3, 29.31, 25.0];
    const lat = [5.0, 5.1, 5.0, 5.05, 2.2, 2.21, 5.0];
    const weight = [1, 4, 2, 2, 1, 1, 10];
    const covered = Uint8Array.from([0, 0, 0, 0, 0, 0, 1]);
    const clusters = gapClusters(lon, lat, places);
    expect(clusters.names[clusters.of[0]!]).toBe('Alpha');
    expect(clusters.names[clusters.of[4]!]).toMatch(/^area at 2\.3°N 29\.3°E$/);
    expect(clusters.of[4]).toBe(clusters.of[5]);
    const plan = planPresences([{ id: 'X', name: 'X', type: 'operating_base', component: 'military', strength: 1, lon: 27, lat: 5.5, reachKm: { foot: 1, road: 20, air: 0 } }], NO_EDITS);
    const gaps = rankGaps({ lon, lat, weight, covered, clusters, killed: [0, 2, 1, 0, 0, 0, 9] }, plan, 'road');
    expect(gaps.map((g) => [g.name, g.weight, g.count, g.killed])).toEqual([
      ['around Alpha', 5, 2, 2], ['around Beta', 4, 2, 1], ['area at 2.3°N 29.3°E', 2, 2, 0],
    ]);
    // Weighted centre: (0.1·1 + 0.2·4)/5 east of Alpha's first point's meridian.
    expect(gaps[0]!.lon).toBeCloseTo((25.1 * 1 + 25.2 * 4) / 5, 10);
    expect(gaps[1]!.nearest?.name).toBe('X');
    expect(gaps[1]!.nearest?.reachKm).toBe(20);
  });
});

describe('exports', () => {
  const plan = planPresences(presences, { ...NO_EDITS, temporary: [{ id: 't1', name: '=TOB 1', lon: 24.5, lat: 6, reachKm: { foot: 10, road: 50, air: 0 }, strength: 0 }] });
  const share = { covered: 5, total: 10, delta: 1 };
  const fig = { incidents: share, killed: share, weight: share, population: share, hotspot: null, personnel: 1000, areaKm2: 12345 };
  const inp: PlanExportInput = {
    tool: 'POC Threat Map test', exportedAt: '2026-11-23T10:00:00.000Z', scenarioName: 'Plan, "A"', datasetName: 'Exercise SABLE RIVER', exercise: true,
    demand: 'Incidents: 1 + civilians killed', incidents: 'All (10)', mode: 'road', presences: plan,
    byMode: { foot: { mode: 'foot', ...fig }, road: { mode: 'road', ...fig }, air: { mode: 'air', ...fig }, any: { mode: 'any', ...fig } },
    perPresence: [], perAor: [{ name: 'Sector West', incidents: share, population: share }], gaps: [], proposals: null,
  };
  it('JSON carries the provenance and every presence', () => {
    const j = JSON.parse(planToJson(inp)) as { provenance: Record<string, unknown>; presences: unknown[]; coverage: { byMode: Record<string, { incidents: { sharePct: number } }> } };
    expect(j.provenance).toMatchObject({ scenario: 'Plan, "A"', dataset: 'Exercise SABLE RIVER', exercise: true, exported: '2026-11-23T10:00:00.000Z', marking: 'EXERCISE — SYNTHETIC DATA' });
    expect(j.presences).toHaveLength(5);
    expect(j.coverage.byMode.road!.incidents.sharePct).toBe(50);
  });
  it('CSV: provenance lines first (count stated), then a header and neutralised text cells', () => {
    const lines = planToCsv(inp).split('\r\n');
    const n = Number(/the first (\d+) lines/.exec(lines[0]!)![1]);
    expect(lines.slice(0, n).every((l) => l.startsWith('# '))).toBe(true);
    expect(lines.slice(0, n).join('\n')).toMatch(/exercise: true/);
    expect(lines[n]).toBe('section,id,name,type,status,lon,lat,reach_foot_km,reach_road_km,reach_air_km,strength,mode,measure,covered,total,share_pct,delta_vs_baseline');
    expect(lines.find((l) => l.startsWith('temporary_base'))).toContain(",'=TOB 1,");
    expect(lines.filter((l) => l.startsWith('coverage,')).length).toBe(4 * 6);
  });
});
