/**
 * Optimiser: where would k new temporary bases cover the most demand? The maximal
 * covering location problem (MCLP, Church & ReVelle 1974) with existing presences fixed:
 *
 *   maximise f(S) = Σ weight of demand points within reach of an existing site or of a
 *   candidate in S, over candidate sets S with |S| ≤ k.
 *
 * Owns candidate coverage sets, the greedy solver (lazy and naive), its bounds, and the
 * exhaustive optimum used as the test oracle.
 *
 * Coverage rule: spatial.ts's (= withinRange.ts's): demand point i is covered by a site
 * at great-circle distance d when d ≤ reach + 1 mm — INCLUSIVE, exact (no polygons, no
 * degrees). Each candidate has its own reach (candidates.reachKm) or a uniform one.
 * Candidate coverage sets are precomputed once with the kdbush index as CSR:
 * items[offsets[c] .. offsets[c+1]) are the demand indices candidate c reaches.
 *
 * Greedy: repeatedly add the candidate with the largest marginal gain (weight of demand
 * it covers that nothing chosen or existing covers yet); ties go to the lower candidate
 * index. f − f(∅) is monotone submodular, so greedy achieves ≥ (1 − 1/e) ≈ 0.632 of the
 * optimum's gain (Nemhauser, Wolsey & Fisher 1978); 1 − (1 − 1/k)^k for a given k.
 * Lazy evaluation (CELF, Leskovec et al. 2007; Minoux 1978): marginal gains only shrink
 * as S grows, so a gain computed in an earlier round is an upper bound; keep candidates
 * in a max-heap keyed by their last computed gain, re-evaluate only the top, and pick it
 * once its gain is current. With the same tie rule it picks exactly what naive greedy
 * (re-evaluate everyone every round) picks (optimiser.test.ts checks it).
 *
 * Upper bounds on the optimum f(OPT) with k new bases, reported so the planner can say
 * "within x % of the best possible":
 *   total     Σ all demand weight;
 *   singletons f(∅) + Σ of the k largest single-candidate gains;
 *   greedy    f(∅) + (f(greedy) − f(∅)) / (1 − 1/e) (the guarantee read backwards);
 *   online    min over rounds t of f(S_t) + Σ of the k largest (upper bounds of) marginal
 *             gains at S_t (submodularity: OPT ⊆ S_t ∪ OPT); at t = 0 it is `singletons`;
 *             lazy keys are valid upper bounds, so it costs no extra evaluation;
 *   best      the smallest of these. If greedy stops because no candidate adds
 *             anything, it is optimal and best = its value.
 */
import type { AorGeometry } from '../analysis/aor.ts';
import { aorMembership } from '../analysis/aor.ts';
import type { Job } from '../analysis/job.ts';
import { runSync, subJob } from '../analysis/job.ts';
import { chord2OfKm } from '../analysis/withinRange.ts';
import { EARTH_RADIUS_KM } from '../domain/geo.ts';
import { GainHeap } from './heap.ts';
import type { SiteColumns } from './sites.ts';
import { DEFAULT_TOLERANCE_KM, DemandIndex, unitVector } from './spatial.ts';

const RAD = Math.PI / 180;
const ONE_MINUS_INV_E = 1 - 1 / Math.E;

/** CSR: demand indices covered by candidate c are items[offsets[c] .. offsets[c+1]) (order unspecified). */
export interface CoverageSets {
  offsets: Uint32Array;
  items: Uint32Array;
}

export interface CandidateColumns {
  lon: ArrayLike<number>;
  lat: ArrayLike<number>;
  /** Reach per candidate, km (else options.reachKm for all). */
  reachKm?: ArrayLike<number>;
  ids?: readonly string[];
}

export interface MclpBounds {
  total: number;
  singletons: number;
  greedy: number;
  online: number;
  best: number;
  /** best / total (null when the total is 0). */
  bestShare: number | null;
}

export interface GreedyStep {
  /** Candidate index. */
  candidate: number;
  /** Marginal gain: demand weight this base newly covers. */
  gain: number;
  /** Cumulative covered weight and share (existing presences included). */
  coveredWeight: number;
  share: number | null;
  /** Online upper bound on the optimum known before this pick. */
  bound: number;
  /** Gain evaluations spent in this round. */
  evaluations: number;
}

