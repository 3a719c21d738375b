/**
 * One figure of one cell, a variant against its reference: the rank test fit for the design
 * (paired rounds or independent benches), on log values, with the ratio and its interval.
 *
 * Why log values: timings and memory vary multiplicatively (a loaded machine makes everything
 * some percent slower), so differences of logs are ratios, and a ratio reads as "x% longer".
 * The ratio shown is the Hodges-Lehmann estimate back on the ratio scale: for paired rounds the
 * pseudo-median of the per-round ratios, for independent samples the median of all cross ratios.
 *
 * @module
 */
import { rankSumTest } from "./rank_sum_test.ts";
import { signedRankTest } from "./signed_rank_test.ts";

/** How the two samples relate. */
export type ComparisonDesign = "paired" | "independent";

/** Why a comparison has no test, or that it has one. */
export type SampleComparisonStatus =
  /** Tested: `pValue`, `ratio` and the interval are set. */
  | "tested"
  /** Fewer than `minSamples` on a side (or pairs): no interval and no verdict. */
  | "too-few-runs"
  /** A side has no samples at all. */
  | "no-data"
  /** A value is 0 or negative, so there is no ratio (e.g. 0 duplicates). */
  | "not-positive";

/** The outcome of {@linkcode compareSamples}. */
export interface SampleComparison {
  design: ComparisonDesign;
  status: SampleComparisonStatus;
  /** Samples of the variant (paired: complete pairs). */
  nVariant: number;
  /** Samples of the reference (paired: complete pairs). */
  nBaseline: number;
  /** Runs each short side needs to reach `minSamples`; 0 unless `too-few-runs`. */
  runsToAdd: number;
  /** Hodges-Lehmann ratio variant / reference; `null` unless tested. */
  ratio: number | null;
  /** Lower end of the interval; `null` unless tested. */
  low: number | null;
  /** Upper end of the interval; `null` unless tested. */
  high: number | null;
  /** Coverage the interval really has (see the tests); the requested one when there is none. */
  confidence: number;
  /** Two-sided p-value of the rank test; `null` unless tested. */
  pValue: number | null;
  /** The smallest p-value samples of these sizes could give; `null` unless tested. */
  smallestPValue: number | null;
  /** `"signed-rank"` (paired) or `"rank-sum"` (independent); `null` unless tested. */
  test: "signed-rank" | "rank-sum" | null;
}

/** Options of {@linkcode compareSamples}. */
export interface CompareSamplesOptions {
  /**
   * `paired`: `variant[i]` and `baseline[i]` ran in the same round (same seed, next to each
   * other); both arrays have the same length. `independent`: two unrelated samples.
   */
  design: ComparisonDesign;
  /** Fewest samples per side (or pairs) for a test and an interval, an integer >= 1. @default 5 */
  minSamples?: number;
  /** Requested coverage of the interval, in (0, 1). @default 0.95 */
  confidence?: number;
}

/**
 * Compares `variant` with `baseline` by a rank test on log values: Wilcoxon's signed-rank test
 * of the per-round log ratios when paired, the rank-sum (Mann-Whitney) test when independent.
 *
 * @example
 * ```ts
 * compareSamples([110, 121, 99, 132, 118, 125], [100, 110, 90, 120, 107, 114], {
 *   design: "paired",
 * }); // ratio about 1.10, pValue 0.03125 (every round slower)
 * ```
 *
 * @param variant the variant's samples; not modified
 * @param baseline the reference's samples; not modified
 * @throws {RangeError} for paired samples of different lengths, a sample that is not finite,
 * `minSamples` not an integer >= 1, or `confidence` not in (0, 1)
 */
export function compareSamples(
  variant: readonly number[],
  baseline: readonly number[],
  options: CompareSamplesOptions,
): SampleComparison {
  const { design, minSamples = 5, confidence = 0.95 } = options;
  _validate(variant, baseline, options);
  const untested = {
    design,
    nVariant: variant.length,
    nBaseline: baseline.length,
    runsToAdd: 0,
    ratio: null,
    low: null,
    high: null,
    confidence,
    pValue: null,
    smallestPValue: null,
    test: null,
  };
  if (variant.length === 0 || baseline.length === 0) return { ...untested, status: "no-data" };
  const fewest = Math.min(variant.length, baseline.length);
  if (fewest < minSamples) {
    return { ...untested, status: "too-few-runs", runsToAdd: minSamples - fewest };
  }
  if ([...variant, ...baseline].some((value) => value <= 0)) {
    return { ...untested, status: "not-positive" };
  }
  const logVariant = variant.map(Math.log);
  const logBaseline = baseline.map(Math.log);
  const result = design === "paired"
    ? signedRankTest(logVariant.map((value, i) => value - logBaseline[i]), { confidence })
    : rankSumTest(logVariant, logBaseline, { confidence });
  return {
    ...untested,
    status: "tested",
    ratio: Math.exp(result.estimate),
    low: Math.exp(result.low),
    high: Math.exp(result.high),
    confidence: result.confidence,
    pValue: result.pValue,
    smallestPValue: result.smallestPValue,
    test: design === "paired" ? "signed-rank" : "rank-sum",
  };
}

function _validate(
  variant: readonly number[],
  baseline: readonly number[],
  options: CompareSamplesOptions,
): void {
  const { design, minSamples = 5, confidence = 0.95 } = options;
  if (design === "paired" && variant.length !== baseline.length) {
    throw new RangeError(
      `compareSamples: paired samples must have the same length, got ${variant.length} and ${baseline.length}`,
    );
  }
  if (!Number.isSafeInteger(minSamples) || minSamples < 1) {
    throw new RangeError(
      `compareSamples: option minSamples must be an integer >= 1, got ${String(minSamples)}`,
    );
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(
      `compareSamples: option confidence must be > 0 and < 1, got ${String(confidence)}`,
    );
  }
  for (const [name, samples] of [["variant", variant], ["baseline", baseline]] as const) {
    const index = samples.findIndex((value) => !Number.isFinite(value));
    if (index !== -1) {
      throw new RangeError(
        `compareSamples: ${name}[${index}] must be a finite number, got ${String(samples[index])}`,
      );
    }
  }
}
