/**
 * The optimiser's controls and result: where k new temporary bases would cover the most
 * demand with the scenario's presences fixed (maximal covering location, lazy greedy, in
 * the worker), each proposal's marginal gain and the cumulative share against the upper
 * bound on what any k bases could reach. "Adopt" turns the proposals into temporary bases.
 */
import { actions } from '../../state/store.ts';
import { defaultCandidateReach, plannerActions, usePlanner, type ProposalSet } from '../../state/planner.ts';
import { fmtInt, fmtKm, modeLabel } from './planModel.ts';
import { clickRow, KmInput, Section } from './ui.tsx';

const pct1 = (x: number): string => `${(100 * x).toFixed(1)} %`;

export function OptimiserSection(): React.JSX.Element {
  const o = usePlanner((s) => s.optimiser);
  const run = usePlanner((s) => s.run);
  const mode = usePlanner((s) => s.settings.mode);
  const ready = usePlanner((s) => s.status.phase === 'ready');
  const running = run.phase === 'running';
  const defReach = defaultCandidateReach(mode);
  const reach = o.reachKm ?? defReach;
  return (
    <Section title="Optimiser: where to place new bases" testid="planner-optimiser">
      <div className="pl-opt-grid">
        <label htmlFor="pl-opt-k">New bases</label>
        <select id="pl-opt-k" value={o.k} data-testid="opt-k" onChange={(e) => plannerActions.setOptimiser({ k: Number(e.target.value) })}>
          {[1, 2, 3, 4, 5].map((k) => <option key={k} value={k}>{k}</option>)}
        </select>
        <span>Candidates</span>
        <span className="pl-radios-inline" role="radiogroup" aria-label="Candidate sites">
          <label><input type="radio" name="pl-cand" checked={o.candidates === 'settlements'} onChange={() => plannerActions.setOptimiser({ candidates: 'settlements' })} /> settlements</label>
          <label><input type="radio" name="pl-cand" checked={o.candidates === 'grid'} data-testid="opt-grid" onChange={() => plannerActions.setOptimiser({ candidates: 'grid' })} /> grid every</label>
          <KmInput value={o.spacingKm} label="Grid spacing, km" width={44} onChange={(v) => { if (v !== null && v >= 2) plannerActions.setOptimiser({ spacingKm: v }); }} />
          <span className="pl-unit">km</span>
        </span>
        <label>{mode === 'any' ? 'Widest range' : `${modeLabel(mode)[0]!.toUpperCase()}${modeLabel(mode).slice(1)} range`}</label>
        <span>
          <KmInput value={o.reachKm} allowEmpty placeholder={String(defReach)} label="Patrol range of a proposed base, km" testid="opt-reach" onChange={(v) => plannerActions.setOptimiser({ reachKm: v })} />
          <span className="pl-unit"> km{o.reachKm === null ? ' (an operating base’s)' : ''}</span>
        </span>
      </div>
      {!(reach > 0) && <p className="pl-warn">An operating base has no {modeLabel(mode)} range by default: enter one.</p>}
      <div className="pl-row">
        <button type="button" data-testid="opt-run" disabled={!ready || running || !(reach > 0)} onClick={() => plannerActions.runOptimiser()}>Find best sites</button>
        {running && <button type="button" data-testid="opt-cancel" onClick={() => plannerActions.cancelOptimiser()}>Cancel</button>}
      </div>
      {running && <progress className="pl-progress" max={1} value={run.progress} data-testid="opt-progress" aria-label="Optimiser progress" />}
      {run.phase === 'cancelled' && <p className="pl-muted">Cancelled.</p>}
      {run.phase === 'error' && <p className="pl-error" role="alert">{run.error}</p>}
      {run.phase === 'done' && run.result && <Proposals r={run.result} />}
      <p className="pl-hint">
        Greedy with lazy evaluation: each new base covers the most demand the others leave; guaranteed within 63 % of the best
        possible gain, usually within 1 %. The scenario's presences and temporary bases stay where they are.
      </p>
    </Section>
  );
}

