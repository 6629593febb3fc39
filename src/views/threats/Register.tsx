/**
 * The register: threats ranked by risk score with their flags, phase and status; the
 * selected threat's reasons in words; creating a threat from the shape drawn on the map or
 * from a hotspot; archived threats apart. Clicking a threat selects it (matrix and map
 * follow) and moves the map to its area.
 */
import { useState } from 'react';
import { useStore } from '../../state/store.ts';
import { threatActions, useCandidateView, useRanking, useThreats } from '../../state/threats.ts';
import type { RankedThreat } from '../../threats/scoring.ts';
import { ThreatEditor } from './ThreatEditor.tsx';
import { FLAG_LABELS, STATUS_LABELS, flagOf, fmtScore, perpetratorText, phaseLabel, typesText } from './format.ts';

export function Register(): React.JSX.Element {
  const editingId = useThreats((s) => s.editingId);
  const ranking = useRanking();
  if (editingId) return <ThreatEditor key={editingId} id={editingId} />;
  return (
    <div className="thr-register">
      <CreateRow />
      {ranking && ranking.ranked.length === 0 && (
        <p className="thr-muted">
          No threats in the register yet. Accept a candidate proposed from the hotspots (Candidates), or draw an area on the
          map (▱ Polygon, key P) and create a threat from it here.
        </p>
      )}
      {ranking && ranking.ranked.length > 0 && (
        <ol className="thr-list" data-testid="threat-list">
          {ranking.ranked.map((r) => <ThreatRow key={r.threat.id} r={r} />)}
        </ol>
      )}
      {ranking && ranking.archived.length > 0 && (
        <details className="thr-archived">
          <summary>Archived ({ranking.archived.length})</summary>
          <ul className="thr-plain">
            {ranking.archived.map((t) => (
              <li key={t.id}>
                <span>{t.title}</span>{' '}
                <button type="button" className="thr-small" onClick={() => threatActions.restore(t.id)}>Restore</button>{' '}
                <button type="button" className="thr-small" onClick={() => threatActions.edit(t.id)}>Open</button>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function CreateRow(): React.JSX.Element {
  const shape = useStore((s) => s.selectionShape);
  const { view } = useCandidateView();
  const [pick, setPick] = useState('');
  const hotspots = view?.visible ?? [];
  const chosen = hotspots.find((c) => c.id === pick) ?? hotspots[0];
  return (
    <div className="thr-create">
      <button type="button" disabled={!shape} onClick={() => threatActions.createFromSelection()} data-testid="threat-from-selection"
        title={shape ? 'A draft threat over the shape drawn on the map, pre-filled from its evidence' : 'Draw a polygon (P) or a circle (O) on the map first'}>
        + From the drawn area
      </button>
      <span className="thr-create-hotspot">
        <select value={chosen?.id ?? ''} onChange={(e) => setPick(e.target.value)} disabled={!hotspots.length} aria-label="Hotspot to create a threat from">
          {hotspots.length ? hotspots.map((c) => <option key={c.id} value={c.id}>{c.label}</option>) : <option value="">No hotspot proposed yet</option>}
        </select>
        <button type="button" disabled={!chosen} onClick={() => { if (chosen) threatActions.acceptCandidate(chosen); }}>+ From hotspot</button>
      </span>
    </div>
  );
}

function ThreatRow({ r }: { r: RankedThreat }): React.JSX.Element {
  const selected = useThreats((s) => s.selectedId === r.threat.id);
  const t = r.threat;
  const flag = flagOf(r.result.flags);
  return (
    <li
      className={`thr-row${selected ? ' thr-selected' : ''}`} data-testid="threat-row" data-threat-id={t.id} data-rank={r.rank}
      data-score={r.result.score} data-flag={flag}
    >
      <div className="thr-row-head">
        <span className={`thr-rank thr-flag-${flag}`} aria-label={`Rank ${r.rank}`}>T{r.rank}</span>
        <button type="button" className="thr-link thr-title" onClick={() => threatActions.select(t.id, { fly: true })} aria-expanded={selected}>
          {t.title}
        </button>
        <span className="thr-score" title="Risk score" data-testid="threat-score">{fmtScore(r.result.score)}</span>
      </div>
      <div className="thr-chips">
        {flag !== 'below' && <span className={`thr-chip thr-chip-${flag}`}>{FLAG_LABELS[flag]}</span>}
        <span className="thr-chip">{phaseLabel(t.phase)}</span>
        <span className="thr-chip">{STATUS_LABELS[t.status]}</span>
        <span className="thr-chip thr-chip-plain">L{t.likelihood} × I{t.impact}</span>
        {t.owner && <span className="thr-chip thr-chip-plain">{t.owner}</span>}
      </div>
      {selected && (
        <div className="thr-detail">
          <p className="thr-muted">{perpetratorText(t.perpetrator)} · {typesText(t.threatTypes)}</p>
          <ul className="thr-reasons" data-testid="threat-reasons">
            {r.result.reasons.map((x, k) => <li key={k} data-key={x.key}>{x.text}</li>)}
          </ul>
          <div className="thr-actions">
            <button type="button" onClick={() => threatActions.edit(t.id)} data-testid="edit-threat">Edit</button>
            <button type="button" onClick={() => threatActions.select(t.id, { fly: true })}>Show on map</button>
            <button type="button" onClick={() => threatActions.archive(t.id)}>Archive</button>
          </div>
        </div>
      )}
    </li>
  );
}
