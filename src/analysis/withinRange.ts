/**
 * Within range: for every incident, the nearest presence and its distance, and for every
 * mobility mode which presences reach it (policy para 18: a threat within range of a
 * presence obliges the mission to act within its capabilities).
 *
 * Owns the exact great-circle range test and the spatial index that makes it fast.
 *
 * Distances are great-circle distances on the mean sphere (src/domain/geo.ts), never
 * polygonised circles and never degrees. The sphere stays within 0.5 % of the WGS84
 * geodesic (withinRange.test.ts checks it against geographiclib). Internally every point
 * is a unit vector and the test d ≤ r is done as chord² ≤ (2·sin(r / 2R))², which is the
 * same inequality (chord length 2R·sin(d/2R) increases with d up to the antipode) with no
 * trigonometry per pair, and no special cases at the antimeridian or the poles.
 * Reported distances are 2R·asin(chord/2), equal to the haversine to ~1e-12 km.
 *
 * Boundary rule: INCLUSIVE. An incident is in range when d ≤ reach + 1 mm
 * (`toleranceKm`, default 1e-6 km): the millimetre absorbs floating-point rounding so that
 * a point placed exactly at the reach (e.g. by geo.destination) is in range on every
 * platform. A reach of 0, negative or NaN means "mode not available": reaches nothing.
 *
 * Index: the incidents are bucketed into a uniform 3-D grid over their unit vectors
 * (cells sized so there are at most a few thousand occupied cells), each cell keeping the
 * tight bounding box of its points. Box-to-point minimum and maximum distances then give
 * exact pruning:
 *   nearest: per cell, U = min over presences of the max distance to the box; only
 *            presences whose min distance to the box is ≤ U can be nearest for any
 *            point in it, and only those are scanned per point;
 *   range:   per presence and mode, cells entirely beyond the reach are skipped, cells
 *            entirely inside are taken whole, only straddling cells test their points.
 *
 * Outputs per mode m (MODES order, inputs.ts), as CSR structures:
 *   reachedBy[m]: offsets (P + 1) + incidents — the incidents presence p reaches are
 *                 incidents[offsets[p] .. offsets[p+1]), ascending by cell then index;
 *   reaching[m]:  offsets (N + 1) + presences — the presences that reach incident i,
 *                 ascending (only with options.lists = 'both': it costs as much again
 *                 as the rest for 1 M incidents; for one incident, e.g. a click,
 *                 presencesReaching() answers directly in O(P)).
 */
import { EARTH_RADIUS_KM } from '../domain/geo.ts';
import type { MobilityModeId } from '../domain/taxonomy.ts';
import type { PointColumns, PresenceColumns } from './inputs.ts';
import { MODES } from './inputs.ts';
import type { Job } from './job.ts';
import { runSync } from './job.ts';

const RAD = Math.PI / 180;
const R = EARTH_RADIUS_KM;

export interface WithinRangeInput {
  incidents: PointColumns;
  presences: PresenceColumns;
}

export interface WithinRangeOptions {
  /** Which CSR lists to build: per presence (default), both directions, or none. */
  lists?: 'byPresence' | 'both' | 'none';
  /** Added to every reach for the inclusive boundary (default 1e-6 km = 1 mm). */
  toleranceKm?: number;
}

export interface ReachedByLists {
  /** Length P + 1. */
  offsets: Uint32Array;
  /** Incident indices. */
  incidents: Uint32Array;
}

export interface ReachingLists {
  /** Length N + 1. */
  offsets: Uint32Array;
  /** Presence indices. */
  presences: Uint32Array;
}

export interface WithinRangeResult {
  modes: readonly MobilityModeId[];
  /** Nearest presence index per incident (any mode), −1 if there is none / bad coordinates. */
  nearest: Int32Array;
  /** Great-circle distance to it, km (NaN when nearest = −1). */
  distanceKm: Float64Array;
  /** Bit m set when at least one presence reaches the incident by mode m. */
  inRange: Uint8Array;
  /** Incidents in range per mode, and by any mode. */
  countByMode: number[];
  countAny: number;
  /** Per mode (empty when lists = 'none'). */
  reachedBy: ReachedByLists[];
  /** Per mode (only when lists = 'both'). */
  reaching: ReachingLists[];
  toleranceKm: number;
}