export interface GreedyResult {
  picks: number[];
  steps: GreedyStep[];
  totalWeight: number;
  /** Covered by the existing presences alone. */
  baseWeight: number;
  coveredWeight: number;
  share: number | null;
  bounds: MclpBounds;
  /** Per demand point: −2 covered by an existing presence, −1 uncovered, s ≥ 0 first covered by step s. */
  coveredBy: Int32Array;
  evaluations: number;
  lazy: boolean;
  /** True when greedy stopped before k picks because no candidate adds anything (then it is optimal). */
  stoppedEarly: boolean;
}

export interface GreedyOptions {
  /** Lazy (CELF) evaluation; false = naive greedy, re-evaluating every candidate every round. Default true. */
  lazy?: boolean;
}

/** Weights as finite ≥ 0 (negative or NaN → 0), so gains stay monotone and submodular. */
function cleanWeights(w: ArrayLike<number>): Float64Array {
  const out = new Float64Array(w.length);
  for (let i = 0; i < out.length; i++) { const x = w[i]!; out[i] = x > 0 && x < Infinity ? x : 0; }
  return out;
}

function gainOf(sets: CoverageSets, weight: Float64Array, covered: Uint8Array, c: number): number {
  const { offsets, items } = sets;
  let g = 0;
  for (let k = offsets[c]!, e = offsets[c + 1]!; k < e; k++) {
    const i = items[k]!;
    if (!covered[i]) g += weight[i]!;
  }
  return g;
}

/** Sum of the k largest values of a[0..n) (a is reordered). */
function topKSum(a: Float64Array, n: number, k: number): number {
  if (k >= n) { let s = 0; for (let i = 0; i < n; i++) s += a[i]!; return s; }
  // Quickselect so that a[0..k) hold the k largest.
  let lo = 0, hi = n - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i]! > pivot) i++;
      while (a[j]! < pivot) j--;
      if (i <= j) { const t = a[i]!; a[i] = a[j]!; a[j] = t; i++; j--; }
    }
    if (k - 1 <= j) hi = j; else if (k - 1 >= i) lo = i; else break;
  }
  let s = 0;
  for (let i = 0; i < k; i++) s += a[i]!;
  return s;
}

/** Greedy MCLP on precomputed coverage sets (synchronous). */
export function greedyMaxCover(sets: CoverageSets, weight: ArrayLike<number>, k: number, baseCovered: Uint8Array | null = null, options: GreedyOptions = {}): GreedyResult {
  return runSync(greedyJob(sets, weight, k, baseCovered, options));
}

