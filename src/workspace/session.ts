/**
 * The workspace as the running app sees it: owns opening the saved workspaces at
 * start-up, putting the current one into the store, autosaving (debounced) whatever the
 * user changes, and the Data menu's workspace operations (create, switch, rename,
 * delete, export to / import from one file) and "Use this data" after an import.
 *
 * Browser glue over pure parts: the write rules are in repo.ts (tested with the memory
 * backend), conversions in codec.ts, merging in importMerge.ts. Saves are serialised
 * through one promise chain so two saves never interleave.
 */
import { useSyncExternalStore } from 'react';
import type { Dataset } from '../io/dataset.ts';
import { loadExerciseDataset } from '../io/loadExercise.ts';
import { loadSettlements } from '../map/basemapStyle.ts';
import type { AppState, LayerId } from '../state/store.ts';
import { actions, getState, subscribe } from '../state/store.ts';
import { importClient } from '../io/importClient.ts';
import { datasetToStored, encodeWorkspaceFile, storedToDataset } from './codec.ts';
import { openIdbBackend } from './idbBackend.ts';
import type { ImportSummary, ImportedData, MergeMode, MergeResult, PresenceChoice } from './importMerge.ts';
import { choosePresences, emptyRealDataset, mergeImport, mergeSources, sourceOf } from './importMerge.ts';
import type { WorkspaceBackend, WorkspaceSummary } from './repo.ts';
import { MemoryBackend, WorkspaceRepo } from './repo.ts';
import type { DatasetSource, SavedMapping, StoredDataset, WorkspaceDoc, WorkspaceSettings } from './schema.ts';
import { STYLE_URL_KEY } from './csp.ts';
import { migrateWorkspace } from './schema.ts';
import { version as APP_VERSION } from '../../package.json';

export const TOOL = `POC Threat Map ${APP_VERSION}`;
const AUTOSAVE_MS = 800;
const OPEN_TIMEOUT_MS = 3000;
const BASE = import.meta.env.BASE_URL;

export type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'error';

export interface WorkspaceStatus {
  /** False when the browser refused IndexedDB: the workspace lasts for this page only. */
  persistent: boolean;
  save: SaveState;
  error: string | null;
  current: { id: string; name: string } | null;
  list: WorkspaceSummary[];
  mappings: SavedMapping[];
  /** Files the current dataset was imported from (provenance for exports). */
  sources: DatasetSource[];
  /** A workspace is being opened or written in bulk (menu actions disabled meanwhile). */
  busy: string | null;
}

let status: WorkspaceStatus = { persistent: false, save: 'idle', error: null, current: null, list: [], mappings: [], sources: [], busy: null };
const listeners = new Set<() => void>();
function setStatus(patch: Partial<WorkspaceStatus>): void {
  status = { ...status, ...patch };
  for (const l of listeners) l();
}
export function getWorkspaceStatus(): WorkspaceStatus {
  return status;
}
export function useWorkspace(): WorkspaceStatus {
  return useSyncExternalStore((l) => { listeners.add(l); return () => listeners.delete(l); }, () => status);
}

let repo: WorkspaceRepo | null = null;
let currentDoc: WorkspaceDoc | null = null;
/** Dataset object → the record key it was saved under (datasets are immutable in the store). */
const storedKeys = new WeakMap<Dataset, string>();
const sourcesOf = new WeakMap<Dataset, DatasetSource[]>();

let exercisePromise: Promise<Dataset> | null = null;
function exerciseDataset(): Promise<Dataset> {
  exercisePromise ??= loadExerciseDataset(BASE).catch((e: unknown) => { exercisePromise = null; throw e; });
  return exercisePromise;
}
let settlementsPromise: Promise<Dataset['settlements']> | null = null;
function basemapSettlements(): Promise<Dataset['settlements']> {
  settlementsPromise ??= loadSettlements(BASE).catch(() => []);
  return settlementsPromise;
}

// ---------------------------------------------------------------------------------------
// Extensions: later features (the threat register first) saved with the workspace

