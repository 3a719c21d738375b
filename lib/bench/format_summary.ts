/**
 * Plain-text tables of cell summaries and variant comparisons, for the terminal and for reports.
 *
 * Number formats: milliseconds as integers, or with one decimal under 10 ms; memory in MB of
 * 2^20 bytes (as `top` and `ps` count), one decimal; duplicates per delivery with two decimals;
 * ratios with three. A missing figure prints as `n/a`.
 *
 * @module
 */
import Table from "cli-table3";
import type { VerdictKind } from "./judge_comparisons.ts";
import type { CellSummary, ComparisonEstimate, VariantComparison } from "./summarize_results.ts";
import { formatPValue } from "./verdict_sentences.ts";

const NOT_AVAILABLE = "n/a";
const BYTES_PER_MB = 1024 * 1024;

/** No rule between body rows: a table of many cells stays readable on one screen. */
const _COMPACT_ROWS = { "mid": "", "left-mid": "", "mid-mid": "", "right-mid": "" };

/** Options of {@linkcode formatSummaryTable}. */
export interface FormatSummaryTableOptions {
  /** The headline figure, shown with its IQR: `activeMs` or `cpuMs`. @default "activeMs" */
  primary?: string;
}

/**
 * One row per cell: hosts, msgs, variant, ok/runs, the median of the primary figure (active or
 * CPU ms) with its IQR, median peak RSS, median p99 latency, median duplicates per delivery,
 * and failures with their reasons.
 *
 * @example
 * ```ts
 * console.log(formatSummaryTable(summarizeResults(results)));
 * ```
 *
 * @param cells summaries from {@linkcode summarizeResults}, printed in the given order
 * @returns the table without colour codes, lines separated by `\n`
 */
export function formatSummaryTable(
  cells: readonly CellSummary[],
  options: FormatSummaryTableOptions = {},
): string {
  const primary = options.primary ?? "activeMs";
  const table = new Table({
    head: [
      "hosts",
      "msgs",
      "variant",
      "ok/runs",
      `${primary === "cpuMs" ? "CPU" : "active"} ms median (IQR)`,
      "peak RSS MB median",
      "p99 latency ms median",
      "dup/delivery",
      "failures",
    ],
    style: { head: [], border: [] },
    chars: _COMPACT_ROWS,
  });
  for (const { cell, runs, failures, failureReasons, metrics } of cells) {
    const headline = metrics[primary];
    table.push([
      String(cell.hosts),
      String(cell.msgs),
      cell.variant,
      `${runs - failures}/${runs}`,
      headline?.median == null
        ? NOT_AVAILABLE
        : `${_formatMs(headline.median)} (${_formatMs(headline.iqr)})`,
      _formatMb(metrics.peakRssBytes?.median),
      _formatMs(metrics["latencyMs.p99"]?.median),
      _formatFixed(metrics.duplicatesPerDelivery?.median, 2),
      _formatFailures(failures, failureReasons),
    ]);
  }
  return table.toString();
}

/**
 * One row per comparison: hosts, msgs, `variant vs baseline`, metric key, n (rounds), the ratio
 * and its interval (`1.041 [1.020, 1.063]`, the interval's coverage when it is not 95%), the
 * adjusted p-value, the noise threshold and the verdict. Below the minimum sample count the
 * row says `too few runs` and shows no interval.
 *
 * @example
 * ```ts
 * console.log(formatComparisonTable(compareVariants(results, { baseline: "default" })));
 * ```
 *
 * @param comparisons from {@linkcode compareVariants}, printed in the given order
 * @returns the table without colour codes, lines separated by `\n`
 */
export function formatComparisonTable(comparisons: readonly VariantComparison[]): string {
  const table = new Table({
    head: [
      "hosts",
      "msgs",
      "variant vs baseline",
      "metric",
      "n",
      "ratio [CI]",
      "p",
      "noise",
      "verdict",
    ],
    style: { head: [], border: [] },
    chars: _COMPACT_ROWS,
  });
  for (const comparison of comparisons) {
    const { hosts, msgs, variant, baseline, metric, test } = comparison;
    table.push([
      String(hosts),
      String(msgs),
      `${variant} vs ${baseline}`,
      metric,
      String(Math.min(test.nVariant, test.nBaseline)),
      formatRatioInterval(comparison.estimate),
      comparison.qValue === null
        ? NOT_AVAILABLE
        : formatPValue(comparison.qValue).replace(/^p = /, "").replace(/^p /, ""),
      `${_formatFixed(comparison.threshold * 100, 1)}%`,
      VERDICT_WORDS[comparison.verdict],
    ]);
  }
  return table.toString();
}

/** Short words for each verdict, for tables. */
export const VERDICT_WORDS: Record<VerdictKind, string> = {
  higher: "HIGHER",
  lower: "LOWER",
  "within-noise": "within noise",
  "within-drift": "within machine drift",
  "not-significant": "no change shown",
  "cannot-show": "too few to show",
  "too-few-runs": "too few runs",
  "no-data": "no data",
  "not-positive": "no ratio (0)",
};

/**
 * `1.041 [1.020, 1.063]`, with the interval's coverage appended when it is not 95%
 * (`1.100 [1.010, 1.200] 93.8%`); `n/a` without a ratio.
 */
export function formatRatioInterval(estimate: ComparisonEstimate): string {
  const { ratio, low, high, confidence } = estimate;
  if (ratio === null) return NOT_AVAILABLE;
  const interval = low === null || high === null
    ? ""
    : ` [${_formatFixed(low, 3)}, ${_formatFixed(high, 3)}]`;
  const coverage = interval !== "" && Math.round(confidence * 1000) !== 950
    ? ` ${_formatPercent(confidence)}`
    : "";
  return `${_formatFixed(ratio, 3)}${interval}${coverage}`;
}

/** Integers from 10 ms up; one decimal below, where rounding to an integer would hide too much. */
function _formatMs(value: number | null | undefined): string {
  if (value == null) return NOT_AVAILABLE;
  const oneDecimal = value.toFixed(1);
  // Decided on the rounded text, so 9.96 prints as "10", not "10.0".
  return Math.abs(Number(oneDecimal)) < 10 ? oneDecimal : Math.round(value).toFixed(0);
}

function _formatMb(bytes: number | null | undefined): string {
  return bytes == null ? NOT_AVAILABLE : (bytes / BYTES_PER_MB).toFixed(1);
}

function _formatFixed(value: number | null | undefined, digits: number): string {
  return value == null ? NOT_AVAILABLE : value.toFixed(digits);
}

function _formatPercent(fraction: number): string {
  // Rounded to 0.1 so 0.95 prints as 95, not 95.00000000000001.
  return String(Math.round(fraction * 1000) / 10) + "%";
}

/** `0`, or the count and each distinct reason with its count: `3 (timeout x2, crash)`. */
function _formatFailures(failures: number, reasons: readonly string[]): string {
  if (failures === 0) return "0";
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  const listed = [...counts].map(([reason, count]) => (count > 1 ? `${reason} x${count}` : reason));
  return listed.length === 0 ? String(failures) : `${failures} (${listed.join(", ")})`;
}
