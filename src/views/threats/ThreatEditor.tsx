/**
 * Editing one threat. The analyst's choices (likelihood, impact, vulnerability, host-state
 * presence, phase) sit BESIDE what the evidence suggests, with the evidence's sentence, so
 * judgement and data can be told apart. The evidence and the score are recomputed as the
 * form changes (perpetrator, types, horizon, linked incidents), before anything is saved.
 * Text typed here or read from the data is rendered as text, never as HTML.
 */
import { useId, useMemo, useState } from 'react';
import { useStore } from '../../state/store.ts';
import { useFiltered } from '../../state/filtered.ts';
import { evidenceContext, threatActions, useThreats } from '../../state/threats.ts';
import { PERPETRATOR_TYPES, THREAT_GROUPS, THREAT_TYPES, type PerpetratorTypeId, type ThreatTypeId } from '../../domain/taxonomy.ts';
import {
  GROUPS_AT_RISK, HOST_STATE_PRESENCE, IMPACT_LABELS, LEVELS, LIKELIHOOD_LABELS, PHASES, THREAT_STATUSES, TIERS, VULNERABILITY_LABELS,
  horizonDays, type GroupAtRiskId, type HostStatePresence, type Level, type PhaseId, type PlannedAction, type Threat, type ThreatStatus, type TierId,
} from '../../threats/model.ts';
import { evidenceForThreat } from '../../threats/evidence.ts';
import { scoreThreat } from '../../threats/scoring.ts';
import { suggestPhase } from '../../threats/candidates.ts';
import { FLAG_LABELS, STATUS_LABELS, flagOf, fmtScore, phaseLabel } from './format.ts';

/** Linking more incidents than this by filter would bloat the saved register; narrow the filter first. */
const MAX_LINKED = 5_000;

