/** The app frame: header with the exercise banner, the layer panel, the map, and the detail panel. */
import { useStore } from '../state/store.ts';
import { MapView } from '../map/MapView.tsx';
import { LayerPanel } from './LayerPanel.tsx';
import { DetailPanel } from './DetailPanel.tsx';
import { HoverTip } from './HoverTip.tsx';

export function App(): React.JSX.Element {
  const dataset = useStore((s) => s.dataset);
  const loadError = useStore((s) => s.loadError);
  return (
    <div className="app">
      {dataset?.exercise && (
        <div className="exercise-banner" role="status" data-testid="exercise-banner">
          EXERCISE — SYNTHETIC DATA
        </div>
      )}
      <header className="app-header">
        <h1>POC Threat Map</h1>
        <span className="dataset-name">
          {dataset ? `${dataset.name} · ${dataset.incidents.length.toLocaleString('en')} incidents · ${dataset.presences.length} presences` : loadError ? '' : 'Loading…'}
        </span>
      </header>
      {loadError && <div className="load-error" role="alert">Could not load data: {loadError}</div>}
      <main className="app-main">
        <LayerPanel />
        <div className="map-wrap">
          <MapView />
          <HoverTip />
        </div>
        <DetailPanel />
      </main>
    </div>
  );
}
