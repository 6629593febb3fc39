/**
 * The analysis panel (right panel, tab "Analysis"): the parameters, the progress of the
 * running analysis, the layer switches with their legends, and the result summaries
 * (ranked hotspots, coverage). Everything follows the active filters and period: the
 * analysis store (src/state/analysis.ts) re-runs ~300 ms after they or a parameter change.
 */
import { useEffect, useId, useState } from 'react';
import { MOBILITY_MODES } from '../../domain/taxonomy.ts';
import { isoFromDay } from '../../domain/incidents.ts';
import {
  analysisActions, DENSITY_CELLS, STAT_CELLS, useAnalysis, type AnalysisParams, type AnalysisResults, type CoverageMode,
} from '../../state/analysis.ts';
import { AnalysisLayers } from './Legends.tsx';
import { CoverageSummary, HotspotList } from './Results.tsx';
import './analysis.css';

const fmtKm = (km: number): string => (km >= 10 ? km.toFixed(0) : km.toFixed(1));

export function AnalysisPanel(): React.JSX.Element {
  useEffect(() => analysisActions.activate(), []);
  const results = useAnalysis((s) => s.results);
  return (
    <div className="ana-panel" data-testid="analysis-panel">
      <Status />
      <Parameters results={results} />
      <AnalysisLayers results={results} />
      {results && <HotspotList results={results} />}
      {results && <CoverageSummary results={results} />}
      <p className="ana-hint">
        Methods, formulas and error bounds: <code>docs/analysis.md</code>. Density and hotspots use a grid in a local
        equal-area projection; ranges use exact great-circle distances.
      </p>
    </div>
  );
}

function Status(): React.JSX.Element {
  const run = useAnalysis((s) => s.run);
  const results = useAnalysis((s) => s.results);
  const running = run.phase === 'running' || run.phase === 'pending';
  return (
    <div className="ana-status" data-testid="analysis-status" data-phase={run.phase} data-job={results?.jobId ?? ''} aria-live="polite">
      {running ? (
        <>
          <div className="ana-status-line">
            <span>{run.phase === 'pending' ? 'Waiting for the filters to settle…' : `${run.step}…`}</span>
            <span className="ana-num">{Math.round(run.progress * 100)} %</span>
          </div>
          <progress className="ana-progress" max={1} value={run.phase === 'pending' ? undefined : run.progress} aria-label="Analysis progress" />
        </>
      ) : run.phase === 'error' ? (
        <p className="ana-error" role="alert">Analysis failed: {run.error}</p>
      ) : results ? (
        <>
          <p className="ana-status-line">
            <span data-testid="analysis-count" data-count={results.count}>
              <b>{results.count.toLocaleString('en')}</b> incidents analysed (the active filters)
            </span>
            <span className="ana-muted">{(results.ms / 1000).toFixed(1)} s</span>
          </p>
          <p className="ana-muted">Period {isoFromDay(results.days.startDay)} – {isoFromDay(results.days.endDay)}</p>
        </>
      ) : (
        <p className="ana-muted">{run.note ?? 'Starting…'}</p>
      )}
      {run.phase === 'done' && run.note && <p className="ana-muted">{run.note}</p>}
      {run.phase !== 'error' && run.error && <p className="ana-error">{run.error}</p>}
      {run.adjusted.map((a) => <p key={a} className="ana-hint">{a}</p>)}
    </div>
  );
}

/** A number input that is empty for "automatic"; commits valid positive values as they are typed. */
function KmField({ label, value, auto, onChange, testid }: {
  label: string; value: number | null; auto: string; onChange(v: number | null): void; testid: string;
}): React.JSX.Element {
  const id = useId();
  const [draft, setDraft] = useState(value === null ? '' : String(value));
  useEffect(() => setDraft(value === null ? '' : String(value)), [value]);
  const invalid = draft.trim() !== '' && !(Number(draft) > 0);
  return (
    <div className="ana-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id} type="number" min={0} step="any" inputMode="decimal" value={draft} placeholder={auto} aria-invalid={invalid}
        data-testid={testid}
        onChange={(e) => {
          const v = e.target.value;
          setDraft(v);
          if (v.trim() === '') onChange(null);
          else if (Number(v) > 0 && Number.isFinite(Number(v))) onChange(Number(v));
        }}
      />
      <span className="ana-unit">km</span>
    </div>
  );
}