export function ThreatEditor({ id }: { id: string }): React.JSX.Element {
  const dataset = useStore((s) => s.dataset);
  const saved = useThreats((s) => s.register.threats.find((t) => t.id === id) ?? null);
  const weights = useThreats((s) => s.register.weights);
  const [draft, setDraft] = useState<Threat | null>(saved);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const perpNames = useMemo(() => [...new Set(dataset?.incidents.strings.perpetrators ?? [])].filter(Boolean).sort(), [dataset]);
  const ev = useMemo(
    () => (dataset && draft ? evidenceForThreat(evidenceContext(dataset), draft) : null),
    // Only the fields the evidence reads: typing a title does not recount incidents.
    [dataset, draft?.area, draft?.perpetrator, draft?.threatTypes, draft?.timeHorizon, draft?.evidenceIncidentIds],
  );
  const uid = useId();
  if (!saved || !draft || !dataset || !ev) {
    return <p className="thr-muted">This threat is no longer in the register. <button type="button" onClick={() => threatActions.edit(null)}>Back</button></p>;
  }
  const patch = (p: Partial<Threat>): void => setDraft({ ...draft, ...p });
  const score = scoreThreat(draft, ev, weights);
  const flag = flagOf(score.flags);
  const s = ev.suggested;
  const save = (): void => {
    const { schema: _s, id: _i, createdAt: _c, ...rest } = draft;
    threatActions.update(id, { ...rest, title: rest.title.trim() || saved.title });
    threatActions.edit(null);
  };

  return (
    <form className="thr-editor" data-testid="threat-editor" onSubmit={(e) => { e.preventDefault(); save(); }}>
      <div className="thr-editor-head">
        <strong>Edit threat</strong>
        <span className="thr-score" data-testid="editor-score">risk {fmtScore(score.score)}</span>
        {flag !== 'below' && <span className={`thr-chip thr-chip-${flag}`}>{FLAG_LABELS[flag]}</span>}
      </div>

      <label className="thr-field">Title
        <input value={draft.title} onChange={(e) => patch({ title: e.target.value })} data-testid="edit-title" required />
      </label>

      <fieldset className="thr-fieldset">
        <legend>Perpetrator</legend>
        <label className="thr-field">Name
          <input list={`${uid}-perps`} value={draft.perpetrator.name ?? ''} placeholder="Any name"
            onChange={(e) => patch({ perpetrator: { ...draft.perpetrator, name: e.target.value.trim() ? e.target.value : null } })} />
          <datalist id={`${uid}-perps`}>{perpNames.map((n) => <option key={n} value={n} />)}</datalist>
        </label>
        <label className="thr-field">Type
          <select value={draft.perpetrator.type ?? ''} onChange={(e) => patch({ perpetrator: { ...draft.perpetrator, type: (e.target.value || null) as PerpetratorTypeId | null } })}>
            <option value="">Any type</option>
            {PERPETRATOR_TYPES.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
          </select>
        </label>
      </fieldset>

      <fieldset className="thr-fieldset">
        <legend>Threat types <span className="thr-muted">({draft.threatTypes.length ? draft.threatTypes.length : 'none ticked = all types'})</span></legend>
        <div className="thr-types">
          {THREAT_GROUPS.map((g) => (
            <div key={g.id} className="thr-type-group">
              <div className="thr-muted">{g.label}</div>
              {THREAT_TYPES.filter((t) => t.group === g.id).map((t) => (
                <label key={t.id} className="thr-check">
                  <input type="checkbox" checked={draft.threatTypes.includes(t.id)} onChange={(e) => {
                    const next = e.target.checked ? [...draft.threatTypes, t.id] : draft.threatTypes.filter((x) => x !== t.id);
                    patch({ threatTypes: THREAT_TYPES.map((x) => x.id).filter((x): x is ThreatTypeId => next.includes(x)) });
                  }} />
                  {t.label}
                </label>
              ))}
            </div>
          ))}
        </div>
      </fieldset>

      <fieldset className="thr-fieldset">
        <legend>Time horizon <span className="thr-muted">({horizonDays(draft.timeHorizon)} days)</span></legend>
        <div className="thr-inline">
          <label>From <input type="date" value={draft.timeHorizon.start} onChange={(e) => e.target.value && patch({ timeHorizon: { ...draft.timeHorizon, start: e.target.value } })} /></label>
          <label>to <input type="date" value={draft.timeHorizon.end} onChange={(e) => e.target.value && patch({ timeHorizon: { ...draft.timeHorizon, end: e.target.value } })} /></label>
        </div>
      </fieldset>

      <LevelChoice label="Likelihood" value={draft.likelihood} labels={LIKELIHOOD_LABELS} suggested={s.likelihood.level} why={s.likelihood.why.text}
        onChange={(v) => patch({ likelihood: v })} testid="edit-likelihood" />
      <LevelChoice label="Impact" value={draft.impact} labels={IMPACT_LABELS} suggested={s.impact.level} why={s.impact.why.text}
        onChange={(v) => patch({ impact: v })} testid="edit-impact" />

      <fieldset className="thr-fieldset">
        <legend>Vulnerability of the people exposed</legend>
        <div className="thr-beside">
          <select value={draft.vulnerability.level ?? ''} onChange={(e) => patch({ vulnerability: { ...draft.vulnerability, level: e.target.value ? (Number(e.target.value) as Level) : null } })}>
            <option value="">From the evidence ({s.vulnerability.level})</option>
            {LEVELS.map((l) => <option key={l} value={l}>{l} — {VULNERABILITY_LABELS[l]}</option>)}
          </select>
          <p className="thr-evidence">{s.vulnerability.why.text}</p>
        </div>
        <div className="thr-checks">
          {GROUPS_AT_RISK.map((g) => (
            <label key={g.id} className="thr-check">
              <input type="checkbox" checked={draft.vulnerability.groupsAtRisk.includes(g.id)} onChange={(e) => {
                const list: GroupAtRiskId[] = e.target.checked ? [...draft.vulnerability.groupsAtRisk, g.id] : draft.vulnerability.groupsAtRisk.filter((x) => x !== g.id);
                patch({ vulnerability: { ...draft.vulnerability, groupsAtRisk: list } });
              }} />
              {g.label}
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset className="thr-fieldset">
        <legend>Capacity to protect</legend>
        <label className="thr-field">Host-state presence
          <select value={draft.hostStatePresence} onChange={(e) => patch({ hostStatePresence: e.target.value as HostStatePresence })} data-testid="edit-host">
            {HOST_STATE_PRESENCE.map((h) => <option key={h.id} value={h.id}>{h.label}</option>)}
          </select>
        </label>
        <p className="thr-evidence"><span className="thr-ev-tag">Mission reach</span> {ev.reasons.find((r) => r.key === 'reach')?.text}</p>
      </fieldset>

      <label className="thr-field">Phase
        <select value={draft.phase} onChange={(e) => patch({ phase: e.target.value as PhaseId })}>
          {PHASES.map((p) => <option key={p.id} value={p.id}>{p.label} — {p.hint}</option>)}
        </select>
      </label>
      <p className="thr-evidence">Evidence suggests {phaseLabel(suggestPhase(ev)).toLowerCase()}: {ev.reasons[0]?.text}</p>

      <fieldset className="thr-fieldset">
        <legend>Planned actions</legend>
        {TIERS.map((tier) => (
          <TierActions key={tier.id} tier={tier.id} label={tier.label} list={draft.actions[tier.id]}
            onChange={(list) => patch({ actions: { ...draft.actions, [tier.id]: list } })} />
        ))}
      </fieldset>

      <LinkedEvidence draft={draft} onChange={(ids) => patch({ evidenceIncidentIds: ids })} linkedReason={ev.reasons.find((r) => r.key === 'linked')?.text ?? null} />

      <div className="thr-inline">
        <label className="thr-field">Owner
          <input value={draft.owner} onChange={(e) => patch({ owner: e.target.value })} placeholder="Who follows this threat" />
        </label>
        <label className="thr-field">Status
          <select value={draft.status} onChange={(e) => patch({ status: e.target.value as ThreatStatus })}>
            {THREAT_STATUSES.map((st) => <option key={st} value={st}>{STATUS_LABELS[st]}</option>)}
          </select>
        </label>
      </div>
      <label className="thr-field">Notes
        <textarea rows={2} value={draft.notes} onChange={(e) => patch({ notes: e.target.value })} />
      </label>

      <details className="thr-why">
        <summary>Evidence and score in words</summary>
        <ul className="thr-reasons">{score.reasons.map((r, k) => <li key={k}>{r.text}</li>)}</ul>
      </details>

      <div className="thr-actions thr-sticky">
        <button type="submit" className="thr-primary" data-testid="save-threat">Save</button>
        <button type="button" onClick={() => threatActions.edit(null)}>Cancel</button>
        {saved.status !== 'archived'
          ? <button type="button" onClick={() => { threatActions.archive(id); threatActions.edit(null); }}>Archive</button>
          : <button type="button" onClick={() => threatActions.restore(id)}>Restore</button>}
        {confirmDelete
          ? <button type="button" className="thr-danger" onClick={() => threatActions.remove(id)}>Delete for good</button>
          : <button type="button" onClick={() => setConfirmDelete(true)}>Delete…</button>}
      </div>
    </form>
  );
}

/** The analyst's 1–5 choice, with the evidence's suggestion and its sentence beside it. */
function LevelChoice({ label, value, labels, suggested, why, onChange, testid }: {
  label: string; value: Level; labels: Readonly<Record<Level, string>>; suggested: Level; why: string; onChange(v: Level): void; testid: string;
}): React.JSX.Element {
  return (
    <fieldset className="thr-fieldset" data-testid={testid} data-value={value} data-suggested={suggested}>
      <legend>{label}: <strong>{value} — {labels[value]}</strong></legend>
      <div className="thr-beside">
        <div className="thr-levels" role="radiogroup" aria-label={label}>
          {LEVELS.map((l) => (
            <button key={l} type="button" role="radio" aria-checked={value === l} className={`thr-level${value === l ? ' active' : ''}${suggested === l ? ' suggested' : ''}`}
              title={`${l} — ${labels[l]}${suggested === l ? ' (suggested by the evidence)' : ''}`} onClick={() => onChange(l)}>
              {l}
            </button>
          ))}
        </div>
        <p className="thr-evidence">{why}</p>
      </div>
    </fieldset>
  );
}

function TierActions({ tier, label, list, onChange }: { tier: TierId; label: string; list: PlannedAction[]; onChange(l: PlannedAction[]): void }): React.JSX.Element {
  const set = (k: number, p: Partial<PlannedAction>): void => onChange(list.map((a, q) => (q === k ? { ...a, ...p } : a)));
  return (
    <div className="thr-tier" data-tier={tier}>
      <div className="thr-tier-head">
        <span>{label}</span>
        <button type="button" className="thr-small" onClick={() => onChange([...list, { text: '', owner: '', due: null, done: false }])}>+ Action</button>
      </div>
      {list.map((a, k) => (
        <div key={k} className="thr-action-row">
          <input type="checkbox" checked={a.done} onChange={(e) => set(k, { done: e.target.checked })} aria-label="Done" />
          <input className="thr-grow" value={a.text} placeholder="What" onChange={(e) => set(k, { text: e.target.value })} />
          <input className="thr-owner" value={a.owner} placeholder="Who" onChange={(e) => set(k, { owner: e.target.value })} />
          <input type="date" value={a.due ?? ''} onChange={(e) => set(k, { due: e.target.value || null })} aria-label="Due" />
          <button type="button" className="thr-small" aria-label="Remove action" onClick={() => onChange(list.filter((_, q) => q !== k))}>×</button>
        </div>
      ))}
    </div>
  );
}

/** Incidents the analyst links as evidence: those selected on the map, or those passing the filters. */
function LinkedEvidence({ draft, onChange, linkedReason }: { draft: Threat; onChange(ids: string[]): void; linkedReason: string | null }): React.JSX.Element {
  const dataset = useStore((s) => s.dataset);
  const selection = useStore((s) => s.filter.selection ?? null);
  const filtered = useFiltered();
  const ids = (idx: ArrayLike<number>): string[] => {
    const t = dataset!.incidents;
    const out = new Set(draft.evidenceIncidentIds);
    for (let k = 0; k < idx.length; k++) out.add(t.ids[idx[k]!]!);
    return [...out];
  };
  const nFiltered = filtered?.count ?? 0;
  return (
    <fieldset className="thr-fieldset">
      <legend>Linked incidents <span className="thr-muted">({draft.evidenceIncidentIds.length})</span></legend>
      <div className="thr-inline">
        <button type="button" className="thr-small" disabled={!selection?.length} onClick={() => selection && onChange(ids(selection))}>
          Link {selection?.length ?? 0} selected on the map
        </button>
        <button type="button" className="thr-small" disabled={!filtered || nFiltered === 0 || nFiltered > MAX_LINKED} onClick={() => filtered && onChange(ids(filtered.indices))}
          title={nFiltered > MAX_LINKED ? `More than ${MAX_LINKED.toLocaleString('en')}: narrow the filters first` : undefined}>
          Link {nFiltered.toLocaleString('en')} passing the filters
        </button>
        <button type="button" className="thr-small" disabled={!draft.evidenceIncidentIds.length} onClick={() => onChange([])}>Clear</button>
      </div>
      {linkedReason && <p className="thr-evidence">{linkedReason}</p>}
    </fieldset>
  );
}
