/**
 * The import pipeline: owns wiring text chunks → tokenizer (CSV or streaming GeoJSON) →
 * format detection → the format's mapper → the shared collector, and the entry points
 * the worker, tests and CLI call (createImporter, importText, importBytes, importStream).
 *
 * Streaming: text is consumed chunk by chunk; records are mapped as soon as they are
 * complete, progress is reported every `progressEvery` records, and importStream checks
 * an AbortSignal between chunks so the worker can cancel. Only small look-aheads are
 * buffered: 64 KiB of text to sniff the delimiter, and (generic CSV only) the first
 * 1,000 records to decide the date order and decimal comma before mapping them.
 */
import type { Incident } from '../../domain/incidents.ts';
import type { AreaOfResponsibility } from '../../domain/presence.ts';
import { acledMapper } from './acled.ts';
import { aorMapper } from './aors.ts';
import type { Mapper, RecordContext, SourceRow } from './collector.ts';
import { Collector } from './collector.ts';
import type { CsvRecord } from './csv.ts';
import { CsvTokenizer, isCommentRecord, sniffDelimiter } from './csv.ts';
import type { DetectedEncoding } from './decode.ts';
import { ChunkDecoder, NotUtf8Error, decodeBytes } from './decode.ts';
import type { Detected } from './detect.ts';
import { detectCsv, detectFeature } from './detect.ts';
import { gedMapper } from './ged.ts';
import { APP_CSV_MAPPING, genericMapper, guessMapping } from './generic.ts';
import { GeoJsonFeatureSplitter } from './geojsonStream.ts';
import { todayIso } from './incidentRow.ts';
import { presenceMapper } from './presences.ts';
import { siteMapper } from './sites.ts';
import { IncidentTableBuilder } from './tableBuilder.ts';
import type { ColumnMapping, ImportOptions, ImportProgress, ImportResult, ImportWarning, ImportedPresence, ImportedSite } from './types.ts';
import { ImportError } from './types.ts';
import type { DateOrder } from './values.ts';
import { Reject, hasNumericDayMonth, sniffDateOrder } from './values.ts';

const SNIFF_CHARS = 65536;
const SNIFF_RECORDS = 1000;
/** The perpetrator column is a Uint16 dictionary index. */
const MAX_PERPETRATORS = 0xffff;

export interface Importer {
  /** Feed the next piece of text; `bytes` is its size in the file (for progress), default its length. */
  push(chunk: string, bytes?: number): void;
  /** Finish: flush the last record and return the result. */
  end(): ImportResult;
  progress(): ImportProgress;
}

// ---------------------------------------------------------------------------------------
// Source rows

class CsvRow implements SourceRow {
  readonly issue?: CsvRecord['issue'];
  constructor(readonly line: number, private readonly fields: string[], private readonly index: Map<string, number>, private readonly header: string[], issue?: CsvRecord['issue']) {
    if (issue) this.issue = issue;
  }
  get(name: string): string {
    const i = this.index.get(name);
    return i === undefined ? '' : this.fields[i] ?? '';
  }
  has(name: string): boolean { return this.index.has(name); }
  names(): string[] { return this.header; }
  cells(): string[] { return this.fields; }
}

function propText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

class FeatureRow implements SourceRow {
  constructor(readonly line: number, private readonly props: Record<string, unknown>, readonly geometry: GeoJSON.Geometry | null, private readonly fid: unknown) {}
  get(name: string): string {
    const v = this.props[name];
    // A Feature's own "id" member stands in for a missing id property.
    if ((v === undefined || v === null) && name === 'id') return propText(this.fid);
    return propText(v);
  }
  raw(name: string): unknown { return this.props[name]; }
  has(name: string): boolean { return name in this.props; }
  names(): string[] { return Object.keys(this.props); }
  cells(): string[] { return Object.values(this.props).map(propText); }
}

/** A row that could not even be read (bad JSON, not a Feature): only its text is known. */
function brokenRow(line: number, text: string): SourceRow {
  return { line, get: () => '', has: () => false, names: () => [], cells: () => [text.length > 500 ? `${text.slice(0, 500)}…` : text] };
}

// ---------------------------------------------------------------------------------------
// Sinks: one collector + mapper per kind, and how to build the result

interface Sink {
  collector: Collector<unknown>;
  add(row: SourceRow): void;
  finish(base: { encoding: DetectedEncoding }): ImportResult;
}

