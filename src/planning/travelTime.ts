/**
 * Travel-time reach (issue 7 §1, optional): instead of a radius, how long a patrol from
 * the nearest presence takes to reach each demand point over an imported road network,
 * and whether that is within a time budget (e.g. 2 h).
 *
 * Owns the road graph (nodes, snapping, per-class speeds), the Dijkstra search and the
 * off-road legs. No isochrone polygons: times per node and per point (a grid of times
 * for drawing is pointTravelHours() on the grid's cell centres).
 *
 * Road graph (buildRoadGraph):
 *   - input: GeoJSON LineString / MultiLineString features; other geometries are skipped
 *     (counted in stats.skipped);
 *   - speed of a line: properties.speed_kmh when it is a positive number, else the speed
 *     of properties.class (or, OSM-style, properties.highway) in DEFAULT_ROAD_SPEEDS_KMH
 *     (overridable), else unknownSpeedKmh (20 km/h; counted in stats.unknownClass);
 *   - every vertex is a node; vertices within snapToleranceKm (default 50 m) of an earlier
 *     node are merged into it (leader clustering in input order, deterministic), so lines
 *     that share an end or a junction vertex, even with slightly different coordinates,
 *     connect;
 *   - a dangling line end within the tolerance of another line's segment interior is
 *     joined to it (T-junction digitised without a shared vertex): the segment is split
 *     at the closest point;
 *   - lines that cross without a shared vertex do NOT connect (bridges and overpasses
 *     look exactly like that, the OpenStreetMap convention);
 *   - edge length = great-circle length between the original vertices (snapping gaps,
 *     ≤ the tolerance, are not counted), time = length / speed; edges are two-way.
 *
 * Travel time of a demand point x (travelTime):
 *   - presences join the network off-road: presence p → each of its K nearest nodes
 *     (default K = 4) at the off-road speed (default 5 km/h, walking; 15–20 for
 *     off-road driving);
 *   - one multi-source Dijkstra (binary heap, lazy deletion) gives every node the time
 *     from the nearest presence (in time) and which presence;
 *   - time(x) = min( direct off-road from the nearest presence: d(p, x) / v_off,
 *                    min over the K nearest nodes n of x: time(n) + d(n, x) / v_off ).
 *     Only the K nearest nodes are tried: a farther node could in principle be faster
 *     (a highway just beyond a track), so the value is exact for the rule as stated, and
 *     an upper bound of the min over all nodes. maxOffRoadKm (default ∞) caps every
 *     off-road leg;
 *   - within budget when time ≤ budgetHours (inclusive).
 * Distances are great-circle km (src/domain/geo.ts).
 */
import Flatbush from 'flatbush';
import { around } from 'geokdbush';
import KDBush from 'kdbush';
import type { Job } from '../analysis/job.ts';
import { runSync, subJob } from '../analysis/job.ts';
import { chord2OfKm } from '../analysis/withinRange.ts';
import { distanceKm, EARTH_RADIUS_KM } from '../domain/geo.ts';
import { MinHeap } from './heap.ts';
import { unitVector } from './spatial.ts';

const RAD = Math.PI / 180;

/**
 * Default speeds, km/h, by road class (OSM highway values). Conservative for a mission's
 * vehicles on the roads of a typical mission area (laterite, potholes, checkpoints), not
 * legal limits. Rainy-season planning should lower them (speedsKmh option).
 */
export const DEFAULT_ROAD_SPEEDS_KMH: Readonly<Record<string, number>> = {
  motorway: 80,
  trunk: 60,
  primary: 50,
  secondary: 35,
  tertiary: 25,
  unclassified: 20,
  residential: 20,
  service: 15,
  track: 15,
  path: 4,
  footway: 4,
};
export const DEFAULT_UNKNOWN_SPEED_KMH = 20;
/** Walking speed off the roads, km/h. */
export const DEFAULT_OFF_ROAD_SPEED_KMH = 5;

