/**
 * Top areas (e.g. nearest settlement, AOR, admin area — whatever per-incident area index
 * the caller passes) by incident count, with civilians killed. Incidents without an area
 * are reported under the bars, never dropped silently.
 *
 * Numbers for tests: each bar has data-area, data-name, data-value (incidents) and
 * data-fatalities; the container data-unassigned.
 */
import { useMemo } from 'react';
import type { IncidentTable } from '../../../domain/incidents.ts';
import { topAreas } from '../../../filter/aggregate.ts';
import { fmt, barWidth } from '../util.ts';
import '../analyst.css';

export interface TopAreasChartProps {
  table: IncidentTable;
  mask: Uint8Array | null;
  maskVersion?: number;
  /** Area index per incident (−1 = none). */
  areaOf: Int32Array;
  areaNames: readonly string[];
  top?: number;
  /** What the areas are, for the caption ("settlements", "AORs"). */
  areaKind?: string;
  onPick?(area: number): void;
}

export function TopAreasChart({ table, mask, maskVersion, areaOf, areaNames, top = 10, areaKind = 'areas', onPick }: TopAreasChartProps): React.JSX.Element {
  const res = useMemo(() => topAreas(table, mask, areaOf, areaNames, top), [table, mask, maskVersion, areaOf, areaNames, top]);
  const max = Math.max(1, ...res.rows.map((r) => r.count));
  return (
    <div className="an-chart an-bars" data-testid="top-areas-chart" data-unassigned={res.unassigned.count}>
      <p className="an-hint">Top {Math.min(top, res.rows.length)} of {fmt(res.areas)} {areaKind} by incidents.</p>
      {res.rows.length === 0 && <p className="an-hint an-empty">No incidents with an area pass the filters.</p>}
      <ol className="an-bar-list an-compact">
        {res.rows.map((r) => {
          const Tag = onPick ? 'button' : 'div';
          return (
            <li key={r.area} data-area={r.area} data-name={r.name} data-value={r.count} data-fatalities={r.fatalities}>
              <Tag className="an-bar-row" title={`${r.name}: ${r.count} incidents, ${r.fatalities} civilians killed`}
                {...(onPick ? { type: 'button' as const, onClick: () => onPick(r.area) } : {})}>
                <span className="an-bar-name"><span className="an-bar-title">{r.name}</span></span>
                <span className="an-bar-track">
                  <span className="an-bar an-area-bar" style={{ width: barWidth(r.count / max) }} />
                  <span className="an-bar-value">{fmt(r.count)}</span>
                </span>
                <span className="an-bar-side an-muted">{fmt(r.fatalities)} killed</span>
              </Tag>
            </li>
          );
        })}
      </ol>
      {res.unassigned.count > 0 && (
        <p className="an-hint">Without an area: {fmt(res.unassigned.count)} incidents, {fmt(res.unassigned.fatalities)} killed.</p>
      )}
    </div>
  );
}
