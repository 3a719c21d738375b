// createMachineTracer with the real OpenTelemetry SDK on actors that start actors: the discovery
// machine running its bootstrap-flow child with scripted effects, a failing child, and the span
// of the transition being processed.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
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
import { createRecorder, hrTimeMs, named, renderTree } from "./testdata/span_recorder.ts";

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
        hrTimeMs(span.startTime) >= hrTimeMs(parent.startTime) &&
          hrTimeMs(span.endTime) <= hrTimeMs(parent.endTime),
        `${span.name} is outside its parent ${parent.name}`,
      );
    }
  },
);
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
