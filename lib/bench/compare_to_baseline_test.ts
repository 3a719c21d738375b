// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import { compareToBaseline } from "./compare_to_baseline.ts";
import { createSeededRandom } from "./seeded_random.ts";
import { fakeRun } from "./testdata/run_fixtures.ts";

const random = createSeededRandom(7);

function runs(variant: string, activeMs: number[], hosts = 5) {
  return activeMs.map((value) => fakeRun({ variant, hosts, measured: { activeMs: value } }));
}

Deno.test("compareToBaseline divides this bench's median by the baseline's", () => {
  // Constant samples: every resample has the same medians, so the interval is the ratio itself.
  const [comparison] = compareToBaseline(
    runs("default", [110, 110, 110]),
    runs("default", [100, 100, 100]),
    { random, metrics: ["activeMs"] },
  );
  assertEquals(comparison.estimate.ratio, 1.1);
  assertEquals([comparison.estimate.low, comparison.estimate.high], [1.1, 1.1]);
  assertEquals(comparison.change, "higher");
});

Deno.test("compareToBaseline flags nothing inside the +-2% noise band", () => {
  const [comparison] = compareToBaseline(
    runs("default", [101.5, 101.5, 101.5]),
    runs("default", [100, 100, 100]),
    { random, metrics: ["activeMs"] },
  );
  assertEquals(comparison.change, null);
});

Deno.test("compareToBaseline flags a drop only when the whole interval is below the band", () => {
  const lower = compareToBaseline(runs("default", [90, 90, 90]), runs("default", [100, 100, 100]), {
    random,
    metrics: ["activeMs"],
  });
  assertEquals(lower[0].change, "lower");
  // Medians 90 vs 100, but spread wide enough that the interval reaches past 0.98.
  const [wide] = compareToBaseline(
    runs("default", [60, 90, 140]),
    runs("default", [70, 100, 130]),
    { random, metrics: ["activeMs"] },
  );
  assertEquals(wide.estimate.ratio, 0.9);
  assertEquals(wide.change, null);
});

Deno.test("compareToBaseline pairs cells by hosts, msgs and variant and skips unmatched ones", () => {
  const comparisons = compareToBaseline(
    [...runs("default", [10, 10], 5), ...runs("states", [30, 30], 5), ...runs("default", [7], 9)],
    [...runs("default", [5, 5], 5), ...runs("states", [10, 10], 5)],
    { random, metrics: ["activeMs"] },
  );
  assertEquals(
    comparisons.map((comparison) => [comparison.variant, comparison.estimate.ratio]),
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
    runs("default", [10]),
    { random, metrics: ["activeMs"] },
  );
  assertEquals(comparisons[0].estimate.ratio, 2);
});

Deno.test("compareToBaseline rejects an unknown metric and a bad noise threshold", () => {
  throws(
    () => compareToBaseline([], [], { random, metrics: ["speed"] }),
    /option metrics must hold keys of METRICS .* got "speed"/,
  );
  throws(
    () => compareToBaseline([], [], { random, noiseThreshold: -0.1 }),
    /option noiseThreshold must be >= 0 and < 1, got -0.1/,
  );
});
