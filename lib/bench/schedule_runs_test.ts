// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert, rejects } from "node:assert/strict";
import { type RunPlan, type ScheduledChild, scheduleRuns } from "./schedule_runs.ts";

/**
 * A world of fake children the test moves forward one step at a time: each step makes the oldest
 * loading child ready, or else ends the oldest running child's measured phases, or else makes it
 * report. Every spawn and start is checked against the scheduler's rules as it happens.
 */
function createWorld(options: { failsToLoad?: string[] } = {}) {
  const log: string[] = [];
  const violations: string[] = [];
  const loading: FakeChild[] = [];
  const measuring: FakeChild[] = [];
  const stopping: FakeChild[] = [];

  class FakeChild implements ScheduledChild {
    readonly #ready = Promise.withResolvers<boolean>();
    readonly #measuredEnd = Promise.withResolvers<void>();
    readonly #reported = Promise.withResolvers<void>();
    readonly ready = this.#ready.promise;
    readonly measuredEnd = this.#measuredEnd.promise;
    readonly reported = this.#reported.promise;
    constructor(readonly run: string) {}
    start(): void {
      if (loading.length > 0) {
        violations.push(`start ${this.run} while ${loading[0].run} loads`);
      }
      log.push(`start ${this.run}`);
      measuring.push(this);
    }
    load(): void {
      const ok = !(options.failsToLoad ?? []).includes(this.run);
      log.push(ok ? `ready ${this.run}` : `failed ${this.run}`);
      this.#ready.resolve(ok);
      if (!ok) {
        this.#measuredEnd.resolve();
        this.#reported.resolve();
      }
    }
    discard(): void {
      log.push(`discard ${this.run}`);
      const at = loading.indexOf(this);
      if (at !== -1) loading.splice(at, 1);
      this.#ready.resolve(false);
      this.#measuredEnd.resolve();
      this.#reported.resolve();
    }
    endMeasured(): void {
      log.push(`measured ${this.run}`);
      this.#measuredEnd.resolve();
    }
    report(): void {
      log.push(`reported ${this.run}`);
      this.#reported.resolve();
    }
  }

  return {
    log,
    violations,
    spawn(run: string): FakeChild {
      if (measuring.length > 0) violations.push(`spawn ${run} while ${measuring[0].run} runs`);
      log.push(`spawn ${run}`);
      const child = new FakeChild(run);
      loading.push(child);
      return child;
    },
    /** Moves one step; false when nothing is left to move. */
    step(): boolean {
      const next = loading.shift();
      if (next) {
        next.load();
        return true;
      }
      const running = measuring.shift();
      if (running) {
        running.endMeasured();
        stopping.push(running);
        return true;
      }
      const done = stopping.shift();
      if (done) {
        done.report();
        return true;
      }
      return false;
    },
  };
}

/** Lets the scheduler act on everything resolved so far (a macrotask boundary). */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Runs the scheduler against `world`, stepping until it resolves; returns its error if any. */
async function drive(
  world: ReturnType<typeof createWorld>,
  scheduling: Promise<void>,
): Promise<void> {
  let finished = false;
  let failure: { error: unknown } | undefined;
  const watched = scheduling.then(
    () => finished = true,
    (error) => {
      finished = true;
      failure = { error };
    },
  );
  await settle();
  while (!finished) {
    if (!world.step()) {
      await settle();
      if (!finished && !world.step()) throw new Error("the scheduler is stuck");
    }
    await settle();
  }
  await watched;
  if (failure !== undefined) throw failure.error;
}

const RUNS = ["a0", "b0", "b1", "a1", "a2", "b2"];

Deno.test("scheduleRuns with 1 job starts runs in order, each after the previous reported", async () => {
  const world = createWorld();
  await drive(world, scheduleRuns(RUNS.map((run) => [run]), { spawn: world.spawn, poolSize: 2 }));
  assertEquals(world.violations, []);
  const starts = world.log.filter((line) => line.startsWith("start")).map((line) => line.slice(6));
  assertEquals(starts, RUNS);
  for (let i = 1; i < RUNS.length; i++) {
    const started = world.log.indexOf(`start ${RUNS[i]}`);
    assert(world.log.indexOf(`reported ${RUNS[i - 1]}`) < started, world.log.join("\n"));
  }
});

