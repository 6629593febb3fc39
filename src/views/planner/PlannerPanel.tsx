/**
 * The force planner panel (right panel, tab "Planner"): which mobility mode and which
 * demand the planner looks at, the coverage figures of the scenario (mission-wide, per
 * mode, per presence, per AOR) with their change against the dataset's presences, the
 * largest gaps, the what-if edits (temporary bases, moves, patrol ranges), the optimiser,
 * saved scenarios side by side, and the export for the briefing.
 *
 * State and the worker live in src/state/planner.ts; the map layer and the map's pointer
 * handling in src/map/plannerLayers.ts. Method notes: docs/planning.md, docs/planner-ui.md.
 */
import { useEffect } from 'react';
import {
  DEMAND_LABELS, PERIOD_LABELS, plannerActions, usePlanner, type DemandChoice, type ModeFigures, type PeriodChoice, type PlannerResults,
} from '../../state/planner.ts';
import { GAP_AREA_COLOUR, GAP_AREA_LINE, GAP_RING_COLOUR, PLANNER_COLOUR } from '../../map/plannerLayers.ts';
import { rgbCss } from '../../map/palette.ts';
import { fmtInt, fmtPct, fmtSigned, modeLabel, PLANNING_MODES } from './planModel.ts';
import { Section } from './ui.tsx';
import { PresenceSection, WhatIfSection } from './PlannerEdits.tsx';
import { AorSection, GapSection } from './PlannerLists.tsx';
import { OptimiserSection } from './PlannerOptimiser.tsx';
import { ExportSection, ScenarioSection } from './PlannerScenarios.tsx';
import './planner.css';

export function PlannerPanel(): React.JSX.Element {
  useEffect(() => plannerActions.activate(), []);
  const results = usePlanner((s) => s.results);
  return (
    <div className="pl-panel" data-testid="planner-panel">
      <Status />
      <Settings />
      {results && <Coverage results={results} />}
      <WhatIfSection />
      {results && <GapSection results={results} />}
      {results && <PresenceSection results={results} />}
      {results && results.perAor.length > 0 && <AorSection results={results} />}
      <OptimiserSection />
      <ScenarioSection />
      <ExportSection />
      <Legend />
      <p className="pl-hint">
        Ranges are great-circle radii per mobility mode (inclusive); method notes in <code>docs/planning.md</code>. Figures are
        computed in a worker and update with every edit.
      </p>
    </div>
  );
}

function Status(): React.JSX.Element {
  const status = usePlanner((s) => s.status);
  const results = usePlanner((s) => s.results);
  return (
    <div className="pl-status" data-testid="planner-status" data-phase={status.phase} aria-live="polite">
      {status.phase === 'error' ? (
        <p className="pl-error" role="alert">The planner failed: {status.error}</p>
      ) : status.phase !== 'ready' || !results ? (
        <p className="pl-muted">Preparing demand and coverage…</p>
      ) : (
        <p className="pl-status-line">
          <span>{fmtInt(results.incidentCount)} incidents in the demand</span>
          <span className="pl-muted" data-testid="whatif-ms" data-ms={results.updateMs.toFixed(1)} data-worker-ms={results.workerMs.toFixed(1)} data-updates={results.updates}
            title={`Last update: ${results.edits} edit(s) per session, ${fmtInt(results.touched)} demand points visited; worker round trip ${results.workerMs.toFixed(1)} ms.`}>
            {results.updates === 1 ? 'computed' : 'updated'} in {results.updateMs < 10 ? results.updateMs.toFixed(1) : Math.round(results.updateMs)} ms
          </span>
        </p>
      )}
    </div>
  );
}

