/** The planner's ranked lists: the largest gaps (a click flies there) and coverage per area of responsibility. */
import { actions } from '../../state/store.ts';
import type { PlannerResults } from '../../state/planner.ts';
import { fmtInt, fmtKm, fmtPct, modeLabel } from './planModel.ts';
import { clickRow, Section } from './ui.tsx';

/** Zoom that shows a gap of this radius with some context around it. */
function zoomFor(radiusKm: number): number {
  return Math.max(6, Math.min(9, 9 - Math.log2(Math.max(10, radiusKm) / 10)));
}

export function GapSection({ results }: { results: PlannerResults }): React.JSX.Element {
  const gaps = results.gaps;
  const pr = results.primary;
  const isInc = pr.set === 'incidents';
  const ml = modeLabel(results.mode);
  return (
    <Section title={`Largest gaps — ${ml}`} testid="planner-gaps">
      {gaps.length === 0 ? <p className="pl-muted">No gap: every demand point is within {ml} reach.</p> : (
        <table className="pl-table pl-gaps" data-testid="gap-list">
          <thead>
            <tr>
              <th>#</th><th>Where · nearest presence</th>
              <th className="pl-num" title={`Uncovered demand (${pr.unit === 'incidents' ? 'incident weight' : pr.unit})`}>{isInc ? 'Weight' : pr.unit === 'people' ? 'People' : 'Mass'}</th>
              {isInc && <th className="pl-num" title="Incidents out of reach">Inc.</th>}
              {isInc && <th className="pl-num" title="Civilians killed in them">Killed</th>}
            </tr>
          </thead>
          <tbody>
            {gaps.map((g) => (
              <tr key={g.rank} data-testid="gap-row" data-rank={g.rank} data-lon={g.lon} data-lat={g.lat} data-weight={g.weight} data-count={g.count}
                {...clickRow(() => actions.flyTo({ lon: g.lon, lat: g.lat, zoom: zoomFor(g.radiusKm) }), 'Click to zoom to the gap')}>
                <td className="pl-num"><b>{g.rank}</b></td>
                <td className="pl-ellipsis">
                  <span className="pl-place">{g.name}</span>
                  {g.nearest && <span className="pl-sub-line">{g.nearest.name}, {fmtKm(g.nearest.km)} km{g.nearest.reachKm > 0 ? ` (range ${fmtKm(g.nearest.reachKm)})` : ` (no ${ml} reach)`}</span>}
                </td>
                <td className="pl-num">{fmtInt(g.weight)}</td>
                {isInc && <td className="pl-num">{fmtInt(g.count)}</td>}
                {isInc && <td className="pl-num">{fmtInt(g.killed ?? 0)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="pl-hint">
        {isInc
          ? 'Incidents out of reach, grouped by the nearest settlement within 40 km (else by a half-degree cell), ranked by weight; the map rings every uncovered incident.'
          : 'Demand out of reach, ranked by weight; the map rings every uncovered point.'}
      </p>
    </Section>
  );
}

export function AorSection({ results }: { results: PlannerResults }): React.JSX.Element {
  return (
    <Section title={`Per area of responsibility — ${modeLabel(results.mode)}`} open={false} testid="planner-aors">
      <table className="pl-table" data-testid="aor-list">
        <thead><tr><th>AOR</th><th className="pl-num">Incidents</th><th className="pl-num">Population</th></tr></thead>
        <tbody>
          {results.perAor.map((a) => (
            <tr key={a.name} data-aor={a.name} data-covered={a.incidents.covered} data-total={a.incidents.total}>
              <td className="pl-ellipsis">{a.name}</td>
              <td className="pl-num" title={`${fmtInt(a.incidents.covered)} of ${fmtInt(a.incidents.total)}`}>{fmtPct(a.incidents.covered, a.incidents.total)}</td>
              <td className="pl-num" title={`${fmtInt(a.population.covered)} of ${fmtInt(a.population.total)} people`}>{fmtPct(a.population.covered, a.population.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="pl-hint">Incidents and people inside each AOR that some presence reaches (any unit's, not only the AOR owner's).</p>
    </Section>
  );
}
