/**
 * From run records to per-cell summaries and variant-against-baseline ratios.
 *
 * Warm-up runs are recorded but never counted; failed runs are counted (in `runs` and `failures`)
 * but contribute no measurements.
 *
 * @module
 */
import { METRICS, type MetricSpec } from "./metrics.ts";
import { isCounted, type RunCell, type RunResult } from "./run_result.ts";
import { describeSamples, type SampleSummary } from "./statistics.ts";
import { compareSamples, type SampleComparison } from "./compare_samples.ts";
import { judgeComparisons, type Judgement } from "./judge_comparisons.ts";
import type { NoiseSource } from "./noise_calibration.ts";

// The figures live in metrics.ts, which the noise calibration reads too: kept exported here
// for the code that has always read them from this file.
export { METRICS, type MetricSpec } from "./metrics.ts";

/** Summary of one cell of the matrix (hosts x msgs x variant). */
export interface CellSummary {
  cell: RunCell;
  /** Counted (non-warm-up) runs, ok or not. */
  runs: number;
  /** Counted runs that failed. */
  failures: number;
  /** One reason per failed counted run, in input order (`"unknown"` when the run gave none). */
  failureReasons: string[];
  /** Warm-up runs recorded for the cell (not in `runs`). */
  warmups: number;
  /**
   * Per {@linkcode METRICS} key, the summary over counted ok runs that measured the figure, in
   * input order; a summary's `outlierIndices` index that list of runs, not `results`.
   */
  metrics: Record<string, SampleSummary>;
}

/**
 * Groups runs by cell and summarises every metric over the counted ok runs.
 *
 * Cells come in the order their variant first appears in `results`, then by hosts, then by msgs,
 * both ascending. A cell with only warm-up runs is listed with `runs: 0`.
 *
 * @example
 * ```ts
 * const [cell] = summarizeResults(results);
 * cell.metrics.activeMs.median; // median active time of the cell's counted ok runs
 * ```
 *
 * @param results run records, e.g. read back from a results file; not modified
 */
export function summarizeResults(results: readonly RunResult[]): CellSummary[] {
  const variantOrder = _variantOrder(results);
  const groups = new Map<string, RunResult[]>();
  for (const result of results) {
    const key = _cellKey(result.cell);
    const group = groups.get(key);
    if (group) group.push(result);
    else groups.set(key, [result]);
  }
  const summaries = [...groups.values()].map((group): CellSummary => {
    const { hosts, msgs, variant } = group[0].cell;
    const counted = group.filter(isCounted);
    const failed = counted.filter((result) => !result.ok);
    const ok = counted.filter((result) => result.ok);
    const metrics: Record<string, SampleSummary> = {};
    for (const metric of METRICS) metrics[metric.key] = describeSamples(metricSamples(ok, metric));
    return {
      cell: { hosts, msgs, variant },
      runs: counted.length,
      failures: failed.length,
      failureReasons: failed.map((result) => result.failure ?? "unknown"),
      warmups: group.filter((result) => result.warmup).length,
      metrics,
    };
  });
  return summaries.sort((a, b) => _compareCells(a.cell, b.cell, variantOrder));
}

/**
 * The figures every comparison (variant against reference, bench against baseline) gives a
 * verdict on, in report order: one family for the false-discovery control, the same in the
 * terminal summary and the report.
 */
export const COMPARED_METRICS: readonly string[] = [
  "activeMs",
  "cpuMs",
  "peakRssBytes",
  "heapUsedFinalBytes",
  "latencyMs.p99",
  "duplicatesPerDelivery",
];

/** A ratio with its interval, as the tables show it; every figure `null` unless tested. */
export interface ComparisonEstimate {
  ratio: number | null;
  low: number | null;
  high: number | null;
  /** Coverage the interval really has. */
  confidence: number;
}

/** One variant measured against the baseline in one (hosts, msgs) pair, for one metric. */
export interface VariantComparison extends Judgement {
  hosts: number;
  msgs: number;
  variant: string;
  baseline: string;
  /** A {@linkcode METRICS} key. */
  metric: string;
  /** The signed-rank test of the per-round log ratios (rounds paired by iteration). */
  test: SampleComparison;
  /** The test's ratio and interval, as the tables show them. */
  estimate: ComparisonEstimate;
}

/** How comparisons are tested and judged; shared by variant and baseline comparisons. */
export interface ComparisonSettings {
  /** Fewest samples per side (or pairs) for an interval and a verdict. @default 5 */
  minSamples?: number;
  /** Requested coverage of the intervals. @default 0.95 */
  confidence?: number;
  /** False discovery rate over the family. @default 0.05 */
  falseDiscoveryRate?: number;
  /** Where the noise thresholds come from. @default { floor: 0.02 } */
  noise?: NoiseSource;
}

/** Options of {@linkcode compareVariants}. */
export interface CompareVariantsOptions extends ComparisonSettings {
  /** The variant every other variant is divided by. */
  baseline: string;
  /** {@linkcode METRICS} keys to compare. @default {@linkcode COMPARED_METRICS} */
  metrics?: readonly string[];
}

