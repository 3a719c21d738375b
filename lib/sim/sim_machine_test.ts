// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok, strictEqual } from "node:assert/strict";
import { type Actor, createActor, fromPromise, waitFor } from "xstate";
import { type PerformParams, simMachine } from "./sim_machine.ts";
import { SIM_MACHINE_KINDS, simPeerMachine, simTopicMachine } from "../machines/mod.ts";
import { createWorld, type WorldLimits } from "./world.ts";

const LIMITS: WorldLimits = {
  maxPeers: 2,
  minPeers: 0,
  maxTopics: 2,
  maxTopicsPerPeer: 2,
  maxPeersPerTopic: 2,
  maxFriendsPerPeer: 1,
  initialPeersPerTopic: 2,
  peakTopicPeers: 1,
  maxMessagesPerPeer: 10,
  deliveryTimeoutMs: 1000,
  topicActiveWindowMs: 60_000,
};

interface Harness {
  actor: Actor<typeof simMachine>;
  performed: PerformParams[];
  finishPopulate: () => void;
  failures: unknown[];
}

function startSim(options: { populateFails?: boolean } = {}): Harness {
  const performed: PerformParams[] = [];
  const failures: unknown[] = [];
  let finishPopulate = (): void => {};
  const machine = simMachine.provide({
    actions: {
      perform: (_, params) => performed.push(params),
      reportFailure: (_, { error }) => failures.push(error),
    },
    actors: {
      populate: fromPromise(() =>
        new Promise<void>((resolve, reject) => {
          finishPopulate = options.populateFails ? () => reject(new Error("no peers")) : resolve;
        })
      ),
      stopAll: fromPromise(() => Promise.resolve()),
    },
  });
  const actor = createActor(machine, { input: { world: createWorld(LIMITS) } }).start();
  return { actor, performed, finishPopulate: () => finishPopulate(), failures };
}

Deno.test("simMachine goes idle → populating → running, then stopping → stopped", async () => {
  const sim = startSim();
  assertEquals(sim.actor.getSnapshot().value, "idle");
  sim.actor.send({ type: "START" });
  assertEquals(sim.actor.getSnapshot().value, { live: "populating" });
  sim.finishPopulate();
  await waitFor(sim.actor, (snapshot) => snapshot.matches({ live: "running" }));
  sim.actor.send({ type: "STOP" });
  await waitFor(sim.actor, (snapshot) => snapshot.status === "done");
  assertEquals(sim.actor.getSnapshot().value, "stopped");
});

Deno.test("simMachine applies a valid change, handing its effects over before the world changes", () => {
  const sim = startSim();
  sim.actor.send({ type: "START" });
  sim.actor.send({ type: "ADD_PEER", atMs: 5, peerId: "peer-0" });
  assertEquals(sim.performed, [{
    effects: [{ kind: "startPeer", peerId: "peer-0", num: 0 }],
    change: { type: "ADD_PEER", atMs: 5, peerId: "peer-0" },
  }]);
  const { context } = sim.actor.getSnapshot();
  strictEqual(context.world.peers.get("peer-0")?.status, "starting");
  assertEquals(context.applied, { ADD_PEER: 1 });
  sim.actor.send({ type: "PEER_READY", atMs: 6, peerId: "peer-0" });
  strictEqual(sim.actor.getSnapshot().context.world.peers.get("peer-0")?.status, "ready");
  sim.actor.stop();
});

Deno.test("simMachine refuses a change the world no longer allows, with no effect", () => {
  const sim = startSim();
  sim.actor.send({ type: "START" });
  sim.actor.send({ type: "ADD_PEER", atMs: 0, peerId: "peer-0" });
  sim.actor.send({ type: "ADD_PEER", atMs: 0, peerId: "peer-0" });
  sim.actor.send({ type: "JOIN_TOPIC", atMs: 0, peerId: "peer-0", topic: "nope", via: "random" });
  strictEqual(sim.performed.length, 1);
  strictEqual(sim.actor.getSnapshot().context.refused, 2);
  sim.actor.stop();
});

Deno.test("simMachine takes heartbeats only while running, counting them with their lag", async () => {
  const sim = startSim();
  sim.actor.send({ type: "START" });
  sim.actor.send({ type: "HEARTBEAT", atMs: 1000, lagMs: 3, skipped: 0 });
  strictEqual(sim.actor.getSnapshot().context.heartbeats, 0);
  sim.finishPopulate();
  await waitFor(sim.actor, (snapshot) => snapshot.matches({ live: "running" }));
  sim.actor.send({ type: "HEARTBEAT", atMs: 2000, lagMs: 4, skipped: 0 });
  sim.actor.send({ type: "HEARTBEAT", atMs: 4500, lagMs: 1500, skipped: 1 });
  const { context } = sim.actor.getSnapshot();
  assertEquals([context.heartbeats, context.lastLagMs, context.skippedHeartbeats], [2, 1500, 1]);
  sim.actor.stop();
});

Deno.test("simMachine counts failed heartbeats while running, leaving the world as it was", async () => {
  const sim = startSim();
  sim.actor.send({ type: "START" });
  sim.actor.send({ type: "HEARTBEAT_FAILED", seq: 1, error: "early" });
  strictEqual(sim.actor.getSnapshot().context.failedHeartbeats, 0);
  sim.finishPopulate();
  await waitFor(sim.actor, (snapshot) => snapshot.matches({ live: "running" }));
  const world = sim.actor.getSnapshot().context.world;
  sim.actor.send({ type: "HEARTBEAT_FAILED", seq: 2, error: "boom" });
  sim.actor.send({ type: "HEARTBEAT_FAILED", seq: 3, error: "boom" });
  const snapshot = sim.actor.getSnapshot();
  strictEqual(snapshot.context.failedHeartbeats, 2);
  strictEqual(snapshot.context.world, world);
  ok(snapshot.matches({ live: "running" }));
  sim.actor.stop();
});

Deno.test("simMachine ignores changes before START and after STOP", async () => {
  const sim = startSim();
  sim.actor.send({ type: "ADD_PEER", atMs: 0, peerId: "peer-0" });
  sim.actor.send({ type: "START" });
  sim.actor.send({ type: "STOP" });
  sim.actor.send({ type: "ADD_PEER", atMs: 0, peerId: "peer-0" });
  await waitFor(sim.actor, (snapshot) => snapshot.status === "done");
  strictEqual(sim.performed.length, 0);
  strictEqual(sim.actor.getSnapshot().context.world.peers.size, 0);
});

Deno.test("simMachine ends in failed when populating fails, reporting the error", async () => {
  const sim = startSim({ populateFails: true });
  sim.actor.send({ type: "START" });
  sim.finishPopulate();
  await waitFor(sim.actor, (snapshot) => snapshot.status === "done");
  assertEquals(sim.actor.getSnapshot().value, "failed");
  strictEqual((sim.failures[0] as Error).message, "no peers");
  strictEqual((sim.actor.getSnapshot().context.error as Error).message, "no peers");
});

Deno.test("SIM_MACHINE_KINDS names the simulator's machines, then the host machines", () => {
  assertEquals(SIM_MACHINE_KINDS.slice(0, 3), [
    simMachine.id,
    simPeerMachine.id,
    simTopicMachine.id,
  ]);
  assertEquals(SIM_MACHINE_KINDS.slice(3), ["pubsubHost", "discovery", "bootstrapFlow"]);
});