/** Squared chord (unit sphere) of a great-circle distance in km; reaches beyond the antipode cover everything. */
export function chord2OfKm(km: number): number {
  if (km >= Math.PI * R) return 4 + 1e-9;
  const c = 2 * Math.sin(km / (2 * R));
  return c * c;
}

/** Great-circle km of a squared chord. */
export function kmOfChord2(c2: number): number {
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(c2) / 2));
}

/**
 * The presences that reach one point by one mode (same rule as withinRange), ascending:
 * for a clicked incident, without building incident-major lists for all of them.
 */
export function presencesReaching(lon: number, lat: number, presences: PresenceColumns, mode: MobilityModeId, toleranceKm = 1e-6): Uint32Array {
  const la = lat * RAD, lo = lon * RAD;
  const x = Math.cos(la) * Math.cos(lo), y = Math.cos(la) * Math.sin(lo), z = Math.sin(la);
  const reach = presences.reachKm[mode];
  const out: number[] = [];
  for (let p = 0; p < presences.lon.length; p++) {
    const r = reach[p]!;
    if (!(r > 0)) continue;
    const pl = presences.lat[p]! * RAD, po = presences.lon[p]! * RAD;
    const dx = x - Math.cos(pl) * Math.cos(po), dy = y - Math.cos(pl) * Math.sin(po), dz = z - Math.sin(pl);
    if (dx * dx + dy * dy + dz * dz <= chord2OfKm(r + toleranceKm)) out.push(p);
  }
  return Uint32Array.from(out);
}

export function withinRange(input: WithinRangeInput, options: WithinRangeOptions = {}): WithinRangeResult {
  return runSync(withinRangeJob(input, options));
}

/**
 * Scratch buffers reused from one call to the next (tens of MB for 1 M incidents). Fresh
 * typed arrays are zero-filled by the OS page by page, which costs more than the analysis
 * itself on some machines; the worker re-runs withinRange whenever a planner moves a
 * base, so keeping the scratch is worth its memory. Guarded: a call that starts while
 * another is paused (interleaved async jobs) gets its own buffers. Contents are stale:
 * callers overwrite everything they read.
 */
class Scratch {
  busy = false;
  /** Growable buffer for the (presence, incident) pairs of one mode. */
  pairs = new Uint32Array(1 << 16);
  private readonly bufs = new Map<string, Float64Array | Uint32Array | Int32Array | Uint8Array>();
  private get<T extends Float64Array | Uint32Array | Int32Array | Uint8Array>(name: string, n: number, make: (n: number) => T): T {
    const b = this.bufs.get(name) as T | undefined;
    if (b && b.length >= n) return b.subarray(0, n) as T;
    const fresh = make(Math.max(n, 1024));
    this.bufs.set(name, fresh);
    return fresh.subarray(0, n) as T;
  }
  f64(name: string, n: number): Float64Array { return this.get(name, n, (k) => new Float64Array(k)); }
  u32(name: string, n: number): Uint32Array { return this.get(name, n, (k) => new Uint32Array(k)); }
  i32(name: string, n: number): Int32Array { return this.get(name, n, (k) => new Int32Array(k)); }
  u8(name: string, n: number): Uint8Array { return this.get(name, n, (k) => new Uint8Array(k)); }
}
let sharedScratch = new Scratch();
/** Let the pooled scratch be garbage-collected (e.g. when the app leaves the planning view). */
export function releaseWithinRangeScratch(): void {
  if (!sharedScratch.busy) sharedScratch = new Scratch();
}
function acquireScratch(): Scratch {
  if (sharedScratch.busy) return new Scratch();
  sharedScratch.busy = true;
  return sharedScratch;
}
function releaseScratch(s: Scratch): void {
  if (s === sharedScratch) s.busy = false;
}

/** Grows a Uint32Array as values are pushed; the buffer lives in the scratch, finish() copies out. */
class U32Builder {
  buf: Uint32Array;
  length = 0;
  constructor(private readonly scratch: Scratch) { this.buf = scratch.pairs; }
  push(v: number): void {
    if (this.length === this.buf.length) this.reserve(1);
    this.buf[this.length++] = v;
  }
  reserve(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + extra) cap *= 2;
    const b = new Uint32Array(cap); b.set(this.buf.subarray(0, this.length)); this.buf = b;
    this.scratch.pairs = b;
  }
  finish(): Uint32Array { return this.buf.slice(0, this.length); }
}

