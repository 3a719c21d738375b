// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import type { MatrixConfig } from "../config/types.ts";
import { batchRuns, deriveRunSeed, planMatrix, type PlannedRun } from "./plan_matrix.ts";
import { isCounted } from "./run_result.ts";

/** 2 host counts x 1 message count x 2 variants, 1 warm-up and 2 counted runs per cell. */
const MATRIX_2X1X2: MatrixConfig = {
  hosts: [2, 3],
  msgs: [5],
  variants: ["default", "floodsub"],
  iterations: 2,
  warmups: 1,
  seed: 1,
};

Deno.test("planMatrix puts warm-ups first per cell and rotates the variants' order per round", () => {
  assertEquals(planMatrix(MATRIX_2X1X2).map((run) => run.key), [
    "h2-m5-default-w0",
    "h2-m5-floodsub-w0",
    "h2-m5-default-i0",
    "h2-m5-floodsub-i0",
    "h2-m5-floodsub-i1",
    "h2-m5-default-i1",
    "h3-m5-default-w0",
    "h3-m5-floodsub-w0",
    "h3-m5-default-i0",
    "h3-m5-floodsub-i0",
    "h3-m5-floodsub-i1",
    "h3-m5-default-i1",
  ]);
});

Deno.test("planMatrix gives each run the cell, iteration and warm-up flag of its key", () => {
  const runs = planMatrix(MATRIX_2X1X2);
  assertEquals(
    runs.slice(0, 3).map(({ cell, iteration, warmup }) => ({ cell, iteration, warmup })),
    [
      { cell: { hosts: 2, msgs: 5, variant: "default" }, iteration: 0, warmup: true },
      { cell: { hosts: 2, msgs: 5, variant: "floodsub" }, iteration: 0, warmup: true },
      { cell: { hosts: 2, msgs: 5, variant: "default" }, iteration: 0, warmup: false },
    ],
  );
});

Deno.test("planMatrix gives the variants of one round the same seed", () => {
  const runs = planMatrix(MATRIX_2X1X2);
  for (let i = 0; i < runs.length; i += 2) {
    assertEquals(runs[i].seed, runs[i + 1].seed, `${runs[i].key} vs ${runs[i + 1].key}`);
  }
});

Deno.test("planMatrix gives different seeds to different iterations, cells and warm-ups", () => {
  // One seed per round (variants share it): h2 w0, i0, i1 and h3 w0, i0, i1, all different.
  // w0 and i0 differ only by the warm-up flag; h2 and h3 only by the cell.
  const roundSeeds = planMatrix(MATRIX_2X1X2).filter((_, i) => i % 2 === 0).map((run) => run.seed);
  assertEquals(new Set(roundSeeds).size, 6);
});

Deno.test("planMatrix derives each seed from the base seed, hosts, msgs, iteration and flag", () => {
  // Seeds are stored with results, so the mixing is pinned: deriveRunSeed(base,
  // [hosts, msgs, iteration, warmup ? 1 : 0]), values from an independent FNV-1a in Python.
  assertEquals(planMatrix(MATRIX_2X1X2).map((run) => run.seed), [
    630633442,
    630633442,
    1975710451,
    1975710451,
    409048018,
    409048018,
    1395774435,
    1395774435,
    50697426,
    50697426,
    1617359859,
    1617359859,
  ]);
});

Deno.test("planMatrix plans only counted runs when warmups is 0", () => {
  const runs = planMatrix({ ...MATRIX_2X1X2, hosts: [2], variants: ["default"], warmups: 0 });
  assertEquals(runs.map((run) => [run.key, run.warmup]), [
    ["h2-m5-default-i0", false],
    ["h2-m5-default-i1", false],
  ]);
});

Deno.test("planMatrix plans one run for a single cell, variant and iteration", () => {
  const runs = planMatrix({
    hosts: [5],
    msgs: [20],
    variants: ["default"],
    iterations: 1,
    warmups: 0,
    seed: 1,
  });
  assertEquals(runs, [{
    key: "h5-m20-default-i0",
    round: "h5-m20-i0",
    cell: { hosts: 5, msgs: 20, variant: "default" },
    iteration: 0,
    warmup: false,
    traced: false,
    seed: 620021, // deriveRunSeed(1, [5, 20, 0, 0]), from the Python reference
  }]);
});

