// The stop rule on hand-made rounds whose interval is known: with 6 pairs the exact 95% interval
// of the signed-rank test is [smallest, largest] Walsh average (coverage 1 - 2/64 = 96.9%), i.e.
// [min, max] of the log ratios; with 5 pairs no interval reaches 95% (1 - 2/32 = 93.8%).
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { parseBenchConfig } from "../config/mod.ts";
import {
  checkCellPrecision,
  predictRounds,
  referenceVariantOf,
  type SequentialRule,
  sequentialRuleOf,
} from "./sequential_rule.ts";
import { fakeRounds, fakeRun } from "./testdata/run_fixtures.ts";
import type { RunResult } from "./run_result.ts";

const RULE: SequentialRule = {
  untilCiWidth: 0.06,
  minIterations: 3,
  maxIterations: 10,
  metric: "activeMs",
  reference: "default",
  variants: ["states"],
  minSamples: 5,
  confidence: 0.95,
};

/** `states` = `default` x e^d per round, `default` 100 ms every round. */
function rounds(logRatios: readonly number[], variant = "states"): RunResult[] {
  return [
    ...fakeRounds("default", logRatios.map(() => 100)),
    ...fakeRounds(variant, logRatios.map((d) => 100 * Math.exp(d))),
  ];
}

const SIX = [0.01, 0.02, 0.03, 0.04, 0.05, 0.06];
const SIX_WIDTH = Math.exp(0.06) - Math.exp(0.01); // 0.05179

function assertClose(actual: number | null, expected: number): void {
  assert(
    actual !== null && Math.abs(actual - expected) < 1e-9,
    `expected ${expected}, got ${actual}`,
  );
}

Deno.test("checkCellPrecision() measures the interval's width on the ratio scale", () => {
  const precision = checkCellPrecision(rounds(SIX), { hosts: 5, msgs: 20 }, RULE);
  assertEquals(precision.rounds, 6);
  assertEquals(precision.pairs.length, 1);
  assertClose(precision.pairs[0].low, Math.exp(0.01));
  assertClose(precision.pairs[0].high, Math.exp(0.06));
  assertClose(precision.width, SIX_WIDTH);
  assertEquals(precision.state, "reached");
});

Deno.test("checkCellPrecision() stays open while the interval is wider than asked", () => {
  const precision = checkCellPrecision(rounds(SIX), { hosts: 5, msgs: 20 }, {
    ...RULE,
    untilCiWidth: 0.05,
  });
  assertClose(precision.width, SIX_WIDTH);
  assertEquals(precision.state, "open");
});

Deno.test("checkCellPrecision() has no width before the interval can cover 95%", () => {
  const precision = checkCellPrecision(rounds(SIX.slice(0, 5)), { hosts: 5, msgs: 20 }, {
    ...RULE,
    untilCiWidth: 9.9,
  });
  assertEquals(precision.width, null);
  assertEquals(precision.pairs[0].pairs, 5);
  assertEquals(precision.state, "open");
});

Deno.test("checkCellPrecision() wants minSamples pairs even when the interval covers 95%", () => {
  const precision = checkCellPrecision(rounds(SIX), { hosts: 5, msgs: 20 }, {
    ...RULE,
    minSamples: 7,
  });
  assertEquals(precision.width, null);
  assertEquals(precision.state, "open");
});

Deno.test("checkCellPrecision() runs the minimum rounds whatever the width", () => {
  const precision = checkCellPrecision(rounds(SIX), { hosts: 5, msgs: 20 }, {
    ...RULE,
    minIterations: 8,
  });
  assertClose(precision.width, SIX_WIDTH);
  assertEquals(precision.state, "open");
});

Deno.test("checkCellPrecision() stops a wide cell at its maximum", () => {
  const wide = [0.3, -0.2, 0.25, -0.3, 0.1, 0.2];
  const precision = checkCellPrecision(rounds(wide), { hosts: 5, msgs: 20 }, {
    ...RULE,
    maxIterations: 6,
    minIterations: 6,
  });
  assert(precision.width !== null && precision.width > 0.4);
  assertEquals(precision.state, "max");
});

Deno.test("checkCellPrecision() reaches its width only when every variant's pair does", () => {
  const results = [
    ...rounds(SIX),
    ...fakeRounds("floodsub", [130, 80, 120, 70, 125, 90]),
  ];
  const rule = { ...RULE, variants: ["states", "floodsub"] };
  const precision = checkCellPrecision(results, { hosts: 5, msgs: 20 }, rule);
  assertEquals(precision.pairs.map((pair) => pair.variant), ["states", "floodsub"]);
  assertClose(precision.pairs[0].width, SIX_WIDTH);
  assert(precision.pairs[1].width! > 0.3);
  assertEquals(precision.width, precision.pairs[1].width);
  assertEquals(precision.state, "open");
});