/** Fly to a view that holds every proposal with its range (and the scenario's temporary bases). */
function showAll(r: ProposalSet): void {
  const pts = r.proposals.map((p) => ({ lon: p.lon, lat: p.lat, km: p.reachKm }));
  if (!pts.length) return;
  let w = Infinity, e = -Infinity, s = Infinity, n = -Infinity;
  for (const p of pts) {
    const dLat = p.km / 111.2, dLon = p.km / (111.2 * Math.cos((p.lat * Math.PI) / 180));
    w = Math.min(w, p.lon - dLon); e = Math.max(e, p.lon + dLon); s = Math.min(s, p.lat - dLat); n = Math.max(n, p.lat + dLat);
  }
  // Web Mercator: 512 px span 360° at zoom 0; fit the span in ~520 px. The map puts a
  // fly-to target 150 px left of its middle (room for the detail card), so the target is
  // shifted west by as much to keep the proposals centred.
  const span = Math.max(e - w, (n - s) * 1.2, 0.5);
  const zoom = Math.max(4, Math.min(8, Math.log2((520 * 360) / (512 * span))));
  const degPerPx = 360 / (512 * 2 ** zoom);
  actions.flyTo({ lon: (w + e) / 2 - 150 * degPerPx, lat: (s + n) / 2, zoom });
}

function Proposals({ r }: { r: ProposalSet }): React.JSX.Element {
  const inc = r.demand === 'incidents' || r.demand === 'severity';
  const edits = usePlanner((s) => s.edits);
  return (
    <div data-testid="opt-result">
      {edits !== r.edits && <p className="pl-warn">The scenario changed since this run: the gains below are for the scenario as it was. Run again for exact figures.</p>}
      <p className="pl-headline" data-testid="opt-summary" data-achieved={r.achievedShare} data-bound={r.boundShare} data-base={r.baseShare}>
        Achieved <b>{pct1(r.achievedShare)}</b> of demand (from {pct1(r.baseShare)}); upper bound <b>{pct1(r.boundShare)}</b>
        {r.optimal ? ' — optimal' : ''}.
      </p>
      <table className="pl-table" data-testid="proposal-list">
        <thead>
          <tr><th>#</th><th>Where</th><th className="pl-num" title="Marginal gain: demand weight this base newly covers">Gain</th>{inc && <th className="pl-num" title="Incidents it newly covers">Inc.</th>}<th className="pl-num" title="Covered share after adding it">Share</th></tr>
        </thead>
        <tbody>
          {r.proposals.map((p) => (
            <tr key={p.rank} data-testid="proposal" data-rank={p.rank} data-lon={p.lon} data-lat={p.lat} data-reach={p.reachKm} data-gain={p.gain} data-newly={p.newlyCovered} data-share={p.share}
              {...clickRow(() => actions.flyTo({ lon: p.lon, lat: p.lat, zoom: 7.5 }), 'Click to zoom to the proposed site')}>
              <td className="pl-num"><b>{p.rank}</b></td>
              <td className="pl-ellipsis" title={`${p.lat.toFixed(4)}, ${p.lon.toFixed(4)}; range ${fmtKm(p.reachKm)} km`}>{p.place}</td>
              <td className="pl-num">+{fmtInt(p.gain)}</td>
              {inc && <td className="pl-num">+{fmtInt(p.newlyCovered)}</td>}
              <td className="pl-num">{pct1(p.share)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="pl-hint">{fmtInt(r.candidateCount)} candidates ({r.candidates}), {modeLabel(r.mode)} mode, {(r.ms / 1000).toFixed(1)} s.</p>
      <div className="pl-row">
        <button type="button" data-testid="opt-adopt" onClick={() => plannerActions.adoptProposals()}>Adopt as temporary bases</button>
        <button type="button" data-testid="opt-show" onClick={() => showAll(r)}>Show on the map</button>
        <button type="button" onClick={() => plannerActions.clearProposals()}>Clear</button>
      </div>
    </div>
  );
}
