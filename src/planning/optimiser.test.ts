import { describe, expect, it } from 'vitest';
import { randomLonLat, rng } from '../analysis/testing.ts';
import { destination } from '../domain/geo.ts';
import type { CoverageSets } from './optimiser.ts';
import { coverageSets, coverageValue, coveredByExisting, exactOptimum, gridCandidates, greedyMaxCover, optimise } from './optimiser.ts';
import { coverageCountsBrute } from './sites.ts';
import { DemandIndex } from './spatial.ts';

const GUARANTEE = 1 - 1 / Math.E;
const tightFor = (k: number): number => 1 - (1 - 1 / k) ** k;
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(b));

interface Instance {
  demand: { lon: Float64Array; lat: Float64Array; weight: Float64Array };
  cand: { lon: Float64Array; lat: Float64Array; reachKm: Float64Array };
  existing?: { lon: Float64Array; lat: Float64Array; reachKm: Float64Array };
}

/** Clustered demand in a ~330 km box, random candidates with per-candidate reach; optional existing bases. */
function instance(seed: number, N: number, C: number, withExisting: boolean): Instance {
  const r = rng(seed);
  const clusters = 3 + Math.floor(r() * 6);
  const cx = Array.from({ length: clusters }, () => 20 + 3 * r()), cy = Array.from({ length: clusters }, () => 5 + 3 * r());
  const lon = new Float64Array(N), lat = new Float64Array(N), weight = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const c = Math.floor(r() * clusters);
    const g = (): number => (r() + r() + r() - 1.5) * 0.5;
    lon[i] = r() < 0.2 ? 20 + 3 * r() : cx[c]! + g();
    lat[i] = r() < 0.2 ? 5 + 3 * r() : cy[c]! + g();
    weight[i] = r() < 0.5 ? 1 : 1 + Math.floor(20 * r() ** 3);
  }
  const cl = randomLonLat(C, seed + 1, 20, 5, 23, 8);
  const cand = { ...cl, reachKm: Float64Array.from({ length: C }, () => 25 + 50 * r()) };
  const ex = withExisting ? { ...randomLonLat(2, seed + 2, 20, 5, 23, 8), reachKm: Float64Array.of(40, 60) } : undefined;
  return { demand: { lon, lat, weight }, cand, existing: ex };
}

function prepared(inst: Instance): { sets: CoverageSets; base: Uint8Array | null; index: DemandIndex } {
  const index = new DemandIndex(inst.demand.lon, inst.demand.lat);
  return { index, sets: coverageSets(index, inst.cand), base: inst.existing ? coveredByExisting(index, inst.existing) : null };
}

describe('candidate coverage sets', () => {
  it('equal the brute-force range test (CSR), with per-candidate and uniform reach', () => {
    const inst = instance(3, 2000, 40, false);
    inst.cand.reachKm[5] = 0; inst.cand.lon[6] = Number.NaN;
    const { sets, index } = prepared(inst);
    for (let c = 0; c < 40; c++) {
      const want = Array.from(coverageCountsBrute(inst.demand.lon, inst.demand.lat, [{ lon: inst.cand.lon[c]!, lat: inst.cand.lat[c]!, reachKm: inst.cand.reachKm[c]! }])).flatMap((x, i) => (x ? [i] : []));
      expect(Array.from(sets.items.subarray(sets.offsets[c]!, sets.offsets[c + 1]!)).sort((a, b) => a - b)).toEqual(want);
    }
    const uni = coverageSets(index, { lon: inst.cand.lon, lat: inst.cand.lat }, 30);
    const want = Array.from(coverageCountsBrute(inst.demand.lon, inst.demand.lat, [{ lon: inst.cand.lon[0]!, lat: inst.cand.lat[0]!, reachKm: 30 }])).flatMap((x, i) => (x ? [i] : []));
    expect(Array.from(uni.items.subarray(uni.offsets[0]!, uni.offsets[1]!)).sort((a, b) => a - b)).toEqual(want);
  });
});

