/**
 * `npm run bench`: runs every bench/*.bench.ts (or those named on the command line) in one
 * process. Each prints one JSON object per line:
 *   {"name", "n", "ms", "baseline", "baselineMs", "ratio", ...notes}
 * where the baseline is the straightforward approach run in the same process on the same data.
 * Each bench module's default export is `() => Promise<void>`.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).filter((f) => !only.length || only.some((o) => f.includes(o))).sort();
for (const f of files) {
  const mod = (await import(join(here, f))) as { default: () => Promise<void> };
  await mod.default();
}