Deno.test("planMatrix plans nothing when there are no rounds", () => {
  assertEquals(planMatrix({ ...MATRIX_2X1X2, iterations: 0, warmups: 0 }), []);
});

Deno.test("planMatrix plans nothing for an empty host list", () => {
  assertEquals(planMatrix({ ...MATRIX_2X1X2, hosts: [] }), []);
});

Deno.test("planMatrix leaves the matrix it is given unchanged", () => {
  const matrix = structuredClone(MATRIX_2X1X2);
  planMatrix(matrix);
  assertEquals(matrix, MATRIX_2X1X2);
});

Deno.test("deriveRunSeed of base 0 and no parts is FNV-1a of four zero bytes", () => {
  // No parts and base 0: FNV-1a of four zero bytes, the well-known 0x4b95f515 (top bit clear).
  assertEquals(deriveRunSeed(0, []), 0x4b95f515);
});

Deno.test("deriveRunSeed gives the same seed for the same inputs", () => {
  assertEquals(deriveRunSeed(7, [10, 100, 3, 0]), deriveRunSeed(7, [10, 100, 3, 0]));
});

Deno.test("deriveRunSeed gives different seeds for different base seeds", () => {
  assert(deriveRunSeed(1, [2, 5, 0, 0]) !== deriveRunSeed(2, [2, 5, 0, 0]));
});

Deno.test("deriveRunSeed stays within 0..2^31-1", () => {
  const extremes = [0, 1, -1, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, -(2 ** 31)];
  for (const base of extremes) {
    for (const part of extremes) {
      const seed = deriveRunSeed(base, [part, part]);
      assert(Number.isInteger(seed) && seed >= 0 && seed <= 2 ** 31 - 1, `${base}, ${part}`);
    }
  }
});

Deno.test("deriveRunSeed treats a negative number as its 32-bit pattern", () => {
  // -1 is 0xffffffff: the same bytes as 2^32 - 1. Python reference: 622335971.
  assertEquals(
    [deriveRunSeed(-1, [2]), deriveRunSeed(2 ** 32 - 1, [2])],
    [622335971, 622335971],
  );
});

Deno.test("planMatrix adds one traced run per variant after the counted runs of a cell", () => {
  const runs = planMatrix({ ...MATRIX_2X1X2, hosts: [2], warmups: 0 }, { traced: true });
  assertEquals(runs.map((run) => run.key), [
    "h2-m5-default-i0",
    "h2-m5-floodsub-i0",
    "h2-m5-floodsub-i1",
    "h2-m5-default-i1",
    "h2-m5-default-t0",
    "h2-m5-floodsub-t0",
  ]);
  const traced = runs.filter((run) => run.traced);
  assertEquals(traced.map((run) => run.warmup), [false, false]);
  // Its own seed, shared by the variants of the round, unlike any counted run's.
  assertEquals(traced[0].seed, traced[1].seed);
  assert(!runs.filter((run) => !run.traced).some((run) => run.seed === traced[0].seed));
});

Deno.test("planMatrix puts warmupsPerVariant rounds at the first cell before every other run", () => {
  const runs = planMatrix({ ...MATRIX_2X1X2, warmups: 0, warmupsPerVariant: 2 });
  assertEquals(runs.slice(0, 5).map((run) => run.key), [
    "h2-m5-default-v0",
    "h2-m5-floodsub-v0",
    "h2-m5-floodsub-v1",
    "h2-m5-default-v1",
    "h2-m5-default-i0",
  ]);
  const warmups = runs.filter((run) => run.key.includes("-v"));
  assertEquals(warmups.length, 4);
  assert(warmups.every((run) => run.warmup && !isCounted(run)));
  // The variants of a warm-up round share a seed; warm-up rounds and counted rounds do not.
  assertEquals(warmups[0].seed, warmups[1].seed);
  assertEquals(warmups[0].seed, deriveRunSeed(1, [2, 5, 0, 3]));
  const counted = runs.filter(isCounted);
  assert(counted.every((run) => run.seed !== warmups[0].seed && run.seed !== warmups[2].seed));
});

