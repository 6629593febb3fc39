/**
 * Hostile inputs: the fixtures under ./fixtures carry every defect the importer must
 * catch (see the comment above each test for the line-by-line expectation), mixed
 * line endings, a BOM, Windows-1252 bytes, decimal commas, broken quoting and a
 * truncated GeoJSON. Each must come out with records = accepted + rejected, the right
 * line for each rejection, and the same result however the bytes are chunked.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { incidentAt } from '../../domain/incidents.ts';
import { decodeBytes, decodeWindows1252 } from './decode.ts';
import { importBytes, importStream } from './importer.ts';
import { rejectedToCsv } from './rejectedCsv.ts';
import type { ImportOptions, ImportResult } from './types.ts';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(here, 'fixtures', name)));
const TODAY = { today: '2024-06-01' } satisfies ImportOptions;

function ids(r: ImportResult): string[] {
  if (r.kind !== 'incidents') throw new Error('not incidents');
  return r.accepted.ids;
}
const brief = (r: ImportResult): [number, string, string][] => r.rejected.map((x) => [x.line, x.field, x.reason]);

async function streamed(bytes: Uint8Array, chunk: number, opts: ImportOptions = {}): Promise<ImportResult> {
  return importStream(async function* () { for (let i = 0; i < bytes.length; i += chunk) yield bytes.slice(i, i + chunk); }, opts);
}

/** Independent record count for the fixtures: papaparse, blank lines skipped, header excluded. */
function papaCount(text: string, delimiter: string): number {
  // papaparse wants one newline style: normalising changes quoted cells but not the number of records.
  return Papa.parse<string[]>(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'), { delimiter, skipEmptyLines: 'greedy' }).data.length - 1;
}

describe('hostile semicolon CSV (Windows-1252, decimal commas, CR/LF/CRLF)', () => {
  // line 1 header; 2 A1 ok; 3–4 A2 ok (quoted LF); 5 A3 missing latitude (line ends with a lone CR); 6 A4 "abc";
  // 7 A5 lat 95.5 lon 25.6 (swapped); 8 A6 lon 200.5; 9 A7 (0,0); 10 A8 30/02/2023; 11 A1 again; 12 A9 unknown category;
  // 13 A10 stray quotes and a € (0x80); 14 A11 ISO date, "enlèvement"; 15 A12 fatalities -1; 16 A13 fatalities 1,5; then blank lines.
  const bytes = fixture('hostile_semicolon_cp1252.csv');

  it('reads Windows-1252, sniffs ; and decimal commas, and rejects each defect on its line', () => {
    const r = importBytes(bytes, TODAY);
    expect(r.encoding).toBe('windows-1252');
    expect(r.format).toBe('generic-csv');
    expect(r.records).toBe(14);
    expect(r.records).toBe(papaCount(decodeBytes(bytes).text, ';'));
    expect(r.accepted.length + r.rejected.length).toBe(r.records);
    expect(brief(r)).toEqual([
      [5, 'latitude', 'missing latitude'],
      [6, 'latitude', 'latitude is not a number'],
      [7, 'latitude', 'latitude outside -90..90; latitude and longitude look swapped (not corrected automatically)'],
      [8, 'longitude', 'longitude outside -180..180'],
      [9, 'longitude,latitude', 'null island (0,0): a missing location written as zeros'],
      [10, 'date', 'impossible date when read as DD/MM/YYYY'],
      [11, 'id', 'duplicate id (the first accepted record with this id was kept)'],
      [15, 'killed', 'count is negative'],
      [16, 'killed', 'count is not a whole number'],
    ]);
    expect(ids(r)).toEqual(['A1', 'A2', 'A9', 'A10', 'A11']);
    expect(r.warnings.map((w) => [w.line, w.field, w.message])).toEqual([
      [12, 'type', "unknown threat type: imported as 'other'"],
      [13, '*', 'a quote inside an unquoted cell was kept as a literal character'],
    ]);
    if (r.kind !== 'incidents') throw new Error();
    const a1 = incidentAt(r.accepted, 0), a2 = incidentAt(r.accepted, 1), a10 = incidentAt(r.accepted, 3), a11 = incidentAt(r.accepted, 4);
    expect([a1.lon, a1.lat, a1.date, a1.threatType, a1.fatalities, a1.perpetrator]).toEqual([25.5, 4.25, '2024-03-05', 'killing', 2, 'Groupe armé']);
    expect([a2.date, a2.threatType, a2.description]).toEqual(['2024-03-13', 'crsv', 'Deux femmes\nagressées']); // "viol" (French) → crsv
    expect(a10.description).toBe('Prix 5 € "cher" (stray quotes)'); // 0x80 is € in Windows-1252, not U+0080
    expect([a11.threatType, a11.lat]).toEqual(['abduction', -4.2]); // "enlèvement" → abduction
  });

  it('gives the same result whatever the chunking (1, 3, 64 bytes)', async () => {
    const whole = importBytes(bytes, TODAY);
    for (const n of [1, 3, 64]) {
      const s = await streamed(bytes, n, TODAY);
      expect(s.encoding).toBe('windows-1252');
      expect(s.rejected).toEqual(whole.rejected);
      expect(s.warnings).toEqual(whole.warnings);
      expect(ids(s)).toEqual(ids(whole));
    }
  });

  it('with an explicit MM/DD order, day-13 dates are impossible instead', () => {
    const r = importBytes(bytes, { ...TODAY, dateOrder: 'mdy' });
    // Coordinates are checked before dates, dates before counts: lines 5–9 keep their coordinate reasons.
    expect(r.rejected.filter((x) => x.field === 'date').map((x) => x.line)).toEqual([3, 10, 11, 12, 13, 15, 16]);
    expect(ids(r)).toEqual(['A1', 'A11']);
  });
});

describe('hostile comma CSV (UTF-8 BOM, broken quoting, wrong cell counts)', () => {
  // 1 header (BOM); 2 B1 YYYY/MM/DD; 3 B2 formula in notes; 4 B3 text after closing quote; 5 B4 11 cells; 6 B5 8 cells;
  // 7 B6 03/10/2024 (ambiguous, CR ending, in the future of TODAY); 8 B7 month 13; 9–11 B8 multi-line notes, perpetrator "martians";
  // 12 B11 lat 25.5 lon 4.25 (swapped only relative to an expected area); 13 B10; 14 B9 quote never closed; 15 B12.
  const bytes = fixture('hostile_bom_comma.csv');

  it('rejects wrong cell counts and impossible dates, warns on quoting and ambiguity, and recovers after the unterminated quote', () => {
    const r = importBytes(bytes, TODAY);
    expect(r.encoding).toBe('utf-8-bom');
    expect(r.records).toBe(12);
    // papaparse cannot count this file (the unterminated quote swallows the rest), so count the lines that start a
    // record: each record here begins a line with its id.
    expect(r.records).toBe(decodeBytes(bytes).text.split(/\r\n|\r|\n/).filter((l) => /^B\d+,/.test(l)).length);
    expect(r.accepted.length + r.rejected.length).toBe(12);
    expect(brief(r)).toEqual([
      [5, '*', 'record has 11 cells but the header has 9 (an unquoted delimiter or line break?)'],
      [6, '*', 'record has 8 cells but the header has 9 (an unquoted delimiter or line break?)'],
      [8, 'event_date', 'impossible date (no such day)'],
    ]);
    expect(ids(r)).toEqual(['B1', 'B2', 'B3', 'B6', 'B8', 'B11', 'B10', 'B9', 'B12']);
    expect(r.warnings.map((w) => [w.line, w.field, w.message])).toEqual([
      [2, 'event_date', 'no date in the first 12 records tells day from month: nn/nn/yyyy read as DD/MM/YYYY'],
      [4, '*', 'text after a closing quote was appended to the cell'],
      [7, 'event_date', 'date is in the future'],
      [9, 'perpetrator_type', 'unknown perpetrator type: set to unknown'],
      [14, '*', 'a quote was never closed; it was read as a literal character'],
    ]);
    if (r.kind !== 'incidents') throw new Error();
    const byId = (id: string) => incidentAt(r.accepted, r.accepted.ids.indexOf(id));
    expect(byId('B1').date).toBe('2024-03-05');
    expect(byId('B6').date).toBe('2024-10-03'); // DD/MM
    expect(byId('B8').description).toBe('multi\nline\r\nnotes');
    expect(byId('B9').description).toBe('"never closed');
    expect(byId('B1').perpetratorType).toBe('armed_group');
    expect(byId('B3').perpetratorType).toBe('armed_group'); // "rebels"
  });

  it('with an expected area, a point that fits only when swapped is rejected as probably swapped', () => {
    const r = importBytes(bytes, { ...TODAY, expectedBbox: [14, 2, 28, 11.5] });
    expect(brief(r).find((x) => x[0] === 12)).toEqual([12, 'lon,lat', 'outside the expected area but inside it with latitude and longitude swapped: probably swapped (not corrected automatically)']);
    expect(r.accepted.length).toBe(8);
  });

  it('rejected rows download: formula-safe, with the original cells, one row per rejection', () => {
    const r = importBytes(bytes, { ...TODAY, expectedBbox: [14, 2, 28, 11.5] });
    const csv = rejectedToCsv(r.rejected, r.originalRows);
    const back = Papa.parse<string[]>(csv, { skipEmptyLines: true }).data;
    expect(back.length).toBe(1 + r.rejected.length);
    expect(back[0]!.slice(0, 6)).toEqual(['line', 'field', 'value', 'reason', 'original:incident_id', 'original:event_date']);
    // The 11-cell row keeps its extra cells under generated column names.
    expect(back[0]!.length).toBe(4 + 11);
    expect(back[1]!.slice(0, 2)).toEqual(['5', '*']);
    expect(back[1]!.slice(4, 6)).toEqual(['B4', '2024-03-08']);
    // A formula in a rejected cell is neutralised.
    const formula = rejectedToCsv([{ line: 3, field: 'notes', value: '=HYPERLINK("http://x")', reason: 'test' }]);
    expect(formula).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(rejectedToCsv([{ line: 2, field: '@x', value: '+1', reason: '-bad' }])).toBe("line,field,value,reason\r\n2,'@x,'+1,'-bad\r\n");
  });
});

describe('hostile GeoJSON (non-features, wrong geometries, truncated file)', () => {
  // 1 header line with a non-WGS84 crs; 2 G1 ok; 3 G2 null geometry; 4 null element; 5 G3 Polygon; 6 G4 2024-02-30;
  // 7–8 G5 ok ("kidnapping"); 9 G6 id only as the Feature's own id; 10 G1 again; 11 G7 braces/quotes inside strings; 12 G8 truncated.
  const bytes = fixture('hostile_truncated.geojson');

  it('accepts or rejects each element on its own line', async () => {
    const r = importBytes(bytes, TODAY);
    expect(r.format).toBe('incident-geojson');
    expect(r.records).toBe(10);
    expect(r.accepted.length + r.rejected.length).toBe(10);
    expect(r.rejected.map((x) => [x.line, x.reason.replace(/ \(Unterminated.*|\(Expected.*/, '')])).toEqual([
      [3, 'feature has no geometry'],
      [4, 'not a GeoJSON Feature object'],
      [5, 'geometry is not a Point'],
      [6, 'impossible date (no such day)'],
      [10, 'duplicate id (the first accepted record with this id was kept)'],
      [12, 'not valid JSON'],
    ]);
    expect(ids(r)).toEqual(['G1', 'G5', 'G6', 'G7']);
    expect(r.warnings.map((w) => [w.line, w.field])).toEqual([[1, '*'], [1, 'crs'], [9, 'threat_type']]);
    if (r.kind !== 'incidents') throw new Error();
    expect(incidentAt(r.accepted, 1)).toMatchObject({ threatType: 'abduction', fatalities: 3 });
    expect(incidentAt(r.accepted, 3).description).toBe('brace } and "quote" in string ]');
    for (const n of [1, 5, 100]) {
      const s = await streamed(bytes, n, TODAY);
      expect(s.rejected).toEqual(r.rejected);
      expect(ids(s)).toEqual(ids(r));
    }
  });
});

describe('decodeBytes', () => {
  const enc = new TextEncoder();
  it('detects UTF-8 with and without BOM, UTF-16 with BOM, and falls back to Windows-1252', () => {
    expect(decodeBytes(enc.encode('a,é\n'))).toEqual({ text: 'a,é\n', encoding: 'utf-8' });
    expect(decodeBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode('a,é')]))).toEqual({ text: 'a,é', encoding: 'utf-8-bom' });
    expect(decodeBytes(new Uint8Array([0x61, 0x2c, 0xe9, 0x2c, 0x80, 0x93]))).toEqual({ text: 'a,é,€“', encoding: 'windows-1252' });
    const u16 = new Uint8Array([0xff, 0xfe, 0x61, 0, 0x09, 0, 0xe9, 0]);
    expect(decodeBytes(u16)).toEqual({ text: 'a\té', encoding: 'utf-16le' });
    // a BOM followed by bytes that are not UTF-8: the BOM lied
    expect(decodeBytes(new Uint8Array([0xef, 0xbb, 0xbf, 0xe9]))).toEqual({ text: 'é', encoding: 'windows-1252' });
    expect(decodeWindows1252(new Uint8Array([0x81, 0x9f, 0xff]))).toBe('\u0081Ÿÿ');
  });

  it('a stream that is UTF-8 at first but not later is re-read as Windows-1252', async () => {
    const head = enc.encode(`id,date,lat,lon\n${'x'.repeat(70000)},2024-01-01,1,1\n`);
    const tail = new Uint8Array([...enc.encode('B,2024-01-02,1,1,'), 0xe9, 0x0a]);
    const all = new Uint8Array([...head, ...tail]);
    const r = await streamed(all, 65536, { ...TODAY, format: 'generic' });
    expect(r.encoding).toBe('windows-1252');
    expect(r.records).toBe(2);
  });
});

describe('streaming controls', () => {
  it('reports progress and can be cancelled between chunks', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `I${i},2024-01-01,4.5,25.5`).join('\n');
    const bytes = new TextEncoder().encode(`id,date,lat,lon\n${rows}\n`);
    const seen: number[] = [];
    const r = await streamed(bytes, 4096, { progressEvery: 1000, onProgress: (p) => seen.push(p.records), totalBytes: bytes.length });
    expect(r.records).toBe(5000);
    expect(seen).toEqual([1000, 2000, 3000, 4000, 5000, 5000]);
    const ac = new AbortController();
    const p = importStream(async function* () {
      for (let i = 0; i < bytes.length; i += 4096) { if (i > 20000) ac.abort(); yield bytes.slice(i, i + 4096); }
    }, { signal: ac.signal });
    const err = await p.then(() => null, (e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
  });

  it('an empty or blank file is zero records, not an error', () => {
    for (const t of ['', '\n\n', '\uFEFF']) {
      const r = importBytes(new TextEncoder().encode(t));
      expect([r.records, r.accepted.length, r.rejected.length]).toEqual([0, 0, 0]);
    }
  });
});
