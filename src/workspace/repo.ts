/**
 * Saved workspaces: owns the rules for writing them so that a failed write never
 * corrupts what was saved before, over any storage that offers the small
 * `WorkspaceBackend` interface (IndexedDB in the app: idbBackend.ts; memory in tests and
 * when the browser refuses storage: MemoryBackend below).
 *
 * Layout:
 *   datasets   key → StoredDataset            immutable; a changed dataset is a new key
 *   docs       `${id}#${rev}` → WorkspaceDoc  one record per revision
 *   index      { current, heads: id → doc key }  THE pointer
 * A save writes the new records first (a dataset in its own transaction, because it can
 * be hundreds of MB), then in ONE transaction puts the new doc revision, moves the
 * pointer and deletes what the old revision alone referenced. If anything fails before
 * that transaction commits, the pointer still names the old, complete records; leftovers
 * of a failed write are unreferenced and removed by `collectGarbage` at the next open.
 */
import type { DatasetRef, StoredDataset, WorkspaceDoc, WorkspaceSettings } from './schema.ts';
import { WORKSPACE_SCHEMA_VERSION, defaultSettings, migrateWorkspace, versionOf } from './schema.ts';
import { validateStoredDataset } from './codec.ts';

export interface WorkspaceIndex {
  /** The workspace the app opens; null = none yet (the exercise data, unsaved). */
  current: string | null;
  /** Workspace id → key of its current doc revision. */
  heads: Record<string, string>;
}

export interface CommitPlan {
  index: WorkspaceIndex;
  putDocs?: { key: string; doc: WorkspaceDoc }[];
  deleteDocs?: string[];
  deleteDatasets?: string[];
}

export interface WorkspaceBackend {
  readIndex(): Promise<WorkspaceIndex | undefined>;
  readDoc(key: string): Promise<unknown>;
  readDataset(key: string): Promise<unknown>;
  docKeys(): Promise<string[]>;
  datasetKeys(): Promise<string[]>;
  /** Write one dataset record (its own transaction). */
  putDataset(d: StoredDataset): Promise<void>;
  /**
   * One atomic transaction: read the index, let `plan` decide, apply every part of the
   * plan or none. `plan` is synchronous so the transaction cannot close under it.
   */
  commit(plan: (index: WorkspaceIndex) => CommitPlan): Promise<WorkspaceIndex>;
}

export interface WorkspaceSummary {
  id: string;
  name: string;
  modified: string;
  current: boolean;
}

const emptyIndex = (): WorkspaceIndex => ({ current: null, heads: {} });

function randomId(): string {
  const a = new Uint8Array(8);
  globalThis.crypto.getRandomValues(a);
  return Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('');
}

const revOf = (key: string): number => Number(key.slice(key.lastIndexOf('#') + 1)) || 0;
const docKey = (id: string, rev: number): string => `${id}#${rev}`;
const datasetKeyOf = (doc: WorkspaceDoc): string | null => (doc.dataset.kind === 'stored' ? doc.dataset.key : null);

export interface RepoOptions {
  now?: () => string;
  newId?: () => string;
}

export class WorkspaceRepo {
  private readonly now: () => string;
  private readonly newId: () => string;

  constructor(private readonly backend: WorkspaceBackend, opts: RepoOptions = {}) {
    this.now = opts.now ?? (() => new Date().toISOString());
    this.newId = opts.newId ?? randomId;
  }

  async index(): Promise<WorkspaceIndex> {
    return (await this.backend.readIndex()) ?? emptyIndex();
  }

