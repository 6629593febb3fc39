/**
 * `npm run test:e2e` entry (after `vite build --mode e2e --outDir dist-e2e`): loads every
 * tests/e2e/*.e2e.ts spec, runs them in order against one server and one browser, prints
 * "N passed, N failed" and exits non-zero on any failure.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, runAll, serverOrigin, startServer } from './harness.ts';
import { setContext } from './context.ts';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const server = await startServer();
const browser = await launch();
setContext({ browser, origin: serverOrigin(server) });
let failed = 1;
try {
  for (const f of readdirSync(here).filter((f) => f.endsWith('.e2e.ts')).sort()) {
    if (only.length && !only.some((o) => f.includes(o))) continue;
    console.log(f);
    await import(join(here, f));
  }
  failed = await runAll();
} finally {
  await browser.close();
  await server.close();
}
process.exit(failed ? 1 : 0);
