import { deepStrictEqual as assertEquals } from "node:assert/strict";
import type { SequentialRule } from "./sequential_rule.ts";
import {
  sequentialCellSentence,
  sequentialRuleSentence,
  summarizeSequential,
} from "./sequential_summary.ts";
import { fakeRounds, fakeRun } from "./testdata/run_fixtures.ts";

const RULE: SequentialRule = {
  untilCiWidth: 0.06,
  minIterations: 3,
  maxIterations: 6,
  metric: "cpuMs",
  reference: "default",
  variants: ["states"],
  minSamples: 5,
  confidence: 0.95,
};

/** 6 rounds whose CPU-time log ratios are 0.01 .. 0.06: interval [e^0.01, e^0.06], 0.052 wide. */
function narrowCell(hosts: number) {
  const d = [0.01, 0.02, 0.03, 0.04, 0.05, 0.06];
  return [
    ...fakeRounds("default", d.map(() => 100), { hosts, metric: "cpuMs" }),
    ...fakeRounds("states", d.map((x) => 100 * Math.exp(x)), { hosts, metric: "cpuMs" }),
  ];
}

/** 6 rounds that scatter far more. */
function wideCell(hosts: number) {
  return [
    ...fakeRounds("default", [100, 100, 100, 100, 100, 100], { hosts, metric: "cpuMs" }),
    ...fakeRounds("states", [130, 80, 120, 75, 125, 90], { hosts, metric: "cpuMs" }),
  ];
}

Deno.test("summarizeSequential() says per cell where it ended, by hosts", () => {
  const results = [
    ...wideCell(10),
    ...narrowCell(5),
    ...fakeRounds("default", [100, 100], { hosts: 20, metric: "cpuMs" }),
    fakeRun({ hosts: 30, variant: "default", warmup: true, iteration: 0 }),
  ];
  const summary = summarizeSequential(results, RULE);
  assertEquals(
    summary.cells.map((cell) => [cell.hosts, cell.rounds, cell.runs, cell.state]),
    [[5, 6, 12, "reached"], [10, 6, 12, "max"], [20, 2, 2, "open"]],
  );
});

Deno.test("sequentialCellSentence() words rounds, runs, outcome and each ratio", () => {
  const [narrow, wide] = summarizeSequential([...narrowCell(5), ...wideCell(10)], RULE).cells;
  assertEquals(
    sequentialCellSentence(narrow),
    "5 hosts x 20 msgs: 6 rounds (12 runs), reached the width: states / default 1.036 " +
      "[1.010, 1.062], 0.052 wide",
  );
  assertEquals(
    sequentialCellSentence(wide).replace(/ [\d.]+ \[.*$/, ""),
    "10 hosts x 20 msgs: 6 rounds (12 runs), hit the maximum: states / default",
  );
});

Deno.test("sequentialCellSentence() says when a ratio has no 95% CI yet", () => {
  const [young] = summarizeSequential(
    [
      ...fakeRounds("default", [100, 100], { metric: "cpuMs" }),
      ...fakeRounds("states", [101, 99], { metric: "cpuMs" }),
    ],
    RULE,
  ).cells;
  assertEquals(
    sequentialCellSentence(young),
    "5 hosts x 20 msgs: 2 rounds (4 runs), unfinished (resume the bench): states / default: " +
      "no 95% CI yet (2 pairs)",
  );
});

Deno.test("sequentialRuleSentence() names the bounds, the ratios, the figure and the scale", () => {
  assertEquals(
    sequentialRuleSentence({ ...RULE, variants: ["states", "floodsub"] }),
    "Sequential sampling: each cell ran 3 to 6 rounds, until the 95% CI of states / default, " +
      "floodsub / default (CPU time) was at most 0.060 wide (high - low, ratio scale), checked " +
      "after each round.",
  );
});
