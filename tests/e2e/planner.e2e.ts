/**
 * Force planner on the exercise data. Every coverage figure the panel shows is checked
 * against a brute-force count made here from data/exercise/incidents.csv and
 * presences.geojson (haversine distance ≤ road range, inclusive, with the planner's 1 mm
 * tolerance): the baseline; a temporary base dropped by a map click into the largest gap;
 * the same base dragged on the map; the optimiser's k = 2 proposals (each one's marginal
 * count) and their adoption. Then a saved scenario must show in the comparison table, the
 * export must carry its provenance, and there must be no console error and no request to
 * another origin. Screenshots: tests/artifacts/planner-*.png.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Download, Page } from 'playwright-core';
import { distanceKm } from '../../src/domain/geo.ts';
import { ARTIFACTS, idle, openApp, test, waitForMap, type Session } from './harness.ts';
import { context } from './context.ts';

const rows = Papa.parse<Record<string, string>>(readFileSync(join('data', 'exercise', 'incidents.csv'), 'utf8'), { header: true, skipEmptyLines: 'greedy' }).data;
const incidents = rows.map((r) => [Number(r.longitude), Number(r.latitude)] as const);
interface PresenceFeature { geometry: { coordinates: [number, number] }; properties: { reach_road_km: number } }
const presences = (JSON.parse(readFileSync(join('data', 'exercise', 'presences.geojson'), 'utf8')) as { features: PresenceFeature[] }).features
  .map((f) => ({ lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1], road: f.properties.reach_road_km }));
/** The planner's range rule: great-circle distance ≤ range + 1 mm (docs/planning.md). */
const within = (lon: number, lat: number, c: { lon: number; lat: number }, km: number): boolean => km > 0 && distanceKm(c.lon, c.lat, lon, lat) <= km + 1e-6;

/** Incidents some site reaches by road. */
function coveredBy(sites: readonly { lon: number; lat: number; road: number }[]): Uint8Array {
  const m = new Uint8Array(incidents.length);
  incidents.forEach(([lon, lat], i) => { if (sites.some((s) => within(lon, lat, s, s.road))) m[i] = 1; });
  return m;
}
const count = (m: Uint8Array): number => m.reduce((a, b) => a + b, 0);
/** Incidents a new site reaches that `covered` does not. */
function gainOf(site: { lon: number; lat: number; road: number }, covered: Uint8Array): number {
  let n = 0;
  incidents.forEach(([lon, lat], i) => { if (!covered[i] && within(lon, lat, site, site.road)) n++; });
  return n;
}

let s: Session;
let baseline: Uint8Array;
let gaps: { lon: number; lat: number; weight: number; count: number }[] = [];
let tob = { lon: 0, lat: 0, road: 0 };
const updateTimes: number[] = [];
const workerTimes: number[] = [];

async function headline(page: Page): Promise<{ covered: number; total: number; delta: number }> {
  const h = page.getByTestId('coverage-headline');
  return { covered: Number(await h.getAttribute('data-covered')), total: Number(await h.getAttribute('data-total')), delta: Number(await h.getAttribute('data-delta')) };
}
async function updates(page: Page): Promise<number> {
  return Number(await page.getByTestId('whatif-ms').getAttribute('data-updates'));
}
/** Wait for the next figures after an action (the update counter moves on), and note the update time. */
async function nextUpdate(page: Page, before: number): Promise<void> {
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="whatif-ms"]')?.getAttribute('data-updates')) > n, before);
  // Coalesced edits (a drag) may still be on their way: wait until the counter rests.
  let last = await updates(page);
  for (;;) {
    await page.waitForTimeout(250);
    const now = await updates(page);
    if (now === last) break;
    last = now;
  }
  updateTimes.push(Number(await page.getByTestId('whatif-ms').getAttribute('data-ms')));
  workerTimes.push(Number(await page.getByTestId('whatif-ms').getAttribute('data-worker-ms')));
}
async function tempBases(page: Page): Promise<{ lon: number; lat: number; road: number; name: string }[]> {
  return page.locator('[data-testid="temp-base"]').evaluateAll((els) => els.map((e) => ({
    lon: Number(e.getAttribute('data-lon')), lat: Number(e.getAttribute('data-lat')), road: Number(e.getAttribute('data-reach-road')), name: e.getAttribute('data-name') ?? '',
  })));
}
async function mapPixel(page: Page, lon: number, lat: number): Promise<[number, number]> {
  const box = (await page.locator('.map').boundingBox())!;
  const [x, y] = await page.evaluate(([a, b]) => window.__poc!.project(a!, b!), [lon, lat]);
  assert.ok(x > 5 && y > 5 && x < box.width - 5 && y < box.height - 5, `(${lon.toFixed(3)}, ${lat.toFixed(3)}) is on the map (${x.toFixed(0)}, ${y.toFixed(0)})`);
  return [box.x + x, box.y + y];
}
async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), click()]) as [Download, void];
  return { name: dl.suggestedFilename(), text: readFileSync(await dl.path(), 'utf8') };
}