  async list(): Promise<WorkspaceSummary[]> {
    const ix = await this.index();
    const out: WorkspaceSummary[] = [];
    for (const [id, key] of Object.entries(ix.heads)) {
      const raw = await this.backend.readDoc(key);
      if (raw === undefined) continue;
      const doc = migrateWorkspace(raw, versionOf(raw));
      out.push({ id, name: doc.name, modified: doc.modified, current: ix.current === id });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  }

  /** The current revision of a workspace, migrated to the current schema. */
  async getDoc(id: string): Promise<WorkspaceDoc | null> {
    const key = (await this.index()).heads[id];
    if (!key) return null;
    const raw = await this.backend.readDoc(key);
    return raw === undefined ? null : migrateWorkspace(raw, versionOf(raw));
  }

  async getDataset(key: string): Promise<StoredDataset> {
    const raw = await this.backend.readDataset(key);
    if (raw === undefined) throw new Error(`dataset ${key} is missing from storage`);
    return validateStoredDataset(raw);
  }

  /** Load a workspace and its dataset (null when it is on the exercise data). */
  async load(id: string): Promise<{ doc: WorkspaceDoc; dataset: StoredDataset | null }> {
    const doc = await this.getDoc(id);
    if (!doc) throw new Error(`no workspace ${id}`);
    const key = datasetKeyOf(doc);
    return { doc, dataset: key ? await this.getDataset(key) : null };
  }

  /** A new workspace (on the exercise data unless a dataset is given), made current. */
  async create(name: string, init: { settings?: WorkspaceSettings; dataset?: StoredDataset; extensions?: Record<string, unknown> } = {}): Promise<WorkspaceDoc> {
    const id = this.newId();
    const t = this.now();
    const doc: WorkspaceDoc = {
      schemaVersion: WORKSPACE_SCHEMA_VERSION, id, name: name.trim() || 'Workspace', created: t, modified: t,
      dataset: { kind: 'exercise' }, settings: init.settings ?? defaultSettings(), extensions: init.extensions ?? {},
    };
    return this.write(doc, init.dataset, true);
  }

  /**
   * Save a workspace: `dataset` (if given) is written as a NEW record and the doc is
   * pointed at it; otherwise the doc keeps its dataset reference.
   */
  async save(doc: WorkspaceDoc, dataset?: StoredDataset | 'exercise'): Promise<WorkspaceDoc> {
    if (dataset === 'exercise') return this.write({ ...doc, dataset: { kind: 'exercise' } }, undefined, false);
    return this.write(doc, dataset, false);
  }

  async rename(id: string, name: string): Promise<WorkspaceDoc> {
    const doc = await this.getDoc(id);
    if (!doc) throw new Error(`no workspace ${id}`);
    return this.write({ ...doc, name: name.trim() || doc.name }, undefined, false);
  }

  async switchTo(id: string | null): Promise<void> {
    await this.backend.commit((ix) => {
      if (id !== null && !ix.heads[id]) throw new Error(`no workspace ${id}`);
      return { index: { ...ix, current: id } };
    });
  }

  /** Delete a workspace and what only it referenced. If it was current, another (or none) becomes current. */
  async remove(id: string): Promise<string | null> {
    const ix = await this.index();
    const key = ix.heads[id];
    if (!key) return ix.current;
    const doc = await this.getDoc(id);
    const dsKey = doc ? datasetKeyOf(doc) : null;
    const others = await this.referencedDatasets(ix, id);
    const next = await this.backend.commit((cur) => {
      const heads = { ...cur.heads };
      delete heads[id];
      const remaining = Object.keys(heads).sort();
      const current = cur.current === id ? (remaining[0] ?? null) : cur.current;
      return { index: { current, heads }, deleteDocs: [key], deleteDatasets: dsKey && !others.has(dsKey) ? [dsKey] : [] };
    });
    return next.current;
  }

  /** Remove records no pointer reaches (left by a write that failed before its commit). */
  async collectGarbage(): Promise<{ docs: number; datasets: number }> {
    const ix = await this.index();
    const liveDocs = new Set(Object.values(ix.heads));
    const liveDatasets = await this.referencedDatasets(ix);
    const deadDocs = (await this.backend.docKeys()).filter((k) => !liveDocs.has(k));
    const deadDatasets = (await this.backend.datasetKeys()).filter((k) => !liveDatasets.has(k));
    if (deadDocs.length || deadDatasets.length) {
      await this.backend.commit((cur) => {
        // Re-check the doc pointers inside the transaction (another tab may have saved meanwhile).
        const live = new Set(Object.values(cur.heads));
        return { index: cur, deleteDocs: deadDocs.filter((k) => !live.has(k)), deleteDatasets: deadDatasets };
      });
    }
    return { docs: deadDocs.length, datasets: deadDatasets.length };
  }

  private async referencedDatasets(ix: WorkspaceIndex, except?: string): Promise<Set<string>> {
    const out = new Set<string>();
    for (const [id, key] of Object.entries(ix.heads)) {
      if (id === except) continue;
      const raw = await this.backend.readDoc(key);
      if (raw === undefined) continue;
      const k = datasetKeyOf(migrateWorkspace(raw, versionOf(raw)));
      if (k) out.add(k);
    }
    return out;
  }

  private async write(doc: WorkspaceDoc, dataset: StoredDataset | undefined, makeCurrent: boolean): Promise<WorkspaceDoc> {
    let ref: DatasetRef = doc.dataset;
    if (dataset) {
      // Step 1: the (possibly large) dataset under a fresh key. Nothing points at it yet.
      const key = `ds-${this.newId()}`;
      await this.backend.putDataset({ ...dataset, key, schemaVersion: WORKSPACE_SCHEMA_VERSION });
      ref = { kind: 'stored', key };
    }
    const next: WorkspaceDoc = { ...doc, schemaVersion: WORKSPACE_SCHEMA_VERSION, dataset: ref, modified: this.now() };
    const otherRefs = await this.referencedDatasets(await this.index(), doc.id);
    // Step 2: one transaction: new revision in, pointer moved, what the old revision alone used out.
    await this.backend.commit((ix) => {
      const oldKey = ix.heads[doc.id];
      const rev = oldKey ? revOf(oldKey) + 1 : 1;
      const key = docKey(doc.id, rev);
      const deleteDocs = oldKey ? [oldKey] : [];
      return {
        index: { current: makeCurrent ? doc.id : ix.current, heads: { ...ix.heads, [doc.id]: key } },
        putDocs: [{ key, doc: next }],
        deleteDocs,
        deleteDatasets: [],
      };
    });
    // Step 3 (best effort): the previous dataset, if nothing references it any more.
    const oldDs = datasetKeyOf(doc);
    const newDs = datasetKeyOf(next);
    if (oldDs && oldDs !== newDs && !otherRefs.has(oldDs)) {
      try {
        await this.backend.commit((ix) => ({ index: ix, deleteDatasets: [oldDs] }));
      } catch {
        // Harmless: an unreferenced record, collected at the next open.
      }
    }
    return next;
  }
}

// ---------------------------------------------------------------------------------------
// In-memory backend: the same contract, with failure injection for tests

export type FailurePoint = 'putDataset' | 'commit' | 'commit-after-writes';

/**
 * Keeps records in Maps. `failNext(point)` makes the next operation at that point throw;
 * 'commit-after-writes' throws after applying the plan to a scratch copy, proving the
 * live state is only swapped in when the whole plan succeeded.
 */
export class MemoryBackend implements WorkspaceBackend {
  private ix: WorkspaceIndex | undefined;
  readonly docs = new Map<string, WorkspaceDoc>();
  readonly datasets = new Map<string, StoredDataset>();
  private failures = new Set<FailurePoint>();

