/**
 * Victims by sex and age (women, men, girls, boys, unknown), as required for
 * sex- and age-disaggregated reporting. "Unknown" is always drawn, in its own hatched
 * bar: hiding it would overstate how much is known.
 *
 * Numbers for tests: each bar has data-group and data-value; the container data-total.
 */
import { useMemo } from 'react';
import type { IncidentTable } from '../../../domain/incidents.ts';
import type { VictimGroup } from '../../../filter/incidentFilter.ts';
import { victimTotals } from '../../../filter/aggregate.ts';
import { fmt, barWidth } from '../util.ts';
import '../analyst.css';

export interface VictimsChartProps {
  table: IncidentTable;
  mask: Uint8Array | null;
  maskVersion?: number;
}

const ROWS: readonly { id: VictimGroup; label: string; title?: string; kind: 'adult' | 'child' | 'unknown' }[] = [
  { id: 'women', label: 'Women', kind: 'adult' },
  { id: 'men', label: 'Men', kind: 'adult' },
  { id: 'girls', label: 'Girls', kind: 'child' },
  { id: 'boys', label: 'Boys', kind: 'child' },
  { id: 'unknown', label: 'Unknown', title: 'Victims whose sex or age is not recorded', kind: 'unknown' },
];

export function VictimsChart({ table, mask, maskVersion }: VictimsChartProps): React.JSX.Element {
  const v = useMemo(() => victimTotals(table, mask), [table, mask, maskVersion]);
  const max = Math.max(1, v.women, v.men, v.girls, v.boys, v.unknown);
  const pct = (n: number): string => (v.total ? `${Math.round((n / v.total) * 100)} %` : '–');
  return (
    <div className="an-chart an-bars" data-testid="victims-chart" data-total={v.total}>
      <p className="an-hint">
        {fmt(v.total)} victims in {fmt(v.incidentsWithVictims)} incidents — adults {fmt(v.women + v.men)}, children {fmt(v.girls + v.boys)}, unknown {fmt(v.unknown)}.
      </p>
      <ol className="an-bar-list an-compact">
        {ROWS.map((r) => (
          <li key={r.id} data-group={r.id} data-value={v[r.id]}>
            <div className="an-bar-row">
              <span className="an-bar-name" title={r.title}><span className="an-bar-title">{r.label}</span></span>
              <span className="an-bar-track">
                <span className={`an-bar an-victim-${r.kind}`} style={{ width: barWidth(v[r.id] / max) }} />
                <span className="an-bar-value">{fmt(v[r.id])}</span>
              </span>
              <span className="an-bar-side an-muted">{pct(v[r.id])}</span>
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
