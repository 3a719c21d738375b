/**
 * The time a bench has left, from the durations measured so far: what the progress bar shows as
 * its ETA.
 *
 * @module
 */
import { cellCost, type MatrixCell } from "./shard_matrix.ts";

/** A run whose time is known: its cell and how long it took from its start to its report. */
export interface TimedRun {
  cell: MatrixCell;
  busyMs: number;
}

/** What {@linkcode estimateRemainingMs} needs. */
export interface RemainingWork {
  /** Wall time of this bench invocation so far, from its first run's start. */
  elapsedMs: number;
  /** The runs this invocation finished, with their times. */
  done: readonly TimedRun[];
  /** The cells of the runs still to do (started or not), one entry per run. */
  remaining: readonly MatrixCell[];
}

/**
 * Estimated wall time left, or `undefined` before any run has finished. Each remaining run is
 * weighed by the mean time of finished runs of its cell; a cell not seen yet is extrapolated
 * from the others by its cost (hosts x (msgs + 1)). The bench's own wall time per unit of that
 * weight so far then converts it to wall time, which carries the overhead between runs and any
 * parallelism (`--jobs`) along.
 */
export function estimateRemainingMs(work: RemainingWork): number | undefined {
  if (work.done.length === 0) return undefined;
  if (work.remaining.length === 0) return 0;
  const perCell = new Map<string, { sum: number; count: number }>();
  let busyPerCost = 0;
  let totalCost = 0;
  for (const run of work.done) {
    const key = _cellKey(run.cell);
    const entry = perCell.get(key) ?? { sum: 0, count: 0 };
    entry.sum += run.busyMs;
    entry.count++;
    perCell.set(key, entry);
    busyPerCost += run.busyMs;
    totalCost += cellCost(run.cell);
  }
  const msPerCost = busyPerCost / totalCost;
  const weightOf = (cell: MatrixCell): number => {
    const entry = perCell.get(_cellKey(cell));
    return entry ? entry.sum / entry.count : msPerCost * cellCost(cell);
  };
  const doneWeight = work.done.reduce((sum, run) => sum + run.busyMs, 0);
  const remainingWeight = work.remaining.reduce((sum, cell) => sum + weightOf(cell), 0);
  if (doneWeight <= 0) return undefined;
  return work.elapsedMs * (remainingWeight / doneWeight);
}

/**
 * A duration for a progress line: `45s`, `3m 05s`, `1h 02m`; `--` when unknown.
 *
 * @example
 * ```ts
 * formatEta(185_000); // "3m 05s"
 * ```
 */
export function formatEta(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return "--";
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m`;
}

function _cellKey(cell: MatrixCell): string {
  return `${cell.hosts}x${cell.msgs}`;
}
