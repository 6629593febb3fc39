import * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import type { AnalysisApi } from './api.ts';
import { analysisApi, collectTransferables, isCancelledError, withTransfer } from './api.ts';
import { kde } from './kde.ts';
import { randomLonLat } from './testing.ts';

const pts = randomLonLat(400_000, 1, 16, 2, 26, 10);

describe('analysisApi: supersession, cancellation, progress', () => {
  it('a newer run on the same channel supersedes the running one', async () => {
    const first = analysisApi.kde(pts, { bandwidthKm: 20, method: 'exact', maxCells: 256 }, { jobId: 1, channel: 'density', sliceMs: 5 });
    // Let the first run start and yield once, then fire the newer request.
    await new Promise((r) => setTimeout(r, 20));
    const second = analysisApi.kde({ lon: pts.lon.subarray(0, 1000), lat: pts.lat.subarray(0, 1000) }, { bandwidthKm: 20, maxCells: 64 }, { jobId: 2, channel: 'density' });
    const [a, b] = await Promise.allSettled([first, second]);
    expect(a.status).toBe('rejected');
    expect(isCancelledError((a as PromiseRejectedResult).reason)).toBe(true);
    expect(b.status).toBe('fulfilled');
    expect((b as PromiseFulfilledResult<Awaited<typeof second>>).value.points).toBe(1000);
  });
  it('cancel(jobId) stops a run; other channels are unaffected', async () => {
    const victim = analysisApi.kde(pts, { bandwidthKm: 20, method: 'exact', maxCells: 256 }, { jobId: 10, channel: 'a', sliceMs: 5 });
    const bystander = analysisApi.withinRange({ incidents: { lon: pts.lon.subarray(0, 5000), lat: pts.lat.subarray(0, 5000) }, presences: { lon: Float64Array.of(20), lat: Float64Array.of(5), reachKm: { foot: Float64Array.of(10), road: Float64Array.of(50), air: Float64Array.of(0) } } }, {}, { jobId: 11, channel: 'b' });
    await new Promise((r) => setTimeout(r, 20));
    await analysisApi.cancel(10);
    await expect(victim).rejects.toThrow(/cancelled/);
    expect((await bystander).nearest.length).toBe(5000);
  });
  it('reports progress up to 1 and equals the synchronous module', async () => {
    const seen: number[] = [];
    const input = { lon: pts.lon.subarray(0, 50_000), lat: pts.lat.subarray(0, 50_000) };
    const r = await analysisApi.kde(input, { bandwidthKm: 15, maxCells: 128 }, undefined, (f) => seen.push(f));
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= seen[i - 1]!))).toBe(true);
    expect(Array.from(r.density)).toEqual(Array.from(kde(input, { bandwidthKm: 15, maxCells: 128 }).density));
  });
  it('shouldCancel for in-process callers', async () => {
    await expect(analysisApi.kde(pts, { maxCells: 64 }, { shouldCancel: () => true })).rejects.toSatisfy(isCancelledError);
  });
});

describe('the worker wrapper over a real MessageChannel (comlink)', () => {
  it('transfers result buffers and keeps the contract', async () => {
    const { port1, port2 } = new MessageChannel();
    Comlink.expose(withTransfer(analysisApi, Comlink.transfer), port1 as unknown as Comlink.Endpoint);
    const remote = Comlink.wrap<AnalysisApi>(port2 as unknown as Comlink.Endpoint);
    const progress: number[] = [];
    const r = await remote.kde({ lon: pts.lon.subarray(0, 20000).slice(), lat: pts.lat.subarray(0, 20000).slice() }, { bandwidthKm: 15, maxCells: 64 }, { jobId: 5 }, Comlink.proxy((f: number) => { progress.push(f); }));
    expect(r.density).toBeInstanceOf(Float64Array);
    expect(r.points).toBe(20000);
    await new Promise((res) => setTimeout(res, 10));
    expect(progress.at(-1)).toBe(1);
    // Cancellation error crosses the channel with its name.
    const slow = remote.kde({ lon: pts.lon, lat: pts.lat }, { method: 'exact', bandwidthKm: 20, maxCells: 256 }, { jobId: 6, channel: 'c', sliceMs: 5 });
    await new Promise((res) => setTimeout(res, 30));
    await remote.cancel(6);
    const err = await slow.then(() => null, (e: unknown) => e);
    expect(isCancelledError(err)).toBe(true);
    port1.close(); port2.close();
  });
  it('collectTransferables lists whole buffers once, skips partial views', () => {
    const a = new Float64Array(4), b = new Uint8Array(8);
    const view = new Float64Array(new ArrayBuffer(64), 8, 2);
    const t = collectTransferables({ a, nested: [{ b }, a], view, n: 3, s: 'x' });
    expect(t).toHaveLength(2);
    expect(t).toContain(a.buffer);
    expect(t).toContain(b.buffer);
  });
});