export interface RoadGraphOptions {
  /** Vertices closer than this are one node; dangling ends this close to a segment join it. km, default 0.05. */
  snapToleranceKm?: number;
  /** Speeds by class, merged over DEFAULT_ROAD_SPEEDS_KMH. */
  speedsKmh?: Readonly<Record<string, number>>;
  /** Speed of lines with no usable speed_kmh and an unknown or missing class (default 20). */
  unknownSpeedKmh?: number;
  /** Join dangling line ends to nearby segment interiors (default true). */
  snapEndsToSegments?: boolean;
}

export interface RoadGraph {
  nodeLon: Float64Array;
  nodeLat: Float64Array;
  /** CSR adjacency, both directions: neighbours of n are targets[offsets[n] .. offsets[n+1]). */
  offsets: Uint32Array;
  targets: Uint32Array;
  hours: Float64Array;
  km: Float64Array;
  /** Connected component id per node. */
  component: Int32Array;
  stats: {
    features: number; lines: number; vertices: number; nodes: number; edges: number;
    /** Vertices merged into an earlier node. */
    snappedVertices: number;
    /** Dangling ends joined to a segment interior. */
    tJunctions: number;
    unknownClass: number;
    skipped: number;
    components: number;
  };
}

export type RoadNetwork = GeoJSON.FeatureCollection<GeoJSON.Geometry | null, GeoJSON.GeoJsonProperties>;

function speedOf(props: GeoJSON.GeoJsonProperties, speeds: Readonly<Record<string, number>>): number | null {
  const s = props?.['speed_kmh'];
  const sv = typeof s === 'string' ? Number(s) : s;
  if (typeof sv === 'number' && Number.isFinite(sv) && sv > 0) return sv;
  const cls = props?.['class'] ?? props?.['highway'];
  if (typeof cls === 'string') {
    const v = speeds[cls];
    if (v !== undefined && v > 0) return v;
  }
  return null;
}

/** Growable edge list. */
class Edges {
  a: number[] = []; b: number[] = []; va: number[] = []; vb: number[] = []; speed: number[] = [];
  push(a: number, b: number, va: number, vb: number, speed: number): void { this.a.push(a); this.b.push(b); this.va.push(va); this.vb.push(vb); this.speed.push(speed); }
  get length(): number { return this.a.length; }
}

