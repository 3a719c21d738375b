/**
 * Verdicts in plain words, the same in the terminal summary and the report: one sentence per
 * figure that changed, or one saying that none changed beyond noise and by how much that is.
 *
 * @module
 */
import type { Judgement } from "./judge_comparisons.ts";
import type { NoiseSource } from "./noise_calibration.ts";
import type { SampleComparison } from "./compare_samples.ts";
import type { SteadierFigure } from "./steadier_figure.ts";
import type { ComparisonEstimate } from "./summarize_results.ts";

/** What the sentences need of a comparison (variant or baseline). */
export interface WordedComparison extends Judgement {
  hosts: number;
  msgs: number;
  variant: string;
  metric: string;
  test: SampleComparison;
  estimate: ComparisonEstimate;
}

/** Words for the figures compared. */
const _FIGURE_WORDS: Record<string, string> = {
  activeMs: "active time",
  cpuMs: "CPU time",
  totalMs: "total time",
  peakRssBytes: "peak RSS",
  heapUsedMaxBytes: "maximum heap",
  heapUsedFinalBytes: "final heap",
  "latencyMs.p50": "p50 latency",
  "latencyMs.p95": "p95 latency",
  "latencyMs.p99": "p99 latency",
  "latencyMs.max": "maximum latency",
  duplicatesPerDelivery: "duplicates per delivery",
  meshDegreeAtFirstPublish: "mesh degree",
};

/** Figures that are times: their change reads "took x% longer". */
const _TIMES = new Set(["activeMs", "cpuMs", "totalMs"]);

/** The words for a `METRICS` key, e.g. "active time"; the key itself when unknown. */
export function figureWords(metric: string): string {
  return _FIGURE_WORDS[metric] ?? metric;
}

/**
 * One changed figure in words, e.g. `states took 5.1% longer (active time, 95% CI +2.0% to
 * +8.3%, p = 0.004) at 20 hosts x 100 messages`. The p-value is the adjusted one (the verdict's).
 *
 * @param comparison a comparison with `change` set
 * @param subject who changed, e.g. the variant's name or "this bench's states"
 */
export function changeSentence(comparison: WordedComparison, subject: string): string {
  const { ratio, low, high, confidence } = comparison.estimate;
  const percent = Math.abs((ratio! - 1) * 100).toFixed(1);
  const up = ratio! > 1;
  const interval = `${Math.round(confidence * 100)}% CI ${_signed(low!)} to ${_signed(high!)}`;
  const p = formatPValue(comparison.qValue);
  const where = `at ${comparison.hosts} hosts x ${comparison.msgs} messages`;
  const figure = figureWords(comparison.metric);
  if (_TIMES.has(comparison.metric)) {
    return `${subject} took ${percent}% ${
      up ? "longer" : "less"
    } (${figure}, ${interval}, ${p}) ${where}`;
  }
  return `${subject} had ${percent}% ${
    up ? "higher" : "lower"
  } ${figure} (${interval}, ${p}) ${where}`;
}

/** `p = 0.004`, `p < 0.001`, or `p = n/a`. */
export function formatPValue(p: number | null): string {
  if (p === null) return "p = n/a";
  if (p < 0.001) return "p < 0.001";
  return `p = ${p.toFixed(3)}`;
}

/**
 * The threshold in words: `threshold 2%, the floor: no A/A calibration`, or `threshold 7%,
 * from the A/A calibration of 2026-12-05 in results/calibration.json; the floor is 2%`, or with
 * several values `thresholds 2% to 25% by figure and cell, from ...`.
 *
 * @param comparisons the judged comparisons whose thresholds are described
 * @param noise where they came from
 */
export function thresholdWords(
  comparisons: readonly Pick<Judgement, "threshold">[],
  noise: NoiseSource,
): string {
  const values = comparisons.length > 0
    ? comparisons.map((comparison) => comparison.threshold)
    : [noise.floor];
  const least = Math.min(...values);
  const most = Math.max(...values);
  const amount = least === most
    ? `threshold ${_percent(least)}`
    : `thresholds ${_percent(least)} to ${_percent(most)} by figure and cell`;
  if (!noise.calibration) return `${amount}, the floor: no A/A calibration`;
  const date = noise.calibration.measuredAt.slice(0, 10);
  return `${amount}, from the A/A calibration of ${date}${
    noise.origin ? ` in ${noise.origin}` : ""
  }; the floor is ${_percent(noise.floor)}`;
}

/** Options of {@linkcode verdictSentences}. */
export interface VerdictSentencesOptions {
  /** Where the thresholds came from. */
  noise: NoiseSource;
  /** Names who changed, e.g. `(c) => c.variant`. @default the variant's name */
  subject?: (comparison: WordedComparison) => string;
  /** The headline figure: its changes come first. @default "activeMs" */
  primary?: string;
  /** The false discovery rate the verdicts used, for the "cannot show" sentence. @default 0.05 */
  falseDiscoveryRate?: number;
}

/**
 * Sentences for a family of judged comparisons: one per changed figure (the primary figure
 * first, then in the given order); else one saying no figure changed beyond noise and the
 * threshold. Then one for the comparisons without a verdict: too few runs (and how many to
 * add), or too few for any p-value below the false discovery rate.
 *
 * @example
 * ```ts
 * verdictSentences(compareVariants(results, { baseline: "default" }), { noise: { floor: 0.02 } });
 * // ["no figure changed beyond noise (threshold 2%, the floor: no A/A calibration)"]
 * ```
 */
