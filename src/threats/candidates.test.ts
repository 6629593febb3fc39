import { describe, expect, it } from 'vitest';
import type { EmergingPatternId, EmergingResult } from '../analysis/emerging.ts';
import { EMERGING_PATTERNS, NOT_ANALYSED } from '../analysis/emerging.ts';
import type { GridSpec } from '../analysis/grid.ts';
import { cellCentresLonLat } from '../analysis/grid.ts';
import { hotspots } from '../analysis/hotspots.ts';
import { rng } from '../analysis/testing.ts';
import { isoFromDay } from '../domain/incidents.ts';
import { areaContains, prepareArea } from './area.ts';
import type { EvidenceContext } from './evidence.ts';
import {
  acceptCandidate, applyMerges, candidateId, cellsOutline, dismissCandidate, mergeCandidates, prefill, proposeCandidates, visibleCandidates,
} from './candidates.ts';
import { parseThreat } from './model.ts';
import { inc, presence, settlement, table } from './testData.ts';

const GRID: GridSpec = { projection: { lon0: 20, lat0: 5 }, x0: -50, y0: -50, cellKm: 10, nx: 10, ny: 10 };
const D = 19_900;

/** Oracle: cells covered by the outline = the set plus holes (empty cells not 8-connected to the outside). */
function covered(nx: number, ny: number, inSet: Uint8Array): Uint8Array {
  const W = nx + 2, H = ny + 2;
  const set = (i: number, j: number) => i >= 1 && j >= 1 && i <= nx && j <= ny && inSet[(j - 1) * nx + (i - 1)] === 1;
  const reached = new Uint8Array(W * H);
  const stack = [0];
  reached[0] = 1;
  while (stack.length) {
    const k = stack.pop()!;
    const i = k % W, j = (k - i) / W;
    for (let dj = -1; dj <= 1; dj++) for (let di = -1; di <= 1; di++) {
      const a = i + di, b = j + dj;
      if (a < 0 || b < 0 || a >= W || b >= H || reached[b * W + a] || set(a, b)) continue;
      reached[b * W + a] = 1;
      stack.push(b * W + a);
    }
  }
  const out = new Uint8Array(nx * ny);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) out[j * nx + i] = inSet[j * nx + i] || !reached[(j + 1) * W + i + 1] ? 1 : 0;
  return out;
}

function fakeEmerging(grid: GridSpec, patternByCell: Uint8Array): EmergingResult {
  return {
    grid, binStartDay: new Int32Array(0), endDay: D, neighbourhoodKm: 15, locations: new Int32Array(0), counts: new Float64Array(0),
    z: new Float64Array(0), bin: new Int8Array(0), trendZ: new Float64Array(0), trendP: new Float64Array(0), pattern: new Uint8Array(0),
    patternByCell, patternCounts: EMERGING_PATTERNS.map(() => 0),
  };
}
const code = (id: EmergingPatternId) => EMERGING_PATTERNS.findIndex((p) => p.id === id);

describe('outline of grid cells', () => {
  it('covers exactly the cells (holes filled) for random cell sets', () => {
    const r = rng(3);
    const centres = cellCentresLonLat(GRID);
    for (let trial = 0; trial < 200; trial++) {
      const inSet = new Uint8Array(100);
      const p = 0.2 + 0.5 * r();
      for (let k = 0; k < 100; k++) inSet[k] = r() < p ? 1 : 0;
      const cells = [...inSet.keys()].filter((k) => inSet[k]);
      const rings = cellsOutline(GRID, cells);
      const area = prepareArea(rings);
      const want = covered(10, 10, inSet);
      const got = new Uint8Array(100);
      for (let k = 0; k < 100; k++) got[k] = areaContains(area, centres.lon[k]!, centres.lat[k]!) ? 1 : 0;
      expect(Array.from(got)).toEqual(Array.from(want));
      for (const ring of rings) expect(ring[0]).toEqual(ring[ring.length - 1]);
    }
  });

  it('an L of three cells is one ring of six corners; corner-touching cells are two rings', () => {
    expect(cellsOutline(GRID, [0, 1, 10])).toHaveLength(1);
    expect(cellsOutline(GRID, [0, 1, 10])[0]).toHaveLength(7);
    expect(cellsOutline(GRID, [0, 11])).toHaveLength(2);
  });
});

