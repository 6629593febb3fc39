/**
 * Result summaries of the analysis panel: the ranked hotspot list (a click flies the map
 * to the hotspot) and the coverage summary (what share of incidents, civilians killed,
 * hotspot mass and settlement population the presences reach: overall, per mobility
 * mode, per presence and per area of responsibility).
 */
import { MOBILITY_MODES, THREAT_TYPES } from '../../domain/taxonomy.ts';
import type { Share } from '../../analysis/coverage.ts';
import { actions, useStore } from '../../state/store.ts';
import { useAnalysis, type AnalysisResults } from '../../state/analysis.ts';

const int = (v: number): string => Math.round(v).toLocaleString('en');
const pct = (s: Share): string => (s.share === null ? '—' : `${(s.share * 100).toFixed(s.share < 0.1 ? 1 : 0)} %`);
const pctOf = (reached: number, total: number): string => (total > 0 ? `${((100 * reached) / total).toFixed(reached / total < 0.1 ? 1 : 0)} %` : '—');

/** Hotspots listed (all of them are drawn; the tail is usually a scatter of tiny areas). */
const LISTED = 15;

export function HotspotList({ results }: { results: AnalysisResults }): React.JSX.Element {
  const hs = results.hotspots.hotspots;
  return (
    <details className="ana-section" open>
      <summary>Hotspots, ranked ({hs.length})</summary>
      {hs.length === 0 ? <p className="ana-muted">No hotspot: the density is flat.</p> : (
        <table className="ana-table ana-hotspots" data-testid="hotspot-list">
          <thead>
            <tr><th>#</th><th title="Nearest settlement to the density peak">Peak near · main threat types</th><th className="ana-num">km²</th><th className="ana-num" title="Incidents in the hotspot's cells">Incidents</th><th className="ana-num" title="Civilians killed">Killed</th></tr>
          </thead>
          <tbody>
            {hs.slice(0, LISTED).map((h, i) => {
              const place = results.hotspotPlaces[i];
              const where = place ? (place.km < 10 ? place.name : `${Math.round(place.km)} km from ${place.name}`) : `${h.centroidLat.toFixed(2)}°, ${h.centroidLon.toFixed(2)}°`;
              return (
                <tr
                  key={h.rank} tabIndex={0} className="ana-click" data-rank={h.rank} data-mass={h.mass} data-incidents={h.incidents}
                  title={`Mass ${h.mass.toFixed(0)} expected incidents; peak ${h.peakDensity.toFixed(2)} per 100 km². Click to zoom to it.`}
                  onClick={() => actions.flyTo({ lon: h.centroidLon, lat: h.centroidLat, zoom: zoomFor(h.areaKm2) })}
                  onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); actions.flyTo({ lon: h.centroidLon, lat: h.centroidLat, zoom: zoomFor(h.areaKm2) }); } }}
                >
                  <td className="ana-num"><b>{h.rank}</b></td>
                  <td className="ana-ellipsis">
                    <span className="ana-place">{where}</span>
                    <span className="ana-threats">{h.topThreatTypes.map((t) => THREAT_TYPES[t.code]?.label ?? t.id).join(', ')}</span>
                  </td>
                  <td className="ana-num">{int(h.areaKm2)}</td>
                  <td className="ana-num">{int(h.incidents)}</td>
                  <td className="ana-num">{int(h.fatalities)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {hs.length > LISTED && <p className="ana-hint">{hs.length - LISTED} smaller hotspots not listed (drawn on the map).</p>}
      <p className="ana-hint">
        Ranked by mass, the density summed over the hotspot (expected incidents); “Inc.” counts the incidents whose grid cell is in it.
        They hold {pctOf(results.hotspots.hotspotMass, results.hotspots.totalMass)} of the mass.
      </p>
    </details>
  );
}

/** A zoom that shows a hotspot of this area whole. */
function zoomFor(areaKm2: number): number {
  const side = Math.sqrt(Math.max(1, areaKm2));
  return Math.max(5, Math.min(10, 8.6 - Math.log2(side / 40)));
}

export function CoverageSummary({ results }: { results: AnalysisResults }): React.JSX.Element {
  const cov = results.coverage;
  const mode = useAnalysis((s) => s.params.coverageMode);
  const dataset = useStore((s) => s.dataset);
  // Per-presence / per-AOR layouts put "any mode" after the modes (block 3).
  const m = mode === 'any' ? 3 : MOBILITY_MODES.findIndex((x) => x.id === mode);
  const modeLabel = mode === 'any' ? 'any mode' : MOBILITY_MODES[m]!.label.toLowerCase();
  const rows: { id: string; label: string; set: typeof cov.overall }[] = [
    { id: 'any', label: 'Any mode', set: cov.overall },
    ...MOBILITY_MODES.map((md, i) => ({ id: md.id, label: md.label, set: cov.byMode[i]! })),
  ];
  const presences = results.dataset.presences;
  const P = presences.length;
  const top = presences
    .map((p, i) => ({ name: p.name, reached: cov.perPresence.incidents[m * P + i] ?? 0, killed: cov.perPresence.fatalities[m * P + i] ?? 0 }))
    .filter((p) => p.reached > 0)
    .sort((a, b) => b.reached - a.reached)
    .slice(0, 8);
  const A = cov.perAor.count;
  const aors = results.dataset.aors.slice(0, A);
  return (
    <details className="ana-section" open data-testid="coverage-summary">
      <summary>Coverage: within reach of a presence</summary>
      <table className="ana-table" data-testid="coverage-modes">
        <thead>
          <tr><th>Mode</th><th className="ana-num">Incidents</th><th className="ana-num">Killed</th><th className="ana-num" title="Share of the hotspots' density mass">Hotspots</th><th className="ana-num" title="Settlement population">People</th></tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-mode={r.id} data-reached={r.set.incidents.reached} data-total={r.set.incidents.total} className={r.id === mode ? 'ana-selected' : undefined}>
              <td>{r.label}</td>
              <td className="ana-num" title={`${int(r.set.incidents.reached)} of ${int(r.set.incidents.total)}`}>{pct(r.set.incidents)}</td>
              <td className="ana-num" title={`${int(r.set.fatalities.reached)} of ${int(r.set.fatalities.total)}`}>{pct(r.set.fatalities)}</td>
              <td className="ana-num" title={`${int(r.set.hotspotMass.reached)} of ${int(r.set.hotspotMass.total)} expected incidents`}>{pct(r.set.hotspotMass)}</td>
              <td className="ana-num" title={`${int(r.set.population.reached)} of ${int(r.set.population.total)} people`}>{pct(r.set.population)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="ana-hint">
        Exact great-circle distance ≤ the presence's reach by that mode (boundary included). People: population of the
        settlements {results.dataset.aors.length ? 'inside the AORs' : 'in the incidents’ area'}, a proxy for exposure.
      </p>
      <h4 className="ana-h4">Presences reaching most incidents ({modeLabel})</h4>
      {top.length === 0 ? <p className="ana-muted">No presence reaches an analysed incident by {modeLabel}.</p> : (
        <table className="ana-table" data-testid="coverage-presences">
          <thead><tr><th>Presence</th><th className="ana-num">Incidents</th><th className="ana-num">Share</th><th className="ana-num" title="Civilians killed in the incidents it reaches">Killed</th></tr></thead>
          <tbody>
            {top.map((p) => (
              <tr key={p.name}>
                <td className="ana-ellipsis">{p.name}</td>
                <td className="ana-num">{int(p.reached)}</td>
                <td className="ana-num ana-muted">{pctOf(p.reached, results.count)}</td>
                <td className="ana-num ana-muted">{int(p.killed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {A > 0 && dataset && (
        <>
          <h4 className="ana-h4">Areas of responsibility ({modeLabel})</h4>
          <table className="ana-table" data-testid="coverage-aors">
            <thead><tr><th>AOR</th><th className="ana-num">Incidents</th><th className="ana-num">Reached</th><th className="ana-num">Hotspots</th><th className="ana-num">People</th></tr></thead>
            <tbody>
              {aors.map((a, i) => (
                <tr key={a.id}>
                  <td className="ana-ellipsis">{a.name}</td>
                  <td className="ana-num">{int(cov.perAor.incidents[i] ?? 0)}</td>
                  <td className="ana-num">{pctOf(cov.perAor.reachedIncidents[m * A + i] ?? 0, cov.perAor.incidents[i] ?? 0)}</td>
                  <td className="ana-num">{pctOf(cov.perAor.reachedHotspotMass[m * A + i] ?? 0, cov.perAor.hotspotMass[i] ?? 0)}</td>
                  <td className="ana-num">{pctOf(cov.perAor.reachedPopulation[m * A + i] ?? 0, cov.perAor.population[i] ?? 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="ana-hint">Incidents inside each AOR, and the share of them (of its hotspot mass, of its people) within reach.</p>
        </>
      )}
    </details>
  );
}
