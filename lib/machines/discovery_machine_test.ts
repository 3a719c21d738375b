// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert, strictEqual } from "node:assert/strict";
import { type Actor, createActor, fromPromise, SimulatedClock, waitFor } from "xstate";
import {
  type AdvertiseInput,
  type DiscoveryEvent,
  discoveryMachine,
  type FindAndDialInput,
  type FindAndDialOutput,
} from "./discovery_machine.ts";
import {
  bootstrapFlowMachine,
  type BootstrapFlowOutput,
  type CountTopicPeersInput,
  type DiscoverAndDialInput,
  type DiscoverAndDialOutput,
  type WaitForTopicPeersInput,
  type WaitForTopicPeersOutput,
} from "./bootstrap_flow_machine.ts";

type DiscoveryActor = Actor<typeof discoveryMachine>;

const REFRESH_MS = 1000;

function startDiscovery(
  machine: typeof discoveryMachine = discoveryMachine,
  clock: SimulatedClock = new SimulatedClock(),
): DiscoveryActor {
  return createActor(machine, { input: { refreshIntervalMs: REFRESH_MS }, clock }).start();
}

function assertNotAccepted(actor: DiscoveryActor, event: DiscoveryEvent): void {
  const before = actor.getSnapshot();
  strictEqual(before.can(event), false, `${event.type} should not be accepted`);
  actor.send(event);
  assertEquals(actor.getSnapshot().value, before.value);
  strictEqual(actor.getSnapshot().context, before.context);
}

const BOOTSTRAP: DiscoveryEvent = {
  type: "BOOTSTRAP_TOPIC",
  topic: "t1",
  minTopicPeers: 2,
  discoverLimit: 5,
  backoffMs: 10,
  maxBackoffMs: 40,
  maxAttempts: 3,
};

Deno.test("discoveryMachine starts every region in its initial state with context from input", () => {
  const actor = startDiscovery();
  assertEquals(actor.getSnapshot().value, {
    pool: "stopped",
    discovery: "idle",
    advertising: "idle",
    bootstrap: "idle",
  });
  assertEquals(actor.getSnapshot().context, {
    refreshIntervalMs: REFRESH_MS,
    refreshes: 0,
    peersFound: 0,
    dialFailures: 0,
    errors: 0,
  });
  strictEqual(discoveryMachine.id, "discovery");
  actor.stop();
});

Deno.test("discoveryMachine stopped pool schedules no refresh", () => {
  const clock = new SimulatedClock();
  const actor = startDiscovery(discoveryMachine, clock);
  assertEquals(actor.system.getSnapshot()._scheduledEvents, {});
  clock.increment(REFRESH_MS * 5);
  strictEqual(actor.getSnapshot().context.refreshes, 0);
  actor.stop();
});

Deno.test("discoveryMachine running pool refreshes once every refreshIntervalMs", () => {
  const clock = new SimulatedClock();
  let refreshed = 0;
  const actor = startDiscovery(
    discoveryMachine.provide({ actions: { refreshDiscoveries: () => refreshed++ } }),
    clock,
  );
  actor.send({ type: "START" });
  assert(actor.getSnapshot().matches({ pool: "running" }));
  clock.increment(REFRESH_MS - 1);
  strictEqual(refreshed, 0);
  clock.increment(1);
  strictEqual(refreshed, 1);
  // SimulatedClock starts a timer set while flushing at the new time, so step one interval at once.
  clock.increment(REFRESH_MS);
  clock.increment(REFRESH_MS);
  strictEqual(refreshed, 3);
  strictEqual(actor.getSnapshot().context.refreshes, 3);
  assert(actor.getSnapshot().matches({ pool: "running" }));
  actor.stop();
});

Deno.test("discoveryMachine STOP cancels the pool timer and no refresh follows", () => {
  const clock = new SimulatedClock();
  let refreshed = 0;
  const actor = startDiscovery(
    discoveryMachine.provide({ actions: { refreshDiscoveries: () => refreshed++ } }),
    clock,
  );
  actor.send({ type: "START" });
  clock.increment(REFRESH_MS);
  actor.send({ type: "STOP" });
  assert(actor.getSnapshot().matches({ pool: "stopped" }));
  assertEquals(actor.system.getSnapshot()._scheduledEvents, {});
  for (let i = 0; i < 10; i++) clock.increment(REFRESH_MS);
  strictEqual(refreshed, 1);
  strictEqual(actor.getSnapshot().context.refreshes, 1);
  actor.stop();
});

