/**
 * The app's one store: the loaded dataset, what the user has selected and which layers
 * are on. Views read it with `useStore(selector)`; only the functions in this module
 * change it. Analysis results and filters hang off this store as they are added.
 */
import { useSyncExternalStore } from 'react';
import type { Dataset } from '../io/dataset.ts';
import type { IncidentFilter } from '../filter/incidentFilter.ts';
import type { DayRange, TimeBin } from '../filter/aggregate.ts';
import type { MapPosition, SelectionShape } from './urlState.ts';
import { SCENARIO_CENTER, SCENARIO_ZOOM } from '../scenario/region.ts';

export type LayerId =
  | 'incidents' | 'presences' | 'range_foot' | 'range_road' | 'range_air'
  | 'aors' | 'settlements' | 'sites' | 'roads';

export const LAYER_LABELS: Record<LayerId, string> = {
  incidents: 'Incidents',
  presences: 'Mission presences',
  range_foot: 'Patrol range — foot',
  range_road: 'Patrol range — road',
  range_air: 'Patrol range — air',
  aors: 'Areas of responsibility',
  settlements: 'Settlements',
  sites: 'Displacement sites',
  roads: 'Roads (exercise)',
};

export type Selection =
  | { kind: 'incident'; index: number }
  | { kind: 'presence'; index: number }
  | { kind: 'site'; index: number }
  | null;

export interface Hover {
  x: number;
  y: number;
  text: string;
}

export type PanelId = 'filters' | 'table' | 'charts' | 'analysis' | 'threats' | 'planner';
export const PANELS: readonly PanelId[] = ['filters', 'table', 'charts', 'analysis', 'threats', 'planner'];
export type DrawMode = 'polygon' | 'circle' | null;

export type Screen = 'map' | 'briefing';
export type BriefingPresetId = 'flash' | 'month' | 'quarter';

export interface AppState {
  /** The map workspace, or the one-screen leadership briefing. */
  screen: Screen;
  briefing: { preset: BriefingPresetId; classification: string };
  dataset: Dataset | null;
  loadError: string | null;
  layers: Record<LayerId, boolean>;
  selection: Selection;
  hover: Hover | null;
  /** A MapLibre style URL chosen by the user (their own tiles); null = offline basemap. */
  styleUrl: string | null;
  /** Every filter but the period (which the map applies on the GPU, see incidentFilter.ts). */
  filter: IncidentFilter;
  period: DayRange | null;
  bin: TimeBin;
  panel: PanelId | null;
  view: MapPosition;
  /** A camera move asked for by a view (row click → fly there); `seq` makes repeats distinct. */
  flyTo: (MapPosition & { seq: number }) | null;
  drawMode: DrawMode;
  /** A typed circle radius: one click then selects; null = the radius is set by a second click. */
  drawRadiusKm: number | null;
  /** The drawn shape behind `filter.selection`, for the map outline and the URL. */
  selectionShape: SelectionShape | null;
}

const STYLE_KEY = 'poc-threat-map:style-url';

function initialStyleUrl(): string | null {
  try {
    return globalThis.localStorage?.getItem(STYLE_KEY) || null;
  } catch {
    return null;
  }
}

let state: AppState = {
  screen: 'map',
  briefing: { preset: 'month', classification: 'UN RESTRICTED' },
  dataset: null,
  loadError: null,
  layers: {
    incidents: true, presences: true, range_foot: false, range_road: true, range_air: false,
    aors: true, settlements: true, sites: true, roads: true,
  },
  selection: null,
  hover: null,
  styleUrl: initialStyleUrl(),
  filter: {},
  period: null,
  bin: 'week',
  panel: null,
  view: { lon: SCENARIO_CENTER[0], lat: SCENARIO_CENTER[1], zoom: SCENARIO_ZOOM },
  flyTo: null,
  drawMode: null,
  drawRadiusKm: null,
  selectionShape: null,
};
const listeners = new Set<() => void>();

function set(patch: Partial<AppState>): void {
  state = { ...state, ...patch };
  for (const l of listeners) l();
}

export function getState(): AppState {
  return state;
}
export function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
export function useStore<T>(select: (s: AppState) => T): T {
  return useSyncExternalStore(subscribe, () => select(state));
}

export const actions = {
  datasetLoaded(dataset: Dataset): void {
    set({ dataset, loadError: null, selection: null });
  },
  loadFailed(message: string): void {
    set({ loadError: message });
  },
  toggleLayer(id: LayerId, on?: boolean): void {
    set({ layers: { ...state.layers, [id]: on ?? !state.layers[id] } });
  },
  select(selection: Selection): void {
    set({ selection });
  },
  hover(hover: Hover | null): void {
    if (hover === state.hover || (hover && state.hover && hover.text === state.hover.text && hover.x === state.hover.x && hover.y === state.hover.y)) return;
    set({ hover });
  },
  showScreen(screen: Screen): void {
    set({ screen });
  },
  setBriefing(patch: Partial<AppState['briefing']>): void {
    set({ briefing: { ...state.briefing, ...patch } });
  },
  setFilter(filter: IncidentFilter): void {
    // Removing the selection chip also removes its outline.
    set({ filter, selectionShape: filter.selection ? state.selectionShape : null });
  },
  setPeriod(period: DayRange | null): void {
    set({ period });
  },
  setBin(bin: TimeBin): void {
    set({ bin });
  },
  openPanel(panel: PanelId | null): void {
    set({ panel: panel === state.panel ? null : panel });
  },
  setView(view: MapPosition): void {
    set({ view });
  },
  flyTo(view: MapPosition): void {
    set({ flyTo: { ...view, seq: (state.flyTo?.seq ?? 0) + 1 } });
  },
  setDrawMode(drawMode: DrawMode): void {
    set({ drawMode: drawMode === state.drawMode ? null : drawMode });
  },
  setDrawRadius(drawRadiusKm: number | null): void {
    set({ drawRadiusKm });
  },
  selectArea(shape: SelectionShape | null, indices: Uint32Array | null): void {
    const { selection: _drop, ...rest } = state.filter;
    set({ selectionShape: shape, filter: indices ? { ...rest, selection: indices } : rest, drawMode: null });
  },
  /** Restore a shared view (URL) in one update. */
  restore(patch: Partial<Pick<AppState, 'filter' | 'period' | 'panel' | 'view' | 'selectionShape' | 'layers' | 'screen'>>): void {
    set(patch);
  },
  setStyleUrl(url: string | null): void {
    try {
      if (url) localStorage.setItem(STYLE_KEY, url);
      else localStorage.removeItem(STYLE_KEY);
    } catch {
      // Private mode or storage disabled: the setting lasts for this session only.
    }
    set({ styleUrl: url });
  },
};
