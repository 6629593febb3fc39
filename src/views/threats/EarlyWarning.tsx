/**
 * Early warning per area (every AOR and every threat area): the last 30 days against the
 * area's own previous 180 days, as an exact Poisson tail probability and a change band
 * (src/threats/earlyWarning.ts). Red and amber alerts come first and are tinted on the map
 * while this panel is open.
 */
import { actions, useStore } from '../../state/store.ts';
import { areaView, earlyWarningOf, geometryRings, threatActions, useThreats } from '../../state/threats.ts';
import { CHANGE_LEVELS, EARLY_WARNING_DEFAULTS, type AreaWarning } from '../../threats/earlyWarning.ts';
import { isoFromDay } from '../../domain/incidents.ts';
import { formatNumber } from '../../threats/text.ts';
import { threatTypeLabel } from './format.ts';

function changeText(w: AreaWarning): string {
  if (w.change === 'new') return 'New';
  if (w.change === 'none') return '—';
  const label = CHANGE_LEVELS.find((c) => c.id === w.change)?.label ?? w.change;
  return `${label} (${w.changePct !== null && w.changePct > 0 ? '+' : ''}${formatNumber(w.changePct ?? 0, 0)} %)`;
}
function pText(p: number): string {
  return p < 0.0001 ? '< 0.0001' : formatNumber(p, p < 0.01 ? 4 : 3);
}

export function EarlyWarningView(): React.JSX.Element | null {
  const dataset = useStore((s) => s.dataset);
  const register = useThreats((s) => s.register);
  if (!dataset) return null;
  const ew = earlyWarningOf(dataset, register);
  const rank = (w: AreaWarning): number => (w.level === 'red' ? 0 : w.level === 'amber' ? 1 : 2);
  const rows = [...ew.areas].sort((a, b) => rank(a) - rank(b) || a.pValue - b.pValue);
  const go = (w: AreaWarning): void => {
    if (w.kind === 'threat') { threatActions.select(w.areaId.slice('threat:'.length), { fly: true }); return; }
    const aor = dataset.aors.find((a) => `aor:${a.id}` === w.areaId);
    const v = aor ? areaView(geometryRings(aor.geometry)) : null;
    if (v) actions.flyTo(v);
  };
  return (
    <div className="thr-warning" data-testid="early-warning">
      <p className="thr-muted">
        {ew.alerts.length ? `${ew.alerts.length} alert${ew.alerts.length === 1 ? '' : 's'}` : 'No alert'}: the last {EARLY_WARNING_DEFAULTS.recentDays} days
        ({isoFromDay(ew.recent.startDay)} – {isoFromDay(ew.recent.endDay)}) against each area's previous {EARLY_WARNING_DEFAULTS.baselineDays} days.
        Red when P &lt; {EARLY_WARNING_DEFAULTS.redP}, amber when P &lt; {EARLY_WARNING_DEFAULTS.amberP}, never under {EARLY_WARNING_DEFAULTS.minCount} recent incidents.
      </p>
      {rows.length === 0 && <p className="thr-muted">No areas: the dataset has no AORs and the register no threats.</p>}
      <ul className="thr-list">
        {rows.map((w) => (
          <li key={w.areaId} className="thr-row" data-testid="warning-row" data-area={w.areaId} data-level={w.level} data-p={w.pValue}>
            <div className="thr-row-head">
              <span className={`thr-level-chip thr-level-${w.level}`}>{w.level === 'none' ? 'No alert' : w.level === 'red' ? 'Red' : 'Amber'}</span>
              <button type="button" className="thr-link thr-title" onClick={() => go(w)}>{w.name}</button>
              <span className="thr-muted">{w.kind === 'aor' ? 'AOR' : 'threat area'}</span>
            </div>
            <table className="thr-kv">
              <tbody>
                <tr><th>Recent</th><td>{w.recentCount} (expected {formatNumber(w.expected, 1)})</td><th>P</th><td>{pText(w.pValue)}</td></tr>
                <tr><th>Change</th><td>{changeText(w)}</td><th>Killed</th><td>{w.fatalities}</td></tr>
              </tbody>
            </table>
            {w.topTypes.length > 0 && <p className="thr-hint">Mostly {w.topTypes.map((t) => `${threatTypeLabel(t.id).toLowerCase()} (${t.count})`).join(', ')}</p>}
            <p className="thr-evidence">{w.reason.text}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
