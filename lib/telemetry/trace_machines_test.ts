// createMachineTracer with the real OpenTelemetry SDK: known span trees of a tiny machine at both
// levels, then the discovery machine running its bootstrap-flow child with scripted effects.
import {
  deepStrictEqual as assertEquals,
  ok as assert,
  throws as assertThrows,
} from "node:assert/strict";
import { type Context, context, type Span, trace, type Tracer } from "@opentelemetry/api";
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { createActor, fromPromise, setup, waitFor } from "xstate";
import {
  bootstrapFlowMachine,
  type CountTopicPeersInput,
  type DiscoverAndDialInput,
  type DiscoverAndDialOutput,
  discoveryMachine,
  type WaitForTopicPeersInput,
  type WaitForTopicPeersOutput,
} from "../machines/mod.ts";
import { SPAN_ATTRIBUTES } from "./span_conventions.ts";
import { createMachineTracer, MACHINE_SPAN_ATTRIBUTES } from "./trace_machines.ts";

const SEQ = "test.seq";

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

/** A tracer that numbers its spans in creation order, and the spans it ended. */
function createRecorder() {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const inner = provider.getTracer("trace_machines_test");
  let started = 0;
  const tracer = {
    startSpan(name: string, options?: Parameters<Tracer["startSpan"]>[1], ctx?: Context): Span {
      const span = inner.startSpan(name, options, ctx);
      span.setAttribute(SEQ, started++);
      return span;
    },
    startActiveSpan: inner.startActiveSpan.bind(inner),
  } as Tracer;
  const root = inner.startSpan("test");
  return {
    tracer,
    parent: trace.setSpan(context.active(), root),
    rootId: root.spanContext().spanId,
    started: () => started,
    spans: async (): Promise<ReadableSpan[]> => {
      await provider.forceFlush();
      return exporter.getFinishedSpans().filter((span) => span.name !== "test");
    },
  };
}

/**
 * The tree below `rootId` as indented lines, children in creation order; a span whose parent is
 * neither the root nor an ended span is listed as an orphan.
 */
