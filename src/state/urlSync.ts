/**
 * Keeps the shareable view in the URL (map position, filters, period, layers, open panel)
 * and restores it when the app opens with such a URL. The map position and layers are
 * restored before the map is created; filters once the dataset (perpetrator names) is loaded.
 */
import { useEffect } from 'react';
import { actions, getState, LAYER_LABELS, PANELS, subscribe, type AppState, type LayerId, type PanelId } from './store.ts';
import { decodeUrlState, encodeUrlState, incidentFilterFromUrl, urlFilterFromIncidentFilter, type UrlViewState } from './urlState.ts';
import { selectInCircle, selectInPolygon } from '../filter/spatialSelect.ts';

const LAYER_IDS = Object.keys(LAYER_LABELS) as LayerId[];
let pending: UrlViewState | null = null;

/** Call once before the first render. */
export function restoreViewFromUrl(): void {
  if (!location.search) return;
  const u = decodeUrlState(location.search.slice(1), { knownLayers: LAYER_IDS, knownPanels: PANELS });
  pending = u;
  const layers = u.layers ? Object.fromEntries(LAYER_IDS.map((id) => [id, u.layers!.includes(id)])) as AppState['layers'] : undefined;
  const screen = new URLSearchParams(location.search).get('screen') === 'briefing' ? 'briefing' as const : undefined;
  actions.restore({
    ...(screen ? { screen } : {}),
    ...(u.map ? { view: u.map } : {}),
    ...(layers ? { layers } : {}),
    ...(u.panel ? { panel: u.panel as PanelId } : {}),
  });
}

function restoreFilter(): void {
  const s = getState();
  if (!pending || !s.dataset) return;
  const u = pending.filter;
  pending = null;
  const t = s.dataset.incidents;
  const shape = u.selection ?? null;
  const selection = shape ? (shape.kind === 'circle' ? selectInCircle(t, shape.lon, shape.lat, shape.radiusKm) : selectInPolygon(t, shape.ring)) : undefined;
  const { period, ...filter } = incidentFilterFromUrl(u, { perpetratorNames: t.strings.perpetrators, ...(selection ? { selection } : {}) });
  actions.restore({ filter, period: period ?? null, selectionShape: shape });
}

function encode(s: AppState): string {
  const names = s.dataset?.incidents.strings.perpetrators ?? [];
  const filter = urlFilterFromIncidentFilter(s.period ? { ...s.filter, period: s.period } : s.filter, names, s.selectionShape ?? undefined);
  const q = encodeUrlState({
    map: s.view,
    filter,
    layers: LAYER_IDS.filter((id) => s.layers[id]),
    ...(s.panel ? { panel: s.panel } : {}),
  });
  return s.screen === 'briefing' ? `${q}&screen=briefing` : q;
}

export function useUrlSync(): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastQuery = '';
    const unsubscribe = subscribe(() => {
      const s = getState();
      if (pending && s.dataset) restoreFilter();
      if (!s.dataset || pending) return;
      clearTimeout(timer);
      // Debounced: playback and map moves change the state many times a second.
      timer = setTimeout(() => {
        const q = encode(getState());
        if (q !== lastQuery) {
          lastQuery = q;
          history.replaceState(null, '', `${location.pathname}?${q}${location.hash}`);
        }
      }, 250);
    });
    return () => { unsubscribe(); clearTimeout(timer); };
  }, []);
}
