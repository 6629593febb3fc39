/**
 * Own harm: incidents attributed to the mission or partnered forces, counted apart and
 * never hidden by a perpetrator choice (policy paras 54–55; src/threats/ownHarm.ts). Two
 * columns: everything recorded, and what your current filters and period keep (with the
 * perpetrator choice widened so own harm stays in).
 */
import { useMemo } from 'react';
import { scaleLinear } from 'd3';
import { actions, useStore } from '../../state/store.ts';
import { ownHarmSummary, OWN_HARM_CODE, type OwnHarmSummary } from '../../threats/ownHarm.ts';
import { isoFromDay } from '../../domain/incidents.ts';
import { threatTypeLabel } from './format.ts';

export function OwnHarm(): React.JSX.Element | null {
  const dataset = useStore((s) => s.dataset);
  const filter = useStore((s) => s.filter);
  const period = useStore((s) => s.period);
  const all = useMemo(() => (dataset ? ownHarmSummary(dataset.incidents) : null), [dataset]);
  const filtered = useMemo(() => (dataset ? ownHarmSummary(dataset.incidents, { filter, ...(period ? { period } : {}) }) : null), [dataset, filter, period]);
  if (!dataset || !all || !filtered) return null;
  const t = dataset.incidents;
  const showFiltered = (): void => {
    const { perpetrators: _names, ...rest } = filter;
    actions.setFilter({ ...rest, perpetratorTypes: [OWN_HARM_CODE] });
    actions.openPanel('table');
  };
  return (
    <div className="thr-ownharm" data-testid="own-harm" data-incidents={all.total.incidents}>
      <table className="thr-table">
        <thead><tr><th /><th className="thr-num">All recorded</th><th className="thr-num">With your filters</th></tr></thead>
        <tbody>
          <tr><th>Incidents</th><td className="thr-num">{all.total.incidents}</td><td className="thr-num" data-testid="own-harm-filtered">{filtered.total.incidents}</td></tr>
          <tr><th>Civilians killed</th><td className="thr-num">{all.total.fatalities}</td><td className="thr-num">{filtered.total.fatalities}</td></tr>
          <tr><th>Civilians injured</th><td className="thr-num">{all.total.injured}</td><td className="thr-num">{filtered.total.injured}</td></tr>
        </tbody>
      </table>
      <p className="thr-hint">A perpetrator filter never hides these incidents here; period, type and map selection still apply to the second column.</p>
      <button type="button" className="thr-small" onClick={showFiltered} disabled={all.total.incidents === 0}>List own-harm incidents</button>
      <h4 className="thr-h4">By type</h4>
      <table className="thr-table">
        <tbody>{all.byType.map((c) => <tr key={c.id}><td>{threatTypeLabel(c.id)}</td><td className="thr-num">{c.incidents}</td><td className="thr-num thr-muted">{c.fatalities} killed</td></tr>)}</tbody>
      </table>
      <h4 className="thr-h4">By perpetrator</h4>
      <table className="thr-table">
        <tbody>{all.byPerpetrator.map((c) => <tr key={c.name}><td>{c.name || '(no name)'}</td><td className="thr-num">{c.incidents}</td><td className="thr-num thr-muted">{c.fatalities} killed</td></tr>)}</tbody>
      </table>
      <h4 className="thr-h4">By month</h4>
      <MonthBars s={all} />
      {t.length > 0 && all.total.incidents === 0 && <p className="thr-muted">No incident in the data is attributed to the mission or partnered forces.</p>}
    </div>
  );
}

function MonthBars({ s }: { s: OwnHarmSummary }): React.JSX.Element | null {
  const bins = s.byPeriod;
  if (!bins.length) return null;
  const W = 340, H = 70, max = Math.max(1, ...bins.map((b) => b.incidents));
  const y = scaleLinear().domain([0, max]).range([0, H - 16]);
  const bw = W / bins.length;
  return (
    <svg width={W} height={H} role="img" aria-label="Own-harm incidents per month">
      {bins.map((b, k) => (
        <rect key={b.startDay} x={k * bw + 0.5} y={H - 12 - y(b.incidents)} width={Math.max(1, bw - 1)} height={y(b.incidents)} fill="#5b6472">
          <title>{`${isoFromDay(b.startDay).slice(0, 7)}: ${b.incidents} incidents, ${b.fatalities} killed`}</title>
        </rect>
      ))}
      <text x={0} y={H - 1} className="thr-axis">{isoFromDay(bins[0]!.startDay).slice(0, 7)}</text>
      <text x={W} y={H - 1} className="thr-axis" textAnchor="end">{isoFromDay(bins[bins.length - 1]!.startDay).slice(0, 7)}</text>
      <text x={0} y={9} className="thr-axis">max {max}</text>
    </svg>
  );
}
