/** The CLI command (scripts/cli/import.ts) end to end on a fixture: report, normalised CSV, rejected rows. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../../scripts/cli/import.ts';
import { parseIncidentsCsv } from '../incidentsCsv.ts';

const here = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'poc-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run cli -- import', () => {
  it('writes the report, the app CSV of accepted incidents and the rejected rows', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const code = await run([join(here, 'fixtures', 'hostile_semicolon_cp1252.csv'), '--report', join(dir, 'r.json'), '--out', join(dir, 'o.csv'), '--rejected', join(dir, 'x.csv')]);
    log.mockRestore();
    expect(code).toBe(0);
    const rep = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { format: string; encoding: string; records: number; accepted: number; rejected: { line: number; field: string; value: string; reason: string }[]; warnings: unknown[] };
    expect([rep.format, rep.encoding, rep.records, rep.accepted, rep.rejected.length]).toEqual(['generic-csv', 'windows-1252', 14, 5, 9]);
    expect(rep.rejected[0]).toEqual({ line: 5, field: 'latitude', value: '', reason: 'missing latitude' });
    expect(rep.warnings.length).toBe(2);
    const back = parseIncidentsCsv(readFileSync(join(dir, 'o.csv'), 'utf8'));
    expect([back.records, back.rejected.length]).toEqual([5, 0]);
    expect(back.table.ids).toEqual(['A1', 'A2', 'A9', 'A10', 'A11']);
    expect(readFileSync(join(dir, 'x.csv'), 'utf8').split('\r\n').filter(Boolean).length).toBe(1 + 9);
  });

  it('a mapping file, forced format and usage errors', async () => {
    const csv = join(dir, 'm.csv');
    writeFileSync(csv, 'when|x|y|what\n2024-03-05|25.5|4.25|rape\n2024-03-06|25.5|95|rape\n');
    writeFileSync(join(dir, 'm.json'), JSON.stringify({ mapping: { date: 'when', lon: 'x', lat: 'y', threatType: 'what' } }));
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await run([csv, '--mapping', join(dir, 'm.json'), '--delimiter', 'pipe', '--report', join(dir, 'm.report.json')])).toBe(0);
    const rep = JSON.parse(readFileSync(join(dir, 'm.report.json'), 'utf8')) as { records: number; accepted: number };
    expect([rep.records, rep.accepted]).toEqual([2, 1]);
    expect(await run([csv, '--format', 'acled'])).toBe(1); // not ACLED: clear failure, nothing imported
    expect(await run(['--format', 'nonsense', csv])).toBe(2);
    expect(await run([])).toBe(2);
    expect(await run(['--mapping-doc'])).toBe(0);
    log.mockRestore();
    err.mockRestore();
  });
});