interface CellIndex {
  /** Number of occupied cells. */
  C: number;
  /** Points of cell c are sorted positions start[c] .. start[c+1]. */
  start: Uint32Array;
  /** Original incident index at each sorted position. */
  order: Uint32Array;
  /** Unit vectors in sorted order. */
  sx: Float64Array; sy: Float64Array; sz: Float64Array;
  /** Tight bounding box per cell: [minx, miny, minz, maxx, maxy, maxz]. */
  box: Float64Array;
  /** Blocks of up to 4×4×4 cells: cells of block b are blockStart[b] .. blockStart[b+1]. */
  B: number;
  blockStart: Uint32Array;
  /** Tight bounding box per block. */
  blockBox: Float64Array;
}

/**
 * Bucket the incidents (packed unit vectors u[3i..3i+2]) into the cell index. The sort is a
 * two-level radix (by block, then by cell within the block) over packed records: sorting
 * 1 M scattered points straight into ~20,000 cells thrashes the cache, two passes do not.
 */
function buildCells(u: Float64Array, valid: Uint8Array, bbox: Float64Array, scratch: Scratch): CellIndex {
  const N = valid.length;
  let m = 0;
  for (let i = 0; i < N; i++) m += valid[i]!;
  let minx = bbox[0]!, miny = bbox[1]!, minz = bbox[2]!, maxx = bbox[3]!, maxy = bbox[4]!, maxz = bbox[5]!;
  if (m === 0) { minx = miny = minz = maxx = maxy = maxz = 0; }
  const ex = maxx - minx, ey = maxy - miny, ez = maxz - minz;
  // Area of the occupied patch of sphere ≈ the largest face of the bounding box.
  const area = Math.max(ex * ey, ey * ez, ex * ez, 1e-18);
  // About 32 points per cell, at most 16,384 cells; presences are tested against blocks of
  // cells first, so the per-presence cost grows with the blocks, not the cells.
  const target = Math.max(1, Math.min(16384, m / 32));
  let s = Math.sqrt(area / target);
  if (!(s > 0)) s = 1;
  let gx = 0, gy = 0, gz = 0;
  for (;;) {
    gx = Math.floor(ex / s) + 1; gy = Math.floor(ey / s) + 1; gz = Math.floor(ez / s) + 1;
    if (gx * gy * gz <= 4_000_000) break;
    s *= 1.5;
  }
  const inv = 1 / s;
  // Dense cell ids are block-major (block of 4×4×4 cells, then the cell within the block),
  // so compact cell ids — and the sorted points — are contiguous per block.
  const GBx = (gx + 3) >> 2, GBy = (gy + 3) >> 2, GBz = (gz + 3) >> 2;
  const dense = scratch.i32('dense', GBx * GBy * GBz * 64).fill(0);
  const cellOf = scratch.i32('cellOf', N);
  for (let i = 0; i < N; i++) {
    if (!valid[i]) { cellOf[i] = -1; continue; }
    const cx = Math.min(gx - 1, Math.floor((u[3 * i]! - minx) * inv));
    const cy = Math.min(gy - 1, Math.floor((u[3 * i + 1]! - miny) * inv));
    const cz = Math.min(gz - 1, Math.floor((u[3 * i + 2]! - minz) * inv));
    const d = ((((cz >> 2) * GBy + (cy >> 2)) * GBx + (cx >> 2)) << 6) | ((cz & 3) << 4) | ((cy & 3) << 2) | (cx & 3);
    cellOf[i] = d;
    dense[d]!++;
  }
  // Compact the occupied cells (dense[] becomes the compact id) and group them by block.
  let C = 0, B = 0;
  for (let d = 0; d < dense.length; d++) if (dense[d]! > 0) C++;
  const start = new Uint32Array(C + 1);
  const cellBlockArr = new Int32Array(C);
  const blockStartTmp = new Uint32Array(C + 1);
  C = 0;
  let lastBlock = -1;
  for (let d = 0; d < dense.length; d++) {
    const c = dense[d]!;
    if (c > 0) {
      if (d >> 6 !== lastBlock) { lastBlock = d >> 6; blockStartTmp[B++] = C; }
      start[C + 1] = start[C]! + c;
      cellBlockArr[C] = B - 1;
      dense[d] = C++;
    } else dense[d] = -1;
  }
  blockStartTmp[B] = C;
  const blockStart = blockStartTmp.slice(0, B + 1);
  // Pass 1: scatter packed records [x, y, z, index, cell] by block (a few thousand write heads).
  const blockFill = new Uint32Array(B);
  for (let bl = 0; bl < B; bl++) blockFill[bl] = start[blockStart[bl]!]!;
  const tmp = scratch.f64('tmp', 5 * m);
  for (let i = 0; i < N; i++) {
    const d = cellOf[i]!;
    if (d < 0) continue;
    const c = dense[d]!;
    const o = 5 * blockFill[cellBlockArr[c]!]!++;
    tmp[o] = u[3 * i]!; tmp[o + 1] = u[3 * i + 1]!; tmp[o + 2] = u[3 * i + 2]!; tmp[o + 3] = i; tmp[o + 4] = c;
  }
  // Pass 2: within each block, place records by cell (all writes stay within the block's span).
  const fill = start.slice(0, C);
  const order = scratch.u32('order', m);
  const sx = scratch.f64('sx', m), sy = scratch.f64('sy', m), sz = scratch.f64('sz', m);
  for (let r = 0; r < m; r++) {
    const o = 5 * r;
    const k = fill[tmp[o + 4]!]!++;
    sx[k] = tmp[o]!; sy[k] = tmp[o + 1]!; sz[k] = tmp[o + 2]!; order[k] = tmp[o + 3]!;
  }
  const box = new Float64Array(6 * C);
  for (let c = 0; c < C; c++) {
    let x0 = Infinity, y0 = Infinity, z0 = Infinity, x1 = -Infinity, y1 = -Infinity, z1 = -Infinity;
    for (let k = start[c]!; k < start[c + 1]!; k++) {
      const x = sx[k]!, y = sy[k]!, z = sz[k]!;
      if (x < x0) x0 = x; if (x > x1) x1 = x;
      if (y < y0) y0 = y; if (y > y1) y1 = y;
      if (z < z0) z0 = z; if (z > z1) z1 = z;
    }
    const b = 6 * c;
    box[b] = x0; box[b + 1] = y0; box[b + 2] = z0; box[b + 3] = x1; box[b + 4] = y1; box[b + 5] = z1;
  }
  const blockBox = new Float64Array(6 * B);
  for (let bl = 0; bl < B; bl++) {
    const o = 6 * bl;
    blockBox[o] = blockBox[o + 1] = blockBox[o + 2] = Infinity;
    blockBox[o + 3] = blockBox[o + 4] = blockBox[o + 5] = -Infinity;
    for (let c = blockStart[bl]!; c < blockStart[bl + 1]!; c++) {
      for (let a = 0; a < 3; a++) {
        blockBox[o + a] = Math.min(blockBox[o + a]!, box[6 * c + a]!);
        blockBox[o + 3 + a] = Math.max(blockBox[o + 3 + a]!, box[6 * c + 3 + a]!);
      }
    }
  }
  return { C, start, order, sx, sy, sz, box, B, blockStart, blockBox };
}