Deno.test("checkCellPrecision() counts a failed round but pairs only measured ones", () => {
  const results = [
    ...rounds(SIX),
    fakeRun({ variant: "default", iteration: 6, ok: false, failure: "timeout" }),
    fakeRun({ variant: "states", iteration: 6, measured: { activeMs: 500 } }),
  ];
  const precision = checkCellPrecision(results, { hosts: 5, msgs: 20 }, RULE);
  assertEquals(precision.rounds, 7);
  assertEquals(precision.pairs[0].pairs, 6);
  assertClose(precision.width, SIX_WIDTH);
});

Deno.test("checkCellPrecision() looks only at the cell's counted runs of the watched variants", () => {
  const results = [
    ...rounds(SIX),
    ...fakeRounds("states", [900, 10, 900], { hosts: 10 }),
    fakeRun({ variant: "states", iteration: 7, warmup: true, measured: { activeMs: 1 } }),
    ...fakeRounds("twin", [1, 2, 3, 4, 5, 6, 7, 8, 9]),
  ];
  const precision = checkCellPrecision(results, { hosts: 5, msgs: 20 }, RULE);
  assertEquals(precision.rounds, 6);
  assertClose(precision.width, SIX_WIDTH);
});

Deno.test("checkCellPrecision() watches the figure the rule names", () => {
  const results = [
    ...fakeRounds("default", SIX.map(() => 100), { metric: "cpuMs" }),
    ...fakeRounds("states", SIX.map((d) => 100 * Math.exp(2 * d)), { metric: "cpuMs" }),
  ];
  const precision = checkCellPrecision(results, { hosts: 5, msgs: 20 }, {
    ...RULE,
    metric: "cpuMs",
  });
  assertClose(precision.width, Math.exp(0.12) - Math.exp(0.02));
  assertEquals(
    checkCellPrecision(results, { hosts: 5, msgs: 20 }, RULE).pairs[0].pairs,
    0,
    "activeMs was not measured",
  );
});

Deno.test("checkCellPrecision() of a cell without runs is open with no rounds", () => {
  const precision = checkCellPrecision([], { hosts: 5, msgs: 20 }, RULE);
  assertEquals(precision.rounds, 0);
  assertEquals(precision.width, null);
  assertEquals(precision.state, "open");
});

Deno.test("predictRounds() scales the pairs by the squared width ratio, within the bounds", () => {
  const open = checkCellPrecision(rounds(SIX), { hosts: 5, msgs: 20 }, {
    ...RULE,
    untilCiWidth: 0.05,
  });
  // 6 pairs at 0.05179 wide, asked 0.05: 6 x 1.0729 = 6.44, so 7 rounds.
  assertEquals(predictRounds(open, { ...RULE, untilCiWidth: 0.05 }), 7);
  // Asked 0.01: 6 x 26.8 = 161, capped at the maximum.
  assertEquals(predictRounds(open, { ...RULE, untilCiWidth: 0.01 }), 10);
});

Deno.test("predictRounds() of a stopped cell is its rounds, of a young one the minimum, else one more", () => {
  const reached = checkCellPrecision(rounds(SIX), { hosts: 5, msgs: 20 }, RULE);
  assertEquals(predictRounds(reached, RULE), 6);
  const young = checkCellPrecision(rounds(SIX.slice(0, 2)), { hosts: 5, msgs: 20 }, RULE);
  assertEquals(predictRounds(young, RULE), 3);
  const noWidth = checkCellPrecision(rounds(SIX.slice(0, 4)), { hosts: 5, msgs: 20 }, RULE);
  assertEquals(predictRounds(noWidth, RULE), 5);
});

Deno.test("sequentialRuleOf() watches every variant against default on the primary figure", () => {
  const config = parseBenchConfig("", "x", {
    flags: {
      variants: "states,default,floodsub",
      untilCiWidth: "0.1",
      iterations: "4",
      maxIterations: "30",
      primary: "cpuMs",
    },
  });
  assertEquals(sequentialRuleOf(config), {
    untilCiWidth: 0.1,
    minIterations: 4,
    maxIterations: 30,
    metric: "cpuMs",
    reference: "default",
    variants: ["states", "floodsub"],
    minSamples: 5,
    confidence: 0.95,
  });
  assertEquals(sequentialRuleOf(parseBenchConfig("", "x")), undefined);
  assertEquals(referenceVariantOf(["states", "floodsub"]), "states");
});
