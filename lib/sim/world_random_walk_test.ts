// The world model under many seeded random actions: caps, immutability and determinism.
// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { ok as assert, strictEqual } from "node:assert/strict";
import { createSeededRandom } from "../bench/mod.ts";
import { SIM_ACTIONS } from "./sim_config.ts";
import {
  applyWorldEvent,
  canApplyChange,
  createWorld,
  type World,
  type WorldEvent,
  type WorldLimits,
} from "./world.ts";
import { planAction } from "./world_plan.ts";
import { LIMITS } from "./testdata/world_fixtures.ts";

function dump(world: World): string {
  return JSON.stringify(
    world,
    (_, value) => value instanceof Map ? [...value] : value instanceof Set ? [...value] : value,
  );
}

/**
 * Plans random actions and random reports on a world for `steps` steps (no network: reports are
 * drawn from what the world awaits), checking after each step that nothing it was given changed.
 */
function randomWalk(seed: number, steps: number, limits: Partial<WorldLimits> = {}): World {
  const random = createSeededRandom(seed);
  let world = createWorld({ ...LIMITS, ...limits });
  for (let step = 0; step < steps; step++) {
    const atMs = step * 250;
    const events: WorldEvent[] = [];
    const change = planAction(
      world,
      SIM_ACTIONS[random.int(0, SIM_ACTIONS.length - 1)],
      random,
      atMs,
    );
    if (change) {
      assert(canApplyChange(world, change), `step ${step}: invalid ${JSON.stringify(change)}`);
      events.push(change);
    }
    for (const peer of world.peers.values()) {
      if (peer.status === "starting") {
        events.push(
          random.int(0, 9) === 0
            ? { type: "PEER_FAILED", atMs, peerId: peer.id, error: "x" }
            : { type: "PEER_READY", atMs, peerId: peer.id },
        );
      }
      for (const [topic, joinedAt] of peer.topics) {
        if (joinedAt === null) events.push({ type: "TOPIC_JOINED", atMs, peerId: peer.id, topic });
      }
    }
    for (const message of world.pending.values()) {
      if (message.sentAtMs === null) {
        events.push({ type: "MESSAGE_SENT", atMs, messageId: message.id });
      }
      for (const peerId of message.expected) {
        if (random.int(0, 9) > 7) {
          events.push({ type: "MESSAGE_RECEIVED", atMs, peerId, messageId: message.id });
        }
      }
    }
    events.push({ type: "HEARTBEAT", atMs });
    for (const event of events) {
      const before = dump(world);
      const next = applyWorldEvent(world, event);
      strictEqual(dump(world), before, `step ${step}: ${event.type} changed its input`);
      world = next;
    }
    checkInvariants(world, step);
  }
  return world;
}

function checkInvariants(world: World, step: number): void {
  const { limits } = world;
  assert(world.peers.size <= limits.maxPeers, `step ${step}: too many peers`);
  assert(world.topics.size <= limits.maxTopics, `step ${step}: too many topics`);
  for (const peer of world.peers.values()) {
    assert(
      peer.topics.size <= limits.maxTopicsPerPeer,
      `step ${step}: ${peer.id} in too many topics`,
    );
    assert(
      peer.friends.size <= limits.maxFriendsPerPeer,
      `step ${step}: ${peer.id} has too many friends`,
    );
    for (const friend of peer.friends) {
      assert(
        world.peers.get(friend)?.friends.has(peer.id),
        `step ${step}: ${peer.id}-${friend} one-way`,
      );
    }
    for (const topic of peer.topics.keys()) {
      assert(
        world.topics.get(topic)?.members.has(peer.id),
        `step ${step}: ${peer.id} not in ${topic}`,
      );
    }
    assert(peer.inbox.length <= 2 * limits.maxMessagesPerPeer);
  }
  for (const topic of world.topics.values()) {
    assert(
      topic.members.size <= limits.maxPeersPerTopic,
      `step ${step}: ${topic.name} over its cap`,
    );
    for (const id of topic.members) {
      assert(world.peers.get(id)?.topics.has(topic.name), `step ${step}: ${id} lost ${topic.name}`);
    }
  }
}

Deno.test("world under random actions keeps every cap and never changes the world it is given", () => {
  const world = randomWalk(3, 1_000);
  // The walk went through every kind of change, and receptions both arrived and went missing.
  const { totals } = world;
  assert(totals.verifications > 20, `only ${totals.verifications} checks`);
  assert(totals.peersRemoved > 0 && totals.peersFailed > 0 && totals.topicsRemoved > 0);
  assert(totals.friendshipsAdded > 0 && totals.joins > 0);
  assert(totals.delivered > 0 && totals.missed > 0);
});

Deno.test("world with a fixed seed is the same world every run", () => {
  strictEqual(dump(randomWalk(11, 400)), dump(randomWalk(11, 400)));
});
