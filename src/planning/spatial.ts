/**
 * Spatial index over demand points for the planner: "which demand points lie within
 * r km of (lon, lat)", answered exactly and in time proportional to the points near the
 * query — the primitive behind incremental what-if coverage and the optimiser's
 * candidate coverage sets.
 *
 * Owns the planner's range rule, which is withinRange.ts's rule on purpose, so planner
 * figures agree with the coverage engine bit for bit:
 *   - points become unit vectors with the same formula as withinRange.ts;
 *   - a point is within reach r when chord² ≤ chord2OfKm(r + toleranceKm), i.e. the
 *     great-circle (haversine) distance d ≤ r + 1 mm: INCLUSIVE, and a reach of 0,
 *     negative or NaN reaches nothing;
 *   - points with non-finite coordinates (or |lat| > 90) are never within reach of anything.
 *
 * Index: kdbush over (lon, lat) in degrees, longitudes normalised to [−180, 180]. A query
 * walks the tree for the lon/lat bounding box of the spherical cap (split in two across the
 * antimeridian; the whole longitude range when the cap contains a pole) and keeps the
 * points that pass the exact chord test. The box is the exact extent of the cap
 * (Δlat = θ, Δlon = asin(sin θ / cos lat)) widened by a hair, so it never drops a point.
 */
import KDBush from 'kdbush';
import { chord2OfKm } from '../analysis/withinRange.ts';

const RAD = Math.PI / 180;
/** Added to every reach (km): the same 1 mm as withinRange.ts's default toleranceKm. */
export const DEFAULT_TOLERANCE_KM = 1e-6;

/** Unit vector of (lon, lat) degrees, written to out[o..o+2]; false for unusable coordinates (same test as withinRange.ts). */
export function unitVector(lon: number, lat: number, out: Float64Array, o: number): boolean {
  const lo = lon * RAD, la = lat * RAD;
  if (!Number.isFinite(lo) || !Number.isFinite(la) || la > Math.PI / 2 + 1e-12 || la < -Math.PI / 2 - 1e-12) return false;
  const c = Math.cos(la);
  out[o] = c * Math.cos(lo); out[o + 1] = c * Math.sin(lo); out[o + 2] = Math.sin(la);
  return true;
}

/** Longitude in [−180, 180). */
function wrapLon(lon: number): number {
  return lon >= -180 && lon < 180 ? lon : ((((lon + 180) % 360) + 360) % 360) - 180;
}

/**
 * Lon/lat boxes ([west, south, east, north] ×1 or ×2) that together contain every point
 * whose squared chord to (lon, lat) is ≤ t2.
 */
export function capBoxes(lon: number, lat: number, t2: number): number[][] {
  if (t2 >= 4) return [[-180, -90, 180, 90]];
  // Angular radius of the cap, widened by a hair against rounding (never narrower than the chord test).
  const theta = 2 * Math.asin(Math.min(1, Math.sqrt(t2) / 2)) * (1 + 1e-9) + 1e-12;
  const thetaDeg = theta / RAD;
  const south = Math.max(-90, lat - thetaDeg), north = Math.min(90, lat + thetaDeg);
  // A cap that reaches a pole spans every longitude.
  if (lat + thetaDeg >= 90 || lat - thetaDeg <= -90) return [[-180, south, 180, north]];
  const s = Math.sin(theta) / Math.cos(lat * RAD);
  if (s >= 1) return [[-180, south, 180, north]];
  const dLon = (Math.asin(s) / RAD) * (1 + 1e-9) + 1e-9;
  const c = wrapLon(lon);
  const west = c - dLon, east = c + dLon;
  if (west < -180) return [[west + 360, south, 180, north], [-180, south, east, north]];
  if (east > 180) return [[west, south, 180, north], [-180, south, east - 360, north]];
  return [[west, south, east, north]];
}

export class DemandIndex {
  /** Number of points (valid or not). */
  readonly n: number;
  /** Packed unit vectors u[3i..3i+2] (unspecified for invalid points). */
  readonly u: Float64Array;
  /** 1 when point i has usable coordinates. */
  readonly valid: Uint8Array;
  readonly validCount: number;
  private readonly kd: KDBush | null;
  /** Tree order (kdbush's sorted arrays) → point index, and the unit vectors in tree order. */
  private readonly treeIdx: Uint32Array;
  private readonly treeU: Float64Array;
  private buf = new Uint32Array(1024);
  private readonly q = new Float64Array(3);
  private readonly stack = new Int32Array(3 * 64);