Deno.test("scheduleRuns never spawns while a run is measured nor starts while one loads", async () => {
  for (const poolSize of [1, 2, 3, 5]) {
    const world = createWorld();
    await drive(world, scheduleRuns(RUNS.map((run) => [run]), { spawn: world.spawn, poolSize }));
    assertEquals(world.violations, [], `pool ${poolSize}:\n${world.log.join("\n")}`);
    assertEquals(world.log.filter((line) => line.startsWith("spawn")).length, RUNS.length);
  }
});

Deno.test("scheduleRuns loads the next children during the previous run's stop phase", async () => {
  const world = createWorld();
  await drive(world, scheduleRuns(RUNS.map((run) => [run]), { spawn: world.spawn, poolSize: 2 }));
  // The refill for b1 and a1 is spawned after b0's measured phases and before its report.
  const spawnB1 = world.log.indexOf("spawn b1");
  assert(world.log.indexOf("measured b0") < spawnB1, world.log.join("\n"));
  assert(spawnB1 < world.log.indexOf("reported b0"), world.log.join("\n"));
  // A refill loads a whole pool at once.
  assertEquals(world.log[spawnB1 + 1], "spawn a1");
});

Deno.test("scheduleRuns with 2 jobs starts a round's pair together and the next after both", async () => {
  const world = createWorld();
  const batches = [["a0", "b0"], ["b1", "a1"], ["a2", "b2"]];
  await drive(world, scheduleRuns(batches, { spawn: world.spawn, poolSize: 4 }));
  assertEquals(world.violations, []);
  for (const [first, second] of batches) {
    const at = world.log.indexOf(`start ${first}`);
    assertEquals(world.log[at + 1], `start ${second}`, world.log.join("\n"));
  }
  for (let i = 1; i < batches.length; i++) {
    const started = world.log.indexOf(`start ${batches[i][0]}`);
    for (const run of batches[i - 1]) {
      assert(world.log.indexOf(`reported ${run}`) < started, world.log.join("\n"));
    }
  }
});

Deno.test("scheduleRuns never starts a child that failed to load, and goes on", async () => {
  const world = createWorld({ failsToLoad: ["b1"] });
  await drive(world, scheduleRuns(RUNS.map((run) => [run]), { spawn: world.spawn }));
  assert(!world.log.includes("start b1"));
  assertEquals(world.log.filter((line) => line.startsWith("start")).length, RUNS.length - 1);
});

Deno.test("scheduleRuns starts the first run only after the caller's preparation", async () => {
  const world = createWorld();
  const preparation = Promise.withResolvers<void>();
  const scheduling = scheduleRuns([["a0"]], {
    spawn: world.spawn,
    beforeFirstStart: preparation.promise,
  });
  await settle();
  world.step(); // a0 is ready
  await settle();
  assert(!world.log.includes("start a0"), "started before the preparation was over");
  preparation.resolve();
  await drive(world, scheduling);
  assert(world.log.includes("start a0"));
});

Deno.test("scheduleRuns stops starting runs when aborted and rejects with the reason", async () => {
  const world = createWorld();
  const controller = new AbortController();
  const scheduling = scheduleRuns(RUNS.map((run) => [run]), {
    spawn: world.spawn,
    signal: controller.signal,
    onStarted: (run) => {
      if (run === "b0") controller.abort(new Error("SIGTERM"));
    },
  });
  await rejects(drive(world, scheduling), /SIGTERM/);
  assertEquals(world.log.filter((line) => line.startsWith("start")), ["start a0", "start b0"]);
});

/**
 * A plan over `rounds` (each a batch) that asks `goOn(round index)` before each round from
 * `firstOptional` on; once the answer is no, the rest is dropped, and `after` runs instead.
 */