/**
 * Each variant against the baseline, per (hosts, msgs) pair that has counted runs of both and
 * per metric: Wilcoxon's signed-rank test of the per-round log ratios (a round is one iteration:
 * both variants ran it with the same seed, one after the other), the Hodges-Lehmann ratio with
 * its exact interval, and a verdict judged over all the comparisons returned (one family; see
 * {@linkcode judgeComparisons}).
 *
 * Only counted ok runs give samples, and only rounds where both sides measured the figure pair
 * up. Comparisons come by hosts, then msgs, then variant in order of first appearance in
 * `results`, then metric in the order of `options.metrics`.
 *
 * @example
 * ```ts
 * const comparisons = compareVariants(results, { baseline: "default" });
 * comparisons.filter((comparison) => comparison.change !== null); // reported changes
 * ```
 *
 * @param results run records; not modified
 * @throws {RangeError} if `metrics` names a key not in {@linkcode METRICS}, or a setting is out
 * of range
 */
export function compareVariants(
  results: readonly RunResult[],
  options: CompareVariantsOptions,
): VariantComparison[] {
  const { baseline, metrics = COMPARED_METRICS } = options;
  const specs = metrics.map((key) => findMetric("compareVariants", key));

  const variantOrder = _variantOrder(results);
  // (hosts, msgs) -> variant -> counted runs
  const pairs = new Map<string, { hosts: number; msgs: number; runs: Map<string, RunResult[]> }>();
  for (const result of results) {
    if (!isCounted(result)) continue;
    const { hosts, msgs, variant } = result.cell;
    const pairKey = `${hosts}x${msgs}`;
    let pair = pairs.get(pairKey);
    if (!pair) {
      pair = { hosts, msgs, runs: new Map() };
      pairs.set(pairKey, pair);
    }
    const runs = pair.runs.get(variant);
    if (runs) runs.push(result);
    else pair.runs.set(variant, [result]);
  }

  const ordered = [...pairs.values()].sort((a, b) => a.hosts - b.hosts || a.msgs - b.msgs);
  const comparisons: Omit<VariantComparison, keyof Judgement>[] = [];
  for (const { hosts, msgs, runs } of ordered) {
    const baselineRuns = runs.get(baseline);
    if (!baselineRuns) continue;
    const variants = [...runs.keys()]
      .filter((variant) => variant !== baseline)
      .sort((a, b) => (variantOrder.get(a) ?? 0) - (variantOrder.get(b) ?? 0));
    for (const variant of variants) {
      for (const spec of specs) {
        const [ours, theirs] = pairedSamples(runs.get(variant) ?? [], baselineRuns, spec);
        const test = compareSamples(ours, theirs, {
          design: "paired",
          minSamples: options.minSamples,
          confidence: options.confidence,
        });
        comparisons.push({
          hosts,
          msgs,
          variant,
          baseline,
          metric: spec.key,
          test,
          estimate: estimateOf(test),
        });
      }
    }
  }
  return judgeComparisons(comparisons, options);
}

/**
 * The figure of each round both sides ran and measured, paired by iteration (same seed): the
 * variant's values and the baseline's, in iteration order. Failed runs have no figure.
 */
export function pairedSamples(
  variantRuns: readonly RunResult[],
  baselineRuns: readonly RunResult[],
  metric: MetricSpec,
): [number[], number[]] {
  const byIteration = (runs: readonly RunResult[]) => {
    const values = new Map<number, number>();
    for (const run of runs) {
      if (!run.ok || !isCounted(run) || values.has(run.iteration)) continue;
      const value = metric.get(run);
      if (value !== undefined) values.set(run.iteration, value);
    }
    return values;
  };
  const ours = byIteration(variantRuns);
  const theirs = byIteration(baselineRuns);
  const iterations = [...ours.keys()].filter((iteration) => theirs.has(iteration))
    .sort((a, b) => a - b);
  return [
    iterations.map((iteration) => ours.get(iteration)!),
    iterations.map((iteration) => theirs.get(iteration)!),
  ];
}

/** The ratio and interval of a test, as the tables show them. */
export function estimateOf(test: SampleComparison): ComparisonEstimate {
  return { ratio: test.ratio, low: test.low, high: test.high, confidence: test.confidence };
}

/** The {@linkcode METRICS} entry of `key`; the error names the operation. */
export function findMetric(operation: string, key: string): MetricSpec {
  const spec = METRICS.find((metric) => metric.key === key);
  if (!spec) {
    throw new RangeError(
      `${operation}: option metrics must hold keys of METRICS (${
        METRICS.map((metric) => metric.key).join(", ")
      }), got ${JSON.stringify(key)}`,
    );
  }
  return spec;
}

/** The figures `metric` reads from `results`, in order, skipping runs that did not measure it. */
export function metricSamples(results: readonly RunResult[], metric: MetricSpec): number[] {
  const samples: number[] = [];
  for (const result of results) {
    const value = metric.get(result);
    if (value !== undefined) samples.push(value);
  }
  return samples;
}

/** Variant -> position of its first appearance in `results`. */
function _variantOrder(results: readonly RunResult[]): Map<string, number> {
  const order = new Map<string, number>();
  for (const result of results) {
    if (!order.has(result.cell.variant)) order.set(result.cell.variant, order.size);
  }
  return order;
}

function _cellKey(cell: RunCell): string {
  return JSON.stringify([cell.hosts, cell.msgs, cell.variant]);
}

function _compareCells(a: RunCell, b: RunCell, variantOrder: Map<string, number>): number {
  return (variantOrder.get(a.variant) ?? 0) - (variantOrder.get(b.variant) ?? 0) ||
    a.hosts - b.hosts ||
    a.msgs - b.msgs;
}
