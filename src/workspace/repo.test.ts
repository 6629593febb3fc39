/**
 * The write rules of saved workspaces over the in-memory backend (same contract as
 * IndexedDB; the browser e2e runs the real one): named workspaces, revisions, and above
 * all that a write failing at any point leaves the previous state readable and intact.
 */
import { describe, expect, it } from 'vitest';
import { datasetToStored } from './codec.ts';
import { MemoryBackend, WorkspaceRepo } from './repo.ts';
import { defaultSettings } from './schema.ts';
import { sampleDataset } from './testData.ts';

function setup(): { backend: MemoryBackend; repo: WorkspaceRepo } {
  const backend = new MemoryBackend();
  let n = 0;
  let t = 0;
  const repo = new WorkspaceRepo(backend, { newId: () => `id${++n}`, now: () => new Date(Date.UTC(2024, 0, 1, 0, 0, t++)).toISOString() });
  return { backend, repo };
}
const stored = (name = 'Test dataset') => datasetToStored({ ...sampleDataset(), name }, '', []);

describe('WorkspaceRepo', () => {
  it('creates, lists, renames, switches and deletes named workspaces', async () => {
    const { backend, repo } = setup();
    const a = await repo.create('Alpha');
    const b = await repo.create('Bravo', { dataset: stored() });
    expect((await repo.index()).current).toBe(b.id);
    expect((await repo.list()).map((w) => [w.name, w.current])).toEqual([['Alpha', false], ['Bravo', true]]);
    await repo.switchTo(a.id);
    expect((await repo.index()).current).toBe(a.id);
    await repo.rename(a.id, 'Alpha East');
    expect((await repo.getDoc(a.id))!.name).toBe('Alpha East');
    // one revision per workspace is kept
    expect([...backend.docs.keys()].sort()).toEqual(['id1#2', 'id2#1']);
    const loaded = await repo.load(b.id);
    expect(loaded.dataset!.incidents.length).toBe(4);
    // deleting the current workspace makes another one current and removes its dataset
    await repo.switchTo(b.id);
    const next = await repo.remove(b.id);
    expect(next).toBe(a.id);
    expect(backend.datasets.size).toBe(0);
    expect((await repo.list()).map((w) => w.name)).toEqual(['Alpha East']);
    expect(await repo.remove(a.id)).toBeNull();
    expect(await repo.list()).toEqual([]);
  });

  it('saving a new dataset writes a new record, moves the pointer, and removes the old record', async () => {
    const { backend, repo } = setup();
    const w = await repo.create('W', { dataset: stored('first') });
    const firstKey = w.dataset.kind === 'stored' ? w.dataset.key : '';
    const w2 = await repo.save(w, stored('second'));
    expect(w2.dataset).not.toEqual(w.dataset);
    expect([...backend.datasets.keys()]).not.toContain(firstKey);
    expect((await repo.load(w.id)).dataset!.name).toBe('second');
    // settings-only save keeps the dataset record
    const w3 = await repo.save({ ...w2, settings: { ...defaultSettings(), styleUrl: 'https://x/style.json' } });
    expect(w3.dataset).toEqual(w2.dataset);
    expect((await repo.getDoc(w.id))!.settings.styleUrl).toBe('https://x/style.json');
  });

  for (const point of ['putDataset', 'commit', 'commit-after-writes'] as const) {
    it(`a failure at ${point} leaves the previous revision and its dataset intact`, async () => {
      const { backend, repo } = setup();
      const w = await repo.create('W', { dataset: stored('good') });
      const before = { docs: new Map(backend.docs), datasets: new Map(backend.datasets), index: await repo.index() };
      backend.failNext(point);
      await expect(repo.save({ ...w, name: 'renamed' }, stored('new'))).rejects.toThrow(/injected failure/);
      // the pointer and what it points at are unchanged and complete
      expect(await repo.index()).toEqual(before.index);
      const { doc, dataset } = await repo.load(w.id);
      expect(doc.name).toBe('W');
      expect(dataset!.name).toBe('good');
      expect(dataset!.incidents.length).toBe(4);
      expect([...backend.docs.keys()]).toEqual([...before.docs.keys()]);
      // a dataset written before the failed commit is garbage, collected at the next open
      const gc = await repo.collectGarbage();
      expect(gc.datasets).toBe(point === 'putDataset' ? 0 : 1);
      expect([...backend.datasets.keys()]).toEqual([...before.datasets.keys()]);
      // and the next save works
      await repo.save({ ...w, name: 'renamed' }, stored('new'));
      expect((await repo.load(w.id)).dataset!.name).toBe('new');
    });
  }

  it('a failed create leaves no workspace behind', async () => {
    const { backend, repo } = setup();
    backend.failNext('commit');
    await expect(repo.create('X', { dataset: stored() })).rejects.toThrow();
    expect(await repo.list()).toEqual([]);
    await repo.collectGarbage();
    expect(backend.datasets.size).toBe(0);
  });

  it('two workspaces may share nothing: deleting one never removes the other\'s dataset', async () => {
    const { backend, repo } = setup();
    const a = await repo.create('A', { dataset: stored('a') });
    await repo.create('B', { dataset: stored('b') });
    await repo.remove(a.id);
    expect(backend.datasets.size).toBe(1);
    expect((await repo.list()).map((w) => w.name)).toEqual(['B']);
  });
});
