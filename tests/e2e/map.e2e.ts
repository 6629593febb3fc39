/**
 * The map view on the exercise scenario: everything that should be drawn is drawn (pixels
 * change where incidents, presences, ranges, AORs and labels are when their layer is
 * switched), the legend and banner are there, hover and click work, the panels work from
 * the keyboard, and there is no console error and no request to any other host.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { ARTIFACTS, idle, openApp, test, waitForMap, type Session } from './harness.ts';
import { context } from './context.ts';
import { destination } from '../../src/domain/geo.ts';

interface PresenceFeature { geometry: { coordinates: [number, number] }; properties: { id: string; name: string; type: string; reach_road_km: number } }
const presences = (JSON.parse(readFileSync(join('data', 'exercise', 'presences.geojson'), 'utf8')) as { features: PresenceFeature[] }).features;
const incidentRows = Papa.parse<Record<string, string>>(readFileSync(join('data', 'exercise', 'incidents.csv'), 'utf8'), { header: true, skipEmptyLines: 'greedy' }).data;

type Px = [number, number];
/** The map element's box on the page, read once the app is up. */
let MAP = { x: 0, y: 0, w: 0, h: 0 };

async function mapOffset(page: Page): Promise<Px> {
  return page.evaluate(() => {
    const r = document.querySelector('.map')!.getBoundingClientRect();
    return [r.left, r.top] as [number, number];
  });
}
async function project(page: Page, lon: number, lat: number): Promise<Px> {
  return page.evaluate(([x, y]) => window.__poc!.project(x, y), [lon, lat] as Px);
}
async function pixels(page: Page, points: Px[]): Promise<number[][]> {
  return page.evaluate((pts) => pts.map(([x, y]) => window.__poc!.pixel(x, y)), points);
}
async function setLayer(page: Page, id: string, on: boolean): Promise<void> {
  const box = page.locator(`input[data-layer="${id}"]`);
  if ((await box.isChecked()) !== on) await box.click();
  await idle(page);
}
const differs = (a: number[], b: number[]): boolean => Math.abs(a[0]! - b[0]!) + Math.abs(a[1]! - b[1]!) + Math.abs(a[2]! - b[2]!) > 12;
const inView = ([x, y]: Px): boolean => x > 20 && y > 20 && x < MAP.w - 60 && y < MAP.h - 40;

/** Share of `points` whose pixel changes when `layer` is switched off. */
async function shareDrawn(page: Page, layer: string, points: Px[]): Promise<number> {
  const on = await pixels(page, points);
  await setLayer(page, layer, false);
  const off = await pixels(page, points);
  await setLayer(page, layer, true);
  return points.filter((_, i) => differs(on[i]!, off[i]!)).length / points.length;
}

let s: Session;

test('opens on the exercise data with its banner, legend and no errors', async () => {
  s = await openApp(context().browser, context().origin);
  await waitForMap(s.page);
  MAP = await s.page.evaluate(() => {
    const r = document.querySelector('.map')!.getBoundingClientRect();
    return { x: r.left, y: r.top, w: r.width, h: r.height };
  });
  await s.page.screenshot({ path: join(ARTIFACTS, 'map-1280x800.png') });
  const banner = await s.page.getByTestId('exercise-banner').textContent();
  assert.equal(banner?.trim(), 'EXERCISE — SYNTHETIC DATA');
  const header = (await s.page.locator('.dataset-name').textContent()) ?? '';
  assert.match(header, new RegExp(`${incidentRows.length.toLocaleString('en')} incidents`), 'header counts every incident of the file');
  const legend = (await s.page.getByTestId('legend').textContent()) ?? '';
  for (const word of ['Life', 'Physical integrity', 'Freedom', 'Property and subsistence', 'Explosive ordnance', 'Mission HQ', 'Sector HQ', 'Formed police unit base', 'POC site', 'Foot', 'Road', 'Air', 'Area of responsibility']) {
    assert.ok(legend.includes(word), `legend mentions ${word}`);
  }
});