export function buildRoadGraph(roads: RoadNetwork, options: RoadGraphOptions = {}): RoadGraph {
  const tol = options.snapToleranceKm ?? 0.05;
  const speeds = { ...DEFAULT_ROAD_SPEEDS_KMH, ...options.speedsKmh };
  const unknown = options.unknownSpeedKmh ?? DEFAULT_UNKNOWN_SPEED_KMH;
  // 1. Lines and vertices.
  const vLon: number[] = [], vLat: number[] = [];
  const lines: { v0: number; v1: number; speed: number }[] = [];
  let unknownClass = 0, skipped = 0;
  for (const f of roads.features) {
    const g = f.geometry;
    const parts = g?.type === 'LineString' ? [g.coordinates] : g?.type === 'MultiLineString' ? g.coordinates : null;
    if (!parts) { skipped++; continue; }
    let speed = speedOf(f.properties, speeds);
    if (speed === null) { unknownClass++; speed = unknown; }
    for (const coords of parts) {
      const v0 = vLon.length;
      for (const c of coords) {
        const lo = c[0], la = c[1];
        if (typeof lo !== 'number' || typeof la !== 'number' || !Number.isFinite(lo) || !Number.isFinite(la)) continue;
        vLon.push(lo); vLat.push(la);
      }
      if (vLon.length - v0 >= 2) lines.push({ v0, v1: vLon.length, speed });
      else { vLon.length = v0; vLat.length = v0; }
    }
  }
  const V = vLon.length;
  // 2. Vertices → nodes (leader clustering on a 3-D hash grid of cell = snap chord).
  const nodeOf = new Int32Array(V);
  const nLon: number[] = [], nLat: number[] = [];
  const nU: number[] = [];
  let snappedVertices = 0;
  const u = new Float64Array(3);
  if (tol > 0) {
    const t2 = chord2OfKm(tol);
    const cell = Math.sqrt(t2);
    const grid = new Map<string, number[]>();
    for (let v = 0; v < V; v++) {
      unitVector(vLon[v]!, vLat[v]!, u, 0);
      const ix = Math.floor(u[0]! / cell), iy = Math.floor(u[1]! / cell), iz = Math.floor(u[2]! / cell);
      let best = -1, bestD = Infinity;
      for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) for (let dz = -1; dz <= 1; dz++) {
        const list = grid.get(`${ix + dx},${iy + dy},${iz + dz}`);
        if (!list) continue;
        for (const n of list) {
          const ex = nU[3 * n]! - u[0]!, ey = nU[3 * n + 1]! - u[1]!, ez = nU[3 * n + 2]! - u[2]!;
          const d = ex * ex + ey * ey + ez * ez;
          if (d <= t2 && (d < bestD || (d === bestD && n < best))) { bestD = d; best = n; }
        }
      }
      if (best >= 0) { nodeOf[v] = best; snappedVertices++; continue; }
      const n = nLon.length;
      nLon.push(vLon[v]!); nLat.push(vLat[v]!); nU.push(u[0]!, u[1]!, u[2]!);
      const key = `${ix},${iy},${iz}`;
      const list = grid.get(key);
      if (list) list.push(n); else grid.set(key, [n]);
      nodeOf[v] = n;
    }
  } else {
    const exact = new Map<string, number>();
    for (let v = 0; v < V; v++) {
      const key = `${vLon[v]},${vLat[v]}`;
      const n = exact.get(key);
      if (n !== undefined) { nodeOf[v] = n; snappedVertices++; continue; }
      exact.set(key, nLon.length); nodeOf[v] = nLon.length; nLon.push(vLon[v]!); nLat.push(vLat[v]!);
    }
  }
  // 3. Segments.
  const seg = new Edges();
  for (const l of lines) {
    for (let v = l.v0; v + 1 < l.v1; v++) {
      const a = nodeOf[v]!, b = nodeOf[v + 1]!;
      if (a !== b) seg.push(a, b, v, v + 1, l.speed);
    }
  }
  // 4. T-junctions: dangling line ends onto segment interiors.
  const splits = new Map<number, { t: number; node: number; lon: number; lat: number }[]>();
  let tJunctions = 0;
  if ((options.snapEndsToSegments ?? true) && tol > 0 && seg.length > 0) {
    const degree = new Int32Array(nLon.length);
    for (let e = 0; e < seg.length; e++) { degree[seg.a[e]!]!++; degree[seg.b[e]!]!++; }
    const fb = new Flatbush(seg.length);
    for (let e = 0; e < seg.length; e++) {
      const x0 = vLon[seg.va[e]!]!, y0 = vLat[seg.va[e]!]!, x1 = vLon[seg.vb[e]!]!, y1 = vLat[seg.vb[e]!]!;
      fb.add(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1));
    }
    fb.finish();
    const kmPerDeg = EARTH_RADIUS_KM * RAD;
    const seen = new Set<number>();
    for (const l of lines) {
      for (const v of [l.v0, l.v1 - 1]) {
        const n = nodeOf[v]!;
        if (degree[n] !== 1 || seen.has(n)) continue;
        seen.add(n);
        const lon = nLon[n]!, lat = nLat[n]!;
        const cos = Math.max(1e-6, Math.cos(lat * RAD));
        const dLat = (tol / kmPerDeg) * 1.01, dLon = dLat / cos;
        let best = -1, bestD = Infinity, bestT = 0, bestLon = 0, bestLat = 0;
        for (const e of fb.search(lon - dLon, lat - dLat, lon + dLon, lat + dLat)) {
          if (seg.a[e] === n || seg.b[e] === n) continue;
          // Closest point in a local equirectangular frame (km) about the end: exact enough at ≤ 50 m.
          const ax = (vLon[seg.va[e]!]! - lon) * cos, ay = vLat[seg.va[e]!]! - lat;
          const bx = (vLon[seg.vb[e]!]! - lon) * cos, by = vLat[seg.vb[e]!]! - lat;
          const dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
          if (!(len2 > 0)) continue;
          const t = -(ax * dx + ay * dy) / len2;
          if (!(t > 0 && t < 1)) continue;
          const pLon = vLon[seg.va[e]!]! + t * (vLon[seg.vb[e]!]! - vLon[seg.va[e]!]!);
          const pLat = vLat[seg.va[e]!]! + t * (vLat[seg.vb[e]!]! - vLat[seg.va[e]!]!);
          const d = distanceKm(lon, lat, pLon, pLat);
          if (d <= tol && (d < bestD || (d === bestD && e < best))) { best = e; bestD = d; bestT = t; bestLon = pLon; bestLat = pLat; }
        }
        if (best < 0) continue;
        const list = splits.get(best);
        const entry = { t: bestT, node: n, lon: bestLon, lat: bestLat };
        if (list) list.push(entry); else splits.set(best, [entry]);
        tJunctions++;
      }
    }
  }
  // 5. Edges with lengths and times (split segments become chains through the joined ends).
  const ea: number[] = [], eb: number[] = [], ekm: number[] = [], eh: number[] = [];
  const addEdge = (a: number, b: number, km: number, speed: number): void => { if (a !== b) { ea.push(a); eb.push(b); ekm.push(km); eh.push(km / speed); } };
  for (let e = 0; e < seg.length; e++) {
    const a = seg.a[e]!, b = seg.b[e]!, va = seg.va[e]!, vb = seg.vb[e]!, sp = seg.speed[e]!;
    const sl = splits.get(e);
    if (!sl) { addEdge(a, b, distanceKm(vLon[va]!, vLat[va]!, vLon[vb]!, vLat[vb]!), sp); continue; }
    sl.sort((x, y) => x.t - y.t || x.node - y.node);
    let prevNode = a, prevLon = vLon[va]!, prevLat = vLat[va]!;
    for (const s of sl) {
      addEdge(prevNode, s.node, distanceKm(prevLon, prevLat, s.lon, s.lat), sp);
      prevNode = s.node; prevLon = s.lon; prevLat = s.lat;
    }
    addEdge(prevNode, b, distanceKm(prevLon, prevLat, vLon[vb]!, vLat[vb]!), sp);
  }
  // 6. CSR, both directions.
  const Nn = nLon.length, E = ea.length;
  const offsets = new Uint32Array(Nn + 1);
  for (let e = 0; e < E; e++) { offsets[ea[e]! + 1]!++; offsets[eb[e]! + 1]!++; }
  for (let n = 0; n < Nn; n++) offsets[n + 1]! += offsets[n]!;
  const fill = offsets.slice(0, Nn);
  const targets = new Uint32Array(2 * E), hours = new Float64Array(2 * E), km = new Float64Array(2 * E);
  for (let e = 0; e < E; e++) {
    let k = fill[ea[e]!]!++; targets[k] = eb[e]!; hours[k] = eh[e]!; km[k] = ekm[e]!;
    k = fill[eb[e]!]!++; targets[k] = ea[e]!; hours[k] = eh[e]!; km[k] = ekm[e]!;
  }
  // 7. Components (BFS).
  const component = new Int32Array(Nn).fill(-1);
  let components = 0;
  const stack = new Int32Array(Nn);
  for (let s = 0; s < Nn; s++) {
    if (component[s] !== -1) continue;
    let sp = 0; stack[sp++] = s; component[s] = components;
    while (sp > 0) {
      const n = stack[--sp]!;
      for (let k = offsets[n]!; k < offsets[n + 1]!; k++) { const m = targets[k]!; if (component[m] === -1) { component[m] = components; stack[sp++] = m; } }
    }
    components++;
  }
  return {
    nodeLon: Float64Array.from(nLon), nodeLat: Float64Array.from(nLat), offsets, targets, hours, km, component,
    stats: { features: roads.features.length, lines: lines.length, vertices: V, nodes: Nn, edges: E, snappedVertices, tJunctions, unknownClass, skipped, components },
  };
}