describe('lazy greedy (CELF) = naive greedy', () => {
  it('same picks, gains and bounds on 150 random instances, with fewer evaluations', () => {
    let lazyEvals = 0, naiveEvals = 0;
    for (let t = 0; t < 150; t++) {
      const r = rng(1000 + t);
      const inst = instance(2000 + t, 300 + Math.floor(r() * 1500), 10 + Math.floor(r() * 120), t % 2 === 0);
      // Duplicate candidates and integer weights create exact ties: the tie rule must agree.
      if (t % 3 === 0) { inst.cand.lon[1] = inst.cand.lon[0]!; inst.cand.lat[1] = inst.cand.lat[0]!; inst.cand.reachKm[1] = inst.cand.reachKm[0]!; }
      const { sets, base } = prepared(inst);
      const k = 1 + Math.floor(r() * 12);
      const lazy = greedyMaxCover(sets, inst.demand.weight, k, base, { lazy: true });
      const naive = greedyMaxCover(sets, inst.demand.weight, k, base, { lazy: false });
      expect(lazy.picks).toEqual(naive.picks);
      expect(lazy.steps.map((s) => s.gain)).toEqual(naive.steps.map((s) => s.gain));
      expect(lazy.coveredWeight).toBe(naive.coveredWeight);
      expect(rel(lazy.coveredWeight, coverageValue(sets, inst.demand.weight, lazy.picks, base))).toBeLessThan(1e-12);
      // Lazy keys are upper bounds, so its online bound is ≥ naive's (never tighter), and both are valid.
      expect(lazy.bounds.best).toBeGreaterThanOrEqual(lazy.coveredWeight);
      lazyEvals += lazy.evaluations; naiveEvals += naive.evaluations;
    }
    expect(lazyEvals).toBeLessThan(naiveEvals);
    console.log(`lazy vs naive greedy, 150 instances: ${lazyEvals} vs ${naiveEvals} gain evaluations (${(naiveEvals / lazyEvals).toFixed(1)}× fewer)`);
  });
});

describe('exactOptimum (the oracle)', () => {
  it('matches an independent enumeration on tiny instances', () => {
    for (let t = 0; t < 30; t++) {
      const inst = instance(500 + t, 120, 9, t % 2 === 1);
      const { sets, base } = prepared(inst);
      for (let k = 1; k <= 3; k++) {
        let best = -1;
        const pick = (start: number, cur: number[]): void => {
          if (cur.length === k) { best = Math.max(best, coverageValue(sets, inst.demand.weight, cur, base)); return; }
          for (let c = start; c < 9; c++) pick(c + 1, [...cur, c]);
        };
        pick(0, []);
        expect(rel(exactOptimum(sets, inst.demand.weight, k, base).value, best)).toBeLessThan(1e-12);
      }
    }
  });
});

