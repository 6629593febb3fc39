/**
 * Incidents or civilian fatalities over time, as small multiples: one row per threat
 * group (all six always shown, so an absent group reads as zero, not as missing), shared
 * or per-row y scale. Hovering a bin shows that bin's value in every row.
 *
 * Numbers for tests and screen readers: each row carries data-group, data-incidents,
 * data-fatalities (totals) and data-values (the plotted metric per bin, comma-separated).
 */
import { useMemo, useState } from 'react';
import type { IncidentTable } from '../../../domain/incidents.ts';
import { THREAT_GROUPS } from '../../../domain/taxonomy.ts';
import { histogram, type DayRange, type TimeBin } from '../../../filter/aggregate.ts';
import { fmt, fmtRange, groupColour, isoDay, useElementSize } from '../util.ts';
import '../analyst.css';

export interface FatalitiesChartProps {
  table: IncidentTable;
  mask: Uint8Array | null;
  maskVersion?: number;
  /** Days to chart (e.g. the selected period, or the data extent). */
  range: DayRange;
  bin: TimeBin;
}

type Metric = 'incidents' | 'fatalities';
const SHORT: Record<string, string> = {
  life: 'Life', integrity: 'Integrity', freedom: 'Freedom', property: 'Property', explosive: 'Explosive', other: 'Other',
};
const ROW_H = 28;
const LABEL_W = 84;
const VALUE_W = 56;

export function FatalitiesChart({ table, mask, maskVersion, range, bin }: FatalitiesChartProps): React.JSX.Element {
  const [metric, setMetric] = useState<Metric>('incidents');
  const [shared, setShared] = useState(true);
  const [hover, setHover] = useState<number | null>(null);
  const [ref, size] = useElementSize<HTMLDivElement>();
  const hist = useMemo(() => histogram(table, mask, bin, range.startDay, range.endDay), [table, mask, maskVersion, bin, range.startDay, range.endDay]);
  const w = Math.max(40, size.width - LABEL_W - VALUE_W - 8);
  const nb = hist.bins.length;
  const span = range.endDay - range.startDay + 1;
  const xOf = (day: number): number => ((day - range.startDay) / span) * w;

  const series = THREAT_GROUPS.map((_, g) => hist.bins.map((b) => (metric === 'incidents' ? b.counts[g]! : b.fatalitiesByGroup[g]!)));
  const totals = THREAT_GROUPS.map((_, g) => ({
    incidents: hist.bins.reduce((a, b) => a + b.counts[g]!, 0),
    fatalities: hist.bins.reduce((a, b) => a + b.fatalitiesByGroup[g]!, 0),
  }));
  const sharedMax = Math.max(1, ...series.map((s) => Math.max(0, ...s)));
  const hb = hover !== null ? hist.bins[hover] : undefined;

  const onMove = (e: React.PointerEvent<SVGSVGElement>): void => {
    const px = e.clientX - e.currentTarget.getBoundingClientRect().left;
    const day = range.startDay + Math.floor((px / w) * span);
    const k = hist.bins.findIndex((b) => day >= b.startDay && day <= b.endDay);
    setHover(k < 0 ? null : k);
  };

  return (
    <div className="an-chart an-sm" data-testid="fatalities-chart" data-metric={metric} data-bins={nb}>
      <div className="an-chart-head">
        <div className="an-seg" role="group" aria-label="Metric">
          <button type="button" aria-pressed={metric === 'incidents'} onClick={() => setMetric('incidents')}>Incidents</button>
          <button type="button" aria-pressed={metric === 'fatalities'} onClick={() => setMetric('fatalities')}>Civilians killed</button>
        </div>
        <label className="an-inline" title="Same y scale in every row, so rows compare; untick to see each group's own shape">
          <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} /> shared scale
        </label>
      </div>
      <p className="an-hint">{hb ? <b>{bin === 'day' ? isoDay(hb.startDay) : fmtRange(hb)}</b> : <>{fmtRange(range)}, per {bin}</>}</p>
      <div ref={ref} className="an-sm-rows">
        {THREAT_GROUPS.map((g, gi) => {
          const s = series[gi]!;
          const max = shared ? sharedMax : Math.max(1, ...s);
          const parts: string[] = [];
          hist.bins.forEach((b, k) => {
            const v = s[k]!;
            if (!v) return;
            const x0 = xOf(b.startDay), x1 = xOf(b.endDay + 1);
            const y = ROW_H - 2 - (v / max) * (ROW_H - 4);
            parts.push(`M${x0.toFixed(1)},${ROW_H - 2}V${y.toFixed(1)}H${Math.max(x0 + 0.8, x1 - (x1 - x0 > 4 ? 1 : 0)).toFixed(1)}V${ROW_H - 2}Z`);
          });
          const value = hb ? s[hover!]! : metric === 'incidents' ? totals[gi]!.incidents : totals[gi]!.fatalities;
          return (
            <div key={g.id} className="an-sm-row" data-group={g.id} data-incidents={totals[gi]!.incidents} data-fatalities={totals[gi]!.fatalities} data-values={s.join(',')}>
              <span className="an-sm-label" title={g.label} style={{ width: LABEL_W }}><i className="an-dot" style={{ background: groupColour(gi) }} />{SHORT[g.id] ?? g.label}</span>
              <svg width={w} height={ROW_H} onPointerMove={onMove} onPointerLeave={() => setHover(null)} role="img"
                aria-label={`${g.label}: ${fmt(totals[gi]!.incidents)} incidents, ${fmt(totals[gi]!.fatalities)} civilians killed`}>
                <line x1={0} x2={w} y1={ROW_H - 1.5} y2={ROW_H - 1.5} className="an-baseline" />
                <path d={parts.join('')} fill={groupColour(gi)} />
                {hb && <rect className="an-tl-hover" x={xOf(hb.startDay)} width={Math.max(1, xOf(hb.endDay + 1) - xOf(hb.startDay))} y={0} height={ROW_H} />}
              </svg>
              <span className="an-num an-sm-value" style={{ width: VALUE_W }}>{fmt(value)}</span>
            </div>
          );
        })}
        <div className="an-sm-axis" style={{ marginLeft: LABEL_W + 4, width: w }}>
          <span>{isoDay(range.startDay)}</span><span>{isoDay(range.endDay)}</span>
        </div>
      </div>
      <p className="an-hint">
        Total {fmt(hist.total)} incidents, {fmt(hist.fatalities)} civilians killed{shared ? '' : ' — rows on their own scales'}.
      </p>
    </div>
  );
}
