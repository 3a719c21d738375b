// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert, throws } from "node:assert/strict";
import { compareToBaseline } from "./compare_to_baseline.ts";
import { fakeRun } from "./testdata/run_fixtures.ts";

function runs(variant: string, activeMs: number[], hosts = 5) {
  return activeMs.map((value) => fakeRun({ variant, hosts, measured: { activeMs: value } }));
}

function assertClose(actual: number | null, expected: number): void {
  assert(
    actual !== null && Math.abs(actual - expected) < 1e-9,
    `expected ${expected}, got ${actual}`,
  );
}

const FIVE = [100, 104, 96, 110, 90];

Deno.test("compareToBaseline flags a shift with no overlap: rank-sum p = 2 / C(10, 5)", () => {
  const [comparison] = compareToBaseline(
    runs("default", FIVE.map((value) => value * 1.5)),
    runs("default", FIVE),
    { metrics: ["activeMs"] },
  );
  assertEquals(comparison.test.design, "independent");
  assertClose(comparison.test.pValue, 2 / 252);
  // Hodges-Lehmann: the median of the 25 cross log ratios, 1.5 x each value against all five.
  assert(comparison.estimate.ratio! > 1.3 && comparison.estimate.ratio! < 1.7);
  assertEquals(comparison.change, "higher");
});

Deno.test("compareToBaseline flags nothing inside the noise threshold", () => {
  // Every run 1.5% slower: significant (no overlap), but within the 2% floor.
  const [comparison] = compareToBaseline(
    runs("default", FIVE.map((value) => value * 1.015)),
    runs("default", FIVE.map((value) => value * 1.0)),
    { metrics: ["activeMs"] },
  );
  assertEquals(comparison.verdict, "not-significant");
  const [tight] = compareToBaseline(
    runs("default", [101.5, 101.6, 101.7, 101.8, 101.9]),
    runs("default", [100, 100.1, 100.2, 100.3, 100.4]),
    { metrics: ["activeMs"] },
  );
  assertEquals([tight.verdict, tight.change], ["within-noise", null]);
});

Deno.test("compareToBaseline flags a drop, and not overlapping samples with a lower median", () => {
  const lower = compareToBaseline(
    runs("default", FIVE.map((value) => value * 0.8)),
    runs("default", FIVE),
    { metrics: ["activeMs"] },
  );
  assertEquals(lower[0].change, "lower");
  const [wide] = compareToBaseline(
    runs("default", [60, 90, 140, 80, 120]),
    runs("default", [70, 100, 130, 85, 125]),
    { metrics: ["activeMs"] },
  );
  assertEquals([wide.verdict, wide.change], ["not-significant", null]);
});

Deno.test("compareToBaseline says too few runs, with no interval, below minSamples", () => {
  const [comparison] = compareToBaseline(runs("default", [110, 111]), runs("default", FIVE), {
    metrics: ["activeMs"],
  });
  assertEquals(comparison.verdict, "too-few-runs");
  assertEquals(comparison.test.runsToAdd, 3);
  assertEquals([comparison.estimate.low, comparison.estimate.high], [null, null]);
});

Deno.test("compareToBaseline pairs cells by hosts, msgs and variant and skips unmatched ones", () => {
  const comparisons = compareToBaseline(
    [...runs("default", [10, 10], 5), ...runs("states", [30, 30], 5), ...runs("default", [7], 9)],
    [...runs("default", [5, 5], 5), ...runs("states", [10, 10], 5)],
    { metrics: ["activeMs"], minSamples: 2 },
  );
  assertEquals(
    comparisons.map((comparison) => [
      comparison.variant,
      Number(comparison.estimate.ratio!.toFixed(9)),
    ]),
    [["default", 2], ["states", 3]],
  );
});

Deno.test("compareToBaseline ignores warm-ups and failed runs", () => {
  const comparisons = compareToBaseline(
    [
      ...runs("default", [20, 20]),
      fakeRun({ warmup: true, measured: { activeMs: 1000 } }),
      fakeRun({ ok: false, failure: "timeout", measured: { activeMs: 1000 } }),
    ],
    runs("default", [10, 10]),
    { metrics: ["activeMs"], minSamples: 2 },
  );
  assertEquals([comparisons[0].test.nVariant, comparisons[0].test.nBaseline], [2, 2]);
  assertClose(comparisons[0].estimate.ratio, 2);
});

