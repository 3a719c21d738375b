import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { compareToBaseline } from "./compare_to_baseline.ts";
import { compareVariants } from "./summarize_results.ts";
import { steadierSentence, verdictSentences } from "./verdict_sentences.ts";
import { fakeRounds } from "./testdata/run_fixtures.ts";

const NOISE = { floor: 0.02 };

Deno.test("verdictSentences says when the rounds are too few for any p below the rate", () => {
  // 5 rounds, all slower: the smallest possible signed-rank p is 2/32 = 0.0625 > 0.05.
  const comparisons = compareVariants([
    ...fakeRounds("default", [100, 110, 120, 130, 140]),
    ...fakeRounds("states", [150, 160, 170, 180, 190]),
  ], { baseline: "default", metrics: ["activeMs"] });
  assertEquals(comparisons[0].verdict, "cannot-show");
  assertEquals(verdictSentences(comparisons, { noise: NOISE }), [
    "no figure changed beyond noise (threshold 2%, the floor: no A/A calibration)",
    "with n = 5 rounds no change can be shown at 0.05 (the smallest possible p is 0.063); add at least 1 more",
  ]);
});

Deno.test("verdictSentences says there is no ratio for figures that measured 0", () => {
  const comparisons = compareVariants([
    ...fakeRounds("default", [0, 1, 0, 1, 0, 1], { metric: "duplicatesPerDelivery" }),
    ...fakeRounds("states", [1, 1, 1, 1, 1, 1], { metric: "duplicatesPerDelivery" }),
  ], { baseline: "default", metrics: ["duplicatesPerDelivery"] });
  assertEquals(verdictSentences(comparisons, { noise: NOISE }), [
    "no ratio for duplicates per delivery: some runs measured 0",
  ]);
});

Deno.test("verdictSentences names the times that moved only with the machine's speed", () => {
  const values = [100, 104, 96, 110, 90, 101];
  const slower = (metric: "activeMs" | "cpuMs") =>
    fakeRounds("default", values.map((v) => v * 1.2), { metric });
  const comparisons = compareToBaseline(
    [...slower("activeMs"), ...slower("cpuMs")],
    [...fakeRounds("default", values), ...fakeRounds("default", values, { metric: "cpuMs" })],
    { metrics: ["activeMs", "cpuMs"], machineDrift: 1.25 },
  );
  assertEquals(comparisons.map((comparison) => comparison.verdict), [
    "within-drift",
    "within-drift",
  ]);
  assertEquals(verdictSentences(comparisons, { noise: NOISE }), [
    "no figure changed beyond noise (threshold 2%, the floor: no A/A calibration)",
    "2 times (active time, CPU time) changed beyond noise but no more than the machine's speed did between the benches (the machine was 1.25x slower during this bench): not counted as changes",
  ]);
});

Deno.test("steadierSentence names the steadier figure and the headline", () => {
  assertEquals(
    steadierSentence({ activeMs: 0.2, cpuMs: 0.05, steadier: "cpuMs", cells: 4 }, "activeMs"),
    "CPU time spread less than active time (median relative IQR 20% for active time, 5% for " +
      "CPU time, over 4 cells); the headline figure is active time (comparison.primary)",
  );
  assertEquals(
    steadierSentence({ activeMs: null, cpuMs: null, steadier: null, cells: 0 }, "cpuMs"),
    undefined,
  );
});