/**
 * A feature that keeps its own state (e.g. the threat register) registers here once:
 * `get` returns plain, structured-cloneable data; `set` receives what was saved (or
 * undefined for a workspace without it) when a workspace opens; `subscribe` tells the
 * autosave that something changed. Saved under doc.extensions[key], kept verbatim by
 * migrations and workspace files. Bump the feature's own format inside its data.
 */
export interface WorkspaceExtension {
  get(): unknown;
  set(saved: unknown): void;
  subscribe(onChange: () => void): () => void;
}
const extensions = new Map<string, WorkspaceExtension>();
let extensionVersion = 0;

export function registerWorkspaceExtension(key: string, ext: WorkspaceExtension): () => void {
  extensions.set(key, ext);
  if (currentDoc && key in currentDoc.extensions) ext.set(currentDoc.extensions[key]);
  const unsub = ext.subscribe(() => { extensionVersion++; for (const l of listeners) l(); });
  return () => { unsub(); if (extensions.get(key) === ext) extensions.delete(key); };
}

function extensionsForSave(doc: WorkspaceDoc | null): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(doc?.extensions ?? {}) };
  for (const [k, e] of extensions) out[k] = e.get();
  return out;
}

function applyExtensions(doc: WorkspaceDoc | null): void {
  for (const [k, e] of extensions) e.set(doc?.extensions[k]);
}

// ---------------------------------------------------------------------------------------
// Settings ⇄ store

function settingsFromState(s: AppState): WorkspaceSettings {
  return { styleUrl: s.styleUrl, layers: { ...s.layers }, view: { ...s.view }, mappings: status.mappings };
}

function applySettings(set: WorkspaceSettings, opts: { view: boolean }): void {
  const s = getState();
  const layers = { ...s.layers };
  for (const id of Object.keys(layers) as LayerId[]) if (typeof set.layers[id] === 'boolean') layers[id] = set.layers[id]!;
  actions.restore({ layers, ...(opts.view && set.view ? { view: set.view } : {}) });
  if ((set.styleUrl ?? null) !== s.styleUrl) actions.setStyleUrl(set.styleUrl);
  setStatus({ mappings: set.mappings });
}

interface Snapshot { dataset: Dataset | null; layers: AppState['layers']; styleUrl: string | null; view: AppState['view']; mappings: SavedMapping[]; ext: number }
const snapshotOf = (s: AppState): Snapshot => ({ dataset: s.dataset, layers: s.layers, styleUrl: s.styleUrl, view: s.view, mappings: status.mappings, ext: extensionVersion });
const sameSnapshot = (a: Snapshot, b: Snapshot): boolean =>
  a.dataset === b.dataset && a.layers === b.layers && a.styleUrl === b.styleUrl && a.view === b.view && a.mappings === b.mappings && a.ext === b.ext;

let baseline: Snapshot | null = null;
/** What the last failed save tried to write. */
let failed: Snapshot | null = null;

// ---------------------------------------------------------------------------------------
// Start-up

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('storage did not answer')), ms); });
  try {
    return await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
  }
}

async function refreshList(): Promise<void> {
  if (!repo) return;
  setStatus({ list: await repo.list() });
}

/**
 * Call before the first render: opens storage and puts the current workspace's settings
 * (layers, map view, basemap) into the store, so the map is created with them. A view in
 * the URL, restored after this, wins over the saved one.
 */
export async function openWorkspaces(): Promise<void> {
  let backend: WorkspaceBackend;
  let persistent = true;
  try {
    backend = await withTimeout(openIdbBackend(), OPEN_TIMEOUT_MS);
  } catch (e) {
    // Private browsing or storage disabled: keep working, say that nothing will be kept.
    backend = new MemoryBackend();
    persistent = false;
    setStatus({ error: `Workspaces cannot be saved in this browser (${e instanceof Error ? e.message : String(e)})` });
  }
  repo = new WorkspaceRepo(backend);
  setStatus({ persistent });
  try {
    await repo.collectGarbage();
    const ix = await repo.index();
    if (ix.current) {
      currentDoc = await repo.getDoc(ix.current);
      if (currentDoc) {
        applySettings(currentDoc.settings, { view: true });
        applyExtensions(currentDoc);
        setStatus({ current: { id: currentDoc.id, name: currentDoc.name } });
      }
    }
    await refreshList();
  } catch (e) {
    setStatus({ error: `Could not read saved workspaces: ${e instanceof Error ? e.message : String(e)}` });
  }
}

