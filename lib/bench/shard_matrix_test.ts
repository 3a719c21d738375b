// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import type { MatrixConfig } from "../config/types.ts";
import { planMatrix } from "./plan_matrix.ts";
import { isCounted } from "./run_result.ts";
import { assignCellsToShards, cellCost, cellsOfShard, formatShard } from "./shard_matrix.ts";

/** The Go project's grid. */
const FULL: MatrixConfig = {
  hosts: [5, 10, 15, 20],
  msgs: [20, 40, 60, 80, 100],
  variants: ["default", "states"],
  iterations: 15,
  warmups: 1,
  warmupsPerVariant: 10,
  seed: 1,
};

function cellKeys(cells: { hosts: number; msgs: number }[]): string[] {
  return cells.map(({ hosts, msgs }) => `${hosts}x${msgs}`);
}

Deno.test("assignCellsToShards deals every cell to exactly one shard", () => {
  for (const count of [1, 2, 3, 4, 7, 20]) {
    const shards = assignCellsToShards(FULL, count).map(cellKeys);
    const all = shards.flat();
    assertEquals(all.length, 20, `count ${count}`);
    assertEquals(new Set(all).size, 20, `count ${count}: a cell in two shards`);
    assert(shards.every((cells) => cells.length > 0), `count ${count}: an empty shard`);
  }
});

Deno.test("assignCellsToShards balances the shards' cost within the costliest cell", () => {
  const shards = assignCellsToShards(FULL, 4);
  const costs = shards.map((cells) => cells.reduce((sum, cell) => sum + cellCost(cell), 0));
  const costliest = cellCost({ hosts: 20, msgs: 100 });
  assert(Math.max(...costs) - Math.min(...costs) <= costliest, JSON.stringify(costs));
});

Deno.test("assignCellsToShards deals the costliest cell first, to the first shard", () => {
  assertEquals(assignCellsToShards({ hosts: [5, 20], msgs: [20] }, 2), [
    [{ hosts: 20, msgs: 20 }],
    [{ hosts: 5, msgs: 20 }],
  ]);
});

Deno.test("assignCellsToShards gives the same slices every time (a resumed shard keeps its cells)", () => {
  assertEquals(assignCellsToShards(FULL, 3), assignCellsToShards(structuredClone(FULL), 3));
});

Deno.test("cellsOfShard lists a shard's cells in the matrix's order", () => {
  const cells = cellsOfShard(FULL, { index: 2, count: 3 });
  const order = FULL.hosts.flatMap((hosts) => FULL.msgs.map((msgs) => `${hosts}x${msgs}`));
  const keys = cellKeys(cells);
  assertEquals(keys, [...keys].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
});

Deno.test("planMatrix with a shard keeps every variant and round of a cell together", () => {
  const whole = planMatrix(FULL);
  const slices = [1, 2, 3].map((index) => planMatrix(FULL, { shard: { index, count: 3 } }));
  // Counted and per-cell runs: disjoint, and together exactly the whole plan's.
  const owned = slices.map((runs) => runs.filter((run) => !run.key.includes("-v")));
  const keys = owned.flat().map((run) => run.key);
  assertEquals(new Set(keys).size, keys.length);
  assertEquals(
    keys.sort(),
    whole.filter((run) => !run.key.includes("-v")).map((run) => run.key).sort(),
  );
  for (const runs of owned) {
    const cells = new Set(runs.map((run) => `${run.cell.hosts}x${run.cell.msgs}`));
    for (const cell of cells) {
      const ofCell = whole.filter((run) => `${run.cell.hosts}x${run.cell.msgs}` === cell)
        .filter((run) => !run.key.includes("-v"));
      const here = runs.filter((run) => `${run.cell.hosts}x${run.cell.msgs}` === cell);
      assertEquals(here.length, ofCell.length, `cell ${cell} is split`);
    }
  }
});

Deno.test("planMatrix with a shard warms each variant up in every shard, uncounted", () => {
  for (const index of [1, 2]) {
    const runs = planMatrix(FULL, { shard: { index, count: 2 } });
    const warmups = runs.filter((run) => run.key.includes("-v"));
    assertEquals(warmups.length, 20);
    assert(warmups.every((run) => !isCounted(run)));
    assertEquals(runs.slice(0, 20), warmups);
  }
});

Deno.test("formatShard writes I/N", () => {
  assertEquals(formatShard({ index: 2, count: 4 }), "2/4");
});
