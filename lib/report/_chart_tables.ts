/**
 * The figures the report tabulates: per chart, the metric its table shows, the unit and how a
 * value is written.
 *
 * @module
 */

const _MIB = 2 ** 20;

/** How one chart's table shows its metric. */
export interface ChartTable {
  /** A `METRICS` key. */
  metric: string;
  /** The chart's unit, for the sentence above the table. */
  unit: string;
  /** Words for the metric in a sentence. */
  words: string;
  /** From the metric's unit to the chart's, as text. */
  format(value: number): string;
}

const _formatMs = (ms: number) => Math.abs(ms) < 10 ? ms.toFixed(1) : ms.toFixed(0);
const _formatMib = (bytes: number) => (bytes / _MIB).toFixed(1);

/** Chart id -> the metric its table shows; the failures chart has its own table. */
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
};

/** The `METRICS` keys the report's tables compare, in chart order. */
export const REPORT_METRICS: readonly string[] = Object.values(CHART_TABLES).map((table) =>
  table.metric
);

/** The words for a `METRICS` key in a sentence, e.g. "p99 latency"; the key when unknown. */
export function metricWords(metric: string): string {
  return Object.values(CHART_TABLES).find((table) => table.metric === metric)?.words ?? metric;
}
