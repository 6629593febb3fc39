/**
 * Named scenarios (save, switch, delete, compare two side by side) and the export of the
 * scenario for the briefing (JSON and CSV, downloaded from a Blob: no network).
 */
import { useState } from 'react';
import { version as APP_VERSION } from '../../../package.json';
import { useStore } from '../../state/store.ts';
import { useWorkspace } from '../../workspace/session.ts';
import {
  DEMAND_LABELS, liveScenarioFigures, PERIOD_LABELS, plannerActions, usePlan, usePlanner, type ScenarioFigures, type Share,
} from '../../state/planner.ts';
import { editCount, fmtInt, fmtPct, fmtSigned, modeLabel, NO_EDITS, planPresences } from './planModel.ts';
import { planFileName, planToCsv, planToJson, type PlanExportInput } from './exportScenario.ts';
import { download, Section } from './ui.tsx';

export function ScenarioSection(): React.JSX.Element {
  const saved = usePlanner((s) => s.saved);
  const name = usePlanner((s) => s.scenarioName);
  const savedId = usePlanner((s) => s.savedId);
  const edits = usePlanner((s) => s.edits);
  const dataset = useStore((s) => s.dataset);
  const [draft, setDraft] = useState('');
  const workspace = useWorkspace();
  const mine = saved.filter((s) => s.datasetName === (dataset?.name ?? ''));
  const loaded = saved.find((s) => s.id === savedId);
  const dirty = loaded ? loaded.edits !== edits : editCount(edits) > 0;
  return (
    <Section title="Scenarios" testid="planner-scenarios">
      <p className="pl-status-line" data-testid="scenario-current">
        <span>Editing: <b>{name}</b>{dirty ? <span className="pl-muted"> (unsaved changes)</span> : null}</span>
        <span className="pl-muted">{editCount(edits)} edit{editCount(edits) === 1 ? '' : 's'}</span>
      </p>
      <form className="pl-row" onSubmit={(e) => { e.preventDefault(); plannerActions.saveScenario(draft || name); setDraft(''); }}>
        <input className="pl-name pl-grow" value={draft} placeholder={savedId ? name : 'Name of the scenario'} aria-label="Scenario name" data-testid="scenario-name" maxLength={80} onChange={(e) => setDraft(e.target.value)} />
        <button type="submit" data-testid="scenario-save">Save</button>
      </form>
      {mine.length > 0 && (
        <ul className="pl-saved" data-testid="scenario-list">
          {mine.map((s) => (
            <li key={s.id} data-testid="scenario-item" data-name={s.name} className={s.id === savedId ? 'pl-selected' : ''}>
              <button type="button" className="pl-link" onClick={() => plannerActions.loadScenario(s.id)} title="Switch to this scenario">{s.name}</button>
              <span className="pl-muted"> {editCount(s.edits)} edits · {s.savedAt.slice(0, 16).replace('T', ' ')}</span>
              <button type="button" className="pl-icon" aria-label={`Delete ${s.name}`} title="Delete" onClick={() => plannerActions.deleteScenario(s.id)}>×</button>
            </li>
          ))}
        </ul>
      )}
      <Compare />
      {workspace.persistent
        ? <p className="pl-hint">Saved with the workspace{workspace.current ? ` “${workspace.current.name}”` : ''} in this browser (and in workspace files); listed per dataset.</p>
        : <p className="pl-warn">This browser keeps no workspace: saved scenarios last until the page closes.</p>}
    </Section>
  );
}

