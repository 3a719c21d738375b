// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert, throws } from "node:assert/strict";
import { createSeededRandom } from "../bench/mod.ts";
import { createActionScheduler, type ScheduledAction } from "./action_scheduler.ts";

const HEARTBEAT_MS = 1000;

/** Runs `beats` heartbeats (at 1 s, 2 s, ...) and records the beat numbers each action ran at. */
function runBeats(
  actions: readonly ScheduledAction[],
  beats: number,
  options: { seed?: number; allow?: (name: string, beat: number) => boolean } = {},
): Map<string, number[]> {
  const random = createSeededRandom(options.seed ?? 7);
  const scheduler = createActionScheduler(actions, () => random.next(), { startMs: 0 });
  const ran = new Map(actions.map((action) => [action.name, [] as number[]]));
  for (let beat = 1; beat <= beats; beat++) {
    for (
      const name of scheduler.tick(
        beat * HEARTBEAT_MS,
        (name) => options.allow?.(name, beat) ?? true,
      )
    ) {
      ran.get(name)?.push(beat);
    }
  }
  return ran;
}

Deno.test("createActionScheduler runs each action once per mean interval over many heartbeats", () => {
  const means = [2, 3, 4, 10, 50, 100];
  const beats = 20_000;
  const ran = runBeats(means.map((d) => ({ name: `d${d}`, meanMs: d * 1000 })), beats);
  for (const d of means) {
    const count = ran.get(`d${d}`)!.length;
    const expected = beats / d;
    // The intervals are independent draws; at these counts the mean is within 2% of D.
    assert(
      Math.abs(count - expected) / expected < 0.02,
      `D ${d}: ran ${count}, expected ~${expected}`,
    );
  }
});

Deno.test("createActionScheduler keeps each gap within the spread, rounded to heartbeats", () => {
  const ran = runBeats([{ name: "d10", meanMs: 10_000 }], 5_000).get("d10")!;
  const gaps = ran.slice(1).map((beat, i) => beat - ran[i]);
  // Intervals are 7.5 s to 12.5 s; a run happens at the first heartbeat at or after it is due.
  assert(Math.min(...gaps) >= 7, `shortest gap ${Math.min(...gaps)}`);
  assert(Math.max(...gaps) <= 13, `longest gap ${Math.max(...gaps)}`);
  assert(ran[0] >= 8 && ran[0] <= 13, `first run at beat ${ran[0]}`);
});

Deno.test("createActionScheduler retries a refused action each heartbeat without a burst afterwards", () => {
  const ran = runBeats([{ name: "d3", meanMs: 3000 }], 200, {
    allow: (_, beat) => beat >= 100,
  }).get("d3")!;
  assertEquals(ran[0], 100);
  // After a long refusal the next run is one interval after the late run, not a catch-up burst.
  assert(ran[1] - ran[0] >= 2, `second run ${ran[1] - ran[0]} beats after the first`);
  const count = ran.length;
  assert(Math.abs(count - 100 / 3) <= 4, `ran ${count} times in the last 100 beats`);
});

Deno.test("createActionScheduler never runs an action whose mean is 0", () => {
  const ran = runBeats([{ name: "off", meanMs: 0 }, { name: "on", meanMs: 2000 }], 100);
  assertEquals(ran.get("off"), []);
  assert(ran.get("on")!.length > 40);
});

Deno.test("createActionScheduler tries due actions in the order given and reports the ones that ran", () => {
  const random = createSeededRandom(1);
  const scheduler = createActionScheduler(
    [{ name: "a", meanMs: 1000 }, { name: "b", meanMs: 1000 }, { name: "c", meanMs: 1000 }],
    () => random.next(),
    { startMs: 0, spread: { min: 1, max: 1 } },
  );
  const tried: string[] = [];
  const ran = scheduler.tick(1000, (name) => {
    tried.push(name);
    return name !== "b";
  });
  assertEquals(tried, ["a", "b", "c"]);
  assertEquals(ran, ["a", "c"]);
  assertEquals(scheduler.dueMs("a"), 2000);
  assertEquals(scheduler.dueMs("b"), 1000);
});

Deno.test("createActionScheduler with the same seed runs the same actions at the same heartbeats", () => {
  const actions = [{ name: "x", meanMs: 3000 }, { name: "y", meanMs: 5000 }];
  assertEquals(runBeats(actions, 500, { seed: 42 }), runBeats(actions, 500, { seed: 42 }));
});

Deno.test("createActionScheduler rejects a negative mean and a spread outside 0 < min <= max", () => {
  throws(
    () => createActionScheduler([{ name: "a", meanMs: -1 }], Math.random, { startMs: 0 }),
    {
      name: "RangeError",
      message: 'createActionScheduler: action "a" meanMs must be a number >= 0, got -1',
    },
  );
  throws(
    () => createActionScheduler([], Math.random, { startMs: 0, spread: { min: 1.5, max: 1.2 } }),
    {
      name: "RangeError",
      message:
        "createActionScheduler: option spread must have 0 < min <= max, got min 1.5, max 1.2",
    },
  );
});