  constructor(lon: ArrayLike<number>, lat: ArrayLike<number>) {
    const n = lon.length;
    if (lat.length !== n) throw new Error('DemandIndex: lon and lat differ in length');
    this.n = n;
    this.u = new Float64Array(3 * n);
    this.valid = new Uint8Array(n);
    let m = 0;
    for (let i = 0; i < n; i++) if (unitVector(lon[i]!, lat[i]!, this.u, 3 * i)) { this.valid[i] = 1; m++; }
    this.validCount = m;
    this.treeIdx = new Uint32Array(m);
    this.treeU = new Float64Array(3 * m);
    if (m === 0) { this.kd = null; return; }
    const idOf = new Uint32Array(m);
    const kd = new KDBush(m, 64, Float64Array);
    let k = 0;
    for (let i = 0; i < n; i++) {
      if (!this.valid[i]) continue;
      kd.add(wrapLon(lon[i]!), Math.max(-90, Math.min(90, lat[i]!)));
      idOf[k++] = i;
    }
    this.kd = kd.finish();
    // Points in the tree's own order, so a query walks contiguous memory and allocates nothing.
    for (let j = 0; j < m; j++) {
      const i = idOf[kd.ids[j]!]!;
      this.treeIdx[j] = i;
      this.treeU[3 * j] = this.u[3 * i]!; this.treeU[3 * j + 1] = this.u[3 * i + 1]!; this.treeU[3 * j + 2] = this.u[3 * i + 2]!;
    }
  }

  /**
   * Points within `km` of (lon, lat) (inclusive, + toleranceKm), as a view valid until the
   * next query on this index (copy it to keep it). Order: unspecified but deterministic.
   */
  query(lon: number, lat: number, km: number, toleranceKm = DEFAULT_TOLERANCE_KM): Uint32Array {
    const q = this.q;
    if (!this.kd || !(km > 0) || !unitVector(lon, lat, q, 0)) return this.buf.subarray(0, 0);
    return this.queryUnit(q[0]!, q[1]!, q[2]!, lon, lat, chord2OfKm(km + toleranceKm));
  }

  /**
   * As query(), with the centre's unit vector and the squared-chord threshold precomputed.
   * Walks kdbush's tree (its documented flat layout: ids/coords sorted so that node
   * [left, right] splits at m = (left + right) >> 1 on lon, then lat, alternately; leaves
   * hold ≤ nodeSize points) exactly as kdbush.range does, but tests each point in a box
   * with the exact chord rule in place: no result arrays, no index indirection.
   */
  queryUnit(qx: number, qy: number, qz: number, lon: number, lat: number, t2: number): Uint32Array {
    const kd = this.kd;
    if (!kd) return this.buf.subarray(0, 0);
    const coords = kd.coords as Float64Array, nodeSize = kd.nodeSize;
    const tu = this.treeU, tidx = this.treeIdx, stack = this.stack;
    let count = 0;
    for (const box of capBoxes(lon, lat, t2)) {
      const minX = box[0]!, minY = box[1]!, maxX = box[2]!, maxY = box[3]!;
      let sp = 0;
      stack[sp++] = 0; stack[sp++] = tidx.length - 1; stack[sp++] = 0;
      while (sp > 0) {
        const axis = stack[--sp]!, right = stack[--sp]!, left = stack[--sp]!;
        if (right - left <= nodeSize) {
          if (count + right - left + 1 > this.buf.length) this.grow(count + right - left + 1);
          const buf = this.buf;
          for (let j = left; j <= right; j++) {
            const x = coords[2 * j]!, y = coords[2 * j + 1]!;
            if (x < minX || x > maxX || y < minY || y > maxY) continue;
            const dx = tu[3 * j]! - qx, dy = tu[3 * j + 1]! - qy, dz = tu[3 * j + 2]! - qz;
            if (dx * dx + dy * dy + dz * dz <= t2) buf[count++] = tidx[j]!;
          }
          continue;
        }
        const m = (left + right) >> 1;
        const x = coords[2 * m]!, y = coords[2 * m + 1]!;
        if (x >= minX && x <= maxX && y >= minY && y <= maxY) {
          const dx = tu[3 * m]! - qx, dy = tu[3 * m + 1]! - qy, dz = tu[3 * m + 2]! - qz;
          if (dx * dx + dy * dy + dz * dz <= t2) {
            if (count + 1 > this.buf.length) this.grow(count + 1);
            this.buf[count++] = tidx[m]!;
          }
        }
        if (axis === 0 ? minX <= x : minY <= y) { stack[sp++] = left; stack[sp++] = m - 1; stack[sp++] = 1 - axis; }
        if (axis === 0 ? maxX >= x : maxY >= y) { stack[sp++] = m + 1; stack[sp++] = right; stack[sp++] = 1 - axis; }
      }
    }
    return this.buf.subarray(0, count);
  }

  private grow(need: number): void {
    const b = new Uint32Array(Math.max(2 * this.buf.length, need));
    b.set(this.buf); this.buf = b;
  }
}