test('the Planner tab shows the baseline road coverage of a brute-force count, and ranked gaps', async () => {
  s = await openApp(context().browser, context().origin, '/?panel=planner');
  await waitForMap(s.page);
  await s.page.waitForFunction(() => document.querySelector('[data-testid="planner-status"]')?.getAttribute('data-phase') === 'ready');
  baseline = coveredBy(presences);
  const h = await headline(s.page);
  assert.equal(h.total, incidents.length, 'every incident of the dataset is demand by default');
  assert.equal(h.covered, count(baseline), 'baseline road coverage = brute-force count');
  assert.equal(h.delta, 0, 'no change against the baseline yet');
  assert.equal(Number(await s.page.getByTestId('fig-road').getAttribute('data-incidents')), count(baseline), 'road row of the per-mode table');
  gaps = await s.page.locator('[data-testid="gap-row"]').evaluateAll((els) => els.map((e) => ({
    lon: Number(e.getAttribute('data-lon')), lat: Number(e.getAttribute('data-lat')), weight: Number(e.getAttribute('data-weight')), count: Number(e.getAttribute('data-count')),
  })));
  assert.ok(gaps.length >= 5, `gaps listed (${gaps.length})`);
  for (let i = 1; i < gaps.length; i++) assert.ok(gaps[i]!.weight <= gaps[i - 1]!.weight, 'gaps ranked by weight');
  // A gap holds only incidents no presence reaches: the brute force must find uncovered ones around its centre.
  const near = incidents.filter(([lon, lat], i) => !baseline[i] && distanceKm(gaps[0]!.lon, gaps[0]!.lat, lon, lat) < 60).length;
  assert.ok(near >= gaps[0]!.count * 0.5, `the largest gap is uncovered demand (${near} uncovered incidents within 60 km of its centre, ${gaps[0]!.count} in it)`);
  await idle(s.page);
  await s.page.screenshot({ path: join(ARTIFACTS, 'planner-baseline.png') });
  console.log(`    baseline road coverage ${h.covered}/${h.total}; largest gap ${gaps[0]!.count} incidents at ${gaps[0]!.lat.toFixed(2)}, ${gaps[0]!.lon.toFixed(2)}`);
});

test('a temporary base dropped into the largest gap covers exactly the incidents a brute-force count predicts', async () => {
  const g = gaps[0]!;
  // The gap row flies the map there.
  await s.page.locator('[data-testid="gap-row"]').first().click();
  await s.page.waitForTimeout(1200);
  await idle(s.page);
  const before = await headline(s.page);
  const n = await updates(s.page);
  await s.page.getByTestId('drop-base').click();
  assert.equal(await s.page.getByTestId('drop-base').getAttribute('aria-pressed'), 'true', 'drop mode armed');
  const [x, y] = await mapPixel(s.page, g.lon, g.lat);
  await s.page.mouse.click(x, y);
  await s.page.locator('[data-testid="temp-base"]').first().waitFor();
  await nextUpdate(s.page, n);
  const [t] = await tempBases(s.page);
  tob = { lon: t!.lon, lat: t!.lat, road: t!.road };
  assert.equal(tob.road, 50, "an operating base's default road range");
  assert.ok(distanceKm(tob.lon, tob.lat, g.lon, g.lat) < 3, 'placed where the map was clicked (the gap centre)');
  const want = gainOf(tob, baseline);
  const after = await headline(s.page);
  assert.ok(want > 0, 'the base covers uncovered incidents');
  assert.equal(after.covered - before.covered, want, `covered incidents rise by the brute-force count (${want})`);
  assert.equal(after.delta, want, 'delta against the baseline');
  assert.match((await s.page.getByTestId('coverage-delta').textContent()) ?? '', new RegExp(`\\+${want.toLocaleString('en')} incidents`), 'the delta is spelled out');
  assert.equal(await s.page.getByTestId('drop-base').getAttribute('aria-pressed'), 'false', 'drop mode ends with the drop');
  assert.equal(await s.page.getByTestId('detail-panel').count(), 0, 'the drop click selected nothing');
  console.log(`    temporary base at ${tob.lat.toFixed(3)}, ${tob.lon.toFixed(3)}: +${want} incidents; update ${updateTimes.at(-1)} ms`);
});