Deno.test("discoveryMachine START while running is not accepted", () => {
  const actor = startDiscovery();
  actor.send({ type: "START" });
  assertNotAccepted(actor, { type: "START" });
  actor.stop();
});

Deno.test("discoveryMachine DISCOVER_TOPIC runs findAndDial and sums its output", async () => {
  const inputs: FindAndDialInput[] = [];
  const actor = startDiscovery(discoveryMachine.provide({
    actors: {
      findAndDial: fromPromise<FindAndDialOutput, FindAndDialInput>(({ input }) => {
        inputs.push(input);
        return Promise.resolve({ found: 4, dialFailures: 1 });
      }),
    },
  }));
  actor.send({ type: "DISCOVER_TOPIC", topic: "t1", limit: 5 });
  assert(actor.getSnapshot().matches({ discovery: "discovering" }));
  await waitFor(actor, (s) => s.matches({ discovery: "discovered" }));
  actor.send({ type: "DISCOVER_TOPIC", topic: "t2", limit: 3 });
  const snapshot = await waitFor(actor, (s) => s.matches({ discovery: "discovered" }));
  assertEquals(inputs, [{ topic: "t1", limit: 5 }, { topic: "t2", limit: 3 }]);
  strictEqual(snapshot.context.peersFound, 8);
  strictEqual(snapshot.context.dialFailures, 2);
  actor.stop();
});

Deno.test("discoveryMachine DISCOVER_TOPIC while discovering is not accepted", () => {
  const actor = startDiscovery(discoveryMachine.provide({
    actors: {
      findAndDial: fromPromise<FindAndDialOutput, FindAndDialInput>(() => new Promise(() => {})),
    },
  }));
  actor.send({ type: "DISCOVER_TOPIC", topic: "t1", limit: 5 });
  assertNotAccepted(actor, { type: "DISCOVER_TOPIC", topic: "t2", limit: 5 });
  actor.stop();
});

Deno.test("discoveryMachine findAndDial error returns discovery to idle and counts it", async () => {
  // The default findAndDial rejects: it must be provided.
  const actor = startDiscovery();
  actor.send({ type: "DISCOVER_TOPIC", topic: "t1", limit: 5 });
  const snapshot = await waitFor(actor, (s) => s.matches({ discovery: "idle" }));
  strictEqual(snapshot.context.errors, 1);
  strictEqual(snapshot.context.peersFound, 0);
  actor.stop();
});

Deno.test("discoveryMachine ADVERTISE runs advertise and moves to advertised", async () => {
  const inputs: AdvertiseInput[] = [];
  const actor = startDiscovery(discoveryMachine.provide({
    actors: {
      advertise: fromPromise<void, AdvertiseInput>(({ input }) => {
        inputs.push(input);
        return Promise.resolve();
      }),
    },
  }));
  actor.send({ type: "ADVERTISE", topic: "t1", ttlMs: 60_000 });
  assert(actor.getSnapshot().matches({ advertising: "advertising" }));
  await waitFor(actor, (s) => s.matches({ advertising: "advertised" }));
  assertEquals(inputs, [{ topic: "t1", ttlMs: 60_000 }]);
  actor.stop();
});

Deno.test("discoveryMachine STOP_ADVERTISING runs stopAdvertising and moves to idle", async () => {
  const stopped: string[] = [];
  const actor = startDiscovery(discoveryMachine.provide({
    actions: { stopAdvertising: (_, { topic }) => stopped.push(topic) },
    actors: { advertise: fromPromise<void, AdvertiseInput>(() => Promise.resolve()) },
  }));
  assertNotAccepted(actor, { type: "STOP_ADVERTISING", topic: "t1" });
  actor.send({ type: "ADVERTISE", topic: "t1", ttlMs: 60_000 });
  await waitFor(actor, (s) => s.matches({ advertising: "advertised" }));
  actor.send({ type: "STOP_ADVERTISING", topic: "t1" });
  assert(actor.getSnapshot().matches({ advertising: "idle" }));
  assertEquals(stopped, ["t1"]);
  actor.stop();
});