function stoppingPlan(
  rounds: string[][],
  firstOptional: number,
  goOn: (index: number) => boolean,
  after: string[][] = [],
): RunPlan<string> {
  let cursor = 0;
  let stopped = false;
  let afterCursor = 0;
  const dropped = new Set<string>();
  return {
    next() {
      while (!stopped && cursor < rounds.length) {
        const index = cursor++;
        if (index >= firstOptional && !goOn(index)) {
          stopped = true;
          for (const rest of rounds.slice(index)) for (const run of rest) dropped.add(run);
          break;
        }
        return rounds[index];
      }
      return after[afterCursor++];
    },
    upcoming() {
      return [...(stopped ? [] : rounds.slice(cursor)), ...after.slice(afterCursor)];
    },
    isDropped: (run) => dropped.has(run),
  };
}

Deno.test("scheduleRuns discards the children of rounds the plan drops, and starts what follows", async () => {
  const world = createWorld();
  const discarded: string[] = [];
  const rounds = [["a0", "b0"], ["b1", "a1"], ["a2", "b2"], ["b3", "a3"]];
  const plan = stoppingPlan(rounds, 1, (index) => index < 2, [["t0", "u0"]]);
  await drive(
    world,
    scheduleRuns(plan, {
      spawn: world.spawn,
      poolSize: 4,
      discard: (run, child) => {
        discarded.push(run);
        (child as unknown as { discard(): void }).discard();
      },
    }),
  );
  assertEquals(world.violations, []);
  const starts = world.log.filter((line) => line.startsWith("start")).map((line) => line.slice(6));
  assertEquals(starts, ["a0", "b0", "b1", "a1", "t0", "u0"]);
  // Round 2 was spawned ahead while round 1 ran, then dropped: its children are discarded.
  assert(discarded.includes("a2") && discarded.includes("b2"), world.log.join("\n"));
  assert(discarded.every((run) => !starts.includes(run)));
  // What follows loads after the drop, when nothing is measured, and starts once loaded.
  assert(world.log.indexOf("spawn t0") > world.log.indexOf("reported a1"), world.log.join("\n"));
});

Deno.test("scheduleRuns discards children spawned ahead when the plan ends early", async () => {
  const world = createWorld();
  const discarded: string[] = [];
  const plan = stoppingPlan([["a0"], ["b0"], ["a1"], ["b1"]], 2, () => false);
  await drive(
    world,
    scheduleRuns(plan, {
      spawn: world.spawn,
      poolSize: 2,
      discard: (run, child) => {
        discarded.push(run);
        (child as unknown as { discard(): void }).discard();
      },
    }),
  );
  assertEquals(world.violations, []);
  assertEquals(world.log.filter((line) => line.startsWith("start")), ["start a0", "start b0"]);
  assertEquals(discarded.sort(), ["a1", "b1"]);
});

Deno.test("scheduleRuns spawns no run twice and every spawned run is started or discarded", async () => {
  for (const poolSize of [1, 2, 3, 6]) {
    const world = createWorld();
    const discarded: string[] = [];
    const rounds = [["a0"], ["b0"], ["a1"], ["b1"], ["a2"], ["b2"]];
    const plan = stoppingPlan(rounds, 2, (index) => index < 4, [["t0"], ["u0"]]);
    await drive(
      world,
      scheduleRuns(plan, {
        spawn: world.spawn,
        poolSize,
        discard: (run, child) => {
          discarded.push(run);
          (child as unknown as { discard(): void }).discard();
        },
      }),
    );
    assertEquals(world.violations, [], `pool ${poolSize}:\n${world.log.join("\n")}`);
    const spawnedRuns = world.log.filter((line) => line.startsWith("spawn")).map((l) => l.slice(6));
    assertEquals(new Set(spawnedRuns).size, spawnedRuns.length, `pool ${poolSize}`);
    const started = world.log.filter((line) => line.startsWith("start")).map((l) => l.slice(6));
    assertEquals(started, ["a0", "b0", "a1", "b1", "t0", "u0"], `pool ${poolSize}`);
    assertEquals([...started, ...discarded].sort(), [...spawnedRuns].sort(), `pool ${poolSize}`);
  }
});
