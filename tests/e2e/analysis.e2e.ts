/**
 * The analysis panel on the exercise data: results appear, hotspots are ranked by mass,
 * the top hotspot's incident count and the share of incidents within road reach equal
 * counts made here, independently, from data/exercise/*.csv|geojson; the results follow
 * a period preset; the density, Gi* and emerging-hotspot layers are drawn (screenshots);
 * and with 200,000 incidents the main thread stays responsive while the analysis runs
 * (long tasks measured with a PerformanceObserver, reported in
 * tests/artifacts/analysis-longtasks.json). No console error, no request to another host.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { ARTIFACTS, idle, openApp, test, waitForMap, type Session } from './harness.ts';
import { context } from './context.ts';
import type { AnalysisSnapshot } from '../../src/state/analysis.ts';

interface PresenceFeature { geometry: { coordinates: [number, number] }; properties: { reach_road_km: number } }
const presences = (JSON.parse(readFileSync(join('data', 'exercise', 'presences.geojson'), 'utf8')) as { features: PresenceFeature[] }).features;
const rows = Papa.parse<Record<string, string>>(readFileSync(join('data', 'exercise', 'incidents.csv'), 'utf8'), { header: true, skipEmptyLines: 'greedy' }).data;

// --- Independent computations (no app code): haversine and the spherical LAEA of Snyder (1987).
const R = 6371.0088;
const RAD = Math.PI / 180;
function haversineKm(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const a = Math.sin(((lat2 - lat1) * RAD) / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(((lon2 - lon1) * RAD) / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(a)));
}
function laea(lon0: number, lat0: number, lon: number, lat: number): [number, number] {
  const p1 = lat0 * RAD, p = lat * RAD, dl = (lon - lon0) * RAD;
  const k = Math.sqrt(2 / (1 + Math.sin(p1) * Math.sin(p) + Math.cos(p1) * Math.cos(p) * Math.cos(dl)));
  return [R * k * Math.cos(p) * Math.sin(dl), R * k * (Math.cos(p1) * Math.sin(p) - Math.sin(p1) * Math.cos(p) * Math.cos(dl))];
}
/** Incidents (of `subset`) within road reach of at least one presence, boundary included. */
function roadReach(subset: Record<string, string>[]): { reached: number; total: number } {
  const road = presences.filter((p) => p.properties.reach_road_km > 0);
  let reached = 0;
  for (const r of subset) {
    const lon = +r.longitude!, lat = +r.latitude!;
    if (road.some((p) => haversineKm(lon, lat, ...p.geometry.coordinates) <= p.properties.reach_road_km + 1e-6)) reached++;
  }
  return { reached, total: subset.length };
}

// --- Page helpers.
async function snapshot(page: Page): Promise<AnalysisSnapshot> {
  return page.evaluate(() => window.__pocAnalysis!.snapshot());
}
/** Wait for a finished run newer than `after` (job ids only grow). */
async function waitForResult(page: Page, after: number | null = null, timeoutMs = 180_000): Promise<AnalysisSnapshot> {
  await page.waitForFunction((a) => {
    const s = window.__pocAnalysis?.snapshot();
    return !!s && s.phase === 'done' && s.jobId !== null && (a === null || s.jobId > a);
  }, after, { timeout: timeoutMs, polling: 100 });
  return snapshot(page);
}
async function hotspotRows(page: Page): Promise<{ rank: number; mass: number; incidents: number }[]> {
  return page.locator('[data-testid="hotspot-list"] tbody tr').evaluateAll((trs) => trs.map((tr) => ({
    rank: Number(tr.getAttribute('data-rank')), mass: Number(tr.getAttribute('data-mass')), incidents: Number(tr.getAttribute('data-incidents')),
  })));
}
async function roadRow(page: Page): Promise<{ reached: number; total: number; text: string }> {
  const row = page.locator('[data-testid="coverage-modes"] tr[data-mode="road"]');
  return { reached: Number(await row.getAttribute('data-reached')), total: Number(await row.getAttribute('data-total')), text: (await row.locator('td').nth(1).textContent()) ?? '' };
}
async function setCheckbox(page: Page, selector: string, on: boolean): Promise<void> {
  const box = page.locator(selector);
  if ((await box.isChecked()) !== on) await box.click();
}
async function onlyAnalysisLayer(page: Page, id: string | null): Promise<void> {
  for (const l of ['density', 'hotspots', 'gistar', 'emerging', 'gaps']) await setCheckbox(page, `input[data-analysis-layer="${l}"]`, l === id);
}

let s: Session;
let first: AnalysisSnapshot;

