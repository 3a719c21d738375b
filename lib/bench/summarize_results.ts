/**
 * From run records to per-cell summaries and variant-against-baseline ratios.
 *
 * Warm-up runs are recorded but never counted; failed runs are counted (in `runs` and `failures`)
 * but contribute no measurements.
 *
 * @module
 */
import { isCounted, type RunCell, type RunResult } from "./run_result.ts";
import {
  bootstrapRatioOfMedians,
  describeSamples,
  type RatioEstimate,
  type SampleSummary,
} from "./statistics.ts";
import type { SeededRandom } from "./seeded_random.ts";

/** One numeric figure of a run that is summarised across iterations. */
export interface MetricSpec {
  /** Stable identifier: the figure's path in {@linkcode RunResult}, e.g. `latencyMs.p99`. */
  key: string;
  /** Short human label, without the unit. */
  label: string;
  /** `ratio` is a dimensionless quotient (duplicates per delivery). */
  unit: "ms" | "bytes" | "count" | "ratio";
  /** The figure, or `undefined` when the run did not measure it. */
  get(result: RunResult): number | undefined;
}

/** Every figure {@linkcode summarizeResults} summarises, in report order. */
export const METRICS: readonly MetricSpec[] = [
  { key: "activeMs", label: "active", unit: "ms", get: (r) => r.activeMs },
  { key: "totalMs", label: "total", unit: "ms", get: (r) => r.totalMs },
  { key: "phasesMs.init", label: "init phase", unit: "ms", get: (r) => r.phasesMs?.init },
  {
    key: "phasesMs.subscribe",
    label: "subscribe phase",
    unit: "ms",
    get: (r) => r.phasesMs?.subscribe,
  },
  {
    key: "phasesMs.firstMessage",
    label: "first message phase",
    unit: "ms",
    get: (r) => r.phasesMs?.firstMessage,
  },
  {
    key: "phasesMs.randomMessages",
    label: "random messages phase",
    unit: "ms",
    get: (r) => r.phasesMs?.randomMessages,
  },
  { key: "phasesMs.stop", label: "stop phase", unit: "ms", get: (r) => r.phasesMs?.stop },
  { key: "waitedMs", label: "back-off waits", unit: "ms", get: (r) => r.waitedMs },
  { key: "peakRssBytes", label: "peak RSS", unit: "bytes", get: (r) => r.peakRssBytes },
  {
    key: "heapUsedMaxBytes",
    label: "heap used (max)",
    unit: "bytes",
    get: (r) => r.heapUsedMaxBytes,
  },
  {
    key: "heapUsedFinalBytes",
    label: "heap used (final)",
    unit: "bytes",
    get: (r) => r.heapUsedFinalBytes,
  },
  { key: "cpuMs", label: "CPU time", unit: "ms", get: (r) => r.cpuMs },
  { key: "latencyMs.p50", label: "latency p50", unit: "ms", get: (r) => r.latencyMs?.p50 },
  { key: "latencyMs.p95", label: "latency p95", unit: "ms", get: (r) => r.latencyMs?.p95 },
  { key: "latencyMs.p99", label: "latency p99", unit: "ms", get: (r) => r.latencyMs?.p99 },
  { key: "latencyMs.max", label: "latency max", unit: "ms", get: (r) => r.latencyMs?.max },
  {
    key: "lastDeliveryMsMedian",
    label: "time to last host (median)",
    unit: "ms",
    get: (r) => r.lastDeliveryMsMedian,
  },
  {
    key: "duplicatesPerDelivery",
    label: "duplicates per delivery",
    unit: "ratio",
    get: (r) => r.duplicatesPerDelivery,
  },
  {
    key: "meshDegreeAtFirstPublish",
    label: "mesh degree at first publish",
    unit: "count",
    get: (r) => r.meshDegreeAtFirstPublish,
  },
  {
    key: "meshDegreeMeanAtFirstPublish",
    label: "mean mesh degree at first publish",
    unit: "count",
    get: (r) => r.meshDegreeMeanAtFirstPublish,
  },
  { key: "messagesMissed", label: "messages missed", unit: "count", get: (r) => r.messagesMissed },
];

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

