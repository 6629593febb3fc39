/**
 * Test helpers for the analysis modules' oracle tests (not used by the app): a seeded
 * PRNG so every random test case is reproducible, and random point generators.
 */
import { mulberry32 as rng } from '../domain/random.ts';

export { mulberry32 as rng } from '../domain/random.ts';

/** n points uniform in a lon/lat box (longitudes may exceed 180: they are wrapped). */
export function randomLonLat(n: number, seed: number, west: number, south: number, east: number, north: number): { lon: Float64Array; lat: Float64Array } {
  const r = rng(seed);
  const lon = new Float64Array(n), lat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let l = west + (east - west) * r();
    if (l >= 180) l -= 360;
    if (l < -180) l += 360;
    lon[i] = l;
    lat[i] = south + (north - south) * r();
  }
  return { lon, lat };
}
