/**
 * A tiny end-to-end harness: serves the e2e build of the app on localhost, drives Debian's
 * Chromium with playwright-core (never a downloaded browser), and records every request
 * and console error so each spec can assert there were none it did not expect.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const ARTIFACTS = join(process.cwd(), 'tests', 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

export const CHROMIUM_ARGS = [
  '--headless=new', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic', '--ignore-gpu-blocklist',
];

export interface Session {
  page: Page;
  origin: string;
  /** URLs requested from any origin other than the local server (data: and blob: are local). */
  foreignRequests: string[];
  consoleErrors: string[];
}

export async function startServer(): Promise<PreviewServer> {
  return preview({ preview: { host: '127.0.0.1', port: 4317, strictPort: false }, build: { outDir: 'dist-e2e' }, logLevel: 'warn' });
}

export function serverOrigin(server: PreviewServer): string {
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('preview server has no local URL');
  return new URL(url).origin;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export async function openApp(browser: Browser, origin: string, path = '/', viewport = { width: 1280, height: 800 }): Promise<Session> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.setDefaultTimeout(120_000);
  const session: Session = { page, origin, foreignRequests: [], consoleErrors: [] };
  page.on('request', (req) => {
    const url = req.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    if (new URL(url).origin !== origin) session.foreignRequests.push(url);
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') session.consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => session.consoleErrors.push(`pageerror: ${err.message}`));
  await page.goto(origin + path);
  return session;
}

/** Wait until the dataset is loaded and the map has drawn it. */
export async function waitForMap(page: Page): Promise<void> {
  await page.waitForFunction(() => Boolean(window.__poc) && /incidents/.test(document.querySelector('.dataset-name')?.textContent ?? ''));
  await idle(page);
}

export async function idle(page: Page): Promise<void> {
  await page.evaluate(() => window.__poc!.idle());
  // One more frame so deck.gl has flushed any layer update made during the last render.
  await page.evaluate(() => window.__poc!.idle());
}

type Test = { name: string; fn: () => Promise<void> };
const tests: Test[] = [];
export function test(name: string, fn: () => Promise<void>): void {
  tests.push({ name, fn });
}

export async function runAll(): Promise<number> {
  let passed = 0;
  let failed = 0;
  for (const t of tests) {
    const t0 = performance.now();
    try {
      await t.fn();
      passed++;
      console.log(`  ✓ ${t.name} (${Math.round(performance.now() - t0)} ms)`);
    } catch (e) {
      failed++;
      console.log(`  ✗ ${t.name}\n    ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  return failed;
}
