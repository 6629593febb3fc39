/**
 * Analysis layer switches, each with its legend: density (sequential ramp in incidents per
 * 100 km²), ranked hotspots, Gi* (the conventional diverging confidence legend), emerging
 * hot-spot classes and coverage gaps. Colours come from src/map/analysisLayers.ts, so the
 * legend is the key to exactly what the map draws.
 */
import { useMemo } from 'react';
import { scaleSqrt } from 'd3';
import { EMERGING_PATTERNS } from '../../analysis/emerging.ts';
import { MOBILITY_MODES } from '../../domain/taxonomy.ts';
import {
  css, DENSITY_ALPHA, DENSITY_FLOOR, densityColour, densityPeak, densityPosition, EMERGING_COLOURS,
  GAP_FILL, GAP_LINE, GISTAR_BINS, HOTSPOT_LINE, MAP_HOTSPOT_LABELS,
} from '../../map/analysisLayers.ts';
import { analysisActions, ANALYSIS_LAYERS, HOTSPOT_MASS, useAnalysis, type AnalysisLayerId, type AnalysisResults } from '../../state/analysis.ts';

/** Three significant digits at most, no trailing zeros (legend ticks read 2, 4, 6 — not 2.00). */
const fmt = (v: number): string => (v >= 1000 ? Math.round(v).toLocaleString('en') : String(+v.toPrecision(3)));
const int = (v: number): string => Math.round(v).toLocaleString('en');

export function AnalysisLayers({ results }: { results: AnalysisResults | null }): React.JSX.Element {
  const on = useAnalysis((s) => s.layers);
  return (
    <details className="ana-section" open data-testid="analysis-layers">
      <summary>Map layers</summary>
      {ANALYSIS_LAYERS.map((l) => (
        <div key={l.id} className="ana-layer">
          <label className="ana-toggle">
            <input type="checkbox" checked={on[l.id]} onChange={() => analysisActions.toggleLayer(l.id)} data-analysis-layer={l.id} />
            {l.label}
          </label>
          {on[l.id] && results && <Legend id={l.id} results={results} />}
        </div>
      ))}
      {!results && <p className="ana-hint">Legends appear with the first result.</p>}
    </details>
  );
}

function Legend({ id, results }: { id: AnalysisLayerId; results: AnalysisResults }): React.JSX.Element | null {
  switch (id) {
    case 'density': return <DensityLegend results={results} />;
    case 'hotspots': return <HotspotLegend results={results} />;
    case 'gistar': return <GiStarLegend results={results} />;
    case 'emerging': return <EmergingLegend results={results} />;
    case 'gaps': return <GapLegend results={results} />;
  }
}

function DensityLegend({ results }: { results: AnalysisResults }): React.JSX.Element {
  const peak = useMemo(() => densityPeak(results.kde.density), [results]);
  const { gradient, ticks } = useMemo(() => {
    // The bar shows the ramp as the map draws it (same stretch, same opacity over white).
    const stops: string[] = [];
    for (let k = 0; k <= 16; k++) {
      const t = k / 16;
      stops.push(`${css(densityColour(t), DENSITY_ALPHA[0] + (DENSITY_ALPHA[1] - DENSITY_ALPHA[0]) * t)} ${(t * 100).toFixed(1)}%`);
    }
    const scale = scaleSqrt().domain([0, peak]).range([0, 100]);
    const values = scale.ticks(4).filter((v) => v > 0 && v <= peak);
    return { gradient: `linear-gradient(to right, ${stops.join(', ')})`, ticks: values.map((v) => ({ v, at: densityPosition(v, peak) * 100 })) };
  }, [peak]);
  const kde = results.kde;
  return (
    <div className="ana-legend" data-testid="legend-density">
      <div className="ana-ramp" style={{ background: gradient }} />
      <div className="ana-ticks">
        {ticks.map((t) => <span key={t.v} style={{ left: `${t.at}%` }}>{fmt(t.v)}</span>)}
      </div>
      <p className="ana-hint">
        Incidents per 100 km² (peak {fmt(peak)}); colour stretched by √, transparent below {fmt(DENSITY_FLOOR * peak)}.
        {' '}{kde.kernel === 'gaussian' ? 'Gaussian' : 'Quartic'} kernel, bandwidth {fmt(kde.bandwidthKm)} km, cells {fmt(kde.grid.cellKm)} km.
      </p>
    </div>
  );
}

