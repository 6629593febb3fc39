import { describe, expect, it } from 'vitest';
import { coverage } from '../analysis/coverage.ts';
import { hotspots } from '../analysis/hotspots.ts';
import type { PresenceColumns } from '../analysis/inputs.ts';
import { MODES } from '../analysis/inputs.ts';
import { kde } from '../analysis/kde.ts';
import { randomLonLat, rng } from '../analysis/testing.ts';
import { demandFromDensity, demandFromIncidents, demandFromPopulation } from './demand.ts';
import type { Site } from './sites.ts';
import { coverageCountsBrute, sitesForMode } from './sites.ts';
import type { WhatIfEdit } from './whatIf.ts';
import { siteList, WhatIfCoverage } from './whatIf.ts';

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
/** Index of the first difference, −1 when equal (one cheap assertion instead of a 3,000-element diff). */
const firstDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  if (a.length !== b.length) return -2;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
};

describe('WhatIfCoverage = full brute-force recompute after every edit', () => {
  const cases: [string, number, [number, number, number, number]][] = [
    ['across the antimeridian and the equator', 1, [177, -4, 183, 3]],
    ['a CAR-sized box', 2, [15, 2, 27, 10]],
  ];
  for (const [label, seed, box] of cases) {
    it(`${label}: 600 random edits (add, move, reach, remove, restore, baseline reset)`, () => {
      const r = rng(100 + seed);
      const N = 3000;
      const pts = randomLonLat(N, seed, ...box);
      pts.lon[7] = Number.NaN; // an unusable point counts in the total, never covered
      const weight = Float64Array.from({ length: N }, () => (r() < 0.3 ? 0 : r() < 0.9 ? 1 + Math.floor(10 * r()) : 1000 * r()));
      const randSite = (): Site => {
        const p = randomLonLat(1, Math.floor(r() * 1e9), ...box);
        return { lon: p.lon[0]!, lat: p.lat[0]!, reachKm: r() < 0.05 ? 0 : 10 + 120 * r() };
      };
      const sites: Site[] = Array.from({ length: 12 }, randSite);
      const active: boolean[] = sites.map(() => true);
      const w = new WhatIfCoverage({ ...pts, weight }, sites);
      const brute = (): Int32Array => coverageCountsBrute(pts.lon, pts.lat, sites.filter((_, i) => active[i]));
      const sumCovered = (c: Int32Array): [number, number] => { let s = 0, n = 0; for (let i = 0; i < N; i++) if (c[i]! > 0) { s += weight[i]!; n++; } return [s, n]; };
      let baseline = brute();
      let prev = baseline;
      expect(Array.from(w.counts)).toEqual(Array.from(baseline));
      let maxTouched = 0;
      for (let step = 0; step < 600; step++) {
        const u = r();
        let edit: WhatIfEdit;
        const i = Math.floor(r() * sites.length);
        if (u < 0.1) { const s = randSite(); sites.push(s); active.push(true); edit = { kind: 'add', site: s }; }
        else if (u < 0.55) { const s = randSite(); sites[i] = { ...sites[i]!, lon: s.lon, lat: s.lat }; edit = { kind: 'move', index: i, lon: s.lon, lat: s.lat }; }
        else if (u < 0.8) { const km = r() < 0.1 ? 0 : 5 + 150 * r(); sites[i] = { ...sites[i]!, reachKm: km }; edit = { kind: 'reach', index: i, reachKm: km }; }
        else if (u < 0.9) { active[i] = false; edit = { kind: 'remove', index: i }; }
        else { active[i] = true; edit = { kind: 'restore', index: i }; }
        const up = w.apply(edit);
        const want = brute();
        expect(firstDiff(w.counts, want)).toBe(-1);
        const [cw, cn] = sumCovered(want);
        expect(up.totals.coveredCount).toBe(cn);
        expect(close(up.totals.coveredWeight, cw)).toBe(true);
        const [bw, bn] = sumCovered(baseline);
        expect(up.delta.count).toBe(cn - bn);
        expect(close(up.delta.weight, cw - bw)).toBe(true);
        // The flip lists are exactly the points whose covered state changed.
        const flippedUp: number[] = [], flippedDown: number[] = [];
        for (let k = 0; k < N; k++) { if (!prev[k] && want[k]) flippedUp.push(k); if (prev[k] && !want[k]) flippedDown.push(k); }
        expect(Array.from(up.newlyCovered).sort((a, b) => a - b)).toEqual(flippedUp);
        expect(Array.from(up.newlyUncovered).sort((a, b) => a - b)).toEqual(flippedDown);
        maxTouched = Math.max(maxTouched, up.touched);
        prev = want;
        if (step % 150 === 149) { w.setBaseline(); baseline = want; expect(w.delta().count).toBe(0); expect(w.delta().weight).toBe(0); }
      }
      // Per-site figures and resync.
      for (let s = 0; s < sites.length; s++) {
        const st = w.site(s);
        const own = coverageCountsBrute(pts.lon, pts.lat, active[s] ? [sites[s]!] : []);
        const [ow, on] = sumCovered(own);
        expect(st.reachedCount).toBe(on);
        expect(close(st.reachedWeight, ow)).toBe(true);
      }
      const before = w.totals().coveredWeight;
      w.resync();
      expect(close(w.totals().coveredWeight, before)).toBe(true);
      expect(maxTouched).toBeLessThan(N); // never a full scan
    });
  }

  it('exclusiveWeight = weight only that site reaches', () => {
    const pts = randomLonLat(2000, 8, 20, 4, 24, 8);
    const weight = new Float64Array(2000).fill(2);
    const sites: Site[] = [{ lon: 21, lat: 5, reachKm: 80 }, { lon: 21.5, lat: 5.3, reachKm: 60 }, { lon: 23, lat: 7, reachKm: 50 }];
    const w = new WhatIfCoverage({ ...pts, weight }, sites);
    const all = coverageCountsBrute(pts.lon, pts.lat, sites);
    const own = coverageCountsBrute(pts.lon, pts.lat, [sites[0]!]);
    let ex = 0;
    for (let i = 0; i < 2000; i++) if (own[i] && all[i] === 1) ex += 2;
    expect(w.exclusiveWeight(0)).toBe(ex);
    const up = w.removeSite(0);
    expect(up.delta.weight).toBe(-ex);
  });
});

