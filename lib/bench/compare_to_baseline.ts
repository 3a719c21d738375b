/**
 * A bench against an earlier bench: per cell, variant and figure, the rank-sum (Mann-Whitney)
 * test of the two benches' runs, the ratio (this bench over the baseline) with its interval, and
 * a verdict judged over every figure compared (one family).
 *
 * @module
 */
import { isCounted, type RunResult } from "./run_result.ts";
import { compareSamples, type SampleComparison } from "./compare_samples.ts";
import { type DriftAllowance, judgeComparisons, type Judgement } from "./judge_comparisons.ts";
import {
  COMPARED_METRICS,
  type ComparisonEstimate,
  type ComparisonSettings,
  estimateOf,
  findMetric,
  metricSamples,
} from "./summarize_results.ts";

/** One figure of one cell and variant, this bench over the baseline. */
export interface BaselineComparison extends Judgement {
  hosts: number;
  msgs: number;
  variant: string;
  /** A `METRICS` key. */
  metric: string;
  /** The rank-sum test of this bench's runs against the baseline's (independent samples). */
  test: SampleComparison;
  /** The test's ratio (this bench / baseline) and interval, as the tables show them. */
  estimate: ComparisonEstimate;
}

/** Options of {@linkcode compareToBaseline}. */
export interface CompareToBaselineOptions extends ComparisonSettings {
  /** `METRICS` keys to compare. @default `COMPARED_METRICS` */
  metrics?: readonly string[];
  /**
   * How much slower the machine ran this bench than the baseline, a factor or a span of factors
   * (e.g. `machineDriftRange(speed)`), for all comparisons or per comparison (e.g.
   * `machineDriftByFigure(cpuSpeed, wallSpeed)`): times must change by more than that to count.
   * @default 1
   */
  machineDrift?:
    | DriftAllowance
    | ((comparison: { hosts: number; msgs: number; metric: string }) => DriftAllowance);
}

/**
 * Compares every (hosts, msgs, variant) cell present in both benches. The two benches ran at
 * different times, so their runs are independent samples (the rank-sum test), even when seeds
 * match. Cells in only one bench are left out; warm-ups are never counted, failed runs give no
 * samples.
 *
 * @example
 * ```ts
 * const changes = compareToBaseline(results, baselineResults, { noise: { floor: 0.02 } });
 * const flagged = changes.filter((comparison) => comparison.change !== null);
 * ```
 *
 * @param results this bench's runs; not modified
 * @param baseline the earlier bench's runs; not modified
 * @throws {RangeError} for an unknown metric key or a setting out of range
 */
export function compareToBaseline(
  results: readonly RunResult[],
  baseline: readonly RunResult[],
  options: CompareToBaselineOptions = {},
): BaselineComparison[] {
  const specs = (options.metrics ?? COMPARED_METRICS).map((key) =>
    findMetric("compareToBaseline", key)
  );
  const current = _okRunsByCell(results);
  const earlier = _okRunsByCell(baseline);
  const comparisons: Omit<BaselineComparison, keyof Judgement>[] = [];
  for (const [key, { hosts, msgs, variant, runs }] of current) {
    const baselineRuns = earlier.get(key);
    if (!baselineRuns) continue;
    for (const spec of specs) {
      const test = compareSamples(
        metricSamples(runs, spec),
        metricSamples(baselineRuns.runs, spec),
        { design: "independent", minSamples: options.minSamples, confidence: options.confidence },
      );
      comparisons.push({
        hosts,
        msgs,
        variant,
        metric: spec.key,
        test,
        estimate: estimateOf(test),
      });
    }
  }
  comparisons.sort((a, b) => a.hosts - b.hosts || a.msgs - b.msgs);
  return judgeComparisons(comparisons, options);
}

interface _CellRuns {
  hosts: number;
  msgs: number;
  variant: string;
  /** Counted ok runs. */
  runs: RunResult[];
}

function _okRunsByCell(results: readonly RunResult[]): Map<string, _CellRuns> {
  const cells = new Map<string, _CellRuns>();
  for (const result of results) {
    if (!isCounted(result)) continue;
    const { hosts, msgs, variant } = result.cell;
    const key = `${hosts}x${msgs}/${variant}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = { hosts, msgs, variant, runs: [] };
      cells.set(key, cell);
    }
    if (result.ok) cell.runs.push(result);
  }
  return cells;
}