export function* greedyJob(sets: CoverageSets, weightIn: ArrayLike<number>, k: number, baseCovered: Uint8Array | null = null, options: GreedyOptions = {}): Job<GreedyResult> {
  const lazy = options.lazy ?? true;
  const N = weightIn.length, C = sets.offsets.length - 1;
  if (baseCovered && baseCovered.length !== N) throw new Error('greedy: baseCovered and weight differ in length');
  const weight = cleanWeights(weightIn);
  const K = Math.max(0, Math.min(Math.floor(k), C));
  const covered = new Uint8Array(N);
  const coveredBy = new Int32Array(N).fill(-1);
  let total = 0, base = 0;
  for (let i = 0; i < N; i++) {
    total += weight[i]!;
    if (baseCovered && baseCovered[i]) { covered[i] = 1; coveredBy[i] = -2; base += weight[i]!; }
  }
  // Initial gains (= singleton gains given the existing presences).
  const gain = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    gain[c] = gainOf(sets, weight, covered, c);
    if ((c & 1023) === 1023) yield 0.3 * (c / C);
  }
  let evaluations = C;
  const scratch = new Float64Array(C);
  scratch.set(gain);
  const singletons = base + topKSum(scratch, C, K);
  let online = singletons;
  const picks: number[] = [];
  const steps: GreedyStep[] = [];
  let value = base;
  let stoppedEarly = false;
  const picked = new Uint8Array(C);
  const heap = lazy ? new GainHeap(gain, Array.from({ length: C }, (_, c) => c)) : null;
  const fresh = new Int32Array(C); // round in which gain[c] was last computed (lazy)

  for (let t = 0; t < K; t++) {
    let best = -1, evals = 0;
    if (heap) {
      // Online bound at S_t: every key is an upper bound of the current marginal gain.
      if (t > 0) {
        for (let j = 0; j < heap.size; j++) scratch[j] = gain[heap.heap[j]!]!;
        online = Math.min(online, value + topKSum(scratch, heap.size, K));
      }
      for (;;) {
        const c = heap.top();
        if (fresh[c] === t) { best = c; heap.pop(); break; }
        gain[c] = gainOf(sets, weight, covered, c);
        fresh[c] = t;
        evals++;
        heap.siftDownTop();
        if ((evals & 255) === 255) yield 0.3 + 0.7 * (t / K);
      }
    } else {
      let n = 0;
      for (let c = 0; c < C; c++) {
        if (picked[c]) continue;
        const g = t === 0 ? gain[c]! : gainOf(sets, weight, covered, c);
        if (t > 0) evals++;
        gain[c] = g;
        scratch[n++] = g;
        if (best < 0 || g > gain[best]!) best = c;
        if ((c & 1023) === 1023) yield 0.3 + 0.7 * ((t + c / C) / K);
      }
      if (t > 0) online = Math.min(online, value + topKSum(scratch, n, K));
    }
    evaluations += evals;
    const g = gain[best]!;
    if (!(g > 0)) { stoppedEarly = true; break; }
    picked[best] = 1;
    picks.push(best);
    const { offsets, items } = sets;
    for (let q = offsets[best]!, e = offsets[best + 1]!; q < e; q++) {
      const i = items[q]!;
      if (!covered[i]) { covered[i] = 1; coveredBy[i] = t; }
    }
    value += g;
    steps.push({ candidate: best, gain: g, coveredWeight: value, share: total > 0 ? value / total : null, bound: Math.min(online, total), evaluations: evals + (t === 0 ? C : 0) });
    yield 0.3 + 0.7 * ((t + 1) / K);
  }
  // Bound at the final state (all remaining keys are upper bounds of current gains).
  if (!stoppedEarly && picks.length === K && K > 0) {
    let n = 0;
    if (heap) for (let j = 0; j < heap.size; j++) scratch[n++] = gain[heap.heap[j]!]!;
    else for (let c = 0; c < C; c++) if (!picked[c]) scratch[n++] = gainOf(sets, weight, covered, c);
    if (!heap) evaluations += n;
    online = Math.min(online, value + topKSum(scratch, n, K));
  }
  // Greedy is optimal when it stopped for lack of gain, or when it took every candidate.
  const optimal = stoppedEarly || K === 0 || picks.length === C;
  const greedyBound = optimal ? value : base + (value - base) / ONE_MINUS_INV_E;
  let best = Math.min(total, online, greedyBound);
  if (optimal) best = value;
  best = Math.max(best, value);
  return {
    picks, steps, totalWeight: total, baseWeight: base, coveredWeight: value, share: total > 0 ? value / total : null,
    bounds: { total, singletons: Math.min(singletons, total), greedy: Math.min(greedyBound, total), online: Math.min(online, total), best, bestShare: total > 0 ? best / total : null },
    coveredBy, evaluations, lazy, stoppedEarly,
  };
}

