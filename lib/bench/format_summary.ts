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
import type { CellSummary, VariantComparison } from "./summarize_results.ts";

const NOT_AVAILABLE = "n/a";
const BYTES_PER_MB = 1024 * 1024;

/** No rule between body rows: a table of many cells stays readable on one screen. */
const _COMPACT_ROWS = { "mid": "", "left-mid": "", "mid-mid": "", "right-mid": "" };

/**
 * One row per cell: hosts, msgs, variant, ok/runs, median active ms with its IQR, median peak
 * RSS, median p99 latency, median duplicates per delivery, and failures with their reasons.
 *
 * @example
 * ```ts
 * console.log(formatSummaryTable(summarizeResults(results)));
 * ```
 *
 * @param cells summaries from {@linkcode summarizeResults}, printed in the given order
 * @returns the table without colour codes, lines separated by `\n`
 */
export function formatSummaryTable(cells: readonly CellSummary[]): string {
  const table = new Table({
    head: [
      "hosts",
      "msgs",
      "variant",
      "ok/runs",
      "active ms median (IQR)",
      "peak RSS MB median",
      "p99 latency ms median",
      "dup/delivery",
      "failures",
    ],
    style: { head: [], border: [] },
    chars: _COMPACT_ROWS,
  });
  for (const { cell, runs, failures, failureReasons, metrics } of cells) {
    const active = metrics.activeMs;
    table.push([
      String(cell.hosts),
      String(cell.msgs),
      cell.variant,
      `${runs - failures}/${runs}`,
      active?.median == null
        ? NOT_AVAILABLE
        : `${_formatMs(active.median)} (${_formatMs(active.iqr)})`,
      _formatMb(metrics.peakRssBytes?.median),
      _formatMs(metrics["latencyMs.p99"]?.median),
      _formatFixed(metrics.duplicatesPerDelivery?.median, 2),
      _formatFailures(failures, failureReasons),
    ]);
  }
  return table.toString();
}

/**
 * One row per comparison: hosts, msgs, `variant vs baseline`, metric key, ratio and its
 * confidence interval (e.g. `1.041` and `[1.020, 1.063]`).
 *
 * The interval column is headed `95% CI` (or whatever coverage the comparisons share; with mixed
 * coverages it is headed `CI` and each interval names its own).
 *
 * @example
 * ```ts
 * console.log(formatComparisonTable(compareVariants(results, { baseline: "default", random })));
 * ```
 *
 * @param comparisons from {@linkcode compareVariants}, printed in the given order
 * @returns the table without colour codes, lines separated by `\n`
 */
export function formatComparisonTable(comparisons: readonly VariantComparison[]): string {
  const coverages = new Set(comparisons.map((c) => c.estimate.confidence));
  const shared = coverages.size <= 1 ? [...coverages][0] ?? 0.95 : undefined;
  const table = new Table({
    head: [
      "hosts",
      "msgs",
      "variant vs baseline",
      "metric",
      "ratio",
      shared === undefined ? "CI" : `${_formatPercent(shared)} CI`,
    ],
    style: { head: [], border: [] },
    chars: _COMPACT_ROWS,
  });
  for (const { hosts, msgs, variant, baseline, metric, estimate } of comparisons) {
    const { ratio, low, high, confidence } = estimate;
    const interval = low === null || high === null
      ? NOT_AVAILABLE
      : `[${_formatFixed(low, 3)}, ${_formatFixed(high, 3)}]` +
        (shared === undefined ? ` (${_formatPercent(confidence)})` : "");
    table.push([
      String(hosts),
      String(msgs),
      `${variant} vs ${baseline}`,
      metric,
      _formatFixed(ratio, 3),
      interval,
    ]);
  }
  return table.toString();
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
