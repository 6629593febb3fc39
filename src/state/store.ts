/**
 * The app's one store: the loaded dataset, what the user has selected and which layers
 * are on. Views read it with `useStore(selector)`; only the functions in this module
 * change it. Analysis results and filters hang off this store as they are added.
 */
import { useSyncExternalStore } from 'react';
import type { Dataset } from '../io/dataset.ts';

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

export interface AppState {
  dataset: Dataset | null;
  loadError: string | null;
  layers: Record<LayerId, boolean>;
  selection: Selection;
  hover: Hover | null;
  /** A MapLibre style URL chosen by the user (their own tiles); null = offline basemap. */
  styleUrl: string | null;
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
  dataset: null,
  loadError: null,
  layers: {
    incidents: true, presences: true, range_foot: false, range_road: true, range_air: false,
    aors: true, settlements: true, sites: true, roads: true,
  },
  selection: null,
  hover: null,
  styleUrl: initialStyleUrl(),
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
