/**
 * Filter panel: every IncidentFilter dimension except the period (the timeline owns it)
 * and the map selection (the map owns it), each option with its live count.
 *
 * Counts come from `facetCounts`: for each dimension one `applyFilter` pass with that
 * dimension removed plus one counting pass — about a dozen linear passes, a few ms at
 * 100k incidents. They are computed from a deferred copy of the filter so clicking stays
 * responsive while counts catch up.
 *
 * Semantics shown to the user:
 * - taxonomy lists (threat type, perpetrator type, source, reliability, precisions) start
 *   all ticked = no restriction; unticking restricts; ticking all again removes the filter.
 * - perpetrator names and victim groups start unticked = no restriction; ticking chooses
 *   (names: only these perpetrators; victims: incidents with at least one victim in any
 *   ticked group).
 * The panel is controlled: it never keeps its own copy of the filter.
 */
import { useDeferredValue, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { IncidentTable } from '../../domain/incidents.ts';
import {
  DATE_PRECISIONS, LOCATION_PRECISIONS, MOBILITY_MODES, PERPETRATOR_TYPES, SOURCE_RELIABILITY, SOURCE_TYPES, THREAT_GROUPS,
  THREAT_GROUP_OF_TYPE, THREAT_TYPES,
} from '../../domain/taxonomy.ts';
import { facetCounts } from '../../filter/aggregate.ts';
import type { CodeSet, IncidentFilter, VictimGroup } from '../../filter/incidentFilter.ts';
import { fmt, groupColour } from './util.ts';
import './analyst.css';

export interface FilterPanelProps {
  table: IncidentTable;
  filter: IncidentFilter;
  onChange(filter: IncidentFilter): void;
  /** Whether AOR membership / reach by mobility mode have been computed. */
  availability: { aor: boolean; range: boolean };
  /** The analysis arrays those filters are built from (the filter holds them only while on). */
  aorOfIncident?: Int32Array;
  reachBits?: Uint8Array;
}

export const VICTIM_GROUP_LABELS: Record<VictimGroup, string> = {
  women: 'Women', men: 'Men', girls: 'Girls', boys: 'Boys', unknown: 'Unknown sex / age',
};
const VICTIM_GROUPS = Object.keys(VICTIM_GROUP_LABELS) as VictimGroup[];
const NAME_LIMIT = 60;

/** Turn `codes` on or off in a "ticked = allowed" code set of `size` codes; all ticked → undefined. */
export function setCodes(current: CodeSet | undefined, codes: readonly number[], on: boolean, size: number): CodeSet | undefined {
  const s = new Set(current ?? Array.from({ length: size }, (_, i) => i));
  for (const c of codes) { if (on) s.add(c); else s.delete(c); }
  let all = true;
  for (let c = 0; c < size; c++) if (!s.has(c)) { all = false; break; }
  return all ? undefined : [...s].sort((a, b) => a - b);
}
const isOn = (codes: CodeSet | undefined, c: number): boolean => !codes || codes.includes(c);

function Check({ checked, indeterminate = false, onChange, label, ...rest }: {
  checked: boolean; indeterminate?: boolean; onChange(on: boolean): void; label: string;
} & Record<`data-${string}`, string | number>): React.JSX.Element {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => { if (ref.current) ref.current.indeterminate = indeterminate; }, [indeterminate]);
  return <input ref={ref} type="checkbox" checked={checked} aria-checked={indeterminate ? 'mixed' : checked} aria-label={label} onChange={(e) => onChange(e.target.checked)} {...rest} />;
}

function Count({ n }: { n: number }): React.JSX.Element {
  return <span className={n ? 'an-count' : 'an-count an-zero'}>{fmt(n)}</span>;
}

function Section({ title, active, children, open = true }: { title: string; active: boolean; children: React.ReactNode; open?: boolean }): React.JSX.Element {
  return (
    <details className="an-section" open={open}>
      <summary>{title}{active && <span className="an-active-dot" title="Filter active" aria-label="(active)" />}</summary>
      <div className="an-section-body">{children}</div>
    </details>
  );
}

function CodeList({ name, table, codes, counts, onChange }: {
  name: string;
  table: readonly { label: string }[];
  codes: CodeSet | undefined;
  counts: Uint32Array;
  onChange(codes: CodeSet | undefined): void;
}): React.JSX.Element {
  return (
    <ul className="an-opts">
      {table.map((t, c) => (
        <li key={c}>
          <label className="an-opt">
            <Check checked={isOn(codes, c)} label={t.label} onChange={(on) => onChange(setCodes(codes, [c], on, table.length))} data-filter={name} data-code={c} />
            <span className="an-opt-label">{t.label}</span>
            <Count n={counts[c] ?? 0} />
          </label>
        </li>
      ))}
    </ul>
  );
}

