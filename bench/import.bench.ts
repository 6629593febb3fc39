/**
 * Import throughput on a generated ~60 MB ACLED-like CSV (seeded, built in memory: no
 * real file this size is available offline). One JSON line per approach:
 *   - papaparse header:true: the baseline, parsing only (no validation, no mapping);
 *   - our CsvTokenizer alone (parsing only, same work as the baseline minus row objects);
 *   - our streaming importer: parsing + ACLED mapping + validation + columnar table.
 * The importer does strictly more work than the baseline, so a ratio below 1 would be
 * an honest result, not a failure.
 */
import Papa from 'papaparse';
import { CsvTokenizer } from '../src/io/import/csv.ts';
import { importText } from '../src/io/import/importer.ts';
import { syntheticAcledCsv } from '../src/io/import/synthetic.ts';
import { report, timeMs } from './lib.ts';

export default async function bench(): Promise<void> {
  const g = syntheticAcledCsv(130_000, { seed: 2024, notesLength: 220, defects: true });
  const mb = Buffer.byteLength(g.text, 'utf8') / 1e6;
  const n = g.rows;
  const baseline = 'papaparse header:true (parse only, no validation)';
  const rates = (ms: number): { rowsPerSec: number; mbPerSec: number } => ({ rowsPerSec: Math.round(n / (ms / 1000)), mbPerSec: Math.round((mb / (ms / 1000)) * 10) / 10 });

  let papaRows = 0;
  const baselineMs = timeMs(() => { papaRows = Papa.parse(g.text, { header: true, skipEmptyLines: 'greedy' }).data.length; });

  let tokRows = 0;
  const tokMs = timeMs(() => {
    tokRows = 0;
    const t = new CsvTokenizer({ delimiter: ',', onRecord: () => { tokRows++; } });
    const STEP = 1 << 20;
    for (let i = 0; i < g.text.length; i += STEP) t.push(g.text.slice(i, i + STEP));
    t.end();
  });

  let accepted = 0, rejected = 0, records = 0;
  const impMs = timeMs(() => {
    const r = importText(g.text, { today: '2025-01-01' });
    accepted = r.accepted.length; rejected = r.rejected.length; records = r.records;
  });
  if (papaRows !== n || tokRows !== n + 1 || records !== n || accepted !== g.expected.accepted || rejected !== g.expected.rejected) {
    throw new Error(`row counts disagree: papaparse ${papaRows}, tokenizer ${tokRows - 1}, importer ${records} (${accepted}+${rejected}), expected ${n}`);
  }

  report({ name: 'import: papaparse header:true', n, ms: baselineMs, baseline, baselineMs, mb: Math.round(mb * 10) / 10, ...rates(baselineMs) });
  report({ name: 'import: CsvTokenizer (parse only)', n, ms: tokMs, baseline, baselineMs, mb: Math.round(mb * 10) / 10, ...rates(tokMs) });
  report({
    name: 'import: streaming importer (ACLED mapping + validation + table)', n, ms: impMs, baseline, baselineMs,
    mb: Math.round(mb * 10) / 10, ...rates(impMs), accepted, rejected,
  });
}
