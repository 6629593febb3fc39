/**
 * Do-no-harm export rules: no description or source field leaves unless opted in,
 * sensitive types land on grid-cell centres with a coarser precision, every file carries
 * its provenance, and CSV text cells cannot run as spreadsheet formulas.
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { ExportContext } from './exports.ts';
import {
  DEFAULT_EXPORT_OPTIONS, commentLine, exportFileName, exportIncidentsCsv, exportIncidentsGeoJson, exportPresencesCsv, exportPresencesGeoJson,
  gridCentre, precisionForGrid, provenanceCsvLines,
} from './exports.ts';
import { SECRET, sampleDataset } from './testData.ts';
import { importText } from '../io/import/importer.ts';

const ctx: ExportContext = {
  datasetName: 'Test, =evil name', exercise: false, sources: ['x.csv (Generic CSV; 5 records)'], filters: ['Threat: Killing, CRSV', 'Period: 2024-03-01 – 2024-03-31'],
  exportedAt: '2024-04-02T10:00:00.000Z', tool: 'POC Threat Map 0.1.0',
};
const all = Uint32Array.from([0, 1, 2, 3]);

/** Rows after the provenance lines, parsed as CSV. */
function body(csv: string): Record<string, string>[] {
  const lines = csv.split('\r\n');
  const n = Number(/the first (\d+) lines/.exec(lines[0]!)![1]);
  expect(lines.slice(0, n).every((l) => l.startsWith('#'))).toBe(true);
  expect(lines[n]!.startsWith('#')).toBe(false);
  return Papa.parse<Record<string, string>>(lines.slice(n).join('\r\n'), { header: true, skipEmptyLines: true }).data;
}