/**
 * Packed unit vectors u[3i..3i+2] of lon/lat arrays; `valid` marks usable coordinates;
 * `bbox` ([min x, y, z, max x, y, z]) is widened to include them (fused: one pass less).
 */
function unitVectorsPacked(lon: ArrayLike<number>, lat: ArrayLike<number>, from: number, to: number, u: Float64Array, valid: Uint8Array, bbox: Float64Array): void {
  let x0 = bbox[0]!, y0 = bbox[1]!, z0 = bbox[2]!, x1 = bbox[3]!, y1 = bbox[4]!, z1 = bbox[5]!;
  for (let i = from; i < to; i++) {
    const lo = lon[i]! * RAD, la = lat[i]! * RAD;
    if (!Number.isFinite(lo) || !Number.isFinite(la) || la > Math.PI / 2 + 1e-12 || la < -Math.PI / 2 - 1e-12) { valid[i] = 0; continue; }
    const c = Math.cos(la);
    const x = c * Math.cos(lo), y = c * Math.sin(lo), z = Math.sin(la);
    u[3 * i] = x; u[3 * i + 1] = y; u[3 * i + 2] = z;
    valid[i] = 1;
    if (x < x0) x0 = x; if (x > x1) x1 = x;
    if (y < y0) y0 = y; if (y > y1) y1 = y;
    if (z < z0) z0 = z; if (z > z1) z1 = z;
  }
  bbox[0] = x0; bbox[1] = y0; bbox[2] = z0; bbox[3] = x1; bbox[4] = y1; bbox[5] = z1;
}

