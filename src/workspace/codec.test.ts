import { describe, expect, it } from 'vitest';
import { INCIDENT_COLUMN_NAMES, incidentAt } from '../domain/incidents.ts';
import { base64ToBytes, bytesToBase64, datasetToStored, decodeWorkspaceFile, encodeWorkspaceFile, storedToDataset, validateStoredDataset } from './codec.ts';
import { migrateWorkspace } from './schema.ts';
import { sampleDataset } from './testData.ts';

function fileOf(): string {
  const ds = sampleDataset();
  const stored = datasetToStored(ds, 'ds-1', [{ file: 'x.csv', kind: 'incidents', format: 'generic-csv', encoding: 'utf-8', records: 5, accepted: 4, rejected: 1, importedAt: '2024-04-01T00:00:00Z' }]);
  const doc = { ...migrateWorkspace({ id: 'w1', name: 'East' }, 0), dataset: { kind: 'stored' as const, key: 'ds-1' } };
  doc.settings.mappings = [{ name: 'm', header: ['a'], mapping: { date: 'a', lon: 'b', lat: 'c' }, saved: '' }];
  return encodeWorkspaceFile({ doc, dataset: stored }, { exported: '2024-04-02T00:00:00Z', tool: 'POC Threat Map test' });
}

describe('workspace file', () => {
  it('round trip: every column, string and object comes back identical', () => {
    const ds = sampleDataset();
    const text = fileOf();
    expect(text.startsWith('{"format":"poc-threat-map-workspace","schemaVersion":1,')).toBe(true);
    const back = decodeWorkspaceFile(text);
    expect(back.header).toMatchObject({ format: 'poc-threat-map-workspace', schemaVersion: 1, tool: 'POC Threat Map test' });
    expect(back.doc.name).toBe('East');
    expect(back.doc.settings.mappings[0]!.mapping).toEqual({ date: 'a', lon: 'b', lat: 'c' });
    const d2 = storedToDataset(back.dataset!, []);
    for (const c of INCIDENT_COLUMN_NAMES) {
      expect(d2.incidents[c].constructor).toBe(ds.incidents[c].constructor);
      expect(Array.from(d2.incidents[c])).toEqual(Array.from(ds.incidents[c]));
      // each column owns a whole buffer, so it stays transferable to workers
      expect(d2.incidents[c].byteOffset).toBe(0);
      expect(d2.incidents[c].buffer.byteLength).toBe(d2.incidents[c].byteLength);
    }
    for (let i = 0; i < ds.incidents.length; i++) expect(incidentAt(d2.incidents, i)).toEqual(incidentAt(ds.incidents, i));
    expect(d2.presences).toEqual(ds.presences);
    expect(d2.aors).toEqual(ds.aors);
    expect(d2.sites).toEqual(ds.sites);
    expect(d2.rejected).toEqual(ds.rejected);
    expect(back.dataset!.sources[0]!.file).toBe('x.csv');
    expect(d2.exercise).toBe(false);
  });

  it('base64 survives every byte value and odd lengths', () => {
    const all = Uint8Array.from({ length: 70_001 }, (_, i) => (i * 37) & 255);
    expect(Array.from(base64ToBytes(bytesToBase64(all)))).toEqual(Array.from(all));
    expect(Array.from(base64ToBytes(bytesToBase64(new Uint8Array(0))))).toEqual([]);
  });

  it('refuses files that are not workspaces, from a newer app, or tampered with', () => {
    expect(() => decodeWorkspaceFile('id,date\n1,2')).toThrow(/not JSON/);
    expect(() => decodeWorkspaceFile('{"format":"something"}')).toThrow(/format/);
    const v = JSON.parse(fileOf()) as Record<string, unknown> & { dataset: { incidents: Record<string, { base64: string; $typedArray: string }> } };
    expect(() => decodeWorkspaceFile(JSON.stringify({ ...v, schemaVersion: 2, workspace: { schemaVersion: 2 } }))).toThrow(/newer version/);
    // A threat-type code outside the taxonomy would crash the map later: refused here.
    const bad = structuredClone(v);
    bad.dataset.incidents.threatType!.base64 = bytesToBase64(Uint8Array.from([0, 6, 250, 14]));
    expect(() => decodeWorkspaceFile(JSON.stringify(bad))).toThrow(/threatType: code 250/);
    // A column of the wrong length.
    const short = structuredClone(v);
    short.dataset.incidents.lon!.base64 = bytesToBase64(new Uint8Array(8));
    expect(() => decodeWorkspaceFile(JSON.stringify(short))).toThrow(/column lon has 1 values for 4 incidents/);
    // A column of the wrong type.
    const wrong = structuredClone(v);
    wrong.dataset.incidents.day!.$typedArray = 'Float64Array';
    expect(() => decodeWorkspaceFile(JSON.stringify(wrong))).toThrow(/column day must be an encoded Int32Array/);
  });

  it('a workspace on the exercise data carries no dataset', () => {
    const doc = migrateWorkspace({ name: 'Ex' }, 0);
    const back = decodeWorkspaceFile(encodeWorkspaceFile({ doc, dataset: null }, { exported: 'x', tool: 't' }));
    expect(back.dataset).toBeNull();
    expect(back.doc.dataset).toEqual({ kind: 'exercise' });
  });

  it('validateStoredDataset checks presences and coordinates too', () => {
    const stored = datasetToStored(sampleDataset(), 'k', []);
    expect(validateStoredDataset(stored).incidents.length).toBe(4);
    expect(() => validateStoredDataset({ ...stored, presences: [{ ...stored.presences[0], type: 'castle' }] })).toThrow(/unknown presence type/);
    const lat = Float64Array.from(stored.incidents.lat);
    lat[1] = 95;
    expect(() => validateStoredDataset({ ...stored, incidents: { ...stored.incidents, lat } })).toThrow(/incident 1: coordinates out of range/);
  });
});