function incidentFinalCheck(): (t: Incident, ctx: RecordContext) => Reject | void {
  const names = new Set<string>();
  return (t, ctx) => {
    if (names.has(t.perpetrator)) return;
    if (names.size >= MAX_PERPETRATORS) {
      ctx.warn('perpetrator', t.perpetrator, 'more than 65,535 distinct perpetrator names: name moved to the description');
      t.description = `Perpetrator: ${t.perpetrator}. ${t.description}`;
      t.perpetrator = '';
      return;
    }
    names.add(t.perpetrator);
  };
}

function makeSink(d: Detected, o: ResolvedOptions, mapping: ColumnMapping | null, dateOrder: DateOrder, decimalComma: boolean): Sink {
  const copts = { keepRejectedRows: o.keepRejectedRows, progressEvery: o.progressEvery, ...(o.onProgress ? { onProgress: o.onProgress } : {}), ...(o.totalBytes !== undefined ? { totalBytes: o.totalBytes } : {}) };
  const bbox = o.expectedBbox ? { expectedBbox: o.expectedBbox } : {};
  if (d.kind === 'incidents') {
    let mapper: Mapper<Incident>;
    let idField = 'id';
    switch (d.format) {
      case 'acled-current': case 'acled-legacy': case 'acled-hdx':
        mapper = acledMapper({ acledOutOfScope: o.acledOutOfScope, datasetReliability: o.datasetReliability, today: o.today, ...bbox });
        idField = 'event_id_cnty';
        break;
      case 'ged-csv': case 'ged-geojson':
        mapper = gedMapper({ datasetReliability: o.datasetReliability, today: o.today, ...bbox, ...(o.actorTypes ? { actorTypes: o.actorTypes } : {}) });
        break;
      default: {
        const m = mapping ?? APP_CSV_MAPPING;
        mapper = genericMapper({ mapping: m, dateOrder, decimalComma, today: o.today, ...bbox, ...(o.valueMaps ? { valueMaps: o.valueMaps } : {}) });
        idField = m.id ?? 'id';
      }
    }
    const table = new IncidentTableBuilder();
    const c = new Collector<Incident>((t) => t.id, idField, copts, (t) => table.push(t));
    const check = incidentFinalCheck();
    return {
      collector: c as Collector<unknown>,
      add: (row) => c.add(row, mapper, check),
      finish: ({ encoding }) => ({ kind: 'incidents', format: d.format, encoding, records: c.records, accepted: table.finish(), rejected: c.rejected, warnings: c.warnings, ...(c.original ? { originalRows: c.original } : {}) }),
    };
  }
  if (d.kind === 'presences') {
    const mapper = presenceMapper(d.format as Parameters<typeof presenceMapper>[0], { decimalComma, ...bbox });
    const c = new Collector<ImportedPresence>((t) => t.id, 'id', copts);
    return {
      collector: c as Collector<unknown>,
      add: (row) => c.add(row, mapper),
      finish: ({ encoding }) => ({ kind: 'presences', format: d.format, encoding, records: c.records, accepted: c.accepted, rejected: c.rejected, warnings: c.warnings, ...(c.original ? { originalRows: c.original } : {}) }),
    };
  }
  if (d.kind === 'sites') {
    const mapper = siteMapper(d.format as Parameters<typeof siteMapper>[0], { decimalComma, ...bbox });
    const c = new Collector<ImportedSite>((t) => t.id, d.format === 'unhcr-sites' ? 'pcode' : 'id', copts);
    return {
      collector: c as Collector<unknown>,
      add: (row) => c.add(row, mapper),
      finish: ({ encoding }) => ({ kind: 'sites', format: d.format, encoding, records: c.records, accepted: c.accepted, rejected: c.rejected, warnings: c.warnings, ...(c.original ? { originalRows: c.original } : {}) }),
    };
  }
  const c = new Collector<AreaOfResponsibility>((t) => t.id, 'id', copts);
  return {
    collector: c as Collector<unknown>,
    add: (row) => c.add(row, aorMapper),
    finish: ({ encoding }) => ({ kind: 'aors', format: d.format, encoding, records: c.records, accepted: c.accepted, rejected: c.rejected, warnings: c.warnings, ...(c.original ? { originalRows: c.original } : {}) }),
  };
}

// ---------------------------------------------------------------------------------------

