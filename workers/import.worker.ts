/**
 * Thin comlink wrapper over the import core (src/io/import) for the import dialog:
 * preview the head of a File, stream-import the whole File with throttled progress and
 * cancellation, and hold the result here until the user decides, so the main thread only
 * receives a summary (warnings can number in the hundreds of thousands). "Use this data"
 * takes the accepted records with their column buffers transferred, not copied; the
 * rejected rows stay here for the CSV download until the job is released.
 * Main thread: src/io/importClient.ts.
 */
import * as Comlink from 'comlink';
import { incidentTransferables } from '../src/domain/incidents.ts';
import type { FilePreview, ImportOptions, ImportProgress, ImportResult } from '../src/io/import/index.ts';
import { decodeBytes, importStream, previewFile, rejectedToCsv } from '../src/io/import/index.ts';
import type { ImportSummary, ImportedData } from '../src/workspace/importMerge.ts';
import { summarizeImport } from '../src/workspace/importMerge.ts';
import type { WorkspaceFileContent } from '../src/workspace/codec.ts';
import { WORKSPACE_FILE_FORMAT, decodeWorkspaceFile } from '../src/workspace/codec.ts';
import { INCIDENT_COLUMN_NAMES } from '../src/domain/incidents.ts';

/** The options a user can set in the dialog (functions and Maps cannot cross to a worker). */
export type WorkerImportOptions = Pick<ImportOptions, 'kind' | 'format' | 'delimiter' | 'mapping' | 'valueMaps' | 'dateOrder' | 'decimalComma' | 'expectedBbox' | 'acledOutOfScope'>;

export interface PreviewInfo {
  preview: FilePreview;
  encoding: string;
  /** The file is a POC Threat Map workspace file, not data to import. */
  workspaceFile: boolean;
}

export interface ProgressInfo extends ImportProgress {
  totalBytes: number;
}

const PREVIEW_BYTES = 256 * 1024;
// 4 updates a second: enough to see it move; every repaint costs a frame of the (software-rendered, on some machines) map.
const PROGRESS_MS = 250;

const jobs = new Map<number, { ctrl: AbortController; result?: ImportResult; name: string; taken?: boolean }>();

/** How long the import may run before it lets queued messages (cancel, preview) through. */
const YIELD_MS = 50;

/**
 * A File as an async iterable of byte chunks (ReadableStream iteration is not in every
 * engine). A Blob already in memory answers read() through microtasks only, which would
 * starve this worker's message queue: a Cancel would wait for the whole file. So every
 * YIELD_MS the loop waits one macrotask.
 */
async function* chunks(file: Blob): AsyncGenerator<Uint8Array> {
  const reader = file.stream().getReader();
  let last = performance.now();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
      if (performance.now() - last > YIELD_MS) {
        await new Promise((r) => setTimeout(r, 0));
        last = performance.now();
      }
    }
  } finally {
    reader.releaseLock();
  }
}

const api = {
  async preview(file: File, opts: Pick<ImportOptions, 'kind' | 'format' | 'delimiter'> = {}): Promise<PreviewInfo> {
    let bytes = new Uint8Array(await file.slice(0, PREVIEW_BYTES).arrayBuffer());
    // Cut at the last line break so a multi-byte character is never split (it would look like Windows-1252).
    if (file.size > PREVIEW_BYTES) {
      const nl = bytes.lastIndexOf(0x0a);
      // UTF-16LE writes a line feed as 0A 00: keep the 00, or the last character is cut in half.
      const utf16le = bytes[0] === 0xff && bytes[1] === 0xfe;
      if (nl > 0) bytes = bytes.subarray(0, utf16le ? nl + 2 : nl + 1);
    }
    const { text, encoding } = decodeBytes(bytes);
    const head = text.slice(0, 400).replace(/\s+/g, '');
    const workspaceFile = head.includes(`"format":"${WORKSPACE_FILE_FORMAT}"`);
    return { preview: previewFile(text, opts), encoding, workspaceFile };
  },

  async run(jobId: number, file: File, opts: WorkerImportOptions, onProgress: (p: ProgressInfo) => void): Promise<ImportSummary> {
    const ctrl = new AbortController();
    jobs.set(jobId, { ctrl, name: file.name });
    const t0 = performance.now();
    let last = 0;
    try {
      const result = await importStream(() => chunks(file), {
        ...opts,
        totalBytes: file.size,
        progressEvery: 1000,
        signal: ctrl.signal,
        onProgress: (p) => {
          const now = performance.now();
          if (now - last < PROGRESS_MS) return;
          last = now;
          void onProgress({ ...p, totalBytes: file.size });
        },
      });
      const elapsed = performance.now() - t0;
      void onProgress({ bytesRead: file.size, totalBytes: file.size, records: result.records, accepted: result.accepted.length, rejected: result.rejected.length, elapsedMs: elapsed });
      const job = jobs.get(jobId);
      if (!job) throw new DOMException('import cancelled', 'AbortError');
      job.result = result;
      return summarizeImport(result, file, elapsed);
    } catch (e) {
      jobs.delete(jobId);
      throw e;
    }
  },

  cancel(jobId: number): void {
    jobs.get(jobId)?.ctrl.abort();
    jobs.delete(jobId);
  },

  /** The accepted records, buffers transferred. The job keeps its rejections (for the download). */
  take(jobId: number): ImportedData {
    const job = jobs.get(jobId);
    const r = job?.result;
    if (!job || !r || job.taken) throw new Error('this import is no longer available');
    // The buffers leave this worker: the job can serve the rejected rows, not the records, from now on.
    job.taken = true;
    let out: ImportedData;
    if (r.kind === 'incidents') {
      out = { kind: 'incidents', table: r.accepted, rejected: r.rejected };
      return Comlink.transfer(out, incidentTransferables(r.accepted));
    }
    out = r.kind === 'presences' ? { kind: 'presences', items: r.accepted } : r.kind === 'sites' ? { kind: 'sites', items: r.accepted } : { kind: 'aors', items: r.accepted };
    return out;
  },

  rejectedCsv(jobId: number): string {
    const r = jobs.get(jobId)?.result;
    if (!r) throw new Error('this import is no longer available');
    return rejectedToCsv(r.rejected, r.originalRows);
  },

  release(jobId: number): void {
    jobs.delete(jobId);
  },

  /** Parse, check and migrate a workspace file off the main thread; columns come back transferred. */
  async decodeWorkspace(file: File): Promise<WorkspaceFileContent> {
    const { doc, dataset } = decodeWorkspaceFile(await file.text());
    const content: WorkspaceFileContent = { doc, dataset };
    if (!dataset) return content;
    return Comlink.transfer(content, INCIDENT_COLUMN_NAMES.map((n) => dataset.incidents[n].buffer as ArrayBuffer));
  },
};

export type ImportWorkerApi = typeof api;

Comlink.expose(api);
