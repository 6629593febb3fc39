/**
 * Candidate threats proposed from the analysis (density hotspots and emerging hot spots),
 * pre-filled with a dominant perpetrator, types, suggested levels and their evidence. The
 * analyst accepts one (it joins the register), merges two or more (one threat over all
 * their areas), or dismisses it (it stays dismissed when the analysis is re-run).
 */
import { useState } from 'react';
import { threatActions, useCandidateView, useThreats } from '../../state/threats.ts';
import { useAnalysis } from '../../state/analysis.ts';
import { draftThreat, suggestPhase, type ThreatCandidate } from '../../threats/candidates.ts';
import { scoreThreat } from '../../threats/scoring.ts';
import { FLAG_LABELS, flagOf, fmtScore, perpetratorText, phaseLabel, typesText } from './format.ts';

export function Candidates(): React.JSX.Element {
  const { run, view } = useCandidateView();
  const dismissed = useThreats((s) => s.register.dismissed.length);
  const analysis = useAnalysis((s) => s.run);
  const [picked, setPicked] = useState<string[]>([]);
  const visible = view?.visible ?? [];
  const pickedCands = visible.filter((c) => picked.includes(c.id));
  const status = run.phase === 'running' ? 'Proposing candidates from the hotspots…'
    : run.phase === 'waiting' ? `Waiting for the hotspot analysis${analysis.phase === 'running' ? ` (${analysis.step}, ${Math.round(analysis.progress * 100)} %)` : ''}…`
      : run.phase === 'error' ? `No candidates: ${run.error ?? 'the analysis failed'}`
        : run.phase === 'idle' ? (run.error ?? 'Candidates appear once the hotspot analysis has run.')
          : `${visible.length} candidate${visible.length === 1 ? '' : 's'} from the hotspots of the incidents passing your filters.`;
  return (
    <div className="thr-candidates" data-testid="candidates" data-phase={run.phase} data-count={visible.length}>
      <p className={run.phase === 'error' ? 'thr-error' : 'thr-muted'} aria-live="polite">{status}</p>
      {visible.length > 0 && (
        <div className="thr-actions">
          <button type="button" disabled={pickedCands.length < 2} onClick={() => { threatActions.merge(pickedCands); setPicked([]); }} data-testid="merge-candidates">
            Merge {pickedCands.length >= 2 ? pickedCands.length : ''} ticked
          </button>
          {dismissed > 0 && <button type="button" onClick={() => threatActions.restoreDismissed()}>Show {dismissed} dismissed again</button>}
        </div>
      )}
      <ol className="thr-list">
        {visible.map((c, k) => (
          <CandidateCard key={c.id} c={c} n={k + 1} picked={picked.includes(c.id)}
            onPick={(on) => setPicked(on ? [...picked, c.id] : picked.filter((x) => x !== c.id))} />
        ))}
      </ol>
      {run.phase === 'done' && visible.length === 0 && <p className="thr-muted">Every candidate has been accepted, merged or dismissed.</p>}
    </div>
  );
}

function CandidateCard({ c, n, picked, onPick }: { c: ThreatCandidate; n: number; picked: boolean; onPick(on: boolean): void }): React.JSX.Element {
  const weights = useThreats((s) => s.register.weights);
  const draft = draftThreat(c, '1970-01-01T00:00:00.000Z');
  const score = scoreThreat(draft, c.evidence, weights);
  const flag = flagOf(score.flags);
  const s = c.evidence.suggested;
  return (
    <li className="thr-row thr-candidate" data-testid="candidate" data-candidate-id={c.id}>
      <div className="thr-row-head">
        <input type="checkbox" checked={picked} onChange={(e) => onPick(e.target.checked)} aria-label={`Tick ${c.label} to merge`} />
        <span className="thr-rank thr-cand">C{n}</span>
        <span className="thr-title">{c.title}</span>
        <span className="thr-score" title="Draft risk score with the suggested levels">{fmtScore(score.score)}</span>
      </div>
      <div className="thr-chips">
        {flag !== 'below' && <span className={`thr-chip thr-chip-${flag}`}>{FLAG_LABELS[flag]}</span>}
        <span className="thr-chip">{phaseLabel(suggestPhase(c.evidence))}</span>
        <span className="thr-chip thr-chip-plain">L{s.likelihood.level} × I{s.impact.level}</span>
        <span className="thr-chip thr-chip-plain">{c.areaIncidents.length.toLocaleString('en')} incidents in the area, 120 days</span>
      </div>
      <p className="thr-muted">{perpetratorText(c.perpetrator)} · {typesText(c.threatTypes)}</p>
      <ul className="thr-reasons">{c.evidence.reasons.map((r, k) => <li key={k}>{r.text}</li>)}</ul>
      {c.overlapsWith.length > 0 && <p className="thr-hint">Shares incidents with {c.overlapsWith.length} other candidate{c.overlapsWith.length === 1 ? '' : 's'}: consider merging.</p>}
      <div className="thr-actions">
        <button type="button" className="thr-primary" onClick={() => threatActions.acceptCandidate(c)} data-testid="accept-candidate">Accept</button>
        <button type="button" onClick={() => threatActions.dismiss(c)} data-testid="dismiss-candidate">Dismiss</button>
        {c.origin === 'merged' && <button type="button" onClick={() => threatActions.unmerge(c.mergedFrom)}>Unmerge</button>}
      </div>
    </li>
  );
}
