/**
 * The planner's edit controls: dropping and listing temporary bases, what the scenario
 * changed on the dataset's presences, the per-presence figures with the editor of the
 * selected presence, and patrol ranges per presence type.
 */
import { useState } from 'react';
import { actions, useStore } from '../../state/store.ts';
import { plannerActions, usePlan, usePlanner, type PlannerResults } from '../../state/planner.ts';
import { MOBILITY_MODES, PRESENCE_TYPES, type MobilityModeId, type PresenceTypeId } from '../../domain/taxonomy.ts';
import type { Reach } from '../../domain/presence.ts';
import { distanceKm } from '../../domain/geo.ts';
import { editCount, fmtInt, fmtKm, type PlanPresence } from './planModel.ts';
import { clickRow, KmInput, Section } from './ui.tsx';

const TYPE_LABEL = (t: PresenceTypeId): string => PRESENCE_TYPES.find((x) => x.id === t)!.label;
const SHORT_TYPE: Record<PresenceTypeId, string> = {
  mission_hq: 'Mission HQ', sector_hq: 'Sector HQ', operating_base: 'Company / TOB', police_base: 'FPU base', field_office: 'Field office', poc_site: 'POC site',
};

function flyToPresence(p: { lon: number; lat: number; index: number }): void {
  if (p.index >= 0) actions.select({ kind: 'presence', index: p.index });
  actions.flyTo({ lon: p.lon, lat: p.lat, zoom: 7.5 });
}

export function WhatIfSection(): React.JSX.Element {
  const armed = usePlanner((s) => s.dropArmed);
  const edits = usePlanner((s) => s.edits);
  const plan = usePlan();
  const changed = plan.filter((p) => !p.temporary && p.status.length > 0);
  const temporary = plan.filter((p) => p.temporary);
  return (
    <Section title="What-if: temporary bases and moves" testid="planner-whatif">
      <div className="pl-row">
        <button type="button" aria-pressed={armed} className={armed ? 'pl-armed' : ''} data-testid="drop-base" onClick={() => plannerActions.armDrop()}>
          {armed ? 'Click the map to place it (Esc cancels)' : '+ Drop temporary base'}
        </button>
        <button type="button" data-testid="reset-baseline" disabled={editCount(edits) === 0} onClick={() => plannerActions.resetToBaseline()}>Reset to baseline</button>
      </div>
      <p className="pl-hint">
        Drag any presence or temporary base on the map to move it; figures and gaps follow at once. A new base has an operating
        base's patrol ranges (foot 10 km, road 50 km, no air) and adds no troops: it is a detachment of troops counted elsewhere.
      </p>
      {temporary.length > 0 && (
        <table className="pl-table pl-temp" data-testid="temp-bases">
          <thead><tr><th>Temporary base</th><th className="pl-num">Foot</th><th className="pl-num">Road</th><th className="pl-num">Air</th><th /></tr></thead>
          <tbody>{temporary.map((p) => <TemporaryRow key={p.key} p={p} />)}</tbody>
        </table>
      )}
      {changed.length > 0 && (
        <ul className="pl-changes" data-testid="changed-presences">
          {changed.map((p) => <ChangedRow key={p.key} p={p} />)}
        </ul>
      )}
    </Section>
  );
}

