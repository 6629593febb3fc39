/**
 * Test helpers for the analysis modules' oracle tests (not used by the app): a seeded
 * PRNG so every random test case is reproducible, and random point generators.
 */

/** mulberry32: tiny, fast, good enough for test data. Returns [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
