/**
 * Robust summaries of repeated measurements and a bootstrap for comparing two groups of runs.
 *
 * Quantiles are simple-statistics' (7.12): linear interpolation between order statistics at
 * position (n - 1) * p of the sorted sample, i.e. Hyndman & Fan type 7, the default of R's
 * `quantile()` and of numpy's `percentile()`. For [1, 2, 3, 4]: q1 = 1.75, median = 2.5,
 * q3 = 3.25.
 *
 * @module
 */
import { mean, median, medianAbsoluteDeviation, quantileSorted } from "simple-statistics";
import type { SeededRandom } from "./seeded_random.ts";

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

/** A ratio of medians with its bootstrap confidence interval. */
export interface RatioEstimate {
  /**
   * median(numerator) / median(denominator); `null` if a group is empty or the denominator's
   * median is 0.
   */
  ratio: number | null;
  /**
   * Lower end of the percentile interval; `null` when `ratio` is, or when no resample had a
   * usable ratio.
   */
  low: number | null;
  /** Upper end of the percentile interval; `null` as `low`. */
  high: number | null;
  /**
   * Resampled ratios the interval was computed from: the requested resamples minus those whose
   * resampled denominator median was 0; 0 when `ratio` is `null`.
   */
  resamples: number;
  /** Coverage of the interval, e.g. 0.95. */
  confidence: number;
}

/** Options of {@linkcode bootstrapRatioOfMedians}. */
export interface BootstrapRatioOfMediansOptions {
  /** The random source the resamples are drawn from; it is advanced. */
  random: SeededRandom;
  /** Bootstrap resamples, an integer >= 1. @default 2000 */
  resamples?: number;
  /** Coverage of the interval, in (0, 1). @default 0.95 */
  confidence?: number;
}

/**
 * Estimates median(numerator) / median(denominator) with a percentile bootstrap interval.
 *
 * Each resample draws both groups again with replacement, independently and at their own sizes,
 * and takes the ratio of their medians; the interval is the (1 - c) / 2 and (1 + c) / 2 type 7
 * quantiles of those ratios. Resamples whose denominator median is 0 have no ratio and are left
 * out (see {@linkcode RatioEstimate.resamples}).
 *
 * @example
 * ```ts
 * const random = createSeededRandom(1);
 * bootstrapRatioOfMedians([10, 10, 10], [5, 5, 5], { random });
 * // { ratio: 2, low: 2, high: 2, resamples: 2000, confidence: 0.95 }
 * ```
 *
 * @param numerator samples of the variant under test; not modified
 * @param denominator samples of the baseline; not modified
 * @throws {RangeError} if `resamples` is not an integer >= 1, `confidence` is not in (0, 1), or a
 * sample is not a finite number
 */
export function bootstrapRatioOfMedians(
  numerator: readonly number[],
  denominator: readonly number[],
  options: BootstrapRatioOfMediansOptions,
): RatioEstimate {
  const { random, resamples = 2000, confidence = 0.95 } = options;
  if (!Number.isSafeInteger(resamples) || resamples < 1) {
    throw new RangeError(
      `bootstrapRatioOfMedians: option resamples must be an integer >= 1, got ${String(resamples)}`,
    );
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(
      `bootstrapRatioOfMedians: option confidence must be > 0 and < 1, got ${String(confidence)}`,
    );
  }
  _validateFinite("bootstrapRatioOfMedians", "numerator", numerator);
  _validateFinite("bootstrapRatioOfMedians", "denominator", denominator);
  const none = { ratio: null, low: null, high: null, resamples: 0, confidence };
  if (numerator.length === 0 || denominator.length === 0) return none;
  const denominatorMedian = median(denominator);
  if (denominatorMedian === 0) return none;
  const ratio = median(numerator) / denominatorMedian;

  const ratios: number[] = [];
  const numeratorBuffer = new Array<number>(numerator.length);
  const denominatorBuffer = new Array<number>(denominator.length);
  for (let r = 0; r < resamples; r++) {
    const top = _resampledMedian(numerator, numeratorBuffer, random);
    const bottom = _resampledMedian(denominator, denominatorBuffer, random);
    if (bottom !== 0) ratios.push(top / bottom);
  }
  if (ratios.length === 0) return { ...none, ratio };
  ratios.sort(_ascending);
  return {
    ratio,
    low: quantileSorted(ratios, (1 - confidence) / 2),
    high: quantileSorted(ratios, (1 + confidence) / 2),
    resamples: ratios.length,
    confidence,
  };
}

/** Draws `samples.length` values with replacement into `buffer` and returns their median. */
function _resampledMedian(
  samples: readonly number[],
  buffer: number[],
  random: SeededRandom,
): number {
  const last = samples.length - 1;
  for (let i = 0; i <= last; i++) buffer[i] = samples[random.int(0, last)];
  buffer.sort(_ascending);
  return quantileSorted(buffer, 0.5);
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
