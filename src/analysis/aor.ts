/**
 * Area-of-responsibility membership: which AOR polygon (if any) each incident falls in.
 * Policy para 18: an incident can be "inside the AOR of X" while out of range of every
 * base — AORs are first-class, independent of presence reach.
 *
 * Owns the point-in-polygon rule and its index.
 *
 * Rule: even–odd ray casting over all rings of a polygon (outer ring and holes), so holes
 * are excluded; a MultiPolygon contains a point when any of its polygons does. Edges are
 * straight lines in lon/lat (the GeoJSON convention); rings must not cross the
 * antimeridian (RFC 7946 §3.1.9: split them), there is no wrap-around handling.
 * Boundary: the half-open crossing rule (an edge counts when exactly one endpoint is
 * strictly above the point, and the point is strictly left of the crossing) puts a point
 * on an edge shared by two adjacent AORs in exactly one of them — no double counting, no
 * gaps — which is what per-AOR totals need. Overlapping AORs: the first in input order wins.
 *
 * Index: Flatbush over the polygons' bounding boxes, queried once per cell of a uniform
 * lookup grid over all AORs (so 1 M points cost 1 M array lookups, not 1 M tree queries),
 * and per polygon a horizontal band index of its edges (each point tests only the edges
 * that cross its band). The result is exact: the indexes only skip edges and polygons
 * that cannot affect the answer.
 */
import Flatbush from 'flatbush';
import type { PointColumns } from './inputs.ts';
import type { Job } from './job.ts';
import { runSync } from './job.ts';

export interface AorGeometry {
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon;
}

/** One polygon (of an AOR) prepared for point tests. */
interface Part {
  aor: number;
  /** Edges: x1, y1, x2, y2 per edge. */
  e: Float64Array;
  minX: number; minY: number; maxX: number; maxY: number;
  bands: number;
  bandH: number;
  /** CSR: edge ids of band b are ids[off[b] .. off[b+1]). */
  off: Uint32Array;
  ids: Uint32Array;
}

function preparePart(aor: number, rings: GeoJSON.Position[][]): Part | null {
  let n = 0;
  for (const ring of rings) n += ring.length; // ≥ the number of edges
  if (n < 2) return null;
  const e = new Float64Array(4 * n);
  let k = 0, minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const ring of rings) {
    // GeoJSON rings are closed (last = first); tolerate unclosed rings by closing them.
    const m = ring.length;
    if (m < 2) continue;
    const closed = ring[0]![0] === ring[m - 1]![0] && ring[0]![1] === ring[m - 1]![1];
    const count = closed ? m - 1 : m;
    for (let i = 0; i < count; i++) {
      const a = ring[i]!, b = ring[closed ? i + 1 : (i + 1) % m]!;
      e[4 * k] = a[0]!; e[4 * k + 1] = a[1]!; e[4 * k + 2] = b[0]!; e[4 * k + 3] = b[1]!;
      k++;
      minX = Math.min(minX, a[0]!); maxX = Math.max(maxX, a[0]!);
      minY = Math.min(minY, a[1]!); maxY = Math.max(maxY, a[1]!);
    }
  }
  if (k === 0) return null;
  const edges = k;
  const bands = Math.max(1, Math.min(4096, Math.ceil(edges / 4)));
  const bandH = (maxY - minY) / bands || 1;
  const counts = new Uint32Array(bands + 1);
  const range = (i: number): [number, number] => {
    const y1 = e[4 * i + 1]!, y2 = e[4 * i + 3]!;
    const lo = Math.max(0, Math.min(bands - 1, Math.floor((Math.min(y1, y2) - minY) / bandH)));
    const hi = Math.max(0, Math.min(bands - 1, Math.floor((Math.max(y1, y2) - minY) / bandH)));
    return [lo, hi];
  };
  for (let i = 0; i < edges; i++) { const [lo, hi] = range(i); for (let b = lo; b <= hi; b++) counts[b + 1]!++; }
  for (let b = 0; b < bands; b++) counts[b + 1]! += counts[b]!;
  const fill = counts.slice(0, bands);
  const ids = new Uint32Array(counts[bands]!);
  for (let i = 0; i < edges; i++) { const [lo, hi] = range(i); for (let b = lo; b <= hi; b++) ids[fill[b]!++] = i; }
  return { aor, e: e.subarray(0, 4 * edges), minX, minY, maxX, maxY, bands, bandH, off: counts, ids };
}

