/**
 * The stop rule of sequential sampling (`matrix.untilCiWidth`): after each complete round of a
 * cell, is the 95% CI of every variant's ratio to the reference, on the headline figure, narrow
 * enough? Pure: the answer depends only on the results given, so a resumed bench, the terminal
 * summary and the report all reach the same one.
 *
 * The rule looks at the interval's width only, never at its place or at a p-value: how wide the
 * interval is says how much the data scatter, not which way they point, so stopping on it keeps
 * the signed-rank test's false-alarm rate close to its nominal level (docs/statistics.md, and
 * `scripts/sequential_rates.ts` simulates it).
 *
 * @module
 */
import type { BenchConfig } from "../config/types.ts";
import { compareSamples } from "./compare_samples.ts";
import { isCounted, type RunResult } from "./run_result.ts";
import { findMetric, pairedSamples } from "./summarize_results.ts";

/** What the stop rule watches and where it stops. */
export interface SequentialRule {
  /** The widest interval to stop at, on the ratio scale (high - low). */
  untilCiWidth: number;
  /** Rounds every cell runs before the rule is asked (`matrix.iterations`). */
  minIterations: number;
  /** Rounds after which a cell stops whatever its width (`matrix.maxIterations`). */
  maxIterations: number;
  /** The figure whose ratio is watched (`comparison.primary`). */
  metric: string;
  /** The variant the others are divided by. */
  reference: string;
  /** The variants watched against the reference (every other variant of the bench). */
  variants: string[];
  /** Fewest pairs for an interval at all (`comparison.minSamples`). */
  minSamples: number;
  /** Coverage the interval must really have. @default 0.95 */
  confidence: number;
}

/** The interval of one variant's ratio to the reference, in one cell. */
export interface PairPrecision {
  variant: string;
  reference: string;
  /** Rounds where both ran and measured the figure. */
  pairs: number;
  /** Hodges-Lehmann ratio and its exact interval; `null` without a test. */
  ratio: number | null;
  low: number | null;
  high: number | null;
  /** `high - low` once the interval has its full coverage; `null` before (too few pairs). */
  width: number | null;
}

/**
 * Where a cell stands: `reached` its width, hit its `max` rounds without it, or still `open`
 * (fewer rounds than the minimum, or wider than asked and below the maximum).
 */
export type CellStopState = "reached" | "max" | "open";

/** The stop rule's view of one cell. */
export interface CellPrecision {
  hosts: number;
  msgs: number;
  /** Counted rounds with a result of a watched variant or the reference. */
  rounds: number;
  /** Their counted runs (failed ones included). */
  runs: number;
  state: CellStopState;
  /** Every watched variant against the reference. */
  pairs: PairPrecision[];
  /** The widest of the pairs' widths; `null` while any pair has none. */
  width: number | null;
}

/** The variant a bench's others are divided by: `default` when it ran, else the first. */
export function referenceVariantOf(variants: readonly string[]): string {
  return variants.includes("default") ? "default" : variants[0];
}

/** The stop rule of `config`, or `undefined` when it does not sample sequentially. */
export function sequentialRuleOf(config: BenchConfig): SequentialRule | undefined {
  const { matrix, comparison } = config;
  if (matrix.untilCiWidth === undefined) return undefined;
  const reference = referenceVariantOf(matrix.variants);
  return {
    untilCiWidth: matrix.untilCiWidth,
    minIterations: matrix.iterations,
    maxIterations: matrix.maxIterations ?? matrix.iterations,
    metric: comparison.primary,
    reference,
    variants: matrix.variants.filter((variant) => variant !== reference),
    minSamples: comparison.minSamples,
    confidence: 0.95,
  };
}

/**
 * The stop rule's verdict on the cell `hosts` x `msgs` from `results` (any runs: the cell's
 * counted ones are picked). A round counts once any run of it has a result; its pairs count
 * where both sides measured the figure. The cell has `reached` its width when it ran at least
 * `minIterations` rounds and every pair's interval has its full coverage (at least 6 pairs give a
 * 95% one), at least `minSamples` pairs, and a width of at most `untilCiWidth`.
 *
 * @example
 * ```ts
 * const rule = sequentialRuleOf(config)!;
 * checkCellPrecision(results, { hosts: 20, msgs: 100 }, rule).state; // "open": run another round
 * ```
 */
export function checkCellPrecision(
  results: readonly RunResult[],
  cell: { hosts: number; msgs: number },
  rule: SequentialRule,
): CellPrecision {
  const watched = new Set([rule.reference, ...rule.variants]);
  const ofCell = results.filter((result) =>
    isCounted(result) && result.cell.hosts === cell.hosts && result.cell.msgs === cell.msgs &&
    watched.has(result.cell.variant)
  );
  const rounds = new Set(ofCell.map((result) => result.iteration)).size;
  const spec = findMetric("checkCellPrecision", rule.metric);
  const referenceRuns = ofCell.filter((result) => result.cell.variant === rule.reference);
  const pairs = rule.variants.map((variant): PairPrecision => {
    const [ours, theirs] = pairedSamples(
      ofCell.filter((result) => result.cell.variant === variant),
      referenceRuns,
      spec,
    );
    const test = compareSamples(ours, theirs, {
      design: "paired",
      minSamples: rule.minSamples,
      confidence: rule.confidence,
    });
    const covered = test.status === "tested" && test.confidence >= rule.confidence - 1e-9;
    return {
      variant,
      reference: rule.reference,
      pairs: ours.length,
      ratio: test.ratio,
      low: test.low,
      high: test.high,
      width: covered ? test.high! - test.low! : null,
    };
  });
  const widths = pairs.map((pair) => pair.width);
  const width = widths.some((value) => value === null) ? null : Math.max(...(widths as number[]));
  const narrow = width !== null && width <= rule.untilCiWidth * (1 + 1e-9);
  const state: CellStopState = rounds >= rule.minIterations && narrow
    ? "reached"
    : rounds >= rule.maxIterations
    ? "max"
    : "open";
  return { hosts: cell.hosts, msgs: cell.msgs, rounds, runs: ofCell.length, state, pairs, width };
}

/**
 * Rounds an open cell will probably take, for the ETA: a CI's width shrinks as one over the
 * square root of the pairs, so n pairs at width w need about n (w / target)^2; at least one more
 * round (at least the minimum), at most the maximum. A cell that stopped took its rounds; an open
 * one without a width yet is expected to take one more round (or the minimum).
 */
export function predictRounds(precision: CellPrecision, rule: SequentialRule): number {
  if (precision.state !== "open") return precision.rounds;
  const next = Math.min(rule.maxIterations, Math.max(precision.rounds + 1, rule.minIterations));
  if (precision.width === null) return next;
  const pairs = Math.min(...precision.pairs.map((pair) => pair.pairs));
  const needed = Math.ceil(pairs * (precision.width / rule.untilCiWidth) ** 2);
  return Math.min(rule.maxIterations, Math.max(next, needed + (precision.rounds - pairs)));
}
