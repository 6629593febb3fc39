import { describe, expect, it } from 'vitest';
import { rng } from '../analysis/testing.ts';
import { destination, distanceKm } from '../domain/geo.ts';
import type { RoadGraph, RoadNetwork } from './travelTime.ts';
import { buildRoadGraph, DEFAULT_ROAD_SPEEDS_KMH, pointTravelHours, shortestHours, travelTime } from './travelTime.ts';

type P = [number, number];
const east = (from: P, km: number): P => destination(from[0], from[1], km, 90);
const north = (from: P, km: number): P => destination(from[0], from[1], km, 0);
const line = (coords: P[], props: Record<string, unknown>): GeoJSON.Feature<GeoJSON.LineString> => ({ type: 'Feature', geometry: { type: 'LineString', coordinates: coords }, properties: props });
const fc = (...features: GeoJSON.Feature[]): RoadNetwork => ({ type: 'FeatureCollection', features });
const d = (a: P, b: P): number => distanceKm(a[0], a[1], b[0], b[1]);
/** Node index at a position (exact vertex). */
const nodeAt = (g: RoadGraph, p: P): number => {
  for (let n = 0; n < g.nodeLon.length; n++) if (Math.abs(g.nodeLon[n]! - p[0]) < 1e-12 && Math.abs(g.nodeLat[n]! - p[1]) < 1e-12) return n;
  throw new Error(`no node at ${p}`);
};

describe('road graph', () => {
  it('speeds: speed_kmh first, then class / highway defaults, then the unknown speed', () => {
    const a: P = [20, 5], b = east(a, 10);
    const g = buildRoadGraph(fc(
      line([a, b], { speed_kmh: 40, class: 'track' }),
      line([north(a, 5), north(b, 5)], { class: 'secondary' }),
      line([north(a, 10), north(b, 10)], { highway: 'track' }),
      line([north(a, 15), north(b, 15)], { class: 'goat trail' }),
      { type: 'Feature', geometry: { type: 'Point', coordinates: [20, 5] }, properties: {} },
    ));
    expect(g.stats).toMatchObject({ lines: 4, nodes: 8, edges: 4, unknownClass: 1, skipped: 1, components: 4 });
    const speedOfEdgeAt = (p: P): number => { const n = nodeAt(g, p); return g.km[g.offsets[n]!]! / g.hours[g.offsets[n]!]!; };
    expect(speedOfEdgeAt(a)).toBeCloseTo(40, 9);
    expect(speedOfEdgeAt(north(a, 5))).toBeCloseTo(DEFAULT_ROAD_SPEEDS_KMH.secondary!, 9);
    expect(speedOfEdgeAt(north(a, 10))).toBeCloseTo(DEFAULT_ROAD_SPEEDS_KMH.track!, 9);
    expect(speedOfEdgeAt(north(a, 15))).toBeCloseTo(20, 9);
  });
});

