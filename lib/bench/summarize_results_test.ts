// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import type { RunMeasurements } from "./run_result.ts";
import { compareVariants, METRICS, summarizeResults } from "./summarize_results.ts";
import { createSeededRandom } from "./seeded_random.ts";
import { fakeRun } from "./testdata/run_fixtures.ts";

/** Every measurement, each with its own distinct value, to check each metric reads its own. */
function fullMeasurements(): RunMeasurements {
  return {
    phasesMs: { init: 3, subscribe: 4, firstMessage: 5, randomMessages: 6, stop: 7 },
    waitedMs: 8,
    activeMs: 1,
    totalMs: 2,
    peakRssBytes: 9,
    heapUsedMaxBytes: 10,
    heapUsedFinalBytes: 11,
    cpuUserMs: 100,
    cpuSystemMs: 101,
    cpuMs: 12,
    messagesExpected: 102,
    messagesDelivered: 103,
    messagesMissed: 21,
    latencyMs: { count: 104, p50: 13, p95: 14, p99: 15, max: 16 },
    lastDeliveryMsMedian: 17,
    duplicatesPerDelivery: 18,
    meshDegreeAtFirstPublish: 19,
    meshDegreeMeanAtFirstPublish: 20,
  };
}

const EXPECTED_KEYS = [
  "activeMs",
  "totalMs",
  "phasesMs.init",
  "phasesMs.subscribe",
  "phasesMs.firstMessage",
  "phasesMs.randomMessages",
  "phasesMs.stop",
  "waitedMs",
  "peakRssBytes",
  "heapUsedMaxBytes",
  "heapUsedFinalBytes",
  "cpuMs",
  "latencyMs.p50",
  "latencyMs.p95",
  "latencyMs.p99",
  "latencyMs.max",
  "lastDeliveryMsMedian",
  "duplicatesPerDelivery",
  "meshDegreeAtFirstPublish",
  "meshDegreeMeanAtFirstPublish",
  "messagesMissed",
];

Deno.test("METRICS lists every summarised figure once, in report order", () => {
  assertEquals(METRICS.map((metric) => metric.key), EXPECTED_KEYS);
});

Deno.test("METRICS reads each figure from its own field", () => {
  const run = fakeRun({ measured: fullMeasurements() });
  // fullMeasurements numbers the figures 1..21 in METRICS order.
  assertEquals(METRICS.map((metric) => metric.get(run)), EXPECTED_KEYS.map((_, i) => i + 1));
});

Deno.test("METRICS gives undefined for a run that measured nothing", () => {
  const run = fakeRun({ ok: false, failure: "crash" });
  assertEquals(METRICS.map((metric) => metric.get(run)), EXPECTED_KEYS.map(() => undefined));
});

Deno.test("METRICS gives each figure a unit", () => {
  const units = Object.fromEntries(METRICS.map((metric) => [metric.key, metric.unit]));
  assertEquals(units.activeMs, "ms");
  assertEquals(units.peakRssBytes, "bytes");
  assertEquals(units.duplicatesPerDelivery, "ratio");
  assertEquals(units.messagesMissed, "count");
  assertEquals(units.meshDegreeAtFirstPublish, "count");
});

Deno.test("summarizeResults gives no cells for no results", () => {
  assertEquals(summarizeResults([]), []);
});

Deno.test("summarizeResults counts failures but summarises only counted ok runs", () => {
  const [summary, ...rest] = summarizeResults([
    fakeRun({ warmup: true, measured: { activeMs: 999 } }),
    fakeRun({ measured: { activeMs: 100 } }),
    fakeRun({ ok: false, failure: "timeout", measured: { activeMs: 5000 } }),
    fakeRun({ measured: { activeMs: 120 } }),
    fakeRun({ measured: { activeMs: 110 } }),
  ]);
  assertEquals(rest, []);
  assertEquals(summary.cell, { hosts: 5, msgs: 20, variant: "default" });
  assertEquals(summary.runs, 4);
  assertEquals(summary.failures, 1);
  assertEquals(summary.failureReasons, ["timeout"]);
  assertEquals(summary.warmups, 1);
  // Sorted [100, 110, 120]: q1 at 0.5 -> 105, q3 at 1.5 -> 115; |x - 110| = [10, 10, 0] -> MAD 10.
  assertEquals(summary.metrics.activeMs, {
    n: 3,
    median: 110,
    q1: 105,
    q3: 115,
    iqr: 10,
    mad: 10,
    min: 100,
    max: 120,
    mean: 110,
    outlierIndices: [],
  });
});

