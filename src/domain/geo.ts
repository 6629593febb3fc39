/**
 * Distances and shapes on the Earth. Everything is in kilometres on a sphere of the
 * IUGG mean radius. Against the WGS84 ellipsoidal geodesic the sphere errs by at most
 * ~0.57 % (short north–south lines near the equator; src/analysis/withinRange.test.ts
 * measures it), i.e. ~0.3 km on a 50 km patrol radius: far inside the uncertainty of a
 * patrol range. Never use degrees as distances.
 */
export const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

/** Great-circle distance (haversine), km. */
export function distanceKm(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Point reached from (lon, lat) after `km` along initial bearing `bearingDeg`. */
export function destination(lon: number, lat: number, km: number, bearingDeg: number): [number, number] {
  const d = km / EARTH_RADIUS_KM;
  const b = bearingDeg * RAD;
  const p1 = lat * RAD;
  const l1 = lon * RAD;
  const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(b));
  const l2 = l1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
  // Normalise longitude to [-180, 180).
  const lonOut = ((((l2 / RAD) + 540) % 360) - 180);
  return [lonOut, p2 / RAD];
}

/**
 * Geodesic circle (all points at `km` from the centre) as a closed ring of `steps` + 1
 * vertices. Longitudes are kept continuous around the centre (may leave [-180, 180]) so
 * the ring never jumps across the antimeridian when drawn.
 */
export function geodesicCircle(lon: number, lat: number, km: number, steps = 96): [number, number][] {
  const ring: [number, number][] = [];
  for (let i = 0; i <= steps; i++) {
    const [x, y] = destination(lon, lat, km, (360 * (i % steps)) / steps);
    let dx = x - lon;
    if (dx > 180) dx -= 360;
    if (dx < -180) dx += 360;
    ring.push([lon + dx, y]);
  }
  return ring;
}
