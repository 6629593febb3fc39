/**
 * What-if coverage: the planner drags a base, drops a temporary one, closes one or changes
 * its reach, and the covered demand updates at once (issue 7 §3, ≤ 100 ms in a worker).
 *
 * Owns the incremental coverage state for ONE mobility mode (sites.ts: radius per site):
 * per demand point, how many active sites reach it (`counts`). An edit touches only the
 * demand points within the edited site's old and new disks (spatial.ts index), so its
 * cost is proportional to the points near the old and new positions, never N × P.
 * The range rule is spatial.ts's, i.e. withinRange.ts's: the figures equal a full
 * recompute (coverageCountsBrute, coverage.ts) — counts exactly, weights to rounding
 * (whatIf.test.ts checks both over long random edit sequences).
 *
 * Why the order "add the new disk, then remove the old one": a point inside both disks
 * goes c → c+1 → c and never flips to uncovered and back, so newlyCovered /
 * newlyUncovered list only real changes (the UI redraws exactly those in the gap layer).
 *
 * Weights are accumulated with Neumaier compensation, and a running sum is reset to
 * exactly 0 whenever its count reaches 0, so long edit sessions do not drift (resync()
 * recomputes from the counts in O(N) if one wants the canonical sum).
 *
 * Baseline: the state at construction, or at setBaseline(). The delta is kept as the
 * weight/count gained (covered now, not in the baseline) and lost (the reverse), both
 * maintained on each flip, so it costs nothing extra per edit.
 *
 * Several modes at once = several WhatIfCoverage objects (one per mode); 'any' mode
 * is one object with each presence's widest reach (sites.ts).
 */
import { chord2OfKm } from '../analysis/withinRange.ts';
import { DEFAULT_TOLERANCE_KM, DemandIndex, unitVector } from './spatial.ts';
import type { Site, SiteColumns } from './sites.ts';

export type WhatIfEdit =
  | { kind: 'add'; site: Site }
  | { kind: 'move'; index: number; lon: number; lat: number }
  | { kind: 'reach'; index: number; reachKm: number }
  /** Deactivate (the index stays valid; 'restore' brings it back). */
  | { kind: 'remove'; index: number }
  | { kind: 'restore'; index: number };

export interface CoverageTotals {
  coveredWeight: number;
  totalWeight: number;
  /** coveredWeight / totalWeight, null when the total is 0. */
  share: number | null;
  coveredCount: number;
  totalCount: number;
}

export interface CoverageDelta {
  /** Covered weight now − in the baseline (= gainedWeight − lostWeight). */
  weight: number;
  share: number | null;
  count: number;
  /** Covered now, not in the baseline. */
  gainedWeight: number;
  gainedCount: number;
  /** Covered in the baseline, not now. */
  lostWeight: number;
  lostCount: number;
}

export interface WhatIfUpdate {
  totals: CoverageTotals;
  delta: CoverageDelta;
  /** The site edited (for 'add', the new index). */
  site: number;
  /** Demand points that became covered / uncovered by this edit. */
  newlyCovered: Uint32Array;
  newlyUncovered: Uint32Array;
  /** Demand points the edit visited (cost measure: the points near the old and new disks). */
  touched: number;
}

export interface SiteState {
  lon: number;
  lat: number;
  reachKm: number;
  active: boolean;
  id?: string;
  /** Weight and count of the demand inside this site's disk (shared coverage included). */
  reachedWeight: number;
  reachedCount: number;
}

export interface WhatIfOptions {
  /** Added to every reach, km (default 1e-6 = 1 mm, as withinRange.ts). */
  toleranceKm?: number;
  /** A prebuilt index over the same demand points (reuse across modes). */
  index?: DemandIndex;
}

/** Compensated running sum (Neumaier). */
class Accumulator {
  private s = 0;
  private c = 0;
  add(x: number): void {
    const t = this.s + x;
    this.c += Math.abs(this.s) >= Math.abs(x) ? (this.s - t) + x : (x - t) + this.s;
    this.s = t;
  }
  get value(): number { return this.s + this.c; }
  reset(v = 0): void { this.s = v; this.c = 0; }
}

/** Growable list of point indices. */
class IndexList {
  buf = new Uint32Array(256);
  n = 0;
  push(i: number): void {
    if (this.n === this.buf.length) { const b = new Uint32Array(2 * this.n); b.set(this.buf); this.buf = b; }
    this.buf[this.n++] = i;
  }
  take(): Uint32Array { const out = this.buf.slice(0, this.n); this.n = 0; return out; }
}