/** Load the current workspace's dataset, or the exercise scenario when there is none. */
export async function loadStartDataset(): Promise<void> {
  try {
    let ds: Dataset;
    const key = currentDoc?.dataset.kind === 'stored' ? currentDoc.dataset.key : null;
    if (key && repo) {
      try {
        ds = datasetFromStored(await repo.getDataset(key), await basemapSettlements());
      } catch (e) {
        // Show the exercise instead, and detach from the workspace so no autosave overwrites its
        // (maybe recoverable) record: it stays as it is, listed in the Data menu.
        setStatus({ error: `The saved data of “${currentDoc!.name}” could not be read (${e instanceof Error ? e.message : String(e)}); the exercise data is shown and the workspace is left unchanged.`, current: null });
        currentDoc = null;
        ds = await exerciseDataset();
      }
    } else {
      ds = await exerciseDataset();
    }
    actions.datasetLoaded(ds);
    setStatus({ sources: sourcesOf.get(ds) ?? [] });
  } catch (e) {
    actions.loadFailed(e instanceof Error ? e.message : String(e));
  } finally {
    baseline = snapshotOf(getState());
    startAutosave();
  }
}

function datasetFromStored(stored: StoredDataset, settlements: Dataset['settlements']): Dataset {
  const ds = storedToDataset(stored, settlements);
  storedKeys.set(ds, stored.key);
  sourcesOf.set(ds, stored.sources);
  return ds;
}

// ---------------------------------------------------------------------------------------
// Autosave

let timer: ReturnType<typeof setTimeout> | null = null;
let chain: Promise<void> = Promise.resolve();
let autosaveOn = false;

function startAutosave(): void {
  if (autosaveOn) return;
  autosaveOn = true;
  const check = (): void => {
    if (!baseline || status.busy) return;
    const snap = snapshotOf(getState());
    if (sameSnapshot(snap, baseline)) return;
    // After a failed save, retry when something persisted changes again, not on every hover.
    if (status.save === 'error' && failed && sameSnapshot(snap, failed)) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => { timer = null; void flush(); }, AUTOSAVE_MS);
    if (status.save !== 'pending' && status.save !== 'error') setStatus({ save: 'pending' });
  };
  subscribe(check);
  // Saved mappings live in this module's status: react to them, not to every status change.
  let mappings = status.mappings;
  let ext = extensionVersion;
  listeners.add(() => {
    if (status.mappings === mappings && extensionVersion === ext) return;
    mappings = status.mappings;
    ext = extensionVersion;
    check();
  });
  addEventListener('pagehide', () => { if (timer) void flush(); });
}

/** Save now whatever changed (queued behind any save in progress). */
export function flush(): Promise<void> {
  if (timer) { clearTimeout(timer); timer = null; }
  chain = chain.then(saveOnce, saveOnce);
  return chain;
}

