/**
 * Binary heaps on typed arrays for the planner's two priority queues:
 *   MinHeap    (key, value) pairs, smallest key first, growable; Dijkstra uses it with
 *              lazy deletion (push again on improvement, skip stale pops), which is
 *              simpler and in practice as fast as decrease-key.
 *   GainHeap   a fixed set of items 0..n−1 ordered by key DESCENDING, ties by the
 *              SMALLER item index first — the lazy-greedy (CELF) queue. The tie rule is
 *              what makes lazy greedy pick exactly what naive greedy picks (optimiser.ts).
 * Typed arrays, no objects per entry: millions of operations allocate nothing.
 */

export class MinHeap {
  private keys: Float64Array;
  private vals: Int32Array;
  size = 0;
  constructor(capacity = 1024) {
    this.keys = new Float64Array(Math.max(1, capacity));
    this.vals = new Int32Array(Math.max(1, capacity));
  }
  push(key: number, val: number): void {
    if (this.size === this.keys.length) {
      const k = new Float64Array(2 * this.size); k.set(this.keys); this.keys = k;
      const v = new Int32Array(2 * this.size); v.set(this.vals); this.vals = v;
    }
    const keys = this.keys, vals = this.vals;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p]! <= key) break;
      keys[i] = keys[p]!; vals[i] = vals[p]!;
      i = p;
    }
    keys[i] = key; vals[i] = val;
  }
  /** Key of the smallest entry (undefined behaviour when empty). */
  peekKey(): number { return this.keys[0]!; }
  peekVal(): number { return this.vals[0]!; }
  /** Remove the smallest entry. */
  pop(): void {
    const n = --this.size;
    if (n <= 0) return;
    const keys = this.keys, vals = this.vals;
    const key = keys[n]!, val = vals[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && keys[c + 1]! < keys[c]!) c++;
      if (keys[c]! >= key) break;
      keys[i] = keys[c]!; vals[i] = vals[c]!;
      i = c;
    }
    keys[i] = key; vals[i] = val;
  }
}

export class GainHeap {
  /** Heap array of item indices. */
  readonly heap: Int32Array;
  size: number;
  /** key[item]; the caller updates the top's key then calls siftDownTop(). */
  constructor(readonly key: Float64Array, items: ArrayLike<number>) {
    this.heap = Int32Array.from(items);
    this.size = this.heap.length;
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }
  /** a ranks above b. */
  private above(a: number, b: number): boolean {
    const ka = this.key[a]!, kb = this.key[b]!;
    return ka > kb || (ka === kb && a < b);
  }
  top(): number { return this.heap[0]!; }
  /** Remove the top item. */
  pop(): number {
    const t = this.heap[0]!;
    this.heap[0] = this.heap[--this.size]!;
    if (this.size > 0) this.siftDown(0);
    return t;
  }
  /** Restore the order after the top's key DEcreased. */
  siftDownTop(): void { this.siftDown(0); }
  private siftDown(i: number): void {
    const h = this.heap, n = this.size;
    const x = h[i]!;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.above(h[c + 1]!, h[c]!)) c++;
      if (!this.above(h[c]!, x)) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = x;
  }
}
