/**
 * Small, pure statistics for the benchmarks: percentiles of a sample, and how well two samples
 * can be told apart (Mann–Whitney). Kept here, beside the tools' tests, rather than in bench/.
 */

export interface Summary {
  n: number;
  min: number;
  p10: number;
  p25: number;
  p50: number;
  p75: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/**
 * The `p`th percentile (0–100) of a sample sorted ascending, interpolating linearly between the
 * two nearest ranks (numpy's default, R's type 7): p0 is the minimum, p100 the maximum.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error("percentile of an empty sample");
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile out of range: ${p}`);
  const rank = (p / 100) * (sorted.length - 1);
  const below = Math.floor(rank);
  const lower = sorted[below] ?? 0;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)] ?? lower;
  return lower + (upper - lower) * (rank - below);
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => percentile(sorted, p);
  return {
    n: sorted.length,
    min: at(0),
    p10: at(10),
    p25: at(25),
    p50: at(50),
    p75: at(75),
    p90: at(90),
    p99: at(99),
    max: at(100),
    mean: sorted.reduce((total, value) => total + value, 0) / sorted.length,
  };
}

export interface Comparison {
  /**
   * The probability that a value drawn from `a` is greater than one drawn from `b`, ties counting
   * half (the Mann–Whitney U over n·m, the "AUC"): 0.5 when the two cannot be told apart.
   */
  auc: number;
  /** U's distance from n·m/2 in standard deviations (normal approximation, corrected for ties). */
  z: number;
  /** Two-sided p-value of "a and b come from the same distribution" for that z. */
  p: number;
}

/** Mann–Whitney U test of two samples, through the sum of `a`'s ranks (ties get the mean rank). */
export function compareSamples(a: readonly number[], b: readonly number[]): Comparison {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) throw new Error("comparison of an empty sample");
  const pooled = [...a.map((value) => ({ value, fromA: true })), ...b.map((value) => ({ value, fromA: false }))].sort(
    (x, y) => x.value - y.value,
  );
  let rankSumA = 0;
  let tieTerm = 0;
  // Walk runs of equal values: each member of a run gets the run's mean rank (ranks from 1).
  let runStart = 0;
  let fromAInRun = 0;
  pooled.forEach((entry, i) => {
    if (entry.fromA) fromAInRun += 1;
    if (pooled[i + 1]?.value === entry.value) return;
    const size = i - runStart + 1;
    rankSumA += fromAInRun * ((runStart + i) / 2 + 1);
    tieTerm += size ** 3 - size;
    runStart = i + 1;
    fromAInRun = 0;
  });
  const u = rankSumA - (n * (n + 1)) / 2;
  const total = n + m;
  const variance = ((n * m) / 12) * (total + 1 - tieTerm / (total * (total - 1) || 1));
  const z = variance > 0 ? (u - (n * m) / 2) / Math.sqrt(variance) : 0;
  return { auc: u / (n * m), z, p: Math.min(1, 2 * (1 - normalCdf(Math.abs(z)))) };
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 for erf; error below 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** How many values fall in each of `bins` equal slices of [from, to]; values outside go to the ends. */
export function histogram(samples: readonly number[], from: number, to: number, bins: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  const width = (to - from) / bins;
  for (const value of samples) {
    const bin = width > 0 ? Math.floor((value - from) / width) : 0;
    const index = Math.min(bins - 1, Math.max(0, bin));
    counts[index] = (counts[index] ?? 0) + 1;
  }
  return counts;
}
