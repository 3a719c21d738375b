/**
 * A bench against an earlier bench: per cell and variant, the ratio of medians (this bench over
 * the baseline) with a bootstrap interval, and whether the change is beyond noise.
 *
 * @module
 */
import { isCounted, type RunResult } from "./run_result.ts";
import type { SeededRandom } from "./seeded_random.ts";
import { bootstrapRatioOfMedians, type RatioEstimate } from "./statistics.ts";
import { METRICS, metricSamples, type MetricSpec } from "./summarize_results.ts";

/** One figure of one cell and variant, this bench over the baseline. */
export interface BaselineComparison {
  hosts: number;
  msgs: number;
  variant: string;
  /** A {@linkcode METRICS} key. */
  metric: string;
  /** median(this bench) / median(baseline) over counted ok runs, with its bootstrap interval. */
  estimate: RatioEstimate;
  /**
   * `"higher"` or `"lower"` when the whole interval lies beyond the noise threshold on that side,
   * otherwise `null` (no change shown to be larger than noise).
   */
  change: "higher" | "lower" | null;
}

/** Options of {@linkcode compareToBaseline}. */
export interface CompareToBaselineOptions {
  /** {@linkcode METRICS} keys to compare. @default ["activeMs", "peakRssBytes"] */
  metrics?: string[];
  /** Source of the bootstrap resamples; each comparison uses its own labelled fork. */
  random: SeededRandom;
  /** Bootstrap resamples per comparison, an integer >= 1. @default 2000 */
  resamples?: number;
  /** Relative change that counts as noise, in [0, 1). @default 0.02 (+-2%) */
  noiseThreshold?: number;
}

/**
 * Compares every (hosts, msgs, variant) cell present in both benches. A change is flagged only
 * when the interval excludes the whole noise band: `low > 1 + threshold` ("higher") or
 * `high < 1 - threshold` ("lower"). Cells in only one bench are left out; warm-ups are never
 * counted, failed runs give no samples.
 *
 * @example
 * ```ts
 * const changes = compareToBaseline(results, baselineResults, { random: createSeededRandom(1) });
 * const flagged = changes.filter((comparison) => comparison.change !== null);
 * ```
 *
 * @param results this bench's runs; not modified
 * @param baseline the earlier bench's runs; not modified
 * @throws {RangeError} for an unknown metric key, resamples that are not an integer >= 1, or a
 * noise threshold outside [0, 1)
 */
export function compareToBaseline(
  results: readonly RunResult[],
  baseline: readonly RunResult[],
  options: CompareToBaselineOptions,
): BaselineComparison[] {
  const { metrics = ["activeMs", "peakRssBytes"], random, resamples, noiseThreshold = 0.02 } =
    options;
  if (!(noiseThreshold >= 0 && noiseThreshold < 1)) {
    throw new RangeError(
      `compareToBaseline: option noiseThreshold must be >= 0 and < 1, got ${
        String(noiseThreshold)
      }`,
    );
  }
  const specs = metrics.map((key) => _metricSpec(key));
  const current = _okRunsByCell(results);
  const earlier = _okRunsByCell(baseline);
  const comparisons: BaselineComparison[] = [];
  for (const [key, { hosts, msgs, variant, runs }] of current) {
    const baselineRuns = earlier.get(key);
    if (!baselineRuns) continue;
    for (const spec of specs) {
      const estimate = bootstrapRatioOfMedians(
        metricSamples(runs, spec),
        metricSamples(baselineRuns.runs, spec),
        { random: random.fork(`baseline/${key}/${spec.key}`), resamples },
      );
      comparisons.push({
        hosts,
        msgs,
        variant,
        metric: spec.key,
        estimate,
        change: _change(estimate, noiseThreshold),
      });
    }
  }
  return comparisons.sort((a, b) => a.hosts - b.hosts || a.msgs - b.msgs);
}

function _change(estimate: RatioEstimate, threshold: number): BaselineComparison["change"] {
  if (estimate.low === null || estimate.high === null) return null;
  if (estimate.low > 1 + threshold) return "higher";
  if (estimate.high < 1 - threshold) return "lower";
  return null;
}

function _metricSpec(key: string): MetricSpec {
  const spec = METRICS.find((metric) => metric.key === key);
  if (!spec) {
    throw new RangeError(
      `compareToBaseline: option metrics must hold keys of METRICS (${
        METRICS.map((metric) => metric.key).join(", ")
      }), got ${JSON.stringify(key)}`,
    );
  }
  return spec;
}

interface _CellRuns {
  hosts: number;
  msgs: number;
  variant: string;
  /** Counted runs (warm-ups left out); failed ones give no samples. */
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
