/**
 * The briefing's map snapshot, drawn as SVG with d3-geo: it prints sharply, needs no
 * WebGL and no network, and can be saved as PNG. Shows country borders, AORs, road
 * ranges, presences, the period's incidents (sensitive types generalised) and the gaps.
 */
import { useEffect, useMemo, useState } from 'react';
import { geoMercator, geoPath, type GeoPermissibleObjects } from 'd3';
import type { Dataset } from '../../io/dataset.ts';
import type { DayRange } from '../../filter/aggregate.ts';
import { THREAT_GROUPS, THREAT_GROUP_OF_TYPE } from '../../domain/taxonomy.ts';
import { geodesicCircle } from '../../domain/geo.ts';
import { PRESENCE_COLOUR, PRESENCE_SHAPES, RANGE_COLOURS, THREAT_GROUP_COLOURS, rgbCss } from '../../map/palette.ts';
import { shapePath } from '../../map/symbols.ts';
import { generalisedPosition, isSensitiveType } from '../../briefing/generalise.ts';
import type { ReachGap } from '../../briefing/figures.ts';
import { SCENARIO_BBOX } from '../../scenario/region.ts';

const W = 640, H = 430;
let countriesPromise: Promise<GeoJSON.FeatureCollection> | null = null;
function loadCountries(): Promise<GeoJSON.FeatureCollection> {
  countriesPromise ??= fetch(`${import.meta.env.BASE_URL}basemap/countries.geojson`).then((r) => r.json() as Promise<GeoJSON.FeatureCollection>);
  return countriesPromise;
}

export function BriefingMap({ dataset, period, gaps }: { dataset: Dataset; period: DayRange; gaps: ReachGap[] }): React.JSX.Element {
  const [countries, setCountries] = useState<GeoJSON.FeatureCollection | null>(null);
  useEffect(() => { loadCountries().then(setCountries, () => setCountries(null)); }, []);
  const [w, s, e, n] = SCENARIO_BBOX;
  const projection = useMemo(() => geoMercator().fitExtent([[6, 6], [W - 6, H - 6]], {
    type: 'Feature', properties: {}, // Clockwise: d3-geo's spherical polygons take the other winding as "everything but the box".
    geometry: { type: 'Polygon', coordinates: [[[w, s], [w, n], [e, n], [e, s], [w, s]]] },
  }), [w, s, e, n]);
  const path = geoPath(projection);
  const t = dataset.incidents;
  const dots = useMemo(() => {
    const out: { x: number; y: number; colour: string; r: number }[] = [];
    for (let i = 0; i < t.length; i++) {
      if (t.day[i]! < period.startDay || t.day[i]! > period.endDay) continue;
      const [lon, lat] = isSensitiveType(t.threatType[i]!) ? generalisedPosition(t.lon[i]!, t.lat[i]!) : [t.lon[i]!, t.lat[i]!];
      const p = projection([lon, lat]);
      if (!p) continue;
      const group = THREAT_GROUPS[THREAT_GROUP_OF_TYPE[t.threatType[i]!]!]!.id;
      out.push({ x: p[0], y: p[1], colour: rgbCss(THREAT_GROUP_COLOURS[group]), r: 1.6 + Math.sqrt(t.fatalities[i]!) });
    }
    return out;
  }, [t, period, projection]);
  return (
    <svg className="briefing-map" viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Map of the period's incidents, presences, road ranges and gaps" data-testid="briefing-map" data-incidents={dots.length}>
      <rect width={W} height={H} fill="#c8d3da" />
      {countries && <path d={path(countries as GeoPermissibleObjects) ?? ''} fill="#f3f0ea" stroke="#7d7873" strokeWidth={0.8} strokeDasharray="4 2" />}
      {dataset.aors.map((a) => <path key={a.id} d={path(a.geometry as GeoPermissibleObjects) ?? ''} fill="none" stroke="#464646" strokeWidth={1.2} strokeDasharray="6 3" />)}
      {dataset.presences.filter((p) => p.reachKm.road > 0).map((p) => (
        // geodesicCircle runs clockwise (N, E, S, W), the winding d3-geo reads as "the inside".
        <path key={`r${p.id}`} d={path({ type: 'Polygon', coordinates: [geodesicCircle(p.lon, p.lat, p.reachKm.road, 72)] }) ?? ''}
          fill={rgbCss(RANGE_COLOURS.road, 0.08)} stroke={rgbCss(RANGE_COLOURS.road)} strokeWidth={0.8} strokeDasharray="5 3" />
      ))}
      {dots.map((d, k) => <circle key={k} cx={d.x} cy={d.y} r={d.r} fill={d.colour} fillOpacity={0.75} stroke="#fff" strokeWidth={0.3} />)}
      {dataset.presences.map((p) => {
        const xy = projection([p.lon, p.lat]);
        if (!xy) return null;
        return <path key={p.id} d={shapePath(PRESENCE_SHAPES[p.type])} transform={`translate(${xy[0] - 6},${xy[1] - 6}) scale(0.5)`} fill={rgbCss(PRESENCE_COLOUR)} stroke="#fff" strokeWidth={2} />;
      })}
      {gaps.map((g, k) => {
        const xy = projection([g.lon, g.lat]);
        if (!xy) return null;
        return (
          <g key={`g${k}`} transform={`translate(${xy[0]},${xy[1]})`}>
            <circle r={11} fill="none" stroke="#b00" strokeWidth={2} />
            <text x={13} y={4} fontSize={12} fontWeight="bold" fill="#b00" stroke="#fff" strokeWidth={3} paintOrder="stroke">G{k + 1}</text>
          </g>
        );
      })}
    </svg>
  );
}
