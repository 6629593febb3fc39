/** The browser and server shared by all specs of one e2e run. */
import type { Browser } from 'playwright-core';

let ctx: { browser: Browser; origin: string } | null = null;
export function setContext(c: { browser: Browser; origin: string }): void {
  ctx = c;
}
export function context(): { browser: Browser; origin: string } {
  if (!ctx) throw new Error('e2e context not set: run specs through tests/e2e/run.ts');
  return ctx;
}
