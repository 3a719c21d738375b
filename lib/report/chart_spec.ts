/**
 * The figures of the bench report as plain data: which metric, in which unit, one point per cell.
 *
 * @module
 */
import type { summarizeResults } from "../bench/mod.ts";

/**
 * A cell's summary as `summarizeResults` returns it. Derived from the bench area's public face
 * because `lib/bench/mod.ts` does not re-export the `CellSummary` type itself.
 */
export type CellSummary = ReturnType<typeof summarizeResults>[number];

/** One cell's value in a chart: the median over its counted ok runs, with its IQR. */
export interface ChartPoint {
  /** The line the point belongs to, e.g. `"20 hosts · states"`. */
  series: string;
  variant: string;
  hosts: number;
  /** Messages published in the cell. */
  x: number;
  /** Median, in the chart's unit. */
  y: number;
  /** First quartile, in the chart's unit; absent when the chart has no spread (failures). */
  low?: number;
  /** Third quartile, in the chart's unit; absent when the chart has no spread (failures). */
  high?: number;
}

/** One figure: a line per (hosts, variant) over the number of messages. */
export interface ChartSpec {
  /** File-name safe identifier, e.g. `"active-time"`. */
  id: string;
  title: string;
  /** Y axis label, with its unit. */
  yLabel: string;
  /**
   * By series (variant in order of first appearance in the cells, then hosts ascending), then by
   * x ascending.
   */
  points: ChartPoint[];
}

interface _MetricChart {
  id: string;
  title: string;
  yLabel: string;
  /** A {@linkcode METRICS} key of `summarize_results.ts`. */
  key: string;
  /** From the metric's unit to the chart's. */
  scale: number;
}

const _MIB = 2 ** 20;

/** The metric figures, in report order; the failures figure comes last. */
const _METRIC_CHARTS: readonly _MetricChart[] = [
  {
    id: "active-time",
    title: "Active time",
    yLabel: "active time (ms)",
    key: "activeMs",
    scale: 1,
  },
  {
    id: "peak-rss",
    title: "Peak RSS",
    yLabel: "peak RSS (MiB)",
    key: "peakRssBytes",
    scale: 1 / _MIB,
  },
  {
    id: "final-heap",
    title: "Heap used at the end",
    yLabel: "final heap used (MiB)",
    key: "heapUsedFinalBytes",
    scale: 1 / _MIB,
  },
  { id: "cpu-time", title: "CPU time", yLabel: "CPU time (s)", key: "cpuMs", scale: 1 / 1000 },
  {
    id: "p99-latency",
    title: "Delivery latency, 99th percentile",
    yLabel: "p99 latency (ms)",
    key: "latencyMs.p99",
    scale: 1,
  },
  {
    id: "duplicates",
    title: "Duplicates per delivery",
    yLabel: "duplicates per delivery",
    key: "duplicatesPerDelivery",
    scale: 1,
  },
];

/**
 * The report's charts from per-cell summaries: active time (ms), peak RSS (MiB = bytes / 2^20),
 * final heap used (MiB), CPU time (s), p99 delivery latency (ms), duplicates per delivery, and
 * failed runs (count, no IQR), in that order.
 *
 * A point's `y` is the cell's median and `low` / `high` its quartiles, converted to the chart's
 * unit. A cell whose median is `null` (no counted ok run measured the figure) has no point in that
 * chart; every cell has a point in the failures chart.
 *
 * @example
 * ```ts
 * const [activeTime] = buildBenchCharts(summarizeResults(results));
 * activeTime.points[0]; // { series: "10 hosts · default", variant: "default", hosts: 10, x: 5, ... }
 * ```
 *
 * @param cells e.g. from `summarizeResults`; not modified
 */
export function buildBenchCharts(cells: readonly CellSummary[]): ChartSpec[] {
  const variantOrder = new Map<string, number>();
  for (const { cell } of cells) {
    if (!variantOrder.has(cell.variant)) variantOrder.set(cell.variant, variantOrder.size);
  }
  const sortPoints = (points: ChartPoint[]): ChartPoint[] =>
    points.sort((a, b) =>
      (variantOrder.get(a.variant) ?? 0) - (variantOrder.get(b.variant) ?? 0) ||
      a.hosts - b.hosts ||
      a.x - b.x
    );

  const charts = _METRIC_CHARTS.map(({ id, title, yLabel, key, scale }): ChartSpec => {
    const points: ChartPoint[] = [];
    for (const { cell, metrics } of cells) {
      const summary = metrics[key];
      if (summary?.median === null || summary?.median === undefined) continue;
      const point: ChartPoint = { ..._pointBase(cell), y: summary.median * scale };
      // Quartiles are null exactly when the median is, but the type does not say so.
      if (summary.q1 !== null) point.low = summary.q1 * scale;
      if (summary.q3 !== null) point.high = summary.q3 * scale;
      points.push(point);
    }
    return { id, title, yLabel, points: sortPoints(points) };
  });
  charts.push({
    id: "failures",
    title: "Failed runs",
    yLabel: "failed runs",
    points: sortPoints(cells.map(({ cell, failures }) => ({ ..._pointBase(cell), y: failures }))),
  });
  return charts;
}

function _pointBase(cell: CellSummary["cell"]): Omit<ChartPoint, "y"> {
  return {
    series: `${cell.hosts} hosts · ${cell.variant}`,
    variant: cell.variant,
    hosts: cell.hosts,
    x: cell.msgs,
  };
}