  failNext(point: FailurePoint): void {
    this.failures.add(point);
  }
  private maybeFail(point: FailurePoint): void {
    if (this.failures.delete(point)) throw new Error(`injected failure at ${point}`);
  }

  async readIndex(): Promise<WorkspaceIndex | undefined> {
    return this.ix ? structuredClone(this.ix) : undefined;
  }
  async readDoc(key: string): Promise<unknown> {
    const d = this.docs.get(key);
    return d ? structuredClone(d) : undefined;
  }
  async readDataset(key: string): Promise<unknown> {
    return this.datasets.get(key);
  }
  async docKeys(): Promise<string[]> {
    return [...this.docs.keys()];
  }
  async datasetKeys(): Promise<string[]> {
    return [...this.datasets.keys()];
  }
  async putDataset(d: StoredDataset): Promise<void> {
    this.maybeFail('putDataset');
    this.datasets.set(d.key, d);
  }
  async commit(plan: (index: WorkspaceIndex) => CommitPlan): Promise<WorkspaceIndex> {
    this.maybeFail('commit');
    const p = plan(structuredClone(this.ix ?? emptyIndex()));
    // Apply to copies, then swap: all or nothing.
    const docs = new Map(this.docs);
    const datasets = new Map(this.datasets);
    for (const { key, doc } of p.putDocs ?? []) docs.set(key, structuredClone(doc));
    for (const k of p.deleteDocs ?? []) docs.delete(k);
    for (const k of p.deleteDatasets ?? []) datasets.delete(k);
    this.maybeFail('commit-after-writes');
    this.docs.clear();
    for (const [k, v] of docs) this.docs.set(k, v);
    this.datasets.clear();
    for (const [k, v] of datasets) this.datasets.set(k, v);
    this.ix = structuredClone(p.index);
    return structuredClone(p.index);
  }
}