test('dragging the temporary base on the map moves its range; the figures follow the brute-force count', async () => {
  const centreOf = (): Promise<[number, number]> => s.page.evaluate(() => { const m = document.querySelector('.map')!.getBoundingClientRect(); return window.__poc!.unproject(m.width / 2, m.height / 2); });
  const c0 = await centreOf();
  for (const [dx, dy] of [[70, 35], [-40, 50]] as const) {
    const [x, y] = await mapPixel(s.page, tob.lon, tob.lat);
    const n = await updates(s.page);
    await s.page.mouse.move(x, y);
    await s.page.mouse.down();
    await s.page.mouse.move(x + dx, y + dy, { steps: 12 });
    await s.page.mouse.up();
    await nextUpdate(s.page, n);
    const [t] = await tempBases(s.page);
    const moved = distanceKm(t!.lon, t!.lat, tob.lon, tob.lat);
    assert.ok(moved > 5, `the base moved (${moved.toFixed(1)} km)`);
    tob = { lon: t!.lon, lat: t!.lat, road: t!.road };
    const want = count(baseline) + gainOf(tob, baseline);
    assert.equal((await headline(s.page)).covered, want, 'covered incidents after the drag = brute-force count');
  }
  const c1 = await centreOf();
  assert.ok(Math.abs(c1[0] - c0[0]) < 1e-6 && Math.abs(c1[1] - c0[1]) < 1e-6, 'the map did not pan under the drag');
  await idle(s.page);
  await s.page.screenshot({ path: join(ARTIFACTS, 'planner-whatif.png') });
});

test("editing the temporary base's road range follows the brute-force count (per-base range edit)", async () => {
  const field = s.page.getByLabel('Road range of TOB 1, km');
  for (const road of [70, 35, 50]) {
    const n = await updates(s.page);
    await field.fill(String(road));
    await nextUpdate(s.page, n);
    const [t] = await tempBases(s.page);
    assert.equal(t!.road, road, 'the range is the one typed');
    assert.equal((await headline(s.page)).covered, count(baseline) + gainOf({ ...tob, road }, baseline), `covered incidents with a ${road} km road range`);
  }
});

test('the optimiser (k = 2) proposes bases in the gaps; each covers what a brute-force count predicts; adopting them adds exactly that', async () => {
  await s.page.getByTestId('opt-k').selectOption('2');
  // Candidates on a 25 km grid over the AORs: sites can land anywhere, so "in the gaps" means something.
  await s.page.getByTestId('opt-grid').check();
  const before = await headline(s.page);
  await s.page.getByTestId('opt-run').click();
  await s.page.getByTestId('opt-result').waitFor();
  const props = await s.page.locator('[data-testid="proposal"]').evaluateAll((els) => els.map((e) => ({
    lon: Number(e.getAttribute('data-lon')), lat: Number(e.getAttribute('data-lat')), road: Number(e.getAttribute('data-reach')),
    newly: Number(e.getAttribute('data-newly')), gain: Number(e.getAttribute('data-gain')), share: Number(e.getAttribute('data-share')),
  })));
  assert.equal(props.length, 2, 'two proposals');
  const covered = coveredBy([...presences, tob]);
  assert.equal(count(covered), before.covered, 'the optimiser starts from the scenario (presences + temporary base)');
  let expectTotal = 0;
  for (const [i, p] of props.entries()) {
    const g = gainOf(p, covered);
    assert.equal(p.newly, g, `proposal ${i + 1} newly covers the brute-force count of uncovered incidents (${g})`);
    assert.ok(p.newly > 0 && p.gain > 0, `proposal ${i + 1} has a marginal gain`);
    // "Where the gaps were": its range reaches the centre of one of the listed gaps.
    const nearest = Math.min(...gaps.map((q) => distanceKm(q.lon, q.lat, p.lon, p.lat)));
    assert.ok(nearest <= p.road + 25, `proposal ${i + 1} lies at a gap (${nearest.toFixed(0)} km from the nearest listed gap centre)`);
    incidents.forEach(([lon, lat], j) => { if (within(lon, lat, p, p.road)) covered[j] = 1; });
    expectTotal += g;
  }
  assert.ok(props[1]!.gain <= props[0]!.gain, 'marginal gains shrink (greedy)');
  const sum = s.page.getByTestId('opt-summary');
  const achieved = Number(await sum.getAttribute('data-achieved')), bound = Number(await sum.getAttribute('data-bound')), base = Number(await sum.getAttribute('data-base'));
  assert.ok(achieved > base && bound >= achieved - 1e-12, `covered share rose (${(100 * base).toFixed(1)} → ${(100 * achieved).toFixed(1)} %, bound ${(100 * bound).toFixed(1)} %)`);
  await s.page.getByTestId('opt-show').click();
  await s.page.waitForTimeout(1200);
  await idle(s.page);
  await s.page.screenshot({ path: join(ARTIFACTS, 'planner-optimiser.png') });
  const n = await updates(s.page);
  await s.page.getByTestId('opt-adopt').click();
  await nextUpdate(s.page, n);
  assert.equal((await tempBases(s.page)).length, 3, 'the proposals became temporary bases');
  const after = await headline(s.page);
  assert.equal(after.covered - before.covered, expectTotal, `adopting adds exactly the proposals' counts (${expectTotal})`);
  assert.equal(after.covered, count(covered), 'and equals the brute-force count of the whole scenario');
  console.log(`    proposals +${props.map((p) => p.newly).join(', +')} incidents; share ${(100 * base).toFixed(1)} → ${(100 * achieved).toFixed(1)} % (bound ${(100 * bound).toFixed(1)} %)`);
});