describe('incident exports', () => {
  it('defaults: no description, no source fields, anywhere in the file', () => {
    const ds = sampleDataset();
    const csv = exportIncidentsCsv(ds.incidents, all, DEFAULT_EXPORT_OPTIONS, ctx);
    const geo = exportIncidentsGeoJson(ds.incidents, all, DEFAULT_EXPORT_OPTIONS, ctx);
    for (const text of [csv, geo]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('-2+3');
      expect(text).not.toContain('community_alert');
      expect(text).not.toMatch(/"?source_reliability"?\s*[:,]/);
    }
    const rows = body(csv);
    expect(Object.keys(rows[0]!)).not.toContain('description');
    expect(rows).toHaveLength(4);
    // and the provenance says what was left out
    expect(csv).toContain('# excluded (do no harm): description, source_type, source_reliability');
    const meta = (JSON.parse(geo) as { metadata: { excluded: string[] } }).metadata;
    expect(meta.excluded).toEqual(['description', 'source_type', 'source_reliability']);
  });

  it('opting in includes them', () => {
    const ds = sampleDataset();
    const o = { ...DEFAULT_EXPORT_OPTIONS, includeSensitiveText: true };
    const rows = body(exportIncidentsCsv(ds.incidents, all, o, ctx));
    expect(rows[0]!.description).toBe(SECRET);
    expect(rows[0]!.source_type).toBe('community_alert');
    expect(rows[0]!.source_reliability).toBe('B');
    // neutralised, not lost: "-2+3" would be a formula
    expect(rows[3]!.description).toBe("'-2+3");
    const f = JSON.parse(exportIncidentsGeoJson(ds.incidents, all, o, ctx)) as GeoJSON.FeatureCollection;
    expect(f.features[0]!.properties!.description).toBe(SECRET); // JSON is not a spreadsheet: kept as is
  });

  it('generalise: CRSV and child recruitment on the 0.25° cell centre, precision coarsened; others exact', () => {
    const ds = sampleDataset();
    const rows = body(exportIncidentsCsv(ds.incidents, all, DEFAULT_EXPORT_OPTIONS, ctx));
    expect(rows[0]).toMatchObject({ id: 'I1', longitude: '20.1234567', latitude: '5.4321', location_precision: 'exact', location_generalised: '' });
    // 20.13 → cell [20, 20.25) → 20.125; 5.61 → [5.5, 5.75) → 5.625
    expect(rows[1]).toMatchObject({ id: 'I2', longitude: '20.125', latitude: '5.625', location_precision: 'near', location_generalised: 'grid 0.25 deg' });
    // negative coordinates: -12.34 → [-12.5, -12.25) → -12.375; -7.89 → [-8, -7.75) → -7.875; admin1 stays admin1 (never made finer)
    expect(rows[2]).toMatchObject({ longitude: '-12.375', latitude: '-7.875', location_precision: 'admin1', location_generalised: 'grid 0.25 deg' });
    const geo = JSON.parse(exportIncidentsGeoJson(ds.incidents, all, { ...DEFAULT_EXPORT_OPTIONS, gridDeg: 1 }, ctx)) as GeoJSON.FeatureCollection<GeoJSON.Point> & { metadata: { generalised: { rows: number; gridDeg: number } } };
    expect(geo.features[1]!.geometry.coordinates).toEqual([20.5, 5.5]);
    expect(geo.features[1]!.properties!.location_precision).toBe('admin2');
    expect(geo.features[0]!.geometry.coordinates).toEqual([20.1234567, 5.4321]);
    expect(geo.metadata.generalised).toMatchObject({ rows: 2, gridDeg: 1 });
  });

  it('generalise off: exact points, no location_generalised column, and the provenance says so', () => {
    const ds = sampleDataset();
    const csv = exportIncidentsCsv(ds.incidents, all, { ...DEFAULT_EXPORT_OPTIONS, generalise: false }, ctx);
    const rows = body(csv);
    expect(rows[1]).toMatchObject({ longitude: '20.13', latitude: '5.61', location_precision: 'exact' });
    expect(Object.keys(rows[1]!)).not.toContain('location_generalised');
    expect(csv).toContain('# generalised: nothing (exact locations, including sensitive incident types)');
  });

  it('grid centres: every point lands on a centre within half a cell, also at the edges of the world', () => {
    for (const g of [0.1, 0.25, 0.5, 1]) {
      for (const [lon, lat] of [[0, 0], [-0.0001, 0.0001], [179.99, 89.99], [180, 90], [-180, -90], [26.49, 4.76]] as const) {
        const [x, y] = gridCentre(lon, lat, g);
        expect(Math.abs(x - lon)).toBeLessThanOrEqual(g / 2 + 1e-9);
        expect(Math.abs(y - lat)).toBeLessThanOrEqual(g / 2 + 1e-9);
        expect(Math.abs(x)).toBeLessThanOrEqual(180);
        expect(Math.abs(y)).toBeLessThanOrEqual(90);
        // on the grid: (centre - g/2) is a whole number of cells from -180/-90
        expect(Math.abs(((x + 180 - g / 2) / g) - Math.round((x + 180 - g / 2) / g))).toBeLessThan(1e-6);
      }
    }
    expect(precisionForGrid(0.1)).toBe('near');
    expect(precisionForGrid(0.25)).toBe('near');
    expect(precisionForGrid(0.5)).toBe('admin2');
    expect(precisionForGrid(5)).toBe('country');
  });

  it('provenance: CSV # lines (count stated on the first) and GeoJSON metadata with dataset, data kind, filters, date, tool', () => {
    const ds = sampleDataset();
    const csv = exportIncidentsCsv(ds.incidents, Uint32Array.from([1, 2]), DEFAULT_EXPORT_OPTIONS, { ...ctx, exercise: true });
    const head = csv.split('\r\n').filter((l) => l.startsWith('#'));
    expect(head[0]).toBe('# POC Threat Map export of incidents: the first 10 lines (starting with #) are provenance; the CSV header follows');
    expect(head).toHaveLength(10);
    expect(head).toContain('# tool: POC Threat Map 0.1.0');
    expect(head).toContain('# exported: 2024-04-02T10:00:00.000Z');
    expect(head).toContain('# data: EXERCISE - SYNTHETIC DATA (not real events)');
    expect(head).toContain('# rows: 2 of 4 incidents');
    expect(head.find((l) => l.startsWith('# filters:'))).toBe('# filters: Threat: Killing, CRSV; Period: 2024-03-01 – 2024-03-31');
    // the dataset name came from a user: the piece after its comma must not become a formula cell
    expect(head.find((l) => l.startsWith('# dataset:'))).toBe("# dataset: Test, '=evil name");
    const meta = (JSON.parse(exportIncidentsGeoJson(ds.incidents, all, DEFAULT_EXPORT_OPTIONS, ctx)) as { metadata: Record<string, unknown> }).metadata;
    expect(meta).toMatchObject({ tool: 'POC Threat Map 0.1.0', exported: ctx.exportedAt, dataset: 'Test, =evil name', exercise: false, data: 'real data', rows: 4, totalRows: 4 });
    expect(meta.filters).toEqual(ctx.filters);
    expect(meta.sources).toEqual(ctx.sources);
  });

  it('formula cells are neutralised in text columns only; numbers stay numbers', () => {
    const ds = sampleDataset();
    const rows = body(exportIncidentsCsv(ds.incidents, all, DEFAULT_EXPORT_OPTIONS, ctx));
    expect(rows[2]!.perpetrator).toBe('\'=HYPERLINK("http://x")');
    expect(rows[3]!.perpetrator).toBe("'@Group B");
    expect(rows[3]!.id).toBe("'+I4");
    expect(rows[2]!.longitude).toBe('-12.375'); // a negative number is not prefixed
    expect(rows[0]!.fatalities).toBe('2');
    // no cell of any row starts with a formula character unless it is a number
    for (const r of rows) for (const v of Object.values(r)) if (/^[=+\-@\t\r]/.test(v)) expect(Number.isFinite(Number(v))).toBe(true);
  });

  it('commentLine flattens line breaks and quotes, and defuses formulas after commas', () => {
    expect(commentLine('# a\r\nb "c", =1+1, +x,-y')).toBe("# a b 'c', '=1+1, '+x,'-y");
  });

  it('provenance lines never contain a line break, whatever the names', () => {
    const lines = provenanceCsvLines({
      tool: 't', exported: 'e', dataset: 'multi\nline', exercise: false, sources: ['a\r\nb'], filters: ['x\ny'], content: 'incidents',
      rows: 1, totalRows: 1, excluded: [], generalised: null,
    });
    for (const l of lines) expect(l).not.toMatch(/[\r\n]/);
  });
});