interface ResolvedOptions extends ImportOptions {
  acledOutOfScope: 'reject' | 'other';
  datasetReliability: NonNullable<ImportOptions['datasetReliability']>;
  keepRejectedRows: boolean;
  progressEvery: number;
  today: string;
}

function resolve(opts: ImportOptions): ResolvedOptions {
  return {
    ...opts,
    acledOutOfScope: opts.acledOutOfScope ?? 'reject',
    datasetReliability: opts.datasetReliability ?? 'F',
    keepRejectedRows: opts.keepRejectedRows ?? true,
    progressEvery: opts.progressEvery ?? 10_000,
    today: opts.today ?? todayIso(),
  };
}

const HXL = /^#[a-z]/i;
const DECIMAL_COMMA_CELL = /^\s*[+-]?\d+,\d+\s*$/;

/** File-level notes that apply to every record of a layout. */
function layoutWarnings(d: Detected, w: (field: string, message: string) => void): void {
  if (d.format === 'unhcr-sites') w('population', 'the UNHCR site list has no population figures: population set to 0');
  if (d.format === 'geopko-tcc') w('No.TCC', 'TCCMap has contributing countries, not personnel: strength set to 0');
  if (d.format === 'radpko') w('untrp', 'RADPKO personnel are yearly means of monthly figures: strength is their rounded sum (untrp + unpol + unmob)');
}