/**
 * Dijkstra from several sources at once, resumable in chunks (so a job can yield).
 * hours[n] = min over sources s of (start[s] + shortest path s → n); label[n] = the
 * label of that source (−1 when unreachable, hours = ∞).
 */
export class Dijkstra {
  readonly hours: Float64Array;
  readonly label: Int32Array;
  private readonly heap = new MinHeap(1024);
  private readonly done: Uint8Array;
  constructor(readonly graph: RoadGraph, sources: { node: ArrayLike<number>; hours: ArrayLike<number>; label?: ArrayLike<number> }) {
    const N = graph.nodeLon.length;
    this.hours = new Float64Array(N).fill(Infinity);
    this.label = new Int32Array(N).fill(-1);
    this.done = new Uint8Array(N);
    for (let s = 0; s < sources.node.length; s++) {
      const n = sources.node[s]!, h = sources.hours[s]!;
      if (!(h >= 0) || n < 0 || n >= N) continue;
      if (h < this.hours[n]!) { this.hours[n] = h; this.label[n] = sources.label ? sources.label[s]! : s; this.heap.push(h, n); }
    }
  }
  get finished(): boolean { return this.heap.size === 0; }
  /** Settle up to maxPops heap entries; returns true when finished. */
  run(maxPops = Infinity): boolean {
    const { offsets, targets, hours: w } = this.graph;
    const hours = this.hours, label = this.label, done = this.done, heap = this.heap;
    let pops = 0;
    while (heap.size > 0 && pops < maxPops) {
      const n = heap.peekVal(), h = heap.peekKey();
      heap.pop(); pops++;
      if (done[n] || h > hours[n]!) continue; // stale entry
      done[n] = 1;
      const l = label[n]!;
      for (let k = offsets[n]!; k < offsets[n + 1]!; k++) {
        const m = targets[k]!, hm = h + w[k]!;
        if (hm < hours[m]!) { hours[m] = hm; label[m] = l; heap.push(hm, m); }
      }
    }
    return heap.size === 0;
  }
}

