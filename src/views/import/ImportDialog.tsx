/**
 * The import dialog: choose a file (picker or drop), confirm what it is (kind and
 * format, detected and overridable; for generic CSV a column mapping with a preview of
 * the first rows), watch the worker import it (progress, rows/s, MB/s, Cancel), then
 * read the summary (counts, warnings by kind, first rejected rows, download of all
 * rejected rows) and decide: "Use this data" or discard.
 * Everything from the file is shown as React text, never as HTML.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ColumnMapping, FormatFamily, ImportKind, MappedField } from '../../io/import/index.ts';
import type { ImportJob, PreviewInfo, ProgressInfo, WorkerImportOptions } from '../../io/importClient.ts';
import { CancelledError, importClient } from '../../io/importClient.ts';
import { useStore } from '../../state/store.ts';
import type { ImportSummary, MergeMode } from '../../workspace/importMerge.ts';
import { FORMAT_LABELS, KIND_LABELS } from '../../workspace/importMerge.ts';
import { adoptImport, deleteMapping, importWorkspaceFile, saveMapping, useWorkspace } from '../../workspace/session.ts';
import { Modal, downloadText, fmtBytes, nf } from './ui.tsx';

const KINDS: ImportKind[] = ['incidents', 'presences', 'sites', 'aors'];
const FAMILIES: { id: FormatFamily; label: string }[] = [
  { id: 'acled', label: 'ACLED' }, { id: 'ged', label: 'UCDP GED' }, { id: 'generic', label: 'Generic CSV/TSV (column mapping)' }, { id: 'geojson', label: 'GeoJSON' },
];

/** The mapping form: required fields first, then the optional ones in the order analysts fill them. */
const FIELDS: { field: MappedField; label: string; required?: boolean }[] = [
  { field: 'date', label: 'Date', required: true },
  { field: 'lat', label: 'Latitude', required: true },
  { field: 'lon', label: 'Longitude', required: true },
  { field: 'id', label: 'Incident id' },
  { field: 'threatType', label: 'Threat / incident type' },
  { field: 'perpetrator', label: 'Perpetrator (name)' },
  { field: 'perpetratorType', label: 'Perpetrator type' },
  { field: 'fatalities', label: 'Civilians killed' },
  { field: 'injured', label: 'Civilians injured' },
  { field: 'victimsWomen', label: 'Victims: women' },
  { field: 'victimsMen', label: 'Victims: men' },
  { field: 'victimsGirls', label: 'Victims: girls' },
  { field: 'victimsBoys', label: 'Victims: boys' },
  { field: 'victimsUnknown', label: 'Victims: sex/age unknown' },
  { field: 'datePrecision', label: 'Date precision' },
  { field: 'locationPrecision', label: 'Location precision' },
  { field: 'sourceType', label: 'Source type' },
  { field: 'sourceReliability', label: 'Source reliability' },
  { field: 'description', label: 'Description' },
];

type Step =
  | { step: 'choose' }
  | { step: 'setup'; file: File }
  | { step: 'running'; file: File; job: ImportJob; progress: ProgressInfo | null }
  | { step: 'summary'; file: File; jobId: number; summary: ImportSummary }
  | { step: 'error'; file: File | null; message: string };

export interface ImportDialogProps {
  file: File | null;
  onClose(): void;
}

