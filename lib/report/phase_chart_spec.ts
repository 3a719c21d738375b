/**
 * Where a run's time goes, as plain data: per cell, the median of each scenario phase laid end to
 * end.
 *
 * @module
 */
import { PHASE_COLUMNS } from "./_chart_tables.ts";
import type { CellSummary } from "./chart_spec.ts";

/** One phase of one cell: from the end of the phases before it, for its median. */
export interface PhaseSegment {
  /** The phase's header, e.g. `"subscribe"`. */
  phase: string;
  startMs: number;
  endMs: number;
}

/** One cell's bar. */
export interface PhaseBar {
  hosts: number;
  msgs: number;
  variant: string;
  /** In phase order; a phase no run measured is left out. */
  segments: PhaseSegment[];
}

/** The phase chart: one stacked bar per cell. */
export interface PhaseChartSpec {
  id: "phases";
  title: string;
  /** Phase headers in the order they run (and stack). */
  phases: string[];
  /** Variants in the order of first appearance in the cells. */
  variants: string[];
  /** By hosts, then messages, then variant. */
  bars: PhaseBar[];
  caption: string;
}

/**
 * The phase chart from per-cell summaries: for each cell with at least one measured phase, the
 * phases' medians stacked in the order they run (init, subscribe, first message, random
 * messages, stop), each segment starting where the one before ended. A cell no ok run measured
 * has no bar.
 *
 * The bar's length is a sum of medians, which is not the median of the runs' sums; the caption
 * says so.
 *
 * @example
 * ```ts
 * const chart = buildPhaseChart(summarizeResults(results));
 * chart.bars[0].segments[1]; // { phase: "subscribe", startMs: 104, endMs: 138 }
 * ```
 *
 * @param cells e.g. from `summarizeResults`; not modified
 */
export function buildPhaseChart(cells: readonly CellSummary[]): PhaseChartSpec {
  const variants = [...new Set(cells.map(({ cell }) => cell.variant))];
  const bars: PhaseBar[] = [];
  for (const { cell, metrics } of cells) {
    let end = 0;
    const segments: PhaseSegment[] = [];
    for (const { metric, header } of PHASE_COLUMNS) {
      const median = metrics[metric]?.median;
      if (median === null || median === undefined) continue;
      segments.push({ phase: header, startMs: end, endMs: end + median });
      end += median;
    }
    if (segments.length > 0) bars.push({ ...cell, segments });
  }
  bars.sort((a, b) =>
    a.hosts - b.hosts || a.msgs - b.msgs ||
    variants.indexOf(a.variant) - variants.indexOf(b.variant)
  );
  return {
    id: "phases",
    title: "Where the time goes",
    phases: PHASE_COLUMNS.map((phase) => phase.header),
    variants,
    bars,
    caption: "One bar per cell: each phase's median over counted ok runs, laid end to end in " +
      "the order the phases run, darkest first. Stop begins where the active time ends. A bar's " +
      "length is a sum of medians, not the median run's total. One panel per host count.",
  };
}