async function saveOnce(): Promise<void> {
  const s = getState();
  if (!repo || !s.dataset) return;
  const snap = snapshotOf(s);
  // Nothing changed since the last save (or since start-up): no write, and no workspace is created.
  // Panning the exercise map alone does not create one either (the map reports its first view on load).
  const onlyView = baseline !== null && sameSnapshot({ ...snap, view: baseline.view }, baseline);
  if (baseline && (sameSnapshot(snap, baseline) || (onlyView && !currentDoc))) {
    if (status.save === 'pending') setStatus({ save: currentDoc ? 'saved' : 'idle' });
    return;
  }
  setStatus({ save: 'saving' });
  try {
    const ds = s.dataset;
    const settings = settingsFromState(s);
    const storedKey = storedKeys.get(ds);
    const needsDataset = !ds.exercise && !(storedKey && currentDoc?.dataset.kind === 'stored' && currentDoc.dataset.key === storedKey);
    const record = needsDataset ? datasetToStored(ds, '', sourcesOf.get(ds) ?? []) : undefined;
    if (!currentDoc) {
      currentDoc = await repo.create(ds.exercise ? 'My workspace' : ds.name, { settings, extensions: extensionsForSave(null), ...(record ? { dataset: record } : {}) });
    } else {
      const doc: WorkspaceDoc = { ...currentDoc, settings, extensions: extensionsForSave(currentDoc) };
      if (ds.exercise) currentDoc = await repo.save(doc, 'exercise');
      else if (record) currentDoc = await repo.save(doc, record);
      else currentDoc = await repo.save({ ...doc, dataset: { kind: 'stored', key: storedKey! } });
    }
    if (currentDoc.dataset.kind === 'stored') storedKeys.set(ds, currentDoc.dataset.key);
    baseline = snap;
    failed = null;
    setStatus({ save: 'saved', error: null, current: { id: currentDoc.id, name: currentDoc.name } });
    await refreshList();
  } catch (e) {
    // The previous revision is intact (repo.ts); say so, and retry on the next change.
    failed = snap;
    setStatus({ save: 'error', error: `Not saved: ${e instanceof Error ? e.message : String(e)}. The last saved state is unchanged.` });
  }
}

// ---------------------------------------------------------------------------------------
// Switching what is loaded

function boundsView(ds: Dataset): { lon: number; lat: number; zoom: number } | null {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const add = (x: number, y: number): void => { if (x < minX) minX = x; if (x > maxX) maxX = x; if (y < minY) minY = y; if (y > maxY) maxY = y; };
  const t = ds.incidents;
  for (let i = 0; i < t.length; i++) add(t.lon[i]!, t.lat[i]!);
  if (t.length === 0) {
    for (const p of ds.presences) add(p.lon, p.lat);
    for (const p of ds.sites) add(p.lon, p.lat);
  }
  if (!Number.isFinite(minX)) return null;
  const span = Math.max(maxX - minX, (maxY - minY) * 1.4, 0.05);
  return { lon: (minX + maxX) / 2, lat: (minY + maxY) / 2, zoom: Math.min(11, Math.max(2, Math.log2(360 / span) - 0.3)) };
}

function show(ds: Dataset, opts: { fly: boolean }): void {
  actions.datasetLoaded(ds);
  // Filters hold perpetrator indices and selected rows of the previous table: start clean.
  actions.restore({ filter: {}, period: null, selectionShape: null });
  setStatus({ sources: sourcesOf.get(ds) ?? [] });
  const v = opts.fly ? boundsView(ds) : null;
  if (v) actions.flyTo(v);
}

async function openDoc(doc: WorkspaceDoc | null): Promise<void> {
  let ds: Dataset;
  if (doc?.dataset.kind === 'stored' && repo) ds = datasetFromStored(await repo.getDataset(doc.dataset.key), await basemapSettlements());
  else ds = await exerciseDataset();
  currentDoc = doc;
  applySettings(doc?.settings ?? { ...settingsFromState(getState()), mappings: [] }, { view: false });
  applyExtensions(doc);
  show(ds, { fly: false });
  if (doc?.settings.view) actions.flyTo(doc.settings.view);
  baseline = snapshotOf(getState());
  setStatus({ current: doc ? { id: doc.id, name: doc.name } : null, save: doc ? 'saved' : 'idle' });
  await refreshList();
}

async function busy<T>(what: string, fn: () => Promise<T>): Promise<T> {
  setStatus({ busy: what });
  try {
    // Errors go to the caller, which shows them next to the button that was pressed.
    return await fn();
  } finally {
    setStatus({ busy: null });
  }
}

export async function switchWorkspace(id: string): Promise<void> {
  if (!repo || id === currentDoc?.id) return;
  await flush();
  await busy('Opening workspace…', async () => {
    await repo!.switchTo(id);
    await openDoc(await repo!.getDoc(id));
  });
}

