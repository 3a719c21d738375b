/**
 * The figures of the bench report as plain data: which metric, in which unit, a median with its
 * quartiles per cell, every counted run as a sample, and where each mark sits beside the others.
 *
 * @module
 */
import { isCounted, METRICS, type RunResult, type summarizeResults } from "../bench/mod.ts";

/**
 * A cell's summary as `summarizeResults` returns it. Derived from the bench area's public face
 * because `lib/bench/mod.ts` does not re-export the `CellSummary` type itself.
 */
export type CellSummary = ReturnType<typeof summarizeResults>[number];

/** One cell's median in a chart, with its quartiles. */
export interface ChartPoint {
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
  /**
   * Where the variant sits beside the others at the same message count, in slots (one slot is
   * the distance between two neighbouring message counts on the x axis): the dodge that keeps
   * the variants' bars apart.
   */
  offset: number;
}

/** One counted ok run's figure, drawn as a small dot behind its cell's median. */
export interface ChartSample {
  variant: string;
  hosts: number;
  x: number;
  /** The run's figure, in the chart's unit. */
  y: number;
  /** The variant's dodge plus a deterministic jitter, in slots (see {@linkcode ChartPoint}). */
  offset: number;
}

/** One figure: per host count, per variant, the medians over the number of messages. */
export interface ChartSpec {
  /** File-name safe identifier, e.g. `"active-time"`. */
  id: string;
  title: string;
  /** Y axis label, with its unit. */
  yLabel: string;
  /** Variants in legend and dodge order (order of first appearance in the cells). */
  variants: string[];
  /** By variant (in `variants` order), then hosts, then x, ascending. */
  points: ChartPoint[];
  /** Every counted ok run that measured the figure, in the order of `points`' cells. */
  samples: ChartSample[];
  /** Medians of the baseline bench for the cells both benches ran; empty without one. */
  baseline: ChartPoint[];
  /** What the marks mean, for the text under the chart. */
  caption: string;
}

/** Options of {@linkcode buildBenchCharts}. */
export interface BuildBenchChartsOptions {
  /**
   * The runs the cells summarise: the counted ok ones become the charts' sample dots.
   * @default no sample dots
   */
  results?: readonly RunResult[];
  /** Per-cell summaries of a baseline bench, drawn as its medians. @default none */
  baseline?: readonly CellSummary[];
}

interface _MetricChart {
  id: string;
  title: string;
  yLabel: string;
  /** A `METRICS` key of `summarize_results.ts`. */
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
    title: "Delivery latency",
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
  {
    id: "mesh-degree",
    title: "Mesh degree at the first publish",
    yLabel: "publisher's mesh peers",
    key: "meshDegreeAtFirstPublish",
    scale: 1,
  },
];

/** Share of a slot the variants of one message count take together. */
const _GROUP_WIDTH = 0.5;
/** Share of a variant's part of the group its samples spread over. */
const _JITTER_WIDTH = 0.7;

/**
 * The report's charts from per-cell summaries: active time (ms), peak RSS (MiB = bytes / 2^20),
 * final heap used (MiB), CPU time (s), p99 delivery latency (ms), duplicates per delivery, the
 * first publisher's mesh degree, and, when a counted run failed, failed runs (count, no IQR), in
 * that order.
 *
 * A point's `y` is the cell's median and `low` / `high` its quartiles, converted to the chart's
 * unit. A cell whose median is `null` (no counted ok run measured the figure) has no point in that
 * chart. With `options.results`, every counted ok run that measured the figure is a sample.
 *
 * Placement: with V variants, the variants of one message count share half a slot, in `variants`
 * order: variant i sits at `(i - (V - 1) / 2) * 0.5 / V` slots (two variants: -0.125 and +0.125).
 * A cell's samples spread over 0.7 of its variant's width, sorted by value and placed by the van
 * der Corput sequence (the median run in the middle, its neighbours in value far apart), so the
 * same runs always give the same picture.
 *
 * @example
 * ```ts
 * const [activeTime] = buildBenchCharts(summarizeResults(results), { results });
 * activeTime.points[0]; // { variant: "default", hosts: 10, x: 5, y: 812, low: 790, ... }
 * ```
 *
 * @param cells e.g. from `summarizeResults`; not modified
 */
