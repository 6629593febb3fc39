/**
 * The active filters as removable chips ("Threat: Killing, Abduction ×"), plus "Clear all".
 * `filterChips` (pure) builds the chip list so the wording is testable and reusable (e.g.
 * in a printed briefing); the component only renders it.
 */
import {
  DATE_PRECISIONS, LOCATION_PRECISIONS, MOBILITY_MODES, PERPETRATOR_TYPES, SOURCE_TYPES, SOURCE_RELIABILITY, THREAT_GROUPS,
  THREAT_GROUP_OF_TYPE, THREAT_TYPES,
} from '../../domain/taxonomy.ts';
import type { CodeSet, IncidentFilter } from '../../filter/incidentFilter.ts';
import { fmt, fmtRange } from './util.ts';
import './analyst.css';

export interface FilterChip {
  key: keyof IncidentFilter;
  /** Short text on the chip. */
  label: string;
  /** The full text (tooltip), never truncated. */
  title: string;
}

export interface FilterChipsProps {
  filter: IncidentFilter;
  onChange(filter: IncidentFilter): void;
  /** The dataset's perpetrator dictionary (table.strings.perpetrators). */
  perpetratorNames: readonly string[];
  /** Names of AORs, for a filter on listed AORs. */
  aorNames?: readonly string[];
}

const MAX_ITEMS = 2;

function list(items: string[]): { short: string; full: string } {
  if (items.length === 0) return { short: 'none', full: 'none' };
  const full = items.join(', ');
  const short = items.length <= MAX_ITEMS + 1 ? full : `${items.slice(0, MAX_ITEMS).join(', ')} +${items.length - MAX_ITEMS}`;
  return { short, full };
}
const labels = (table: readonly { label: string }[], codes: CodeSet): string[] => codes.map((c) => table[c]?.label ?? `#${c}`);

/** Threat types with whole groups folded into "Group (all)". */
function threatItems(codes: CodeSet): string[] {
  const set = new Set(codes);
  const out: string[] = [];
  THREAT_GROUPS.forEach((g, gi) => {
    const types = THREAT_TYPES.flatMap((_, c) => (THREAT_GROUP_OF_TYPE[c] === gi ? [c] : []));
    const on = types.filter((c) => set.has(c));
    if (on.length === types.length && types.length > 1) out.push(`${g.label} (all)`);
    else out.push(...on.map((c) => THREAT_TYPES[c]!.label));
  });
  return out;
}

export function filterChips(f: IncidentFilter, perpetratorNames: readonly string[], aorNames: readonly string[] = []): FilterChip[] {
  const chips: FilterChip[] = [];
  const add = (key: keyof IncidentFilter, name: string, items: { short: string; full: string } | string): void => {
    const it = typeof items === 'string' ? { short: items, full: items } : items;
    chips.push({ key, label: name ? `${name}: ${it.short}` : it.short, title: name ? `${name}: ${it.full}` : it.full });
  };
  if (f.period) add('period', 'Period', fmtRange(f.period));
  if (f.threatTypes) add('threatTypes', 'Threat', list(threatItems(f.threatTypes)));
  if (f.perpetratorTypes) add('perpetratorTypes', 'Perpetrator type', list(labels(PERPETRATOR_TYPES, f.perpetratorTypes)));
  if (f.perpetrators) add('perpetrators', 'Perpetrator', list(f.perpetrators.map((p) => perpetratorNames[p] || `#${p}`)));
  if (f.fatalities) {
    const { min, max } = f.fatalities;
    add('fatalities', 'Killed', Number.isFinite(max) ? (min === max ? `${min}` : `${min}–${max}`) : `≥ ${min}`);
  }
  if (f.victims?.length) add('victims', 'Victims', list(f.victims.map((v) => (v === 'unknown' ? 'unknown sex/age' : v))));
  if (f.sourceTypes) add('sourceTypes', 'Source', list(labels(SOURCE_TYPES, f.sourceTypes)));
  if (f.sourceReliability) {
    const ids = f.sourceReliability.map((c) => SOURCE_RELIABILITY[c]?.id ?? `#${c}`);
    add('sourceReliability', 'Reliability', { short: ids.join(', ') || 'none', full: labels(SOURCE_RELIABILITY, f.sourceReliability).join('; ') || 'none' });
  }
  if (f.datePrecision) add('datePrecision', 'Date precision', list(labels(DATE_PRECISIONS, f.datePrecision)));
  if (f.locationPrecision) add('locationPrecision', 'Location precision', list(labels(LOCATION_PRECISIONS, f.locationPrecision)));
  if (f.aor) {
    const parts: string[] = [];
    if (f.aor.inside !== undefined) parts.push(f.aor.inside ? 'Inside an AOR' : 'Outside every AOR');
    if (f.aor.aors) parts.push(`AOR: ${list(f.aor.aors.map((a) => aorNames[a] ?? `#${a}`)).full}`);
    if (parts.length) add('aor', '', parts.join('; '));
  }
  if (f.range) {
    const mode = MOBILITY_MODES[f.range.mode]?.label.toLowerCase() ?? `mode ${f.range.mode}`;
    add('range', '', `${f.range.inRange ? 'Within' : 'Out of'} ${mode} range`);
  }
  if (f.selection) add('selection', 'Map selection', `${fmt(f.selection.length)} incident${f.selection.length === 1 ? '' : 's'}`);
  return chips;
}

export function removeFilterKey(f: IncidentFilter, key: keyof IncidentFilter): IncidentFilter {
  const next = { ...f };
  delete next[key];
  return next;
}

export function FilterChips({ filter, onChange, perpetratorNames, aorNames }: FilterChipsProps): React.JSX.Element | null {
  const chips = filterChips(filter, perpetratorNames, aorNames);
  if (chips.length === 0) return null;
  return (
    <div className="an-chips" data-testid="filter-chips" role="list" aria-label="Active filters">
      {chips.map((c) => (
        <span key={c.key} className="an-chip" role="listitem" title={c.title} data-filter={c.key}>
          <span className="an-chip-text">{c.label}</span>
          <button type="button" aria-label={`Remove filter ${c.title}`} onClick={() => onChange(removeFilterKey(filter, c.key))}>×</button>
        </span>
      ))}
      {chips.length > 1 && <button type="button" className="an-chip-clear" onClick={() => onChange({})}>Clear all</button>}
    </div>
  );
}