describe('greedy against the exact optimum (≤ 30 candidates, k ≤ 3)', () => {
  it('k = 1: greedy is the optimum', () => {
    for (let t = 0; t < 60; t++) {
      const inst = instance(3000 + t, 400, 30, t % 2 === 0);
      const { sets, base } = prepared(inst);
      const g = greedyMaxCover(sets, inst.demand.weight, 1, base);
      expect(rel(g.coveredWeight, exactOptimum(sets, inst.demand.weight, 1, base).value)).toBeLessThan(1e-12);
    }
  });

  it('disjoint coverage (far-apart sites, modular objective): greedy is the optimum for k = 1..3', () => {
    for (let t = 0; t < 40; t++) {
      const r = rng(4000 + t);
      const inst = instance(4000 + t, 600, 25, false);
      // Candidates on a 1-degree lattice with 30 km reach: their disks cannot overlap.
      for (let c = 0; c < 25; c++) { inst.cand.lon[c] = 20 + (c % 5) * 0.75; inst.cand.lat[c] = 5 + Math.floor(c / 5) * 0.75; inst.cand.reachKm[c] = 25 + 5 * r(); }
      const { sets } = prepared(inst);
      for (let k = 1; k <= 3; k++) {
        const g = greedyMaxCover(sets, inst.demand.weight, k);
        expect(rel(g.coveredWeight, exactOptimum(sets, inst.demand.weight, k).value)).toBeLessThan(1e-12);
      }
    }
  });

  it('random small instances: greedy ≥ (1 − 1/e)·optimum, every bound ≥ optimum; reports how often greedy is optimal', () => {
    let trials = 0, optimal = 0, worst = 1;
    for (let t = 0; t < 240; t++) {
      const r = rng(5000 + t);
      const C = 5 + Math.floor(r() * 26), k = 2 + Math.floor(r() * 2);
      const inst = instance(5000 + t, 80 + Math.floor(r() * 400), C, t % 3 === 0);
      const { sets, base } = prepared(inst);
      const g = greedyMaxCover(sets, inst.demand.weight, k, base);
      const opt = exactOptimum(sets, inst.demand.weight, k, base).value;
      const b = g.baseWeight;
      trials++;
      if (rel(g.coveredWeight, opt) < 1e-12) optimal++;
      const gainRatio = opt - b > 0 ? (g.coveredWeight - b) / (opt - b) : 1;
      worst = Math.min(worst, gainRatio);
      expect(gainRatio).toBeGreaterThanOrEqual(tightFor(k) - 1e-12);
      expect(g.coveredWeight).toBeLessThanOrEqual(opt * (1 + 1e-12));
      for (const bound of [g.bounds.total, g.bounds.singletons, g.bounds.greedy, g.bounds.online, g.bounds.best]) expect(bound).toBeGreaterThanOrEqual(opt * (1 - 1e-12));
      // Where the bound proves optimality, greedy must equal the optimum.
      if (g.bounds.best <= g.coveredWeight * (1 + 1e-12)) expect(rel(g.coveredWeight, opt)).toBeLessThan(1e-12);
    }
    console.log(`small random instances (5–30 candidates, k = 2–3): greedy optimal in ${optimal}/${trials}; worst gain ratio to the optimum ${worst.toFixed(4)} (guarantee ${GUARANTEE.toFixed(4)})`);
    expect(optimal).toBeGreaterThan(trials / 2);
  });

  it('medium random instances (30 candidates, k = 3, 500 demand points, 200 trials): ratio to the optimum', () => {
    const ratios: number[] = [];
    let optimal = 0;
    for (let t = 0; t < 200; t++) {
      const inst = instance(7000 + t, 500, 30, false);
      const { sets } = prepared(inst);
      const g = greedyMaxCover(sets, inst.demand.weight, 3);
      const opt = exactOptimum(sets, inst.demand.weight, 3).value;
      const ratio = opt > 0 ? g.coveredWeight / opt : 1;
      ratios.push(ratio);
      if (ratio >= 1 - 1e-12) optimal++;
      expect(ratio).toBeGreaterThanOrEqual(GUARANTEE);
      expect(g.bounds.best).toBeGreaterThanOrEqual(opt * (1 - 1e-12));
    }
    const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length, min = Math.min(...ratios);
    console.log(`medium random instances (30 candidates, k = 3, 500 demand points, 200 trials): greedy/optimum mean ${mean.toFixed(4)}, min ${min.toFixed(4)}, optimal in ${optimal}/200`);
    expect(min).toBeGreaterThanOrEqual(tightFor(3));
  });
});

/** CSR from explicit sets. */
function csr(sets: number[][]): CoverageSets {
  const offsets = new Uint32Array(sets.length + 1);
  sets.forEach((s, c) => { offsets[c + 1] = offsets[c]! + s.length; });
  return { offsets, items: Uint32Array.from(sets.flat()) };
}

