/**
 * The scale view as plain data: time, CPU and memory per host against host count, so the cost of
 * growth shows at a glance. A flat line means a cost that grows in proportion to the hosts; a
 * rising one, faster than that.
 *
 * @module
 */
import type { CellSummary } from "./chart_spec.ts";

/** One panel of the scale chart: a figure per host. */
export interface ScaleMetric {
  /** A `METRICS` key of `summarize_results.ts`. */
  metric: string;
  /** Y axis label, with its unit. */
  label: string;
  /** From the metric's unit to the chart's, before dividing by the host count. */
  scale: number;
}

/** One cell's median per host, with its quartiles per host. */
export interface ScalePoint {
  /** `<variant> · <msgs> msgs`: one line per variant and message count. */
  series: string;
  variant: string;
  msgs: number;
  hosts: number;
  /** The `ScaleMetric.metric` of its panel. */
  metric: string;
  y: number;
  low?: number;
  high?: number;
}

/** The scale chart: one panel per metric, x = hosts on a log scale. */
export interface ScaleChartSpec {
  id: "scale";
  title: string;
  metrics: readonly ScaleMetric[];
  /** Host counts in ascending order: the x axis's ticks. */
  hosts: number[];
  /** Series in legend order: by variant (order of first appearance), then messages. */
  series: { name: string; variant: string; msgs: number }[];
  /** By series, then metric, then hosts. */
  points: ScalePoint[];
  caption: string;
}

/** The panels, in order. */
export const SCALE_METRICS: readonly ScaleMetric[] = [
  { metric: "activeMs", label: "active time per host (ms)", scale: 1 },
  { metric: "cpuMs", label: "CPU time per host (ms)", scale: 1 },
  { metric: "peakRssBytes", label: "peak RSS per host (MiB)", scale: 1 / 2 ** 20 },
];

/**
 * The scale chart from per-cell summaries: for every cell and panel metric whose median was
 * measured, the median divided by the cell's host count (the quartiles too, when known). Dividing
 * a cell's median by its fixed host count gives the median of the runs' per-host figures.
 *
 * The chart is worth drawing only with at least two host counts; with fewer, `points` is empty.
 *
 * @example
 * ```ts
 * const scale = buildScaleChart(summarizeResults(results));
 * scale.points[0]; // { series: "default · 100 msgs", hosts: 100, metric: "activeMs", y: 182.4, ... }
 * ```
 *
 * @param cells e.g. from `summarizeResults`; not modified
 */
export function buildScaleChart(cells: readonly CellSummary[]): ScaleChartSpec {
  const variants = [...new Set(cells.map(({ cell }) => cell.variant))];
  const hosts = [...new Set(cells.map(({ cell }) => cell.hosts))].sort((a, b) => a - b);
  const points: ScalePoint[] = [];
  if (hosts.length >= 2) {
    for (const { cell, metrics } of cells) {
      for (const { metric, scale } of SCALE_METRICS) {
        const figures = metrics[metric];
        if (figures?.median === null || figures?.median === undefined) continue;
        const per = scale / cell.hosts;
        const point: ScalePoint = {
          series: _seriesName(cell.variant, cell.msgs),
          variant: cell.variant,
          msgs: cell.msgs,
          hosts: cell.hosts,
          metric,
          y: figures.median * per,
        };
        if (figures.q1 !== null) point.low = figures.q1 * per;
        if (figures.q3 !== null) point.high = figures.q3 * per;
        points.push(point);
      }
    }
  }
  const series = [...new Map(points.map((point) => [point.series, point])).values()]
    .map(({ series: name, variant, msgs }) => ({ name, variant, msgs }))
    .sort((a, b) => variants.indexOf(a.variant) - variants.indexOf(b.variant) || a.msgs - b.msgs);
  const order = (point: ScalePoint) => series.findIndex((entry) => entry.name === point.series);
  const metricOrder = (point: ScalePoint) =>
    SCALE_METRICS.findIndex((entry) => entry.metric === point.metric);
  points.sort((a, b) =>
    order(a) - order(b) || metricOrder(a) - metricOrder(b) || a.hosts - b.hosts
  );
  return {
    id: "scale",
    title: "Cost per host as the network grows",
    metrics: SCALE_METRICS,
    hosts,
    series,
    points,
    caption: "Per host: each cell's median over counted ok runs divided by its host count, " +
      "with the quartiles as bars; the host axis is logarithmic. A flat line is a cost that " +
      "grows in proportion to the hosts, a rising one grows faster. Peak RSS per host includes " +
      "the run's fixed memory (Deno, modules, shards), which weighs more in small runs.",
  };
}

function _seriesName(variant: string, msgs: number): string {
  return `${variant} · ${msgs} msgs`;
}
