// createMachineTracer with the real OpenTelemetry SDK: known span trees of a tiny machine at both
// levels (the discovery machine and its children: trace_machines_actors_test.ts).
import {
  deepStrictEqual as assertEquals,
  ok as assert,
  throws as assertThrows,
} from "node:assert/strict";
import { createActor, setup } from "xstate";
import { SPAN_ATTRIBUTES } from "./span_conventions.ts";
import { createMachineTracer, MACHINE_SPAN_ATTRIBUTES } from "./trace_machines.ts";
import {
  createRecorder,
  hrTimeMs,
  named,
  renderTree,
  withoutSeq,
} from "./testdata/span_recorder.ts";

/** A traffic light: a compound state, a final state, a re-entering self-transition. */
const lightMachine = setup({
  types: {
    events: {} as LightEvent,
  },
  actions: { log: () => {} },
}).createMachine({
  id: "light",
  initial: "green",
  states: {
    green: { on: { NEXT: { target: "yellow", actions: "log" } } },
    yellow: { on: { NEXT: "red", BLINK: { target: "yellow", reenter: true } } },
    red: {
      initial: "walk",
      states: { walk: { on: { WAIT: "wait" } }, wait: {} },
      on: { NEXT: "green", STOP: "off" },
    },
    off: { type: "final" },
  },
});

type LightEvent = { type: "NEXT" } | { type: "WAIT"; ms: number } | { type: "BLINK" } | {
  type: "STOP";
};

function runLight(level: 1 | 2, events: LightEvent[]) {
  const recorder = createRecorder();
  const machines = createMachineTracer(recorder.tracer, { level, parent: recorder.parent });
  const actor = createActor(lightMachine, { id: "light-1", inspect: machines.inspect }).start();
  for (const event of events) actor.send(event);
  return { ...recorder, machines, actor };
}

Deno.test("createMachineTracer level 1: a span per active state, nested like the states", async () => {
  const run = runLight(1, [{ type: "NEXT" }, { type: "NEXT" }, { type: "WAIT", ms: 5 }, {
    type: "NEXT",
  }]);
  run.machines.end();
  const spans = await run.spans();
  assertEquals(renderTree(spans, run.rootId), [
    "light",
    "  light.green",
    "  light.yellow",
    "  light.red",
    "    light.red.walk",
    "    light.red.wait",
    "  light.green",
  ]);
  assertEquals(withoutSeq(named(spans, "light.red.wait")[0]), {
    [SPAN_ATTRIBUTES.machineId]: "light-1",
    [SPAN_ATTRIBUTES.machineKind]: "light",
    [SPAN_ATTRIBUTES.state]: "red.wait",
  });
  assertEquals(withoutSeq(named(spans, "light")[0]), {
    [SPAN_ATTRIBUTES.machineId]: "light-1",
    [SPAN_ATTRIBUTES.machineKind]: "light",
    [MACHINE_SPAN_ATTRIBUTES.status]: "active",
  });
  assertEquals(spans.length, run.started(), "end() ended every span");
});

Deno.test("createMachineTracer level 2: a span per processed event, with its actions as events", async () => {
  const run = runLight(2, [
    { type: "NEXT" },
    { type: "NEXT" },
    { type: "WAIT", ms: 5 },
    { type: "NEXT" },
    { type: "WAIT", ms: 5 },
  ]);
  run.machines.end();
  const spans = await run.spans();
  assertEquals(renderTree(spans, run.rootId), [
    "light",
    "  light.green",
    "  on xstate.init",
    "  on NEXT",
    "  light.yellow",
    "  on NEXT",
    "  light.red",
    "    light.red.walk",
    "    light.red.wait",
    "  on WAIT",
    "  on NEXT",
    "  light.green",
    "  on WAIT",
  ]);
  const [init, firstNext] = [named(spans, "on xstate.init")[0], named(spans, "on NEXT")[0]];
  assertEquals(withoutSeq(init), {
    [SPAN_ATTRIBUTES.machineId]: "light-1",
    [SPAN_ATTRIBUTES.machineKind]: "light",
    [SPAN_ATTRIBUTES.event]: "xstate.init",
    [SPAN_ATTRIBUTES.eventArgs]: "{}",
    [SPAN_ATTRIBUTES.accepted]: true,
    [MACHINE_SPAN_ATTRIBUTES.stateBefore]: "",
    [MACHINE_SPAN_ATTRIBUTES.stateAfter]: "green",
  });
  assertEquals(withoutSeq(firstNext), {
    [SPAN_ATTRIBUTES.machineId]: "light-1",
    [SPAN_ATTRIBUTES.machineKind]: "light",
    [SPAN_ATTRIBUTES.event]: "NEXT",
    [SPAN_ATTRIBUTES.eventArgs]: "{}",
    [SPAN_ATTRIBUTES.accepted]: true,
    [MACHINE_SPAN_ATTRIBUTES.stateBefore]: "green",
    [MACHINE_SPAN_ATTRIBUTES.stateAfter]: "yellow",
  });
  assertEquals(firstNext.events.map((event) => event.name), ["log"]);
  const [walkToWait] = named(spans, "on WAIT");
  assertEquals(walkToWait.attributes[SPAN_ATTRIBUTES.eventArgs], '{"ms":5}');
  assertEquals(walkToWait.attributes[MACHINE_SPAN_ATTRIBUTES.stateBefore], "red.walk");
  assertEquals(walkToWait.attributes[MACHINE_SPAN_ATTRIBUTES.stateAfter], "red.wait");
  assertEquals(spans.length, run.started());
});