export function createImporter(options: ImportOptions = {}, encoding: DetectedEncoding = 'utf-8'): Importer {
  const o = resolve(options);
  let mode: 'undecided' | 'csv' | 'json' = 'undecided';
  let head = '';
  let bytesRead = 0;
  let sink: Sink | null = null;
  const t0 = Date.now();

  // ---- CSV state
  let tokenizer: CsvTokenizer | null = null;
  let header: string[] | null = null;
  let index = new Map<string, number>();
  let detected: Detected | null = null;
  let recordNo = 0;
  let pendingGeneric: CsvRecord[] | null = null; // generic CSV: records held back while sniffing
  const headerWarnings: ImportWarning[] = [];
  let delimiterUsed = ',';

  const csvRow = (r: CsvRecord): SourceRow => new CsvRow(r.line, r.fields, index, header!, r.issue);

  const feedCsvRecord = (r: CsvRecord): void => {
    const s = sink!;
    const width = header!.length;
    if (r.fields.length !== width) {
      const extraEmpty = r.fields.length > width && r.fields.slice(width).every((f) => f.trim() === '');
      if (!extraEmpty) {
        s.collector.reject(csvRow(r), '*', String(r.fields.length),
          `record has ${r.fields.length} cells but the header has ${width} (an unquoted delimiter or line break?)`);
        return;
      }
    }
    s.add(csvRow(r));
  };

  const startGenericSink = (records: CsvRecord[]): void => {
    const h = header!;
    let mapping: ColumnMapping;
    if (detected!.format === 'app-csv') mapping = APP_CSV_MAPPING;
    else if (o.mapping) {
      const missing = Object.values(o.mapping).filter((c): c is string => typeof c === 'string' && !index.has(c));
      if (missing.length) throw new ImportError(`mapping names columns the file does not have: ${missing.join(', ')}`);
      mapping = o.mapping;
    } else {
      const g = guessMapping(h);
      if (g.missing.length) throw new ImportError(`no column recognised for ${g.missing.join(', ')}; supply a column mapping`);
      mapping = g.mapping as ColumnMapping;
    }
    const di = index.get(mapping.date);
    const dates = di === undefined ? [] : records.map((r) => r.fields[di] ?? '');
    let dateOrder: DateOrder = o.dateOrder ?? 'dmy';
    if (!o.dateOrder && hasNumericDayMonth(dates)) {
      const s = sniffDateOrder(dates);
      const line = records[0]?.line ?? 2;
      if (s === 'dmy' || s === 'mdy') dateOrder = s;
      else if (s === 'ambiguous') headerWarnings.push({ line, field: mapping.date, value: '', message: `no date in the first ${records.length} records tells day from month: nn/nn/yyyy read as DD/MM/YYYY` });
      else headerWarnings.push({ line, field: mapping.date, value: '', message: 'dates mix DD/MM and MM/DD: read as DD/MM/YYYY; dates impossible in that order are rejected' });
    }
    let decimalComma = o.decimalComma ?? false;
    const delim = o.delimiter ?? delimiterUsed;
    if (o.decimalComma === undefined && delim !== ',') {
      const li = index.get(mapping.lat), lo = index.get(mapping.lon);
      decimalComma = records.some((r) => DECIMAL_COMMA_CELL.test(r.fields[li ?? -1] ?? '') || DECIMAL_COMMA_CELL.test(r.fields[lo ?? -1] ?? ''));
    } else if (delim === ',') decimalComma = false;
    sink = makeSink(detected!, o, mapping, dateOrder, decimalComma);
    sink.collector.setHeader(h);
    for (const w of headerWarnings) sink.collector.fileWarning(w.line, w.field, w.value, w.message);
    headerWarnings.length = 0;
    pendingGeneric = null;
    for (const r of records) feedCsvRecord(r);
  };

  const onCsvRecord = (r: CsvRecord): void => {
    if (!header) {
      // Comment lines before the header (our own exports' provenance, other tools' notes): not records.
      if (isCommentRecord(r.fields)) {
        headerWarnings.push({ line: r.line, field: '*', value: '', message: 'comment line before the header skipped (not a record)' });
        return;
      }
      header = r.fields.map((f) => f.replace(/^\uFEFF/, ''));
      index = new Map();
      header.forEach((name, i) => {
        const key = name.trim();
        if (index.has(key)) headerWarnings.push({ line: r.line, field: key, value: '', message: `duplicate column name "${key}": the first one is used` });
        else index.set(key, i);
        if (name !== key && !index.has(name)) index.set(name, i);
      });
      detected = detectCsv(header.map((h) => h.trim()), o.kind, o.format, o.mapping !== undefined);
      if (detected.format === 'generic-csv' || detected.format === 'app-csv') {
        pendingGeneric = [];
      } else {
        sink = makeSink(detected, o, null, o.dateOrder ?? 'dmy', false);
        sink.collector.setHeader(header);
        for (const w of headerWarnings) sink.collector.fileWarning(w.line, w.field, w.value, w.message);
        headerWarnings.length = 0;
      }
      layoutWarnings(detected, (field, message) => {
        const w = { line: r.line, field, value: '', message };
        if (sink) sink.collector.fileWarning(w.line, w.field, w.value, w.message); else headerWarnings.push(w);
      });
      return;
    }
    recordNo++;
    // HDX exports put an HXL hashtag row (#date, #geo+lat…) under the header: not a record.
    if (recordNo === 1) {
      const nonEmpty = r.fields.filter((f) => f.trim() !== '');
      if (nonEmpty.length > 0 && nonEmpty.every((f) => HXL.test(f.trim()))) {
        const w = { line: r.line, field: '*', value: '', message: 'HXL hashtag row skipped (not a record)' };
        if (sink) sink.collector.fileWarning(w.line, w.field, w.value, w.message); else headerWarnings.push(w);
        return;
      }
    }
    if (pendingGeneric) {
      pendingGeneric.push(r);
      if (pendingGeneric.length >= SNIFF_RECORDS) startGenericSink(pendingGeneric);
      return;
    }
    feedCsvRecord(r);
  };

  // ---- JSON state
  let splitter: GeoJsonFeatureSplitter | null = null;
  let jsonQueue: { line: number; text: string; feature: GeoJSON.Feature | null; error: string }[] | null = [];

  const featureFromText = (text: string): { feature: GeoJSON.Feature | null; error: string } => {
    let v: unknown;
    try { v = JSON.parse(text); } catch (e) { return { feature: null, error: `not valid JSON (${e instanceof Error ? e.message : 'parse error'})` }; }
    if (!v || typeof v !== 'object' || Array.isArray(v)) return { feature: null, error: 'not a GeoJSON Feature object' };
    const obj = v as Record<string, unknown>;
    if (obj.type === 'Feature') {
      const props = obj.properties;
      if (props !== null && props !== undefined && (typeof props !== 'object' || Array.isArray(props))) return { feature: null, error: 'Feature properties is not an object' };
      return { feature: obj as unknown as GeoJSON.Feature, error: '' };
    }
    // A bare geometry (single-geometry file): wrap it.
    if (typeof obj.type === 'string' && 'coordinates' in obj) return { feature: { type: 'Feature', properties: {}, geometry: obj as unknown as GeoJSON.Geometry }, error: '' };
    return { feature: null, error: `not a GeoJSON Feature (type ${JSON.stringify(obj.type ?? null)})` };
  };

  const feedFeature = (line: number, text: string, feature: GeoJSON.Feature | null, error: string): void => {
    const s = sink!;
    if (!feature) { s.collector.reject(brokenRow(line, text), '*', text.slice(0, 80), error); return; }
    const props = (feature.properties ?? {}) as Record<string, unknown>;
    s.add(new FeatureRow(line, props, feature.geometry ?? null, feature.id));
  };

  const startJsonSink = (first: GeoJSON.Feature | null): void => {
    detected = first
      ? detectFeature({ properties: (first.properties ?? {}) as Record<string, unknown>, geometry: first.geometry ?? null }, o.kind, o.format)
      : { kind: o.kind ?? 'incidents', format: o.kind === 'aors' ? 'aor-geojson' : o.kind === 'presences' ? 'presence-geojson' : o.kind === 'sites' ? 'site-geojson' : 'incident-geojson' };
    let mapping: ColumnMapping | null = null;
    if (detected.format === 'incident-geojson') {
      const keys = Object.keys((first?.properties ?? {}) as Record<string, unknown>);
      if (o.mapping) mapping = { ...o.mapping };
      else {
        const g = guessMapping(keys);
        // Coordinates come from the geometry; only the date must be found among the properties.
        if (first && !g.mapping.date) throw new ImportError('no date property recognised in the first feature; supply a mapping');
        // Features need not all carry the same properties: app property names fill the gaps.
        mapping = { ...APP_CSV_MAPPING, ...(g.mapping as ColumnMapping), date: g.mapping.date ?? 'date', lon: 'longitude', lat: 'latitude' };
      }
    }
    sink = makeSink(detected, o, mapping, o.dateOrder ?? 'dmy', false);
    sink.collector.setHeader(first ? Object.keys((first.properties ?? {}) as Record<string, unknown>) : []);
  };

  const onElement = (e: { text: string; line: number }): void => {
    const { feature, error } = featureFromText(e.text);
    if (jsonQueue) {
      jsonQueue.push({ line: e.line, text: e.text, feature, error });
      if (!feature) return;
      startJsonSink(feature);
      const q = jsonQueue;
      jsonQueue = null;
      for (const x of q) feedFeature(x.line, x.text, x.feature, x.error);
      return;
    }
    feedFeature(e.line, e.text, feature, error);
  };

  // ---- driving
  const startMode = (text: string, final: boolean): boolean => {
    const t = text.replace(/^\uFEFF/, '');
    const m = /\S/.exec(t);
    if (!m) return false; // only whitespace so far
    if (m[0] === '{' || m[0] === '[') {
      if (o.format && o.format !== 'geojson' && o.format !== 'ged') throw new ImportError(`--format ${o.format} given, but the file is JSON`);
      mode = 'json';
      splitter = new GeoJsonFeatureSplitter(onElement);
      return true;
    }
    if (!final && text.length < SNIFF_CHARS && !o.delimiter) return false; // wait for enough text to sniff the delimiter
    mode = 'csv';
    delimiterUsed = o.delimiter ?? sniffDelimiter(t.slice(0, SNIFF_CHARS));
    tokenizer = new CsvTokenizer({ delimiter: delimiterUsed, onRecord: onCsvRecord });
    return true;
  };

  const feed = (text: string): void => {
    if (mode === 'csv') tokenizer!.push(text);
    else splitter!.push(text);
  };

  const setBytes = (): void => { if (sink) sink.collector.bytesRead = bytesRead; };

  return {
    push(chunk, bytes) {
      bytesRead += bytes ?? chunk.length;
      if (mode === 'undecided') {
        head += chunk;
        if (!startMode(head, false)) return;
        const h = head;
        head = '';
        feed(h);
      } else feed(chunk);
      setBytes();
    },
    end() {
      if (mode === 'undecided') {
        if (!startMode(head, true)) {
          // Empty or blank file: nothing to import.
          detected = { kind: o.kind ?? 'incidents', format: o.format === 'geojson' ? 'incident-geojson' : 'generic-csv' };
          sink = makeSink(detected, o, APP_CSV_MAPPING, 'dmy', false);
          return sink.finish({ encoding });
        }
        feed(head);
        head = '';
      }
      if (mode === 'csv') {
        tokenizer!.end();
        if (!header) throw new ImportError('the file has no header row');
        if (pendingGeneric) startGenericSink(pendingGeneric);
        if (!sink) throw new ImportError('the file has no header row');
      } else {
        const tail = splitter!.end();
        if (jsonQueue) {
          startJsonSink(null);
          const q = jsonQueue;
          jsonQueue = null;
          for (const x of q) feedFeature(x.line, x.text, x.feature, x.error);
        }
        if (tail.truncated) sink!.collector.fileWarning(1, '*', '', 'the file ends inside the features array (truncated?): the last feature is rejected if incomplete');
        const crs = tail.top?.crs as { properties?: { name?: unknown } } | undefined;
        const crsName = typeof crs?.properties?.name === 'string' ? crs.properties.name : '';
        if (crsName && !/CRS84|EPSG:?:?4326|WGS ?84/i.test(crsName)) {
          sink!.collector.fileWarning(1, 'crs', crsName, 'the file declares a CRS other than WGS84 lon/lat: coordinates are read as lon/lat anyway (RFC 7946)');
        }
      }
      setBytes();
      const res = sink!.finish({ encoding });
      o.onProgress?.(sink!.collector.progress());
      res.warnings.sort((a, b) => a.line - b.line);
      return res;
    },
    progress() {
      if (sink) return sink.collector.progress();
      return { bytesRead, records: 0, accepted: 0, rejected: 0, elapsedMs: Date.now() - t0, ...(o.totalBytes !== undefined ? { totalBytes: o.totalBytes } : {}) };
    },
  };
}

