/**
 * Seeded pseudo-random numbers for the exercise scenario generator: an sfc32 generator
 * seeded through splitmix32, with the few distributions the generator needs (uniform,
 * normal, gamma, Poisson, negative binomial, weighted choice).
 *
 * Owns reproducibility: the same seed and stream label give the same sequence on every
 * platform (only integer arithmetic and V8's deterministic Math functions are used).
 * Independent named streams (`rngStream(seed, 'roads')`) keep one part of the scenario
 * stable when another part draws more or fewer numbers.
 */

/** FNV-1a over the label, so a stream name becomes a 32-bit salt. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, label = '') {
    // Mix the label into the seed so streams with different labels are unrelated.
    const init = splitmix32((Math.trunc(seed) ^ hashLabel(label)) >>> 0);
    this.a = init();
    this.b = init();
    this.c = init();
    this.d = init();
    // sfc32 needs a few rounds before its output is well mixed.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform integer in [lo, hi] (both inclusive). */
  intBetween(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  bool(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (Box–Muller; no cached second value, so the stream has no hidden state). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next(); // (0, 1]: log is finite
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Gamma(shape, scale 1), Marsaglia–Tsang. */
  gamma(shape: number): number {
    if (shape <= 0) return 0;
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(1 - this.next(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = this.normal();
      const v0 = 1 + c * x;
      if (v0 <= 0) continue;
      const v = v0 * v0 * v0;
      const u = 1 - this.next();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /**
   * Poisson(mean). Exact (Knuth) below 30; above, the rounded normal approximation,
   * whose error is far below anything a scenario reader could notice.
   */
  poisson(mean: number): number {
    if (!(mean > 0)) return 0;
    if (mean < 30) {
      const limit = Math.exp(-mean);
      let k = 0;
      let p = this.next();
      while (p > limit) {
        k++;
        p *= this.next();
      }
      return k;
    }
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
  }

  /** Negative binomial as a gamma–Poisson mixture: mean `mean`, dispersion `k` (smaller = heavier tail). */
  negBinomial(mean: number, k: number): number {
    if (!(mean > 0)) return 0;
    return this.poisson((this.gamma(k) * mean) / k);
  }

  /** Index drawn with probability proportional to weights[i] (weights ≥ 0, not all 0). */
  weighted(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i]!;
    if (!(total > 0)) throw new Error('weighted choice: all weights are zero');
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    // Floating-point remainder: the last index with a positive weight.
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i]! > 0) return i;
    return weights.length - 1;
  }

  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('choice from an empty list');
    return items[this.int(items.length)]!;
  }
}

/** An independent stream for one part of the scenario. */
export function rngStream(seed: number, label: string): Rng {
  return new Rng(seed, label);
}

/**
 * Sampler over a fixed discrete distribution (cumulative weights + binary search), for
 * drawing thousands of values from the same weights (days of a period, settlements).
 */
export class DiscreteSampler {
  private readonly cdf: Float64Array;

  constructor(weights: ArrayLike<number>) {
    this.cdf = new Float64Array(weights.length);
    let acc = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i]!;
      if (!(w >= 0)) throw new Error(`discrete sampler: weight ${i} is ${w}`);
      acc += w;
      this.cdf[i] = acc;
    }
    if (!(acc > 0)) throw new Error('discrete sampler: all weights are zero');
  }

  get total(): number {
    return this.cdf[this.cdf.length - 1]!;
  }

  sample(rng: Rng): number {
    const r = rng.next() * this.total;
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cdf[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
