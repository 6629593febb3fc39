/**
 * Filter change over 1,000,000 incidents: the columnar mask pass vs the naive
 * `Array.filter` over incident objects (same filter, same data, same process).
 */
import { applyFilter, type IncidentFilter } from '../src/filter/incidentFilter.ts';
import { incidentAt, isoFromDay, type Incident } from '../src/domain/incidents.ts';
import { randomIncidents } from '../tests/fixtures/randomIncidents.ts';
import { report, timeMs } from './lib.ts';

export default async function bench(): Promise<void> {
  const n = 1_000_000;
  const t = randomIncidents(n, 42);
  const rows: Incident[] = Array.from({ length: n }, (_, i) => incidentAt(t, i));
  const f: IncidentFilter = {
    period: { startDay: 20100, endDay: 20500 },
    threatTypes: [0, 1, 2, 5, 6],
    fatalities: { min: 1, max: 1000 },
    victims: ['women', 'girls'],
  };
  const types = new Set(['killing', 'summary_execution', 'massacre', 'abduction', 'crsv']);
  let naiveCount = 0;
  let fastCount = 0;
  const out = new Uint8Array(n);
  const ms = timeMs(() => { fastCount = applyFilter(t, f, { out }).count; }, 5);
  // ISO dates compare as strings: the naive version needs no date parsing.
  const from = isoFromDay(20100), to = isoFromDay(20500);
  const baselineMs = timeMs(() => {
    naiveCount = rows.filter((r) => {
      return r.date >= from && r.date <= to && types.has(r.threatType) && r.fatalities >= 1 && (r.victims.women > 0 || r.victims.girls > 0);
    }).length;
  }, 3);
  if (naiveCount !== fastCount) throw new Error(`filter bench: counts differ ${fastCount} vs ${naiveCount}`);
  report({ name: 'filter: 4-criterion change over incidents (columnar mask)', n, ms, baseline: 'Array.filter over incident objects', baselineMs, kept: fastCount, target: '≤ 30 ms' });
}