export function buildBenchCharts(
  cells: readonly CellSummary[],
  options: BuildBenchChartsOptions = {},
): ChartSpec[] {
  const variants = [...new Set(cells.map(({ cell }) => cell.variant))];
  const step = _GROUP_WIDTH / Math.max(1, variants.length);
  const offsetOf = (variant: string) =>
    (variants.indexOf(variant) - (variants.length - 1) / 2) * step;
  const byPlace = <T extends { variant: string; hosts: number; x: number }>(items: T[]): T[] =>
    items.sort((a, b) =>
      variants.indexOf(a.variant) - variants.indexOf(b.variant) || a.hosts - b.hosts ||
      a.x - b.x
    );
  const ordered = byPlace(cells.map((summary) => ({ ..._place(summary.cell), summary })));
  const runs = _countedOkRunsByCell(options.results ?? []);
  const here = new Set(ordered.map(({ summary }) => _cellKey(summary.cell)));
  const baselineCells = byPlace(
    (options.baseline ?? [])
      .filter(({ cell }) => here.has(_cellKey(cell)))
      .map((summary) => ({ ..._place(summary.cell), summary })),
  );

  const charts = _METRIC_CHARTS.map(({ id, title, yLabel, key, scale }): ChartSpec => {
    const metric = METRICS.find((candidate) => candidate.key === key)!;
    const medianPoint = ({ summary }: { summary: CellSummary }): ChartPoint[] => {
      const figures = summary.metrics[key];
      if (figures?.median === null || figures?.median === undefined) return [];
      const point: ChartPoint = {
        ..._place(summary.cell),
        y: figures.median * scale,
        offset: offsetOf(summary.cell.variant),
      };
      // Quartiles are null exactly when the median is, but the type does not say so.
      if (figures.q1 !== null) point.low = figures.q1 * scale;
      if (figures.q3 !== null) point.high = figures.q3 * scale;
      return [point];
    };
    const samples = ordered.flatMap(({ summary: { cell } }) => {
      const values = (runs.get(_cellKey(cell)) ?? [])
        .map((run) => metric.get(run))
        .filter((value): value is number => value !== undefined)
        .map((value) => value * scale);
      const jitter = _jitter(values, step * _JITTER_WIDTH);
      return values.map((y, index): ChartSample => ({
        ..._place(cell),
        y,
        offset: offsetOf(cell.variant) + jitter[index],
      }));
    });
    const spec: ChartSpec = {
      id,
      title,
      yLabel,
      variants,
      points: ordered.flatMap(medianPoint),
      samples,
      baseline: baselineCells.flatMap(medianPoint),
      caption: "",
    };
    spec.caption = _caption(spec);
    return spec;
  });
  if (cells.some(({ failures }) => failures > 0)) {
    const failures: ChartSpec = {
      id: "failures",
      title: "Failed runs",
      yLabel: "failed runs",
      variants,
      points: ordered.map(({ summary }) => ({
        ..._place(summary.cell),
        y: summary.failures,
        offset: offsetOf(summary.cell.variant),
      })),
      samples: [],
      baseline: [],
      caption: "",
    };
    failures.caption = _caption(failures);
    charts.push(failures);
  }
  return charts;
}

/**
 * Offsets of `values` within `width` slots, centred on 0: sorted by value (ties in input order),
 * the k-th gets the van der Corput number of k + 1 (1/2, 1/4, 3/4, 1/8, ...) mapped onto the
 * width, so the middle run sits in the middle and runs close in value sit far apart.
 */
function _jitter(values: readonly number[], width: number): number[] {
  if (values.length < 2) return values.map(() => 0);
  const ranks = values.map((value, index) => ({ value, index }))
    .sort((a, b) => a.value - b.value || a.index - b.index);
  const offsets: number[] = new Array(values.length);
  ranks.forEach(({ index }, rank) => offsets[index] = (_vanDerCorput(rank + 1) - 0.5) * width);
  return offsets;
}

/** The base-2 van der Corput number of `n`: its binary digits mirrored after the point. */
function _vanDerCorput(n: number): number {
  let result = 0;
  let denominator = 1;
  for (let rest = n; rest > 0; rest = Math.floor(rest / 2)) {
    denominator *= 2;
    result += (rest % 2) / denominator;
  }
  return result;
}

/** What the marks of `spec` mean, in words; says only what the chart draws. */
function _caption(spec: ChartSpec): string {
  const sentences: string[] = [];
  const several = spec.variants.length > 1;
  if (spec.id === "failures") {
    sentences.push("Failed counted runs per cell.");
  } else {
    if (spec.samples.length > 0) {
      sentences.push(
        `Each small dot is one counted run (${spec.samples.length} in all); runs are spread ` +
          "sideways only so that equal values stay visible.",
      );
    }
    const spread = spec.points.some((point) => point.low !== undefined);
    sentences.push(
      "The large marker is the cell's median" +
        (spread
          ? " and the vertical bar its interquartile range (IQR, the middle half of the runs)"
          : "") +
        "; lines join a variant's medians.",
    );
  }
  if (several) {
    sentences.push(
      "Variants differ in marker shape and line dash, and stand side by side at each message " +
        "count so that their bars do not overlap.",
    );
  }
  sentences.push("One panel per host count.");
  if (spec.baseline.length > 0) {
    sentences.push("A dashed grey tick marks the baseline bench's median of the same cell.");
  }
  return sentences.join(" ");
}

function _place(cell: CellSummary["cell"]): { variant: string; hosts: number; x: number } {
  return { variant: cell.variant, hosts: cell.hosts, x: cell.msgs };
}

function _cellKey(cell: CellSummary["cell"]): string {
  return `${cell.hosts}/${cell.msgs}/${cell.variant}`;
}

function _countedOkRunsByCell(results: readonly RunResult[]): Map<string, RunResult[]> {
  const byCell = new Map<string, RunResult[]>();
  for (const result of results) {
    if (!isCounted(result) || !result.ok) continue;
    const key = _cellKey(result.cell);
    const runs = byCell.get(key);
    if (runs) runs.push(result);
    else byCell.set(key, [result]);
  }
  return byCell;
}
