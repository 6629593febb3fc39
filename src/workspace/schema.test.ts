import { describe, expect, it } from 'vitest';
import { WORKSPACE_SCHEMA_VERSION, WorkspaceFormatError, migrateWorkspace, versionOf } from './schema.ts';

describe('migrateWorkspace', () => {
  it('v0 (the style URL the app kept before workspaces) becomes a workspace on the exercise data', () => {
    const d = migrateWorkspace({ styleUrl: ' https://tiles.example/style.json ' }, 0);
    expect(d.schemaVersion).toBe(WORKSPACE_SCHEMA_VERSION);
    expect(d.dataset).toEqual({ kind: 'exercise' });
    expect(d.settings.styleUrl).toBe('https://tiles.example/style.json');
    expect(d.settings.layers).toEqual({});
    expect(d.settings.mappings).toEqual([]);
    expect(d.name).toBe('My workspace');
    expect(versionOf({ styleUrl: null })).toBe(0);
  });

  it('a current document passes through, with defaults for members it lacks and bad entries dropped', () => {
    const d = migrateWorkspace({
      schemaVersion: 1, id: 'w1', name: 'East', created: '2024-01-01T00:00:00Z', modified: '2024-01-02T00:00:00Z',
      dataset: { kind: 'stored', key: 'ds-1' },
      settings: {
        layers: { incidents: false, bogus: 'yes' }, view: { lon: 20, lat: 5, zoom: 'far' },
        mappings: [{ name: 'ok', header: ['a', 'b'], mapping: { date: 'a', lon: 'b', lat: 'c' }, saved: 'x' }, { name: 'no date', header: [], mapping: { lon: 'b', lat: 'c' } }],
      },
      extensions: { threatRegister: [{ id: 'T1' }] },
    }, 1);
    expect(d).toMatchObject({ id: 'w1', name: 'East', dataset: { kind: 'stored', key: 'ds-1' } });
    expect(d.settings.layers).toEqual({ incidents: false });
    expect(d.settings.view).toBeNull(); // zoom was not a number
    expect(d.settings.mappings.map((m) => m.name)).toEqual(['ok']);
    expect(d.extensions).toEqual({ threatRegister: [{ id: 'T1' }] }); // kept verbatim for later features
  });

  it('refuses a document from a newer app and things that are not workspaces', () => {
    expect(() => migrateWorkspace({ schemaVersion: WORKSPACE_SCHEMA_VERSION + 1 }, WORKSPACE_SCHEMA_VERSION + 1)).toThrow(WorkspaceFormatError);
    expect(() => migrateWorkspace({ schemaVersion: 99 }, 99)).toThrow(/newer version/);
    expect(() => migrateWorkspace('hello', 1)).toThrow(WorkspaceFormatError);
    expect(() => migrateWorkspace({}, -1)).toThrow(WorkspaceFormatError);
  });

  it('an unknown dataset reference falls back to the exercise data rather than failing to open', () => {
    expect(migrateWorkspace({ dataset: { kind: 'stored' } }, 1).dataset).toEqual({ kind: 'exercise' });
  });
});