test('presences are drawn where they are, and vanish when switched off', async () => {
  const pts = (await Promise.all(presences.map((p) => project(s.page, ...p.geometry.coordinates)))).filter(inView);
  assert.ok(pts.length >= 10, `at least 10 presences in view (got ${pts.length})`);
  const share = await shareDrawn(s.page, 'presences', pts);
  assert.ok(share >= 0.9, `≥ 90 % of presence positions change when the layer is off (got ${share})`);
});

test('incidents are drawn where they are, and vanish when switched off', async () => {
  const sample = incidentRows.filter((_, i) => i % 97 === 0);
  const pts = (await Promise.all(sample.map((r) => project(s.page, +r.longitude!, +r.latitude!)))).filter(inView);
  assert.ok(pts.length >= 50, `at least 50 sampled incidents in view (got ${pts.length})`);
  // Presences, labels and sites sit on top of some incidents: hide them for this check.
  for (const l of ['presences', 'settlements', 'sites']) await setLayer(s.page, l, false);
  const share = await shareDrawn(s.page, 'incidents', pts);
  for (const l of ['presences', 'settlements', 'sites']) await setLayer(s.page, l, true);
  assert.ok(share >= 0.9, `≥ 90 % of sampled incident positions change when the layer is off (got ${share})`);
});

test('road patrol ranges are geodesic rings around each base', async () => {
  const others = ['incidents', 'presences', 'settlements', 'sites', 'roads'];
  for (const l of others) await setLayer(s.page, l, false);
  const withRoad = presences.filter((p) => p.properties.reach_road_km > 0);
  const pts: Px[] = [];
  for (const p of withRoad) {
    const [lon, lat] = p.geometry.coordinates;
    // Half-way to the range edge, due south-west: inside the ring's translucent fill.
    const [x, y] = destination(lon, lat, p.properties.reach_road_km * 0.5, 225);
    pts.push(await project(s.page, x, y));
  }
  const share = await shareDrawn(s.page, 'range_road', pts.filter(inView));
  for (const l of others) await setLayer(s.page, l, true);
  assert.ok(share >= 0.9, `≥ 90 % of points inside road ranges change when ranges are off (got ${share})`);
  await setLayer(s.page, 'range_foot', true);
  await setLayer(s.page, 'range_air', true);
  await s.page.screenshot({ path: join(ARTIFACTS, 'map-all-ranges.png') });
  await setLayer(s.page, 'range_foot', false);
  await setLayer(s.page, 'range_air', false);
});

test('areas of responsibility and settlement labels are drawn', async () => {
  const grid: Px[] = [];
  for (let x = 60; x < MAP.w - 60; x += 80) for (let y = 60; y < MAP.h - 60; y += 80) grid.push([x, y]);
  // Hide everything else so only the AOR tint and outline remain.
  for (const l of ['incidents', 'presences', 'range_road', 'settlements', 'sites', 'roads']) await setLayer(s.page, l, false);
  const aorShare = await shareDrawn(s.page, 'aors', grid);
  assert.ok(aorShare >= 0.5, `AOR tint covers most of the map (got ${aorShare})`);
  const labelShare = await (async () => {
    await setLayer(s.page, 'settlements', true);
    const on = await s.page.screenshot({ clip: { x: MAP.x, y: MAP.y, width: MAP.w, height: MAP.h } });
    await setLayer(s.page, 'settlements', false);
    const off = await s.page.screenshot({ clip: { x: MAP.x, y: MAP.y, width: MAP.w, height: MAP.h } });
    return on.equals(off) ? 0 : 1;
  })();
  assert.equal(labelShare, 1, 'settlements and their labels change the picture');
  for (const l of ['incidents', 'presences', 'range_road', 'settlements', 'sites', 'roads']) await setLayer(s.page, l, true);
});