function TemporaryRow({ p }: { p: PlanPresence }): React.JSX.Element {
  const set = (m: MobilityModeId, v: number | null): void => plannerActions.updateTemporaryBase(p.id, { reachKm: { ...p.reachKm, [m]: v ?? 0 } });
  return (
    <tr data-testid="temp-base" data-id={p.id} data-name={p.name} data-lon={p.lon} data-lat={p.lat} data-reach-foot={p.reachKm.foot} data-reach-road={p.reachKm.road} data-reach-air={p.reachKm.air}>
      <td>
        <input className="pl-name" value={p.name} aria-label="Name of the temporary base" maxLength={40}
          onChange={(e) => plannerActions.updateTemporaryBase(p.id, { name: e.target.value })} />
      </td>
      {MOBILITY_MODES.map((m) => (
        <td key={m.id} className="pl-num"><KmInput value={p.reachKm[m.id]} label={`${m.label} range of ${p.name}, km`} onChange={(v) => set(m.id, v)} width={46} /></td>
      ))}
      <td className="pl-actions">
        <button type="button" className="pl-icon" title="Show on the map" aria-label={`Show ${p.name} on the map`} onClick={() => actions.flyTo({ lon: p.lon, lat: p.lat, zoom: 7.5 })}>◎</button>
        <button type="button" className="pl-icon" title="Remove" aria-label={`Remove ${p.name}`} data-testid="temp-remove" onClick={() => plannerActions.removeTemporaryBase(p.id)}>×</button>
      </td>
    </tr>
  );
}

function ChangedRow({ p }: { p: PlanPresence }): React.JSX.Element {
  const parts: string[] = [];
  if (p.from) parts.push(`moved ${fmtKm(distanceKm(p.from.lon, p.from.lat, p.lon, p.lat))} km`);
  if (p.status.includes('range') && p.dataReachKm) {
    for (const m of MOBILITY_MODES) if (p.reachKm[m.id] !== p.dataReachKm[m.id]) parts.push(`${m.label.toLowerCase()} ${fmtKm(p.reachKm[m.id])} km (data ${fmtKm(p.dataReachKm[m.id])})`);
  }
  if (!p.active) parts.push('closed');
  return (
    <li data-testid="changed-presence" data-id={p.id}>
      <button type="button" className="pl-link" onClick={() => flyToPresence(p)}>{p.name}</button>
      <span className="pl-muted"> {parts.join(' · ')}</span>
      <span className="pl-actions">
        {p.from && <button type="button" className="pl-small" onClick={() => plannerActions.resetPosition(p.id)}>Back in place</button>}
        {!p.active && <button type="button" className="pl-small" onClick={() => plannerActions.setClosed(p.id, false)}>Reopen</button>}
      </span>
    </li>
  );
}

const LISTED = 10;