Deno.test("planMatrix plans the Go grid: 600 counted runs and 10 warm-ups per variant", () => {
  const runs = planMatrix({
    hosts: [5, 10, 15, 20],
    msgs: [20, 40, 60, 80, 100],
    variants: ["default", "states"],
    iterations: 15,
    warmups: 0,
    warmupsPerVariant: 10,
    seed: 1,
  });
  assertEquals(runs.length, 620);
  assertEquals(runs.filter(isCounted).length, 600);
  const warmups = runs.filter((run) => run.warmup);
  assertEquals(warmups.length, 20);
  assert(warmups.every((run) => run.cell.hosts === 5 && run.cell.msgs === 20));
  assertEquals(warmups.filter((run) => run.cell.variant === "states").length, 10);
  assertEquals(new Set(runs.map((run) => run.key)).size, 620);
});

/** Runs as planned, tagged for the batch checks. */
function roundsOf(batches: PlannedRun[][]): string[][] {
  return batches.map((batch) => batch.map((run) => run.key));
}

Deno.test("batchRuns with 1 job makes every run its own batch, in the plan's order", () => {
  const runs = planMatrix(MATRIX_2X1X2);
  assertEquals(roundsOf(batchRuns(runs, 1)), runs.map((run) => [run.key]));
});

Deno.test("batchRuns with 2 jobs starts both variants of a round together, order rotated", () => {
  const runs = planMatrix({ ...MATRIX_2X1X2, hosts: [2] });
  assertEquals(roundsOf(batchRuns(runs, 2)), [
    ["h2-m5-default-w0", "h2-m5-floodsub-w0"],
    ["h2-m5-default-i0", "h2-m5-floodsub-i0"],
    ["h2-m5-floodsub-i1", "h2-m5-default-i1"],
  ]);
});

Deno.test("batchRuns never mixes two rounds in a batch, even with jobs to spare", () => {
  const runs = planMatrix({ ...MATRIX_2X1X2, hosts: [2] });
  for (const batch of batchRuns(runs, 8)) {
    assertEquals(new Set(batch.map((run) => run.round)).size, 1);
    assertEquals(batch.length, 2);
  }
});

Deno.test("batchRuns splits a round of three variants over two jobs as 2 then 1", () => {
  const runs = planMatrix({
    ...MATRIX_2X1X2,
    hosts: [2],
    variants: ["a", "b", "c"],
    warmups: 0,
    iterations: 1,
  });
  assertEquals(roundsOf(batchRuns(runs, 2)), [["h2-m5-a-i0", "h2-m5-b-i0"], ["h2-m5-c-i0"]]);
});

Deno.test("batchRuns keeps a resumed round's remaining variant alone", () => {
  const runs = planMatrix({ ...MATRIX_2X1X2, hosts: [2] })
    .filter((run) => run.key !== "h2-m5-default-i0");
  assertEquals(roundsOf(batchRuns(runs, 2))[1], ["h2-m5-floodsub-i0"]);
});

Deno.test("planMatrix under sequential sampling plans up to maxIterations, the extra rounds optional", () => {
  const runs = planMatrix(
    { ...MATRIX_2X1X2, hosts: [2], warmups: 0, untilCiWidth: 0.1, maxIterations: 4 },
    { traced: true },
  );
  assertEquals(runs.map((run) => `${run.key}${run.optional ? "?" : ""}`), [
    "h2-m5-default-i0",
    "h2-m5-floodsub-i0",
    "h2-m5-floodsub-i1",
    "h2-m5-default-i1",
    "h2-m5-default-i2?",
    "h2-m5-floodsub-i2?",
    "h2-m5-floodsub-i3?",
    "h2-m5-default-i3?",
    "h2-m5-default-t0",
    "h2-m5-floodsub-t0",
  ]);
  // The same keys and seeds as a fixed bench of 4 iterations: the extra rounds are its rounds.
  const fixed = planMatrix({ ...MATRIX_2X1X2, hosts: [2], warmups: 0, iterations: 4 }, {
    traced: true,
  });
  assertEquals(
    runs.map((run) => [run.key, run.seed]),
    fixed.map((run) => [run.key, run.seed]),
  );
});

Deno.test("planMatrix ignores maxIterations without untilCiWidth", () => {
  const runs = planMatrix({ ...MATRIX_2X1X2, hosts: [2], warmups: 0, maxIterations: 4 });
  assertEquals(runs.length, 4);
  assert(runs.every((run) => run.optional === undefined));
});
