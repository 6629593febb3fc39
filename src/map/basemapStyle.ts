/**
 * The offline basemap: a MapLibre style over the GeoJSON files built by
 * scripts/build-basemap.ts (served from data/basemap/ at `${base}basemap/`), and loaders for
 * the settlements and country label points that deck.gl draws on top.
 * The style has no glyphs or sprite, so it never asks the network for anything; text is
 * drawn by deck.gl TextLayer instead.
 */
import type { StyleSpecification } from 'maplibre-gl';
import type { Settlement } from '../domain/presence.ts';

export type BasemapSettlement = Settlement & { /** ISO 3166-1 alpha-2 */ country: string };

export interface CountryLabel {
  name: string;
  lon: number;
  lat: number;
}

/** Muted on purpose: incident, presence and range colours must stand out. */
const COLOURS = {
  water: '#c8d3da',
  land: '#e8e5df',
  country: '#f3f0ea',
  border: '#7d7873',
} as const;

/** `base` is the public root the app is served from, e.g. `import.meta.env.BASE_URL` ('/'). */
export function basemapUrl(base: string, file: string): string {
  return `${base}basemap/${file}`;
}

export function offlineBasemapStyle(base: string): StyleSpecification {
  const source = (file: string) => ({ type: 'geojson' as const, data: basemapUrl(base, file) });
  return {
    version: 8,
    name: 'POC offline basemap',
    sources: {
      land: source('land.geojson'),
      countries: source('countries.geojson'),
      borders: source('borders.geojson'),
    },
    layers: [
      { id: 'water', type: 'background', paint: { 'background-color': COLOURS.water } },
      { id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': COLOURS.land, 'fill-antialias': true } },
      // The region's countries a shade lighter than the rest of the world's land.
      { id: 'countries', type: 'fill', source: 'countries', paint: { 'fill-color': COLOURS.country } },
      {
        id: 'country-borders',
        type: 'line',
        source: 'borders',
        layout: { 'line-join': 'round' },
        paint: {
          'line-color': COLOURS.border,
          'line-opacity': 0.8,
          'line-width': ['interpolate', ['linear'], ['zoom'], 3, 0.6, 6, 1.2, 10, 2.2],
          'line-dasharray': [4, 2],
        },
      },
    ],
  };
}

/** The user's own style URL if they set one, else the offline basemap. */
export function userStyleOrDefault(styleUrl: string | undefined, base: string): string | StyleSpecification {
  const url = styleUrl?.trim();
  return url ? url : offlineBasemapStyle(base);
}

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load ${url}: HTTP ${res.status}`);
  return res.json();
}

/** Settlements in the basemap region, largest first. */
export async function loadSettlements(base: string): Promise<BasemapSettlement[]> {
  const data = await getJson(basemapUrl(base, 'settlements.json'));
  if (!Array.isArray(data)) throw new Error('settlements.json: expected an array');
  return data as BasemapSettlement[];
}

export async function loadCountryLabels(base: string): Promise<CountryLabel[]> {
  const fc = (await getJson(basemapUrl(base, 'country-labels.geojson'))) as GeoJSON.FeatureCollection<GeoJSON.Point, { name: string }>;
  if (!Array.isArray(fc.features)) throw new Error('country-labels.geojson: expected a FeatureCollection');
  return fc.features.map((f) => ({ name: f.properties.name, lon: f.geometry.coordinates[0]!, lat: f.geometry.coordinates[1]! }));
}