Deno.test("compareToBaseline rejects an unknown metric and a bad false discovery rate", () => {
  throws(
    () => compareToBaseline([], [], { metrics: ["speed"] }),
    /option metrics must hold keys of METRICS .* got "speed"/,
  );
  throws(
    () => compareToBaseline([], [], { falseDiscoveryRate: 1.5 }),
    /option falseDiscoveryRate must be > 0 and < 1, got 1.5/,
  );
});

function rssRuns(values: number[]) {
  return values.map((value) => fakeRun({ measured: { activeMs: 100, peakRssBytes: value } }));
}

Deno.test("compareToBaseline allows times to move with the machine's speed, and no further", () => {
  // Every run 1.3x slower: a change without drift, within a 1.3x slower machine's drift.
  const slower = runs("default", FIVE.map((value) => value * 1.3));
  const [plain] = compareToBaseline(slower, runs("default", FIVE), { metrics: ["activeMs"] });
  assertEquals([plain.verdict, plain.change, plain.drift], ["higher", "higher", null]);
  const [allowed] = compareToBaseline(slower, runs("default", FIVE), {
    metrics: ["activeMs"],
    machineDrift: 1.3,
  });
  assertEquals([allowed.verdict, allowed.change, allowed.drift], ["within-drift", null, 1.3]);
  // Twice as slow on a machine only 1.3x slower: past drift and the 2% floor.
  const [beyond] = compareToBaseline(
    runs("default", FIVE.map((value) => value * 2)),
    runs("default", FIVE),
    { metrics: ["activeMs"], machineDrift: 1.3 },
  );
  assertEquals(beyond.change, "higher");
  // The band is the drift times the noise: 1.3 x 1.02 = 1.326 is its edge.
  const [edge] = compareToBaseline(
    runs("default", FIVE.map((value) => value * 1.33)),
    runs("default", FIVE),
    { metrics: ["activeMs"], machineDrift: 1.3 },
  );
  assertEquals(edge.change, "higher");
});

Deno.test("compareToBaseline's drift allowance is one-sided and leaves other figures alone", () => {
  // A machine 1.3x slower here does not excuse times that got shorter.
  const [faster] = compareToBaseline(
    runs("default", FIVE.map((value) => value / 1.3)),
    runs("default", FIVE),
    { metrics: ["activeMs"], machineDrift: 1.3 },
  );
  assertEquals(faster.change, "lower");
  // A machine faster here (drift below 1) excuses times that got shorter by as much.
  const [excused] = compareToBaseline(
    runs("default", FIVE.map((value) => value / 1.3)),
    runs("default", FIVE),
    { metrics: ["activeMs"], machineDrift: 1 / 1.3 },
  );
  assertEquals(excused.verdict, "within-drift");
  // Memory does not grow on a slower machine: no allowance.
  const mb = 1024 * 1024;
  const [memory] = compareToBaseline(
    rssRuns(FIVE.map((value) => value * 1.3 * mb)),
    rssRuns(FIVE.map((value) => value * mb)),
    { metrics: ["peakRssBytes"], machineDrift: 1.3 },
  );
  assertEquals([memory.change, memory.drift], ["higher", null]);
  throws(
    () =>
      compareToBaseline(runs("default", FIVE), runs("default", FIVE), {
        metrics: ["activeMs"],
        machineDrift: () => 0,
      }),
    /option machineDrift must be a positive factor, got 0/,
  );
});

Deno.test("compareToBaseline's drift span allows each direction its own bound", () => {
  // Over the cells, the machine ran between 0.8x and 1.3x as slow as during the baseline.
  const span = { low: 0.8, high: 1.3 };
  const judged = (factor: number) =>
    compareToBaseline(runs("default", FIVE.map((value) => value * factor)), runs("default", FIVE), {
      metrics: ["activeMs"],
      machineDrift: span,
    })[0];
  assertEquals([judged(1.25).verdict, judged(1.25).drift], ["within-drift", 1.3]);
  assertEquals([judged(0.8).verdict, judged(0.8).drift], ["within-drift", 0.8]);
  // Beyond either bound and the 2% floor: a change.
  assertEquals(judged(1.4).change, "higher");
  assertEquals(judged(0.7).change, "lower");
  throws(
    () =>
      compareToBaseline(runs("default", FIVE), runs("default", FIVE), {
        metrics: ["activeMs"],
        machineDrift: { low: -1, high: 1.3 },
      }),
    /option machineDrift must be a positive factor, got -1/,
  );
});