Deno.test("summarizeResults has a summary for every metric, over the runs that measured it", () => {
  const [summary] = summarizeResults([
    fakeRun({
      measured: { activeMs: 10, latencyMs: { count: 1, p50: 1, p95: 2, p99: 3, max: 4 } },
    }),
    fakeRun({ measured: { activeMs: 20 } }),
  ]);
  assertEquals(Object.keys(summary.metrics), EXPECTED_KEYS);
  assertEquals(summary.metrics.activeMs.n, 2);
  assertEquals(summary.metrics.activeMs.median, 15);
  assertEquals(summary.metrics["latencyMs.p99"].n, 1);
  assertEquals(summary.metrics["latencyMs.p99"].median, 3);
  assertEquals(summary.metrics.cpuMs.n, 0);
  assertEquals(summary.metrics.cpuMs.median, null);
});

Deno.test("summarizeResults gives n 0 for a cell whose counted runs all failed", () => {
  const [summary] = summarizeResults([
    fakeRun({ ok: false }),
    fakeRun({ ok: false, failure: "crash" }),
  ]);
  assertEquals(summary.runs, 2);
  assertEquals(summary.failures, 2);
  assertEquals(summary.failureReasons, ["unknown", "crash"]);
  assertEquals(summary.metrics.activeMs.n, 0);
  assertEquals(summary.metrics.activeMs.median, null);
});

Deno.test("summarizeResults lists a cell with only warm-ups with runs 0", () => {
  const [summary] = summarizeResults([fakeRun({ warmup: true, measured: { activeMs: 5 } })]);
  assertEquals(summary.runs, 0);
  assertEquals(summary.failures, 0);
  assertEquals(summary.warmups, 1);
  assertEquals(summary.metrics.activeMs.n, 0);
});

Deno.test("summarizeResults orders cells by variant first appearance, then hosts, then msgs", () => {
  const summaries = summarizeResults([
    fakeRun({ hosts: 10, msgs: 20, variant: "states" }),
    fakeRun({ hosts: 5, msgs: 100, variant: "default" }),
    fakeRun({ hosts: 5, msgs: 20, variant: "states" }),
    fakeRun({ hosts: 5, msgs: 20, variant: "default" }),
    fakeRun({ hosts: 5, msgs: 20, variant: "default" }),
  ]);
  assertEquals(summaries.map((summary) => summary.cell), [
    { hosts: 5, msgs: 20, variant: "states" },
    { hosts: 10, msgs: 20, variant: "states" },
    { hosts: 5, msgs: 20, variant: "default" },
    { hosts: 5, msgs: 100, variant: "default" },
  ]);
  assertEquals(summaries.map((summary) => summary.runs), [1, 1, 2, 1]);
});

Deno.test("compareVariants divides the variant's median by the baseline's", () => {
  const comparisons = compareVariants([
    fakeRun({ variant: "default", measured: { activeMs: 100, peakRssBytes: 100e6 } }),
    fakeRun({ variant: "default", measured: { activeMs: 100, peakRssBytes: 100e6 } }),
    fakeRun({ variant: "states", measured: { activeMs: 120, peakRssBytes: 150e6 } }),
    fakeRun({ variant: "states", measured: { activeMs: 120, peakRssBytes: 150e6 } }),
  ], { baseline: "default", random: createSeededRandom(1), resamples: 100 });
  // Constant samples: every resample has the same ratio, so the interval is the point.
  assertEquals(comparisons, [
    {
      hosts: 5,
      msgs: 20,
      variant: "states",
      baseline: "default",
      metric: "activeMs",
      estimate: { ratio: 1.2, low: 1.2, high: 1.2, resamples: 100, confidence: 0.95 },
    },
    {
      hosts: 5,
      msgs: 20,
      variant: "states",
      baseline: "default",
      metric: "peakRssBytes",
      estimate: { ratio: 1.5, low: 1.5, high: 1.5, resamples: 100, confidence: 0.95 },
    },
  ]);
});

