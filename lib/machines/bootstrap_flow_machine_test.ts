// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert, strictEqual } from "node:assert/strict";
import { createActor, fromPromise, toPromise } from "xstate";
import {
  type BootstrapFlowInput,
  bootstrapFlowMachine,
  type BootstrapFlowOutput,
  type CountTopicPeersInput,
  type DiscoverAndDialInput,
  type DiscoverAndDialOutput,
  type WaitForTopicPeersInput,
  type WaitForTopicPeersOutput,
} from "./bootstrap_flow_machine.ts";

const INPUT: BootstrapFlowInput = {
  topic: "t1",
  minTopicPeers: 2,
  discoverLimit: 5,
  backoffMs: 10,
  maxBackoffMs: 40,
  maxAttempts: 4,
};

/** What the scripted actors answer, in order; a script running out is a test bug. */
interface FlowScript {
  counts: number[];
  dialFailures?: number[];
  waits?: WaitForTopicPeersOutput[];
}

/** What the scripted actors were asked. */
interface FlowCalls {
  counts: CountTopicPeersInput[];
  discovers: DiscoverAndDialInput[];
  waits: WaitForTopicPeersInput[];
}

function _next<T>(queue: T[], what: string): T {
  if (queue.length === 0) throw new Error(`script exhausted: ${what}`);
  return queue.shift()!;
}

function scriptedFlow(
  script: FlowScript,
): { machine: typeof bootstrapFlowMachine; calls: FlowCalls } {
  const counts = [...script.counts];
  const dialFailures = [...(script.dialFailures ?? [])];
  const waits = [...(script.waits ?? [])];
  const calls: FlowCalls = { counts: [], discovers: [], waits: [] };
  const machine = bootstrapFlowMachine.provide({
    actors: {
      countTopicPeers: fromPromise<number, CountTopicPeersInput>(({ input }) => {
        calls.counts.push(input);
        return Promise.resolve(_next(counts, "counts"));
      }),
      discoverAndDial: fromPromise<DiscoverAndDialOutput, DiscoverAndDialInput>(({ input }) => {
        calls.discovers.push(input);
        return Promise.resolve({ dialFailures: dialFailures.shift() ?? 0 });
      }),
      waitForTopicPeers: fromPromise<WaitForTopicPeersOutput, WaitForTopicPeersInput>(
        ({ input }) => {
          calls.waits.push(input);
          return Promise.resolve(_next(waits, "waits"));
        },
      ),
    },
  });
  return { machine, calls };
}

function runFlow(
  machine: typeof bootstrapFlowMachine,
  input: BootstrapFlowInput = INPUT,
): Promise<BootstrapFlowOutput> {
  return toPromise(createActor(machine, { input }).start());
}

const NOT_READY: WaitForTopicPeersOutput = { ready: false, waitedMs: 10 };

Deno.test("bootstrapFlowMachine is bootstrapped with 0 attempts when the first check is ready", async () => {
  const { machine, calls } = scriptedFlow({ counts: [3] });
  const output = await runFlow(machine);
  assertEquals(output, {
    ready: true,
    attempts: 0,
    dialFailures: 0,
    windowWaitMs: 0,
    topicPeers: 3,
  });
  assertEquals(calls.counts, [{ topic: "t1" }]);
  assertEquals(calls.discovers, []);
  assertEquals(calls.waits, []);
});

Deno.test("bootstrapFlowMachine is bootstrapped after two rounds when the second wait is ready", async () => {
  const { machine, calls } = scriptedFlow({
    counts: [0, 1],
    dialFailures: [1, 2],
    waits: [{ ready: false, waitedMs: 10 }, { ready: true, waitedMs: 7 }],
  });
  const output = await runFlow(machine);
  assertEquals(output, {
    ready: true,
    attempts: 2,
    dialFailures: 3,
    windowWaitMs: 17,
    topicPeers: 1,
  });
  assertEquals(calls.discovers, [{ topic: "t1", limit: 5 }, { topic: "t1", limit: 5 }]);
  assertEquals(calls.waits, [
    { topic: "t1", count: 2, timeoutMs: 10 },
    { topic: "t1", count: 2, timeoutMs: 20 },
  ]);
});

Deno.test("bootstrapFlowMachine reports the wait's topicPeers when the wait gives it", async () => {
  const { machine } = scriptedFlow({
    counts: [0],
    waits: [{ ready: true, waitedMs: 3, topicPeers: 2 }],
  });
  const output = await runFlow(machine);
  strictEqual(output.ready, true);
  strictEqual(output.attempts, 1);
  strictEqual(output.topicPeers, 2);
});

Deno.test("bootstrapFlowMachine doubles the back-off after each window, capped at maxBackoffMs", async () => {
  const { machine, calls } = scriptedFlow({
    counts: [0, 0, 0, 0, 1],
    waits: [NOT_READY, NOT_READY, NOT_READY, NOT_READY],
  });
  await runFlow(machine);
  assertEquals(calls.waits.map((wait) => wait.timeoutMs), [10, 20, 40, 40]);
});

