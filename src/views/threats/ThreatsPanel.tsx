/**
 * The threat register panel (right panel, tab "Threats", shortcut R): owns the sub-views
 * (register, candidates, weights, matrix, early warning, reviews, own harm), the own-harm
 * notice and the map legend of the threat layers. The state is src/state/threats.ts; the
 * numbers come from src/threats/ (docs/threat-scoring.md).
 */
import { useEffect, useMemo } from 'react';
import { actions, useStore } from '../../state/store.ts';
import { threatActions, useCandidateView, useRanking, useThreats, type ThreatsViewId } from '../../state/threats.ts';
import { ownHarmHiddenBy, withOwnHarmVisible } from '../../threats/ownHarm.ts';
import { Register } from './Register.tsx';
import { Candidates } from './Candidates.tsx';
import { Weights } from './Weights.tsx';
import { Matrix } from './Matrix.tsx';
import { EarlyWarningView } from './EarlyWarning.tsx';
import { Reviews } from './Reviews.tsx';
import { OwnHarm } from './OwnHarm.tsx';
import { MapLegend } from './Legend.tsx';
import './threats.css';

const VIEWS: readonly { id: ThreatsViewId; label: string }[] = [
  { id: 'register', label: 'Register' },
  { id: 'candidates', label: 'Candidates' },
  { id: 'weights', label: 'Weights' },
  { id: 'matrix', label: 'Matrix' },
  { id: 'warning', label: 'Early warning' },
  { id: 'reviews', label: 'Reviews' },
  { id: 'ownHarm', label: 'Own harm' },
];

export function ThreatsPanel(): React.JSX.Element {
  useEffect(() => threatActions.panelOpened(), []);
  const view = useThreats((s) => s.view);
  const ranking = useRanking();
  const { view: cands } = useCandidateView();
  const counts: Partial<Record<ThreatsViewId, number>> = {
    register: ranking?.ranked.length ?? 0,
    candidates: cands?.visible.length ?? 0,
  };
  return (
    <div className="thr-panel" data-testid="threats-panel">
      <OwnHarmNotice />
      <Notices />
      <div className="thr-views" role="tablist" aria-label="Threat register views">
        {VIEWS.map((v) => (
          <button
            key={v.id} role="tab" aria-selected={view === v.id} className={view === v.id ? 'active' : ''}
            onClick={() => threatActions.setView(v.id)} data-testid={`threats-view-${v.id}`}
          >
            {v.label}{counts[v.id] !== undefined ? <span className="thr-count"> {counts[v.id]}</span> : null}
          </button>
        ))}
      </div>
      <div className="thr-body">
        {view === 'register' && <Register />}
        {view === 'candidates' && <Candidates />}
        {view === 'weights' && <Weights />}
        {view === 'matrix' && <Matrix />}
        {view === 'warning' && <EarlyWarningView />}
        {view === 'reviews' && <Reviews />}
        {view === 'ownHarm' && <OwnHarm />}
      </div>
      <MapLegend />
    </div>
  );
}

/**
 * Own harm must never be hidden by a perpetrator choice (policy paras 54–55): when the
 * analyst's filter would hide some, say how many and offer to show them.
 */
function OwnHarmNotice(): React.JSX.Element | null {
  const dataset = useStore((s) => s.dataset);
  const filter = useStore((s) => s.filter);
  const hidden = useMemo(() => (dataset ? ownHarmHiddenBy(dataset.incidents, filter, { ignorePeriod: true }) : 0), [dataset, filter]);
  if (!dataset || hidden === 0) return null;
  return (
    <div className="thr-notice thr-warn" role="status" data-testid="own-harm-hidden" data-count={hidden}>
      Your perpetrator filter hides {hidden.toLocaleString('en')} incident{hidden === 1 ? '' : 's'} attributed to the mission or
      partnered forces.{' '}
      <button type="button" onClick={() => actions.setFilter(withOwnHarmVisible(filter, dataset.incidents))}>Show them too</button>
    </div>
  );
}

/** What could not be read from the saved register (kept aside, never dropped). */
function Notices(): React.JSX.Element | null {
  const problems = useThreats((s) => s.loadProblems);
  if (!problems.length) return null;
  return (
    <div className="thr-notice" role="status">
      <ul className="thr-problems">{problems.map((p, k) => <li key={k}>{p}</li>)}</ul>
      <button type="button" onClick={() => threatActions.dismissLoadProblems()}>OK</button>
    </div>
  );
}
