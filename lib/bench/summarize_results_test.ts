// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert, throws } from "node:assert/strict";
import type { RunMeasurements } from "./run_result.ts";
import { compareVariants, METRICS, summarizeResults } from "./summarize_results.ts";
import { fakeRounds, fakeRun } from "./testdata/run_fixtures.ts";

function assertClose(actual: number, expected: number): void {
  assert(Math.abs(actual - expected) < 1e-9, `expected ${expected}, got ${actual}`);
}

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

Deno.test("compareVariants pairs rounds by iteration and tests their log ratios", () => {
  // Every round of states is 1.2 x its default round: all 6 log ratios equal ln 1.2 > 0, so the
  // signed-rank p is the smallest possible, 2 / 2^6, and every Walsh average is ln 1.2.
  const base = [100, 130, 90, 120, 110, 95];
  const comparisons = compareVariants([
    ...fakeRounds("default", base),
    ...fakeRounds("states", base.map((value) => value * 1.2)),
  ], { baseline: "default", metrics: ["activeMs"] });
  assertEquals(comparisons.length, 1);
  const [comparison] = comparisons;
  assertEquals(comparison.test.design, "paired");
  assertEquals([comparison.test.nVariant, comparison.test.nBaseline], [6, 6]);
  assertClose(comparison.estimate.ratio!, 1.2);
  assertClose(comparison.estimate.low!, 1.2);
  assertClose(comparison.estimate.high!, 1.2);
  assertClose(comparison.test.pValue!, 2 / 64);
  // One comparison in the family: adjusted p = p; 1.2 is beyond the 2% floor.
  assertClose(comparison.qValue!, 2 / 64);
  assertEquals([comparison.verdict, comparison.change, comparison.threshold], [
    "higher",
    "higher",
    0.02,
  ]);
});

Deno.test("compareVariants uses the rounds, not the sorted samples: a shuffled pairing is no change", () => {
  // The same values, paired so that half the rounds are faster and half slower.
  const comparisons = compareVariants([
    ...fakeRounds("default", [100, 200, 100, 200, 100, 200]),
    ...fakeRounds("states", [200, 100, 200, 100, 200, 100]),
  ], { baseline: "default", metrics: ["activeMs"] });
  assertEquals(comparisons[0].verdict, "not-significant");
  assertEquals(comparisons[0].change, null);
});

Deno.test("compareVariants gives no interval and no verdict below minSamples", () => {
  const [comparison] = compareVariants([
    ...fakeRounds("default", [100, 110]),
    ...fakeRounds("states", [150, 160]),
  ], { baseline: "default", metrics: ["activeMs"] });
  assertEquals(comparison.verdict, "too-few-runs");
  assertEquals(comparison.estimate, { ratio: null, low: null, high: null, confidence: 0.95 });
  assertEquals(comparison.test.runsToAdd, 3);
  assertEquals(comparison.change, null);
});

Deno.test("compareVariants ignores warm-ups and failed runs, and pairs only complete rounds", () => {
  const results = [
    ...fakeRounds("default", [100, 100, 100, 100, 100, 100]),
    ...fakeRounds("states", [150, 150, 150, 150, 150]),
    fakeRun({ variant: "states", iteration: 5, ok: false, failure: "timeout" }),
    fakeRun({ variant: "default", warmup: true, iteration: 0, measured: { activeMs: 9999 } }),
    fakeRun({ variant: "states", warmup: true, iteration: 0, measured: { activeMs: 1 } }),
  ];
  const [comparison] = compareVariants(results, {
    baseline: "default",
    metrics: ["activeMs"],
  });
  assertEquals([comparison.test.nVariant, comparison.test.nBaseline], [5, 5]);
  assertClose(comparison.estimate.ratio!, 1.5);
});

Deno.test("compareVariants skips pairs without the baseline and orders the rest", () => {
  const comparisons = compareVariants([
    fakeRun({ hosts: 10, variant: "floodsub", iteration: 0, measured: { activeMs: 30 } }),
    fakeRun({ hosts: 10, variant: "states", iteration: 0, measured: { activeMs: 20 } }),
    fakeRun({ hosts: 10, variant: "default", iteration: 0, measured: { activeMs: 10 } }),
    fakeRun({ hosts: 5, variant: "default", iteration: 0, measured: { activeMs: 10 } }),
    fakeRun({ hosts: 5, variant: "states", iteration: 0, measured: { activeMs: 40 } }),
    fakeRun({ hosts: 20, variant: "states", iteration: 0, measured: { activeMs: 40 } }),
  ], { baseline: "default", metrics: ["activeMs"], minSamples: 1 });
  assertEquals(
    comparisons.map((c) => [c.hosts, c.variant, Number(c.estimate.ratio!.toFixed(9))]),
    [[5, "states", 4], [10, "floodsub", 3], [10, "states", 2]],
  );
});

Deno.test("compareVariants says no-data when a side has no ok runs", () => {
  const comparisons = compareVariants([
    fakeRun({ variant: "default", iteration: 0, measured: { activeMs: 100 } }),
    fakeRun({ variant: "states", iteration: 0, ok: false, failure: "timeout" }),
  ], { baseline: "default", metrics: ["activeMs"] });
  assertEquals(comparisons.map((c) => [c.verdict, c.estimate.ratio]), [["no-data", null]]);
});

Deno.test("compareVariants gives nothing without the baseline", () => {
  assertEquals(
    compareVariants([fakeRun({ variant: "states", measured: { activeMs: 1 } })], {
      baseline: "default",
    }),
    [],
  );
});

Deno.test("compareVariants adjusts p-values over every figure it compares (one family)", () => {
  const base = [100, 130, 90, 120, 110, 95];
  const results = [
    ...base.map((activeMs, iteration) =>
      fakeRun({ variant: "default", iteration, measured: { activeMs, cpuMs: activeMs } })
    ),
    ...base.map((activeMs, iteration) =>
      fakeRun({
        variant: "states",
        iteration,
        // active time 1.2 x in every round; CPU time up or down by turns.
        measured: { activeMs: activeMs * 1.2, cpuMs: activeMs * (iteration % 2 ? 1.1 : 0.9) },
      })
    ),
  ];
  const alone = compareVariants(results, { baseline: "default", metrics: ["activeMs"] });
  const both = compareVariants(results, { baseline: "default", metrics: ["activeMs", "cpuMs"] });
  assertEquals(alone[0].test, both[0].test);
  // Two tests: the smaller p (2/64) is multiplied by 2 / 1.
  assertClose(both[0].qValue!, 2 * (2 / 64));
  assertClose(alone[0].qValue!, 2 / 64);
});

Deno.test("compareVariants reports a significant change within the noise threshold as within-noise", () => {
  const base = [100, 130, 90, 120, 110, 95];
  const [comparison] = compareVariants([
    ...fakeRounds("default", base),
    ...fakeRounds("states", base.map((value) => value * 1.05)),
  ], { baseline: "default", metrics: ["activeMs"], noise: { floor: 0.1 } });
  assertEquals([comparison.verdict, comparison.threshold], ["within-noise", 0.1]);
});

Deno.test("compareVariants rejects an unknown metric", () => {
  throws(
    () =>
      compareVariants([], {
        baseline: "default",
        metrics: ["wallMs"],
      }),
    {
      name: "RangeError",
      message: `compareVariants: option metrics must hold keys of METRICS (${
        EXPECTED_KEYS.join(", ")
      }), got "wallMs"`,
    },
  );
});
