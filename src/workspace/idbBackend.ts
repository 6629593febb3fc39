/**
 * The IndexedDB storage behind saved workspaces (the WorkspaceBackend of repo.ts, which
 * owns the write rules). Owns the database name, its structural version and `upgrade`.
 *
 * Two versions live side by side on purpose:
 *   - IDB_VERSION: the database STRUCTURE (object stores, indexes). Bumped only when a
 *     store is added or changed; `upgrade` walks oldVersion → IDB_VERSION step by step.
 *   - WORKSPACE_SCHEMA_VERSION (schema.ts): the shape of the RECORDS. Records are migrated
 *     when read (migrateWorkspace), so an upgrade never rewrites hundreds of MB at start-up.
 * Typed arrays are stored as they are (structured clone), not as base64.
 */
import type { DBSchema, IDBPDatabase } from 'idb';
import { openDB } from 'idb';
import type { CommitPlan, WorkspaceBackend, WorkspaceIndex } from './repo.ts';
import type { StoredDataset, WorkspaceDoc } from './schema.ts';

export const IDB_NAME = 'poc-threat-map';
export const IDB_VERSION = 1;

interface WorkspaceDb extends DBSchema {
  meta: { key: string; value: WorkspaceIndex };
  docs: { key: string; value: WorkspaceDoc };
  datasets: { key: string; value: StoredDataset };
}

const INDEX_KEY = 'index';

export async function openIdbBackend(name = IDB_NAME): Promise<WorkspaceBackend & { close(): void }> {
  const db: IDBPDatabase<WorkspaceDb> = await openDB<WorkspaceDb>(name, IDB_VERSION, {
    upgrade(database, oldVersion) {
      // One case per structural version; fall through so a very old database takes every step.
      if (oldVersion < 1) {
        database.createObjectStore('meta');
        database.createObjectStore('docs');
        database.createObjectStore('datasets');
      }
    },
    blocking() {
      // Another tab opened a newer app version: let it upgrade; this tab stops saving.
      db.close();
    },
  });

  return {
    close: () => db.close(),
    async readIndex() {
      return db.get('meta', INDEX_KEY);
    },
    async readDoc(key) {
      return db.get('docs', key);
    },
    async readDataset(key) {
      return db.get('datasets', key);
    },
    async docKeys() {
      return db.getAllKeys('docs');
    },
    async datasetKeys() {
      return db.getAllKeys('datasets');
    },
    async putDataset(d) {
      const tx = db.transaction('datasets', 'readwrite');
      await Promise.all([tx.store.put(d, d.key), tx.done]);
    },
    async commit(plan: (index: WorkspaceIndex) => CommitPlan) {
      const tx = db.transaction(['meta', 'docs', 'datasets'], 'readwrite');
      const meta = tx.objectStore('meta');
      let p: CommitPlan;
      try {
        const ix = (await meta.get(INDEX_KEY)) ?? { current: null, heads: {} };
        p = plan(ix);
      } catch (e) {
        tx.abort();
        await tx.done.catch(() => undefined);
        throw e;
      }
      const docs = tx.objectStore('docs');
      const datasets = tx.objectStore('datasets');
      // Issue every request, then wait for the transaction: it commits all of them or none.
      const reqs: Promise<unknown>[] = [];
      for (const { key, doc } of p.putDocs ?? []) reqs.push(docs.put(doc, key));
      for (const k of p.deleteDocs ?? []) reqs.push(docs.delete(k));
      for (const k of p.deleteDatasets ?? []) reqs.push(datasets.delete(k));
      reqs.push(meta.put(p.index, INDEX_KEY));
      await Promise.all([...reqs, tx.done]);
      return p.index;
    },
  };
}