describe('travel time = hand-computed Dijkstra', () => {
  // A ——(slow, 10 km/h, 30 km)—— D, and a fast detour A → B → C → D at 60 km/h (3 edges, ~50 km).
  const A: P = [20, 5];
  const B = north(A, 10), D = east(A, 30), C = north(D, 10);
  // A separate component 200 km away, with no presence near it.
  const E = east(A, 200), F = east(E, 20);
  const roads = fc(
    line([A, D], { speed_kmh: 10 }),
    line([A, B, C, D], { speed_kmh: 60 }),
    line([E, F], { class: 'primary' }),
  );

  it('the fastest path is not the one with the fewest edges; other components are unreachable', () => {
    const points = { lon: [east(D, 1)[0], A[0], east(E, 1)[0]], lat: [east(D, 1)[1], A[1], east(E, 1)[1]] };
    const res = travelTime({ roads, presences: { lon: [A[0]], lat: [A[1]] }, points }, { nearestNodes: 1, offRoadSpeedKmh: 5, budgetHours: 2 });
    const g = res.graph;
    expect(g.stats.components).toBe(2);
    const tB = d(A, B) / 60, tC = tB + d(B, C) / 60, tD = tC + d(C, D) / 60;
    expect(tD).toBeLessThan(d(A, D) / 10); // ≈ 0.83 h against 3 h direct
    expect(res.nodeHours[nodeAt(g, A)]).toBe(0);
    expect(res.nodeHours[nodeAt(g, B)]).toBeCloseTo(tB, 12);
    expect(res.nodeHours[nodeAt(g, C)]).toBeCloseTo(tC, 12);
    expect(res.nodeHours[nodeAt(g, D)]).toBeCloseTo(tD, 12);
    expect(res.nodeHours[nodeAt(g, E)]).toBe(Infinity);
    expect(res.nodePresence[nodeAt(g, E)]).toBe(-1);
    // Points: 1 km east of D (via the detour, then 1 km on foot); at the presence; near the other component (on foot all the way).
    expect(res.hours[0]).toBeCloseTo(tD + d(D, east(D, 1)) / 5, 12);
    expect(res.viaRoad[0]).toBe(1);
    expect(res.hours[1]).toBe(0);
    expect(res.hours[2]).toBeCloseTo(d(A, east(E, 1)) / 5, 9);
    expect(res.viaRoad[2]).toBe(0);
    expect(Array.from(res.withinBudget)).toEqual([1, 1, 0]);
    expect(res.reachedCount).toBe(2);
  });

  it('K nearest nodes: presence and points try several access nodes (min over them)', () => {
    // The presence sits 2 km north of A; with K = 1 it joins only A, with K = 4 also B (8 km away) — here A is still best.
    const pres = north(A, 2);
    const p = north(B, 3); // a point 3 km beyond B: nearest node B
    const r1 = travelTime({ roads, presences: { lon: [pres[0]], lat: [pres[1]] }, points: { lon: [p[0]], lat: [p[1]] } }, { nearestNodes: 1 });
    const tA = d(pres, A) / 5;
    expect(r1.hours[0]).toBeCloseTo(Math.min(d(pres, p) / 5, tA + d(A, B) / 60 + d(B, p) / 5), 12);
    // Walking 20 km/h off-road: direct (11 km) beats 2 km to A + road + 3 km.
    const r2 = travelTime({ roads, presences: { lon: [pres[0]], lat: [pres[1]] }, points: { lon: [p[0]], lat: [p[1]] } }, { nearestNodes: 4, offRoadSpeedKmh: 20 });
    // B is reached either on foot straight from the presence (a seed) or on foot to A then by road.
    const tBnode = Math.min(d(pres, A) / 20 + d(A, B) / 60, d(pres, B) / 20);
    expect(r2.nodeHours[nodeAt(r2.graph, B)]).toBeCloseTo(tBnode, 12);
    expect(r2.hours[0]).toBeCloseTo(Math.min(d(pres, p) / 20, tBnode + d(B, p) / 20), 12);
  });

  it('two presences: node times are the minimum of one Dijkstra per presence, labelled by the nearer one', () => {
    const g = buildRoadGraph(roads);
    const src = [nodeAt(g, A), nodeAt(g, D)];
    const multi = shortestHours(g, { node: src, hours: [0, 0.1], label: [0, 1] });
    const one = src.map((n) => shortestHours(g, { node: [n], hours: [0] }).hours);
    for (let n = 0; n < g.nodeLon.length; n++) {
      const a = one[0]![n]!, b = one[1]![n]! + 0.1;
      expect(multi.hours[n]).toBe(Math.min(a, b));
      if (Number.isFinite(a) || Number.isFinite(b)) expect(multi.label[n]).toBe(a <= b ? 0 : 1);
    }
  });
});