function HotspotLegend({ results }: { results: AnalysisResults }): React.JSX.Element {
  const h = results.hotspots;
  return (
    <div className="ana-legend" data-testid="legend-hotspots">
      <div className="ana-key">
        <svg width="22" height="22" aria-hidden="true"><circle cx="11" cy="11" r="9" fill="#fff" stroke={css(HOTSPOT_LINE)} strokeWidth="2" /><text x="11" y="15" textAnchor="middle" fontSize="11" fontWeight="bold">1</text></svg>
        <span>Rank at the centroid (top {MAP_HOTSPOT_LABELS} on the map); click to zoom</span>
      </div>
      <div className="ana-key"><span className="ana-swatch ana-outline" style={{ borderColor: css(HOTSPOT_LINE) }} /><span>Hotspot outline</span></div>
      <p className="ana-hint">
        Hotspots: contiguous cells of the smallest area holding {HOTSPOT_MASS * 100} % of the density mass (density ≥ {fmt(h.threshold)} per 100 km²),
        ranked by mass (expected incidents).
      </p>
    </div>
  );
}

function GiStarLegend({ results }: { results: AnalysisResults }): React.JSX.Element {
  const counts = useMemo(() => {
    const c = new Map<number, number>();
    for (const b of results.gistar.bin) c.set(b, (c.get(b) ?? 0) + 1);
    return c;
  }, [results]);
  const g = results.emerging.grid;
  return (
    <div className="ana-legend" data-testid="legend-gistar">
      <ul className="ana-keys">
        {[...GISTAR_BINS].reverse().map((b) => (
          <li key={b.bin} className="ana-key" data-bin={b.bin} data-count={counts.get(b.bin) ?? 0}>
            <span className="ana-swatch" style={{ background: b.bin === 0 ? 'transparent' : css(b.colour), borderStyle: b.bin === 0 ? 'dashed' : 'solid' }} />
            <span>{b.label}</span>
            <span className="ana-count">{int(counts.get(b.bin) ?? 0)}</span>
          </li>
        ))}
      </ul>
      <p className="ana-hint">
        Getis-Ord Gi* of incident counts in {fmt(g.cellKm)} km cells, distance band {fmt(results.emerging.neighbourhoodKm)} km
        (binary, the cell included); cells counted. Hot: more incidents around than chance would place there.
      </p>
    </div>
  );
}

function EmergingLegend({ results }: { results: AnalysisResults }): React.JSX.Element {
  const e = results.emerging;
  const present = EMERGING_PATTERNS.map((p, i) => ({ ...p, count: e.patternCounts[i] ?? 0 })).filter((p) => p.count > 0 || p.id === 'no_pattern');
  const absent = EMERGING_PATTERNS.length - present.length;
  return (
    <div className="ana-legend" data-testid="legend-emerging">
      <ul className="ana-keys">
        {present.map((p) => (
          <li key={p.id} className="ana-key" data-pattern={p.id} data-count={p.count}>
            <span className="ana-swatch" style={p.id === 'no_pattern' ? { background: 'transparent', borderStyle: 'dashed' } : { background: css(EMERGING_COLOURS[p.id], 215 / 255) }} />
            <span>{p.id === 'no_pattern' ? `${p.label} (not drawn)` : p.label}</span>
            <span className="ana-count">{int(p.count)}</span>
          </li>
        ))}
      </ul>
      <p className="ana-hint">
        {e.binStartDay.length} {results.params.timeStep === 'week' ? 'weekly' : 'monthly'} time steps; Gi* per step (band {fmt(e.neighbourhoodKm)} km, 95 %),
        Mann-Kendall trend per cell; ArcGIS class definitions. Cells counted; {absent} other classes do not occur.
      </p>
    </div>
  );
}

function GapLegend({ results }: { results: AnalysisResults }): React.JSX.Element {
  const gap = results.coverage.gap;
  const mode = gap?.mode === 'any' || !gap ? 'any mode' : MOBILITY_MODES.find((m) => m.id === gap.mode)?.label.toLowerCase() ?? gap.mode;
  return (
    <div className="ana-legend" data-testid="legend-gaps">
      <div className="ana-key">
        <span className="ana-swatch" style={{ background: css([GAP_FILL[0], GAP_FILL[1], GAP_FILL[2]], GAP_FILL[3] / 255), borderColor: css(GAP_LINE) }} />
        <span>High density out of reach ({mode})</span>
      </div>
      {gap ? (
        <p className="ana-hint" data-testid="gap-summary" data-cells={gap.cellCount}>
          Cells with density ≥ {fmt(gap.threshold)} per 100 km² (the hotspot threshold) whose centre no presence reaches by {mode}:
          {' '}{int(gap.areaKm2)} km², {int(gap.mass)} expected incidents.
        </p>
      ) : <p className="ana-hint">No gap grid.</p>}
    </div>
  );
}
