import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { createEta, formatRunCount } from "./bench_progress.ts";
import type { PlannedRun } from "./plan_matrix.ts";

function run(key: string, hosts = 5, msgs = 20): PlannedRun {
  return {
    key,
    round: key,
    cell: { hosts, msgs, variant: "default" },
    iteration: 0,
    warmup: false,
    traced: false,
    seed: 1,
  };
}

Deno.test("formatRunCount() adds the most runs only when the plan is open-ended", () => {
  assertEquals(formatRunCount({ done: 3, total: 10, failures: 0 }), "3/10 runs");
  assertEquals(
    formatRunCount({ done: 3, total: 10, atMost: 40, failures: 0 }),
    "3/10 runs (at most 40)",
  );
  assertEquals(formatRunCount({ done: 10, total: 10, atMost: 10, failures: 0 }), "10/10 runs");
});

Deno.test("createEta() gives the expected runs' time, then the most the plan can take", () => {
  let clock = 0;
  const eta = createEta(() => clock);
  const runs = ["a", "b", "c", "d", "e", "f"].map((key) => run(key));
  eta.planned({ likely: runs.slice(0, 4), atMost: runs });
  assertEquals(eta.text(), "--");
  eta.started();
  clock = 10_000;
  eta.ended({ key: "a", cell: runs[0].cell, totalMs: 10_000, durationMs: 10_000 });
  // 3 expected runs left at 10 s each; at most 5.
  assertEquals(eta.text(), "30s (at most 50s)");
  // A cell decided: the plan shrinks to the expected runs, and the ETA to one figure.
  eta.planned({ likely: runs.slice(0, 3), atMost: runs.slice(0, 3) });
  assertEquals(eta.text(), "20s");
});

Deno.test("createEta() of a fixed plan shows one figure", () => {
  let clock = 0;
  const eta = createEta(() => clock);
  const runs = [run("a"), run("b", 10, 20)];
  eta.planned({ likely: runs, atMost: runs });
  eta.started();
  clock = 4_000;
  eta.ended({ key: "a", cell: runs[0].cell, totalMs: 4_000, durationMs: 4_500 });
  // The unseen cell costs twice as much (10 x 21 against 5 x 21).
  assertEquals(eta.text(), "8s");
});
