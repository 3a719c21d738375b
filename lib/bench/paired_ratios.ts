/**
 * Per-round paired ratios of two variants: in one round both variants run with the same seed, so
 * the ratio of their figures in that round cancels what the seed decides (keys, publishers,
 * bodies) and most of the machine's drift. The median of those ratios, with its quartiles and a
 * bootstrap interval, is a steadier answer than a ratio of two groups' medians.
 *
 * @module
 */
import { quantileSorted } from "simple-statistics";
import type { RunResult } from "./run_result.ts";
import { isCounted } from "./run_result.ts";
import type { SeededRandom } from "./seeded_random.ts";
import { METRICS, type MetricSpec } from "./metrics.ts";

/** One round's pair of figures and their ratio. */
export interface PairedRound {
  hosts: number;
  msgs: number;
  iteration: number;
  seed: number;
  /** Figure of the variant under test. */
  numerator: number;
  /** Figure of the baseline. */
  denominator: number;
  /** numerator / denominator. */
  ratio: number;
}

/** The paired ratios of one metric in one cell. */
export interface PairedRatioSummary {
  hosts: number;
  msgs: number;
  metric: string;
  /** Rounds where both variants succeeded and have the metric, by iteration. */
  rounds: PairedRound[];
  /** Median of the ratios; `null` without rounds. */
  median: number | null;
  /** First quartile of the ratios (type 7); `null` without rounds. */
  q1: number | null;
  /** Third quartile of the ratios (type 7); `null` without rounds. */
  q3: number | null;
  /** Percentile bootstrap interval of the median; `null` below 2 rounds. */
  low: number | null;
  high: number | null;
  confidence: number;
}

/** Options of {@linkcode pairedRatios}. */
export interface PairedRatiosOptions {
  /** Keys of {@linkcode METRICS} to compare, e.g. `["cpuMs", "activeMs", "peakRssBytes"]`. */
  metrics: readonly string[];
  /** The random source of the bootstrap; it is advanced. */
  random: SeededRandom;
  /** Bootstrap resamples. @default 2000 */
  resamples?: number;
  /** Coverage of the interval. @default 0.95 */
  confidence?: number;
}

/** A comparison asked for something the results cannot give (unknown variant, bad metric). */
export class PairedRatiosError extends Error {
  /** Creates a PairedRatiosError. */
  constructor(message: string) {
    super(message);
    this.name = "PairedRatiosError";
  }
}

/**
 * Pairs the counted, successful runs of `variant` and `baseline` by cell and iteration, and
 * summarises `variant / baseline` per metric and cell. A round whose two runs have different seeds
 * is an error (the runs were not paired by the bench), as is a variant with no run at all.
 *
 * @example
 * ```ts
 * const random = createSeededRandom(1);
 * pairedRatios(results, ["states", "default"], { metrics: ["cpuMs"], random });
 * ```
 *
 * @throws {PairedRatiosError} if a metric is not a key of {@linkcode METRICS}, either variant has
 * no counted run, or a round's seeds differ
 */
export function pairedRatios(
  results: readonly RunResult[],
  variants: readonly [variant: string, baseline: string],
  options: PairedRatiosOptions,
): PairedRatioSummary[] {
  const [variant, baseline] = variants;
  const { metrics, random, resamples = 2000, confidence = 0.95 } = options;
  const specs = metrics.map(_metricSpec);
  const counted = results.filter((result) => isCounted(result));
  for (const name of variants) {
    if (!counted.some((result) => result.cell.variant === name)) {
      const known = [...new Set(counted.map((result) => result.cell.variant))].join(", ");
      throw new PairedRatiosError(
        `paired ratios: variant "${name}" has no counted run in the results (variants: ${
          known || "none"
        })`,
      );
    }
  }
  const byRound = new Map<string, { top?: RunResult; bottom?: RunResult }>();
  for (const result of counted) {
    const side = result.cell.variant === variant
      ? "top"
      : result.cell.variant === baseline
      ? "bottom"
      : undefined;
    if (side === undefined) continue;
    const key = `${result.cell.hosts}/${result.cell.msgs}/${result.iteration}`;
    const pair = byRound.get(key) ?? {};
    pair[side] = result;
    byRound.set(key, pair);
  }

  const summaries: PairedRatioSummary[] = [];
  const cells = new Map<string, { hosts: number; msgs: number }>();
  for (const { top, bottom } of byRound.values()) {
    const cell = (top ?? bottom)!.cell;
    cells.set(`${cell.hosts}/${cell.msgs}`, { hosts: cell.hosts, msgs: cell.msgs });
  }
  for (const { hosts, msgs } of [...cells.values()].sort(_byCell)) {
    for (const spec of specs) {
      const rounds: PairedRound[] = [];
      for (const { top, bottom } of byRound.values()) {
        if (top === undefined || bottom === undefined) continue;
        if (top.cell.hosts !== hosts || top.cell.msgs !== msgs) continue;
        if (top.seed !== bottom.seed) {
          throw new PairedRatiosError(
            `paired ratios: round ${top.iteration} of ${hosts} x ${msgs} has seed ${top.seed} for "${variant}" but ${bottom.seed} for "${baseline}"; only runs of one bench pair up`,
          );
        }
        if (!top.ok || !bottom.ok) continue;
        const numerator = spec.get(top);
        const denominator = spec.get(bottom);
        if (!_isUsable(numerator) || !_isUsable(denominator) || denominator === 0) continue;
        rounds.push({
          hosts,
          msgs,
          iteration: top.iteration,
          seed: top.seed,
          numerator,
          denominator,
          ratio: numerator / denominator,
        });
      }
      rounds.sort((a, b) => a.iteration - b.iteration);
      summaries.push(_summarize(hosts, msgs, spec.key, rounds, { random, resamples, confidence }));
    }
  }
  return summaries;
}

function _summarize(
  hosts: number,
  msgs: number,
  metric: string,
  rounds: PairedRound[],
  options: { random: SeededRandom; resamples: number; confidence: number },
): PairedRatioSummary {
  const { random, resamples, confidence } = options;
  const base = { hosts, msgs, metric, rounds, confidence };
  if (rounds.length === 0) {
    return { ...base, median: null, q1: null, q3: null, low: null, high: null };
  }
  const ratios = rounds.map((round) => round.ratio).sort(_ascending);
  const summary = {
    ...base,
    median: quantileSorted(ratios, 0.5),
    q1: quantileSorted(ratios, 0.25),
    q3: quantileSorted(ratios, 0.75),
  };
  if (ratios.length < 2) return { ...summary, low: null, high: null };
  const medians: number[] = [];
  const buffer = new Array<number>(ratios.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < ratios.length; i++) buffer[i] = ratios[random.int(0, ratios.length - 1)];
    buffer.sort(_ascending);
    medians.push(quantileSorted(buffer, 0.5));
  }
  medians.sort(_ascending);
  return {
    ...summary,
    low: quantileSorted(medians, (1 - confidence) / 2),
    high: quantileSorted(medians, (1 + confidence) / 2),
  };
}

function _metricSpec(key: string): MetricSpec {
  const spec = METRICS.find((candidate) => candidate.key === key);
  if (spec !== undefined) return spec;
  throw new PairedRatiosError(
    `paired ratios: unknown metric "${key}"; use one of ${METRICS.map((m) => m.key).join(", ")}`,
  );
}

function _isUsable(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value);
}

function _byCell(
  a: { hosts: number; msgs: number },
  b: { hosts: number; msgs: number },
): number {
  return a.hosts - b.hosts || a.msgs - b.msgs;
}

function _ascending(a: number, b: number): number {
  return a - b;
}