Deno.test("compareVariants ignores warm-ups and failed runs", () => {
  // Counted ok samples: default [100], states [150] -> 1.5. Were the warm-ups (1000) or the
  // failed run (5000) counted, a median would move.
  const [comparison] = compareVariants([
    fakeRun({ variant: "default", warmup: true, measured: { activeMs: 1000 } }),
    fakeRun({ variant: "states", warmup: true, measured: { activeMs: 1000 } }),
    fakeRun({ variant: "default", measured: { activeMs: 100 } }),
    fakeRun({ variant: "states", measured: { activeMs: 150 } }),
    fakeRun({ variant: "states", ok: false, measured: { activeMs: 5000 } }),
  ], { baseline: "default", metrics: ["activeMs"], random: createSeededRandom(1) });
  assertEquals(comparison.estimate.ratio, 1.5);
  assertEquals([comparison.estimate.low, comparison.estimate.high], [1.5, 1.5]);
});

Deno.test("compareVariants skips pairs without the baseline and orders the rest", () => {
  const comparisons = compareVariants([
    fakeRun({ hosts: 10, variant: "floodsub", measured: { activeMs: 30 } }),
    fakeRun({ hosts: 10, variant: "states", measured: { activeMs: 20 } }),
    fakeRun({ hosts: 10, variant: "default", measured: { activeMs: 10 } }),
    fakeRun({ hosts: 5, variant: "default", measured: { activeMs: 10 } }),
    fakeRun({ hosts: 5, variant: "states", measured: { activeMs: 40 } }),
    fakeRun({ hosts: 20, variant: "states", measured: { activeMs: 40 } }),
  ], { baseline: "default", metrics: ["activeMs"], random: createSeededRandom(1) });
  assertEquals(
    comparisons.map((c) => [c.hosts, c.variant, c.estimate.ratio]),
    [[5, "states", 4], [10, "floodsub", 3], [10, "states", 2]],
  );
});

Deno.test("compareVariants gives null figures when a side has no ok runs", () => {
  const comparisons = compareVariants([
    fakeRun({ variant: "default", measured: { activeMs: 100 } }),
    fakeRun({ variant: "states", ok: false, failure: "timeout" }),
  ], { baseline: "default", metrics: ["activeMs"], random: createSeededRandom(1) });
  assertEquals(comparisons.map((c) => c.estimate), [
    { ratio: null, low: null, high: null, resamples: 0, confidence: 0.95 },
  ]);
});

Deno.test("compareVariants gives nothing without the baseline", () => {
  assertEquals(
    compareVariants([fakeRun({ variant: "states", measured: { activeMs: 1 } })], {
      baseline: "default",
      random: createSeededRandom(1),
    }),
    [],
  );
});

Deno.test("compareVariants gives an estimate independent of the other comparisons", () => {
  const results = [
    ...[100, 104, 98, 120, 101].map((activeMs) =>
      fakeRun({ variant: "default", measured: { activeMs, peakRssBytes: activeMs * 1e6 } })
    ),
    ...[110, 130, 115, 112, 109].map((activeMs) =>
      fakeRun({ variant: "states", measured: { activeMs, peakRssBytes: activeMs * 1e6 } })
    ),
  ];
  const both = compareVariants(results, {
    baseline: "default",
    metrics: ["peakRssBytes", "activeMs"],
    random: createSeededRandom(4),
  });
  const alone = compareVariants(results, {
    baseline: "default",
    metrics: ["activeMs"],
    random: createSeededRandom(4),
  });
  assertEquals(both[1], alone[0]);
  // median 112 / median 101
  assertEquals(alone[0].estimate.ratio, 112 / 101);
});

Deno.test("compareVariants rejects an unknown metric", () => {
  throws(
    () =>
      compareVariants([], {
        baseline: "default",
        metrics: ["wallMs"],
        random: createSeededRandom(1),
      }),
    {
      name: "RangeError",
      message: `compareVariants: option metrics must hold keys of METRICS (${
        EXPECTED_KEYS.join(", ")
      }), got "wallMs"`,
    },
  );
});

Deno.test("compareVariants rejects resamples that are not an integer >= 1", () => {
  throws(
    () => compareVariants([], { baseline: "default", random: createSeededRandom(1), resamples: 0 }),
    {
      name: "RangeError",
      message: "compareVariants: option resamples must be an integer >= 1, got 0",
    },
  );
});