function Compare(): React.JSX.Element | null {
  const compare = usePlanner((s) => s.compare);
  const figures = usePlanner((s) => s.compareFigures);
  const saved = usePlanner((s) => s.saved);
  const results = usePlanner((s) => s.results);
  const edits = usePlanner((s) => s.edits);
  const dataset = useStore((s) => s.dataset);
  if (!results || !dataset) return null;
  const mine = saved.filter((s) => s.datasetName === dataset.name);
  const label = (id: string): string => (id === 'baseline' ? 'Baseline (data)' : id === 'current' ? 'Current' : saved.find((s) => s.id === id)?.name ?? '?');
  const figs = (id: string): ScenarioFigures | 'pending' | 'error' => {
    if (id === 'current' || id === 'baseline') return liveScenarioFigures(results, id, edits, planPresences(dataset.presences, NO_EDITS), dataset);
    return figures[id] ?? 'pending';
  };
  const a = figs(compare[0]), b = figs(compare[1]);
  const select = (which: 0 | 1): React.JSX.Element => (
    <select value={compare[which]} aria-label={which === 0 ? 'First scenario' : 'Second scenario'} data-testid={which === 0 ? 'compare-a' : 'compare-b'}
      onChange={(e) => plannerActions.setCompare(which, e.target.value)}>
      <option value="baseline">Baseline (data)</option>
      <option value="current">Current</option>
      {mine.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
    </select>
  );
  type Row = { label: string; get: (f: ScenarioFigures) => number; share?: (f: ScenarioFigures) => Share | null; pct?: boolean };
  const rows: Row[] = [
    { label: 'Incidents within reach', get: (f) => f.incidents.covered, share: (f) => f.incidents },
    { label: 'Civilians killed in them', get: (f) => f.killed.covered, share: (f) => f.killed },
    { label: 'Incident weight', get: (f) => f.weight.covered, share: (f) => f.weight },
    { label: 'People within reach', get: (f) => f.population.covered, share: (f) => f.population },
    ...(results.byMode[results.mode].hotspot ? [{ label: 'Hotspot mass', get: (f: ScenarioFigures) => f.hotspot?.covered ?? 0, share: (f: ScenarioFigures) => f.hotspot }] : []),
    { label: 'Uniformed personnel', get: (f) => f.personnel },
    { label: 'Area within reach, km²', get: (f) => f.areaKm2 },
    { label: 'Temporary bases', get: (f) => f.temporaryBases },
    { label: 'Edits', get: (f) => f.edits },
  ];
  const show = (f: ScenarioFigures | 'pending' | 'error', r: Row): React.ReactNode => {
    if (f === 'pending') return '…';
    if (f === 'error') return '—';
    const s = r.share?.(f);
    return <>{fmtInt(r.get(f))}{s && <span className="pl-muted"> {fmtPct(s.covered, s.total)}</span>}</>;
  };
  return (
    <div className="pl-compare">
      <div className="pl-row"><span>Compare</span>{select(0)}<span>with</span>{select(1)}</div>
      <table className="pl-table" data-testid="compare-table" data-a={label(compare[0])} data-b={label(compare[1])}>
        <thead><tr><th>{modeLabel(results.mode)}</th><th className="pl-num">{label(compare[0])}</th><th className="pl-num">{label(compare[1])}</th><th className="pl-num">Change</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label} data-measure={r.label} data-a={typeof a === 'object' ? r.get(a) : ''} data-b={typeof b === 'object' ? r.get(b) : ''}>
              <td>{r.label}</td>
              <td className="pl-num">{show(a, r)}</td>
              <td className="pl-num">{show(b, r)}</td>
              <td className="pl-num">{typeof a === 'object' && typeof b === 'object' ? fmtSigned(r.get(b) - r.get(a)) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ExportSection(): React.JSX.Element {
  const results = usePlanner((s) => s.results);
  const settings = usePlanner((s) => s.settings);
  const name = usePlanner((s) => s.scenarioName);
  const run = usePlanner((s) => s.run);
  const dataset = useStore((s) => s.dataset);
  const plan = usePlan();
  const build = (): PlanExportInput | null => {
    if (!results || !dataset) return null;
    return {
      tool: `POC Threat Map ${APP_VERSION}`, exportedAt: new Date().toISOString(), scenarioName: name, datasetName: dataset.name, exercise: dataset.exercise,
      demand: DEMAND_LABELS[settings.demand],
      incidents: `${settings.followFilters ? "The analyst's filters and period" : PERIOD_LABELS[settings.period]} (${fmtInt(results.incidentCount)} incidents)`,
      mode: results.mode, presences: plan, byMode: results.byMode, perPresence: results.perPresence, perAor: results.perAor, gaps: results.gaps,
      proposals: run.phase === 'done' ? run.result : null,
    };
  };
  const save = (fmt: 'json' | 'csv'): void => {
    const inp = build();
    if (!inp) return;
    const text = fmt === 'json' ? planToJson(inp) : planToCsv(inp);
    download(planFileName(inp.scenarioName, inp.datasetName, inp.exportedAt, fmt), fmt === 'json' ? 'application/json' : 'text/csv', text);
  };
  return (
    <Section title="Export for the briefing" open={false} testid="planner-export">
      <div className="pl-row">
        <button type="button" disabled={!results} data-testid="export-json" onClick={() => save('json')}>Scenario as JSON</button>
        <button type="button" disabled={!results} data-testid="export-csv" onClick={() => save('csv')}>Scenario as CSV</button>
      </div>
      <p className="pl-hint">
        Presences with their ranges (temporary and moved included), coverage per mode and AOR, gaps and optimiser proposals, with
        the scenario's provenance (name, dataset, exercise flag, date). No incident rows, descriptions or sources.
      </p>
    </Section>
  );
}
