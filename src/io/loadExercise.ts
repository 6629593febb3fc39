/**
 * Loads the embedded exercise scenario (data/exercise/*, served at `${base}exercise/`)
 * and the basemap settlements into a Dataset. Incidents are parsed in the dataset worker.
 */
import * as Comlink from 'comlink';
import type { DatasetApi } from './datasetApi.ts';
import type { Dataset } from './dataset.ts';
import { loadSettlements } from '../map/basemapStyle.ts';
import { aorsFromGeoJson, presencesFromGeoJson, sitesFromGeoJson } from '../scenario/files.ts';

interface ScenarioMeta {
  name: string;
  exercise: boolean;
  period: { start: string; end: string };
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load ${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

export async function loadExerciseDataset(base: string): Promise<Dataset> {
  const worker = new Worker(new URL('../../workers/dataset.worker.ts', import.meta.url), { type: 'module' });
  const api = Comlink.wrap<DatasetApi>(worker);
  try {
    const dir = `${base}exercise/`;
    const [parsed, meta, presences, aors, sites, roads, settlements] = await Promise.all([
      api.parseIncidentsCsvUrl(new URL(`${dir}incidents.csv`, location.href).href),
      getJson<ScenarioMeta>(`${dir}scenario.json`),
      getJson<unknown>(`${dir}presences.geojson`).then(presencesFromGeoJson),
      getJson<unknown>(`${dir}aors.geojson`).then(aorsFromGeoJson),
      getJson<unknown>(`${dir}sites.geojson`).then(sitesFromGeoJson),
      getJson<GeoJSON.FeatureCollection<GeoJSON.LineString>>(`${dir}roads.geojson`),
      loadSettlements(base),
    ]);
    return {
      name: meta.name,
      exercise: meta.exercise,
      period: meta.period,
      incidents: parsed.table,
      presences, aors, sites, roads, settlements,
      rejected: parsed.rejected,
    };
  } finally {
    worker.terminate();
  }
}
