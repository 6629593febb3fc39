/**
 * Analyst workspace on the exercise data: brush the timeline, set filters, play back,
 * select by polygon; after each step the map's visible count, the incident table, the
 * timeline and the charts must equal an independent count made here from the CSV file.
 * Then the URL must restore the same view in a fresh page.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { booleanPointInPolygon, point, polygon } from '@turf/turf';
import type { Page } from 'playwright-core';
import { ARTIFACTS, idle, openApp, test, waitForMap, type Session } from './harness.ts';
import { context } from './context.ts';
import { distanceKm } from '../../src/domain/geo.ts';

const rows = Papa.parse<Record<string, string>>(readFileSync(join('data', 'exercise', 'incidents.csv'), 'utf8'), { header: true, skipEmptyLines: 'greedy' }).data;
const PROPERTY_TYPES = new Set(['looting', 'extortion', 'destruction_of_homes', 'deprivation']);

interface Expect { from?: string; to?: string; dropProperty?: boolean; ring?: [number, number][] }
function independentCount(e: Expect): { n: number; killed: number; women: number; unknown: number } {
  let n = 0, killed = 0, women = 0, unknown = 0;
  const poly = e.ring ? polygon([[...e.ring, e.ring[0]!]]) : null;
  for (const r of rows) {
    if (e.from && r.date! < e.from) continue;
    if (e.to && r.date! > e.to) continue;
    if (e.dropProperty && PROPERTY_TYPES.has(r.threat_type!)) continue;
    if (poly && !booleanPointInPolygon(point([+r.longitude!, +r.latitude!]), poly)) continue;
    n++;
    killed += +r.fatalities!;
    women += +r.victims_women!;
    unknown += +r.victims_unknown!;
  }
  return { n, killed, women, unknown };
}

async function visibleCount(page: Page): Promise<number> {
  return Number(await page.getByTestId('visible-count').getAttribute('data-count'));
}
/** The URL is written 250 ms after the last change: wait until it holds `key` (differing from `not`, matching `like`). */
async function urlParams(page: Page, key = 'map', not?: string, like?: RegExp): Promise<URLSearchParams> {
  await page.waitForFunction(([k, n, re]) => {
    const v = new URL(location.href).searchParams.get(k!);
    return v !== null && v !== n && (!re || new RegExp(re).test(v));
  }, [key, not ?? null, like?.source ?? null] as const);
  await page.waitForTimeout(300);
  return new URL(page.url()).searchParams;
}
/** Visible count, table, charts and map all against the independent count. */
async function assertAgree(page: Page, e: Expect, label: string): Promise<number> {
  const want = independentCount(e);
  assert.equal(await visibleCount(page), want.n, `${label}: visible count`);
  await page.getByTestId('open-table').click();
  const tableCount = Number(await page.getByTestId('incident-count').getAttribute('data-count'));
  assert.equal(tableCount, want.n, `${label}: incident table rows`);
  await page.getByTestId('open-charts').click();
  const groups = page.locator('[data-testid="fatalities-chart"] [data-group]');
  let chartIncidents = 0, chartKilled = 0;
  for (const g of await groups.all()) {
    chartIncidents += Number(await g.getAttribute('data-incidents'));
    chartKilled += Number(await g.getAttribute('data-fatalities'));
  }
  assert.equal(chartIncidents, want.n, `${label}: chart incidents`);
  assert.equal(chartKilled, want.killed, `${label}: chart civilians killed`);
  assert.equal(Number(await page.locator('[data-testid="victims-chart"] [data-group="women"]').getAttribute('data-value')), want.women, `${label}: victims women`);
  assert.equal(Number(await page.locator('[data-testid="victims-chart"] [data-group="unknown"]').getAttribute('data-value')), want.unknown, `${label}: victims unknown (shown, not hidden)`);
  // The map draws exactly the filtered incidents: count what passes the GPU filter by picking is
  // too slow on software WebGL, so check the drawn layer's filter inputs instead.
  return want.n;
}

let s: Session;
let period: { from: string; to: string };