export function PresenceSection({ results }: { results: PlannerResults }): React.JSX.Element {
  const [all, setAll] = useState(false);
  const selection = useStore((s) => s.selection);
  const plan = usePlan();
  const byPop = results.primary.set === 'population';
  const rows = results.perPresence.filter((p) => p.active).sort((a, b) => (byPop ? b.population - a.population : b.weight - a.weight) || a.name.localeCompare(b.name));
  const selected = selection?.kind === 'presence' ? plan.find((p) => p.index === selection.index) : undefined;
  const ml = results.mode === 'any' ? 'widest' : results.mode;
  return (
    <Section title={`Presences (${rows.length}) — ${ml} range`} testid="planner-presences">
      {selected ? <PresenceEditor p={selected} /> : <p className="pl-hint">Select a presence (map or list) to edit its patrol ranges or close it in this scenario.</p>}
      <table className="pl-table pl-presences" data-testid="presence-list">
        <thead>
          <tr><th>Presence</th><th className="pl-num" title="Patrol range in the mode, km">km</th><th className="pl-num" title="Incidents within its range">Incidents</th><th className="pl-num" title="People in settlements and sites within its range">People</th><th className="pl-num" title="Personnel">Troops</th></tr>
        </thead>
        <tbody>
          {(all ? rows : rows.slice(0, LISTED)).map((p) => (
            <tr key={p.key} data-testid="presence-row" data-key={p.key} data-incidents={p.incidents}
              {...clickRow(() => flyToPresence(p), 'Click to select it and zoom to it')}
              className={`pl-click ${selected?.key === p.key ? 'pl-selected' : ''} ${p.temporary ? 'pl-temporary' : ''}`}>
              <td className="pl-ellipsis">{p.name}</td>
              <td className="pl-num">{fmtKm(p.reachKm)}</td>
              <td className="pl-num">{fmtInt(p.incidents)}</td>
              <td className="pl-num">{fmtInt(p.population)}</td>
              <td className="pl-num">{p.strength ? fmtInt(p.strength) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > LISTED && (
        <button type="button" className="pl-small" onClick={() => setAll(!all)}>{all ? `Top ${LISTED} only` : `Show all ${rows.length}`}</button>
      )}
      <p className="pl-hint">Incidents and people within each presence's range, shared coverage included (the mission-wide figures count each once).</p>
      <TypeReach />
    </Section>
  );
}

function PresenceEditor({ p }: { p: PlanPresence }): React.JSX.Element {
  const edits = usePlanner((s) => s.edits);
  const own = edits.reach[p.id] ?? {};
  return (
    <div className="pl-editor" data-testid="presence-editor" data-id={p.id}>
      <div className="pl-editor-head"><b>{p.name}</b> <span className="pl-muted">{TYPE_LABEL(p.type)} · {fmtInt(p.strength)} personnel</span></div>
      <div className="pl-reach">
        {MOBILITY_MODES.map((m) => (
          <label key={m.id}>
            {m.label}
            <KmInput value={p.reachKm[m.id]} label={`${m.label} range of ${p.name}, km`} testid={`reach-${m.id}`}
              onChange={(v) => plannerActions.setPresenceReach(p.id, m.id, v)} />
            <span className="pl-unit">km{own[m.id] !== undefined && p.dataReachKm ? ` (data ${fmtKm(p.dataReachKm[m.id])})` : ''}</span>
          </label>
        ))}
      </div>
      <div className="pl-row">
        <label className="pl-check"><input type="checkbox" checked={!p.active} onChange={(e) => plannerActions.setClosed(p.id, e.target.checked)} /> Closed in this scenario</label>
        {Object.keys(own).length > 0 && (
          <button type="button" className="pl-small" onClick={() => MOBILITY_MODES.forEach((m) => plannerActions.setPresenceReach(p.id, m.id, null))}>Ranges as in the data</button>
        )}
        {p.from && <button type="button" className="pl-small" onClick={() => plannerActions.resetPosition(p.id)}>Back in place</button>}
      </div>
    </div>
  );
}

/** The data's range of a type in a mode when all its presences agree, else null. */
function commonReach(plan: readonly PlanPresence[], type: PresenceTypeId, m: MobilityModeId): number | null {
  let v: number | null = null;
  for (const p of plan) {
    if (p.temporary || p.type !== type || !p.dataReachKm) continue;
    if (v === null) v = p.dataReachKm[m];
    else if (v !== p.dataReachKm[m]) return null;
  }
  return v;
}

function TypeReach(): React.JSX.Element {
  const edits = usePlanner((s) => s.edits);
  const plan = usePlan();
  const types = PRESENCE_TYPES.filter((t) => plan.some((p) => !p.temporary && p.type === t.id));
  return (
    <details className="pl-sub" data-testid="type-reach">
      <summary>Patrol ranges per presence type</summary>
      <table className="pl-table pl-types">
        <thead><tr><th>Type</th>{MOBILITY_MODES.map((m) => <th key={m.id} className="pl-num">{m.label} km</th>)}</tr></thead>
        <tbody>
          {types.map((t) => {
            const cur: Partial<Reach> = edits.typeReach[t.id] ?? {};
            return (
              <tr key={t.id}>
                <td className="pl-ellipsis" title={t.label}>{SHORT_TYPE[t.id]}</td>
                {MOBILITY_MODES.map((m) => {
                  const common = commonReach(plan, t.id, m.id);
                  return (
                    <td key={m.id} className="pl-num">
                      <KmInput value={cur[m.id] ?? null} allowEmpty placeholder={common === null ? 'data' : String(common)} width={56}
                        label={`${m.label} range of every ${t.label}, km (empty: as in the data)`} onChange={(v) => plannerActions.setTypeReach(t.id, m.id, v)} />
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="pl-hint">Empty: as in the data (placeholder). A range set on one presence wins over its type's.</p>
    </details>
  );
}
