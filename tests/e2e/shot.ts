/** `npx tsx tests/e2e/shot.ts [path] [out.png] [w] [h]`: one screenshot of the e2e build, for looking at a view by hand. */
import { join } from 'node:path';
import { ARTIFACTS, launch, openApp, serverOrigin, startServer, waitForMap } from './harness.ts';

const [path = '/', out = 'shot.png', w = '1280', h = '800'] = process.argv.slice(2);
const server = await startServer();
const browser = await launch();
try {
  const s = await openApp(browser, serverOrigin(server), path, { width: +w, height: +h });
  await waitForMap(s.page);
  await s.page.screenshot({ path: join(ARTIFACTS, out) });
  console.log(JSON.stringify({ consoleErrors: s.consoleErrors, foreignRequests: s.foreignRequests, url: s.page.url() }));
} finally {
  await browser.close();
  await server.close();
}