export function ImportDialog({ file, onClose }: ImportDialogProps): React.JSX.Element {
  const [state, setState] = useState<Step>(file ? { step: 'setup', file } : { step: 'choose' });
  const jobRef = useRef<number | null>(null);

  // A new drop while the dialog is open replaces the file (not while an import runs).
  useEffect(() => {
    if (file) setState((s) => (s.step === 'running' ? s : { step: 'setup', file }));
  }, [file]);
  // Let the worker forget a result the user walked away from.
  useEffect(() => () => { if (jobRef.current !== null) importClient.release(jobRef.current); }, []);

  const start = (f: File, opts: WorkerImportOptions): void => {
    const job = importClient.run(f, opts, (p) => setState((s) => (s.step === 'running' && s.job === job ? { ...s, progress: p } : s)));
    setState({ step: 'running', file: f, job, progress: null });
    job.done.then(
      (summary) => { jobRef.current = job.id; setState({ step: 'summary', file: f, jobId: job.id, summary }); },
      (e: unknown) => {
        if (e instanceof CancelledError) setState({ step: 'setup', file: f });
        else setState({ step: 'error', file: f, message: e instanceof Error ? e.message : String(e) });
      },
    );
  };

  const running = state.step === 'running';
  return (
    <Modal title="Import data" onClose={() => { if (running) state.job.cancel(); onClose(); }} testid="import-dialog" wide locked={running}>
      {state.step === 'choose' && <ChooseFile onFile={(f) => setState({ step: 'setup', file: f })} />}
      {state.step === 'setup' && <Setup key={`${state.file.name}:${state.file.size}:${state.file.lastModified}`} file={state.file} onStart={(o) => start(state.file, o)} onOther={() => setState({ step: 'choose' })} onClose={onClose} />}
      {state.step === 'running' && <Progress file={state.file} progress={state.progress} onCancel={() => state.job.cancel()} />}
      {state.step === 'summary' && <Summary summary={state.summary} jobId={state.jobId} onDone={onClose} onDiscard={onClose} />}
      {state.step === 'error' && (
        <div className="dm-error" role="alert" data-testid="import-error">
          <p><strong>The file could not be imported.</strong> Nothing was changed.</p>
          <p className="dm-mono">{state.message}</p>
          <div className="dm-actions">
            {state.file && <button type="button" onClick={() => setState({ step: 'setup', file: state.file! })}>Back</button>}
            <button type="button" onClick={() => setState({ step: 'choose' })}>Choose another file</button>
          </div>
        </div>
      )}
    </Modal>
  );
}

function ChooseFile({ onFile }: { onFile(f: File): void }): React.JSX.Element {
  return (
    <div className="dm-choose">
      <label className="dm-file-pick">
        <span>Choose a file…</span>
        <input type="file" accept=".csv,.tsv,.txt,.json,.geojson" data-testid="import-file-input" onChange={(e) => { const f = e.target.files?.[0]; if (f) onFile(f); }} />
      </label>
      <p className="dm-note">or drop it anywhere on the window. ACLED (current, legacy, HDX), UCDP GED (CSV, GeoJSON), generic CSV/TSV with a column mapping, GeoJSON points; presences (RADPKO, Geo-PKO, CSV, GeoJSON), displacement sites (UNHCR, CSV, GeoJSON), areas of responsibility (GeoJSON polygons).</p>
      <p className="dm-note">The file is read on this computer only; nothing is uploaded.</p>
    </div>
  );
}

// ---------------------------------------------------------------------------------------
// Setup: kind, format, mapping