export function verdictSentences(
  comparisons: readonly WordedComparison[],
  options: VerdictSentencesOptions,
): string[] {
  const { noise, subject = (comparison) => comparison.variant, primary = "activeMs" } = options;
  if (comparisons.length === 0) return [];
  const changed = comparisons.filter((comparison) => comparison.change !== null);
  const ordered = [
    ...changed.filter((comparison) => comparison.metric === primary),
    ...changed.filter((comparison) => comparison.metric !== primary),
  ];
  const sentences = ordered.map((comparison) => changeSentence(comparison, subject(comparison)));
  const judged = comparisons.filter((comparison) => comparison.test.status === "tested");
  if (changed.length === 0 && judged.length > 0) {
    sentences.push(`no figure changed beyond noise (${thresholdWords(judged, noise)})`);
  } else if (changed.length > 0) {
    sentences.push(`every other figure: no change beyond noise (${thresholdWords(judged, noise)})`);
  }
  const drifted = comparisons.filter((comparison) => comparison.verdict === "within-drift");
  if (drifted.length > 0) {
    const factors = drifted.map((comparison) => comparison.drift!);
    const speed = _driftWords(Math.min(...factors), Math.max(...factors));
    sentences.push(
      `${drifted.length} ${drifted.length === 1 ? "time" : "times"} (${
        [...new Set(drifted.map((comparison) => figureWords(comparison.metric)))].join(", ")
      }) changed beyond noise but no more than the machine's speed did between the benches ` +
        `(${speed}): not counted as changes`,
    );
  }
  const tooFew = comparisons.filter((comparison) => comparison.verdict === "too-few-runs");
  if (tooFew.length > 0) {
    const fewest = Math.min(...tooFew.map(({ test }) => Math.min(test.nVariant, test.nBaseline)));
    const add = Math.max(...tooFew.map(({ test }) => test.runsToAdd));
    sentences.push(
      `too few runs (n = ${fewest}) to compare${
        judged.length > 0 ? ` ${tooFew.length} of the figures` : ""
      }; add at least ${add} more`,
    );
  }
  const cannot = comparisons.filter((comparison) => comparison.verdict === "cannot-show");
  if (cannot.length > 0) {
    const { test } = cannot[0];
    const n = Math.min(test.nVariant, test.nBaseline);
    sentences.push(
      `with n = ${n} ${
        test.design === "paired" ? "rounds" : "runs a side"
      } no change can be shown at ${
        options.falseDiscoveryRate ?? 0.05
      } (the smallest possible p is ${test.smallestPValue!.toFixed(3)}); add at least 1 more`,
    );
  }
  const noRatio = comparisons.filter((comparison) => comparison.verdict === "not-positive");
  if (noRatio.length > 0) {
    const figures = [...new Set(noRatio.map((comparison) => figureWords(comparison.metric)))];
    sentences.push(`no ratio for ${figures.join(", ")}: some runs measured 0`);
  }
  return sentences;
}

/**
 * Which of active and CPU time spread less, in words, e.g. `CPU time spread less than active
 * time (median relative IQR 6.0% against 21.0% over 4 cells); the headline figure is active
 * time (comparison.primary)`; `undefined` without cells to judge.
 */
export function steadierSentence(steadier: SteadierFigure, primary: string): string | undefined {
  if (steadier.activeMs === null || steadier.cpuMs === null) return undefined;
  const headline = `the headline figure is ${figureWords(primary)} (comparison.primary)`;
  const spreads = `median relative IQR ${_percent(steadier.activeMs)} for active time, ${
    _percent(steadier.cpuMs)
  } for CPU time, over ${steadier.cells} ${steadier.cells === 1 ? "cell" : "cells"}`;
  if (steadier.steadier === null) {
    return `active and CPU time spread alike (${spreads}); ${headline}`;
  }
  const other = steadier.steadier === "cpuMs" ? "activeMs" : "cpuMs";
  return `${figureWords(steadier.steadier)} spread less than ${
    figureWords(other)
  } (${spreads}); ${headline}`;
}

/** `1.25x slower during this bench`, `1.10x to 1.40x slower during this bench`, ... */
function _driftWords(least: number, most: number): string {
  const slower = (factor: number): string => (factor >= 1 ? factor : 1 / factor).toFixed(2) + "x";
  if (least >= 1) {
    const amount = least === most ? slower(least) : `${slower(least)} to ${slower(most)}`;
    return `the machine was ${amount} slower during this bench`;
  }
  if (most < 1) {
    const amount = least === most ? slower(least) : `${slower(most)} to ${slower(least)}`;
    return `the machine was ${amount} slower during the baseline`;
  }
  return `the machine was up to ${slower(most)} slower during this bench and up to ${
    slower(least)
  } slower during the baseline, by cell or overall`;
}

function _signed(ratio: number): string {
  const text = ((ratio - 1) * 100).toFixed(1);
  return Number(text) === 0 ? "+0.0%" : text.startsWith("-") ? `${text}%` : `+${text}%`;
}

function _percent(fraction: number): string {
  const text = (fraction * 100).toFixed(1).replace(/\.0$/, "");
  return `${text}%`;
}
