/**
 * A generated 200,000-row ACLED-like file (seeded; see synthetic.ts), with defects at
 * known positions: counts must match what the generator says, fed whole or in chunks.
 * Throughput is printed, never asserted (the machine is shared).
 */
import { describe, expect, it } from 'vitest';
import { importText } from './importer.ts';
import { syntheticAcledCsv } from './synthetic.ts';

describe('large generated file', () => {
  it('200k rows: records, accepted and every rejection reason as generated', () => {
    const g = syntheticAcledCsv(200_000, { seed: 7, notesLength: 60, defects: true });
    const mb = g.text.length / 1e6;
    let progressCalls = 0;
    const t0 = performance.now();
    const r = importText(g.text, { today: '2025-01-01', progressEvery: 50_000, onProgress: () => { progressCalls++; } });
    const ms = performance.now() - t0;
    console.log(`import of ${g.rows} rows (${mb.toFixed(1)} MB): ${Math.round(ms)} ms, ${Math.round(g.rows / (ms / 1000))} rows/s, ${(mb / (ms / 1000)).toFixed(1)} MB/s`);
    expect(r.format).toBe('acled-current');
    expect(r.records).toBe(200_000);
    expect(r.accepted.length).toBe(g.expected.accepted);
    expect(r.rejected.length).toBe(g.expected.rejected);
    const reasons: Record<string, number> = {};
    for (const x of r.rejected) reasons[x.reason] = (reasons[x.reason] ?? 0) + 1;
    expect(reasons).toEqual(g.expected.reasons);
    // every defect kind is present
    expect(Object.keys(reasons).length).toBe(4);
    expect(progressCalls).toBe(5); // 4 every 50,000 records + 1 at the end
    // Physical lines: rows 389, 778… carry a quoted line break, so row i starts on line 1 + i + floor((i - 1) / 389).
    const first = r.rejected[0]!;
    const row = Number(/^SYN(\d+)$/.exec(first.value)?.[1] ?? NaN);
    if (Number.isFinite(row)) expect(first.line).toBe(1 + row + Math.floor((row - 1) / 389));
  });
});
