/**
 * Record bookkeeping shared by every importer: owns the accepted / rejected / warnings
 * lists, duplicate ids, the records = accepted + rejected invariant and progress.
 *
 * A format's mapper turns one source row into an item or a Reject; the collector does
 * the checks common to all formats (missing id, duplicate id: the first *accepted*
 * record keeps the id, later ones are rejected) and keeps a record's warnings only if
 * the record is accepted (warnings about a rejected row would be noise).
 */
import type { CsvIssue } from './csv.ts';
import type { ImportProgress, ImportWarning, OriginalRows, RejectedRecord } from './types.ts';
import { Reject } from './values.ts';

/** One record as the mappers see it, whatever the file format. */
export interface SourceRow {
  line: number;
  /** Cell text by column / property name ('' when absent or null). */
  get(name: string): string;
  has(name: string): boolean;
  /** Column names (CSV header) or property keys (GeoJSON feature). */
  names(): string[];
  /** The Feature's geometry when the row came from GeoJSON. */
  geometry?: GeoJSON.Geometry | null;
  /** Raw property value (GeoJSON), to keep numbers as numbers. */
  raw?(name: string): unknown;
  issue?: CsvIssue;
  /** Original cells, in `header` order, for the rejected-rows download. */
  cells(): string[];
}

export interface RecordContext {
  line: number;
  warn(field: string, value: string, message: string): void;
}

export type Mapper<T> = (row: SourceRow, ctx: RecordContext) => T | Reject;

const ISSUE_TEXT: Record<CsvIssue, string> = {
  'stray-quote': 'a quote inside an unquoted cell was kept as a literal character',
  'text-after-quote': 'text after a closing quote was appended to the cell',
  'unterminated-quote': 'a quote was never closed; it was read as a literal character',
};

export interface CollectorOptions {
  keepRejectedRows: boolean;
  onProgress?: (p: ImportProgress) => void;
  progressEvery: number;
  totalBytes?: number;
}

export class Collector<T> {
  records = 0;
  /** Accepted items (empty when a `store` callback takes them instead). */
  readonly accepted: T[] = [];
  acceptedCount = 0;
  readonly rejected: RejectedRecord[] = [];
  readonly warnings: ImportWarning[] = [];
  readonly original: OriginalRows | undefined;
  bytesRead = 0;
  private readonly ids = new Set<string>();
  private readonly t0 = Date.now();
  private pending: ImportWarning[] = [];
  private readonly ctx: RecordContext;

  constructor(
    private readonly idOf: (t: T) => string,
    private readonly idField: string,
    private readonly opts: CollectorOptions,
    /** Where accepted items go (e.g. straight into a columnar table); default: the `accepted` array. */
    private readonly store?: (t: T) => void,
  ) {
    this.original = opts.keepRejectedRows ? { header: [], rows: new Map() } : undefined;
    const ctx: RecordContext = {
      line: 0,
      warn: (field, value, message) => { this.pending.push({ line: ctx.line, field, value, message }); },
    };
    this.ctx = ctx;
  }

  setHeader(header: string[]): void {
    if (this.original) this.original.header = header;
  }

  /** A warning about the whole file (layout, assumptions), reported at `line`. */
  fileWarning(line: number, field: string, value: string, message: string): void {
    this.warnings.push({ line, field, value, message });
  }

  add(row: SourceRow, map: Mapper<T>, finalCheck?: (t: T, ctx: RecordContext) => Reject | void): void {
    this.records++;
    if (this.pending.length) this.pending.length = 0;
    this.ctx.line = row.line;
    let out: T | Reject;
    try {
      out = map(row, this.ctx);
      if (!(out instanceof Reject)) {
        const id = this.idOf(out);
        if (id.trim() === '') out = new Reject(this.idField, id, 'missing id');
        else if (this.ids.has(id)) out = new Reject(this.idField, id, 'duplicate id (the first accepted record with this id was kept)');
        else out = finalCheck?.(out, this.ctx) ?? out;
      }
    } catch (e) {
      // A mapper bug must not lose the record: it is rejected with the error text.
      out = new Reject('*', '', `could not be read: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (out instanceof Reject) {
      this.rejected.push({ line: row.line, field: out.field, value: out.value, reason: out.reason });
      this.original?.rows.set(row.line, row.cells());
    } else {
      this.ids.add(this.idOf(out));
      if (this.store) this.store(out); else this.accepted.push(out);
      this.acceptedCount++;
      if (row.issue) this.warnings.push({ line: row.line, field: '*', value: '', message: ISSUE_TEXT[row.issue] });
      for (const w of this.pending) this.warnings.push(w);
    }
    if (this.opts.onProgress && this.records % this.opts.progressEvery === 0) this.opts.onProgress(this.progress());
  }

  /** Reject a record before mapping (e.g. wrong number of cells). */
  reject(row: SourceRow, field: string, value: string, reason: string): void {
    this.records++;
    this.rejected.push({ line: row.line, field, value, reason });
    this.original?.rows.set(row.line, row.cells());
  }

  progress(): ImportProgress {
    const p: ImportProgress = {
      bytesRead: this.bytesRead, records: this.records, accepted: this.acceptedCount,
      rejected: this.rejected.length, elapsedMs: Date.now() - this.t0,
    };
    if (this.opts.totalBytes !== undefined) p.totalBytes = this.opts.totalBytes;
    return p;
  }
}
