/**
 * The leadership briefing on the exercise data: headline figures equal an independent
 * count for the period; printed to PDF by Chromium, the pages (rendered to PNG with
 * pdftoppm) carry the classification marking and the exercise banner, and the PDF's text
 * holds no source or description text.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { ARTIFACTS, openApp, test, waitForMap, type Session } from './harness.ts';
import { context } from './context.ts';
import { SOURCE_TYPES } from '../../src/domain/taxonomy.ts';

const rows = Papa.parse<Record<string, string>>(readFileSync(join('data', 'exercise', 'incidents.csv'), 'utf8'), { header: true, skipEmptyLines: 'greedy' }).data;
let s: Session;

test('headline figures equal an independent count for the period and the previous one', async () => {
  s = await openApp(context().browser, context().origin, '/?screen=briefing');
  await waitForMap(s.page);
  const briefing = s.page.getByTestId('briefing');
  await briefing.waitFor();
  await s.page.getByTestId('briefing-preset').selectOption('quarter');
  const period = s.page.getByTestId('briefing-period');
  const start = (await period.getAttribute('data-start'))!;
  const end = (await period.getAttribute('data-end'))!;
  const latest = rows.reduce((m, r) => (r.date! > m ? r.date! : m), '');
  assert.equal(end, latest, 'the period ends on the latest incident');
  const inPeriod = rows.filter((r) => r.date! >= start && r.date! <= end);
  // The previous equal period: the same number of days just before.
  const days = (Date.parse(end) - Date.parse(start)) / 86_400_000 + 1;
  const prevStart = new Date(Date.parse(start) - days * 86_400_000).toISOString().slice(0, 10);
  const inPrevious = rows.filter((r) => r.date! >= prevStart && r.date! < start);
  const figures = (set: Record<string, string>[]): Record<string, number> => {
    const count = (pred: (r: Record<string, string>) => number): number => set.reduce((a, r) => a + pred(r), 0);
    return {
      incidents: set.length,
      killed: count((r) => +r.fatalities!),
      injured: count((r) => +r.injured!),
      crsv: count((r) => +(r.threat_type === 'crsv')),
      abductions: count((r) => +(r.threat_type === 'abduction')),
      displacement: count((r) => +(r.threat_type === 'forced_displacement')),
      explosive: count((r) => +(r.threat_type === 'explosive_ordnance')),
    };
  };
  const now = figures(inPeriod), before = figures(inPrevious);
  for (const id of Object.keys(now)) {
    const el = s.page.getByTestId(`figure-${id}`);
    assert.equal(Number(await el.getAttribute('data-current')), now[id], `figure ${id}, period`);
    assert.equal(Number(await el.getAttribute('data-previous')), before[id], `figure ${id}, previous period`);
  }
  assert.equal(Number(await s.page.getByTestId('briefing-map').getAttribute('data-incidents')), inPeriod.length, 'map snapshot shows the period');
  await s.page.screenshot({ path: join(ARTIFACTS, 'briefing-screen.png'), fullPage: true });
});

test('printed to PDF: marking and exercise banner on every page, no sources or descriptions', async () => {
  await s.page.getByTestId('briefing-marking').selectOption('UN RESTRICTED');
  await s.page.emulateMedia({ media: 'print' });
  const pdf = await s.page.pdf({ format: 'A4', landscape: true, printBackground: true, preferCSSPageSize: true });
  await s.page.emulateMedia({ media: 'screen' });
  const pdfPath = join(ARTIFACTS, 'briefing.pdf');
  writeFileSync(pdfPath, pdf);
  for (const f of readdirSync(ARTIFACTS).filter((f) => f.startsWith('briefing-page'))) rmSync(join(ARTIFACTS, f));
  execFileSync('pdftoppm', ['-png', '-r', '60', pdfPath, join(ARTIFACTS, 'briefing-page')]);
  const pages = readdirSync(ARTIFACTS).filter((f) => f.startsWith('briefing-page') && f.endsWith('.png'));
  assert.ok(pages.length >= 1 && pages.length <= 2, `one or two pages (got ${pages.length})`);
  for (let p = 1; p <= pages.length; p++) {
    const text = execFileSync('pdftotext', ['-f', String(p), '-l', String(p), '-layout', pdfPath, '-']).toString();
    assert.ok(text.includes('UN RESTRICTED'), `page ${p} carries the marking`);
    assert.ok(text.includes('EXERCISE — SYNTHETIC DATA'), `page ${p} carries the exercise banner`);
  }
  const all = execFileSync('pdftotext', ['-layout', pdfPath, '-']).toString();
  assert.ok(all.includes('What changed'.toUpperCase()) || all.includes('What changed'), 'the figures section is printed');
  for (const src of SOURCE_TYPES.filter((x) => x.id !== 'unknown')) assert.ok(!all.includes(src.label), `no source type "${src.label}" in the PDF`);
  const descriptions = rows.slice(-300).map((r) => r.description!.slice(0, 40)).filter((d) => d.length > 20);
  for (const d of descriptions) assert.ok(!all.includes(d), `no description text in the PDF ("${d}")`);
  assert.deepEqual(s.consoleErrors, []);
  assert.deepEqual(s.foreignRequests, []);
});

test('presentation mode moves through sections from the keyboard', async () => {
  await s.page.getByRole('button', { name: 'Present' }).click();
  await s.page.waitForSelector('.briefing.presenting');
  const visible = async (): Promise<string> => s.page.evaluate(() => [...document.querySelectorAll('.briefing .section')].filter((e) => getComputedStyle(e).display !== 'none').map((e) => e.querySelector('h2')?.textContent ?? '').join('|'));
  assert.equal(await visible(), 'What changed');
  await s.page.keyboard.press('ArrowRight');
  assert.equal(await visible(), 'Top priority threats');
  await s.page.screenshot({ path: join(ARTIFACTS, 'briefing-presenting.png') });
  await s.page.keyboard.press('Escape');
  await s.page.waitForSelector('.briefing:not(.presenting)');
  await s.page.getByRole('button', { name: 'Back to map' }).click();
  await s.page.getByTestId('briefing').waitFor({ state: 'detached' });
  await s.page.context().close();
});
