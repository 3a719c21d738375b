// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { estimateRemainingMs, formatEta } from "./estimate_remaining.ts";

const SMALL = { hosts: 5, msgs: 20 };
const BIG = { hosts: 20, msgs: 100 };

Deno.test("estimateRemainingMs knows nothing before a run has finished", () => {
  assertEquals(estimateRemainingMs({ elapsedMs: 5000, done: [], remaining: [SMALL] }), undefined);
});

Deno.test("estimateRemainingMs is 0 when nothing remains", () => {
  const done = [{ cell: SMALL, busyMs: 100 }];
  assertEquals(estimateRemainingMs({ elapsedMs: 5000, done, remaining: [] }), 0);
});

Deno.test("estimateRemainingMs scales the wall time so far by the remaining runs of a seen cell", () => {
  // Two runs of 1 s each took 3 s of wall time (overhead included): 4 more take 6 s.
  const done = [{ cell: SMALL, busyMs: 1000 }, { cell: SMALL, busyMs: 1000 }];
  const remaining = [SMALL, SMALL, SMALL, SMALL];
  assertEquals(estimateRemainingMs({ elapsedMs: 3000, done, remaining }), 6000);
});

Deno.test("estimateRemainingMs uses each cell's own mean time", () => {
  // SMALL runs took 1 s, BIG runs 9 s; 20 s of wall for 1 + 9 s of runs: 2 wall per run-second.
  const done = [{ cell: SMALL, busyMs: 1000 }, { cell: BIG, busyMs: 9000 }];
  assertEquals(
    estimateRemainingMs({ elapsedMs: 20_000, done, remaining: [SMALL, BIG] }),
    20_000,
  );
});

Deno.test("estimateRemainingMs extrapolates an unseen cell by its cost", () => {
  // SMALL costs 5 x 21 = 105 units and took 1050 ms: 10 ms a unit. BIG, unseen, costs 2020
  // units: 20.2 s of run time, at 1 wall ms per run ms.
  const done = [{ cell: SMALL, busyMs: 1050 }];
  assertEquals(estimateRemainingMs({ elapsedMs: 1050, done, remaining: [BIG] }), 20_200);
});

Deno.test("formatEta writes seconds, minutes and hours", () => {
  assertEquals(formatEta(0), "0s");
  assertEquals(formatEta(44_600), "45s");
  assertEquals(formatEta(59_499), "59s");
  assertEquals(formatEta(185_000), "3m 05s");
  assertEquals(formatEta(3_600_000 + 2 * 60_000), "1h 02m");
});

Deno.test("formatEta writes -- for an unknown or impossible duration", () => {
  assertEquals(formatEta(undefined), "--");
  assertEquals(formatEta(Number.NaN), "--");
  assertEquals(formatEta(-1), "--");
});