export class WhatIfCoverage {
  readonly index: DemandIndex;
  readonly weight: Float64Array;
  readonly toleranceKm: number;
  /** Active sites reaching each demand point. Live: read, never write. */
  readonly counts: Int32Array;
  private readonly sites: SiteState[] = [];
  private readonly totalW: number;
  private readonly covered = new Accumulator();
  private coveredN = 0;
  private baseline: Uint8Array;
  private baselineCoveredW = 0;
  private baselineCoveredN = 0;
  private readonly gained = new Accumulator();
  private gainedN = 0;
  private readonly lost = new Accumulator();
  private lostN = 0;
  private readonly up = new IndexList();
  private readonly down = new IndexList();
  private readonly q = new Float64Array(3);

  constructor(demand: { lon: ArrayLike<number>; lat: ArrayLike<number>; weight: ArrayLike<number> }, sites: SiteColumns | readonly Site[] = [], options: WhatIfOptions = {}) {
    const N = demand.lon.length;
    if (demand.weight.length !== N) throw new Error('WhatIfCoverage: weight and lon differ in length');
    this.index = options.index ?? new DemandIndex(demand.lon, demand.lat);
    if (this.index.n !== N) throw new Error('WhatIfCoverage: the index was built over other points');
    this.toleranceKm = options.toleranceKm ?? DEFAULT_TOLERANCE_KM;
    this.weight = new Float64Array(N);
    for (let i = 0; i < N; i++) { const w = demand.weight[i]!; this.weight[i] = w > 0 && w < Infinity ? w : 0; }
    let t = 0;
    for (let i = 0; i < N; i++) t += this.weight[i]!;
    this.totalW = t;
    this.counts = new Int32Array(N);
    this.baseline = new Uint8Array(N);
    const list: readonly Site[] = Array.isArray(sites) ? sites : siteList(sites as SiteColumns);
    for (const s of list) {
      const st: SiteState = { lon: s.lon, lat: s.lat, reachKm: s.reachKm, active: true, id: s.id, reachedWeight: 0, reachedCount: 0 };
      this.sites.push(st);
      this.disk(st, +1);
    }
    this.up.n = 0; this.down.n = 0;
    this.setBaseline();
  }

  get siteCount(): number { return this.sites.length; }

  site(i: number): Readonly<SiteState> {
    const s = this.sites[i];
    if (!s) throw new Error(`WhatIfCoverage: no site ${i}`);
    return s;
  }

  /** All sites, index-aligned (removed ones have active = false). */
  siteStates(): SiteState[] { return this.sites.map((s) => ({ ...s })); }

  totals(): CoverageTotals {
    const coveredWeight = this.coveredN === 0 ? 0 : this.covered.value;
    return { coveredWeight, totalWeight: this.totalW, share: this.totalW > 0 ? coveredWeight / this.totalW : null, coveredCount: this.coveredN, totalCount: this.counts.length };
  }

  delta(): CoverageDelta {
    const gainedWeight = this.gainedN === 0 ? 0 : this.gained.value;
    const lostWeight = this.lostN === 0 ? 0 : this.lost.value;
    const weight = gainedWeight - lostWeight;
    return { weight, share: this.totalW > 0 ? weight / this.totalW : null, count: this.gainedN - this.lostN, gainedWeight, gainedCount: this.gainedN, lostWeight, lostCount: this.lostN };
  }

  /** Totals of the baseline. */
  baselineTotals(): CoverageTotals {
    return { coveredWeight: this.baselineCoveredW, totalWeight: this.totalW, share: this.totalW > 0 ? this.baselineCoveredW / this.totalW : null, coveredCount: this.baselineCoveredN, totalCount: this.counts.length };
  }

  /** The current state becomes the baseline (delta → 0). O(N). */
  setBaseline(): void {
    const N = this.counts.length;
    for (let i = 0; i < N; i++) this.baseline[i] = this.counts[i]! > 0 ? 1 : 0;
    const t = this.totals();
    this.baselineCoveredW = t.coveredWeight; this.baselineCoveredN = t.coveredCount;
    this.gained.reset(); this.gainedN = 0; this.lost.reset(); this.lostN = 0;
  }

  /** 1 where at least one active site reaches the point (a copy). */
  coveredMask(): Uint8Array { return Uint8Array.from(this.counts, (c) => (c > 0 ? 1 : 0)); }

