/** Helpers shared by benchmarks: timing and the one-line JSON report. */
export interface BenchLine {
  name: string;
  n: number;
  ms: number;
  baseline: string;
  baselineMs: number;
  /** baselineMs / ms unless given. */
  ratio?: number;
}

/** Median wall time of `runs` calls, in ms (after one warm-up call). */
export function timeMs(fn: () => unknown, runs = 3): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** Prints one JSON line; extra fields are notes (targets, extrapolation, counts). */
export function report(line: BenchLine & Record<string, unknown>): void {
  const ratio = line.ratio ?? line.baselineMs / line.ms;
  const round = (x: number): number => Math.round(x * 100) / 100;
  console.log(JSON.stringify({ ...line, ms: round(line.ms), baselineMs: round(line.baselineMs), ratio: round(ratio) }));
}
