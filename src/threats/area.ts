/**
 * Threat areas as geometry: which incidents, settlements and sites lie inside an area, how
 * far a point is from it, and the outline of a set of grid cells.
 *
 * Owns the "inside" and "distance to an area" rules every threat module uses, so the
 * evidence, the candidates and the early warning agree on what "in the area" means.
 *
 * Inside: the map selection's rule (src/filter/spatialSelect.ts pointInRing): even–odd on the
 * lon/lat plane, boundary inclusive; run over a band index of the edges (same answer, tested). A point is in an area when it is in ANY of its rings
 * (rings are separate parts, not holes: a merged threat is the union of its parts).
 * Distance: 0 inside; otherwise the great-circle distance (same sphere as
 * src/domain/geo.ts distanceKm) to the nearest edge, each edge taken as the great-circle
 * arc between its vertices. Drawn edges are straight in lon/lat on the map; at district
 * scale the arc and the drawn line differ by metres to a few hundred metres, far below a
 * patrol radius. Rings must not cross the antimeridian (as for map selections).
 */
import { EARTH_RADIUS_KM, distanceKm } from '../domain/geo.ts';
import type { LonLatPair, Ring } from './model.ts';

const RAD = Math.PI / 180;

interface PreparedRing {
  xs: Float64Array;
  ys: Float64Array;
  /** Unit vectors of the vertices, packed x, y, z. */
  u: Float64Array;
  minX: number; minY: number; maxX: number; maxY: number;
  /** Horizontal bands: edge k (vertex k−1 → k) is listed in every band its y-range meets, ids[off[b] .. off[b+1]). */
  bands: number;
  bandH: number;
  off: Uint32Array;
  ids: Uint32Array;
}

/**
 * An area ready for many point tests: parts, each an outer ring and optional holes
 * (even–odd over the part's rings, as GeoJSON polygons and src/analysis/aor.ts). A threat's
 * rings are parts without holes.
 */
export interface PreparedArea {
  parts: PreparedRing[][];
  minX: number; minY: number; maxX: number; maxY: number;
}

function unit(lon: number, lat: number, out: Float64Array, o: number): void {
  const la = lat * RAD, lo = lon * RAD, c = Math.cos(la);
  out[o] = c * Math.cos(lo); out[o + 1] = c * Math.sin(lo); out[o + 2] = Math.sin(la);
}

type RingLike = readonly (readonly number[])[];

function prepareRing(ring: RingLike): PreparedRing | null {
  let n = ring.length;
  if (n > 1 && ring[0]![0] === ring[n - 1]![0] && ring[0]![1] === ring[n - 1]![1]) n--;
  if (n < 3) return null;
  const xs = new Float64Array(n), ys = new Float64Array(n), u = new Float64Array(3 * n);
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = ring[i]![0]!, y = ring[i]![1]!;
    xs[i] = x; ys[i] = y; unit(x, y, u, 3 * i);
    if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y;
  }
  // Band index: a point only looks at the edges whose y-range meets its band, so an admin
  // boundary of thousands of vertices costs a handful of edge tests per point.
  const bands = Math.max(1, Math.min(4096, Math.ceil(n / 4)));
  const bandH = (y1 - y0) / bands || 1;
  const bandOf = (y: number) => Math.max(0, Math.min(bands - 1, Math.floor((y - y0) / bandH)));
  const off = new Uint32Array(bands + 1);
  for (let k = 0; k < n; k++) {
    const a = ys[(k + n - 1) % n]!, b = ys[k]!;
    for (let q = bandOf(Math.min(a, b)); q <= bandOf(Math.max(a, b)); q++) off[q + 1]!++;
  }
  for (let q = 0; q < bands; q++) off[q + 1]! += off[q]!;
  const fill = off.slice(0, bands);
  const ids = new Uint32Array(off[bands]!);
  for (let k = 0; k < n; k++) {
    const a = ys[(k + n - 1) % n]!, b = ys[k]!;
    for (let q = bandOf(Math.min(a, b)); q <= bandOf(Math.max(a, b)); q++) ids[fill[q]!++] = k;
  }
  return { xs, ys, u, minX: x0, minY: y0, maxX: x1, maxY: y1, bands, bandH, off, ids };
}