describe('candidate threats', () => {
  function ctxAndSources() {
    const centres = cellCentresLonLat(GRID);
    const at = (k: number) => ({ lon: centres.lon[k]!, lat: centres.lat[k]! });
    const A = { perpetrator: 'Group A', perpetratorType: 'armed_group' as const };
    const rows = [
      // Hotspot 1 (block of cells 11, 12, 21, 22): Group A killings, one CRSV, lootings by others.
      ...[0, 1, 2, 3, 4].map((k) => inc({ id: `k${k}`, ...at(11 + (k % 2)), date: isoFromDay(D - 3 * k), fatalities: 1, ...A })),
      inc({ id: 'crsv', ...at(21), date: isoFromDay(D - 2), threatType: 'crsv', ...A }),
      ...[0, 1, 2].map((k) => inc({ id: `l${k}`, ...at(22), date: isoFromDay(D - 40 - k), threatType: 'looting', perpetrator: `Gang ${String.fromCharCode(65 + k)}`, perpetratorType: 'criminal' })),
      // Hotspot 2 (cells 66, 77): mixed perpetrators, no dominant name, state forces dominant type.
      inc({ id: 's1', ...at(66), date: isoFromDay(D - 1), threatType: 'arbitrary_detention', perpetrator: 'Unit X', perpetratorType: 'state_forces' }),
      inc({ id: 's2', ...at(77), date: isoFromDay(D - 1), threatType: 'arbitrary_detention', perpetrator: 'Unit Y', perpetratorType: 'state_forces' }),
      inc({ id: 's3', ...at(77), date: isoFromDay(D - 1), threatType: 'intimidation', perpetrator: 'Unit Z', perpetratorType: 'unknown' }),
      // Outside hotspots.
      inc({ id: 'out', ...at(55), date: isoFromDay(D), fatalities: 3, ...A }),
    ];
    const ctx: EvidenceContext = {
      incidents: table(rows),
      settlements: [settlement('S1', 'Kanda', 20_000, centres.lon[12]!, centres.lat[12]!)],
      sites: [],
      presences: [presence('P1', 'Camp', 'operating_base', centres.lon[55]!, centres.lat[55]!)],
    };
    const density = new Float64Array(100).fill(0.1);
    for (const k of [11, 12, 21, 22]) density[k] = 5;
    density[66] = 9; density[77] = 9;
    const hs = hotspots({ kde: { grid: GRID, density } }, { threshold: { kind: 'absolute', value: 3 } });
    const pattern = new Uint8Array(100).fill(NOT_ANALYSED);
    pattern[11] = code('persistent_hot'); pattern[12] = code('intensifying_hot'); pattern[44] = code('historical_hot'); pattern[90] = code('new_cold');
    return { ctx, sources: { hotspots: { result: hs, grid: GRID }, emerging: fakeEmerging(GRID, pattern) } };
  }

  it('proposes hotspots and emerging hot spots, pre-filled, with deterministic ids', () => {
    const { ctx, sources } = ctxAndSources();
    const cands = proposeCandidates(ctx, sources, { asOfDay: D });
    expect(cands.map((c) => c.label).sort()).toEqual(['Hotspot 1', 'Hotspot 2', 'Intensifying hot spot']);
    const h1 = cands.find((c) => c.label === 'Hotspot 1')!;
    expect(h1.id).toBe(candidateId('density', GRID, [11, 12, 21, 22]));
    expect(h1.perpetrator).toEqual({ name: 'Group A', type: 'armed_group' }); // 6 of 9
    expect(h1.threatTypes).toEqual(['killing', 'crsv', 'looting']); // life + CRSV always, looting ≥ 10 %
    expect(h1.evidence.recent).toMatchObject({ incidents: 6, killings: 5, fatalities: 5, crsv: 1 });
    expect(h1.areaIncidents).toHaveLength(9);
    expect(h1.evidence.exposure.settlementPopulation).toBe(20_000);
    expect(h1.title).toBe('Hotspot 1: killing, conflict-related sexual violence, looting (Group A) near Kanda');
    const h2 = cands.find((c) => c.label === 'Hotspot 2')!;
    expect(h2.perpetrator).toEqual({ name: null, type: 'state_forces' });
    const em = cands.find((c) => c.origin === 'emerging')!;
    expect(em.pattern).toBe('intensifying_hot');
    expect(em.cells).toBe(2);
    expect(em.overlapsWith).toEqual([h1.id]);
    expect(h1.overlapsWith).toEqual([em.id]);
    // Ordered by draft score; the same input gives the same candidates.
    for (let k = 1; k < cands.length; k++) expect(cands[k - 1]!.draftScore).toBeGreaterThanOrEqual(cands[k]!.draftScore);
    expect(proposeCandidates(ctx, sources, { asOfDay: D }).map((c) => c.id)).toEqual(cands.map((c) => c.id));
  });

  it('merges into the union of the evidence, order-independent; dismiss and accept', () => {
    const { ctx, sources } = ctxAndSources();
    const cands = proposeCandidates(ctx, sources, { asOfDay: D });
    const h1 = cands.find((c) => c.label === 'Hotspot 1')!, h2 = cands.find((c) => c.label === 'Hotspot 2')!;
    const m = mergeCandidates(ctx, h1, h2, { asOfDay: D });
    const m2 = mergeCandidates(ctx, h2, h1, { asOfDay: D });
    expect(m.id).toBe(m2.id);
    expect(m.rings).toEqual(m2.rings);
    expect(m.label).toBe('Hotspot 1 + Hotspot 2');
    expect(Array.from(m.areaIncidents)).toEqual([...new Set([...h1.areaIncidents, ...h2.areaIncidents])].sort((a, b) => a - b));
    expect(m.mergedFrom).toEqual([h1.id, h2.id].sort());
    expect(applyMerges(ctx, cands, [[h2.id, h1.id]], { asOfDay: D })[0]!.id).toBe(m.id);
    const vis = visibleCandidates([...cands, m], { dismissed: [], acceptedCandidateIds: [] });
    expect(vis.map((c) => c.id)).not.toContain(h1.id);
    expect(vis.map((c) => c.id)).toContain(m.id);
    const dismissed = dismissCandidate(dismissCandidate([], m.id), m.id);
    expect(dismissed).toEqual([m.id]);
    expect(visibleCandidates([...cands, m], { dismissed, acceptedCandidateIds: [] }).map((c) => c.id)).toContain(h1.id);

    const t = acceptCandidate(h1, { nowIso: '2024-06-30T08:00:00.000Z', owner: 'JMAC analyst' });
    expect(t).toMatchObject({ id: `threat-${h1.id}`, status: 'active', source: 'candidate', candidateId: h1.id, owner: 'JMAC analyst', phase: 'response' });
    expect([t.likelihood, t.impact]).toEqual([h1.evidence.suggested.likelihood.level, h1.evidence.suggested.impact.level]);
    expect(t.area.kind).toBe('hotspot');
    expect(parseThreat(JSON.parse(JSON.stringify(t))).errors).toEqual([]);
    expect(visibleCandidates(cands, { dismissed: [], acceptedCandidateIds: [t.candidateId!] }).map((c) => c.id)).not.toContain(h1.id);
  });

  it('prefill leaves the perpetrator open without a majority, and never pre-fills "unknown"', () => {
    const t = table([
      inc({ lon: 0, lat: 0, date: '2024-01-01', perpetrator: 'Unknown', perpetratorType: 'unknown' }),
      inc({ lon: 0, lat: 0, date: '2024-01-01', perpetrator: 'Unknown', perpetratorType: 'unknown' }),
      inc({ lon: 0, lat: 0, date: '2024-01-01', perpetrator: 'A', perpetratorType: 'armed_group', threatType: 'looting' }),
    ]);
    const p = prefill({ incidents: t, presences: [], settlements: [], sites: [] }, [0, 1, 2]);
    expect(p.perpetrator).toEqual({ name: null, type: null });
    expect(p.threatTypes).toEqual(['killing', 'looting']);
  });
});