function Settings(): React.JSX.Element {
  const s = usePlanner((x) => x.settings);
  const hot = usePlanner((x) => x.hotspotsAvailable);
  return (
    <div className="pl-settings">
      <fieldset className="pl-radios" data-testid="planner-mode">
        <legend>Mobility mode</legend>
        {PLANNING_MODES.map((m) => (
          <label key={m.id}>
            <input type="radio" name="pl-mode" value={m.id} checked={s.mode === m.id} onChange={() => plannerActions.setSettings({ mode: m.id })} />
            {m.label}
          </label>
        ))}
      </fieldset>
      <label className="pl-field">
        <span>Demand</span>
        <select value={s.demand} data-testid="planner-demand" onChange={(e) => plannerActions.setSettings({ demand: e.target.value as DemandChoice })}>
          {(Object.keys(DEMAND_LABELS) as DemandChoice[]).map((d) => (
            <option key={d} value={d} disabled={d === 'hotspots' && !hot}>{DEMAND_LABELS[d]}{d === 'hotspots' && !hot ? ' — run the Analysis tab first' : ''}</option>
          ))}
        </select>
      </label>
      {s.demand === 'hotspots' && !hot && <p className="pl-warn">No hotspot result for this dataset yet: open the Analysis tab once. Until then the demand is incidents.</p>}
      {!hot && s.demand !== 'hotspots' && <p className="pl-hint">Hotspot mass becomes a demand once the Analysis tab has run on this dataset; until then: incidents and population.</p>}
      {s.demand === 'hotspots' && hot && <p className="pl-hint">Hotspot cells of the Analysis tab's last run (the analyst's filtered incidents), weighted by their mass.</p>}
      <label className="pl-field">
        <span>Incidents</span>
        <select value={s.period} disabled={s.followFilters} data-testid="planner-period" onChange={(e) => plannerActions.setSettings({ period: e.target.value as PeriodChoice })}>
          {(Object.keys(PERIOD_LABELS) as PeriodChoice[]).map((p) => <option key={p} value={p}>{PERIOD_LABELS[p]}</option>)}
        </select>
      </label>
      <label className="pl-check">
        <input type="checkbox" checked={s.followFilters} data-testid="planner-follow" onChange={(e) => plannerActions.setSettings({ followFilters: e.target.checked })} />
        Follow the analyst's filters and period
      </label>
    </div>
  );
}

function pts(s: { covered: number; total: number; delta: number }): number {
  return s.total > 0 ? (100 * s.delta) / s.total : 0;
}

function Coverage({ results }: { results: PlannerResults }): React.JSX.Element {
  const mode = results.mode;
  const f = results.byMode[mode];
  const pr = results.primary;
  const inc = f.incidents;
  const ml = modeLabel(mode);
  const perSoldierPeople = f.personnel > 0 ? f.population.covered / f.personnel : null;
  const perSoldierKm2 = f.personnel > 0 ? f.areaKm2 / f.personnel : null;
  return (
    <Section title={`Coverage — ${ml}`} testid="planner-coverage">
      <p className="pl-headline" data-testid="coverage-headline" data-mode={mode} data-covered={inc.covered} data-total={inc.total} data-delta={inc.delta}>
        <b>{fmtPct(inc.covered, inc.total)}</b> of incidents within {mode === 'any' ? 'reach of any mode' : `${ml} reach`}
        <span className="pl-muted"> ({fmtInt(inc.covered)} of {fmtInt(inc.total)})</span>
      </p>
      <p className={`pl-delta ${inc.delta > 0 ? 'pl-up' : inc.delta < 0 ? 'pl-down' : ''}`} data-testid="coverage-delta" data-delta={inc.delta}>
        {inc.delta === 0 && f.population.delta === 0
          ? 'Same as the dataset’s presences (baseline).'
          : <>{fmtSigned(inc.delta)} incidents ({fmtSigned(pts(inc), 1)} pts) covered by {ml}; {fmtSigned(f.killed.delta)} civilians killed; {fmtSigned(f.population.delta)} people — against the baseline.</>}
      </p>
      {pr.set !== 'incidents' && (
        <p className="pl-muted" data-testid="coverage-primary">
          Demand ({pr.unit}): {fmtPct(pr.covered, pr.total)} within reach ({fmtSigned(pr.total > 0 ? (100 * pr.delta) / pr.total : 0, 1)} pts).
        </p>
      )}
      <table className="pl-table" data-testid="coverage-modes">
        <thead>
          <tr><th>Mode</th><th className="pl-num">Incidents</th><th className="pl-num">Killed</th><th className="pl-num">Population</th>{f.hotspot && <th className="pl-num">Hotspot</th>}<th className="pl-num" title="Area within reach, km²">km²</th></tr>
        </thead>
        <tbody>
          {PLANNING_MODES.map(({ id }) => <ModeRow key={id} f={results.byMode[id]} selected={id === mode} />)}
        </tbody>
      </table>
      <p className="pl-hint" data-testid="coverage-troops" data-personnel={f.personnel}>
        {fmtInt(f.personnel)} uniformed personnel at presences with {ml} reach
        {perSoldierPeople !== null && perSoldierKm2 !== null && <>: one per {fmtInt(perSoldierPeople)} people and per {fmtInt(perSoldierKm2)} km² within reach</>}.
        Shares of {fmtInt(results.byMode[mode].population.total)} people in the mission area's settlements and displacement sites.
      </p>
    </Section>
  );
}

