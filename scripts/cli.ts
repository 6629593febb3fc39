/**
 * Headless command line over the same modules the app runs in its workers.
 *   npm run cli -- <command> [options]
 * Each command lives in scripts/cli/<command>.ts and exports `run(args: string[]): Promise<number>`.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const commands = readdirSync(join(here, 'cli')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => f.slice(0, -3));
const [command, ...args] = process.argv.slice(2);
if (!command || !commands.includes(command)) {
  console.error(`usage: npm run cli -- <${commands.join('|')}> [options]`);
  process.exit(2);
}
const mod = (await import(join(here, 'cli', `${command}.ts`))) as { run: (args: string[]) => Promise<number> };
process.exit(await mod.run(args));
