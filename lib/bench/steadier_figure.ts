/**
 * Which of wall (active) time and CPU time spreads less across a bench's runs: the steadier one
 * tells a change from noise with fewer runs.
 *
 * @module
 */
import { median } from "simple-statistics";
import type { CellSummary } from "./summarize_results.ts";

/** The spread of active and CPU time over a bench's cells. */
export interface SteadierFigure {
  /** Median over cells of IQR / median of active time; `null` without cells to judge. */
  activeMs: number | null;
  /** The same for CPU time. */
  cpuMs: number | null;
  /** The figure with the smaller spread; `null` when either is missing or they are equal. */
  steadier: "activeMs" | "cpuMs" | null;
  /** Cells that had at least two runs with both figures. */
  cells: number;
}

/**
 * Compares the relative IQR (IQR / median) of active time and CPU time, per cell, and takes
 * the median over cells. Cells with fewer than two samples of a figure, or a median of 0, are
 * left out.
 *
 * @example
 * ```ts
 * findSteadierFigure(summarizeResults(results)); // { activeMs: 0.21, cpuMs: 0.06, steadier: "cpuMs", cells: 4 }
 * ```
 *
 * @param cells summaries from `summarizeResults`; not modified
 */
export function findSteadierFigure(cells: readonly CellSummary[]): SteadierFigure {
  const spreads = { activeMs: [] as number[], cpuMs: [] as number[] };
  let counted = 0;
  for (const cell of cells) {
    const active = _relativeIqr(cell.metrics.activeMs);
    const cpu = _relativeIqr(cell.metrics.cpuMs);
    if (active === null || cpu === null) continue;
    spreads.activeMs.push(active);
    spreads.cpuMs.push(cpu);
    counted++;
  }
  if (counted === 0) return { activeMs: null, cpuMs: null, steadier: null, cells: 0 };
  const activeMs = median(spreads.activeMs);
  const cpuMs = median(spreads.cpuMs);
  return {
    activeMs,
    cpuMs,
    steadier: activeMs < cpuMs ? "activeMs" : cpuMs < activeMs ? "cpuMs" : null,
    cells: counted,
  };
}

function _relativeIqr(summary: CellSummary["metrics"][string] | undefined): number | null {
  if (!summary || summary.n < 2 || !summary.median || summary.iqr === null) return null;
  return summary.iqr / summary.median;
}
