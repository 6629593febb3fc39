/**
 * The threat register on the exercise data: candidates are proposed from the hotspots; an
 * accepted candidate joins the register with a score whose reason sentence counts the
 * same incidents as an independent count made here from the CSV (area, perpetrator,
 * types, 30-day window); changing a weight changes the scores by exactly the documented
 * factor, re-ranks, and changes the reasons; a seeded casualty incident near a base is
 * flagged for an after-action review with the presence and distance computed here by
 * haversine; the briefing lists the accepted threat under "Top priority threats" on screen
 * and in the PDF. No console error, no request leaves the machine.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { booleanPointInPolygon, point, polygon } from '@turf/turf';
import type { Page } from 'playwright-core';
import { ARTIFACTS, idle, openApp, test, waitForMap, type Session } from './harness.ts';
import { context } from './context.ts';
import type { ThreatSnapshot } from '../../src/state/threats.ts';

const rows = Papa.parse<Record<string, string>>(readFileSync(join('data', 'exercise', 'incidents.csv'), 'utf8'), { header: true, skipEmptyLines: 'greedy' }).data;
const scenario = JSON.parse(readFileSync(join('data', 'exercise', 'scenario.json'), 'utf8')) as { seededNearBase: { incidentId: string; presenceId: string; distanceKm: number }[] };
const presences = (JSON.parse(readFileSync(join('data', 'exercise', 'presences.geojson'), 'utf8')) as GeoJSON.FeatureCollection<GeoJSON.Point, { id: string; name: string; type: string }>).features;

const DAY = 86_400_000;
const dayOf = (iso: string): number => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY);
const norm = (s: string): string => s.trim().replace(/\s+/g, ' ').toLowerCase();
const LIFE = new Set(['killing', 'summary_execution', 'massacre']);

/** Great-circle km, haversine on the sphere of src/domain/geo.ts (mean Earth radius). */
function haversineKm(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const r = Math.PI / 180, R = 6371.0088;
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** The incidents of a threat's area, perpetrator and types in a day window, counted from the CSV. */
function independentWindow(t: ThreatSnapshot, from: number, to: number): { incidents: number; killings: number; killed: number } {
  const polys = t.rings.map((r) => polygon([r]));
  let incidents = 0, killings = 0, killed = 0;
  for (const row of rows) {
    const d = dayOf(row.date!);
    if (d < from || d > to) continue;
    if (t.perpetrator.name && norm(row.perpetrator!) !== norm(t.perpetrator.name)) continue;
    if (t.perpetrator.type && row.perpetrator_type !== t.perpetrator.type) continue;
    if (t.threatTypes.length && !t.threatTypes.includes(row.threat_type as ThreatSnapshot['threatTypes'][number])) continue;
    const p = point([+row.longitude!, +row.latitude!]);
    if (!polys.some((poly) => booleanPointInPolygon(p, poly))) continue;
    incidents++;
    if (LIFE.has(row.threat_type!)) killings++;
    killed += +row.fatalities!;
  }
  return { incidents, killings, killed };
}

async function threats(page: Page): Promise<ThreatSnapshot[]> {
  return page.evaluate(() => window.__pocThreats!.threats());
}
async function rowScores(page: Page): Promise<{ id: string; rank: number; score: number }[]> {
  return page.locator('[data-testid="threat-row"]').evaluateAll((els) => els.map((e) => ({
    id: e.getAttribute('data-threat-id')!, rank: Number(e.getAttribute('data-rank')), score: Number(e.getAttribute('data-score')),
  })));
}
async function view(page: Page, id: string): Promise<void> {
  await page.getByTestId(`threats-view-${id}`).click();
}

let s: Session;
let first: ThreatSnapshot;

test('a candidate from the hotspots is accepted; its reasons count what the CSV counts', async () => {
  s = await openApp(context().browser, context().origin);
  await waitForMap(s.page);
  await s.page.keyboard.press('r'); // the Threats panel's shortcut
  await s.page.getByTestId('threats-panel').waitFor();
  await view(s.page, 'candidates');
  const settled = s.page.locator('[data-testid="candidates"][data-phase="done"], [data-testid="candidates"][data-phase="error"]');
  await settled.waitFor({ timeout: 300_000 }).catch(async (e: unknown) => {
    throw new Error(`candidates not ready: "${await s.page.getByTestId('candidates').textContent()}" (${String(e)})`);
  });
  assert.equal(await s.page.getByTestId('candidates').getAttribute('data-phase'), 'done', (await s.page.getByTestId('candidates').textContent())!);
  const cards = s.page.getByTestId('candidate');
  assert.ok(await cards.count() >= 2, 'at least two candidates proposed from the exercise hotspots');
  const candId = (await cards.first().getAttribute('data-candidate-id'))!;
  await cards.first().getByTestId('accept-candidate').click();
  await s.page.waitForSelector(`[data-testid="candidate"][data-candidate-id="${candId}"]`, { state: 'detached' });

  await view(s.page, 'register');
  const row = s.page.locator(`[data-testid="threat-row"][data-threat-id="threat-${candId}"]`);
  await row.waitFor();
  const score = Number(await row.getAttribute('data-score'));
  assert.ok(score >= 1 && score <= 25 * 1.5 ** 2 * 1.5 * 1.25 * 1.5 * 2, `a plausible score (${score})`);

  const list = await threats(s.page);
  assert.equal(list.length, 1);
  first = list[0]!;
  assert.ok(first.id === `threat-${candId}` && first.status === 'active');
  const asOf = first.asOfDay;
  assert.equal(asOf, Math.max(...rows.map((r) => dayOf(r.date!))), 'evidence as of the latest incident');
  const recent = independentWindow(first, asOf - 29, asOf);
  const baseline = independentWindow(first, asOf - 119, asOf - 30);
  const activity = first.reasons.find((r) => r.key === 'activity')!;
  const useKillings = recent.killings > 0;
  const n = useKillings ? recent.killings : recent.incidents;
  assert.equal(activity.numbers[0], n, `"${activity.text}": ${useKillings ? 'killings' : 'incidents'} in 30 days, counted from the CSV`);
  assert.ok(activity.text.startsWith(`${n.toLocaleString('en')} ${useKillings ? (n === 1 ? 'killing' : 'killings') : (n === 1 ? 'incident' : 'incidents')} in 30 days`), activity.text);
  const expected = (useKillings ? baseline.killings : baseline.incidents) * 30 / 90;
  if (expected > 0) assert.equal(activity.numbers[2], Math.round(((n - expected) / expected) * 100), `trend against the 90-day baseline in "${activity.text}"`);
  if (recent.killed > 0) assert.equal(activity.numbers[activity.numbers.length - 1], recent.killed, `civilians killed in "${activity.text}"`);

  // The same sentence is on screen, with the rest of the reasons, when the threat is selected.
  await row.locator('.thr-title').click();
  const reasons = row.getByTestId('threat-reasons').locator('li');
  assert.equal(await reasons.first().textContent(), activity.text);
  assert.ok((await reasons.last().textContent())!.startsWith('Risk score '), 'the verdict closes the reasons');
});

/** The factor input x of each weight (the factor is 1 + weight × x; docs/threat-scoring.md). */
type Components = NonNullable<ThreatSnapshot['components']>;
const FACTOR_INPUT = {
  vulnerability: (c: Components) => (c.vulnerability.level - 1) / 4,
  reachGap: (c: Components) => c.reachGap.gap,
  hostStateGap: (c: Components) => c.hostState.gap,
  massAtrocity: (c: Components) => (c.massAtrocity.present ? 1 : 0),
} as const;
type WeightKey = keyof typeof FACTOR_INPUT;
const rescore = (score: number, c: Components, k: WeightKey, from: number, to: number): number =>
  (score / (1 + from * FACTOR_INPUT[k](c))) * (1 + to * FACTOR_INPUT[k](c));

test('the analyst edits a threat beside its evidence; a weight change re-scores, re-ranks and re-words', async () => {
  await view(s.page, 'candidates');
  const secondId = (await s.page.getByTestId('candidate').first().getAttribute('data-candidate-id'))!;
  await s.page.getByTestId('candidate').first().getByTestId('accept-candidate').click();
  await view(s.page, 'register');
  const row = s.page.locator(`[data-testid="threat-row"][data-threat-id="threat-${secondId}"]`);
  await row.waitFor();

  // The analyst's judgement: one step less likely than the evidence says, no host-state presence.
  await row.locator('.thr-title').click();
  await row.getByTestId('edit-threat').click();
  const editor = s.page.getByTestId('threat-editor');
  await editor.waitFor();
  const lik = editor.getByTestId('edit-likelihood');
  const suggested = Number(await lik.getAttribute('data-suggested'));
  assert.equal(Number(await lik.getAttribute('data-value')), suggested, 'an accepted candidate starts from the suggested likelihood');
  assert.match((await lik.locator('.thr-evidence').textContent())!, /incidents expected in the next \d+ days/, 'the evidence sentence beside the choice');
  const chosen = Math.max(1, suggested - 1);
  await lik.getByRole('radio', { name: String(chosen) }).click();
  await editor.getByTestId('edit-host').selectOption('none');
  await s.page.screenshot({ path: join(ARTIFACTS, 'threats-editor.png') });
  await editor.getByTestId('save-threat').click();
  await editor.waitFor({ state: 'detached' });
  const before = await threats(s.page);
  assert.equal(before.length, 2);
  const edited = before.find((t) => t.id === `threat-${secondId}`)!;
  assert.equal(edited.likelihood, chosen);
  assert.equal(edited.components!.hostState.presence, 'none');
  await s.page.locator(`[data-testid="threat-row"][data-threat-id="${first.id}"] .thr-title`).click();
  await s.page.screenshot({ path: join(ARTIFACTS, 'threats-register.png') });

  // A weight change that must swap the two threats, if there is one (else the largest difference).
  const w = await s.page.evaluate(() => window.__pocThreats!.weights());
  const [a, b] = before as [ThreatSnapshot, ThreatSnapshot];
  let plan: { key: WeightKey; to: number } | null = null;
  search: for (const key of Object.keys(FACTOR_INPUT) as WeightKey[]) {
    for (const to of [2, 0]) {
      if (to === w[key]) continue;
      const a1 = rescore(a.score!, a.components!, key, w[key], to), b1 = rescore(b.score!, b.components!, key, w[key], to);
      if (Math.abs(a.score! - b.score!) > 1e-6 && Math.abs(a1 - b1) > 1e-6 && Math.sign(a.score! - b.score!) !== Math.sign(a1 - b1)) { plan = { key, to }; break search; }
    }
  }
  assert.ok(plan, 'some weight change swaps the two threats (host-state absence differs)');
  const spread = (k: WeightKey): number => Math.abs(FACTOR_INPUT[k](a.components!) - FACTOR_INPUT[k](b.components!));
  const key: WeightKey = plan?.key ?? (Object.keys(FACTOR_INPUT) as WeightKey[]).sort((x, y) => spread(y) - spread(x))[0]!;
  const to = plan?.to ?? (w[key] >= 1.5 ? 0 : 2);
  const inputs = FACTOR_INPUT;
  const want = new Map(before.map((t) => [t.id, rescore(t.score!, t.components!, key, w[key], to)]));
  const reasonKey = key === 'hostStateGap' ? 'hostState' : key;
  const reasonBefore = new Map(before.map((t) => [t.id, t.reasons.find((r) => r.key === reasonKey)!.text]));

  await view(s.page, 'weights');
  await s.page.getByTestId(`weight-${key}`).fill(String(to));
  await view(s.page, 'register');
  await s.page.waitForFunction(([k, v]) => window.__pocThreats!.weights()[k as 'vulnerability'] === v, [key, to] as const);
  const after = await rowScores(s.page);
  for (const r of after) {
    const old = before.find((t) => t.id === r.id)!.score!;
    const exp = want.get(r.id)!;
    assert.ok(Math.abs(r.score - exp) < 1e-9 * exp, `${r.id}: score ${r.score} = ${exp} after ${key} ${w[key]} → ${to}`);
    const x = inputs[key](before.find((t) => t.id === r.id)!.components!);
    if (x > 0) assert.ok(to > w[key] ? r.score > old : r.score < old, `${r.id}: the score moved ${to > w[key] ? 'up' : 'down'} (${old} → ${r.score})`);
    else assert.equal(r.score, old, `${r.id}: a factor that does not apply leaves the score alone`);
  }
  const expectedOrder = [...want.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
  if (Math.abs(want.get(expectedOrder[0]!)! - want.get(expectedOrder[1]!)!) > 1e-9) {
    assert.deepEqual(after.map((r) => r.id), expectedOrder, 'ranked by the new scores');
  }
  const reordered = after[0]!.id !== [...before].sort((a, b) => a.rank! - b.rank!)[0]!.id;
  if (plan) assert.ok(reordered, `the ranking changed (${key} ${w[key]} → ${to})`);
  console.log(`    weight ${key}: ${w[key]} → ${to}; scores ${before.map((t) => t.score!.toFixed(2)).join(', ')} → ${after.map((r) => r.score.toFixed(2)).join(', ')}; ranking ${reordered ? 'changed' : 'unchanged'}`);
  const now = await threats(s.page);
  for (const t of now) {
    const text = t.reasons.find((r) => r.key === reasonKey)!.text;
    // Every factor sentence names its weight, except "no mass-atrocity indicator" (nothing to weigh).
    if (key === 'massAtrocity' && !t.components!.massAtrocity.present) continue;
    assert.notEqual(text, reasonBefore.get(t.id), `the ${reasonKey} reason changed`);
    assert.ok(text.includes(`weight ${to.toFixed(2)}`), `"${text}" names the new weight`);
  }
  // The matrix holds both threats, in the analyst's likelihood × impact cells.
  await view(s.page, 'matrix');
  for (const t of now) assert.equal(await s.page.locator(`[data-testid="risk-matrix"] [data-threat-id="${t.id}"]`).count(), 1, `${t.id} in the matrix`);
  await s.page.locator(`[data-testid="risk-matrix"] [data-threat-id="${now[0]!.id}"]`).click();
  await idle(s.page);
  await s.page.screenshot({ path: join(ARTIFACTS, 'threats-matrix.png') });
});

test('a seeded casualty incident near a base is flagged for an after-action review', async () => {
  // Independently: the seeded incidents with a precise location, their nearest presence and distance.
  const seeded = scenario.seededNearBase.map((x) => {
    const r = rows.find((row) => row.id === x.incidentId)!;
    const lon = +r.longitude!, lat = +r.latitude!;
    const near = presences.map((p) => ({ id: p.properties.id, name: p.properties.name, km: haversineKm(p.geometry.coordinates[0]!, p.geometry.coordinates[1]!, lon, lat) }))
      .sort((a, b) => a.km - b.km)[0]!;
    return { ...x, row: r, lon, lat, near };
  }).filter((x) => ['exact', 'near'].includes(x.row.location_precision!) && (+x.row.fatalities! > 0 || +x.row.injured! > 0));
  assert.ok(seeded.length > 0, 'the scenario seeds precise casualty incidents near bases');
  const pick = seeded.find((x) => x.near.id === x.presenceId) ?? seeded[0]!;
  assert.ok(pick.near.km <= 10, `${pick.incidentId} is ${pick.near.km} km from ${pick.near.id}`);

  await view(s.page, 'reviews');
  const required = Number(await s.page.getByTestId('reviews-required').getAttribute('data-count'));
  assert.ok(required > 0, 'reviews are required somewhere');
  await s.page.getByTestId('review-search').fill(pick.incidentId);
  const row = s.page.locator(`[data-testid="reviews-required"] [data-testid="review-row"][data-incident="${pick.incidentId}"]`);
  await row.waitFor();
  assert.equal(await row.getAttribute('data-presence-id'), pick.near.id, 'listed with its nearest presence');
  const km = Number(await row.getAttribute('data-distance'));
  assert.ok(Math.abs(km - pick.near.km) < 1e-6, `distance ${km} km = haversine ${pick.near.km} km`);
  assert.ok((await row.textContent())!.includes(pick.near.name), 'the presence is named');
  assert.ok((await row.textContent())!.includes(`${+pick.row.fatalities!} / ${+pick.row.injured!}`), 'killed / injured as recorded');

  // The CSV export holds it, and no description text (do no harm).
  const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.getByTestId('export-reviews').click()]);
  const csvPath = join(ARTIFACTS, 'threats-reviews.csv');
  await download.saveAs(csvPath);
  const csv = readFileSync(csvPath, 'utf8');
  assert.ok(csv.startsWith('status,incident_id,date'), 'CSV header');
  assert.ok(csv.split('\n').some((l) => l.includes(pick.incidentId) && l.includes(pick.near.id)), 'the seeded incident is exported with its presence');
  assert.ok(!csv.includes(pick.row.description!.slice(0, 30)), 'no description in the export');

  // On the map: the row flies there; a red ring surrounds the incident.
  await row.click();
  await s.page.waitForTimeout(1200);
  await idle(s.page);
  const [x, y] = await s.page.evaluate(([lon, lat]) => window.__poc!.project(lon!, lat!), [pick.lon, pick.lat]);
  let red = 0;
  for (let k = 0; k < 24; k++) {
    const a = (k / 24) * 2 * Math.PI;
    const [r, g, b] = await s.page.evaluate(([px, py]) => window.__poc!.pixel(px!, py!), [x + 8 * Math.cos(a), y + 8 * Math.sin(a)]);
    if (r! > 150 && g! < 60 && b! < 60) red++;
  }
  assert.ok(red >= 3, `a red review ring is drawn around ${pick.incidentId} (${red} of 24 samples red)`);
  await s.page.screenshot({ path: join(ARTIFACTS, 'threats-reviews.png') });
  console.log(`    ${pick.incidentId}: ${pick.near.km.toFixed(2)} km from ${pick.near.name} (seeded near ${pick.presenceId})`);
});

