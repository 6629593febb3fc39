/**
 * The app frame: header (exercise banner, dataset, visible count, toolbar), the layer
 * panel, the map with its detail card and bottom dock, and the right panel.
 */
import { actions, useStore } from '../state/store.ts';
import { useFiltered } from '../state/filtered.ts';
import { MapView } from '../map/MapView.tsx';
import { LayerPanel } from './LayerPanel.tsx';
import { DetailPanel } from './DetailPanel.tsx';
import { HoverTip } from './HoverTip.tsx';
import { ActiveFilterChips, BottomDock, RightPanel } from './AnalystViews.tsx';
import { useShortcuts, SHORTCUTS } from './shortcuts.ts';
import { useUrlSync } from '../state/urlSync.ts';
import { DataMenu } from './import/DataMenu.tsx';
import { Briefing } from './briefing/Briefing.tsx';
import { DrawHint } from './DrawHint.tsx';

function VisibleCount(): React.JSX.Element | null {
  const dataset = useStore((s) => s.dataset);
  const filtered = useFiltered();
  if (!dataset || !filtered) return null;
  return (
    <span className="visible-count" data-testid="visible-count" data-count={filtered.count}>
      {filtered.count.toLocaleString('en')} of {dataset.incidents.length.toLocaleString('en')} incidents shown
    </span>
  );
}

function Toolbar(): React.JSX.Element {
  const panel = useStore((s) => s.panel);
  const drawMode = useStore((s) => s.drawMode);
  const button = (label: string, key: string, pressed: boolean, onClick: () => void, testid: string, title = label): React.JSX.Element => (
    <button aria-pressed={pressed} className={pressed ? 'active' : ''} onClick={onClick} title={`${title} (shortcut ${key})`} aria-label={title} aria-keyshortcuts={key} data-testid={testid}>
      {label}
    </button>
  );
  return (
    <nav className="toolbar" aria-label="Tools">
      {button('Filters', 'F', panel === 'filters', () => actions.openPanel('filters'), 'open-filters')}
      {button('Incidents', 'T', panel === 'table', () => actions.openPanel('table'), 'open-table')}
      {button('Charts', 'C', panel === 'charts', () => actions.openPanel('charts'), 'open-charts')}
      {button('Analysis', 'A', panel === 'analysis', () => actions.openPanel('analysis'), 'open-analysis')}
      {button('Threats', 'R', panel === 'threats', () => actions.openPanel('threats'), 'open-threats', 'Threat register')}
      {button('Planner', 'G', panel === 'planner', () => actions.openPanel('planner'), 'open-planner', 'Force planner')}
      <span className="sep" />
      {button('Briefing', 'B', false, () => actions.showScreen('briefing'), 'open-briefing')}
      <span className="sep" />
      {button('▱', 'P', drawMode === 'polygon', () => actions.setDrawMode('polygon'), 'draw-polygon', 'Select incidents in a polygon')}
      {button('◯', 'O', drawMode === 'circle', () => actions.setDrawMode('circle'), 'draw-circle', 'Select incidents in a circle')}
    </nav>
  );
}

export function App(): React.JSX.Element {
  const dataset = useStore((s) => s.dataset);
  const loadError = useStore((s) => s.loadError);
  const screen = useStore((s) => s.screen);
  useShortcuts();
  useUrlSync();
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
        <VisibleCount />
        <DataMenu />
        <Toolbar />
      </header>
      {loadError && <div className="load-error" role="alert">Could not load data: {loadError}</div>}
      <main className="app-main">
        <LayerPanel />
        <div className="centre">
          <ActiveFilterChips />
          <div className="map-wrap">
            <MapView />
            <HoverTip />
            <DetailPanel />
            <DrawHint />
          </div>
          <BottomDock />
        </div>
        <RightPanel />
      </main>
      {screen === 'briefing' && <Briefing />}
      <details className="shortcuts">
        <summary>Keyboard shortcuts</summary>
        <ul>{SHORTCUTS.map(([k, what]) => <li key={k}><kbd>{k}</kbd> {what}</li>)}</ul>
      </details>
    </div>
  );
}