/** Even–odd point-in-polygon (all rings of one polygon) with the half-open crossing rule. */
function inPart(part: Part, x: number, y: number): boolean {
  if (x < part.minX || x > part.maxX || y < part.minY || y > part.maxY) return false;
  const b = Math.max(0, Math.min(part.bands - 1, Math.floor((y - part.minY) / part.bandH)));
  const { e, ids } = part;
  let inside = false;
  for (let k = part.off[b]!; k < part.off[b + 1]!; k++) {
    const i = 4 * ids[k]!;
    const x1 = e[i]!, y1 = e[i + 1]!, x2 = e[i + 2]!, y2 = e[i + 3]!;
    if ((y1 > y) !== (y2 > y) && x < x1 + ((y - y1) * (x2 - x1)) / (y2 - y1)) inside = !inside;
  }
  return inside;
}

export interface PreparedAors {
  parts: Part[];
  grid: { minX: number; minY: number; cw: number; ch: number; gx: number; gy: number; off: Uint32Array; ids: Uint32Array };
}

export function prepareAors(aors: readonly AorGeometry[]): PreparedAors {
  const parts: Part[] = [];
  aors.forEach((a, idx) => {
    const g = a.geometry;
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    for (const rings of polys) { const p = preparePart(idx, rings); if (p) parts.push(p); }
  });
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const p of parts) { minX = Math.min(minX, p.minX); minY = Math.min(minY, p.minY); maxX = Math.max(maxX, p.maxX); maxY = Math.max(maxY, p.maxY); }
  if (!parts.length) return { parts, grid: { minX: 0, minY: 0, cw: 1, ch: 1, gx: 0, gy: 0, off: new Uint32Array(1), ids: new Uint32Array(0) } };
  const index = new Flatbush(parts.length);
  for (const p of parts) index.add(p.minX, p.minY, p.maxX, p.maxY);
  index.finish();
  const gx = 256, gy = 256;
  const cw = (maxX - minX) / gx || 1, ch = (maxY - minY) / gy || 1;
  const lists: number[][] = [];
  let total = 0;
  for (let j = 0; j < gy; j++) {
    for (let i = 0; i < gx; i++) {
      // Candidates in AOR order (then part order), so the first containing part is the first AOR.
      const found = index.search(minX + i * cw, minY + j * ch, minX + (i + 1) * cw, minY + (j + 1) * ch).sort((a, b) => parts[a]!.aor - parts[b]!.aor || a - b);
      lists.push(found);
      total += found.length;
    }
  }
  const off = new Uint32Array(gx * gy + 1);
  const ids = new Uint32Array(total);
  let k = 0;
  lists.forEach((l, c) => { for (const v of l) ids[k++] = v; off[c + 1] = k; });
  return { parts, grid: { minX, minY, cw, ch, gx, gy, off, ids } };
}

/** AOR index of one point, −1 when in none. */
export function aorOfPoint(prep: PreparedAors, lon: number, lat: number): number {
  const g = prep.grid;
  if (!(lon >= g.minX && lat >= g.minY)) return -1;
  const i = Math.floor((lon - g.minX) / g.cw), j = Math.floor((lat - g.minY) / g.ch);
  // Points on the grid's max edge belong to the last cell.
  const ii = i === g.gx ? g.gx - 1 : i, jj = j === g.gy ? g.gy - 1 : j;
  if (ii >= g.gx || jj >= g.gy) return -1;
  const c = jj * g.gx + ii;
  for (let k = g.off[c]!; k < g.off[c + 1]!; k++) {
    const part = prep.parts[g.ids[k]!]!;
    if (inPart(part, lon, lat)) return part.aor;
  }
  return -1;
}

export function aorMembership(points: PointColumns, aors: readonly AorGeometry[]): Int32Array {
  return runSync(aorMembershipJob(points, aors));
}

export function* aorMembershipJob(points: PointColumns, aors: readonly AorGeometry[]): Job<Int32Array> {
  const prep = prepareAors(aors);
  yield 0.1;
  const n = points.lon.length;
  const out = new Int32Array(n);
  const CH = 65536;
  for (let s = 0; s < n; s += CH) {
    const e = Math.min(n, s + CH);
    membershipChunk(prep, points, s, e, out);
    yield 0.1 + 0.9 * (e / n);
  }
  return out;
}

function membershipChunk(prep: PreparedAors, points: PointColumns, from: number, to: number, out: Int32Array): void {
  for (let i = from; i < to; i++) out[i] = aorOfPoint(prep, points.lon[i]!, points.lat[i]!);
}