test('the briefing lists the top threat on screen and in the PDF', async () => {
  const top = (await threats(s.page)).sort((a, b) => a.rank! - b.rank!)[0]!;
  await s.page.getByTestId('open-briefing').click();
  const list = s.page.getByTestId('briefing-threats');
  await list.waitFor();
  const items = await list.locator('li').allTextContents();
  assert.ok(items[0]!.includes(top.title), `"${top.title}" first under Top priority threats`);
  await s.page.screenshot({ path: join(ARTIFACTS, 'threats-briefing.png'), fullPage: true });
  await s.page.emulateMedia({ media: 'print' });
  const pdf = await s.page.pdf({ format: 'A4', landscape: true, printBackground: true, preferCSSPageSize: true });
  await s.page.emulateMedia({ media: 'screen' });
  const pdfPath = join(ARTIFACTS, 'threats-briefing.pdf');
  writeFileSync(pdfPath, pdf);
  // Reading order may drop the list's "1." inside a wrapped title: ignore list markers, and line breaks.
  const text = execFileSync('pdftotext', [pdfPath, '-']).toString().replace(/(^|\s)\d+\.(?=\s)/g, ' ').replace(/\s+/g, ' ');
  assert.ok(text.includes(top.title.replace(/\s+/g, ' ')), `the PDF holds "${top.title}"`);
  await s.page.getByRole('button', { name: 'Back to map' }).click();
});

test('the register is saved with the workspace and survives a reload; no console error, no foreign request', async () => {
  const weights = await s.page.evaluate(() => window.__pocThreats!.weights());
  // The workspace autosaves (IndexedDB) shortly after the last change.
  await s.page.waitForSelector('[data-testid="workspace-save-state"][data-state="saved"]');
  await s.page.reload();
  await waitForMap(s.page);
  const again = await threats(s.page);
  assert.equal(again.length, 2, 'both threats are back');
  assert.deepEqual(await s.page.evaluate(() => window.__pocThreats!.weights()), weights, 'the weights are back');
  assert.deepEqual(s.consoleErrors, []);
  assert.deepEqual(s.foreignRequests, []);
  await s.page.context().close();
});
