/**
 * The pieces of the report's per-cell tables: row order, the cell's columns, a median (IQR)
 * figure and a comparison column's cell.
 *
 * @module
 */
import {
  type BaselineComparison,
  type CellSummary,
  formatPValue,
  formatRatioInterval,
  type VariantComparison,
  VERDICT_WORDS,
} from "../bench/mod.ts";
import type { RichText } from "./report_document.ts";

type SampleSummary = CellSummary["metrics"][string];

/** What a table cell shows when there is no figure. */
export const NO_FIGURE = "—";

/** Table order: by hosts, then messages, variants in their order, so compared rows sit together. */
export function byCell(cells: readonly CellSummary[]): CellSummary[] {
  const variantOrder = [...new Set(cells.map((summary) => summary.cell.variant))];
  return [...cells].sort((a, b) =>
    a.cell.hosts - b.cell.hosts || a.cell.msgs - b.cell.msgs ||
    variantOrder.indexOf(a.cell.variant) - variantOrder.indexOf(b.cell.variant)
  );
}

/** A row's first three columns: hosts, messages, variant. */
export function cellColumns(cell: CellSummary["cell"]): string[] {
  return [String(cell.hosts), String(cell.msgs), cell.variant];
}

/** `median (IQR)` of a sample in `format`, or `—` when it has no figures. */
export function medianIqr(
  summary: SampleSummary | undefined,
  format: (value: number) => string,
): string {
  if (!summary || summary.median === null || summary.iqr === null) return NO_FIGURE;
  return `${format(summary.median)} (${format(summary.iqr)})`;
}

/**
 * A comparison column's cell: `1.051 [1.020, 1.083] p = 0.004 ▲` (bold when reported as
 * changed), `too few runs (n = 2)` below the minimum sample count, `—` without a comparison.
 */
export function comparisonCell(
  comparison: VariantComparison | BaselineComparison | undefined,
): RichText {
  if (!comparison) return NO_FIGURE;
  const { test } = comparison;
  if (comparison.verdict === "too-few-runs") {
    return `too few runs (n = ${Math.min(test.nVariant, test.nBaseline)})`;
  }
  if (test.status !== "tested") return VERDICT_WORDS[comparison.verdict];
  const text = `${formatRatioInterval(comparison.estimate)} ${formatPValue(comparison.qValue)}`;
  if (comparison.change === null) return text;
  return [{ text: `${text} ${comparison.change === "higher" ? "▲" : "▼"}`, strong: true }];
}
