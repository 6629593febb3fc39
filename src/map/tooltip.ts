/** One-line hover text for whatever is under the pointer. Plain text: never HTML. */
import type { Dataset } from '../io/dataset.ts';
import { isoFromDay } from '../domain/incidents.ts';
import { PRESENCE_TYPES, THREAT_TYPES } from '../domain/taxonomy.ts';
import type { Presence, Settlement } from '../domain/presence.ts';

export function hoverText(d: Dataset, layerId: string, index: number, object: unknown): string | null {
  if (layerId === 'incidents') {
    const t = d.incidents;
    const type = THREAT_TYPES[t.threatType[index]!]?.label ?? '';
    const killed = t.fatalities[index]!;
    return `${isoFromDay(t.day[index]!)} · ${type}${killed ? ` · ${killed} killed` : ''} · ${t.strings.perpetrators[t.perpetrator[index]!] ?? ''}`;
  }
  if (layerId === 'presences') {
    const p = object as Presence;
    const type = PRESENCE_TYPES.find((x) => x.id === p.type)?.label ?? p.type;
    return `${p.name} · ${type} · ${p.strength} personnel`;
  }
  if (layerId === 'settlements') {
    const s = object as Settlement;
    return `${s.name} · population ${s.population.toLocaleString('en')}`;
  }
  if (layerId === 'sites') {
    const s = d.sites[index];
    return s ? `${s.name} · displacement site · ~${s.population.toLocaleString('en')} people` : null;
  }
  return null;
}
