/**
 * The Wilcoxon rank-sum (Mann-Whitney U) test of two independent samples, with its exact null
 * distribution, and the Hodges-Lehmann estimate of the shift with the matching exact confidence
 * interval.
 *
 * Ties get mid-ranks and the p-value is the exact one conditional on them (doubled mid-ranks keep
 * every sum an integer). Above {@linkcode EXACT_LIMIT} samples in all, the normal approximation
 * with tie correction and continuity correction is used instead (R's choice for large samples).
 *
 * @module
 */
import {
  assignMidRanks,
  fixedSizeSubsetDistribution,
  twoSidedPValue,
} from "./_rank_distribution.ts";
import { errorFunction, probit } from "simple-statistics";

/** Samples in all up to which p-values and intervals are exact. */
export const EXACT_LIMIT = 120;

/** The outcome of {@linkcode rankSumTest}. */
export interface RankSumResult {
  /** Size of `x`. */
  m: number;
  /** Size of `y`. */
  n: number;
  /** Mann-Whitney U of `x`: its rank sum minus m(m + 1) / 2 (R's `W`). */
  statistic: number;
  /** Two-sided p-value: exact up to {@linkcode EXACT_LIMIT} samples, else normal approximation. */
  pValue: number;
  /** The smallest two-sided p-value samples of these sizes could give (no overlap). */
  smallestPValue: number;
  /** Hodges-Lehmann shift: the median of every difference x_i - y_j. */
  estimate: number;
  /** Lower end of the interval: one of the differences. */
  low: number;
  /** Upper end of the interval: one of the differences. */
  high: number;
  /**
   * Coverage the interval really has: the requested one or just above it; below it only when
   * the samples are too small to reach it (then [min, max] of the differences).
   */
  confidence: number;
}

/** Options of {@linkcode rankSumTest}. */
export interface RankSumTestOptions {
  /** Requested coverage of the interval, in (0, 1). @default 0.95 */
  confidence?: number;
}

/**
 * Tests whether `x` and `y` come from one distribution, against a shift of one of them, and
 * estimates the shift x - y.
 *
 * @example
 * ```ts
 * // R's wilcox.test(x, y) example (Hollander & Wolfe, permeability constants)
 * rankSumTest([0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46],
 *   [1.15, 0.88, 0.9, 0.74, 1.21]); // statistic 35, pValue 0.2544, estimate 0.305
 * ```
 *
 * @param x finite numbers, at least one; not modified
 * @param y finite numbers, at least one; not modified
 * @throws {RangeError} if a sample is empty or not finite, or `confidence` is not in (0, 1)
 */
export function rankSumTest(
  x: readonly number[],
  y: readonly number[],
  options: RankSumTestOptions = {},
): RankSumResult {
  const { confidence = 0.95 } = options;
  _validate("x", x);
  _validate("y", y);
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(
      `rankSumTest: option confidence must be > 0 and < 1, got ${String(confidence)}`,
    );
  }
  const m = x.length;
  const n = y.length;
  const ranks = assignMidRanks([...x, ...y]);
  const rankSumX = ranks.slice(0, m).reduce((sum, rank) => sum + rank, 0);
  const statistic = rankSumX - (m * (m + 1)) / 2;
  const exact = m + n <= EXACT_LIMIT;
  const pValue = exact
    ? twoSidedPValue(
      fixedSizeSubsetDistribution(ranks.map((rank) => rank * 2), m),
      rankSumX * 2,
    )
    : _normalPValue(statistic, m, n, ranks);
  const differences: number[] = [];
  for (const a of x) for (const b of y) differences.push(a - b);
  differences.sort((a, b) => a - b);
  const count = differences.length;
  const middle = (count - 1) / 2;
  const k = exact ? _exactK(m, n, confidence) : _normalK(m, n, confidence);
  return {
    m,
    n,
    statistic,
    pValue,
    smallestPValue: Math.min(1, 2 / _binomial(m + n, m)),
    estimate: (differences[Math.floor(middle)] + differences[Math.ceil(middle)]) / 2,
    low: differences[k.k - 1],
    high: differences[count - k.k],
    confidence: k.achieved,
  };
}

/**
 * Moses' interval: the k-th smallest and k-th largest differences, k the largest with
 * P(U <= k - 1) <= (1 - confidence) / 2 under the no-ties null.
 */
function _exactK(m: number, n: number, confidence: number): { k: number; achieved: number } {
  const ranks = Array.from({ length: m + n }, (_, i) => i + 1);
  // Rank sums run from m(m + 1) / 2 up; U = rank sum - m(m + 1) / 2.
  const offset = (m * (m + 1)) / 2;
  const distribution = fixedSizeSubsetDistribution(ranks, m);
  const tail = (1 - confidence) / 2;
  let k = 1;
  let below = distribution[offset]; // P(U <= k - 1)
  while (k < m * n && below + distribution[offset + k] <= tail) {
    below += distribution[offset + k];
    k++;
  }
  return { k, achieved: 1 - 2 * below };
}

function _normalK(m: number, n: number, confidence: number): { k: number; achieved: number } {
  const z = probit((1 + confidence) / 2);
  const k = Math.max(1, Math.floor(m * n / 2 - z * Math.sqrt((m * n * (m + n + 1)) / 12)));
  return { k, achieved: confidence };
}

function _normalPValue(statistic: number, m: number, n: number, ranks: number[]): number {
  const N = m + n;
  const tieCounts = new Map<number, number>();
  for (const rank of ranks) tieCounts.set(rank, (tieCounts.get(rank) ?? 0) + 1);
  let tieTerm = 0;
  for (const t of tieCounts.values()) tieTerm += t ** 3 - t;
  const variance = (m * n / 12) * ((N + 1) - tieTerm / (N * (N - 1)));
  if (variance === 0) return 1;
  const deviation = statistic - (m * n) / 2;
  const z = (Math.abs(deviation) - 0.5) / Math.sqrt(variance);
  // 2 x (1 - Phi(z)) = 1 - erf(z / sqrt 2)
  return Math.min(1, 1 - errorFunction(Math.max(0, z) / Math.SQRT2));
}

function _binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}

function _validate(name: string, samples: readonly number[]): void {
  if (samples.length === 0) {
    throw new RangeError(`rankSumTest: ${name} must hold at least one number, got none`);
  }
  const index = samples.findIndex((value) => !Number.isFinite(value));
  if (index !== -1) {
    throw new RangeError(
      `rankSumTest: ${name}[${index}] must be a finite number, got ${String(samples[index])}`,
    );
  }
}