/** Shortest travel hours from the sources to every node (one call). */
export function shortestHours(graph: RoadGraph, sources: { node: ArrayLike<number>; hours: ArrayLike<number>; label?: ArrayLike<number> }): { hours: Float64Array; label: Int32Array } {
  const d = new Dijkstra(graph, sources);
  d.run();
  return { hours: d.hours, label: d.label };
}

export interface TravelTimeOptions extends RoadGraphOptions {
  /** Budget, hours (default 2). */
  budgetHours?: number;
  /** Off-road speed, km/h (default 5, walking). */
  offRoadSpeedKmh?: number;
  /** Nodes tried per point and per presence (default 4). */
  nearestNodes?: number;
  /** Longest off-road leg, km (default ∞). */
  maxOffRoadKm?: number;
}

export interface TravelTimeInput {
  /** GeoJSON roads, or a graph from buildRoadGraph / an earlier result (reuse it). */
  roads: RoadNetwork | RoadGraph;
  presences: { lon: ArrayLike<number>; lat: ArrayLike<number> };
  points: { lon: ArrayLike<number>; lat: ArrayLike<number>; weight?: ArrayLike<number> };
}

export interface PointTimes {
  /** Hours from the nearest presence (∞ when unreachable). */
  hours: Float64Array;
  /** That presence (−1 when unreachable). */
  presence: Int32Array;
  /** 1 when the best route uses the roads, 0 when it is the direct off-road leg. */
  viaRoad: Uint8Array;
}

