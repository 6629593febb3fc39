import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importBytes } from '../io/import/index.ts';
import type { ImportedPresence } from '../io/import/index.ts';
import { choosePresences, mergeImport, mergeSources, summarizeImport } from './importMerge.ts';
import type { DatasetSource } from './schema.ts';
import { sampleDataset } from './testData.ts';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../io/import/fixtures/${name}`, import.meta.url)));

describe('summarizeImport', () => {
  it('hostile file: counts, grouped warnings, first rejections in line order, date range', () => {
    const r = importBytes(fixture('hostile_bom_comma.csv'), { today: '2024-06-01' });
    const s = summarizeImport(r, { name: 'hostile_bom_comma.csv', size: 796 }, 12);
    expect(s.records).toBe(s.accepted + s.rejected);
    expect(s).toMatchObject({ kind: 'incidents', format: 'generic-csv', encoding: 'utf-8-bom', records: 12, accepted: 9, rejected: 3 });
    expect(s.firstRejected.map((x) => x.line)).toEqual([5, 6, 8]);
    expect(s.warningGroups.reduce((a, g) => a + g.count, 0)).toBe(s.warnings);
    expect(s.dateRange).toEqual({ start: '2024-03-05', end: '2024-10-03' });
  });
});

describe('mergeImport', () => {
  const table = () => sampleDataset().incidents;

  it('incidents into the exercise: a new real dataset, nothing synthetic kept except real settlements', () => {
    const ex = { ...sampleDataset(), exercise: true, name: 'SABLE RIVER', settlements: [{ id: 's', name: 'Town', population: 5, lon: 1, lat: 1 }] };
    const m = mergeImport(ex, { kind: 'incidents', table: table(), rejected: [] }, 'ged.csv');
    expect(m.leftExercise).toBe(true);
    expect(m.dataset.exercise).toBe(false);
    expect(m.dataset.name).toBe('ged');
    expect(m.dataset.presences).toEqual([]);
    expect(m.dataset.aors).toEqual([]);
    expect(m.dataset.roads).toBeNull();
    expect(m.dataset.settlements).toHaveLength(1);
    expect(m.dataset.period).toEqual({ start: '2024-03-05', end: '2024-03-05' });
  });

  it('into a real dataset: incidents replace; presences are added by id (re-import updates), or replace', () => {
    const real = sampleDataset();
    const m1 = mergeImport(real, { kind: 'incidents', table: table(), rejected: [{ line: 2, field: 'x', value: '', reason: 'r' }] }, 'b.csv');
    expect(m1.leftExercise).toBe(false);
    expect(m1.dataset.presences).toBe(real.presences);
    expect(m1.dataset.rejected).toHaveLength(1);
    const p = (id: string, strength: number): ImportedPresence => ({ ...real.presences[0]!, id, strength });
    const m2 = mergeImport(real, { kind: 'presences', items: [p('P1', 999), p('P2', 1)] }, 'bases.csv');
    expect(m2).toMatchObject({ added: 1, updated: 1 });
    expect(m2.dataset.presences.map((x) => [x.id, x.strength])).toEqual([['P1', 999], ['P2', 1]]);
    expect(m2.dataset.incidents).toBe(real.incidents);
    const m3 = mergeImport(real, { kind: 'presences', items: [p('P9', 1)] }, 'bases.csv', 'replace');
    expect(m3.dataset.presences.map((x) => x.id)).toEqual(['P9']);
    expect(m3.removed).toBe(1);
  });

  it('presence time series: one period and mission chosen', () => {
    const base = sampleDataset().presences[0]!;
    const rows: ImportedPresence[] = [
      { ...base, id: 'M/a/2019', period: '2019', mission: 'M' }, { ...base, id: 'M/a/2020', period: '2020', mission: 'M' },
      { ...base, id: 'N/b/2020', period: '2020', mission: 'N' },
    ];
    expect(choosePresences(rows, { period: '2020', mission: null }).map((x) => x.id)).toEqual(['M/a/2020', 'N/b/2020']);
    expect(choosePresences(rows, { period: '2020', mission: 'N' }).map((x) => x.id)).toEqual(['N/b/2020']);
    expect(choosePresences(rows, { period: null, mission: null })).toHaveLength(3);
  });

  it('sources follow what the dataset holds', () => {
    const src = (file: string, kind: DatasetSource['kind']): DatasetSource => ({ file, kind, format: 'f', encoding: 'utf-8', records: 1, accepted: 1, rejected: 0, importedAt: '' });
    const old = [src('a.csv', 'incidents'), src('bases.csv', 'presences')];
    expect(mergeSources(old, src('b.csv', 'incidents'), false, 'add').map((s) => s.file)).toEqual(['bases.csv', 'b.csv']);
    expect(mergeSources(old, src('more.csv', 'presences'), false, 'add').map((s) => s.file)).toEqual(['a.csv', 'bases.csv', 'more.csv']);
    expect(mergeSources(old, src('only.csv', 'presences'), false, 'replace').map((s) => s.file)).toEqual(['a.csv', 'only.csv']);
    expect(mergeSources(old, src('x.csv', 'aors'), true, 'add').map((s) => s.file)).toEqual(['x.csv']);
  });
});