test('brushing the timeline sets the period; map, table and charts agree', async () => {
  s = await openApp(context().browser, context().origin);
  await waitForMap(s.page);
  assert.equal(await visibleCount(s.page), rows.length, 'all incidents before any filter');
  const chart = s.page.locator('[data-testid="timeline"] svg').first();
  const box = (await chart.boundingBox())!;
  const y = box.y + box.height * 0.5;
  await s.page.mouse.move(box.x + box.width * 0.55, y);
  await s.page.mouse.down();
  await s.page.mouse.move(box.x + box.width * 0.7, y, { steps: 8 });
  await s.page.mouse.up();
  const q = await urlParams(s.page, 'from');
  period = { from: q.get('from') ?? '', to: q.get('to') ?? '' };
  assert.match(period.from, /^\d{4}-\d{2}-\d{2}$/, 'period start in the URL');
  assert.ok(period.to > period.from, 'a period of more than one day');
  const n = await assertAgree(s.page, period, 'brushed period');
  assert.ok(n > 100 && n < rows.length, `a real subset (${n})`);
  assert.equal(Number(await s.page.getByTestId('timeline-summary').getAttribute('data-count')), n, 'timeline summary');
  await idle(s.page);
  await s.page.screenshot({ path: join(ARTIFACTS, 'analyst-brushed.png') });
});

test('a threat-group filter narrows every view the same way, and shows as a chip', async () => {
  await s.page.getByTestId('open-filters').click();
  await s.page.getByTestId('filter-panel').getByRole('checkbox', { name: /Property and subsistence/ }).first().uncheck();
  await s.page.getByTestId('filter-chips').waitFor();
  const chips = (await s.page.getByTestId('filter-chips').textContent()) ?? '';
  assert.match(chips, /Threat/i, 'threat chip shown');
  await assertAgree(s.page, { ...period, dropProperty: true }, 'period + no property');
  await s.page.getByTestId('open-filters').click();
  await idle(s.page);
  await s.page.screenshot({ path: join(ARTIFACTS, 'analyst-filtered.png') });
});

test('playback moves the period forward and everything follows', async () => {
  const before = period;
  await s.page.locator('[data-testid="playback"] button', { hasText: '▶' }).first().click();
  await s.page.waitForTimeout(2500);
  await s.page.keyboard.press('Space'); // pause from the keyboard
  await s.page.waitForFunction(() => document.querySelector('[data-testid="playback"]')?.getAttribute('data-playing') === 'false');
  const q = await urlParams(s.page, 'from', before.from);
  period = { from: q.get('from')!, to: q.get('to')! };
  assert.ok(period.from > before.from, `period moved forward (${before.from} → ${period.from})`);
  await assertAgree(s.page, { ...period, dropProperty: true }, 'after playback');
  await idle(s.page);
  await s.page.screenshot({ path: join(ARTIFACTS, 'analyst-playback.png') });
});

let ring: [number, number][] = [];
test('selecting by polygon on the map keeps only incidents inside it', async () => {
  await s.page.getByTestId('draw-polygon').click();
  const map = (await s.page.locator('.map').boundingBox())!;
  const pts: [number, number][] = [[0.3, 0.3], [0.7, 0.25], [0.75, 0.7], [0.35, 0.75]].map(([fx, fy]) => [map.x + map.width * fx!, map.y + map.height * fy!]);
  for (const [x, y] of pts) { await s.page.mouse.click(x, y); await s.page.waitForTimeout(150); }
  ring = await s.page.evaluate(([p, o]) => p.map(([x, y]) => window.__poc!.unproject(x - o[0], y - o[1])), [pts, [map.x, map.y]] as const) as [number, number][];
  await s.page.keyboard.press('Enter');
  await s.page.waitForFunction(() => /Map selection/.test(document.querySelector('[data-testid="filter-chips"]')?.textContent ?? ''));
  // The app's own record of the shape (URL, 5 decimals) is what it selected with; it must be
  // the polygon that was clicked (within a few pixels), and the count is checked against it.
  const sel = (await urlParams(s.page, 'sel')).get('sel') ?? '';
  const urlRing = sel.replace(/^p:/, '').split(';').map((p) => p.split(',').map(Number) as [number, number]);
  assert.equal(urlRing.length, ring.length, 'every clicked corner is in the shape');
  urlRing.forEach(([x, y], i) => assert.ok(Math.abs(x - ring[i]![0]) < 0.02 && Math.abs(y - ring[i]![1]) < 0.02, `corner ${i} where it was clicked`));
  ring = urlRing;
  const n = await assertAgree(s.page, { ...period, dropProperty: true, ring }, 'polygon selection');
  assert.ok(n > 0, 'the polygon holds incidents');
  // The map draws the same subset: incidents outside the polygon (or the period) leave no
  // pixel, those inside do. Only the incident layer is on for this check.
  const others = ['presences', 'range_road', 'aors', 'settlements', 'sites', 'roads'];
  const setLayer = async (id: string, on: boolean): Promise<void> => {
    const box = s.page.locator(`input[data-layer="${id}"]`);
    if ((await box.isChecked()) !== on) await box.click();
  };
  for (const l of others) await setLayer(l, false);
  await idle(s.page);
  const poly = polygon([[...ring, ring[0]!]]);
  const shown: [number, number][] = [], hidden: [number, number][] = [];
  for (const r of rows) {
    const p: [number, number] = [+r.longitude!, +r.latitude!];
    const isShown = r.date! >= period.from && r.date! <= period.to && !PROPERTY_TYPES.has(r.threat_type!) && booleanPointInPolygon(point(p), poly);
    (isShown ? shown : hidden).push(p);
  }
  const inside = shown.filter((_, i) => i % Math.max(1, Math.floor(shown.length / 40)) === 0).slice(0, 40);
  // Hidden incidents at least 0.15° from every shown one, so no shown circle covers their pixel.
  const outside = hidden.filter((p, i) => i % 50 === 0 && shown.every((q) => Math.abs(p[0] - q[0]) > 0.15 || Math.abs(p[1] - q[1]) > 0.15)).slice(0, 40);
  const sample = async (pts: [number, number][]): Promise<number[][]> => s.page.evaluate((ps) => ps.map(([x, y]) => {
    const [px, py] = window.__poc!.project(x, y);
    return window.__poc!.pixel(px, py);
  }), pts);
  const onIn = await sample(inside), onOut = await sample(outside);
  await setLayer('incidents', false);
  await idle(s.page);
  const offIn = await sample(inside), offOut = await sample(outside);
  await setLayer('incidents', true);
  for (const l of others) await setLayer(l, true);
  const changed = (a: number[][], b: number[][]): number => a.filter((px, i) => px.some((v, k) => Math.abs(v - b[i]![k]!) > 6)).length;
  assert.ok(changed(onIn, offIn) >= inside.length * 0.9, `selected incidents are drawn (${changed(onIn, offIn)}/${inside.length})`);
  assert.equal(changed(onOut, offOut), 0, 'incidents outside the selection are not drawn');
  await idle(s.page);
  await s.page.screenshot({ path: join(ARTIFACTS, 'analyst-polygon.png') });
});