/** Unit vectors of lon/lat arrays; `valid` marks finite coordinates. */
function unitVectors(lon: ArrayLike<number>, lat: ArrayLike<number>, from: number, to: number, ux: Float64Array, uy: Float64Array, uz: Float64Array, valid: Uint8Array): void {
  for (let i = from; i < to; i++) {
    const lo = lon[i]! * RAD, la = lat[i]! * RAD;
    if (!Number.isFinite(lo) || !Number.isFinite(la) || la > Math.PI / 2 + 1e-12 || la < -Math.PI / 2 - 1e-12) { valid[i] = 0; continue; }
    const c = Math.cos(la);
    ux[i] = c * Math.cos(lo); uy[i] = c * Math.sin(lo); uz[i] = Math.sin(la);
    valid[i] = 1;
  }
}

/** Squared distance from point q to box b: min (all points) and max (farthest corner). */
function boxMin2(box: Float64Array, b: number, qx: number, qy: number, qz: number): number {
  const dx = qx < box[b]! ? box[b]! - qx : qx > box[b + 3]! ? qx - box[b + 3]! : 0;
  const dy = qy < box[b + 1]! ? box[b + 1]! - qy : qy > box[b + 4]! ? qy - box[b + 4]! : 0;
  const dz = qz < box[b + 2]! ? box[b + 2]! - qz : qz > box[b + 5]! ? qz - box[b + 5]! : 0;
  return dx * dx + dy * dy + dz * dz;
}
function boxMax2(box: Float64Array, b: number, qx: number, qy: number, qz: number): number {
  const dx = Math.max(Math.abs(qx - box[b]!), Math.abs(qx - box[b + 3]!));
  const dy = Math.max(Math.abs(qy - box[b + 1]!), Math.abs(qy - box[b + 4]!));
  const dz = Math.max(Math.abs(qz - box[b + 2]!), Math.abs(qz - box[b + 5]!));
  return dx * dx + dy * dy + dz * dz;
}

/** Scratch buffers for the nearest-presence search, sized by the number of valid presences. */
interface NearestScratch {
  lo: Float64Array; blockCand: Uint32Array;
  cand: Int32Array; lows: Float64Array; cx: Float64Array; cy: Float64Array; cz: Float64Array;
}

/**
 * Nearest presence for every point of block `bl`. Candidates are pruned twice: presences
 * that could be nearest for some point of the block, then, among those, for some point of
 * each cell (min distance to the box ≤ the smallest max distance to the box).
 */
function nearestBlock(ci: CellIndex, bl: number, px: Float64Array, py: Float64Array, pz: Float64Array, pvalid: Uint32Array, nearest: Int32Array, distanceKm: Float64Array, sc: NearestScratch): void {
  const V = pvalid.length;
  const { lo, blockCand, cand, lows, cx, cy, cz } = sc;
  const bb = 6 * bl;
  let U = Infinity;
  for (let v = 0; v < V; v++) {
    const p = pvalid[v]!;
    const mx = boxMax2(ci.blockBox, bb, px[p]!, py[p]!, pz[p]!);
    if (mx < U) U = mx;
    lo[v] = boxMin2(ci.blockBox, bb, px[p]!, py[p]!, pz[p]!);
  }
  // A hair of slack for rounding in the box arithmetic (never drops a true candidate).
  let Ue = U * (1 + 1e-12) + 1e-24;
  let nb = 0;
  for (let v = 0; v < V; v++) if (lo[v]! <= Ue) blockCand[nb++] = pvalid[v]!;
  for (let c = ci.blockStart[bl]!; c < ci.blockStart[bl + 1]!; c++) {
    const b = 6 * c;
    U = Infinity;
    for (let q = 0; q < nb; q++) {
      const p = blockCand[q]!;
      const mx = boxMax2(ci.box, b, px[p]!, py[p]!, pz[p]!);
      if (mx < U) U = mx;
    }
    Ue = U * (1 + 1e-12) + 1e-24;
    // Candidates of this cell, kept sorted by (lower bound, presence index): insertion sort, lists are short.
    let nc = 0;
    for (let q = 0; q < nb; q++) {
      const p = blockCand[q]!;
      const l = boxMin2(ci.box, b, px[p]!, py[p]!, pz[p]!);
      if (l > Ue) continue;
      let k = nc++;
      while (k > 0 && (lows[k - 1]! > l || (lows[k - 1] === l && cand[k - 1]! > p))) { lows[k] = lows[k - 1]!; cand[k] = cand[k - 1]!; k--; }
      lows[k] = l; cand[k] = p;
    }
    for (let k = 0; k < nc; k++) { const p = cand[k]!; cx[k] = px[p]!; cy[k] = py[p]!; cz[k] = pz[p]!; }
    for (let k = ci.start[c]!; k < ci.start[c + 1]!; k++) {
      const x = ci.sx[k]!, y = ci.sy[k]!, z = ci.sz[k]!;
      let best = Infinity, bestP = -1;
      for (let q = 0; q < nc; q++) {
        if (lows[q]! > best) break;
        const dx = x - cx[q]!, dy = y - cy[q]!, dz = z - cz[q]!;
        const d2 = dx * dx + dy * dy + dz * dz;
        if (d2 < best || (d2 === best && cand[q]! < bestP)) { best = d2; bestP = cand[q]!; }
      }
      const i = ci.order[k]!;
      nearest[i] = bestP;
      distanceKm[i] = kmOfChord2(best);
    }
  }
}