test('the Analysis tab ranks hotspots; top hotspot and road coverage equal independent counts', async () => {
  s = await openApp(context().browser, context().origin, '/', { width: 1440, height: 900 });
  await waitForMap(s.page);
  await s.page.getByTestId('open-analysis').click();
  await s.page.getByTestId('analysis-panel').waitFor();
  first = await waitForResult(s.page);
  assert.equal(first.count, rows.length, 'every incident analysed when no filter is set');
  assert.equal(Number(await s.page.getByTestId('analysis-count').getAttribute('data-count')), rows.length, 'the panel says so');

  // Ranked: rank 1, 2, 3… with mass never increasing.
  const list = await hotspotRows(s.page);
  assert.ok(list.length >= 2, `at least two hotspots listed (got ${list.length})`);
  list.forEach((h, i) => assert.equal(h.rank, i + 1, 'ranks in order'));
  for (let i = 1; i < list.length; i++) assert.ok(list[i]!.mass <= list[i - 1]!.mass, `mass descending at rank ${i + 1}`);

  // Top hotspot: incidents whose density cell belongs to it, counted here from the CSV.
  const top = await s.page.evaluate(() => window.__pocAnalysis!.hotspotCells(1));
  assert.ok(top && top.cells.length > 0, 'the top hotspot has cells');
  const g = top.grid;
  const cells = new Set(top.cells);
  let inTop = 0;
  for (const r of rows) {
    const [x, y] = laea(g.projection.lon0, g.projection.lat0, +r.longitude!, +r.latitude!);
    const i = Math.floor((x - g.x0) / g.cellKm), j = Math.floor((y - g.y0) / g.cellKm);
    if (i >= 0 && j >= 0 && i < g.nx && j < g.ny && cells.has(j * g.nx + i)) inTop++;
  }
  assert.equal(list[0]!.incidents, inTop, 'top hotspot: listed incidents = independent count');

  // Coverage: share of incidents within road reach = independent haversine count.
  const want = roadReach(rows);
  const road = await roadRow(s.page);
  console.log(`    road reach: app ${road.reached}/${road.total} (${road.text.trim()}), independent ${want.reached}/${want.total}`);
  assert.deepEqual({ reached: road.reached, total: road.total }, want, 'incidents within road reach');
  assert.equal(road.text.trim(), `${((100 * want.reached) / want.total).toFixed(0)} %`, 'shown as a percentage');
});

test('results follow a period preset', async () => {
  await s.page.locator('[data-preset="90d"]').click();
  const after = await waitForResult(s.page, first.jobId);
  const last = rows.reduce((m, r) => (r.date! > m ? r.date! : m), '');
  const from = new Date(Date.parse(`${last}T00:00:00Z`) - 89 * 86_400_000).toISOString().slice(0, 10);
  const subset = rows.filter((r) => r.date! >= from && r.date! <= last);
  assert.equal(after.count, subset.length, `analysed count = incidents in the last 90 days (${from} … ${last})`);
  assert.notDeepEqual(after.hotspots.map((h) => h.mass), first.hotspots.map((h) => h.mass), 'hotspots changed');
  const road = await roadRow(s.page);
  assert.deepEqual({ reached: road.reached, total: road.total }, roadReach(subset), 'road coverage of the period');
  await s.page.locator('[data-preset="all"]').click();
  const back = await waitForResult(s.page, after.jobId);
  assert.equal(back.count, rows.length, 'back to every incident');
  assert.deepEqual(back.hotspots.map((h) => h.mass), first.hotspots.map((h) => h.mass), 'same hotspots as before');
});