  /** Recompute the covered/gained/lost weights from the counts (canonical index-order sums). O(N). */
  resync(): void {
    let c = 0, g = 0, l = 0;
    for (let i = 0; i < this.counts.length; i++) {
      const w = this.weight[i]!, now = this.counts[i]! > 0, was = this.baseline[i] === 1;
      if (now) c += w;
      if (now && !was) g += w;
      if (!now && was) l += w;
    }
    this.covered.reset(c); this.gained.reset(g); this.lost.reset(l);
  }

  /** Weight reached by site i and by no other active site (what closing it would lose). */
  exclusiveWeight(i: number): number {
    const s = this.site(i);
    if (!s.active) return 0;
    const pts = this.query(s);
    let w = 0;
    for (let k = 0; k < pts.length; k++) if (this.counts[pts[k]!] === 1) w += this.weight[pts[k]!]!;
    return w;
  }

  addSite(site: Site): WhatIfUpdate { return this.apply({ kind: 'add', site }); }
  moveSite(index: number, lon: number, lat: number): WhatIfUpdate { return this.apply({ kind: 'move', index, lon, lat }); }
  setReach(index: number, reachKm: number): WhatIfUpdate { return this.apply({ kind: 'reach', index, reachKm }); }
  removeSite(index: number): WhatIfUpdate { return this.apply({ kind: 'remove', index }); }
  restoreSite(index: number): WhatIfUpdate { return this.apply({ kind: 'restore', index }); }

  apply(edit: WhatIfEdit): WhatIfUpdate {
    let touched = 0;
    let index: number;
    if (edit.kind === 'add') {
      const s = edit.site;
      index = this.sites.length;
      const st: SiteState = { lon: s.lon, lat: s.lat, reachKm: s.reachKm, active: true, id: s.id, reachedWeight: 0, reachedCount: 0 };
      this.sites.push(st);
      touched += this.disk(st, +1);
    } else {
      index = edit.index;
      const old = this.sites[index];
      if (!old) throw new Error(`WhatIfCoverage: no site ${index}`);
      const next: SiteState = { ...old };
      if (edit.kind === 'move') { next.lon = edit.lon; next.lat = edit.lat; } else if (edit.kind === 'reach') next.reachKm = edit.reachKm;
      else if (edit.kind === 'remove') next.active = false;
      else next.active = true;
      // New disk first, then the old one (see the header: no spurious flips).
      if (next.active) touched += this.disk(next, +1);
      else { next.reachedWeight = 0; next.reachedCount = 0; }
      if (old.active) touched += this.disk(old, -1);
      this.sites[index] = next;
    }
    return { totals: this.totals(), delta: this.delta(), site: index, newlyCovered: this.up.take(), newlyUncovered: this.down.take(), touched };
  }

  private query(s: SiteState): Uint32Array {
    if (!(s.reachKm > 0) || !unitVector(s.lon, s.lat, this.q, 0)) return new Uint32Array(0);
    return this.index.queryUnit(this.q[0]!, this.q[1]!, this.q[2]!, s.lon, s.lat, chord2OfKm(s.reachKm + this.toleranceKm));
  }

  /** Add (+1) or remove (−1) one site's disk; records flips; returns the points visited. */
  private disk(s: SiteState, sign: 1 | -1): number {
    const pts = this.query(s);
    const counts = this.counts, weight = this.weight, base = this.baseline;
    let reachedW = 0;
    if (sign > 0) {
      for (let k = 0; k < pts.length; k++) {
        const i = pts[k]!, w = weight[i]!;
        reachedW += w;
        if (counts[i]!++ === 0) {
          this.covered.add(w); this.coveredN++;
          if (base[i]) { this.lost.add(-w); this.lostN--; } else { this.gained.add(w); this.gainedN++; }
          this.up.push(i);
        }
      }
      s.reachedWeight = reachedW; s.reachedCount = pts.length;
    } else {
      for (let k = 0; k < pts.length; k++) {
        const i = pts[k]!, w = weight[i]!;
        if (--counts[i]! === 0) {
          this.covered.add(-w); this.coveredN--;
          if (base[i]) { this.lost.add(w); this.lostN++; } else { this.gained.add(-w); this.gainedN--; }
          this.down.push(i);
        }
      }
    }
    if (this.coveredN === 0) this.covered.reset();
    if (this.gainedN === 0) this.gained.reset();
    if (this.lostN === 0) this.lost.reset();
    return pts.length;
  }
}

/** SiteColumns → Site objects. */
export function siteList(cols: SiteColumns): Site[] {
  return Array.from({ length: cols.lon.length }, (_, p) => ({ lon: cols.lon[p]!, lat: cols.lat[p]!, reachKm: cols.reachKm[p]!, id: cols.ids?.[p] }));
}
