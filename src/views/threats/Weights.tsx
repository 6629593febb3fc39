/**
 * The scoring weights, with their allowed ranges and what each does, saved with the
 * register. Changing one re-ranks the register at once; the ranking below shows it, and
 * every threat's reasons name the weight they used.
 */
import { useEffect, useState } from 'react';
import { threatActions, useRanking, useThreats } from '../../state/threats.ts';
import { DEFAULT_WEIGHTS, WEIGHT_RANGES, type ScoringWeights } from '../../threats/scoring.ts';
import { flagOf, fmtScore } from './format.ts';

const KEYS = Object.keys(WEIGHT_RANGES) as (keyof ScoringWeights)[];

export function Weights(): React.JSX.Element {
  const weights = useThreats((s) => s.register.weights);
  const ranking = useRanking();
  const [errors, setErrors] = useState<string[]>([]);
  return (
    <div className="thr-weights">
      <p className="thr-muted">
        risk = likelihood × impact × (1 + w<sub>vuln</sub>·(V−1)/4) × (1 + w<sub>reach</sub>·g) × (1 + w<sub>host</sub>·h) × (1 + w<sub>atrocity</sub>·a).
        A weight of 0 switches its factor off. See docs/threat-scoring.md.
      </p>
      {KEYS.map((k) => <WeightField key={k} k={k} value={weights[k]} onErrors={setErrors} />)}
      {errors.length > 0 && <ul className="thr-problems">{errors.map((e) => <li key={e}>{e}</li>)}</ul>}
      <div className="thr-actions">
        <button type="button" onClick={() => { threatActions.resetWeights(); setErrors([]); }} disabled={KEYS.every((k) => weights[k] === DEFAULT_WEIGHTS[k])}>Defaults</button>
      </div>
      <h4 className="thr-h4">Ranking with these weights</h4>
      {ranking && ranking.ranked.length ? (
        <ol className="thr-mini-rank" data-testid="weights-ranking">
          {ranking.ranked.map((r) => (
            <li key={r.threat.id} data-threat-id={r.threat.id} data-score={r.result.score}>
              <span className={`thr-rank thr-flag-${flagOf(r.result.flags)}`}>T{r.rank}</span>
              <span className="thr-ellipsis">{r.threat.title}</span>
              <span className="thr-score">{fmtScore(r.result.score)}</span>
            </li>
          ))}
        </ol>
      ) : <p className="thr-muted">No threats to rank yet.</p>}
    </div>
  );
}

function WeightField({ k, value, onErrors }: { k: keyof ScoringWeights; value: number; onErrors(e: string[]): void }): React.JSX.Element {
  const r = WEIGHT_RANGES[k];
  const [draft, setDraft] = useState(String(value));
  useEffect(() => setDraft(String(value)), [value]);
  const step = k === 'highRiskThreshold' ? 1 : 0.05;
  const commit = (text: string): void => {
    setDraft(text);
    const v = Number(text);
    if (text.trim() === '' || !Number.isFinite(v)) return;
    onErrors(threatActions.setWeights({ [k]: v }));
  };
  const invalid = draft.trim() === '' || !Number.isFinite(Number(draft)) || Number(draft) < r.min || Number(draft) > r.max;
  return (
    <div className="thr-weight">
      <label htmlFor={`w-${k}`}>{r.label} <span className="thr-muted">({r.min}–{r.max}, default {DEFAULT_WEIGHTS[k]})</span></label>
      <div className="thr-inline">
        <input type="range" min={r.min} max={k === 'highRiskThreshold' ? 100 : r.max} step={step} value={Math.min(value, k === 'highRiskThreshold' ? 100 : r.max)}
          onChange={(e) => commit(e.target.value)} aria-label={`${r.label} slider`} />
        <input id={`w-${k}`} type="number" min={r.min} max={r.max} step={step} value={draft} aria-invalid={invalid}
          onChange={(e) => commit(e.target.value)} data-testid={`weight-${k}`} />
      </div>
      <p className="thr-hint">{r.help}</p>
    </div>
  );
}