function Setup({ file, onStart, onOther, onClose }: { file: File; onStart(o: WorkerImportOptions): void; onOther(): void; onClose(): void }): React.JSX.Element {
  const [kind, setKind] = useState<ImportKind | 'auto'>('auto');
  const [family, setFamily] = useState<FormatFamily | 'auto'>('auto');
  const [info, setInfo] = useState<PreviewInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<Partial<ColumnMapping>>({});
  const [dateOrder, setDateOrder] = useState<'auto' | 'dmy' | 'mdy'>('auto');
  const [mappingName, setMappingName] = useState('');
  const [wsError, setWsError] = useState<string | null>(null);
  const [outOfScope, setOutOfScope] = useState<'reject' | 'other'>('reject');
  const ws = useWorkspace();

  useEffect(() => {
    let live = true;
    setError(null);
    importClient.preview(file, { ...(kind !== 'auto' ? { kind } : {}), ...(family !== 'auto' ? { format: family } : {}) }).then(
      (i) => {
        if (!live) return;
        setInfo(i);
        const header = i.preview.header ?? [];
        const saved = ws.mappings.find((m) => sameHeader(m.header, header));
        setMapping(saved ? { ...saved.mapping } : { ...(i.preview.mapping?.mapping ?? {}) });
        if (saved) setMappingName(saved.name);
      },
      (e: unknown) => { if (live) setError(e instanceof Error ? e.message : String(e)); },
    );
    return () => { live = false; };
    // Saved mappings are read when the preview arrives; a later save must not reset the form.
  }, [file, kind, family]);

  if (error) return <div className="dm-error" role="alert">Could not read the file: {error}</div>;
  if (!info) return <p className="dm-note">Reading the start of {file.name}…</p>;

  const p = info.preview;
  const header = p.header ?? [];
  const detected = p.detected;
  const csv = p.syntax === 'csv';
  const showMapping = csv && (kind === 'auto' || kind === 'incidents') && (family === 'generic' || (family === 'auto' && (!detected || detected.format === 'generic-csv')));
  const missing = (['date', 'lat', 'lon'] as const).filter((f) => !mapping[f]);
  const acled = family === 'acled' || (family === 'auto' && !!detected?.format.startsWith('acled'));
  const canImport = !info.workspaceFile && (!showMapping || missing.length === 0) && p.syntax !== 'empty';

  const options = (): WorkerImportOptions => {
    const o: WorkerImportOptions = {};
    if (kind !== 'auto') o.kind = kind;
    if (showMapping) {
      o.format = 'generic';
      o.kind = 'incidents';
      o.mapping = Object.fromEntries(Object.entries(mapping).filter(([, v]) => v)) as unknown as ColumnMapping;
      if (dateOrder !== 'auto') o.dateOrder = dateOrder;
    } else if (family !== 'auto') o.format = family;
    if (acled && !showMapping) o.acledOutOfScope = outOfScope;
    return o;
  };

  if (info.workspaceFile) {
    return (
      <div data-testid="import-workspace-file">
        <p><strong>{file.name}</strong> is a POC Threat Map workspace file, not data to import.</p>
        {wsError && <p className="dm-error" role="alert">Could not open it: {wsError}</p>}
        <div className="dm-actions">
          <button
            type="button"
            className="primary"
            disabled={ws.busy !== null}
            onClick={() => { setWsError(null); importWorkspaceFile(file).then(onClose, (e: unknown) => setWsError(e instanceof Error ? e.message : String(e))); }}
          >
            Open it as a new workspace
          </button>
          <button type="button" onClick={onOther}>Choose another file</button>
        </div>
      </div>
    );
  }

  return (
    <div className="dm-setup" data-testid="import-setup">
      <dl className="dm-facts">
        <dt>File</dt><dd data-testid="import-file-name">{file.name} · {fmtBytes(file.size)} <button type="button" className="link" onClick={onOther}>change</button></dd>
        <dt>Encoding</dt><dd>{info.encoding}{csv && p.delimiter ? ` · delimiter ${p.delimiter === '\t' ? 'tab' : `“${p.delimiter}”`}` : ''}</dd>
        <dt>Detected</dt>
        <dd data-testid="import-detected">
          {p.syntax === 'json' ? 'GeoJSON: the kind and layout are read from the first feature' : p.syntax === 'empty' ? 'the file is empty' : detected ? `${KIND_LABELS[detected.kind]} · ${FORMAT_LABELS[detected.format]}` : 'not recognised: map the columns below'}
        </dd>
      </dl>
      {p.problem && !showMapping && <p className="dm-warn" role="status">{p.problem}</p>}
      <div className="dm-row">
        <label>What the file holds{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value as ImportKind | 'auto')} data-testid="import-kind">
            <option value="auto">Auto-detect{detected ? ` (${KIND_LABELS[detected.kind].toLowerCase()})` : ''}</option>
            {KINDS.map((k) => <option key={k} value={k}>{KIND_LABELS[k]}</option>)}
          </select>
        </label>
        <label>Format{' '}
          <select value={family} onChange={(e) => setFamily(e.target.value as FormatFamily | 'auto')} data-testid="import-format">
            <option value="auto">Auto-detect{detected ? ` (${FORMAT_LABELS[detected.format]})` : ''}</option>
            {FAMILIES.map((f) => <option key={f.id} value={f.id}>{f.label}</option>)}
          </select>
        </label>
      </div>

      {acled && !showMapping && (
        <div className="dm-row">
          <label>ACLED events outside the POC scope (peaceful protests, agreements…){' '}
            <select value={outOfScope} onChange={(e) => setOutOfScope(e.target.value as 'reject' | 'other')} data-testid="import-out-of-scope">
              <option value="reject">rejected (listed in the rejected rows)</option>
              <option value="other">kept as “other”, with a warning</option>
            </select>
          </label>
        </div>
      )}

      {showMapping && (
        <fieldset className="dm-mapping" data-testid="import-mapping">
          <legend>Columns: which column holds what</legend>
          <MappingSaved header={header} mapping={mapping} setMapping={setMapping} name={mappingName} setName={setMappingName} saved={ws.mappings} />
          <div className="dm-mapping-grid">
            {FIELDS.map(({ field, label, required }) => (
              <label key={field} className={required && !mapping[field] ? 'missing' : ''}>
                <span>{label}{required ? ' *' : ''}</span>
                <select value={mapping[field] ?? ''} onChange={(e) => setMapping({ ...mapping, [field]: e.target.value || undefined })} data-testid={`map-${field}`}>
                  <option value="">— not in this file —</option>
                  {header.map((h, i) => <option key={`${h}:${i}`} value={h}>{h}</option>)}
                </select>
              </label>
            ))}
            <label>
              <span>Dates like 03/04/2024</span>
              <select value={dateOrder} onChange={(e) => setDateOrder(e.target.value as 'auto' | 'dmy' | 'mdy')}>
                <option value="auto">Decide from the data{p.dateOrder ? ` (${p.dateOrder})` : ''}</option>
                <option value="dmy">day/month/year</option>
                <option value="mdy">month/day/year</option>
              </select>
            </label>
          </div>
          {missing.length > 0 && <p className="dm-warn">Choose a column for: {missing.join(', ')}.</p>}
        </fieldset>
      )}

      {csv && header.length > 0 && (
        <div className="dm-preview">
          <h3>First rows of the file</h3>
          <div className="dm-table-wrap">
            <table className="dm-table" data-testid="import-preview">
              <thead><tr>{header.map((h, i) => <th key={i} className={Object.values(mapping).includes(h) && showMapping ? 'mapped' : ''}>{h}</th>)}</tr></thead>
              <tbody>
                {(p.rows ?? []).slice(0, 8).map((r, i) => <tr key={i}>{header.map((_, j) => <td key={j}>{clip(r[j] ?? '')}</td>)}</tr>)}
              </tbody>
            </table>
          </div>
        </div>
      )}

      <div className="dm-actions">
        <button type="button" className="primary" disabled={!canImport} onClick={() => onStart(options())} data-testid="import-start">Import</button>
        <button type="button" onClick={onClose}>Cancel</button>
      </div>
    </div>
  );
}

