/**
 * The figures of a run that the bench summarises across iterations, compares between variants
 * and calibrates its noise on: each with its key, label, unit and how to read it from a result.
 *
 * @module
 */
import type { RunResult } from "./run_result.ts";

/** One numeric figure of a run that is summarised across iterations. */
export interface MetricSpec {
  /** Stable identifier: the figure's path in {@linkcode RunResult}, e.g. `latencyMs.p99`. */
  key: string;
  /** Short human label, without the unit. */
  label: string;
  /** `ratio` is a dimensionless quotient (duplicates per delivery). */
  unit: "ms" | "bytes" | "count" | "ratio";
  /** The figure, or `undefined` when the run did not measure it. */
  get(result: RunResult): number | undefined;
}

/** Every figure `summarizeResults` (summarize_results.ts) summarises, in report order. */
export const METRICS: readonly MetricSpec[] = [
  { key: "activeMs", label: "active", unit: "ms", get: (r) => r.activeMs },
  { key: "totalMs", label: "total", unit: "ms", get: (r) => r.totalMs },
  { key: "phasesMs.init", label: "init phase", unit: "ms", get: (r) => r.phasesMs?.init },
  {
    key: "phasesMs.subscribe",
    label: "subscribe phase",
    unit: "ms",
    get: (r) => r.phasesMs?.subscribe,
  },
  {
    key: "phasesMs.firstMessage",
    label: "first message phase",
    unit: "ms",
    get: (r) => r.phasesMs?.firstMessage,
  },
  {
    key: "phasesMs.randomMessages",
    label: "random messages phase",
    unit: "ms",
    get: (r) => r.phasesMs?.randomMessages,
  },
  { key: "phasesMs.stop", label: "stop phase", unit: "ms", get: (r) => r.phasesMs?.stop },
  { key: "waitedMs", label: "back-off waits", unit: "ms", get: (r) => r.waitedMs },
  { key: "peakRssBytes", label: "peak RSS", unit: "bytes", get: (r) => r.peakRssBytes },
  {
    key: "heapUsedMaxBytes",
    label: "heap used (max)",
    unit: "bytes",
    get: (r) => r.heapUsedMaxBytes,
  },
  {
    key: "heapUsedFinalBytes",
    label: "heap used (final)",
    unit: "bytes",
    get: (r) => r.heapUsedFinalBytes,
  },
  { key: "cpuMs", label: "CPU time", unit: "ms", get: (r) => r.cpuMs },
  { key: "latencyMs.p50", label: "latency p50", unit: "ms", get: (r) => r.latencyMs?.p50 },
  { key: "latencyMs.p95", label: "latency p95", unit: "ms", get: (r) => r.latencyMs?.p95 },
  { key: "latencyMs.p99", label: "latency p99", unit: "ms", get: (r) => r.latencyMs?.p99 },
  { key: "latencyMs.max", label: "latency max", unit: "ms", get: (r) => r.latencyMs?.max },
  {
    key: "lastDeliveryMsMedian",
    label: "time to last host (median)",
    unit: "ms",
    get: (r) => r.lastDeliveryMsMedian,
  },
  {
    key: "duplicatesPerDelivery",
    label: "duplicates per delivery",
    unit: "ratio",
    get: (r) => r.duplicatesPerDelivery,
  },
  {
    key: "meshDegreeAtFirstPublish",
    label: "mesh degree at first publish",
    unit: "count",
    get: (r) => r.meshDegreeAtFirstPublish,
  },
  {
    key: "meshDegreeMeanAtFirstPublish",
    label: "mean mesh degree at first publish",
    unit: "count",
    get: (r) => r.meshDegreeMeanAtFirstPublish,
  },
  { key: "messagesMissed", label: "messages missed", unit: "count", get: (r) => r.messagesMissed },
];
