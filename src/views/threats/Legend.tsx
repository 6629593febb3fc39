/** Switches and legend of the threat layers on the map (colours from src/map/threatLayers.ts). */
import { threatActions, useThreats, type ThreatMapSwitches } from '../../state/threats.ts';
import { ALERT_COLOURS, ALERT_FILL_ALPHA, REVIEW_COLOURS, THREAT_AREA_COLOURS, THREAT_AREA_DASH, type ThreatFlag } from '../../map/threatLayers.ts';
import { rgbCss } from '../../map/palette.ts';
import { FLAG_LABELS } from './format.ts';

const FLAGS: readonly ThreatFlag[] = ['action', 'gap', 'below'];

function Switch({ id, label }: { id: keyof ThreatMapSwitches; label: string }): React.JSX.Element {
  const on = useThreats((s) => s.switches[id]);
  return (
    <label className="thr-toggle">
      <input type="checkbox" checked={on} onChange={(e) => threatActions.setSwitch(id, e.target.checked)} data-testid={`threat-layer-${id}`} />
      {label}
    </label>
  );
}

export function MapLegend(): React.JSX.Element {
  return (
    <details className="thr-legend" data-testid="threat-legend">
      <summary>On the map</summary>
      <Switch id="areas" label="Threat areas, labelled by rank" />
      <ul className="thr-keys">
        {FLAGS.map((f) => (
          <li key={f}>
            <span className="thr-swatch thr-outline" style={{ borderColor: rgbCss(THREAT_AREA_COLOURS[f]), borderStyle: THREAT_AREA_DASH[f][0] ? 'dashed' : 'solid', borderWidth: f === 'below' ? 1.5 : 2.5 }} />
            {FLAG_LABELS[f]}
          </li>
        ))}
      </ul>
      <Switch id="alerts" label="Early-warning alerts (while this panel is open)" />
      <ul className="thr-keys">
        <li><span className="thr-swatch" style={{ background: rgbCss(ALERT_COLOURS.red, ALERT_FILL_ALPHA / 255), borderColor: rgbCss(ALERT_COLOURS.red) }} />Red alert (P &lt; 0.01)</li>
        <li><span className="thr-swatch" style={{ background: rgbCss(ALERT_COLOURS.amber, ALERT_FILL_ALPHA / 255), borderColor: rgbCss(ALERT_COLOURS.amber), borderStyle: 'dashed' }} />Amber alert (P &lt; 0.05)</li>
      </ul>
      <Switch id="reviews" label="After-action review flags (while this panel is open, from zoom 7 in, on the incidents shown)" />
      <ul className="thr-keys">
        <li><span className="thr-ring" style={{ borderColor: rgbCss(REVIEW_COLOURS.review_required) }} />Review required</li>
        <li><span className="thr-ring thr-ring-thin" style={{ borderColor: rgbCss(REVIEW_COLOURS.possible_location_imprecise) }} />Possible, location imprecise</li>
      </ul>
    </details>
  );
}