export interface TravelTimeResult extends PointTimes {
  graph: RoadGraph;
  /** Hours from the nearest presence to each node, and which presence. */
  nodeHours: Float64Array;
  nodePresence: Int32Array;
  withinBudget: Uint8Array;
  reachedCount: number;
  reachedWeight: number;
  totalWeight: number;
  share: number | null;
  budgetHours: number;
  offRoadSpeedKmh: number;
}

function isGraph(r: RoadNetwork | RoadGraph): r is RoadGraph {
  return (r as RoadGraph).offsets instanceof Uint32Array;
}

function nodeIndex(graph: RoadGraph): KDBush | null {
  const N = graph.nodeLon.length;
  if (N === 0) return null;
  const kd = new KDBush(N, 64, Float64Array);
  for (let n = 0; n < N; n++) kd.add(graph.nodeLon[n]!, graph.nodeLat[n]!);
  return kd.finish();
}

function presenceIndex(presences: { lon: ArrayLike<number>; lat: ArrayLike<number> }): { kd: KDBush; ids: number[] } | null {
  const ids: number[] = [];
  for (let p = 0; p < presences.lon.length; p++) if (Number.isFinite(presences.lon[p]) && Number.isFinite(presences.lat[p])) ids.push(p);
  if (!ids.length) return null;
  const kd = new KDBush(ids.length, 64, Float64Array);
  for (const p of ids) kd.add(presences.lon[p]!, presences.lat[p]!);
  return { kd: kd.finish(), ids };
}

/** Multi-source Dijkstra seeds: each presence joins its K nearest nodes off-road. */
function presenceSeeds(graph: RoadGraph, kd: KDBush | null, presences: { lon: ArrayLike<number>; lat: ArrayLike<number> }, K: number, vOff: number, maxOff: number): { node: number[]; hours: number[]; label: number[] } {
  const node: number[] = [], hours: number[] = [], label: number[] = [];
  if (!kd) return { node, hours, label };
  for (let p = 0; p < presences.lon.length; p++) {
    const lon = presences.lon[p]!, lat = presences.lat[p]!;
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
    for (const n of around(kd, lon, lat, K, Number.isFinite(maxOff) ? maxOff * 1.01 : undefined)) {
      const d = distanceKm(lon, lat, graph.nodeLon[n]!, graph.nodeLat[n]!);
      if (d <= maxOff) { node.push(n); hours.push(d / vOff); label.push(p); }
    }
  }
  return { node, hours, label };
}

/**
 * Per-point travel time given node times (from travelTime or shortestHours): the
 * rule in the header. Reusable on any points, e.g. a grid of cell centres for drawing.
 */
export function pointTravelHours(graph: RoadGraph, nodeHours: Float64Array, nodePresence: Int32Array, presences: { lon: ArrayLike<number>; lat: ArrayLike<number> }, points: { lon: ArrayLike<number>; lat: ArrayLike<number> }, options: TravelTimeOptions = {}): PointTimes {
  return runSync(pointTravelHoursJob(graph, nodeHours, nodePresence, presences, points, options, nodeIndex(graph), presenceIndex(presences)));
}