function ThreatTypes({ codes, counts, onChange }: { codes: CodeSet | undefined; counts: Uint32Array; onChange(c: CodeSet | undefined): void }): React.JSX.Element {
  const groups = useMemo(() => THREAT_GROUPS.map((_, g) => THREAT_TYPES.flatMap((_, c) => (THREAT_GROUP_OF_TYPE[c] === g ? [c] : []))), []);
  const [open, setOpen] = useState<Set<number>>(() => new Set());
  return (
    <ul className="an-opts">
      {THREAT_GROUPS.map((grp, g) => {
        const types = groups[g]!;
        const on = types.filter((c) => isOn(codes, c)).length;
        const partial = on > 0 && on < types.length;
        const expanded = open.has(g) || partial;
        const sum = types.reduce((a, c) => a + (counts[c] ?? 0), 0);
        return (
          <li key={grp.id} className="an-group">
            <div className="an-opt">
              <Check checked={on === types.length} indeterminate={partial} label={`${grp.label} (all types)`}
                onChange={(v) => onChange(setCodes(codes, types, partial ? true : v, THREAT_TYPES.length))} data-filter="threatGroup" data-group={grp.id} />
              <i className="an-dot" style={{ background: groupColour(g) }} />
              {types.length > 1 ? (
                <button type="button" className="an-disclose" aria-expanded={expanded} title={expanded ? 'Hide types' : 'Show types'}
                  onClick={() => setOpen((s) => { const n = new Set(s); if (n.has(g)) n.delete(g); else n.add(g); return n; })}>
                  {grp.label}<span className="an-muted"> {expanded ? '▾' : '▸'}</span>
                </button>
              ) : <span className="an-disclose">{grp.label}</span>}
              <Count n={sum} />
            </div>
            {expanded && types.length > 1 && (
              <ul className="an-opts an-sub">
                {types.map((c) => (
                  <li key={c}>
                    <label className="an-opt">
                      <Check checked={isOn(codes, c)} label={THREAT_TYPES[c]!.label} onChange={(v) => onChange(setCodes(codes, [c], v, THREAT_TYPES.length))} data-filter="threatTypes" data-code={c} />
                      <span className="an-opt-label">{THREAT_TYPES[c]!.label}</span>
                      <Count n={counts[c] ?? 0} />
                    </label>
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function Perpetrators({ names, codes, counts, onChange }: {
  names: readonly string[]; codes: CodeSet | undefined; counts: Uint32Array; onChange(c: CodeSet | undefined): void;
}): React.JSX.Element {
  const [query, setQuery] = useState('');
  const q = useDeferredValue(query.trim().toLowerCase());
  const chosen = useMemo(() => new Set(codes ?? []), [codes]);
  const { list, more } = useMemo(() => {
    const hits: number[] = [];
    for (let p = 0; p < names.length; p++) if (chosen.has(p) || !q || names[p]!.toLowerCase().includes(q)) hits.push(p);
    hits.sort((a, b) => Number(chosen.has(b)) - Number(chosen.has(a)) || (counts[b] ?? 0) - (counts[a] ?? 0) || names[a]!.localeCompare(names[b]!));
    const limit = Math.max(NAME_LIMIT, chosen.size);
    return { list: hits.slice(0, limit), more: Math.max(0, hits.length - limit) };
  }, [names, q, chosen, counts]);
  const toggle = (p: number, on: boolean): void => {
    const s = new Set(chosen);
    if (on) s.add(p); else s.delete(p);
    onChange(s.size ? [...s].sort((a, b) => a - b) : undefined);
  };
  return (
    <div>
      <div className="an-row">
        <input type="search" className="an-search" placeholder={`Search ${fmt(names.length)} names`} value={query}
          onChange={(e) => setQuery(e.target.value)} aria-label="Search perpetrator names" data-testid="perpetrator-search" />
        {codes && <button type="button" onClick={() => onChange(undefined)} title="Show all perpetrators">Any</button>}
      </div>
      <p className="an-hint">{codes ? `${codes.length} chosen — only their incidents are shown` : 'None chosen: all perpetrators'}</p>
      <ul className="an-opts an-scroll" data-testid="perpetrator-list">
        {list.map((p) => (
          <li key={p}>
            <label className="an-opt">
              <input type="checkbox" checked={chosen.has(p)} onChange={(e) => toggle(p, e.target.checked)} data-filter="perpetrators" data-code={p} />
              <span className="an-opt-label" title={names[p]}>{names[p] || '(unnamed)'}</span>
              <Count n={counts[p] ?? 0} />
            </label>
          </li>
        ))}
        {list.length === 0 && <li className="an-hint">No name matches “{query}”.</li>}
        {more > 0 && <li className="an-hint">{fmt(more)} more — refine the search</li>}
      </ul>
    </div>
  );
}

function Fatalities({ value, base, total, onChange }: {
  value: IncidentFilter['fatalities']; base: number; total: number; onChange(v: IncidentFilter['fatalities']): void;
}): React.JSX.Element {
  const [min, setMin] = useState(value ? String(value.min) : '');
  const [max, setMax] = useState(value && Number.isFinite(value.max) ? String(value.max) : '');
  useEffect(() => {
    setMin(value ? String(value.min) : '');
    setMax(value && Number.isFinite(value.max) ? String(value.max) : '');
  }, [value?.min, value?.max]);
  const parse = (a: string, b: string): IncidentFilter['fatalities'] | null => {
    const lo = a.trim() === '' ? 0 : Number(a), hi = b.trim() === '' ? Infinity : Number(b);
    if (!Number.isFinite(lo) || lo < 0 || Number.isNaN(hi) || hi < lo) return null;
    return lo === 0 && hi === Infinity ? undefined : { min: lo, max: hi };
  };
  const valid = parse(min, max) !== null;
  const commit = (a: string, b: string): void => { const v = parse(a, b); if (v !== null) onChange(v); };
  return (
    <div>
      <div className="an-row an-range">
        <label>Min <input type="number" min={0} step={1} value={min} placeholder="0" aria-invalid={!valid}
          onChange={(e) => { setMin(e.target.value); commit(e.target.value, max); }} data-testid="fatalities-min" /></label>
        <label>Max <input type="number" min={0} step={1} value={max} placeholder="any" aria-invalid={!valid}
          onChange={(e) => { setMax(e.target.value); commit(min, e.target.value); }} data-testid="fatalities-max" /></label>
      </div>
      <p className="an-hint">{valid ? `${fmt(total)} of ${fmt(base)} incidents in range` : 'Enter 0 ≤ min ≤ max'}</p>
    </div>
  );
}

export function FilterPanel({ table, filter, onChange, availability, aorOfIncident, reachBits }: FilterPanelProps): React.JSX.Element {
  const deferred = useDeferredValue(filter);
  const uid = useId(); // radio group names unique per panel instance
  const aorOf = availability.aor ? aorOfIncident ?? filter.aor?.aorOfIncident : undefined;
  const reach = availability.range ? reachBits ?? filter.range?.reachBits : undefined;
  const counts = useMemo(() => facetCounts(table, deferred, { aorOfIncident: aorOf, reachBits: reach }), [table, deferred, aorOf, reach]);
  const set = <K extends keyof IncidentFilter>(key: K, v: IncidentFilter[K]): void => {
    const next = { ...filter, [key]: v };
    if (v === undefined) delete next[key];
    onChange(next);
  };
  const victims = filter.victims ?? [];
  const aorValue = filter.aor?.inside === undefined ? 'any' : filter.aor.inside ? 'inside' : 'outside';
  const rangeValue = filter.range ? `${filter.range.mode}:${filter.range.inRange ? 'in' : 'out'}` : 'any';
  const hasCoreFilters = Object.keys(filter).some((k) => k !== 'period' && k !== 'selection');

  return (
    <div className="an-filter-panel" data-testid="filter-panel" aria-busy={deferred !== filter}>
      <div className="an-panel-head">
        <span><b data-testid="filter-total">{fmt(counts.total)}</b> of {fmt(table.length)} incidents</span>
        <button type="button" disabled={!hasCoreFilters} title="Clear these filters (the period and map selection stay)"
          onClick={() => onChange({ ...(filter.period ? { period: filter.period } : {}), ...(filter.selection ? { selection: filter.selection } : {}) })}>Clear</button>
      </div>
      <Section title="Threat type" active={!!filter.threatTypes}>
        <ThreatTypes codes={filter.threatTypes} counts={counts.threatTypes} onChange={(c) => set('threatTypes', c)} />
      </Section>
      <Section title="Perpetrator type" active={!!filter.perpetratorTypes}>
        <CodeList name="perpetratorTypes" table={PERPETRATOR_TYPES} codes={filter.perpetratorTypes} counts={counts.perpetratorTypes} onChange={(c) => set('perpetratorTypes', c)} />
      </Section>
      <Section title="Perpetrator" active={!!filter.perpetrators}>
        <Perpetrators names={table.strings.perpetrators} codes={filter.perpetrators} counts={counts.perpetrators} onChange={(c) => set('perpetrators', c)} />
      </Section>
      <Section title="Civilians killed" active={!!filter.fatalities}>
        <Fatalities value={filter.fatalities} base={counts.fatalitiesBase} total={counts.total} onChange={(v) => set('fatalities', v)} />
      </Section>
      <Section title="Victims (sex and age)" active={victims.length > 0}>
        <p className="an-hint">Incidents with at least one victim among the ticked groups{victims.length ? '' : ' (none ticked: all incidents)'}.</p>
        <ul className="an-opts">
          {VICTIM_GROUPS.map((g) => (
            <li key={g}>
              <label className="an-opt">
                <input type="checkbox" checked={victims.includes(g)} data-filter="victims" data-code={g}
                  onChange={(e) => { const v = e.target.checked ? [...victims, g] : victims.filter((x) => x !== g); set('victims', v.length ? VICTIM_GROUPS.filter((x) => v.includes(x)) : undefined); }} />
                <span className="an-opt-label">{VICTIM_GROUP_LABELS[g]}</span>
                <Count n={counts.victims[g]} />
              </label>
            </li>
          ))}
        </ul>
      </Section>
      <Section title="Source" active={!!filter.sourceTypes || !!filter.sourceReliability} open={false}>
        <CodeList name="sourceTypes" table={SOURCE_TYPES} codes={filter.sourceTypes} counts={counts.sourceTypes} onChange={(c) => set('sourceTypes', c)} />
        <h4>Reliability</h4>
        <CodeList name="sourceReliability" table={SOURCE_RELIABILITY} codes={filter.sourceReliability} counts={counts.sourceReliability} onChange={(c) => set('sourceReliability', c)} />
      </Section>
      <Section title="Precision" active={!!filter.datePrecision || !!filter.locationPrecision} open={false}>
        <h4>Date</h4>
        <CodeList name="datePrecision" table={DATE_PRECISIONS} codes={filter.datePrecision} counts={counts.datePrecision} onChange={(c) => set('datePrecision', c)} />
        <h4>Location</h4>
        <CodeList name="locationPrecision" table={LOCATION_PRECISIONS} codes={filter.locationPrecision} counts={counts.locationPrecision} onChange={(c) => set('locationPrecision', c)} />
      </Section>
      <Section title="Coverage" active={!!filter.aor || !!filter.range}>
        <fieldset className="an-fieldset" disabled={!aorOf}>
          <legend>Area of responsibility</legend>
          {!aorOf && <p className="an-hint">Needs AOR membership (no AORs or analysis not run yet).</p>}
          {(['any', 'inside', 'outside'] as const).map((v) => (
            <label key={v} className="an-opt">
              <input type="radio" name={`${uid}-aor`} checked={aorValue === v} data-filter="aor" data-code={v} onChange={() => {
                if (v === 'any') set('aor', filter.aor?.aors ? { aorOfIncident: filter.aor.aorOfIncident, aors: filter.aor.aors } : undefined);
                else if (aorOf) set('aor', { ...filter.aor, aorOfIncident: aorOf, inside: v === 'inside' });
              }} />
              <span className="an-opt-label">{v === 'any' ? 'Any' : v === 'inside' ? 'Inside an AOR' : 'Outside every AOR'}</span>
              {v !== 'any' && counts.aor && <Count n={v === 'inside' ? counts.aor.inside : counts.aor.outside} />}
            </label>
          ))}
        </fieldset>
        <fieldset className="an-fieldset" disabled={!reach}>
          <legend>Reach of a presence</legend>
          {!reach && <p className="an-hint">Needs the reach analysis (presences and ranges).</p>}
          <label className="an-opt">
            <input type="radio" name={`${uid}-range`} checked={rangeValue === 'any'} onChange={() => set('range', undefined)} data-filter="range" data-code="any" />
            <span className="an-opt-label">Any</span>
          </label>
          <table className="an-range-table">
            <tbody>
              {MOBILITY_MODES.map((m, k) => (
                <tr key={m.id}>
                  <th scope="row">{m.label}</th>
                  {([true, false] as const).map((inRange) => (
                    <td key={String(inRange)}>
                      <label className="an-opt">
                        <input type="radio" name={`${uid}-range`} checked={rangeValue === `${k}:${inRange ? 'in' : 'out'}`} data-filter="range" data-code={`${m.id}:${inRange ? 'in' : 'out'}`}
                          onChange={() => { if (reach) set('range', { reachBits: reach, mode: k, inRange }); }} />
                        <span className="an-opt-label">{inRange ? 'within' : 'out of'}</span>
                        {counts.range && <Count n={(inRange ? counts.range.inRange : counts.range.outOfRange)[k] ?? 0} />}
                      </label>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>
      </Section>
    </div>
  );
}