Deno.test("createMachineTracer level 2 marks an event no transition takes as not accepted", async () => {
  const run = runLight(2, [{ type: "WAIT", ms: 5 }]);
  run.machines.end();
  const [rejected] = named(await run.spans(), "on WAIT");
  assertEquals(rejected.attributes[SPAN_ATTRIBUTES.accepted], false);
  assertEquals(rejected.attributes[MACHINE_SPAN_ATTRIBUTES.stateBefore], "green");
  assertEquals(rejected.attributes[MACHINE_SPAN_ATTRIBUTES.stateAfter], "green");
  assertEquals(rejected.events, []);
});

Deno.test("createMachineTracer gives a state that a transition re-enters a new span", async () => {
  const run = runLight(1, [{ type: "NEXT" }, { type: "BLINK" }]);
  run.machines.end();
  const spans = await run.spans();
  assertEquals(renderTree(spans, run.rootId), [
    "light",
    "  light.green",
    "  light.yellow",
    "  light.yellow",
  ]);
  const [first, second] = named(spans, "light.yellow");
  assert(
    hrTimeMs(first.endTime) <= hrTimeMs(second.startTime),
    "the first yellow ends as the second starts",
  );
});

Deno.test("createMachineTracer ends an actor's spans when it reaches a final state", async () => {
  const run = runLight(1, [{ type: "NEXT" }, { type: "NEXT" }, { type: "STOP" }]);
  // No end(): the final state ended the actor.
  const spans = await run.spans();
  assertEquals(spans.length, run.started());
  assertEquals(named(spans, "light")[0].attributes[MACHINE_SPAN_ATTRIBUTES.status], "done");
  assertEquals(renderTree(spans, run.rootId).at(-1), "  light.off");
});

Deno.test("createMachineTracer ends a stopped actor's spans, and ignores events after end()", async () => {
  const run = runLight(2, [{ type: "NEXT" }]);
  run.actor.stop();
  const spans = await run.spans();
  assertEquals(spans.length, run.started());
  assertEquals(named(spans, "light")[0].attributes[MACHINE_SPAN_ATTRIBUTES.status], "stopped");
  const [stop] = named(spans, "on xstate.stop");
  assertEquals(stop.attributes[SPAN_ATTRIBUTES.accepted], true, "the status changed");
  run.machines.end();
  const other = createActor(lightMachine, { inspect: run.machines.inspect }).start();
  other.send({ type: "NEXT" });
  assertEquals(run.started(), spans.length, "no span after end()");
});

Deno.test("createMachineTracer lets several actors share it", async () => {
  const recorder = createRecorder();
  const machines = createMachineTracer(recorder.tracer, { level: 1, parent: recorder.parent });
  const a = createActor(lightMachine, { id: "a", inspect: machines.inspect }).start();
  const b = createActor(lightMachine, { id: "b", inspect: machines.inspect }).start();
  a.send({ type: "NEXT" });
  b.send({ type: "NEXT" });
  b.send({ type: "NEXT" });
  machines.end();
  const spans = await recorder.spans();
  const byActor = (id: string) =>
    spans.filter((span) => span.attributes[SPAN_ATTRIBUTES.machineId] === id).map((span) =>
      span.name
    )
      .sort();
  assertEquals(byActor("a"), ["light", "light.green", "light.yellow"]);
  assertEquals(byActor("b"), [
    "light",
    "light.green",
    "light.red",
    "light.red.walk",
    "light.yellow",
  ]);
});

Deno.test("createMachineTracer throws TypeError for a level other than 1 or 2", () => {
  const recorder = createRecorder();
  assertThrows(
    () => createMachineTracer(recorder.tracer, { level: 3 as 1, parent: recorder.parent }),
    (error: unknown) =>
      error instanceof TypeError &&
      error.message ===
        "createMachineTracer: options.level must be 1 (states) or 2 (states and transitions), got 3",
  );
});

Deno.test("createMachineTracer.currentSpanContext is the transition being processed", async () => {
  const recorder = createRecorder();
  const machines = createMachineTracer(recorder.tracer, { level: 2, parent: recorder.parent });
  const seen: Array<string | undefined> = [];
  const actor = createActor(lightMachine, {
    inspect: (event) => {
      machines.inspect(event);
      // As the history journal asks: at each microstep, after the tracer saw it.
      if (event.type === "@xstate.microstep") seen.push(machines.currentSpanContext()?.spanId);
    },
  }).start();
  actor.send({ type: "NEXT" });
  assertEquals(machines.currentSpanContext(), undefined, "no transition open between events");
  machines.end();
  const [next] = named(await recorder.spans(), "on NEXT");
  assertEquals(seen, [next.spanContext().spanId]);
});