Deno.test("discoveryMachine advertise error returns advertising to idle and counts it", async () => {
  const actor = startDiscovery();
  actor.send({ type: "ADVERTISE", topic: "t1", ttlMs: 60_000 });
  const snapshot = await waitFor(actor, (s) => s.matches({ advertising: "idle" }));
  strictEqual(snapshot.context.errors, 1);
  actor.stop();
});

/** The bootstrap flow with scripted actors, provided the way the runner provides it. */
function scriptedBootstrapFlow(
  counts: number[],
  waits: WaitForTopicPeersOutput[],
): { flow: typeof bootstrapFlowMachine; countInputs: CountTopicPeersInput[] } {
  const countInputs: CountTopicPeersInput[] = [];
  const flow = bootstrapFlowMachine.provide({
    actors: {
      countTopicPeers: fromPromise<number, CountTopicPeersInput>(({ input }) => {
        countInputs.push(input);
        return Promise.resolve(counts.shift() ?? 0);
      }),
      discoverAndDial: fromPromise<DiscoverAndDialOutput, DiscoverAndDialInput>(() =>
        Promise.resolve({ dialFailures: 1 })
      ),
      waitForTopicPeers: fromPromise<WaitForTopicPeersOutput, WaitForTopicPeersInput>(() =>
        Promise.resolve(waits.shift() ?? { ready: false, waitedMs: 0 })
      ),
    },
  });
  return { flow, countInputs };
}

Deno.test("discoveryMachine BOOTSTRAP_TOPIC runs the provided bootstrap flow to bootstrapped", async () => {
  const finished: BootstrapFlowOutput[] = [];
  const { flow, countInputs } = scriptedBootstrapFlow([0], [{ ready: true, waitedMs: 7 }]);
  const actor = startDiscovery(discoveryMachine.provide({
    actions: { bootstrapFinished: (_, output) => finished.push(output) },
    actors: { bootstrapFlow: flow },
  }));
  actor.send(BOOTSTRAP);
  assert(actor.getSnapshot().matches({ bootstrap: "bootstrapping" }));
  assert(actor.getSnapshot().children.bootstrapFlow !== undefined);
  await waitFor(actor, (s) => s.matches({ bootstrap: "bootstrapped" }));
  assertEquals(finished, [{
    ready: true,
    attempts: 1,
    dialFailures: 1,
    windowWaitMs: 7,
    topicPeers: 0,
  }]);
  assertEquals(countInputs, [{ topic: "t1" }]);
  strictEqual(actor.getSnapshot().children.bootstrapFlow, undefined);
  actor.stop();
});

Deno.test("discoveryMachine BOOTSTRAP_TOPIC of a host already ready finishes without a flow", () => {
  const finished: BootstrapFlowOutput[] = [];
  const { flow, countInputs } = scriptedBootstrapFlow([0], []);
  const actor = startDiscovery(discoveryMachine.provide({
    actions: { bootstrapFinished: (_, output) => finished.push(output) },
    actors: { bootstrapFlow: flow },
  }));
  actor.send({ ...BOOTSTRAP, topicPeers: BOOTSTRAP.minTopicPeers });
  assert(actor.getSnapshot().matches({ bootstrap: "bootstrapped" }));
  strictEqual(actor.getSnapshot().children.bootstrapFlow, undefined);
  assertEquals(finished, [{
    ready: true,
    attempts: 0,
    dialFailures: 0,
    windowWaitMs: 0,
    topicPeers: BOOTSTRAP.minTopicPeers,
  }]);
  assertEquals(countInputs, []);
  actor.stop();
});

Deno.test("discoveryMachine BOOTSTRAP_TOPIC with too few topic peers still runs the flow", () => {
  const { flow } = scriptedBootstrapFlow([0], []);
  const actor = startDiscovery(discoveryMachine.provide({ actors: { bootstrapFlow: flow } }));
  actor.send({ ...BOOTSTRAP, topicPeers: BOOTSTRAP.minTopicPeers - 1 });
  assert(actor.getSnapshot().matches({ bootstrap: "bootstrapping" }));
  assert(actor.getSnapshot().children.bootstrapFlow !== undefined);
  actor.stop();
});