function Parameters({ results }: { results: AnalysisResults | null }): React.JSX.Element {
  const p = useAnalysis((s) => s.params);
  const set = (patch: Partial<AnalysisParams>): void => analysisActions.setParams(patch);
  const name = useId();
  const kde = results?.kde;
  const em = results?.emerging;
  const ruleText = kde
    ? kde.bandwidthRule === 'arcgis' ? `auto: ${fmtKm(kde.bandwidthKm)} (ArcGIS rule)` : kde.bandwidthRule === 'fallback' ? 'auto: 1 (fallback)' : 'auto: ArcGIS rule'
    : 'auto: ArcGIS rule';
  const steps = em?.binStartDay.length ?? null;
  return (
    <details className="ana-section" open>
      <summary>Parameters</summary>
      <div className="ana-params">
        <fieldset className="ana-field ana-radios">
          <legend>Kernel</legend>
          {(['gaussian', 'quartic'] as const).map((k) => (
            <label key={k}><input type="radio" name={`${name}-kernel`} checked={p.kernel === k} onChange={() => set({ kernel: k })} />{k === 'gaussian' ? 'Gaussian' : 'Quartic'}</label>
          ))}
        </fieldset>
        <KmField label="Bandwidth" value={p.bandwidthKm} auto={ruleText} onChange={(v) => set({ bandwidthKm: v })} testid="param-bandwidth" />
        <p className="ana-hint">
          {p.kernel === 'gaussian' ? 'Gaussian: the bandwidth is σ.' : 'Quartic: the bandwidth is the search radius.'}{' '}
          Default (ArcGIS rule): 0.9 · min(SD, √(1/ln 2)·Dm) · n<sup>−0.2</sup>
          {kde && kde.bandwidthRule !== 'given' ? ` = ${fmtKm(kde.bandwidthKm)} km for these incidents.` : '.'}
        </p>
        {kde && kde.bandwidthKm < 2 * kde.grid.cellKm && (
          <p className="ana-warn">The bandwidth is under two cells: the surface is coarse for it. Use a smaller density cell.</p>
        )}
        <KmField label="Density cell" value={p.densityCellKm} auto={kde ? `auto: ${fmtKm(kde.grid.cellKm)}` : `auto: 1/${DENSITY_CELLS} of area`} onChange={(v) => set({ densityCellKm: v })} testid="param-density-cell" />
        <KmField label="Gi* cell" value={p.statCellKm} auto={em ? `auto: ${fmtKm(em.grid.cellKm)}` : `auto: 1/${STAT_CELLS} of area`} onChange={(v) => set({ statCellKm: v })} testid="param-stat-cell" />
        <KmField label="Gi* distance band" value={p.bandKm} auto={em ? `auto: ${fmtKm(em.neighbourhoodKm)} (1.5 × cell)` : 'auto: 1.5 × cell'} onChange={(v) => set({ bandKm: v })} testid="param-band" />
        {p.bandKm !== null && em && p.bandKm < em.grid.cellKm && <p className="ana-warn">The band is shorter than a cell: each cell is its own only neighbour.</p>}
        <fieldset className="ana-field ana-radios">
          <legend>Emerging time step</legend>
          {(['week', 'month'] as const).map((b) => (
            <label key={b}><input type="radio" name={`${name}-step`} checked={p.timeStep === b} onChange={() => set({ timeStep: b })} />{b === 'week' ? 'Week' : 'Month'}</label>
          ))}
        </fieldset>
        {steps !== null && steps < 10 && <p className="ana-warn">Only {steps} time step{steps === 1 ? '' : 's'} in the period: emerging-hotspot classes need about 10 to mean much.</p>}
        <div className="ana-field">
          <label htmlFor={`${name}-mode`}>Coverage mode</label>
          <select id={`${name}-mode`} value={p.coverageMode} onChange={(e) => set({ coverageMode: e.target.value as CoverageMode })} data-testid="param-coverage-mode">
            <option value="any">Any mode</option>
            {MOBILITY_MODES.map((m) => <option key={m.id} value={m.id}>{m.label}</option>)}
          </select>
        </div>
        <button type="button" className="ana-reset" onClick={() => analysisActions.resetParams()}>Defaults</button>
      </div>
    </details>
  );
}