/** A new workspace on the exercise data, made current. */
export async function createWorkspace(name: string): Promise<void> {
  if (!repo) return;
  await flush();
  await busy('Creating workspace…', async () => {
    const s = getState();
    const doc = await repo!.create(name, { settings: { ...settingsFromState(s), mappings: [] } });
    await openDoc(doc);
  });
}

export async function renameWorkspace(id: string, name: string): Promise<void> {
  if (!repo || !name.trim()) return;
  await flush();
  await busy('Renaming…', async () => {
    const doc = await repo!.rename(id, name);
    if (currentDoc?.id === id) { currentDoc = doc; setStatus({ current: { id, name: doc.name } }); }
    await refreshList();
  });
}

export async function deleteWorkspace(id: string): Promise<void> {
  if (!repo) return;
  await flush();
  await busy('Deleting workspace…', async () => {
    const wasCurrent = currentDoc?.id === id;
    const next = await repo!.remove(id);
    if (wasCurrent) await openDoc(next ? await repo!.getDoc(next) : null);
    else await refreshList();
  });
}

/** The whole current workspace as one file (JSON; see docs/workspace-and-exports.md). */
export async function exportWorkspaceFile(): Promise<{ fileName: string; text: string }> {
  await flush();
  const s = getState();
  const ds = s.dataset;
  const now = new Date().toISOString();
  const doc: WorkspaceDoc = currentDoc
    ? { ...currentDoc, settings: settingsFromState(s), extensions: extensionsForSave(currentDoc) }
    : migrateWorkspace({ name: 'My workspace', styleUrl: s.styleUrl }, 0);
  const dataset = ds && !ds.exercise ? datasetToStored(ds, storedKeys.get(ds) ?? 'ds-export', sourcesOf.get(ds) ?? []) : null;
  const text = encodeWorkspaceFile({ doc: { ...doc, dataset: dataset ? { kind: 'stored', key: dataset.key } : { kind: 'exercise' } }, dataset }, { exported: now, tool: TOOL });
  const slug = doc.name.normalize('NFKD').replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'workspace';
  return { fileName: `poc-workspace-${slug}-${now.slice(0, 10)}.json`, text };
}

/** Open a workspace file as a NEW workspace (never overwrites one that exists). */
export async function importWorkspaceFile(file: File): Promise<void> {
  if (!repo) return;
  await flush();
  await busy('Opening workspace file…', async () => {
    const { doc, dataset } = await importClient.decodeWorkspace(file);
    const created = await repo!.create(`${doc.name} (from file)`, { settings: doc.settings, extensions: doc.extensions, ...(dataset ? { dataset } : {}) });
    await openDoc(created);
  });
}

// ---------------------------------------------------------------------------------------
// Import → workspace

/** "Use this data": merge the import into what is loaded, show it, and save at once. */
export async function adoptImport(data: ImportedData, summary: ImportSummary, mode: MergeMode, choice?: PresenceChoice): Promise<MergeResult> {
  const cur = getState().dataset;
  const input: ImportedData = data.kind === 'presences' && choice ? { ...data, items: choosePresences(data.items, choice) } : data;
  const base = cur ?? emptyRealDataset(summary.file, await basemapSettlements());
  const m = mergeImport(base, input, summary.file, mode);
  sourcesOf.set(m.dataset, mergeSources(sourcesOf.get(base) ?? [], sourceOf(summary, new Date().toISOString()), m.leftExercise, mode));
  show(m.dataset, { fly: true });
  await flush();
  return m;
}

// ---------------------------------------------------------------------------------------
// Saved column mappings (part of the workspace settings)

export function saveMapping(m: Omit<SavedMapping, 'saved'>): void {
  const mappings = [...status.mappings.filter((x) => x.name !== m.name), { ...m, saved: new Date().toISOString() }];
  setStatus({ mappings });
}

export function deleteMapping(name: string): void {
  setStatus({ mappings: status.mappings.filter((x) => x.name !== name) });
}

/** The style URL stored for the next page load (what cspBoot.ts will read). */
export function storedStyleUrl(): string | null {
  try {
    return localStorage.getItem(STYLE_URL_KEY);
  } catch {
    return null;
  }
}