/**
 * src/filter/spatialSelect.ts pointInRing (even–odd, boundary inclusive within 1e-10°),
 * restricted to the edges of the point's band: edges outside it can neither cross the
 * point's horizontal nor contain the point, so the answer is the same (tested against
 * pointInRing). The edge tests below are that function's, kept identical.
 */
function inRing(r: PreparedRing, x: number, y: number): boolean {
  if (!(x >= r.minX && x <= r.maxX && y >= r.minY && y <= r.maxY)) return false;
  const n = r.xs.length;
  const b = Math.max(0, Math.min(r.bands - 1, Math.floor((y - r.minY) / r.bandH)));
  let inside = false;
  for (let q = r.off[b]!; q < r.off[b + 1]!; q++) {
    const i = r.ids[q]!, j = (i + n - 1) % n;
    const xi = r.xs[i]!, yi = r.ys[i]!, xj = r.xs[j]!, yj = r.ys[j]!;
    if (x >= Math.min(xj, xi) && x <= Math.max(xj, xi) && y >= Math.min(yj, yi) && y <= Math.max(yj, yi)
      && Math.abs((xi - xj) * (y - yj) - (yi - yj) * (x - xj)) <= 1e-10 * Math.hypot(xi - xj, yi - yj)) return true;
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function fromParts(parts: RingLike[][]): PreparedArea {
  const out: PreparedRing[][] = [];
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const rings of parts) {
    const outer = rings[0] ? prepareRing(rings[0]) : null;
    if (!outer) continue; // a part without a usable outer ring covers nothing
    const part = [outer];
    for (const h of rings.slice(1)) { const r = prepareRing(h); if (r) part.push(r); }
    out.push(part);
    minX = Math.min(minX, outer.minX); minY = Math.min(minY, outer.minY); maxX = Math.max(maxX, outer.maxX); maxY = Math.max(maxY, outer.maxY);
  }
  return { parts: out, minX, minY, maxX, maxY };
}

/** A threat area: every ring is a separate part (no holes). */
export function prepareArea(rings: readonly RingLike[]): PreparedArea {
  return fromParts(rings.map((r) => [r]));
}

/** A GeoJSON Polygon or MultiPolygon (holes respected). */
export function prepareGeometry(g: GeoJSON.Polygon | GeoJSON.MultiPolygon): PreparedArea {
  return fromParts(g.type === 'Polygon' ? [g.coordinates] : g.coordinates);
}

/** Inside the area (boundary of an outer ring inclusive; a point on a hole's edge is outside). */
export function areaContains(a: PreparedArea, lon: number, lat: number): boolean {
  if (!(lon >= a.minX && lon <= a.maxX && lat >= a.minY && lat <= a.maxY)) return false;
  for (const part of a.parts) {
    const o = part[0]!;
    if (!(lon >= o.minX && lon <= o.maxX && lat >= o.minY && lat <= o.maxY)) continue;
    let inside = false;
    for (const r of part) if (inRing(r, lon, lat)) inside = !inside;
    if (inside) return true;
  }
  return false;
}

/** Great-circle km from a point to the arc a–b (unit vectors); exact on the sphere. */
function distanceToArcKm(px: number, py: number, pz: number, lon: number, lat: number, u: Float64Array, ia: number, ib: number, lonA: number, latA: number, lonB: number, latB: number): number {
  const ax = u[ia]!, ay = u[ia + 1]!, az = u[ia + 2]!, bx = u[ib]!, by = u[ib + 1]!, bz = u[ib + 2]!;
  let nx = ay * bz - az * by, ny = az * bx - ax * bz, nz = ax * by - ay * bx;
  const nl = Math.hypot(nx, ny, nz);
  const ends = () => Math.min(distanceKm(lon, lat, lonA, latA), distanceKm(lon, lat, lonB, latB));
  if (nl < 1e-15) return ends();
  nx /= nl; ny /= nl; nz /= nl;
  const s = px * nx + py * ny + pz * nz;
  // Foot of the perpendicular on the great circle (unnormalised).
  const cx = px - s * nx, cy = py - s * ny, cz = pz - s * nz;
  const cl = Math.hypot(cx, cy, cz);
  if (cl < 1e-15) return ends();
  // The foot lies on the minor arc a→b when it is on the a-to-b side of both endpoints.
  const sideA = (ay * cz - az * cy) * nx + (az * cx - ax * cz) * ny + (ax * cy - ay * cx) * nz;
  const sideB = (cy * bz - cz * by) * nx + (cz * bx - cx * bz) * ny + (cx * by - cy * bx) * nz;
  if (sideA >= 0 && sideB >= 0) return EARTH_RADIUS_KM * Math.atan2(Math.abs(s), cl);
  return ends();
}

/** Great-circle km from (lon, lat) to the area: 0 inside, else to the nearest edge. */
export function distanceToAreaKm(a: PreparedArea, lon: number, lat: number): number {
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || a.parts.length === 0) return Number.NaN;
  if (areaContains(a, lon, lat)) return 0;
  const p = new Float64Array(3);
  unit(lon, lat, p, 0);
  let best = Infinity;
  for (const r of a.parts.flat()) {
    const n = r.xs.length;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const d = distanceToArcKm(p[0]!, p[1]!, p[2]!, lon, lat, r.u, 3 * j, 3 * i, r.xs[j]!, r.ys[j]!, r.xs[i]!, r.ys[i]!);
      if (d < best) best = d;
    }
  }
  return best;
}