Deno.test("discoveryMachine BOOTSTRAP_TOPIC moves to failed when the flow is not ready", async () => {
  const finished: BootstrapFlowOutput[] = [];
  const { flow } = scriptedBootstrapFlow([0, 0, 0, 1], []);
  const actor = startDiscovery(discoveryMachine.provide({
    actions: { bootstrapFinished: (_, output) => finished.push(output) },
    actors: { bootstrapFlow: flow },
  }));
  actor.send(BOOTSTRAP);
  await waitFor(actor, (s) => s.matches({ bootstrap: "failed" }));
  assertEquals(finished, [{
    ready: false,
    attempts: 3,
    dialFailures: 3,
    windowWaitMs: 0,
    topicPeers: 1,
  }]);
  actor.stop();
});

Deno.test("discoveryMachine BOOTSTRAP_TOPIC while bootstrapping is not accepted", () => {
  const flow = bootstrapFlowMachine.provide({
    actors: {
      countTopicPeers: fromPromise<number, CountTopicPeersInput>(() => new Promise(() => {})),
    },
  });
  const actor = startDiscovery(discoveryMachine.provide({ actors: { bootstrapFlow: flow } }));
  actor.send(BOOTSTRAP);
  assertNotAccepted(actor, BOOTSTRAP);
  actor.stop();
});

Deno.test("discoveryMachine BOOTSTRAP_TOPIC after bootstrapped runs a fresh flow", async () => {
  const finished: BootstrapFlowOutput[] = [];
  const { flow } = scriptedBootstrapFlow([2, 0], [{ ready: true, waitedMs: 1 }]);
  const actor = startDiscovery(discoveryMachine.provide({
    actions: { bootstrapFinished: (_, output) => finished.push(output) },
    actors: { bootstrapFlow: flow },
  }));
  actor.send(BOOTSTRAP);
  await waitFor(actor, (s) => s.matches({ bootstrap: "bootstrapped" }));
  actor.send(BOOTSTRAP);
  await waitFor(actor, () => finished.length === 2);
  assertEquals(finished.map(({ ready, attempts }) => ({ ready, attempts })), [
    { ready: true, attempts: 0 },
    { ready: true, attempts: 1 },
  ]);
  actor.stop();
});

Deno.test("discoveryMachine unprovided bootstrap flow fails with an error asking to provide it", async () => {
  const finished: BootstrapFlowOutput[] = [];
  const actor = startDiscovery(discoveryMachine.provide({
    actions: { bootstrapFinished: (_, output) => finished.push(output) },
  }));
  actor.send(BOOTSTRAP);
  await waitFor(actor, (s) => s.matches({ bootstrap: "failed" }));
  strictEqual(finished.length, 1);
  strictEqual(finished[0].ready, false);
  assert(finished[0].error instanceof Error);
  strictEqual(
    finished[0].error.message,
    "bootstrapFlowMachine: the countTopicPeers actor must be provided with " +
      "bootstrapFlowMachine.provide({ actors: { countTopicPeers } })",
  );
  actor.stop();
});

Deno.test("discoveryMachine regions run independently of each other", async () => {
  const clock = new SimulatedClock();
  const { flow } = scriptedBootstrapFlow([3], []);
  const actor = startDiscovery(
    discoveryMachine.provide({
      actors: {
        bootstrapFlow: flow,
        advertise: fromPromise<void, AdvertiseInput>(() => Promise.resolve()),
      },
    }),
    clock,
  );
  actor.send({ type: "START" });
  actor.send({ type: "ADVERTISE", topic: "t1", ttlMs: 60_000 });
  actor.send(BOOTSTRAP);
  clock.increment(REFRESH_MS);
  const snapshot = await waitFor(
    actor,
    (s) => s.matches({ advertising: "advertised", bootstrap: "bootstrapped" }),
  );
  assertEquals(snapshot.value, {
    pool: "running",
    discovery: "idle",
    advertising: "advertised",
    bootstrap: "bootstrapped",
  });
  strictEqual(snapshot.context.refreshes, 1);
  actor.stop();
});
