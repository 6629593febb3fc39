/**
 * Main-thread client of the import worker (workers/import.worker.ts): owns the worker's
 * lifetime, job ids, progress callbacks and cancellation. Cancel first asks the worker
 * to stop between chunks; if it has not stopped within a second (a huge chunk, a slow
 * machine), the worker is terminated and a fresh one is made for the next job.
 */
import * as Comlink from 'comlink';
import type { ImportWorkerApi, PreviewInfo, ProgressInfo, WorkerImportOptions } from '../../workers/import.worker.ts';
import type { ImportOptions } from './import/index.ts';
import type { ImportSummary, ImportedData } from '../workspace/importMerge.ts';
import type { WorkspaceFileContent } from '../workspace/codec.ts';

export type { PreviewInfo, ProgressInfo, WorkerImportOptions };

export interface ImportJob {
  id: number;
  /** Resolves with the summary; rejects with an AbortError after cancel(). */
  done: Promise<ImportSummary>;
  cancel(): void;
}

export class CancelledError extends Error {
  override name = 'AbortError';
  constructor() {
    super('import cancelled');
  }
}

const KILL_AFTER_MS = 1000;

class ImportClient {
  private worker: Worker | null = null;
  private api: Comlink.Remote<ImportWorkerApi> | null = null;
  private nextId = 1;
  /** Rejects every call still waiting on a worker when that worker is terminated (Comlink would wait forever). */
  private killed: { promise: Promise<never>; reject(e: Error): void } | null = null;

  private remote(): Comlink.Remote<ImportWorkerApi> {
    if (!this.api) {
      this.worker = new Worker(new URL('../../workers/import.worker.ts', import.meta.url), { type: 'module', name: 'import' });
      this.api = Comlink.wrap<ImportWorkerApi>(this.worker);
      let reject: (e: Error) => void = () => undefined;
      const promise = new Promise<never>((_, r) => { reject = r; });
      promise.catch(() => undefined);
      this.killed = { promise, reject };
    }
    return this.api;
  }

  /** A call to the current worker that fails (instead of hanging) if the worker is terminated meanwhile. */
  private call<T>(fn: (api: Comlink.Remote<ImportWorkerApi>) => Promise<T>): Promise<T> {
    const api = this.remote();
    return Promise.race([fn(api), this.killed!.promise]);
  }

  private kill(): void {
    this.worker?.terminate();
    this.killed?.reject(new Error('the import worker was restarted; try again'));
    this.worker = null;
    this.api = null;
    this.killed = null;
  }

  preview(file: File, opts: Pick<ImportOptions, 'kind' | 'format' | 'delimiter'> = {}): Promise<PreviewInfo> {
    return this.call((api) => api.preview(file, opts));
  }

  run(file: File, opts: WorkerImportOptions, onProgress: (p: ProgressInfo) => void): ImportJob {
    const id = this.nextId++;
    const api = this.remote();
    let cancelled = false;
    let settle: ((e: Error) => void) | null = null;
    const running = api.run(id, file, opts, Comlink.proxy((p: ProgressInfo) => { if (!cancelled) onProgress(p); }));
    const done = new Promise<ImportSummary>((resolve, reject) => {
      settle = reject;
      running.then(
        (s) => (cancelled ? reject(new CancelledError()) : resolve(s)),
        (e: unknown) => reject(cancelled ? new CancelledError() : e instanceof Error ? e : new Error(String(e))),
      );
    });
    return {
      id,
      done,
      cancel: () => {
        if (cancelled) return;
        cancelled = true;
        void api.cancel(id).catch(() => undefined);
        // The dialog must not wait on a worker that is busy inside a chunk.
        settle?.(new CancelledError());
        const timer = setTimeout(() => { if (this.api === api) this.kill(); }, KILL_AFTER_MS);
        running.catch(() => undefined).finally(() => clearTimeout(timer));
      },
    };
  }

  take(id: number): Promise<ImportedData> {
    return this.call<ImportedData>((api) => api.take(id) as Promise<ImportedData>);
  }

  rejectedCsv(id: number): Promise<string> {
    return this.call((api) => api.rejectedCsv(id));
  }

  release(id: number): void {
    if (this.api) void this.api.release(id).catch(() => undefined);
  }

  decodeWorkspace(file: File): Promise<WorkspaceFileContent> {
    return this.call((api) => api.decodeWorkspace(file));
  }
}

export const importClient = new ImportClient();