/**
 * Lon/lat box that holds every point within `km` of the area's box (conservative: the
 * exact test decides). Longitudes are not wrapped; callers compare plain longitudes.
 */
export function expandedBox(a: PreparedArea, km: number): { minX: number; minY: number; maxX: number; maxY: number } {
  const dLat = (km / EARTH_RADIUS_KM) / RAD + 1e-7;
  const minY = Math.max(-90, a.minY - dLat), maxY = Math.min(90, a.maxY + dLat);
  const cos = Math.cos(Math.max(Math.abs(minY), Math.abs(maxY)) * RAD);
  const dLon = cos < 1e-9 || maxY >= 90 || minY <= -90 ? 360 : Math.min(360, dLat / cos);
  return { minX: a.minX - dLon, minY, maxX: a.maxX + dLon, maxY };
}

/** Convex hull (monotone chain on the lon/lat plane), counter-clockwise, closed. */
export function convexHull(points: readonly LonLatPair[]): Ring {
  const pts = points.filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]))
    .map((p): LonLatPair => [p[0], p[1]])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const uniq: LonLatPair[] = [];
  for (const p of pts) if (!uniq.length || uniq[uniq.length - 1]![0] !== p[0] || uniq[uniq.length - 1]![1] !== p[1]) uniq.push(p);
  if (uniq.length < 3) return uniq;
  const cross = (o: LonLatPair, a: LonLatPair, b: LonLatPair) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: LonLatPair[] = [], upper: LonLatPair[] = [];
  for (const p of uniq) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  for (let i = uniq.length - 1; i >= 0; i--) {
    const p = uniq[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  const hull = lower.slice(0, -1).concat(upper.slice(0, -1));
  hull.push([hull[0]![0], hull[0]![1]]);
  return hull;
}

/** GeoJSON MultiPolygon of an area's rings (for the map and for early warning). */
export function areaGeometry(rings: readonly Ring[]): GeoJSON.MultiPolygon {
  return {
    type: 'MultiPolygon',
    coordinates: rings.map((r) => {
      const c = r.map((p) => [p[0], p[1]]);
      const f = c[0], l = c[c.length - 1];
      if (f && l && (f[0] !== l[0] || f[1] !== l[1])) c.push([f[0]!, f[1]!]);
      return [c];
    }),
  };
}