test('the URL restores the same view in a fresh page', async () => {
  const url = s.page.url();
  const want = await visibleCount(s.page);
  const chips = await s.page.getByTestId('filter-chips').textContent();
  const fresh = await openApp(context().browser, context().origin, url.slice(context().origin.length));
  await waitForMap(fresh.page);
  await fresh.page.waitForFunction((n) => document.querySelector('[data-testid="visible-count"]')?.getAttribute('data-count') === String(n), want);
  assert.equal(await fresh.page.getByTestId('filter-chips').textContent(), chips, 'same chips');
  const q = new URL(fresh.page.url()).searchParams;
  assert.equal(q.get('from'), period.from);
  await idle(fresh.page);
  await fresh.page.screenshot({ path: join(ARTIFACTS, 'analyst-url-restored.png') });
  assert.deepEqual(fresh.consoleErrors, []);
  assert.deepEqual(fresh.foreignRequests, []);
  await fresh.page.context().close();
});

test('a circle of a typed radius selects the incidents within that distance', async () => {
  await s.page.getByTestId('draw-circle').click();
  await s.page.getByTestId('circle-radius').fill('60');
  const map = (await s.page.locator('.map').boundingBox())!;
  await s.page.mouse.click(map.x + map.width * 0.5, map.y + map.height * 0.5);
  const sel = (await urlParams(s.page, 'sel', undefined, /^c:/)).get('sel')!;
  const [lon, lat, km] = sel.slice(2).split(',').map(Number) as [number, number, number];
  assert.equal(km, 60, 'the typed radius');
  const want = rows.filter((r) => r.date! >= period.from && r.date! <= period.to && !PROPERTY_TYPES.has(r.threat_type!) && distanceKm(lon, lat, +r.longitude!, +r.latitude!) <= km).length;
  assert.equal(await visibleCount(s.page), want, 'circle selection count');
  await idle(s.page);
  await s.page.screenshot({ path: join(ARTIFACTS, 'analyst-circle.png') });
});

test('row click flies the map to the incident and highlights it', async () => {
  await s.page.getByTestId('open-table').click();
  const firstRow = s.page.locator('[data-testid="incident-table"] [role="row"]').nth(1);
  await firstRow.click();
  await s.page.getByTestId('detail-panel').waitFor();
  await s.page.waitForTimeout(1200); // fly-to animation
  await idle(s.page);
  await s.page.screenshot({ path: join(ARTIFACTS, 'analyst-row-flyto.png') });
  const zoom = Number(new URL(s.page.url()).searchParams.get('map')?.split('/')[0]);
  assert.ok(zoom >= 7.5, `map zoomed in on the incident (zoom ${zoom})`);
  assert.deepEqual(s.consoleErrors, []);
  assert.deepEqual(s.foreignRequests, []);
  await s.page.context().close();
});
