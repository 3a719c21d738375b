import { deepStrictEqual as assertEquals } from "node:assert/strict";
import type { MatrixConfig } from "../config/types.ts";
import { planMatrix, type PlannedRun } from "./plan_matrix.ts";
import { createSequentialPlan } from "./sequential_plan.ts";

/** Two cells, two variants, 2 rounds each at least, up to 4, then a traced round. */
const MATRIX: MatrixConfig = {
  hosts: [2, 3],
  msgs: [1],
  variants: ["default", "states"],
  iterations: 2,
  warmups: 0,
  seed: 1,
  untilCiWidth: 0.1,
  maxIterations: 4,
};

async function drain(plan: ReturnType<typeof createSequentialPlan>): Promise<string[][]> {
  const batches: string[][] = [];
  for (let batch = await plan.next(); batch !== undefined; batch = await plan.next()) {
    batches.push(batch.map((run) => run.key));
  }
  return batches;
}

Deno.test("createSequentialPlan() runs a plan without optional rounds as batchRuns would", async () => {
  const asked: string[] = [];
  const runs = planMatrix({ ...MATRIX, untilCiWidth: undefined, maxIterations: undefined });
  const plan = createSequentialPlan(runs, {
    jobs: 2,
    goOn: (run) => {
      asked.push(run.key);
      return false;
    },
  });
  assertEquals(await drain(plan), [
    ["h2-m1-default-i0", "h2-m1-states-i0"],
    ["h2-m1-states-i1", "h2-m1-default-i1"],
    ["h3-m1-default-i0", "h3-m1-states-i0"],
    ["h3-m1-states-i1", "h3-m1-default-i1"],
  ]);
  assertEquals(asked, []);
});

Deno.test("createSequentialPlan() asks once per optional round and drops a stopped cell's rest", async () => {
  const asked: string[] = [];
  const plan = createSequentialPlan(planMatrix(MATRIX, { traced: true }), {
    jobs: 1,
    // 2 hosts stops before its round 3, 3 hosts goes on to its maximum.
    goOn: (run) => {
      asked.push(run.round);
      return run.cell.hosts === 3 || run.iteration < 3;
    },
  });
  assertEquals((await drain(plan)).flat(), [
    "h2-m1-default-i0",
    "h2-m1-states-i0",
    "h2-m1-states-i1",
    "h2-m1-default-i1",
    "h2-m1-default-i2",
    "h2-m1-states-i2",
    "h2-m1-default-t0",
    "h2-m1-states-t0",
    "h3-m1-default-i0",
    "h3-m1-states-i0",
    "h3-m1-states-i1",
    "h3-m1-default-i1",
    "h3-m1-default-i2",
    "h3-m1-states-i2",
    "h3-m1-states-i3",
    "h3-m1-default-i3",
    "h3-m1-default-t0",
    "h3-m1-states-t0",
  ]);
  // Round 3 of 2 hosts is asked about and dropped; nothing is asked of a cell after it stops.
  assertEquals(asked, ["h2-m1-i2", "h2-m1-i3", "h3-m1-i2", "h3-m1-i3"]);
});

Deno.test("createSequentialPlan() stops asking a cell once it said stop", async () => {
  const asked: string[] = [];
  const plan = createSequentialPlan(planMatrix({ ...MATRIX, hosts: [2], maxIterations: 6 }), {
    jobs: 2,
    goOn: (run) => {
      asked.push(run.round);
      return false;
    },
  });
  assertEquals((await drain(plan)).length, 2);
  assertEquals(asked, ["h2-m1-i2"]);
});

Deno.test("createSequentialPlan() expects undecided rounds to run until a cell stops", async () => {
  const runs = planMatrix({ ...MATRIX, hosts: [2] }, { traced: true });
  let answer = true;
  const plan = createSequentialPlan(runs, { jobs: 2, goOn: () => answer });
  const upcomingKeys = () => [...plan.upcoming()].map((batch) => batch[0].round);
  await plan.next(); // round 0
  await plan.next(); // round 1
  assertEquals(upcomingKeys(), ["h2-m1-i2", "h2-m1-i3", "h2-m1-t0"]);
  const byKey = (key: string): PlannedRun => runs.find((run) => run.key === key)!;
  assertEquals(plan.status(byKey("h2-m1-states-i2")), "optional");
  assertEquals(plan.status(byKey("h2-m1-states-i1")), "planned");
  await plan.next(); // round 2, decided for
  assertEquals(plan.status(byKey("h2-m1-states-i2")), "planned");
  answer = false;
  assertEquals((await plan.next())?.[0].key, "h2-m1-default-t0");
  assertEquals(plan.status(byKey("h2-m1-states-i3")), "dropped");
  assertEquals(plan.isDropped(byKey("h2-m1-default-i3")), true);
  assertEquals(upcomingKeys(), []);
});

Deno.test("createSequentialPlan() finishes a resumed round without asking", async () => {
  const runs = planMatrix({ ...MATRIX, hosts: [2] })
    .filter((run) => run.key !== "h2-m1-default-i2" && run.iteration >= 2);
  const asked: string[] = [];
  const plan = createSequentialPlan(runs, {
    jobs: 1,
    startedRounds: ["h2-m1-i2"],
    goOn: (run) => {
      asked.push(run.round);
      return false;
    },
  });
  assertEquals((await drain(plan)).flat(), ["h2-m1-states-i2"]);
  assertEquals(asked, ["h2-m1-i3"]);
});

Deno.test("createSequentialPlan() waits for an asynchronous answer", async () => {
  const answer = Promise.withResolvers<boolean>();
  const plan = createSequentialPlan(planMatrix({ ...MATRIX, hosts: [2] }), {
    jobs: 2,
    goOn: () => answer.promise,
  });
  await plan.next();
  await plan.next();
  const third = plan.next();
  answer.resolve(true);
  assertEquals((await third)?.map((run) => run.key), ["h2-m1-default-i2", "h2-m1-states-i2"]);
});
