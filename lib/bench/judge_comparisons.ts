/**
 * From tested comparisons to verdicts: false discoveries controlled across the family
 * (Benjamini-Hochberg), then a change reported only when it also exceeds the noise threshold.
 *
 * @module
 */
import type { SampleComparison } from "./compare_samples.ts";
import { adjustBenjaminiHochberg } from "./false_discovery.ts";
import { METRICS } from "./metrics.ts";
import { type NoiseSource, noiseThreshold } from "./noise_calibration.ts";

/** What a comparison concluded. */
export type VerdictKind =
  /** Significant after the false-discovery control, and above the noise threshold. */
  | "higher"
  | "lower"
  /** Significant, but the change is within the noise threshold. */
  | "within-noise"
  /**
   * A time against another bench: significant and beyond noise, but no larger than the
   * machine's own change of speed between the two benches explains.
   */
  | "within-drift"
  /** Not significant after the false-discovery control. */
  | "not-significant"
  /** Enough runs for a test, too few for any p-value below the false discovery rate. */
  | "cannot-show"
  /** Below the minimum sample count: no interval and no verdict. */
  | "too-few-runs"
  /** A side has no samples. */
  | "no-data"
  /** A value is 0 or negative: no ratio. */
  | "not-positive";

/** The verdict fields added to a comparison by {@linkcode judgeComparisons}. */
export interface Judgement {
  /** Benjamini-Hochberg adjusted p-value over the tested comparisons of the family. */
  qValue: number | null;
  /** Relative change that counts as noise for this figure and cell, e.g. 0.07. */
  threshold: number;
  /** Whether the threshold is the calibrated spread or the floor. */
  thresholdFrom: "calibration" | "floor";
  verdict: VerdictKind;
  /**
   * For times judged against another bench: the machine's speed factor allowed for in the
   * direction of the change (this bench's speed probe over the baseline's, e.g. 1.3 when it ran
   * 1.3x slower); else `null`.
   */
  drift: number | null;
  /** `"higher"` / `"lower"` when reported as changed, else `null`. */
  change: "higher" | "lower" | null;
}

/** What {@linkcode judgeComparisons} needs of a comparison. */
export interface Judgeable {
  hosts: number;
  msgs: number;
  /** A `METRICS` key. */
  metric: string;
  test: SampleComparison;
}

/** Options of {@linkcode judgeComparisons}. */
export interface JudgeComparisonsOptions {
  /** The false discovery rate q, in (0, 1). @default 0.05 */
  falseDiscoveryRate?: number;
  /** Where the noise thresholds come from. @default { floor: 0.02 } */
  noise?: NoiseSource;
  /**
   * Two benches' comparison only: how much slower the machine was during this bench than
   * during the baseline, as a factor (below 1 when it was faster) or the span of such factors
   * over the benches, for every comparison or per comparison. Times (figures in ms) count as
   * changed only beyond it and the noise threshold, since a machine that slows down slows every
   * time it measures.
   * @default 1 (no allowance)
   */
  machineDrift?: DriftAllowance | ((comparison: Judgeable) => DriftAllowance);
}

/** A machine's drift between two benches: one factor, or the span of several. */
export type DriftAllowance = number | { low: number; high: number };

/**
 * Gives every comparison of one family its verdict. A change is reported only when its
 * Benjamini-Hochberg adjusted p-value is at most the false discovery rate AND the ratio lies
 * beyond the noise threshold T on the log scale (above 1 + T, or below 1 / (1 + T)). With a
 * `machineDrift` D (or a span from L to H), a time must also lie beyond it: above
 * max(1, D) x (1 + T), or below min(1, D) / (1 + T) (max(1, H) and min(1, L) for a span).
 *
 * @example
 * ```ts
 * const judged = judgeComparisons(comparisons, { noise: { floor: 0.02 } });
 * judged.filter((comparison) => comparison.change !== null); // the reported changes
 * ```
 *
 * @param comparisons one family (e.g. every variant comparison of a report); not modified
 * @returns copies with the {@linkcode Judgement} fields, in the input's order
 * @throws {RangeError} if `falseDiscoveryRate` is not in (0, 1)
 */
export function judgeComparisons<T extends Judgeable>(
  comparisons: readonly T[],
  options: JudgeComparisonsOptions = {},
): (T & Judgement)[] {
  const { falseDiscoveryRate = 0.05, noise = { floor: 0.02 }, machineDrift = 1 } = options;
  if (!(falseDiscoveryRate > 0 && falseDiscoveryRate < 1)) {
    throw new RangeError(
      `judgeComparisons: option falseDiscoveryRate must be > 0 and < 1, got ${
        String(falseDiscoveryRate)
      }`,
    );
  }
  const driftOf = typeof machineDrift === "function" ? machineDrift : () => machineDrift;
  const qValues = adjustBenjaminiHochberg(comparisons.map(({ test }) => test.pValue));
  return comparisons.map((comparison, index) => {
    const { value, from } = noiseThreshold(noise, comparison.metric, comparison);
    const qValue = qValues[index];
    const span = _span(_TIMES.has(comparison.metric) ? driftOf(comparison) : 1);
    const verdict = _verdict(comparison.test, qValue, value, falseDiscoveryRate, span);
    const factor = (comparison.test.ratio ?? 1) >= 1 ? span.high : span.low;
    const drift = factor !== 1 ? factor : null;
    return {
      ...comparison,
      qValue,
      threshold: value,
      thresholdFrom: from,
      verdict,
      drift,
      change: verdict === "higher" || verdict === "lower" ? verdict : null,
    };
  });
}

function _verdict(
  test: SampleComparison,
  qValue: number | null,
  threshold: number,
  falseDiscoveryRate: number,
  drift: { low: number; high: number },
): VerdictKind {
  if (test.status !== "tested") return test.status;
  if (test.smallestPValue! > falseDiscoveryRate) return "cannot-show";
  if (qValue === null || qValue > falseDiscoveryRate) return "not-significant";
  const logRatio = Math.log(test.ratio!);
  const noise = Math.log(1 + threshold);
  if (Math.abs(logRatio) <= noise) return "within-noise";
  if (
    logRatio <= Math.max(0, Math.log(drift.high)) + noise &&
    logRatio >= Math.min(0, Math.log(drift.low)) - noise
  ) {
    return "within-drift";
  }
  return logRatio > 0 ? "higher" : "lower";
}

/** The allowance as a span, checked: every factor positive and finite. */
function _span(allowance: DriftAllowance): { low: number; high: number } {
  const span = typeof allowance === "number" ? { low: allowance, high: allowance } : allowance;
  for (const factor of [span.low, span.high]) {
    if (!(factor > 0 && Number.isFinite(factor))) {
      throw new RangeError(
        `judgeComparisons: option machineDrift must be a positive factor, got ${String(factor)}`,
      );
    }
  }
  return span;
}

/** The figures measured in ms: what a slower machine makes larger. */
const _TIMES = new Set(METRICS.filter((spec) => spec.unit === "ms").map((spec) => spec.key));