function sameHeader(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 59)}…` : s;
}

function MappingSaved({ header, mapping, setMapping, name, setName, saved }: {
  header: string[]; mapping: Partial<ColumnMapping>; setMapping(m: Partial<ColumnMapping>): void;
  name: string; setName(n: string): void; saved: readonly { name: string; header: string[]; mapping: ColumnMapping }[];
}): React.JSX.Element {
  const complete = !!(mapping.date && mapping.lat && mapping.lon);
  const apply = (n: string): void => {
    const m = saved.find((x) => x.name === n);
    if (!m) return;
    // Only columns this file has: a mapping saved for another layout fills what it can.
    setMapping(Object.fromEntries(Object.entries(m.mapping).filter(([, col]) => header.includes(col as string))) as Partial<ColumnMapping>);
    setName(m.name);
  };
  return (
    <div className="dm-row dm-saved">
      {saved.length > 0 && (
        <label>Saved mappings{' '}
          <select value={saved.some((m) => m.name === name) ? name : ''} onChange={(e) => apply(e.target.value)} data-testid="mapping-saved">
            <option value="">—</option>
            {saved.map((m) => <option key={m.name} value={m.name}>{m.name}{sameHeader(m.header, header) ? ' (same columns)' : ''}</option>)}
          </select>
        </label>
      )}
      <label>Save as{' '}
        <input type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Mission incident DB" maxLength={80} data-testid="mapping-name" />
      </label>
      <button type="button" disabled={!complete || !name.trim()} onClick={() => saveMapping({ name: name.trim(), header, mapping: mapping as ColumnMapping })} data-testid="mapping-save">Save mapping</button>
      {saved.some((m) => m.name === name) && <button type="button" onClick={() => deleteMapping(name)}>Delete</button>}
    </div>
  );
}

// ---------------------------------------------------------------------------------------
// Progress

function Progress({ file, progress, onCancel }: { file: File; progress: ProgressInfo | null; onCancel(): void }): React.JSX.Element {
  const total = progress?.totalBytes ?? file.size;
  const done = progress?.bytesRead ?? 0;
  const pct = total > 0 ? Math.min(100, (100 * done) / total) : 0;
  const s = (progress?.elapsedMs ?? 0) / 1000;
  const rows = progress && s > 0 ? progress.records / s : 0;
  const mbs = progress && s > 0 ? done / 1e6 / s : 0;
  return (
    <div className="dm-progress" data-testid="import-progress">
      <p>Importing <strong>{file.name}</strong> ({fmtBytes(file.size)}) in the background: the map stays usable.</p>
      <div className="dm-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct)} aria-label="Import progress">
        <div style={{ width: `${pct}%` }} />
      </div>
      <p className="dm-figures" data-testid="import-rate" data-records={progress?.records ?? 0}>
        {nf(progress?.records ?? 0)} records · {nf(Math.round(rows))} rows/s · {mbs.toFixed(1)} MB/s · {Math.round(pct)}% · {s.toFixed(1)} s
        {progress ? ` · ${nf(progress.accepted)} accepted, ${nf(progress.rejected)} rejected so far` : ''}
      </p>
      <div className="dm-actions">
        <button type="button" onClick={onCancel} data-testid="import-cancel">Cancel</button>
      </div>
    </div>
  );
}

// ---------------------------------------------------------------------------------------
// Summary

function Summary({ summary: s, jobId, onDone, onDiscard }: { summary: ImportSummary; jobId: number; onDone(): void; onDiscard(): void }): React.JSX.Element {
  const dataset = useStore((st) => st.dataset);
  const [mode, setMode] = useState<MergeMode>('add');
  const [period, setPeriod] = useState<string>(s.periods[s.periods.length - 1] ?? '');
  const [mission, setMission] = useState<string>('');
  const [working, setWorking] = useState<string | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const seconds = s.elapsedMs / 1000;
  const groups = useMemo(() => s.warningGroups.slice(0, 15), [s]);

  const download = async (): Promise<void> => {
    setWorking('Preparing the rejected rows…');
    try {
      const csv = await importClient.rejectedCsv(jobId);
      downloadText(`${s.file.replace(/\.[^.]+$/, '')}-rejected.csv`, csv, 'text/csv;charset=utf-8');
    } catch (e) {
      setErr(e instanceof Error ? e.message : String(e));
    } finally {
      setWorking(null);
    }
  };

  const use = async (): Promise<void> => {
    setWorking('Loading the data…');
    try {
      const data = await importClient.take(jobId);
      await adoptImport(data, s, mode, s.kind === 'presences' && s.periods.length ? { period: period || null, mission: mission || null } : undefined);
      onDone();
    } catch (e) {
      setErr(e instanceof Error ? e.message : String(e));
      setWorking(null);
    }
  };

  const leaving = !dataset || dataset.exercise;
  return (
    <div className="dm-summary" data-testid="import-summary">
      <table className="dm-figures-table">
        <tbody>
          <tr><th>File</th><td>{s.file} · {fmtBytes(s.bytes)}</td></tr>
          <tr><th>Read as</th><td data-testid="import-format-used">{KIND_LABELS[s.kind]} · {FORMAT_LABELS[s.format]} · {s.encoding}</td></tr>
          <tr><th>Records read</th><td data-testid="import-records" data-value={s.records}>{nf(s.records)}</td></tr>
          <tr><th>Accepted</th><td data-testid="import-accepted" data-value={s.accepted}>{nf(s.accepted)}</td></tr>
          <tr><th>Rejected</th><td data-testid="import-rejected" data-value={s.rejected}>{nf(s.rejected)}{s.rejected ? ' (with their reasons below)' : ''}</td></tr>
          <tr><th>Warnings</th><td data-testid="import-warnings" data-value={s.warnings}>{nf(s.warnings)}{s.warnings ? ' (accepted, with a doubt)' : ''}</td></tr>
          {s.dateRange && <tr><th>Dates</th><td data-testid="import-dates">{s.dateRange.start} to {s.dateRange.end}</td></tr>}
          <tr>
            <th>Time</th>
            <td data-testid="import-time">
              {seconds < 1 ? `${Math.round(s.elapsedMs)} ms` : `${seconds.toFixed(1)} s`}
              {/* Rates of a file read in a blink say nothing about throughput. */}
              {seconds >= 0.5 ? ` · ${nf(Math.round(s.records / seconds))} rows/s · ${(s.bytes / 1e6 / seconds).toFixed(1)} MB/s` : ''}
            </td>
          </tr>
        </tbody>
      </table>
      <p className="dm-check" data-testid="import-invariant">
        {s.records === s.accepted + s.rejected ? '✓' : '✗'} {nf(s.records)} records = {nf(s.accepted)} accepted + {nf(s.rejected)} rejected: no record was dropped silently.
      </p>

      {groups.length > 0 && (
        <div>
          <h3>Warnings by kind ({nf(s.warningGroups.length)}): accepted records with a doubt</h3>
          <div className="dm-table-wrap short">
          <table className="dm-table" data-testid="import-warning-groups">
            <thead><tr><th>Count</th><th>Field</th><th>What</th><th>First line</th></tr></thead>
            <tbody>{groups.map((g) => <tr key={`${g.field}:${g.message}`}><td className="num">{nf(g.count)}</td><td>{g.field}</td><td className="wrap">{g.message}</td><td className="num">{g.firstLine}</td></tr>)}</tbody>
          </table>
          </div>
          {s.warningGroups.length > groups.length && <p className="dm-note">… and {nf(s.warningGroups.length - groups.length)} more kinds.</p>}
        </div>
      )}

      {s.rejected > 0 && (
        <div>
          <h3>Rejected rows {s.rejected > s.firstRejected.length ? `(first ${nf(Math.min(20, s.firstRejected.length))} of ${nf(s.rejected)})` : ''}</h3>
          <div className="dm-table-wrap short">
            <table className="dm-table" data-testid="import-rejected-table">
              <thead><tr><th>Line</th><th>Field</th><th>Value</th><th>Reason</th></tr></thead>
              <tbody>{s.firstRejected.slice(0, 20).map((r) => <tr key={r.line}><td className="num">{r.line}</td><td>{r.field}</td><td>{clip(r.value)}</td><td className="wrap">{r.reason}</td></tr>)}</tbody>
            </table>
          </div>
        </div>
      )}

      {s.kind !== 'incidents' && (
        <div className="dm-row">
          {!leaving && (
            <label>Into the current dataset{' '}
              <select value={mode} onChange={(e) => setMode(e.target.value as MergeMode)} data-testid="import-mode">
                <option value="add">add (same id: updated)</option>
                <option value="replace">replace the current {KIND_LABELS[s.kind].toLowerCase()}</option>
              </select>
            </label>
          )}
          {s.periods.length > 0 && (
            <label>Period{' '}
              <select value={period} onChange={(e) => setPeriod(e.target.value)} data-testid="import-period">
                {s.periods.map((x) => <option key={x} value={x}>{x}</option>)}
                <option value="">all periods (bases repeat once per period)</option>
              </select>
            </label>
          )}
          {s.missions.length > 1 && (
            <label>Mission{' '}
              <select value={mission} onChange={(e) => setMission(e.target.value)}>
                <option value="">all missions</option>
                {s.missions.map((x) => <option key={x} value={x}>{x}</option>)}
              </select>
            </label>
          )}
        </div>
      )}
      <p className="dm-note" data-testid="import-effect">
        {leaving
          ? 'The exercise scenario will be unloaded: real and synthetic data are never mixed. The imported data is saved in your workspace on this computer.'
          : s.kind === 'incidents'
            ? `Replaces the ${nf(dataset.incidents.length)} incidents now loaded; presences, sites and AORs stay.`
            : 'Presences, sites and AORs are added to the current dataset.'}
      </p>
      {err && <p className="dm-error" role="alert">{err}</p>}
      <div className="dm-actions">
        <button type="button" onClick={() => void download()} disabled={s.rejected === 0 || working !== null} data-testid="import-download-rejected">
          {s.rejected ? `Download rejected rows (CSV, ${nf(s.rejected)})` : 'No rejected rows'}
        </button>
        <span className="grow" />
        <button type="button" onClick={onDiscard} disabled={working !== null}>Discard</button>
        <button type="button" className="primary" onClick={() => void use()} disabled={working !== null || s.accepted === 0} data-testid="import-use">Use this data</button>
      </div>
      {working && <p className="dm-note" role="status">{working}</p>}
    </div>
  );
}