/** f(S): weight covered by the base or by any of the picks (canonical: summed in index order). */
export function coverageValue(sets: CoverageSets, weight: ArrayLike<number>, picks: readonly number[], baseCovered: Uint8Array | null = null): number {
  const N = weight.length;
  const cov = baseCovered ? Uint8Array.from(baseCovered) : new Uint8Array(N);
  for (const c of picks) for (let q = sets.offsets[c]!; q < sets.offsets[c + 1]!; q++) cov[sets.items[q]!] = 1;
  let v = 0;
  for (let i = 0; i < N; i++) { const w = weight[i]!; if (cov[i] && Number.isFinite(w) && w > 0) v += w; }
  return v;
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

export interface ExactResult {
  /** Candidate indices, ascending (the first best subset in lexicographic order). */
  picks: number[];
  /** f(picks), canonical sum. */
  value: number;
  subsets: number;
}

/**
 * The optimum by exhaustive enumeration of all subsets of size min(k, C) (with
 * non-negative weights a larger set is never worse). For small instances: the test
 * oracle (≤ 30 candidates, k ≤ 3 is 4,060 subsets). Refuses more than maxSubsets.
 */
export function exactOptimum(sets: CoverageSets, weightIn: ArrayLike<number>, k: number, baseCovered: Uint8Array | null = null, maxSubsets = 5_000_000): ExactResult {
  const C = sets.offsets.length - 1, N = weightIn.length;
  const K = Math.max(0, Math.min(Math.floor(k), C));
  const subsets = binomial(C, K);
  if (subsets > maxSubsets) throw new Error(`exactOptimum: ${subsets} subsets exceed the limit of ${maxSubsets}`);
  const weight = cleanWeights(weightIn);
  const cnt = new Int32Array(N);
  let base = 0;
  if (baseCovered) for (let i = 0; i < N; i++) if (baseCovered[i]) { cnt[i] = 1; base += weight[i]!; }
  const { offsets, items } = sets;
  const cur: number[] = [];
  let bestVal = -Infinity, bestPicks: number[] = [];
  let val = base;
  const visit = (start: number): void => {
    if (cur.length === K) {
      // Ties within rounding: keep the first (lexicographically smallest) subset.
      if (val > bestVal * (1 + 1e-12) + 1e-300 || bestVal === -Infinity) { bestVal = val; bestPicks = cur.slice(); }
      return;
    }
    for (let c = start; c <= C - (K - cur.length); c++) {
      let add = 0;
      for (let q = offsets[c]!; q < offsets[c + 1]!; q++) { const i = items[q]!; if (cnt[i]!++ === 0) add += weight[i]!; }
      cur.push(c); val += add;
      visit(c + 1);
      cur.pop(); val -= add;
      for (let q = offsets[c]!; q < offsets[c + 1]!; q++) cnt[items[q]!]!--;
    }
  };
  visit(0);
  return { picks: bestPicks, value: coverageValue(sets, weight, bestPicks, baseCovered), subsets };
}

/** Coverage sets of candidates over indexed demand (CSR), with per-candidate or uniform reach. */
export function* coverageSetsJob(index: DemandIndex, candidates: CandidateColumns, reachKm?: number, toleranceKm = DEFAULT_TOLERANCE_KM): Job<CoverageSets> {
  const C = candidates.lon.length;
  if (candidates.lat.length !== C) throw new Error('coverageSets: candidate lon and lat differ in length');
  if (!candidates.reachKm && reachKm === undefined) throw new Error('coverageSets: give candidates.reachKm or options.reachKm');
  const offsets = new Uint32Array(C + 1);
  let items = new Uint32Array(Math.max(1024, 64 * C));
  let n = 0;
  const q = new Float64Array(3);
  for (let c = 0; c < C; c++) {
    const r = candidates.reachKm ? candidates.reachKm[c]! : reachKm!;
    const lon = candidates.lon[c]!, lat = candidates.lat[c]!;
    if (r > 0 && unitVector(lon, lat, q, 0)) {
      const pts = index.queryUnit(q[0]!, q[1]!, q[2]!, lon, lat, chord2OfKm(r + toleranceKm));
      if (n + pts.length > items.length) {
        const b = new Uint32Array(Math.max(2 * items.length, n + pts.length)); b.set(items.subarray(0, n)); items = b;
      }
      // Kept in the index's (deterministic) order: sorting costs ~30 % of this phase and
      // did not make gain evaluation measurably faster.
      items.set(pts, n);
      n += pts.length;
    }
    offsets[c + 1] = n;
    if ((c & 63) === 63) yield c / C;
  }
  return { offsets, items: items.slice(0, n) };
}

export function coverageSets(index: DemandIndex, candidates: CandidateColumns, reachKm?: number, toleranceKm = DEFAULT_TOLERANCE_KM): CoverageSets {
  return runSync(coverageSetsJob(index, candidates, reachKm, toleranceKm));
}

/** Demand points reached by at least one existing site. */
export function coveredByExisting(index: DemandIndex, existing: SiteColumns, toleranceKm = DEFAULT_TOLERANCE_KM): Uint8Array {
  const mask = new Uint8Array(index.n);
  for (let p = 0; p < existing.lon.length; p++) {
    const pts = index.query(existing.lon[p]!, existing.lat[p]!, existing.reachKm[p]!, toleranceKm);
    for (let k = 0; k < pts.length; k++) mask[pts[k]!] = 1;
  }
  return mask;
}

export interface MclpInput {
  demand: { lon: ArrayLike<number>; lat: ArrayLike<number>; weight: ArrayLike<number> };
  candidates: CandidateColumns;
  /** Existing presences (fixed), with their reach in the chosen mode (sites.ts sitesForMode). */
  existing?: SiteColumns;
  /** Number of new bases. */
  k: number;
}

export interface MclpOptions extends GreedyOptions {
  /** Uniform candidate reach, km, when candidates.reachKm is absent. */
  reachKm?: number;
  /** Added to every reach, km (default 1e-6 = 1 mm, as withinRange.ts). */
  toleranceKm?: number;
  /** Also return the candidate coverage sets (CSR; large: Σ covered points per candidate). */
  keepSets?: boolean;
}

export interface MclpPick extends GreedyStep {
  lon: number;
  lat: number;
  reachKm: number;
  id?: string;
}

export interface MclpResult extends Omit<GreedyResult, 'steps'> {
  steps: MclpPick[];
  candidateCount: number;
  /** Σ coverage-set sizes (the CSR's length). */
  pairs: number;
  sets?: CoverageSets;
  timings: { indexMs: number; setsMs: number; greedyMs: number };
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

export function optimise(input: MclpInput, options: MclpOptions = {}): MclpResult {
  return runSync(optimiseJob(input, options));
}

export function* optimiseJob(input: MclpInput, options: MclpOptions = {}): Job<MclpResult> {
  const { demand, candidates } = input;
  const tol = options.toleranceKm ?? DEFAULT_TOLERANCE_KM;
  const t0 = now();
  const index = new DemandIndex(demand.lon, demand.lat);
  const base = input.existing ? coveredByExisting(index, input.existing, tol) : null;
  yield 0.05;
  const t1 = now();
  const sets = yield* subJob(coverageSetsJob(index, candidates, options.reachKm, tol), 0.05, 0.75);
  const t2 = now();
  const g = yield* subJob(greedyJob(sets, demand.weight, input.k, base, options), 0.75, 1);
  const t3 = now();
  const steps: MclpPick[] = g.steps.map((s) => ({
    ...s, lon: candidates.lon[s.candidate]!, lat: candidates.lat[s.candidate]!,
    reachKm: candidates.reachKm ? candidates.reachKm[s.candidate]! : options.reachKm!, id: candidates.ids?.[s.candidate],
  }));
  return {
    ...g, steps, candidateCount: candidates.lon.length, pairs: sets.items.length,
    sets: options.keepSets ? sets : undefined,
    timings: { indexMs: t1 - t0, setsMs: t2 - t1, greedyMs: t3 - t2 },
  };
}

export interface GridArea {
  west: number;
  south: number;
  east: number;
  north: number;
}

/**
 * Candidate sites on a regular grid over an area, spacingKm apart on the ground (rows
 * spacingKm apart in latitude, points spacingKm apart along each row), optionally kept
 * only inside polygons (user-drawn areas, AORs; aor.ts rule). An area with east < west
 * crosses the antimeridian.
 */
export function gridCandidates(area: GridArea, spacingKm: number, polygons?: readonly AorGeometry[], maxCandidates = 200_000): { lon: Float64Array; lat: Float64Array } {
  if (!(spacingKm > 0)) throw new Error('gridCandidates: spacingKm must be > 0');
  const kmPerDeg = EARTH_RADIUS_KM * RAD;
  const east = area.east < area.west ? area.east + 360 : area.east;
  const dLat = spacingKm / kmPerDeg;
  const lon: number[] = [], lat: number[] = [];
  const rows = Math.floor((area.north - area.south) / dLat) + 1;
  const lat0 = (area.south + area.north) / 2 - ((rows - 1) * dLat) / 2;
  for (let r = 0; r < rows; r++) {
    const la = lat0 + r * dLat;
    const cos = Math.cos(la * RAD);
    const dLon = cos > 1e-9 ? spacingKm / (kmPerDeg * cos) : 360;
    const cols = Math.floor((east - area.west) / dLon) + 1;
    const lon0 = (area.west + east) / 2 - ((cols - 1) * dLon) / 2;
    for (let c = 0; c < cols; c++) {
      let lo = lon0 + c * dLon;
      if (lo >= 180) lo -= 360;
      lon.push(lo); lat.push(la);
      if (lon.length > maxCandidates) throw new Error(`gridCandidates: more than ${maxCandidates} candidates; use a larger spacing`);
    }
  }
  let out = { lon: Float64Array.from(lon), lat: Float64Array.from(lat) };
  if (polygons && polygons.length) {
    const a = aorMembership(out, polygons);
    const keep: number[] = [];
    for (let i = 0; i < a.length; i++) if (a[i]! >= 0) keep.push(i);
    out = { lon: Float64Array.from(keep, (i) => out.lon[i]!), lat: Float64Array.from(keep, (i) => out.lat[i]!) };
  }
  return out;
}