describe('presence exports', () => {
  it('CSV and GeoJSON with provenance; names neutralised', () => {
    const ds = sampleDataset();
    const csv = exportPresencesCsv(ds.presences, ctx);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('# POC Threat Map export of presences: the first 8 lines (starting with #) are provenance; the CSV header follows');
    const rows = Papa.parse<Record<string, string>>(lines.slice(8).join('\r\n'), { header: true, skipEmptyLines: true }).data;
    expect(rows[0]).toMatchObject({ id: 'P1', name: "'=Base", type: 'operating_base', strength: '150', reach_road_km: '50', longitude: '20.5' });
    const geo = JSON.parse(exportPresencesGeoJson(ds.presences, ctx)) as GeoJSON.FeatureCollection & { metadata: Record<string, unknown> };
    expect(geo.metadata).toMatchObject({ content: 'presences', rows: 1, dataset: 'Test, =evil name' });
    expect(geo.features[0]!.properties!.name).toBe('=Base');
  });
});

it('export file names are safe and dated', () => {
  expect(exportFileName('incidents', 'GED: CAR/2023 é', '2024-04-02T10:00:00Z', 'csv')).toBe('poc-incidents-GED-CAR-2023-e-2024-04-02.csv');
});

describe('an export comes back in through the importer', () => {
  it('provenance lines are skipped; every exported row is a record and is accepted', () => {
    const ds = sampleDataset();
    const csv = exportIncidentsCsv(ds.incidents, all, DEFAULT_EXPORT_OPTIONS, ctx);
    const r = importText(csv, { kind: 'incidents' });
    expect(r.records).toBe(all.length);
    expect(r.rejected).toEqual([]);
    expect(r.kind === 'incidents' ? r.accepted.length : -1).toBe(all.length);
    expect(r.warnings.filter((w) => /comment line before the header/.test(w.message))).toHaveLength(provenanceCsvLines(
      { tool: '', exported: '', dataset: '', exercise: false, sources: [], filters: [], content: 'incidents', rows: 0, totalRows: 0, excluded: [], generalised: null },
    ).length);
  });
});
