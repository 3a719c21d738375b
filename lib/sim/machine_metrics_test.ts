// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, strictEqual } from "node:assert/strict";
import { assign, createActor, fromPromise, sendTo, setup, waitFor } from "xstate";
import { createMachineMetrics, leafStatePaths } from "./machine_metrics.ts";

/** Sinks that record what they are given. */
function recordingSinks() {
  const transitions = new Map<string, number>();
  const errors = new Map<string, number>();
  const seconds: Array<[string, number]> = [];
  return {
    transitions,
    errors,
    seconds,
    sinks: {
      transitions: {
        inc: ({ machine }: { machine: string }, value: number) =>
          transitions.set(machine, (transitions.get(machine) ?? 0) + value),
      },
      transitionSeconds: {
        observe: ({ machine }: { machine: string }, value: number) =>
          seconds.push([machine, value]),
      },
      errors: {
        inc: ({ machine }: { machine: string }, value: number) =>
          errors.set(machine, (errors.get(machine) ?? 0) + value),
      },
    },
  };
}

const toggle = setup({
  types: { events: {} as { type: "FLIP" } | { type: "NOTHING" } | { type: "FAIL" } },
  actors: { failing: fromPromise(() => Promise.reject(new Error("no"))) },
}).createMachine({
  id: "toggle",
  initial: "off",
  states: {
    off: { on: { FLIP: "on", FAIL: "failing" } },
    on: { on: { FLIP: "off" } },
    failing: { invoke: { src: "failing", onError: "off" } },
  },
});

Deno.test("createMachineMetrics counts transitions per kind, and times only events that took one", () => {
  const recorded = recordingSinks();
  let clock = 0;
  const metrics = createMachineMetrics(recorded.sinks, { now: () => (clock += 5) });
  const actor = createActor(toggle, { inspect: metrics.inspect }).start();
  actor.send({ type: "FLIP" });
  actor.send({ type: "NOTHING" });
  actor.send({ type: "FLIP" });
  actor.stop();
  strictEqual(recorded.transitions.get("toggle"), 2);
  // Arrival at one tick, snapshot at the next: 5 ms each.
  assertEquals(recorded.seconds, [["toggle", 0.005], ["toggle", 0.005]]);
});

Deno.test("createMachineMetrics counts an invoked actor's failure as an error of its machine", async () => {
  const recorded = recordingSinks();
  const metrics = createMachineMetrics(recorded.sinks);
  const actor = createActor(toggle, { inspect: metrics.inspect }).start();
  actor.send({ type: "FAIL" });
  await waitFor(actor, (snapshot) => snapshot.matches("off"));
  strictEqual(recorded.errors.get("toggle"), 1);
  actor.stop();
});

Deno.test("createMachineMetrics gauges count live machines per state, and forget stopped ones", () => {
  const metrics = createMachineMetrics(recordingSinks().sinks);
  const a = createActor(toggle, { inspect: metrics.inspect }).start();
  const b = createActor(toggle, { inspect: metrics.inspect }).start();
  b.send({ type: "FLIP" });
  const gauges = metrics.gauges();
  assertEquals(gauges.states.sort(), [["toggle", "off", 1], ["toggle", "on", 1]]);
  assertEquals([...gauges.actors], [["toggle", 2]]);
  b.stop();
  assertEquals([...metrics.gauges().actors], [["toggle", 1]]);
  a.stop();
  assertEquals([...metrics.gauges().actors], []);
});

Deno.test("createMachineMetrics queue gauge keeps the deepest mailbox since the last read", () => {
  // On START the machine sends itself three events: two wait while the first one runs.
  const selfSender = setup({
    types: { events: {} as { type: "START" } | { type: "TICK" }, context: {} as { ticks: number } },
  }).createMachine({
    id: "selfSender",
    context: { ticks: 0 },
    on: {
      START: {
        actions: [
          sendTo(({ self }) => self, { type: "TICK" }),
          sendTo(({ self }) => self, { type: "TICK" }),
          sendTo(({ self }) => self, { type: "TICK" }),
        ],
      },
      TICK: { actions: assign({ ticks: ({ context }) => context.ticks + 1 }) },
    },
  });
  const metrics = createMachineMetrics(recordingSinks().sinks);
  const actor = createActor(selfSender, { inspect: metrics.inspect }).start();
  actor.send({ type: "START" });
  strictEqual(actor.getSnapshot().context.ticks, 3);
  strictEqual(metrics.gauges().queues.get("selfSender"), 3);
  strictEqual(metrics.gauges().queues.get("selfSender"), 0);
  actor.stop();
});

Deno.test("leafStatePaths flattens a state value to the dotted paths of its leaves", () => {
  assertEquals(leafStatePaths("idle"), ["idle"]);
  assertEquals(leafStatePaths({ connected: { topics: "joining", messages: "idle" } }), [
    "connected.topics.joining",
    "connected.messages.idle",
  ]);
  assertEquals(leafStatePaths({ live: "running" }), ["live.running"]);
  assertEquals(leafStatePaths({}), []);
});