/** Import a whole string (fed in 1 MiB slices, so progress callbacks still fire). */
export function importText(text: string, opts: ImportOptions = {}, encoding: DetectedEncoding = 'utf-8'): ImportResult {
  const imp = createImporter({ totalBytes: text.length, ...opts }, encoding);
  const STEP = 1 << 20;
  for (let i = 0; i < text.length; i += STEP) imp.push(text.slice(i, i + STEP));
  return imp.end();
}

/** Import raw file bytes: detect the encoding, decode, import. */
export function importBytes(bytes: Uint8Array, opts: ImportOptions = {}): ImportResult {
  const { text, encoding } = decodeBytes(bytes);
  return importText(text, { totalBytes: bytes.length, ...opts }, encoding);
}

function abortError(): Error {
  return typeof DOMException !== 'undefined' ? new DOMException('import cancelled', 'AbortError') : Object.assign(new Error('import cancelled'), { name: 'AbortError' });
}

/**
 * Import a byte stream (worker: `() => file.stream()`; node: `() => createReadStream(path)`).
 * `open` is a factory because a stream that turns out not to be UTF-8 after its first
 * chunk is read again from the start as Windows-1252 (the result says which).
 */
export async function importStream(
  open: () => AsyncIterable<Uint8Array>, opts: ImportOptions & { signal?: AbortSignal; encoding?: DetectedEncoding } = {},
): Promise<ImportResult> {
  const { signal, encoding: forced, ...rest } = opts;
  let encoding: DetectedEncoding | undefined = forced;
  for (;;) {
    let imp: Importer | null = null;
    let dec: ChunkDecoder | null = null;
    try {
      for await (const chunk of open()) {
        if (signal?.aborted) throw abortError();
        if (!dec) {
          encoding ??= ChunkDecoder.guess(chunk);
          dec = new ChunkDecoder(encoding);
          imp = createImporter(rest, encoding);
        }
        imp!.push(dec.decode(chunk), chunk.length);
      }
      if (!dec) { dec = new ChunkDecoder(encoding ?? 'utf-8'); imp = createImporter(rest, dec.encoding); }
      const tail = dec.decode(new Uint8Array(0), true);
      if (tail) imp!.push(tail, 0);
      if (signal?.aborted) throw abortError();
      return imp!.end();
    } catch (e) {
      if (e instanceof NotUtf8Error && encoding !== 'windows-1252') { encoding = 'windows-1252'; continue; }
      throw e;
    }
  }
}

/** Group warnings by field and message (the UI shows "312 × perpetrator type unknown"). */
export function summarizeWarnings(warnings: readonly ImportWarning[]): { field: string; message: string; count: number; firstLine: number }[] {
  const m = new Map<string, { field: string; message: string; count: number; firstLine: number }>();
  for (const w of warnings) {
    const k = `${w.field}\u0000${w.message}`;
    const e = m.get(k);
    if (e) e.count++; else m.set(k, { field: w.field, message: w.message, count: 1, firstLine: w.line });
  }
  return [...m.values()].sort((a, b) => b.count - a.count);
}
