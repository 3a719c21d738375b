/**
 * Robust summaries of repeated measurements. Comparisons of two groups of runs are in
 * `compare_samples.ts` (rank tests with exact intervals).
 *
 * Quantiles are simple-statistics' (7.12): linear interpolation between order statistics at
 * position (n - 1) * p of the sorted sample, i.e. Hyndman & Fan type 7, the default of R's
 * `quantile()` and of numpy's `percentile()`. For [1, 2, 3, 4]: q1 = 1.75, median = 2.5,
 * q3 = 3.25.
 *
 * @module
 */
import { mean, medianAbsoluteDeviation, quantileSorted } from "simple-statistics";

/** Robust description of one metric's samples; every figure is `null` when there are none. */
export interface SampleSummary {
  /** Number of samples. */
  n: number;
  median: number | null;
  /** First quartile (type 7 quantile at 0.25). */
  q1: number | null;
  /** Third quartile (type 7 quantile at 0.75). */
  q3: number | null;
  /** q3 - q1. */
  iqr: number | null;
  /** Median absolute deviation from the median, unscaled (no 1.4826 factor). */
  mad: number | null;
  min: number | null;
  max: number | null;
  mean: number | null;
  /**
   * Indices into the input of samples outside Tukey's fences (below q1 - 1.5 IQR or above
   * q3 + 1.5 IQR), ascending. Flagged only: every figure above includes them.
   */
  outlierIndices: number[];
}

/**
 * Describes a sample with median, quartiles, IQR, MAD, range, mean and Tukey outliers.
 *
 * Quartiles use simple-statistics' type 7 definition (see the module doc).
 *
 * @example
 * ```ts
 * describeSamples([100, 3, 1, 4, 2]);
 * // { n: 5, median: 3, q1: 2, q3: 4, iqr: 2, mad: 1, min: 1, max: 100, mean: 22,
 * //   outlierIndices: [0] }
 * ```
 *
 * @param samples finite numbers, in any order; not modified
 * @throws {RangeError} if a sample is not a finite number
 */
export function describeSamples(samples: readonly number[]): SampleSummary {
  _validateFinite("describeSamples", "samples", samples);
  const n = samples.length;
  if (n === 0) {
    return {
      n: 0,
      median: null,
      q1: null,
      q3: null,
      iqr: null,
      mad: null,
      min: null,
      max: null,
      mean: null,
      outlierIndices: [],
    };
  }
  const sorted = _sortedCopy(samples);
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  const iqr = q3 - q1;
  const lowFence = q1 - 1.5 * iqr;
  const highFence = q3 + 1.5 * iqr;
  const outlierIndices: number[] = [];
  samples.forEach((value, index) => {
    if (value < lowFence || value > highFence) outlierIndices.push(index);
  });
  return {
    n,
    median: quantileSorted(sorted, 0.5),
    q1,
    q3,
    iqr,
    mad: medianAbsoluteDeviation(samples),
    min: sorted[0],
    max: sorted[n - 1],
    mean: mean(samples),
    outlierIndices,
  };
}

function _validateFinite(operation: string, name: string, samples: readonly number[]): void {
  const index = samples.findIndex((value) => !Number.isFinite(value));
  if (index !== -1) {
    throw new RangeError(
      `${operation}: ${name}[${index}] must be a finite number, got ${String(samples[index])}`,
    );
  }
}

function _sortedCopy(samples: readonly number[]): number[] {
  return [...samples].sort(_ascending);
}

function _ascending(a: number, b: number): number {
  return a - b;
}