test('hover shows a tooltip and click opens the presence detail; Escape closes it', async () => {
  const hq = presences.find((p) => p.properties.type === 'mission_hq') ?? presences[0]!;
  const [x, y] = await project(s.page, ...hq.geometry.coordinates);
  const [ox, oy] = await mapOffset(s.page);
  await s.page.mouse.move(ox + x, oy + y);
  const tip = s.page.getByRole('tooltip');
  await tip.waitFor();
  assert.ok(((await tip.textContent()) ?? '').includes(hq.properties.name), 'tooltip names the presence');
  const panel = s.page.getByTestId('detail-panel');
  // A click is picked by rendering a picking pass: on software WebGL with both cores busy
  // that can take seconds. Wait generously, and allow further clicks.
  // Each attempt comes back onto the symbol from outside it, as a hand does: a click where the
  // pointer has been resting since the tooltip did not reach the map here (see the closing
  // note of 2026-11-23).
  for (let attempt = 0; attempt < 3; attempt++) {
    await s.page.mouse.move(ox + x + 60, oy + y + 60);
    await idle(s.page);
    await s.page.mouse.move(ox + x + 1, oy + y, { steps: 4 });
    await s.page.mouse.down();
    await s.page.mouse.up();
    if (await panel.waitFor({ timeout: 12_000 }).then(() => true, () => false)) break;
  }
  await panel.waitFor({ timeout: 1000 });
  const text = (await panel.textContent()) ?? '';
  assert.ok(text.includes(hq.properties.name) && text.includes('Reach — road'), 'detail panel shows the presence and its reach');
  await idle(s.page);
  await s.page.screenshot({ path: join(ARTIFACTS, 'map-presence-detail.png') });
  await s.page.keyboard.press('Escape');
  await panel.waitFor({ state: 'detached' });
});

test('clicking an incident opens its detail', async () => {
  await setLayer(s.page, 'presences', false);
  await setLayer(s.page, 'settlements', false);
  await setLayer(s.page, 'sites', false);
  const [ox, oy] = await mapOffset(s.page);
  let opened = false;
  for (const r of incidentRows.filter((_, i) => i % 211 === 0)) {
    const p = await project(s.page, +r.longitude!, +r.latitude!);
    if (!inView(p)) continue;
    await s.page.mouse.click(ox + p[0], oy + p[1]);
    const panel = s.page.getByTestId('detail-panel');
    if (await panel.waitFor({ timeout: 3000 }).then(() => true, () => false)) {
      const text = (await panel.textContent()) ?? '';
      assert.match(text, /Incident .*Threat type.*Perpetrator.*Victims/s);
      opened = true;
      await s.page.screenshot({ path: join(ARTIFACTS, 'map-incident-detail.png') });
      break;
    }
  }
  assert.ok(opened, 'an incident detail opened on click');
  await s.page.keyboard.press('Escape');
  for (const l of ['presences', 'settlements', 'sites']) await setLayer(s.page, l, true);
});

test('layer switches work from the keyboard', async () => {
  const box = s.page.locator('input[data-layer="roads"]');
  await box.focus();
  assert.equal(await box.isChecked(), true);
  await s.page.keyboard.press('Space');
  assert.equal(await box.isChecked(), false);
  await s.page.keyboard.press('Space');
  assert.equal(await box.isChecked(), true);
});

test('large screen layout', async () => {
  const big = await openApp(context().browser, context().origin, '/', { width: 1920, height: 1080 });
  await waitForMap(big.page);
  await big.page.screenshot({ path: join(ARTIFACTS, 'map-1920x1080.png') });
  assert.deepEqual(big.consoleErrors, []);
  assert.deepEqual(big.foreignRequests, []);
  await big.page.context().close();
});

test('zero console errors and zero requests to any other host', async () => {
  assert.deepEqual(s.consoleErrors, [], 'console errors');
  assert.deepEqual(s.foreignRequests, [], 'requests to hosts other than the local server');
  await s.page.context().close();
});
