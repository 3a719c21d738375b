/**
 * The figures the report tabulates: per chart, the metrics its table shows, the unit and how a
 * value is written; and the per-phase table's columns.
 *
 * @module
 */

const _MIB = 2 ** 20;

/** One median (IQR) column of a chart's table. */
export interface TableColumn {
  /** A `METRICS` key. */
  metric: string;
  /** The column's header, e.g. `"p95"`; the chart's table calls its only column "median (IQR)". */
  header: string;
}

/** How one chart's table shows its metrics. */
export interface ChartTable {
  /** The `METRICS` key the chart draws; the ratio columns compare it. */
  metric: string;
  /**
   * The median (IQR) columns, in order, when there is more than the chart's metric (which must
   * be one of them). @default the chart's metric alone
   */
  columns?: readonly TableColumn[];
  /** The chart's unit, for the sentence above the table. */
  unit: string;
  /** Words for the metric in a sentence. */
  words: string;
  /** From the metric's unit to the chart's, as text. */
  format(value: number): string;
}

const _formatMs = (ms: number) => Math.abs(ms) < 10 ? ms.toFixed(1) : ms.toFixed(0);
const _formatMib = (bytes: number) => (bytes / _MIB).toFixed(1);

/** Chart id -> the metrics its table shows; the failures chart has its own table. */
export const CHART_TABLES: Record<string, ChartTable> = {
  "active-time": { metric: "activeMs", unit: "ms", words: "active time", format: _formatMs },
  "peak-rss": { metric: "peakRssBytes", unit: "MiB", words: "peak RSS", format: _formatMib },
  "final-heap": {
    metric: "heapUsedFinalBytes",
    unit: "MiB",
    words: "final heap",
    format: _formatMib,
  },
  "cpu-time": {
    metric: "cpuMs",
    unit: "s",
    words: "CPU time",
    format: (ms) => (ms / 1000).toFixed(2),
  },
  "p99-latency": {
    metric: "latencyMs.p99",
    columns: [
      { metric: "latencyMs.p50", header: "p50" },
      { metric: "latencyMs.p95", header: "p95" },
      { metric: "latencyMs.p99", header: "p99" },
    ],
    unit: "ms",
    words: "p99 latency",
    format: _formatMs,
  },
  "duplicates": {
    metric: "duplicatesPerDelivery",
    unit: "duplicates per delivery",
    words: "duplicates per delivery",
    format: (value) => value.toFixed(2),
  },
  "mesh-degree": {
    metric: "meshDegreeAtFirstPublish",
    columns: [
      { metric: "meshDegreeAtFirstPublish", header: "publisher" },
      { metric: "meshDegreeMeanAtFirstPublish", header: "mean over hosts" },
    ],
    unit: "mesh peers",
    words: "mesh degree",
    format: (value) => value.toFixed(1),
  },
};

/**
 * The `METRICS` keys the report compares between variants and against a baseline, in chart
 * order: the ones a verdict is worth giving for (not mesh degree, which the router sets).
 */
export const REPORT_METRICS: readonly string[] = [
  "activeMs",
  "peakRssBytes",
  "heapUsedFinalBytes",
  "cpuMs",
  "latencyMs.p99",
  "duplicatesPerDelivery",
];

/** The scenario's phases in the order they run, with their `METRICS` keys and headers. */
export const PHASE_COLUMNS: readonly TableColumn[] = [
  { metric: "phasesMs.init", header: "init" },
  { metric: "phasesMs.subscribe", header: "subscribe" },
  { metric: "phasesMs.firstMessage", header: "first message" },
  { metric: "phasesMs.randomMessages", header: "random messages" },
  { metric: "phasesMs.stop", header: "stop" },
];

/** Writes a phase time, like the active-time table. */
export const formatPhaseMs: (ms: number) => string = _formatMs;

/** The words for a `METRICS` key in a sentence, e.g. "p99 latency"; the key when unknown. */
export function metricWords(metric: string): string {
  return Object.values(CHART_TABLES).find((table) => table.metric === metric)?.words ?? metric;
}