test('a saved scenario shows in the comparison table with its figures, against the baseline', async () => {
  const cur = await headline(s.page);
  await s.page.getByTestId('scenario-name').fill('E2E three bases');
  await s.page.getByTestId('scenario-save').click();
  await s.page.locator('[data-testid="scenario-item"][data-name="E2E three bases"]').waitFor();
  await s.page.getByTestId('compare-a').selectOption({ label: 'Baseline (data)' });
  await s.page.getByTestId('compare-b').selectOption({ label: 'E2E three bases' });
  const row = s.page.locator('[data-testid="compare-table"] tr[data-measure="Incidents within reach"]');
  await s.page.waitForFunction(() => document.querySelector('[data-testid="compare-table"] tr[data-measure="Incidents within reach"]')?.getAttribute('data-b') !== '');
  assert.equal(Number(await row.getAttribute('data-a')), count(baseline), 'baseline column');
  assert.equal(Number(await row.getAttribute('data-b')), cur.covered, 'saved scenario column = the figures it was saved with');
  assert.equal(Number(await s.page.locator('[data-testid="compare-table"] tr[data-measure="Temporary bases"]').getAttribute('data-b')), 3);
  // Back to the baseline and again to the saved scenario: switching restores its figures.
  let n = await updates(s.page);
  await s.page.getByTestId('reset-baseline').click();
  await nextUpdate(s.page, n);
  assert.equal((await headline(s.page)).covered, count(baseline), 'reset to baseline');
  n = await updates(s.page);
  await s.page.locator('[data-testid="scenario-item"][data-name="E2E three bases"] button').first().click();
  await nextUpdate(s.page, n);
  assert.equal((await headline(s.page)).covered, cur.covered, 'switching back to the saved scenario');
});

test('the scenario exports as JSON and CSV with its provenance', async () => {
  await s.page.getByTestId('planner-export').locator('summary').click();
  const json = await downloaded(s.page, () => s.page.getByTestId('export-json').click());
  assert.match(json.name, /^poc-plan-e2e-three-bases-exercise-sable-river-\d{4}-\d{2}-\d{2}\.json$/);
  const doc = JSON.parse(json.text) as { provenance: Record<string, unknown>; presences: { temporary: boolean }[]; coverage: { byMode: { road: { incidents: { covered: number } } } } };
  assert.equal(doc.provenance.scenario, 'E2E three bases');
  assert.equal(doc.provenance.exercise, true);
  assert.equal(doc.provenance.dataset, 'Exercise SABLE RIVER');
  assert.equal(doc.presences.filter((p) => p.temporary).length, 3);
  assert.equal(doc.coverage.byMode.road.incidents.covered, (await headline(s.page)).covered);
  const csv = await downloaded(s.page, () => s.page.getByTestId('export-csv').click());
  const lines = csv.text.split('\r\n');
  const k = Number(/the first (\d+) lines/.exec(lines[0]!)?.[1]);
  assert.ok(k > 3 && lines.slice(0, k).every((l) => l.startsWith('#')), 'provenance lines first');
  assert.match(lines.slice(0, k).join('\n'), /scenario: E2E three bases/);
  assert.ok(lines[k]!.startsWith('section,id,name'), 'then the header');
  assert.equal(lines.filter((l) => l.startsWith('temporary_base,')).length, 3);
});

test('what-if updates within 100 ms; no console error, no foreign request', async () => {
  const sorted = [...updateTimes].sort((a, b) => a - b);
  console.log(`    what-if update, edit to figures (ms): ${updateTimes.map((t) => t.toFixed(1)).join(', ')}; median ${sorted[sorted.length >> 1]?.toFixed(1)}`);
  console.log(`    of which worker round trip (ms): ${workerTimes.map((t) => t.toFixed(1)).join(', ')}`);
  assert.ok(sorted[sorted.length >> 1]! <= 100, 'median update ≤ 100 ms');
  assert.deepEqual(s.consoleErrors, []);
  assert.deepEqual(s.foreignRequests, []);
  await s.page.context().close();
});