/** Append sorted positions [k0, k1) to `out` and mark them in range. */
function emitRange(ci: CellIndex, k0: number, k1: number, out: U32Builder, inRange: Uint8Array, bit: number, perIncident: Uint32Array | null): void {
  out.reserve(k1 - k0);
  const buf = out.buf, order = ci.order;
  let len = out.length;
  for (let k = k0; k < k1; k++) {
    const i = order[k]!;
    buf[len++] = i;
    inRange[i]! |= bit;
    if (perIncident) perIncident[i]!++;
  }
  out.length = len;
}

/** Incidents within squared chord T of presence (qx, qy, qz), appended to `out`; marks `bit` in inRange. */
function rangeOfPresence(ci: CellIndex, qx: number, qy: number, qz: number, T: number, out: U32Builder, inRange: Uint8Array, bit: number, perIncident: Uint32Array | null): void {
  const { box, blockBox, blockStart, start, order, sx, sy, sz } = ci;
  for (let bl = 0; bl < ci.B; bl++) {
    const bb = 6 * bl;
    if (boxMin2(blockBox, bb, qx, qy, qz) > T) continue;
    const c0 = blockStart[bl]!, c1 = blockStart[bl + 1]!;
    if (boxMax2(blockBox, bb, qx, qy, qz) <= T) { emitRange(ci, start[c0]!, start[c1]!, out, inRange, bit, perIncident); continue; }
    for (let c = c0; c < c1; c++) {
      const b = 6 * c;
      if (boxMin2(box, b, qx, qy, qz) > T) continue;
      const s0 = start[c]!, s1 = start[c + 1]!;
      if (boxMax2(box, b, qx, qy, qz) <= T) { emitRange(ci, s0, s1, out, inRange, bit, perIncident); continue; }
      for (let k = s0; k < s1; k++) {
        const dx = sx[k]! - qx, dy = sy[k]! - qy, dz = sz[k]! - qz;
        if (dx * dx + dy * dy + dz * dz <= T) {
          const i = order[k]!;
          out.push(i);
          inRange[i]! |= bit;
          if (perIncident) perIncident[i]!++;
        }
      }
    }
  }
}

function countBits(mask: Uint8Array, bit: number): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]! & bit) n++;
  return n;
}

/** Presence-major pairs → incident-major lists (counting sort; presences stay ascending). */
function transpose(offsets: Uint32Array, list: Uint32Array, perIncident: Uint32Array, N: number): ReachingLists {
  const P = offsets.length - 1;
  const off = new Uint32Array(N + 1);
  for (let i = 0; i < N; i++) off[i + 1] = off[i]! + perIncident[i]!;
  const pos = off.slice(0, N);
  const pres = new Uint32Array(list.length);
  for (let p = 0; p < P; p++) for (let k = offsets[p]!; k < offsets[p + 1]!; k++) pres[pos[list[k]!]!++] = p;
  return { offsets: off, presences: pres };
}

