/**
 * Map selections: which incidents lie in a polygon or circle drawn by the analyst. The
 * result (incident indices) becomes `IncidentFilter.selection`.
 *
 * Both tests run a bounding-box prefilter on the lon/lat columns, then the exact test on
 * the survivors only:
 * - polygon: even–odd rule on the lon/lat plane (edges are straight in degrees, as drawn
 *   on the Web Mercator map at the scale of a district; fine for polygons up to a few
 *   hundred km, not for rings crossing the antimeridian or enclosing a pole). The ring
 *   may be open or closed; self-intersections follow even–odd.
 * - circle: great-circle distance (haversine, `distanceKm`) from the centre; the bbox is
 *   widened in longitude by the spherical formula, and handles the antimeridian.
 * Boundary points are INSIDE: a point on an edge or vertex of the polygon (within 1e-10°,
 * ~10 µm, so points computed onto an edge count despite rounding), or at exactly
 * `radiusKm` from the centre, is selected.
 *
 * `candidates` (e.g. the currently filtered incidents) restricts the search; the output
 * keeps the candidates' order (table order without candidates).
 */
import type { IncidentTable } from '../domain/incidents.ts';
import { EARTH_RADIUS_KM, distanceKm } from '../domain/geo.ts';

export type LonLat = readonly [number, number];

/** True when (x, y) is on the segment a–b (collinear within rounding, inside its box). */
function onSegment(x: number, y: number, ax: number, ay: number, bx: number, by: number): boolean {
  if (x < Math.min(ax, bx) || x > Math.max(ax, bx) || y < Math.min(ay, by) || y > Math.max(ay, by)) return false;
  const cross = (bx - ax) * (y - ay) - (by - ay) * (x - ax);
  // |cross| / length is the distance to the line: accept up to 1e-10° (~10 µm), so points
  // computed onto an edge (midpoints, snapped clicks) count despite rounding.
  return Math.abs(cross) <= 1e-10 * Math.hypot(bx - ax, by - ay);
}

/** Even–odd point in polygon with the boundary counted as inside. `xs`/`ys` hold the open ring. */
export function pointInRing(x: number, y: number, xs: ArrayLike<number>, ys: ArrayLike<number>): boolean {
  const n = xs.length;
  let inside = false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = xs[i]!, yi = ys[i]!, xj = xs[j]!, yj = ys[j]!;
    if (onSegment(x, y, xj, yj, xi, yi)) return true;
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function openRing(ring: readonly LonLat[]): { xs: Float64Array; ys: Float64Array } {
  let n = ring.length;
  if (n > 1 && ring[0]![0] === ring[n - 1]![0] && ring[0]![1] === ring[n - 1]![1]) n--;
  const xs = new Float64Array(n), ys = new Float64Array(n);
  for (let i = 0; i < n; i++) { xs[i] = ring[i]![0]; ys[i] = ring[i]![1]; }
  return { xs, ys };
}

function collect(t: IncidentTable, candidates: Uint32Array | undefined, keep: (i: number) => boolean): Uint32Array {
  const m = candidates ? candidates.length : t.length;
  const out = new Uint32Array(m);
  let k = 0;
  for (let c = 0; c < m; c++) {
    const i = candidates ? candidates[c]! : c;
    if (i < t.length && keep(i)) out[k++] = i;
  }
  return out.slice(0, k);
}

/** Incidents inside the polygon `ring` ([lon, lat] vertices; boundary inclusive). Fewer than 3 vertices selects nothing. */
export function selectInPolygon(t: IncidentTable, ring: readonly LonLat[], candidates?: Uint32Array): Uint32Array {
  const { xs, ys } = openRing(ring);
  if (xs.length < 3) return new Uint32Array(0);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < xs.length; i++) {
    minX = Math.min(minX, xs[i]!); maxX = Math.max(maxX, xs[i]!);
    minY = Math.min(minY, ys[i]!); maxY = Math.max(maxY, ys[i]!);
  }
  const { lon, lat } = t;
  return collect(t, candidates, (i) => {
    const x = lon[i]!, y = lat[i]!;
    return x >= minX && x <= maxX && y >= minY && y <= maxY && pointInRing(x, y, xs, ys);
  });
}

/** Incidents within `radiusKm` (great circle, boundary inclusive) of (lon, lat). */
export function selectInCircle(t: IncidentTable, lon: number, lat: number, radiusKm: number, candidates?: Uint32Array): Uint32Array {
  if (!(radiusKm >= 0) || !Number.isFinite(lon) || !Number.isFinite(lat)) return new Uint32Array(0);
  const ang = radiusKm / EARTH_RADIUS_KM; // angular radius, rad
  // A small margin keeps the prefilter conservative against rounding: the exact test decides.
  const margin = 1e-7;
  const dLat = (ang * 180) / Math.PI + margin;
  const minLat = lat - dLat, maxLat = lat + dLat;
  // Longitude half-width of the circle's bbox on the sphere; all longitudes when it reaches a pole.
  const s = Math.sin(ang) / Math.cos((lat * Math.PI) / 180);
  const dLon = ang >= Math.PI / 2 || maxLat >= 90 || minLat <= -90 || !(Math.abs(s) < 1) ? 180 : (Math.asin(s) * 180) / Math.PI + margin;
  const { lon: lons, lat: lats } = t;
  return collect(t, candidates, (i) => {
    const y = lats[i]!;
    if (y < minLat || y > maxLat) return false;
    if (dLon < 180) {
      let dx = Math.abs(lons[i]! - lon) % 360;
      if (dx > 180) dx = 360 - dx;
      if (dx > dLon) return false;
    }
    return distanceKm(lon, lat, lons[i]!, y) <= radiusKm;
  });
}