describe('snapping', () => {
  const A: P = [25, -3];
  const X = east(A, 20);
  const X2 = north(X, 0.02); // 20 m from X
  const Y = east(X2, 15);
  const roads = fc(line([A, X], { speed_kmh: 30 }), line([X2, Y], { speed_kmh: 30 }));
  const presences = { lon: [A[0]], lat: [A[1]] };

  it('ends 20 m apart join with a 50 m tolerance, not with 5 m', () => {
    const joined = travelTime({ roads, presences, points: { lon: [Y[0]], lat: [Y[1]] } }, { nearestNodes: 1 });
    expect(joined.graph.stats).toMatchObject({ nodes: 3, snappedVertices: 1, components: 1 });
    // X2 became node X: the 20 m gap is not counted, the second edge keeps its own length.
    expect(joined.hours[0]).toBeCloseTo(d(A, X) / 30 + d(X2, Y) / 30, 12);
    const apart = travelTime({ roads, presences, points: { lon: [Y[0]], lat: [Y[1]] } }, { nearestNodes: 1, snapToleranceKm: 0.005 });
    expect(apart.graph.stats.components).toBe(2);
    expect(apart.hours[0]).toBeCloseTo(d(A, Y) / 5, 9); // only on foot
  });

  it('a dangling end 30 m from a segment interior joins it (T-junction); crossings without a vertex do not', () => {
    const M = east(A, 10); // midpoint of A–X
    const T0 = north(M, 0.03), T = north(T0, 10);
    const Q = east(A, 15);
    const cross0 = destination(Q[0], Q[1], 5, 180), cross1 = destination(Q[0], Q[1], 5, 0); // crosses A–X at Q, no shared vertex, ends far from it
    const net = fc(line([A, X], { speed_kmh: 30 }), line([T0, T], { speed_kmh: 20 }), line([cross0, cross1], { speed_kmh: 60 }));
    const g = buildRoadGraph(net);
    expect(g.stats.tJunctions).toBe(1);
    const res = shortestHours(g, { node: [nodeAt(g, A)], hours: [0] });
    // The split point is interpolated in lon/lat along the 20 km segment: a few mm off the great circle.
    expect(res.hours[nodeAt(g, T)]).toBeCloseTo(d(A, M) / 30 + d(T0, T) / 20, 6);
    expect(res.hours[nodeAt(g, X)]).toBeCloseTo(d(A, X) / 30, 6); // the split keeps A–X's length (to mm)
    expect(res.hours[nodeAt(g, cross0)]).toBe(Infinity);
    const noT = buildRoadGraph(net, { snapEndsToSegments: false });
    expect(shortestHours(noT, { node: [nodeAt(noT, A)], hours: [0] }).hours[nodeAt(noT, T)]).toBe(Infinity);
  });
});

describe('Dijkstra = reference O(V²) Dijkstra on random networks', () => {
  it('60 random graphs, random sources and start times', () => {
    for (let t = 0; t < 60; t++) {
      const r = rng(900 + t);
      const V = 8 + Math.floor(r() * 60);
      const pts: P[] = Array.from({ length: V }, () => [30 + r(), 2 + r()]);
      const feats = Array.from({ length: Math.floor(V * 1.5) }, () => {
        const len = 2 + Math.floor(r() * 3);
        return line(Array.from({ length: len }, () => pts[Math.floor(r() * V)]!), r() < 0.5 ? { speed_kmh: 5 + 80 * r() } : { class: ['primary', 'secondary', 'track'][Math.floor(r() * 3)] });
      });
      const g = buildRoadGraph(fc(...feats), { snapToleranceKm: 0 });
      const Nn = g.nodeLon.length;
      const S = 1 + Math.floor(r() * 3);
      const node = Array.from({ length: S }, () => Math.floor(r() * Nn)), hours = Array.from({ length: S }, () => r());
      const got = shortestHours(g, { node, hours }).hours;
      // Reference: array-scan Dijkstra.
      const dist = new Float64Array(Nn).fill(Infinity), done = new Uint8Array(Nn);
      node.forEach((n, s) => { dist[n] = Math.min(dist[n]!, hours[s]!); });
      for (;;) {
        let u = -1;
        for (let n = 0; n < Nn; n++) if (!done[n] && dist[n]! < Infinity && (u < 0 || dist[n]! < dist[u]!)) u = n;
        if (u < 0) break;
        done[u] = 1;
        for (let k = g.offsets[u]!; k < g.offsets[u + 1]!; k++) dist[g.targets[k]!] = Math.min(dist[g.targets[k]!]!, dist[u]! + g.hours[k]!);
      }
      for (let n = 0; n < Nn; n++) expect(got[n]).toBeCloseTo(dist[n]!, 12);
    }
  });
});

describe('exercise roads', () => {
  it('builds the shipped synthetic network and gives a grid of times', async () => {
    const { readFileSync } = await import('node:fs');
    const roads = JSON.parse(readFileSync(new URL('../../data/exercise/roads.geojson', import.meta.url), 'utf8')) as RoadNetwork;
    const g = buildRoadGraph(roads);
    expect(g.stats.unknownClass).toBe(0);
    expect(g.stats.components).toBeLessThan(g.stats.lines);
    const presences = { lon: [g.nodeLon[0]!], lat: [g.nodeLat[0]!] };
    const sp = shortestHours(g, { node: [0], hours: [0], label: [0] });
    const grid = { lon: [] as number[], lat: [] as number[] };
    for (let i = 0; i < 20; i++) for (let j = 0; j < 20; j++) { grid.lon.push(22 + i * 0.5); grid.lat.push(3 + j * 0.3); }
    const times = pointTravelHours(g, sp.hours, sp.label, presences, grid);
    expect(times.hours.length).toBe(400);
    expect(times.hours.every((h) => h >= 0)).toBe(true);
  });
});