Deno.test("bootstrapFlowMachine fails after maxAttempts rounds with ready false", async () => {
  const { machine, calls } = scriptedFlow({
    counts: [0, 0, 1, 1, 1],
    dialFailures: [1, 0, 0, 1],
    waits: [NOT_READY, NOT_READY, NOT_READY, NOT_READY],
  });
  const output = await runFlow(machine);
  assertEquals(output, {
    ready: false,
    attempts: 4,
    dialFailures: 2,
    windowWaitMs: 40,
    topicPeers: 1,
  });
  strictEqual(calls.discovers.length, 4);
  // The count after the last round is read for the outcome, as bootstrapTopic() reads it.
  strictEqual(calls.counts.length, 5);
});

Deno.test("bootstrapFlowMachine does not re-check readiness after the last round", async () => {
  // bootstrapTopic() gives up after its last window even if peers arrived just after it.
  const { machine } = scriptedFlow({ counts: [0, 5], waits: [NOT_READY] });
  const output = await runFlow(machine, { ...INPUT, maxAttempts: 1 });
  assertEquals(output, {
    ready: false,
    attempts: 1,
    dialFailures: 0,
    windowWaitMs: 10,
    topicPeers: 5,
  });
});

Deno.test("bootstrapFlowMachine with maxAttempts 0 fails without a round", async () => {
  const { machine, calls } = scriptedFlow({ counts: [5] });
  const output = await runFlow(machine, { ...INPUT, maxAttempts: 0 });
  assertEquals(output, {
    ready: false,
    attempts: 0,
    dialFailures: 0,
    windowWaitMs: 0,
    topicPeers: 5,
  });
  assertEquals(calls.discovers, []);
});

Deno.test("bootstrapFlowMachine fails with the error when countTopicPeers rejects", async () => {
  const error = new Error("host stopped");
  const machine = scriptedFlow({ counts: [] }).machine.provide({
    actors: {
      countTopicPeers: fromPromise<number, CountTopicPeersInput>(() => Promise.reject(error)),
    },
  });
  const actor = createActor(machine, { input: INPUT }).start();
  const output = await toPromise(actor);
  assert(actor.getSnapshot().matches("failed"));
  assertEquals(output, {
    ready: false,
    attempts: 0,
    dialFailures: 0,
    windowWaitMs: 0,
    topicPeers: 0,
    error,
  });
});

Deno.test("bootstrapFlowMachine fails with the error when discoverAndDial rejects", async () => {
  const error = new Error("discovery down");
  const machine = scriptedFlow({ counts: [0] }).machine.provide({
    actors: {
      discoverAndDial: fromPromise<DiscoverAndDialOutput, DiscoverAndDialInput>(() =>
        Promise.reject(error)
      ),
    },
  });
  const actor = createActor(machine, { input: INPUT }).start();
  const output = await toPromise(actor);
  assert(actor.getSnapshot().matches("failed"));
  strictEqual(output.ready, false);
  strictEqual(output.attempts, 1);
  strictEqual(output.error, error);
});

Deno.test("bootstrapFlowMachine fails with the error when waitForTopicPeers rejects", async () => {
  const error = new Error("aborted");
  const machine = scriptedFlow({ counts: [0] }).machine.provide({
    actors: {
      waitForTopicPeers: fromPromise<WaitForTopicPeersOutput, WaitForTopicPeersInput>(() =>
        Promise.reject(error)
      ),
    },
  });
  const actor = createActor(machine, { input: INPUT }).start();
  const output = await toPromise(actor);
  assert(actor.getSnapshot().matches("failed"));
  strictEqual(output.attempts, 1);
  strictEqual(output.error, error);
});

Deno.test("bootstrapFlowMachine default actors reject with an error asking to provide them", async () => {
  const output = await runFlow(bootstrapFlowMachine);
  strictEqual(output.ready, false);
  assert(output.error instanceof Error);
  strictEqual(
    output.error.message,
    "bootstrapFlowMachine: the countTopicPeers actor must be provided with " +
      "bootstrapFlowMachine.provide({ actors: { countTopicPeers } })",
  );
});

Deno.test("bootstrapFlowMachine passes through checking, discovering and delay in order", async () => {
  const { machine } = scriptedFlow({ counts: [0], waits: [{ ready: true, waitedMs: 1 }] });
  const actor = createActor(machine, { input: INPUT });
  const states: string[] = [];
  actor.subscribe((snapshot) => {
    const state = String(snapshot.value);
    if (states.at(-1) !== state) states.push(state);
  });
  actor.start();
  await toPromise(actor);
  assertEquals(states, ["checking", "discovering", "delay", "bootstrapped"]);
  strictEqual(bootstrapFlowMachine.id, "bootstrapFlow");
});