test('density, Gi* and emerging-hotspot layers are drawn (screenshots)', async () => {
  const page = s.page;
  const top = first.hotspots[0]!;
  const map = (await page.locator('.map').boundingBox())!;
  const CONTEXT = ['presences', 'settlements', 'aors', 'sites'];
  const OFF = ['incidents', 'roads', 'range_road'];
  // Pixel checks on the bare basemap: nothing of the dataset drawn over the sampled cells.
  for (const id of [...OFF, ...CONTEXT]) await setCheckbox(page, `input[data-layer="${id}"]`, false);
  const LAYERS = [['density', 'analysis-density.png'], ['gistar', 'analysis-gistar.png'], ['emerging', 'analysis-emerging.png']] as const;
  for (const [layer] of LAYERS) {
    // A cell this layer colours: its pixel must change when the layer is switched on.
    const ll = await page.evaluate((l) => window.__pocAnalysis!.sampleCell(l), layer);
    assert.ok(ll, `${layer}: a coloured cell exists`);
    const at = await page.evaluate(([lon, lat]) => window.__poc!.project(lon!, lat!), ll);
    assert.ok(at[0] > 0 && at[1] > 0 && at[0] < map.width && at[1] < map.height, `${layer}: sample cell in view`);
    const pixel = (): Promise<number[]> => page.evaluate(([x, y]) => window.__poc!.pixel(x!, y!), at);
    await onlyAnalysisLayer(page, null);
    await idle(page);
    const bare = await pixel();
    await onlyAnalysisLayer(page, layer);
    await idle(page);
    const drawn = await pixel();
    const diff = Math.abs(drawn[0]! - bare[0]!) + Math.abs(drawn[1]! - bare[1]!) + Math.abs(drawn[2]! - bare[2]!);
    assert.ok(diff > 20, `${layer}: the map changes where the layer colours a cell (${bare.join(',')} → ${drawn.join(',')})`);
  }
  // Screenshots: each layer alone over the basemap with presences, settlements and AORs for context.
  for (const id of CONTEXT) await setCheckbox(page, `input[data-layer="${id}"]`, true);
  for (const [layer, file] of LAYERS) {
    await onlyAnalysisLayer(page, layer);
    // Density is shown as the panel opens it: with the ranked hotspots' outlines and ranks.
    if (layer === 'density') await setCheckbox(page, 'input[data-analysis-layer="hotspots"]', true);
    await page.getByTestId(`legend-${layer}`).scrollIntoViewIfNeeded();
    await idle(page);
    await page.screenshot({ path: join(ARTIFACTS, file) });
  }
  const emergingClasses = await page.locator('[data-testid="legend-emerging"] [data-pattern]').count();
  assert.ok(emergingClasses >= 2, `the emerging legend lists the classes found (${emergingClasses})`);
  await onlyAnalysisLayer(page, 'gistar');
  const hot99 = Number(await page.locator('[data-testid="legend-gistar"] [data-bin="3"]').getAttribute('data-count'));
  assert.ok(hot99 > 0, `Gi* finds hot spots at 99 % confidence (${hot99} cells)`);
  // Back to the defaults for the next specs.
  await onlyAnalysisLayer(page, 'density');
  await setCheckbox(page, 'input[data-analysis-layer="hotspots"]', true);
  for (const id of OFF) await setCheckbox(page, `input[data-layer="${id}"]`, true);

  // Clicking a hotspot flies the map there (MapView may offset the target from the exact
  // centre to keep it clear of panels: near the centre is what counts).
  const before = new URL(page.url()).searchParams.get('map');
  await page.locator('[data-testid="hotspot-list"] tbody tr').first().click();
  await page.waitForFunction(([lon, lat, was]) => {
    const r = document.querySelector('.map')!.getBoundingClientRect();
    const [x, y] = window.__poc!.project(lon!, lat!);
    return new URL(location.href).searchParams.get('map') !== was && Math.hypot(x - r.width / 2, y - r.height / 2) < 200;
  }, [top.lon, top.lat, before] as const, { timeout: 30_000, polling: 200 });
  assert.deepEqual(s.consoleErrors, []);
  assert.deepEqual(s.foreignRequests, []);
  await page.context().close();
});

interface LongTask { start: number; duration: number }
declare global {
  interface Window { __longTasks?: LongTask[] }
}