describe('adversarial instances: greedy strictly suboptimal, guarantee holds', () => {
  /**
   * The tight family (Nemhauser–Wolsey): k disjoint optimal sets O_j of weight 1; greedy
   * set G_i takes (1/k)(1 − 1/k)^(i−1) of every O_j plus a private ε element, so each
   * round greedy prefers G_i by ε. Greedy gets 1 − (1 − 1/k)^k of the optimum (+ kε).
   */
  function tight(k: number, eps = 1e-6): { sets: CoverageSets; weight: Float64Array } {
    const weight: number[] = [];
    const O: number[][] = Array.from({ length: k }, () => []), G: number[][] = Array.from({ length: k }, () => []);
    const add = (w: number): number => { weight.push(w); return weight.length - 1; };
    for (let j = 0; j < k; j++) {
      let rest = 1;
      for (let i = 0; i < k; i++) {
        const w = (1 / k) * (1 - 1 / k) ** i;
        const e = add(w); O[j]!.push(e); G[i]!.push(e); rest -= w;
      }
      O[j]!.push(add(rest)); // covered by O_j only
    }
    for (let i = 0; i < k; i++) G[i]!.push(add(eps));
    return { sets: csr([...G, ...O]), weight: Float64Array.from(weight) };
  }

  it('the tight family for k = 2, 3 (and 5 for the bound only)', () => {
    const worst: string[] = [];
    for (const k of [2, 3, 5]) {
      const { sets, weight } = tight(k);
      const g = greedyMaxCover(sets, weight, k);
      const gn = greedyMaxCover(sets, weight, k, null, { lazy: false });
      expect(g.picks).toEqual(gn.picks);
      expect(g.picks.sort()).toEqual(Array.from({ length: k }, (_, i) => i)); // all the G sets
      const opt = k <= 3 ? exactOptimum(sets, weight, k).value : k; // k = 5: OPT = the k O-sets, weight k
      expect(opt).toBeCloseTo(k, 9);
      const ratio = g.coveredWeight / opt;
      expect(ratio).toBeLessThan(1);
      expect(ratio).toBeGreaterThanOrEqual(tightFor(k) - 1e-12);
      expect(ratio).toBeGreaterThanOrEqual(GUARANTEE);
      expect(ratio).toBeLessThan(tightFor(k) + 1e-5);
      expect(g.bounds.best).toBeGreaterThanOrEqual(opt - 1e-12);
      worst.push(`k=${k}: ${ratio.toFixed(4)} (bound ${tightFor(k).toFixed(4)})`);
    }
    console.log(`tight adversarial family, greedy/optimum: ${worst.join('; ')}`);
  });

  it('a geographic trap: a central site covering half of two clusters (per-candidate reach, inclusive boundary)', () => {
    // Points along the equator at 0, 10, 15, 20, 30 km east of 20°E; weights 1, 1, 0.1, 1, 1.
    const at = (km: number): [number, number] => destination(20, 0, km, 90);
    const xs = [0, 10, 15, 20, 30];
    const demand = { lon: Float64Array.from(xs, (x) => at(x)[0]), lat: Float64Array.from(xs, (x) => at(x)[1]), weight: Float64Array.of(1, 1, 0.1, 1, 1) };
    // a covers {0, 10}, b covers {20, 30}, c covers {10, 15, 20}: every boundary point at exactly the reach.
    const cand = { lon: Float64Array.from([5, 25, 15], (x) => at(x)[0]), lat: Float64Array.from([5, 25, 15], (x) => at(x)[1]), reachKm: Float64Array.of(5, 5, 5) };
    const res = optimise({ demand, candidates: cand, k: 2 }, { keepSets: true });
    const set = (c: number): number[] => Array.from(res.sets!.items.subarray(res.sets!.offsets[c]!, res.sets!.offsets[c + 1]!)).sort((a, b) => a - b);
    expect([set(0), set(1), set(2)]).toEqual([[0, 1], [3, 4], [1, 2, 3]]);
    expect(res.picks[0]).toBe(2);
    expect(res.coveredWeight).toBeCloseTo(3.1, 12);
    const opt = exactOptimum(res.sets!, demand.weight, 2);
    expect(opt.picks).toEqual([0, 1]);
    expect(opt.value).toBe(4);
    const ratio = res.coveredWeight / opt.value;
    expect(ratio).toBeGreaterThanOrEqual(tightFor(2));
    console.log(`geographic trap, greedy/optimum: ${ratio.toFixed(4)} (bound for k = 2: ${tightFor(2)})`);
  });
});

