/**
 * The analysis store's worker client, with the real analysis api running in-process in
 * place of the worker: a newer request wins and a stale result never reaches the state,
 * cancelled runs are not errors, the whole-dataset reach bits arrive on load, and the
 * e2e synthetic table is seeded and keeps the source's clusters.
 */
import { describe, expect, it } from 'vitest';
import { analysisApi, CancelledError } from '../analysis/api.ts';
import { withinRange } from '../analysis/withinRange.ts';
import { presenceColumns } from '../analysis/inputs.ts';
import { DEFAULT_REACH_KM, type Presence } from '../domain/presence.ts';
import type { Dataset } from '../io/dataset.ts';
import { randomIncidents } from '../../tests/fixtures/randomIncidents.ts';
import { actions } from './store.ts';
import { analysisActions, getAnalysisState, setRemoteForTests, syntheticTable } from './analysis.ts';

const presences: Presence[] = [
  { id: 'A', name: 'Base A', type: 'sector_hq', component: 'military', strength: 500, lon: 25, lat: 4, reachKm: DEFAULT_REACH_KM.sector_hq },
  { id: 'B', name: 'Base B', type: 'operating_base', component: 'military', strength: 200, lon: 29, lat: 6, reachKm: DEFAULT_REACH_KM.operating_base },
];
const dataset: Dataset = {
  name: 'test', exercise: false, period: null, incidents: randomIncidents(4000, 7), presences, aors: [], sites: [],
  settlements: [{ id: 's', name: 'Town', population: 10_000, lon: 26, lat: 5 }], roads: null, rejected: [],
};

/** The api in-process, with hooks to hold or fail `analyze` calls and to count calls. */
const calls = { analyze: 0, analyzeDone: 0, emerging: 0 };
let hold: Promise<void> | null = null;
let failNext = false;
const fake = {
  ...analysisApi,
  async analyze(...args: Parameters<typeof analysisApi.analyze>) {
    calls.analyze++;
    const h = hold;
    if (failNext) { failNext = false; throw new CancelledError('superseded'); }
    if (h) await h;
    const r = await analysisApi.analyze(...args);
    calls.analyzeDone++;
    return r;
  },
  async emergingHotspots(...args: Parameters<typeof analysisApi.emergingHotspots>) {
    calls.emerging++;
    return analysisApi.emergingHotspots(...args);
  },
};
setRemoteForTests(fake as unknown as Parameters<typeof setRemoteForTests>[0]);

async function until(cond: () => boolean, ms = 20_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('analysis store', () => {
  it('computes the reach bits of the whole dataset when it loads', async () => {
    actions.datasetLoaded(dataset);
    await until(() => getAnalysisState().base?.dataset === dataset);
    const want = withinRange({ incidents: dataset.incidents, presences: presenceColumns(presences) }, { lists: 'none' }).inRange;
    expect(getAnalysisState().base!.reachBits).toEqual(want);
    expect(getAnalysisState().base!.aorOfIncident).toBeNull(); // no AORs in this dataset
  });

  it('applies only the newest run: a stale result never reaches the state', async () => {
    let release!: () => void;
    hold = new Promise((r) => { release = r; });
    analysisActions.activate(); // run 1 starts at once, and is held in analyze
    await until(() => calls.analyze === 1);
    hold = null;
    analysisActions.setParams({ bandwidthKm: 20 }); // run 2, 300 ms later
    await until(() => getAnalysisState().run.phase === 'done' && getAnalysisState().results !== null);
    const newest = getAnalysisState().results!;
    expect(newest.params.bandwidthKm).toBe(20);
    expect(newest.kde.bandwidthKm).toBe(20);
    expect(newest.count).toBe(dataset.incidents.length);
    release(); // run 1 finishes now, after run 2
    await until(() => calls.analyzeDone === 2);
    await new Promise((r) => setTimeout(r, 50));
    expect(getAnalysisState().results).toBe(newest);
    expect(calls.emerging).toBe(1); // run 1 stopped at its first stale check
  });

  it('a cancelled run is not an error', async () => {
    failNext = true;
    const before = getAnalysisState().results!;
    analysisActions.setParams({ bandwidthKm: 25 });
    await until(() => calls.analyze === 3);
    analysisActions.setParams({ bandwidthKm: 30 });
    await until(() => getAnalysisState().results !== before && getAnalysisState().run.phase === 'done');
    expect(getAnalysisState().run.error).toBeNull();
    expect(getAnalysisState().results!.params.bandwidthKm).toBe(30);
  });
});

describe('synthetic table (e2e hook)', () => {
  it('is seeded, full-sized and stays near the source incidents', () => {
    const src = dataset.incidents;
    const a = syntheticTable(src, 10_000, 3), b = syntheticTable(src, 10_000, 3);
    expect(a.length).toBe(10_000);
    expect(a.lon).toEqual(b.lon);
    expect(a.threatType).toEqual(b.threatType);
    let maxJitter = 0;
    for (let i = 0; i < a.length; i++) {
      let best = Infinity;
      for (let k = 0; k < src.length; k += 1) best = Math.min(best, Math.hypot(a.lon[i]! - src.lon[k]!, a.lat[i]! - src.lat[k]!));
      maxJitter = Math.max(maxJitter, best);
      if (i > 300) break; // a sample is enough
    }
    expect(maxJitter).toBeLessThan(0.045 * 6); // within 6 σ of the jitter
  });
});