export function* withinRangeJob(input: WithinRangeInput, options: WithinRangeOptions = {}): Job<WithinRangeResult> {
  const { incidents, presences } = input;
  const N = incidents.lon.length, P = presences.lon.length;
  const lists = options.lists ?? 'byPresence';
  const tol = options.toleranceKm ?? 1e-6;
  if (incidents.lat.length !== N) throw new Error('withinRange: incident lon and lat differ in length');
  for (const m of MODES) if (presences.reachKm[m].length !== P) throw new Error(`withinRange: reachKm.${m} has ${presences.reachKm[m].length} values for ${P} presences`);

  // Presence unit vectors; presences with bad coordinates are ignored.
  const px = new Float64Array(P), py = new Float64Array(P), pz = new Float64Array(P), pv = new Uint8Array(P);
  unitVectors(presences.lon, presences.lat, 0, P, px, py, pz, pv);
  const pvalid = Uint32Array.from(Array.from({ length: P }, (_, p) => p).filter((p) => pv[p]));

  const scratch = acquireScratch();
  try {
    return yield* withinRangeSteps(input, lists, tol, P, N, px, py, pz, pv, pvalid, scratch);
  } finally {
    releaseScratch(scratch);
  }
}

function* withinRangeSteps(input: WithinRangeInput, lists: 'byPresence' | 'both' | 'none', tol: number, P: number, N: number, px: Float64Array, py: Float64Array, pz: Float64Array, pv: Uint8Array, pvalid: Uint32Array, scratch: Scratch): Job<WithinRangeResult> {
  const { incidents, presences } = input;
  const u = scratch.f64('u', 3 * N), valid = scratch.u8('valid', N);
  const bbox = Float64Array.of(Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity);
  const CH = 131072;
  for (let s = 0; s < N; s += CH) {
    unitVectorsPacked(incidents.lon, incidents.lat, s, Math.min(N, s + CH), u, valid, bbox);
    yield 0.15 * Math.min(1, (s + CH) / Math.max(1, N));
  }
  const ci = buildCells(u, valid, bbox, scratch);
  yield 0.25;

  // Nearest presence.
  const nearest = new Int32Array(N).fill(-1);
  const distanceKm = new Float64Array(N).fill(Number.NaN);
  if (pvalid.length > 0) {
    const V = pvalid.length;
    const sc: NearestScratch = {
      lo: new Float64Array(V), blockCand: new Uint32Array(V), cand: new Int32Array(V), lows: new Float64Array(V),
      cx: new Float64Array(V), cy: new Float64Array(V), cz: new Float64Array(V),
    };
    for (let bl = 0; bl < ci.B; bl++) {
      nearestBlock(ci, bl, px, py, pz, pvalid, nearest, distanceKm, sc);
      if ((bl & 15) === 15) yield 0.25 + 0.25 * ((bl + 1) / ci.B);
    }
  }

  // Ranges per mode.
  const inRange = new Uint8Array(N);
  const reachedBy: ReachedByLists[] = [];
  const reaching: ReachingLists[] = [];
  const countByMode: number[] = [];
  for (let m = 0; m < MODES.length; m++) {
    const reach = presences.reachKm[MODES[m]!];
    const bit = 1 << m;
    const out = new U32Builder(scratch);
    const offsets = new Uint32Array(P + 1);
    const perIncident = lists === 'both' ? new Uint32Array(N + 1) : null;
    for (let p = 0; p < P; p++) {
      const r = reach[p]!;
      if (pv[p] && r > 0) rangeOfPresence(ci, px[p]!, py[p]!, pz[p]!, chord2OfKm(r + tol), out, inRange, bit, perIncident);
      offsets[p + 1] = out.length;
      if ((p & 15) === 15) yield 0.5 + 0.45 * ((m + (p + 1) / P) / MODES.length);
    }
    countByMode.push(countBits(inRange, bit));
    if (lists !== 'none') {
      const list = out.finish();
      reachedBy.push({ offsets, incidents: list });
      if (perIncident) reaching.push(transpose(offsets, list, perIncident, N));
    }
  }
  const countAny = countBits(inRange, 0xff);
  return { modes: MODES, nearest, distanceKm, inRange, countByMode, countAny, reachedBy, reaching, toleranceKm: tol };
}