function renderTree(spans: ReadableSpan[], rootId: string): string[] {
  const ids = new Set(spans.map((span) => span.spanContext().spanId));
  const children = new Map<string, ReadableSpan[]>();
  const lines: string[] = [];
  for (const span of spans) {
    const parent = span.parentSpanContext?.spanId ?? "";
    if (parent !== rootId && !ids.has(parent)) lines.push(`orphan ${span.name}`);
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const visit = (id: string, depth: number): void => {
    const list = (children.get(id) ?? []).sort((a, b) =>
      Number(a.attributes[SEQ]) - Number(b.attributes[SEQ])
    );
    for (const span of list) {
      lines.push(`${"  ".repeat(depth)}${span.name}`);
      visit(span.spanContext().spanId, depth + 1);
    }
  };
  visit(rootId, 0);
  return lines;
}

function withoutSeq(span: ReadableSpan): Record<string, unknown> {
  const { [SEQ]: _, ...attributes } = span.attributes;
  return attributes;
}

function named(spans: ReadableSpan[], name: string): ReadableSpan[] {
  return spans
    .filter((span) => span.name === name)
    .sort((a, b) => Number(a.attributes[SEQ]) - Number(b.attributes[SEQ]));
}

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
    _ms(first.endTime) <= _ms(second.startTime),
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

Deno.test(
  "createMachineTracer on the discovery machine: its bootstrap-flow child nests in the invoking state",
  async () => {
    const recorder = createRecorder();
    const machines = createMachineTracer(recorder.tracer, { level: 2, parent: recorder.parent });
    const counts = [0, 3];
    const waits: WaitForTopicPeersOutput[] = [{ ready: false, waitedMs: 10 }];
    let finished = false;
    const machine = discoveryMachine.provide({
      actions: { bootstrapFinished: () => (finished = true) },
      actors: {
        findAndDial: fromPromise(() => Promise.resolve({ found: 0, dialFailures: 0 })),
        advertise: fromPromise(() => Promise.resolve()),
        bootstrapFlow: bootstrapFlowMachine.provide({
          actors: {
            countTopicPeers: fromPromise<number, CountTopicPeersInput>(() =>
              Promise.resolve(counts.shift()!)
            ),
            discoverAndDial: fromPromise<DiscoverAndDialOutput, DiscoverAndDialInput>(() =>
              Promise.resolve({ dialFailures: 1 })
            ),
            waitForTopicPeers: fromPromise<WaitForTopicPeersOutput, WaitForTopicPeersInput>(() =>
              Promise.resolve(waits.shift()!)
            ),
          },
        }),
      },
    });
    const actor = createActor(machine, {
      id: "discovery-0",
      input: { refreshIntervalMs: 60_000 },
      inspect: machines.inspect,
    }).start();
    actor.send({
      type: "BOOTSTRAP_TOPIC",
      topic: "t",
      minTopicPeers: 2,
      discoverLimit: 5,
      backoffMs: 10,
      maxBackoffMs: 40,
      maxAttempts: 4,
    });
    await waitFor(actor, (snapshot) => snapshot.matches({ bootstrap: "bootstrapped" }));
    assert(finished);
    machines.end();
    const spans = await recorder.spans();
    assertEquals(spans.length, recorder.started(), "every span ended");
    assertEquals(renderTree(spans, recorder.rootId), [
      "discovery",
      "  discovery.pool",
      "    discovery.pool.stopped",
      "  discovery.discovery",
      "    discovery.discovery.idle",
      "  discovery.advertising",
      "    discovery.advertising.idle",
      "  discovery.bootstrap",
      "    discovery.bootstrap.idle",
      "    discovery.bootstrap.bootstrapping",
      "      bootstrapFlow",
      "        bootstrapFlow.checking",
      "          countTopicPeers",
      "        on xstate.init",
      "        on xstate.done.actor.0.bootstrapFlow.checking",
      "        bootstrapFlow.discovering",
      "          discoverAndDial",
      "        on xstate.done.actor.0.bootstrapFlow.discovering",
      "        bootstrapFlow.delay",
      "          waitForTopicPeers",
      "        on xstate.done.actor.0.bootstrapFlow.delay",
      "        bootstrapFlow.checking",
      "          countTopicPeers",
      "        on xstate.done.actor.0.bootstrapFlow.checking",
      "        bootstrapFlow.bootstrapped",
      "    discovery.bootstrap.bootstrapped",
      "  on xstate.init",
      "  on BOOTSTRAP_TOPIC",
      "  on xstate.done.actor.bootstrapFlow",
    ]);
    const [done] = named(spans, "on xstate.done.actor.bootstrapFlow");
    // Built-in actions too: leaving `bootstrapping` stops the child it invoked.
    assertEquals(done.events.map((event) => event.name), ["xstate.stopChild", "bootstrapFinished"]);
    assertEquals(
      done.attributes[MACHINE_SPAN_ATTRIBUTES.stateAfter],
      [
        "pool.stopped",
        "discovery.idle",
        "advertising.idle",
        "bootstrap.bootstrapped",
      ].join(", "),
    );
    const [flow] = named(spans, "bootstrapFlow");
    assertEquals(flow.attributes[SPAN_ATTRIBUTES.machineId], "bootstrapFlow");
    assertEquals(flow.attributes[MACHINE_SPAN_ATTRIBUTES.status], "done");
    // Well nested in time too: no span starts before or ends after its parent.
    const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));
    for (const span of spans) {
      const parent = byId.get(span.parentSpanContext?.spanId ?? "");
      if (parent === undefined) continue;
      assert(
        _ms(span.startTime) >= _ms(parent.startTime) && _ms(span.endTime) <= _ms(parent.endTime),
        `${span.name} is outside its parent ${parent.name}`,
      );
    }
  },
);

function _ms([seconds, nanos]: [number, number]): number {
  return seconds * 1000 + nanos / 1e6;
}

Deno.test("createMachineTracer ends a child that failed, with an error status", async () => {
  const failing = setup({
    actions: {
      explode: () => {
        throw new Error("boom");
      },
    },
  }).createMachine({
    id: "failing",
    initial: "idle",
    states: { idle: { on: { GO: { actions: "explode" } } } },
  });
  const parentMachine = setup({ actors: { failing } }).createMachine({
    id: "parent",
    initial: "running",
    states: {
      running: {
        invoke: { id: "child", src: "failing", onError: "failed" },
        on: {
          KICK: { actions: ({ self }) => self.getSnapshot().children.child?.send({ type: "GO" }) },
        },
      },
      failed: {},
    },
  });
  const recorder = createRecorder();
  const machines = createMachineTracer(recorder.tracer, { level: 1, parent: recorder.parent });
  const actor = createActor(parentMachine, { inspect: machines.inspect }).start();
  actor.send({ type: "KICK" });
  const [child] = named(await recorder.spans(), "failing");
  assertEquals(child.attributes[MACHINE_SPAN_ATTRIBUTES.status], "error");
  assertEquals(child.status, { code: 2, message: "boom" });
  machines.end();
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
