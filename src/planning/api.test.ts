import * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import { randomLonLat, rng } from '../analysis/testing.ts';
import type { PlanningApi } from './api.ts';
import { isCancelledError, planningApi, withPlanningTransfer } from './api.ts';
import { optimise } from './optimiser.ts';
import { travelTime } from './travelTime.ts';
import { coverageCountsBrute } from './sites.ts';

const r = rng(77);
const N = 60_000, C = 3000;
const demand = { ...randomLonLat(N, 71, 16, 2, 26, 10), weight: Float64Array.from({ length: N }, () => 1 + Math.floor(5 * r())) };
const cand = randomLonLat(C, 72, 16, 2, 26, 10);

describe('planningApi: optimise as a cancellable job with progress', () => {
  it('equals the synchronous optimiser and reports progress up to 1', async () => {
    const small = { demand: { lon: demand.lon.subarray(0, 5000), lat: demand.lat.subarray(0, 5000), weight: demand.weight.subarray(0, 5000) }, candidates: { lon: cand.lon.subarray(0, 300), lat: cand.lat.subarray(0, 300) }, k: 4 };
    const seen: number[] = [];
    const res = await planningApi.optimise(small, { reachKm: 40 }, { sliceMs: 1 }, (f) => seen.push(f));
    const sync = optimise(small, { reachKm: 40 });
    expect(res.picks).toEqual(sync.picks);
    expect(res.coveredWeight).toBe(sync.coveredWeight);
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= seen[i - 1]!))).toBe(true);
  });

  it('a newer run on the same channel supersedes the older; cancel(jobId) stops a run', async () => {
    const input = { demand, candidates: cand, k: 5 };
    const first = planningApi.optimise(input, { reachKm: 60 }, { jobId: 1, channel: 'opt', sliceMs: 2 });
    await new Promise((res) => setTimeout(res, 15));
    const second = planningApi.optimise({ ...input, candidates: { lon: cand.lon.subarray(0, 50), lat: cand.lat.subarray(0, 50) } }, { reachKm: 60 }, { jobId: 2, channel: 'opt' });
    const [a, b] = await Promise.allSettled([first, second]);
    expect(a.status).toBe('rejected');
    expect(isCancelledError((a as PromiseRejectedResult).reason)).toBe(true);
    expect(b.status).toBe('fulfilled');
    const victim = planningApi.optimise(input, { reachKm: 60 }, { jobId: 3, sliceMs: 2 });
    await new Promise((res) => setTimeout(res, 15));
    await planningApi.cancel(3);
    await expect(victim).rejects.toSatisfy(isCancelledError);
  });
});

describe('planningApi: travel time as a job', () => {
  it('equals the synchronous module, reuses a prebuilt graph', async () => {
    const roads: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [
      { type: 'Feature', geometry: { type: 'LineString', coordinates: [[18, 4], [20, 5], [22, 5]] }, properties: { class: 'primary' } },
      { type: 'Feature', geometry: { type: 'LineString', coordinates: [[20, 5], [20, 7]] }, properties: { speed_kmh: 30 } },
    ] };
    const input = { roads, presences: { lon: [18.1], lat: [4] }, points: { lon: demand.lon.subarray(0, 2000), lat: demand.lat.subarray(0, 2000), weight: demand.weight.subarray(0, 2000) } };
    const seen: number[] = [];
    const a = await planningApi.travelTime(input, { budgetHours: 3 }, { sliceMs: 1 }, (f) => seen.push(f));
    const b = travelTime(input, { budgetHours: 3 });
    expect(Array.from(a.hours)).toEqual(Array.from(b.hours));
    expect(a.reachedCount).toBe(b.reachedCount);
    expect(a.reachedCount).toBeGreaterThan(0);
    expect(seen.at(-1)).toBe(1);
    const g = await planningApi.buildRoadGraph(roads);
    const c = await planningApi.travelTime({ ...input, roads: g }, { budgetHours: 3 });
    expect(Array.from(c.hours)).toEqual(Array.from(b.hours));
  });
});

describe('planningApi: what-if sessions', () => {
  it('create, edit (one and batched), baseline, counts, shared index, dispose', async () => {
    const sites = [{ lon: 18, lat: 4, reachKm: 50 }, { lon: 22, lat: 6, reachKm: 80 }];
    const { session, totals } = await planningApi.whatIfCreate(demand, sites);
    expect(totals.totalCount).toBe(N);
    const up = await planningApi.whatIfApply(session, { kind: 'add', site: { lon: 24, lat: 8, reachKm: 50, id: 'TOB-1' } });
    expect(up.site).toBe(2);
    expect(up.delta.count).toBe(up.newlyCovered.length);
    // A batch: move the new base away and back: no net flip.
    const batch = await planningApi.whatIfApply(session, [{ kind: 'move', index: 2, lon: 17, lat: 9 }, { kind: 'move', index: 2, lon: 24, lat: 8 }]);
    expect(batch.newlyCovered.length).toBe(0);
    expect(batch.newlyUncovered.length).toBe(0);
    expect(batch.totals.coveredCount).toBe(up.totals.coveredCount);
    const counts = await planningApi.whatIfCounts(session);
    expect(Array.from(counts)).toEqual(Array.from(coverageCountsBrute(demand.lon, demand.lat, [...sites, { lon: 24, lat: 8, reachKm: 50 }])));
    const st = await planningApi.whatIfSetBaseline(session);
    expect(st.delta.weight).toBe(0);
    expect(st.sites[2]!.id).toBe('TOB-1');
    const other = await planningApi.whatIfCreate(demand, sites.map((s) => ({ ...s, reachKm: 10 })), { shareIndexWith: session });
    expect(other.totals.coveredCount).toBeLessThan(st.totals.coveredCount);
    await planningApi.whatIfDispose(session);
    await expect(planningApi.whatIfState(session)).rejects.toThrow(/no what-if session/);
  });
});

describe('the worker wrapper over a real MessageChannel (comlink)', () => {
  it('transfers results and keeps the contract', async () => {
    const { port1, port2 } = new MessageChannel();
    Comlink.expose(withPlanningTransfer(planningApi, Comlink.transfer), port1 as unknown as Comlink.Endpoint);
    const remote = Comlink.wrap<PlanningApi>(port2 as unknown as Comlink.Endpoint);
    const progress: number[] = [];
    const res = await remote.optimise({ demand: { lon: demand.lon.slice(0, 3000), lat: demand.lat.slice(0, 3000), weight: demand.weight.slice(0, 3000) }, candidates: { lon: cand.lon.slice(0, 100), lat: cand.lat.slice(0, 100) }, k: 3 }, { reachKm: 50 }, { jobId: 9 }, Comlink.proxy((f: number) => { progress.push(f); }));
    expect(res.coveredBy).toBeInstanceOf(Int32Array);
    expect(res.steps.length).toBe(3);
    const s = await remote.whatIfCreate({ lon: demand.lon.slice(0, 1000), lat: demand.lat.slice(0, 1000), weight: demand.weight.slice(0, 1000) }, [{ lon: 20, lat: 5, reachKm: 100 }]);
    const u = await remote.whatIfApply(s.session, { kind: 'reach', index: 0, reachKm: 0 });
    expect(u.totals.coveredCount).toBe(0);
    expect(u.newlyUncovered.length).toBe(s.totals.coveredCount);
    await new Promise((res2) => setTimeout(res2, 10));
    expect(progress.at(-1)).toBe(1);
    port1.close(); port2.close();
  });
});