function* pointTravelHoursJob(graph: RoadGraph, nodeHours: Float64Array, nodePresence: Int32Array, presences: { lon: ArrayLike<number>; lat: ArrayLike<number> }, points: { lon: ArrayLike<number>; lat: ArrayLike<number> }, options: TravelTimeOptions, kdNodes: KDBush | null, kdPres: { kd: KDBush; ids: number[] } | null): Job<PointTimes> {
  const K = Math.max(1, Math.floor(options.nearestNodes ?? 4));
  const vOff = options.offRoadSpeedKmh ?? DEFAULT_OFF_ROAD_SPEED_KMH;
  const maxOff = options.maxOffRoadKm ?? Infinity;
  const N = points.lon.length;
  const hours = new Float64Array(N).fill(Infinity), presence = new Int32Array(N).fill(-1), viaRoad = new Uint8Array(N);
  const maxD = Number.isFinite(maxOff) ? maxOff * 1.01 : undefined;
  const CH = 2048;
  for (let s = 0; s < N; s += CH) {
    const e = Math.min(N, s + CH);
    for (let i = s; i < e; i++) {
      const lon = points.lon[i]!, lat = points.lat[i]!;
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
      let best = Infinity, bestP = -1, road = 0;
      if (kdPres) {
        const near = around(kdPres.kd, lon, lat, 1, maxD);
        if (near.length) {
          const p = kdPres.ids[near[0]!]!;
          const d = distanceKm(lon, lat, presences.lon[p]!, presences.lat[p]!);
          if (d <= maxOff) { best = d / vOff; bestP = p; }
        }
      }
      if (kdNodes) {
        for (const n of around(kdNodes, lon, lat, K, maxD)) {
          const hn = nodeHours[n]!;
          if (!(hn < best)) continue;
          const d = distanceKm(lon, lat, graph.nodeLon[n]!, graph.nodeLat[n]!);
          if (d > maxOff) continue;
          const h = hn + d / vOff;
          if (h < best) { best = h; bestP = nodePresence[n]!; road = 1; }
        }
      }
      hours[i] = best; presence[i] = bestP; viaRoad[i] = road;
    }
    yield e / Math.max(1, N);
  }
  return { hours, presence, viaRoad };
}

export function travelTime(input: TravelTimeInput, options: TravelTimeOptions = {}): TravelTimeResult {
  return runSync(travelTimeJob(input, options));
}

export function* travelTimeJob(input: TravelTimeInput, options: TravelTimeOptions = {}): Job<TravelTimeResult> {
  const budget = options.budgetHours ?? 2;
  const vOff = options.offRoadSpeedKmh ?? DEFAULT_OFF_ROAD_SPEED_KMH;
  if (!(vOff > 0)) throw new Error('travelTime: offRoadSpeedKmh must be > 0');
  const K = Math.max(1, Math.floor(options.nearestNodes ?? 4));
  const maxOff = options.maxOffRoadKm ?? Infinity;
  const graph = isGraph(input.roads) ? input.roads : buildRoadGraph(input.roads, options);
  yield 0.1;
  const kdNodes = nodeIndex(graph);
  const seeds = presenceSeeds(graph, kdNodes, input.presences, K, vOff, maxOff);
  const dj = new Dijkstra(graph, seeds);
  const total = Math.max(1, graph.nodeLon.length);
  let settledChunks = 0;
  while (!dj.run(16384)) yield 0.1 + 0.3 * Math.min(1, (++settledChunks * 16384) / total);
  yield 0.4;
  const pts = yield* subJob(pointTravelHoursJob(graph, dj.hours, dj.label, input.presences, input.points, options, kdNodes, presenceIndex(input.presences)), 0.4, 1);
  const w = input.points.weight;
  const N = input.points.lon.length;
  const withinBudget = new Uint8Array(N);
  let reachedCount = 0, reachedWeight = 0, totalWeight = 0;
  for (let i = 0; i < N; i++) {
    const wi = w ? (Number.isFinite(w[i]) && w[i]! > 0 ? w[i]! : 0) : 1;
    totalWeight += wi;
    if (pts.hours[i]! <= budget) { withinBudget[i] = 1; reachedCount++; reachedWeight += wi; }
  }
  return {
    ...pts, graph, nodeHours: dj.hours, nodePresence: dj.label, withinBudget, reachedCount, reachedWeight, totalWeight,
    share: totalWeight > 0 ? reachedWeight / totalWeight : null, budgetHours: budget, offRoadSpeedKmh: vOff,
  };
}
