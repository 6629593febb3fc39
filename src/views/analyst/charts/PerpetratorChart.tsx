/**
 * Perpetrator profile: the top N perpetrators by incident count as horizontal bars,
 * coloured by each one's dominant threat group, with perpetrator type, most frequent
 * threat type, main area, civilians killed and the 90-day trend (arrow and percent; the
 * arrow is a shape, not only a colour).
 *
 * Numbers for tests: each bar row has data-name, data-value (incidents),
 * data-fatalities, data-trend (direction) and data-change (percent, when defined).
 */
import { useMemo } from 'react';
import type { IncidentTable } from '../../../domain/incidents.ts';
import { PERPETRATOR_TYPES, THREAT_GROUPS, THREAT_TYPES } from '../../../domain/taxonomy.ts';
import { perpetratorProfile, type AreaLabels, type Trend } from '../../../filter/aggregate.ts';
import { fmt, fmtPct, fmtRange, groupColour, labelOf, barWidth } from '../util.ts';
import '../analyst.css';

export interface PerpetratorChartProps {
  table: IncidentTable;
  mask: Uint8Array | null;
  maskVersion?: number;
  /** How many perpetrators (default 10). */
  top?: number;
  /** Area per incident, for each perpetrator's main area (e.g. nearest settlement). */
  areas?: AreaLabels;
  /** End of the trend windows (e.g. the period's end); default the latest masked incident. */
  endDay?: number;
  /** Mask for the trend counts (e.g. every filter except the period), see perpetratorProfile. */
  trendMask?: Uint8Array | null;
  /** Click on a perpetrator (e.g. to filter on it). */
  onPick?(perpetrator: number): void;
}

function TrendMark({ trend }: { trend: Trend }): React.JSX.Element {
  const title = `Last 90 days: ${trend.recent}, previous 90 days: ${trend.previous}`;
  switch (trend.direction) {
    case 'up': return <span className="an-trend an-up" title={title}>▲ {fmtPct(trend.changePct!)}</span>;
    case 'down': return <span className="an-trend an-down" title={title}>▼ {fmtPct(trend.changePct!)}</span>;
    case 'flat': return <span className="an-trend" title={title}>= {trend.changePct === null ? '' : '0 %'}</span>;
    case 'new': return <span className="an-trend an-up" title={title}>▲ new</span>;
    case 'unknown': return <span className="an-trend an-muted" title="Not enough history before the period for a 90-day comparison">–</span>;
  }
}

export function PerpetratorChart({ table, mask, maskVersion, top = 10, areas, endDay, trendMask, onPick }: PerpetratorChartProps): React.JSX.Element {
  const profile = useMemo(
    () => perpetratorProfile(table, mask, top, { areas, endDay, trendMask }),
    [table, mask, maskVersion, top, areas, endDay, trendMask],
  );
  const max = Math.max(1, ...profile.rows.map((r) => r.count));
  return (
    <div className="an-chart an-bars" data-testid="perpetrator-chart">
      <p className="an-hint">
        Top {Math.min(top, profile.rows.length)} of {fmt(profile.perpetrators)} perpetrators by incidents; bar colour = main threat group.
        {profile.windows && <> Trend: {fmtRange(profile.windows.recent)} vs the 90 days before{profile.comparable ? '' : ' (not enough history)'}.</>}
      </p>
      {profile.rows.length === 0 && <p className="an-hint an-empty">No incidents pass the filters.</p>}
      <ol className="an-bar-list">
        {profile.rows.map((r) => {
          const type = labelOf(PERPETRATOR_TYPES, r.perpetratorType);
          const threat = r.topThreatTypes[0] ? labelOf(THREAT_TYPES, r.topThreatTypes[0].code) : '';
          const meta = [type, threat, r.topArea ? r.topArea.name : ''].filter(Boolean).join(' · ');
          const title = `${r.name}: ${r.count} incidents, ${r.fatalities} civilians killed\nType: ${r.perpetratorTypes.map((t) => `${labelOf(PERPETRATOR_TYPES, t.code)} (${t.count})`).join(', ')}`
            + `\nMain threat types: ${r.topThreatTypes.map((t) => `${labelOf(THREAT_TYPES, t.code)} (${t.count})`).join(', ')}`
            + `\nMain group: ${THREAT_GROUPS[r.dominantGroup]?.label ?? ''}${r.topArea ? `\nMain area: ${r.topArea.name} (${r.topArea.count})` : ''}`;
          const Tag = onPick ? 'button' : 'div';
          return (
            <li key={r.perpetrator} data-name={r.name} data-value={r.count} data-fatalities={r.fatalities} data-trend={r.trend.direction}
              data-change={r.trend.changePct === null ? undefined : r.trend.changePct.toFixed(1)}>
              <Tag className="an-bar-row" title={title} {...(onPick ? { type: 'button' as const, onClick: () => onPick(r.perpetrator) } : {})}>
                <span className="an-bar-name">
                  <span className="an-bar-title">{r.name || '(unnamed)'}</span>
                  <span className="an-bar-meta">{meta}</span>
                </span>
                <span className="an-bar-track">
                  <span className="an-bar" style={{ width: barWidth(r.count / max), background: groupColour(r.dominantGroup) }} />
                  <span className="an-bar-value">{fmt(r.count)}</span>
                </span>
                <span className="an-bar-side">
                  <TrendMark trend={r.trend} />
                  <span className="an-muted">{fmt(r.fatalities)} killed</span>
                </span>
              </Tag>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