function ModeRow({ f, selected }: { f: ModeFigures; selected: boolean }): React.JSX.Element {
  const cellOf = (s: { covered: number; total: number; delta: number }): React.JSX.Element => (
    <td className="pl-num" title={`${fmtInt(s.covered)} of ${fmtInt(s.total)}; ${fmtSigned(s.delta)} against the baseline`}>
      {fmtPct(s.covered, s.total)}{Math.abs(pts(s)) >= 0.05 && <span className={s.delta > 0 ? 'pl-up' : 'pl-down'}> {fmtSigned(pts(s), 1)}</span>}
    </td>
  );
  return (
    <tr className={selected ? 'pl-selected' : ''} data-testid={`fig-${f.mode}`} data-incidents={f.incidents.covered} data-killed={f.killed.covered} data-population={f.population.covered}>
      <td>{f.mode === 'any' ? 'Any' : PLANNING_MODES.find((m) => m.id === f.mode)!.label}</td>
      {cellOf(f.incidents)}
      {cellOf(f.killed)}
      {cellOf(f.population)}
      {f.hotspot && cellOf(f.hotspot)}
      <td className="pl-num">{fmtInt(f.areaKm2)}</td>
    </tr>
  );
}

function Legend(): React.JSX.Element {
  const c = rgbCss(PLANNER_COLOUR);
  return (
    <Section title="Planner map legend" open={false} testid="planner-legend">
      <ul className="pl-legend">
        <li><svg width="28" height="12" aria-hidden="true"><line x1="1" y1="6" x2="27" y2="6" stroke={c} strokeWidth="2.2" strokeDasharray="9 4" /></svg> Scenario patrol range (temporary, moved or re-ranged presence)</li>
        <li><svg width="28" height="14" aria-hidden="true"><rect x="8" y="1" width="12" height="12" fill={c} stroke="#fff" /></svg> Temporary base; moved presences keep their shape in this colour</li>
        <li><svg width="28" height="14" aria-hidden="true"><circle cx="5" cy="7" r="4" fill="#fff" stroke="#6e6e6e" strokeWidth="1.5" /><line x1="9" y1="7" x2="22" y2="7" stroke={c} strokeWidth="1.5" /><rect x="20" y="3" width="8" height="8" fill={c} /></svg> Where the data has a moved presence, and where the scenario puts it</li>
        <li><svg width="28" height="16" aria-hidden="true"><circle cx="14" cy="8" r="6.5" fill="#fff" stroke={c} strokeWidth="2.5" /><text x="14" y="11.5" fontSize="9" textAnchor="middle" fill={c} fontWeight="bold">1</text></svg> Optimiser proposal, by rank (range dotted)</li>
        <li><svg width="28" height="14" aria-hidden="true"><circle cx="14" cy="7" r="6" fill={rgbCss(GAP_AREA_COLOUR, 0.25)} stroke={rgbCss(GAP_AREA_LINE)} strokeWidth="2" /></svg> Ranked gap (uncovered demand around a place)</li>
        <li><svg width="28" height="14" aria-hidden="true"><circle cx="14" cy="7" r="5" fill="none" stroke={rgbCss(GAP_RING_COLOUR)} strokeWidth="1.2" /></svg> Demand no presence reaches in the chosen mode (from zoom 6; at mission scale the gap areas show where)</li>
        <li><svg width="28" height="14" aria-hidden="true"><text x="14" y="12" fontSize="15" textAnchor="middle" fill={c} fontWeight="bold">×</text></svg> Presence closed in the scenario</li>
      </ul>
      <p className="pl-hint">The dataset's own presences and ranges (left legend) stay drawn as they are: the scenario is drawn over them.</p>
    </Section>
  );
}
