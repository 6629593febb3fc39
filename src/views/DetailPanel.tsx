/** Right panel: details of the clicked incident, presence or displacement site. Escape closes it. */
import { useEffect, useRef } from 'react';
import { actions, useStore } from '../state/store.ts';
import { incidentAt } from '../domain/incidents.ts';
import {
  DATE_PRECISIONS, LOCATION_PRECISIONS, MOBILITY_MODES, PERPETRATOR_TYPES, PRESENCE_TYPES, SOURCE_RELIABILITY, SOURCE_TYPES, THREAT_GROUPS, THREAT_TYPES,
} from '../domain/taxonomy.ts';

const label = (table: readonly { id: string; label: string }[], id: string): string => table.find((t) => t.id === id)?.label ?? id;

function Row({ k, v }: { k: string; v: React.ReactNode }): React.JSX.Element {
  return (<><dt>{k}</dt><dd>{v}</dd></>);
}

export function DetailPanel(): React.JSX.Element | null {
  const selection = useStore((s) => s.selection);
  const dataset = useStore((s) => s.dataset);
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!selection) return;
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent): void => { if (e.key === 'Escape') actions.select(null); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [selection]);

  if (!selection || !dataset) return null;
  let title = '';
  let body: React.ReactNode = null;
  if (selection.kind === 'incident') {
    const r = incidentAt(dataset.incidents, selection.index);
    const type = THREAT_TYPES.find((t) => t.id === r.threatType)!;
    title = `Incident ${r.id}`;
    body = (
      <dl>
        <Row k="Threat type" v={`${type.label} (${label(THREAT_GROUPS, type.group)})`} />
        <Row k="Date" v={`${r.date} — ${label(DATE_PRECISIONS, r.datePrecision).toLowerCase()}`} />
        <Row k="Location" v={`${r.lat.toFixed(4)}, ${r.lon.toFixed(4)} — ${label(LOCATION_PRECISIONS, r.locationPrecision).toLowerCase()}`} />
        <Row k="Perpetrator" v={`${r.perpetrator || 'Unknown'} (${label(PERPETRATOR_TYPES, r.perpetratorType)})`} />
        <Row k="Civilians killed" v={r.fatalities} />
        <Row k="Injured" v={r.injured} />
        <Row k="Victims" v={`women ${r.victims.women}, men ${r.victims.men}, girls ${r.victims.girls}, boys ${r.victims.boys}, unknown ${r.victims.unknown}`} />
        <Row k="Source" v={`${label(SOURCE_TYPES, r.sourceType)}, reliability ${label(SOURCE_RELIABILITY, r.sourceReliability)}`} />
        <Row k="Description" v={r.description} />
      </dl>
    );
  } else if (selection.kind === 'presence') {
    const p = dataset.presences[selection.index]!;
    title = p.name;
    body = (
      <dl>
        <Row k="Type" v={label(PRESENCE_TYPES, p.type)} />
        <Row k="Component" v={p.component} />
        <Row k="Strength" v={`${p.strength.toLocaleString('en')} personnel`} />
        <Row k="Location" v={`${p.lat.toFixed(4)}, ${p.lon.toFixed(4)}`} />
        {MOBILITY_MODES.map((m) => (
          <Row key={m.id} k={`Reach — ${m.label.toLowerCase()}`} v={p.reachKm[m.id] > 0 ? `${p.reachKm[m.id]} km` : 'not available'} />
        ))}
      </dl>
    );
  } else {
    const s = dataset.sites[selection.index]!;
    title = s.name;
    body = (
      <dl>
        <Row k="Kind" v={s.kind.replace('_', ' ')} />
        <Row k="People" v={`~${s.population.toLocaleString('en')}`} />
        <Row k="Location" v={`${s.lat.toFixed(4)}, ${s.lon.toFixed(4)}`} />
      </dl>
    );
  }
  return (
    <aside className="detail-panel" aria-label="Details" data-testid="detail-panel">
      <div className="detail-head">
        <h2>{title}</h2>
        <button ref={closeRef} onClick={() => actions.select(null)} aria-label="Close details">×</button>
      </div>
      {body}
    </aside>
  );
}