/** One variant measured against the baseline in one (hosts, msgs) pair, for one metric. */
export interface VariantComparison {
  hosts: number;
  msgs: number;
  variant: string;
  baseline: string;
  /** A {@linkcode METRICS} key. */
  metric: string;
  /** median(variant) / median(baseline) over counted ok runs, with its bootstrap interval. */
  estimate: RatioEstimate;
}

/** Options of {@linkcode compareVariants}. */
export interface CompareVariantsOptions {
  /** The variant every other variant is divided by. */
  baseline: string;
  /** {@linkcode METRICS} keys to compare. @default ["activeMs", "peakRssBytes"] */
  metrics?: string[];
  /**
   * Source of the bootstrap resamples. Each comparison uses its own fork, labelled by hosts, msgs,
   * variant, baseline and metric, so an estimate does not depend on which others are computed.
   */
  random: SeededRandom;
  /** Bootstrap resamples per comparison, an integer >= 1. @default 2000 */
  resamples?: number;
}

/**
 * Ratios of each variant to the baseline, per (hosts, msgs) pair that has counted runs of both,
 * with a 95% percentile bootstrap interval (see {@linkcode bootstrapRatioOfMedians}).
 *
 * Only counted ok runs give samples; a variant or baseline whose counted runs all failed still
 * gets a comparison, with `null` figures. Comparisons come by hosts, then msgs, then variant in
 * order of first appearance in `results`, then metric in the order of `options.metrics`.
 *
 * @example
 * ```ts
 * const comparisons = compareVariants(results, {
 *   baseline: "default",
 *   random: createSeededRandom(config.matrix.seed),
 * });
 * ```
 *
 * @param results run records; not modified
 * @throws {RangeError} if `metrics` names a key not in {@linkcode METRICS}, or `resamples` is not
 * an integer >= 1
 */
export function compareVariants(
  results: readonly RunResult[],
  options: CompareVariantsOptions,
): VariantComparison[] {
  const { baseline, metrics = ["activeMs", "peakRssBytes"], random, resamples } = options;
  const specs = metrics.map((key) => {
    const spec = METRICS.find((metric) => metric.key === key);
    if (!spec) {
      throw new RangeError(
        `compareVariants: option metrics must hold keys of METRICS (${
          METRICS.map((metric) => metric.key).join(", ")
        }), got ${JSON.stringify(key)}`,
      );
    }
    return spec;
  });
  if (resamples !== undefined && (!Number.isSafeInteger(resamples) || resamples < 1)) {
    throw new RangeError(
      `compareVariants: option resamples must be an integer >= 1, got ${String(resamples)}`,
    );
  }

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
  const comparisons: VariantComparison[] = [];
  for (const { hosts, msgs, runs } of ordered) {
    const baselineRuns = runs.get(baseline);
    if (!baselineRuns) continue;
    const baselineOk = baselineRuns.filter((result) => result.ok);
    const variants = [...runs.keys()]
      .filter((variant) => variant !== baseline)
      .sort((a, b) => (variantOrder.get(a) ?? 0) - (variantOrder.get(b) ?? 0));
    for (const variant of variants) {
      const variantOk = (runs.get(variant) ?? []).filter((result) => result.ok);
      for (const spec of specs) {
        const label = `${hosts}x${msgs}/${variant}/${baseline}/${spec.key}`;
        comparisons.push({
          hosts,
          msgs,
          variant,
          baseline,
          metric: spec.key,
          estimate: bootstrapRatioOfMedians(
            metricSamples(variantOk, spec),
            metricSamples(baselineOk, spec),
            { random: random.fork(label), resamples },
          ),
        });
      }
    }
  }
  return comparisons;
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
