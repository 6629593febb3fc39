/**
 * The export dialog: what (the filtered incidents, the presences, or an analysis result
 * registered in exportRegistry.ts), in which format, with the do-no-harm options, and a
 * preview of the provenance written into the file. The files are built by the pure
 * functions of src/workspace/exports.ts and saved as Blob downloads (no network).
 */
import { useState, useSyncExternalStore } from 'react';
import { getState, useStore } from '../../state/store.ts';
import { filteredOf, useFiltered } from '../../state/filtered.ts';
import { filterChips } from '../analyst/FilterChips.tsx';
import type { ExportContext, IncidentExportOptions } from '../../workspace/exports.ts';
import {
  DEFAULT_EXPORT_OPTIONS, GRID_CHOICES, exportFileName, exportIncidentsCsv, exportIncidentsGeoJson, exportPresencesCsv, exportPresencesGeoJson,
  incidentProvenance, precisionForGrid, provenanceCsvLines,
} from '../../workspace/exports.ts';
import type { ExportFormat } from '../../workspace/exportRegistry.ts';
import { exportProviders, onExportProvidersChange } from '../../workspace/exportRegistry.ts';
import { describeSource } from '../../workspace/importMerge.ts';
import { TOOL, getWorkspaceStatus } from '../../workspace/session.ts';
import { Modal, downloadText, nf } from './ui.tsx';

type What = 'incidents' | 'presences' | `provider:${string}`;

/** The provenance context of the current state: dataset, sources, filters in words. */
export function exportContext(): ExportContext {
  const s = getState();
  const ds = s.dataset!;
  const filter = s.period ? { ...s.filter, period: s.period } : s.filter;
  return {
    datasetName: ds.name,
    exercise: ds.exercise,
    sources: ds.exercise ? ['exercise scenario shipped with the app (synthetic)'] : getWorkspaceStatus().sources.map(describeSource),
    filters: filterChips(filter, ds.incidents.strings.perpetrators, ds.aors.map((a) => a.name)).map((c) => c.title),
    exportedAt: new Date().toISOString(),
    tool: TOOL,
  };
}

const MIME: Record<ExportFormat, string> = { csv: 'text/csv;charset=utf-8', geojson: 'application/geo+json' };

export function ExportDialog({ onClose }: { onClose(): void }): React.JSX.Element {
  const dataset = useStore((s) => s.dataset);
  const filtered = useFiltered();
  const providers = useSyncExternalStore(onExportProvidersChange, exportProviders);
  const [what, setWhat] = useState<What>('incidents');
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [opts, setOpts] = useState<IncidentExportOptions>({ ...DEFAULT_EXPORT_OPTIONS });
  if (!dataset || !filtered) return <Modal title="Export" onClose={onClose} testid="export-dialog"><p>No data loaded.</p></Modal>;

  const available = providers.filter((p) => p.available());
  const provider = what.startsWith('provider:') ? available.find((p) => `provider:${p.id}` === what) : undefined;
  const sensitiveOptions = what !== 'presences';
  const preview = what === 'incidents'
    ? provenanceCsvLines(incidentProvenance(exportContext(), opts, filtered.count, dataset.incidents.length, 0)).filter((l) => !l.startsWith('# exported'))
    : [];

  const run = (): void => {
    const ctx = exportContext();
    if (what === 'incidents') {
      // Read the filtered rows at the moment of the click (what the map shows now).
      const rows = filteredOf(getState())!.indices;
      const text = format === 'csv' ? exportIncidentsCsv(dataset.incidents, rows, opts, ctx) : exportIncidentsGeoJson(dataset.incidents, rows, opts, ctx);
      downloadText(exportFileName('incidents', dataset.name, ctx.exportedAt, format), text, MIME[format]);
    } else if (what === 'presences') {
      const text = format === 'csv' ? exportPresencesCsv(dataset.presences, ctx) : exportPresencesGeoJson(dataset.presences, ctx);
      downloadText(exportFileName('presences', dataset.name, ctx.exportedAt, format), text, MIME[format]);
    } else if (provider) {
      const f = provider.build(format, opts, ctx);
      downloadText(f.fileName, f.text, f.mime);
    }
  };

  return (
    <Modal title="Export" onClose={onClose} testid="export-dialog">
      <fieldset className="dm-choice">
        <legend>What</legend>
        <label><input type="radio" name="what" checked={what === 'incidents'} onChange={() => setWhat('incidents')} data-testid="export-incidents" /> Filtered incidents ({nf(filtered.count)} of {nf(dataset.incidents.length)}, as the map shows them)</label>
        <label><input type="radio" name="what" checked={what === 'presences'} onChange={() => setWhat('presences')} disabled={dataset.presences.length === 0} data-testid="export-presences" /> Mission presences ({nf(dataset.presences.length)})</label>
        {available.map((p) => (
          <label key={p.id}><input type="radio" name="what" checked={what === `provider:${p.id}`} onChange={() => setWhat(`provider:${p.id}`)} /> {p.label}</label>
        ))}
        {available.length === 0 && <p className="dm-note">Analysis results (hotspots, coverage) appear here once an analysis has been run and its export is registered.</p>}
      </fieldset>
      <fieldset className="dm-choice">
        <legend>Format</legend>
        {(provider?.formats ?? (['csv', 'geojson'] as const)).map((f) => (
          <label key={f}><input type="radio" name="format" checked={format === f} onChange={() => setFormat(f)} data-testid={`export-format-${f}`} /> {f === 'csv' ? 'CSV (spreadsheets)' : 'GeoJSON (GIS)'}</label>
        ))}
      </fieldset>
      {sensitiveOptions && (
        <fieldset className="dm-choice dm-harm">
          <legend>Do no harm</legend>
          <label className={opts.includeSensitiveText ? 'danger' : ''}>
            <input type="checkbox" checked={opts.includeSensitiveText} onChange={(e) => setOpts({ ...opts, includeSensitiveText: e.target.checked })} data-testid="export-include-sensitive" />
            {' '}Include descriptions and source fields <strong>(may identify people)</strong>
          </label>
          {opts.includeSensitiveText && <p className="dm-warn" role="alert">Descriptions and source fields can identify victims, witnesses and sources. Share this file only with people cleared to see them.</p>}
          <label>
            <input type="checkbox" checked={opts.generalise} onChange={(e) => setOpts({ ...opts, generalise: e.target.checked })} data-testid="export-generalise" />
            {' '}Generalise sensitive locations (CRSV, recruitment of children) to the centre of a{' '}
            <select value={opts.gridDeg} onChange={(e) => setOpts({ ...opts, gridDeg: Number(e.target.value) })} disabled={!opts.generalise} aria-label="Grid cell size">
              {GRID_CHOICES.map((g) => <option key={g} value={g}>{g}°</option>)}
            </select>{' '}
            grid cell (precision becomes “{precisionForGrid(opts.gridDeg)}”)
          </label>
        </fieldset>
      )}
      {preview.length > 0 && (
        <details className="dm-details">
          <summary>Provenance written at the top of the file</summary>
          <pre className="dm-mono dm-prov" data-testid="export-provenance">{preview.join('\n')}</pre>
        </details>
      )}
      <div className="dm-actions">
        <span className="grow" />
        <button type="button" onClick={onClose} data-testid="export-close">Close</button>
        <button type="button" className="primary" onClick={run} disabled={what === 'incidents' && filtered.count === 0} data-testid="export-download">Download</button>
      </div>
    </Modal>
  );
}