test('200,000 incidents: the analysis runs off the main thread (long tasks measured)', async () => {
  const t = await openApp(context().browser, context().origin, '/?panel=analysis', { width: 1280, height: 800 });
  const page = t.page;
  await waitForMap(page);
  await waitForResult(page);
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks!.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask' });
  });
  const tasksIn = (from: number, to: number): Promise<LongTask[]> => page.evaluate(([a, b]) => window.__longTasks!.filter((x) => x.start + x.duration >= a! && x.start <= b!), [from, to]);
  const summary = (tasks: LongTask[], ms: number): { windowMs: number; count: number; maxMs: number; totalMs: number; over100: number } => ({
    windowMs: Math.round(ms), count: tasks.length, maxMs: Math.round(Math.max(0, ...tasks.map((x) => x.duration))),
    totalMs: Math.round(tasks.reduce((a, x) => a + x.duration, 0)), over100: tasks.filter((x) => x.duration > 100).length,
  });

  // Load phase (dataset replaced: filters, timeline, map and the base range/AOR job all re-run).
  const before = await snapshot(page);
  const l0 = await page.evaluate(() => performance.now());
  const { generateMs } = await page.evaluate(() => window.__pocAnalysis!.loadSynthetic(200_000));
  const loaded = await waitForResult(page, before.jobId, 300_000);
  await page.waitForFunction(() => window.__pocAnalysis!.snapshot().baseReady, null, { timeout: 120_000 });
  await idle(page);
  const l1 = await page.evaluate(() => performance.now());
  assert.equal(loaded.datasetSize, 200_000);
  assert.equal(loaded.count, 200_000, 'all 200,000 incidents analysed');

  // Start + apply: a parameter change starts a new run; the UI must answer a click during it.
  const a0 = await page.evaluate(() => performance.now());
  // Phases as the page sees them (a timer, not rAF: frames may be slow on software WebGL).
  await page.evaluate(() => {
    // No named inner functions here: tsx would wrap them in a helper the page does not have.
    const log: [number, string][] = [];
    (window as unknown as { __phases: typeof log }).__phases = log;
    const timer = setInterval(() => {
      const p = window.__pocAnalysis!.snapshot().phase;
      if (log.at(-1)?.[1] !== p) log.push([performance.now(), p]);
      if (p === 'done' && log.length >= 3) clearInterval(timer);
    }, 20);
  });
  // The answer to a click: from the input event to the legend it switches on being in the DOM.
  await page.evaluate(() => {
    const w = window as unknown as { __click: { event?: number; rendered?: number } };
    w.__click = {};
    document.addEventListener('click', (e) => {
      if ((e.target as Element).matches('input[data-analysis-layer="gistar"]')) w.__click.event = e.timeStamp;
    }, true);
    new MutationObserver(() => {
      if (w.__click.rendered === undefined && document.querySelector('[data-testid="legend-gistar"]')) w.__click.rendered = performance.now();
    }).observe(document.querySelector('[data-testid="analysis-panel"]')!, { childList: true, subtree: true });
  });
  await page.getByTestId('param-bandwidth').fill('30');
  await page.waitForFunction(() => window.__pocAnalysis!.snapshot().phase === 'running', null, { timeout: 30_000, polling: 20 });
  // Raw input (no actionability waits: those count frames, and software WebGL frames are slow).
  const box = (await page.locator('input[data-analysis-layer="gistar"]').boundingBox())!;
  const c0 = Date.now();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForFunction(() => (window as unknown as { __click: { rendered?: number } }).__click.rendered !== undefined, null, { polling: 10, timeout: 30_000 });
  const clickWallMs = Date.now() - c0;
  const click = await page.evaluate(() => (window as unknown as { __click: { event: number; rendered: number } }).__click);
  const done = await waitForResult(page, loaded.jobId, 300_000);
  await idle(page);
  const a1 = await page.evaluate(() => performance.now());
  assert.equal(done.count, 200_000);

  const report = {
    incidents: 200_000,
    note: 'Long tasks (> 50 ms) on the main thread, PerformanceObserver "longtask", headless Chromium with SwiftShader WebGL on the shared 2-core machine.',
    load: {
      ...summary(await tasksIn(l0, l1), l1 - l0), testOnlyGenerateMs: Math.round(generateMs),
      what: 'dataset replaced by 200k incidents: the test hook generating the table (in the first task), then filters, timeline, map layers, base range/AOR job, first analysis',
    },
    startAndApply: { ...summary(await tasksIn(a0, a1), a1 - a0), what: 'bandwidth changed → new run in the worker → result applied and drawn', workerMs: Math.round(done.ms ?? 0) },
    clickDuringRun: {
      what: 'click on the Gi* layer switch while the worker runs: input event → its legend in the DOM',
      inPageMs: Math.round(click.rendered - click.event), wallMs: clickWallMs, atMs: Math.round(click.event - a0),
    },
    phases: (await page.evaluate(() => (window as unknown as { __phases: [number, string][] }).__phases)).map(([at, p]) => [Math.round(at - a0), p]),
  };
  const running = report.phases.find(([, p]) => p === 'running')?.[0] as number | undefined;
  const ended = report.phases.findLast(([, p]) => p === 'done')?.[0] as number | undefined;
  const clickedWhileRunning = running !== undefined && ended !== undefined && report.clickDuringRun.atMs >= running && report.clickDuringRun.atMs <= ended;
  writeFileSync(join(ARTIFACTS, 'analysis-longtasks.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`    long tasks, start + apply: ${report.startAndApply.count} (max ${report.startAndApply.maxMs} ms, ${report.startAndApply.over100} over 100 ms) in ${report.startAndApply.windowMs} ms; worker ${report.startAndApply.workerMs} ms`);
  console.log(`    long tasks, loading 200k: ${report.load.count} (max ${report.load.maxMs} ms, of which ${report.load.testOnlyGenerateMs} ms generating the test table) in ${report.load.windowMs} ms`);
  console.log(`    click during the run answered in ${report.clickDuringRun.inPageMs} ms in the page (${clickWallMs} ms wall); phases ${JSON.stringify(report.phases)}`);
  await page.screenshot({ path: join(ARTIFACTS, 'analysis-200k.png') });
  assert.ok(clickedWhileRunning, 'the click landed while the analysis was running');
  assert.ok(report.clickDuringRun.inPageMs < 1000, `the UI answered a click during the run (${report.clickDuringRun.inPageMs} ms)`);
  assert.deepEqual(t.consoleErrors, []);
  assert.deepEqual(t.foreignRequests, []);
  await page.context().close();
});
