/** Left panel: layer switches, the legend (which doubles as the key to every symbol) and basemap settings. */
import { useMemo, useState } from 'react';
import { actions, LAYER_LABELS, useStore, type LayerId } from '../state/store.ts';
import { MOBILITY_MODES, PRESENCE_TYPES, THREAT_GROUPS, THREAT_GROUP_OF_TYPE } from '../domain/taxonomy.ts';
import {
  AOR_COLOUR, PRESENCE_COLOUR, PRESENCE_SHAPES, RANGE_COLOURS, RANGE_DASH, SITE_COLOUR, THREAT_GROUP_COLOURS, rgbCss,
} from '../map/palette.ts';
import { shapePath } from '../map/symbols.ts';
import type { PresenceShape } from '../map/palette.ts';

function Symbol({ shape, colour }: { shape: PresenceShape; colour: string }): React.JSX.Element {
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true">
      <path d={shapePath(shape)} fill={colour} stroke="#fff" strokeWidth="1.5" />
    </svg>
  );
}

function LineSample({ colour, dash }: { colour: string; dash: [number, number] }): React.JSX.Element {
  return (
    <svg width="28" height="10" aria-hidden="true">
      <line x1="1" y1="5" x2="27" y2="5" stroke={colour} strokeWidth="2.5" strokeDasharray={dash[0] ? `${dash[0] * 1.5} ${dash[1] * 1.5}` : undefined} />
    </svg>
  );
}

function Toggle({ id }: { id: LayerId }): React.JSX.Element {
  const on = useStore((s) => s.layers[id]);
  const exercise = useStore((s) => s.dataset?.exercise ?? true);
  const label = id === 'roads' && !exercise ? 'Roads' : LAYER_LABELS[id];
  return (
    <label className="toggle">
      <input type="checkbox" checked={on} onChange={() => actions.toggleLayer(id)} data-layer={id} />
      {label}
    </label>
  );
}

export function LayerPanel(): React.JSX.Element {
  const dataset = useStore((s) => s.dataset);
  const groupCounts = useMemo(() => {
    const counts = new Array<number>(THREAT_GROUPS.length).fill(0);
    if (dataset) for (const code of dataset.incidents.threatType) counts[THREAT_GROUP_OF_TYPE[code]!]!++;
    return counts;
  }, [dataset]);

  return (
    <aside className="side-panel" aria-label="Layers and legend">
      <section>
        <h2>Layers</h2>
        <Toggle id="incidents" />
        <Toggle id="presences" />
        <fieldset className="subgroup">
          <legend>Patrol ranges (geodesic)</legend>
          {MOBILITY_MODES.map((m) => <Toggle key={m.id} id={`range_${m.id}`} />)}
        </fieldset>
        <Toggle id="aors" />
        <Toggle id="sites" />
        <Toggle id="settlements" />
        <Toggle id="roads" />
      </section>
      <section className="legend" data-testid="legend">
        <h2>Legend</h2>
        <h3>Incidents by threat type</h3>
        <ul>
          {THREAT_GROUPS.map((g, i) => (
            <li key={g.id}>
              <span className="swatch" style={{ background: rgbCss(THREAT_GROUP_COLOURS[g.id]) }} />
              {g.label} <span className="count">{groupCounts[i]!.toLocaleString('en')}</span>
            </li>
          ))}
          <li className="note">Circle area grows with civilians killed.</li>
        </ul>
        <h3>Mission presences</h3>
        <ul>
          {PRESENCE_TYPES.map((t) => (
            <li key={t.id}><Symbol shape={PRESENCE_SHAPES[t.id]} colour={rgbCss(PRESENCE_COLOUR)} />{t.label}</li>
          ))}
          <li><Symbol shape="tent" colour={rgbCss(SITE_COLOUR)} />Displacement (IDP) site</li>
        </ul>
        <h3>Patrol range by mobility</h3>
        <ul>
          {MOBILITY_MODES.map((m) => (
            <li key={m.id}><LineSample colour={rgbCss(RANGE_COLOURS[m.id])} dash={RANGE_DASH[m.id]} />{m.label}</li>
          ))}
          <li><LineSample colour={rgbCss(AOR_COLOUR)} dash={[8, 4]} />Area of responsibility</li>
        </ul>
      </section>
      <BasemapSettings />
    </aside>
  );
}

function BasemapSettings(): React.JSX.Element {
  const styleUrl = useStore((s) => s.styleUrl);
  const [draft, setDraft] = useState(styleUrl ?? '');
  return (
    <section>
      <h2>Basemap</h2>
      <p className="note">{styleUrl ? 'Using your own style.' : 'Offline basemap (ships with the app; no internet needed).'}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          actions.setStyleUrl(draft.trim() || null);
        }}
      >
        <label htmlFor="style-url">Own MapLibre style URL</label>
        <input id="style-url" type="url" placeholder="https://tiles.example.org/style.json" value={draft} onChange={(e) => setDraft(e.target.value)} />
        <div className="row">
          <button type="submit">Use style</button>
          <button type="button" onClick={() => { setDraft(''); actions.setStyleUrl(null); }} disabled={!styleUrl}>Offline basemap</button>
        </div>
      </form>
    </section>
  );
}