describe('WhatIfCoverage agrees with coverage.ts', () => {
  const r = rng(31);
  const N = 4000, P = 18, S = 300;
  const inc = randomLonLat(N, 41, 17, 3, 25, 9);
  const fatalities = Uint32Array.from({ length: N }, () => (r() < 0.6 ? 0 : Math.floor(r() * 12)));
  const pl = randomLonLat(P, 42, 17, 3, 25, 9);
  const presences: PresenceColumns = {
    lon: pl.lon, lat: pl.lat,
    reachKm: {
      foot: Float64Array.from({ length: P }, () => 10 + 10 * r()),
      road: Float64Array.from({ length: P }, () => (r() < 0.3 ? 0 : 40 + 60 * r())),
      air: Float64Array.from({ length: P }, () => (r() < 0.8 ? 0 : 200)),
    },
  };
  const st = randomLonLat(S, 43, 17, 3, 25, 9);
  const settlements = { ...st, population: Float64Array.from({ length: S }, () => Math.floor(100 + 50000 * r())) };
  const k = kde({ lon: inc.lon, lat: inc.lat }, { bandwidthKm: 40, maxCells: 48 });
  const hs = hotspots({ kde: k });
  const cov = coverage({ incidents: { ...inc, fatalities }, presences, kde: k, hotspotLabel: hs.label, settlements });
  const modes = [...MODES, 'any'] as const;

  it('incidents, fatalities, density mass, hotspot mass and population, per mode and any mode', () => {
    const demands = {
      incidents: demandFromIncidents({ ...inc, fatalities }, { base: 1, fatalityWeight: 0 }),
      fatalities: demandFromIncidents({ ...inc, fatalities }, { base: 0 }),
      densityMass: demandFromDensity(k),
      hotspotMass: demandFromDensity(k, { hotspotLabel: hs.label, hotspotsOnly: true }),
      population: demandFromPopulation({ settlements }),
    };
    for (const [name, demand] of Object.entries(demands) as [keyof typeof demands, typeof demands.incidents][]) {
      modes.forEach((m, mi) => {
        const w = new WhatIfCoverage(demand, sitesForMode(presences, m));
        const want = m === 'any' ? cov.overall[name] : cov.byMode[mi]![name];
        const t = w.totals();
        expect(close(t.coveredWeight, want.reached)).toBe(true);
        expect(close(t.totalWeight, want.total)).toBe(true);
      });
    }
  });

  it('dropping a base moves the share by what a brute-force count predicts', () => {
    const demand = demandFromIncidents({ ...inc, fatalities });
    const sites = siteList(sitesForMode(presences, 'road'));
    const w = new WhatIfCoverage(demand, sites);
    const before = coverageCountsBrute(demand.lon, demand.lat, sites);
    // Into a gap: at the first incident no base reaches.
    const gapAt = before.indexOf(0);
    const drop = { lon: demand.lon[gapAt]!, lat: demand.lat[gapAt]!, reachKm: 50 };
    const up = w.addSite(drop);
    const after = coverageCountsBrute(demand.lon, demand.lat, [...sites, drop]);
    let gain = 0;
    for (let i = 0; i < N; i++) if (!before[i] && after[i]) gain += demand.weight[i]!;
    expect(close(up.delta.weight, gain)).toBe(true);
    expect(gain).toBeGreaterThan(0);
  });
});