describe('optimise (geographic)', () => {
  it('existing presences count as covered; picks, shares and coveredBy are consistent', () => {
    const inst = instance(99, 3000, 200, true);
    const res = optimise({ demand: inst.demand, candidates: inst.cand, existing: inst.existing, k: 5 }, { keepSets: true });
    const idx = new DemandIndex(inst.demand.lon, inst.demand.lat);
    const base = coveredByExisting(idx, inst.existing!);
    let bw = 0;
    for (let i = 0; i < base.length; i++) if (base[i]) bw += inst.demand.weight[i]!;
    expect(res.baseWeight).toBeCloseTo(bw, 9);
    expect(res.steps.length).toBe(5);
    expect(rel(res.coveredWeight, coverageValue(res.sets!, inst.demand.weight, res.picks, base))).toBeLessThan(1e-12);
    for (let s = 0; s < 5; s++) {
      let w = 0;
      for (let i = 0; i < base.length; i++) if (res.coveredBy[i] === s) w += inst.demand.weight[i]!;
      expect(w).toBeCloseTo(res.steps[s]!.gain, 9);
      expect(res.steps[s]!.lon).toBe(inst.cand.lon[res.steps[s]!.candidate]);
    }
    // Gains never increase (submodularity), shares increase.
    for (let s = 1; s < 5; s++) { expect(res.steps[s]!.gain).toBeLessThanOrEqual(res.steps[s - 1]!.gain); expect(res.steps[s]!.share!).toBeGreaterThan(res.steps[s - 1]!.share!); }
    expect(res.bounds.best).toBeLessThanOrEqual(res.bounds.total);
    expect(res.bounds.best).toBeGreaterThanOrEqual(res.coveredWeight);
  });

  it('stops early, and is optimal, when nothing more can be covered', () => {
    const demand = { lon: Float64Array.of(20, 20.1), lat: Float64Array.of(5, 5), weight: Float64Array.of(1, 2) };
    const res = optimise({ demand, candidates: { lon: Float64Array.of(20.05, 30, 31), lat: Float64Array.of(5, 5, 5) }, k: 3 }, { reachKm: 20 });
    expect(res.picks).toEqual([0]);
    expect(res.stoppedEarly).toBe(true);
    expect(res.share).toBe(1);
    expect(res.bounds.best).toBe(3);
  });

  it('gridCandidates: ~spacing apart on the ground, clipped to polygons', () => {
    const g = gridCandidates({ west: 20, south: 4, east: 22, north: 6 }, 20);
    expect(g.lon.length).toBeGreaterThan(100);
    const square: GeoJSON.Polygon = { type: 'Polygon', coordinates: [[[20, 4], [21, 4], [21, 5], [20, 5], [20, 4]]] };
    const clipped = gridCandidates({ west: 20, south: 4, east: 22, north: 6 }, 20, [{ geometry: square }]);
    expect(clipped.lon.length).toBeGreaterThan(0);
    expect(clipped.lon.length).toBeLessThan(g.lon.length / 2);
    for (let i = 0; i < clipped.lon.length; i++) { expect(clipped.lon[i]!).toBeLessThanOrEqual(21); expect(clipped.lat[i]!).toBeLessThanOrEqual(5); }
  });
});
