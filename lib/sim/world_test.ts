// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert, strictEqual } from "node:assert/strict";
import {
  canApplyChange,
  createWorld,
  effectsOf,
  type World,
  type WorldChange,
  type WorldEvent,
} from "./world.ts";
import { DEFAULT_SIM_CONFIG } from "./sim_config.ts";
import { apply, LIMITS, peersWorld, plan, withTopic } from "./testdata/world_fixtures.ts";

Deno.test("addPeer adds a starting peer while there are fewer than maxPeers, and starts its host", () => {
  const world = peersWorld(2, { maxPeers: 3 });
  const change = plan(world, "addPeer");
  assertEquals(change, { type: "ADD_PEER", atMs: 0, peerId: "peer-2" });
  assertEquals(effectsOf(world, change!), [{ kind: "startPeer", peerId: "peer-2", num: 2 }]);
  const after = apply(world, change!);
  strictEqual(after.peers.get("peer-2")?.status, "starting");
  strictEqual(plan(after, "addPeer"), undefined);
});

Deno.test("removePeer is reachable with the default limits: it runs above minPeers, not at it", () => {
  strictEqual(plan(peersWorld(DEFAULT_SIM_CONFIG.minPeers), "removePeer"), undefined);
  const world = peersWorld(DEFAULT_SIM_CONFIG.minPeers + 1);
  assert(DEFAULT_SIM_CONFIG.minPeers + 1 <= DEFAULT_SIM_CONFIG.maxPeers);
  assertEquals(plan(world, "removePeer"), { type: "REMOVE_PEER", atMs: 0, peerId: "peer-0" });
});

Deno.test("removePeer takes the peer out of its topics and its friends' lists and stops its host", () => {
  let world = withTopic(peersWorld(3, { minPeers: 0 }), "t", ["peer-0", "peer-1"]);
  world = apply(world, { type: "ADD_FRIEND", atMs: 0, peerId: "peer-0", friendId: "peer-2" });
  const change: WorldChange = { type: "REMOVE_PEER", atMs: 1, peerId: "peer-0" };
  assertEquals(effectsOf(world, change), [{ kind: "stopPeer", peerId: "peer-0" }]);
  const after = apply(world, change);
  strictEqual(after.peers.has("peer-0"), false);
  assertEquals([...after.topics.get("t")!.members], ["peer-1"]);
  assertEquals([...after.peers.get("peer-2")!.friends], []);
  strictEqual(after.totals.peersRemoved, 1);
});

Deno.test("addTopic needs room for a topic and a ready peer with room, and starts with initialPeersPerTopic members", () => {
  strictEqual(plan(createWorld(LIMITS), "addTopic"), undefined, "no ready peer");
  strictEqual(plan(peersWorld(3, { maxTopics: 0 }), "addTopic"), undefined, "no room");
  strictEqual(plan(peersWorld(3, { maxTopicsPerPeer: 0 }), "addTopic"), undefined, "peers full");
  const world = peersWorld(8, { initialPeersPerTopic: 5 });
  const change = plan(world, "addTopic") as Extract<WorldChange, { type: "ADD_TOPIC" }>;
  strictEqual(change.members.length, 5);
  assert(/^t-[a-z]+-[a-z]+-0$/.test(change.topic), change.topic);
  const effects = effectsOf(world, change);
  assertEquals(effects[0], { kind: "createTopic", topic: change.topic });
  strictEqual(effects.filter((effect) => effect.kind === "joinTopic").length, 5);
  const after = apply(world, change);
  assertEquals([...after.topics.get(change.topic)!.members].sort(), [...change.members].sort());
  for (const id of change.members) strictEqual(after.peers.get(id)!.topics.get(change.topic), null);
});

Deno.test("removeTopic makes every member leave and ends the checks of its messages", () => {
  let world = withTopic(peersWorld(3), "t", ["peer-0", "peer-1", "peer-2"]);
  world = apply(
    world,
    { type: "SEND_MESSAGE", atMs: 10, peerId: "peer-0", topic: "t", messageId: "m-0" },
    { type: "MESSAGE_SENT", atMs: 11, messageId: "m-0" },
    { type: "MESSAGE_RECEIVED", atMs: 12, peerId: "peer-1", messageId: "m-0" },
  );
  const change = plan(world, "removeTopic", 20)!;
  assertEquals(change, { type: "REMOVE_TOPIC", atMs: 20, topic: "t" });
  assertEquals(effectsOf(world, change).map((effect) => effect.kind), [
    "leaveTopic",
    "leaveTopic",
    "leaveTopic",
    "removeTopic",
  ]);
  const after = apply(world, change);
  strictEqual(after.topics.size, 0);
  for (const peer of after.peers.values()) strictEqual(peer.topics.size, 0);
  strictEqual(after.pending.size, 0);
  // peer-2 left before its copy arrived: excused, not missed.
  assertEquals(after.totals.delivered, 1);
  assertEquals(after.totals.missed, 0);
});

Deno.test("peakTopic needs 3 topics and 2 x peakTopicPeers ready peers, and never fills a topic past its cap", () => {
  const limits = { peakTopicPeers: 5, maxPeersPerTopic: 8 };
  let world = peersWorld(12, limits);
  world = withTopic(world, "a", ["peer-0", "peer-1", "peer-2", "peer-3", "peer-4"]);
  world = withTopic(world, "b", ["peer-0"]);
  strictEqual(plan(world, "peakTopic"), undefined, "two topics");
  world = withTopic(world, "c", ["peer-0"]);
  const change = plan(world, "peakTopic") as Extract<WorldChange, { type: "PEAK_TOPIC" }>;
  // Topic "a" has room for 3 more only.
  strictEqual(change.topic, "a");
  strictEqual(change.members.length, 3);
  const after = apply(world, change);
  strictEqual(after.topics.get("a")!.members.size, 8);
  strictEqual(plan(peersWorld(9, limits), "peakTopic"), undefined, "9 ready peers < 10");
});

Deno.test("addFriend makes two peers friends both ways, capped, and the friend follows into a topic", () => {
  let world = withTopic(peersWorld(3, { maxFriendsPerPeer: 1 }), "t", ["peer-0"]);
  const change = plan(world, "addFriend")!;
  assertEquals(change, {
    type: "ADD_FRIEND",
    atMs: 0,
    peerId: "peer-0",
    friendId: "peer-1",
    topic: "t",
  });
  assertEquals(effectsOf(world, change), [{ kind: "joinTopic", peerId: "peer-1", topic: "t" }]);
  world = apply(world, change);
  assertEquals([...world.peers.get("peer-0")!.friends], ["peer-1"]);
  assertEquals([...world.peers.get("peer-1")!.friends], ["peer-0"]);
  strictEqual(world.peers.get("peer-1")!.topics.get("t"), null);
  // Both are at the cap of 1 friend; peer-2 has no topic to share.
  strictEqual(plan(world, "addFriend"), undefined);
});

Deno.test("gc drops friendships whose peers share no topic, on both sides, and trims inboxes", () => {
  let world = withTopic(peersWorld(3, { maxMessagesPerPeer: 2 }), "t", ["peer-0", "peer-1"]);
  world = apply(
    world,
    { type: "ADD_FRIEND", atMs: 0, peerId: "peer-0", friendId: "peer-1" },
    { type: "ADD_FRIEND", atMs: 0, peerId: "peer-0", friendId: "peer-2" },
    ...[1, 2, 3].map((n): WorldEvent => ({
      type: "MESSAGE_RECEIVED",
      atMs: n,
      peerId: "peer-1",
      messageId: `x-${n}`,
    })),
  );
  const after = apply(world, plan(world, "gc")!);
  assertEquals([...after.peers.get("peer-0")!.friends], ["peer-1"]);
  assertEquals([...after.peers.get("peer-2")!.friends], []);
  assertEquals(after.peers.get("peer-1")!.inbox, ["x-2", "x-3"]);
  strictEqual(after.totals.friendshipsDropped, 1);
});

Deno.test("joinRandomTopic joins a topic with room the peer is not in", () => {
  let world = peersWorld(2, { maxPeersPerTopic: 2 });
  world = withTopic(world, "full", ["peer-0", "peer-1"]);
  world = withTopic(world, "open", ["peer-0"]);
  assertEquals(plan(world, "joinRandomTopic"), {
    type: "JOIN_TOPIC",
    atMs: 0,
    peerId: "peer-1",
    topic: "open",
    via: "random",
  });
  world = apply(world, plan(world, "joinRandomTopic")!);
  strictEqual(plan(world, "joinRandomTopic"), undefined);
});

Deno.test("joinFriendsTopic joins a topic of one of the peer's friends", () => {
  let world = withTopic(peersWorld(3), "t", ["peer-1"]);
  strictEqual(plan(world, "joinFriendsTopic"), undefined, "no friends");
  world = apply(world, { type: "ADD_FRIEND", atMs: 0, peerId: "peer-2", friendId: "peer-1" });
  assertEquals(plan(world, "joinFriendsTopic"), {
    type: "JOIN_TOPIC",
    atMs: 0,
    peerId: "peer-2",
    topic: "t",
    via: "friend",
  });
});

Deno.test("msgRandomTopic sends only to a joined topic with another joined member", () => {
  let world = withTopic(peersWorld(3), "t", ["peer-0"]);
  strictEqual(plan(world, "msgRandomTopic"), undefined, "alone in the topic");
  world = apply(world, {
    type: "JOIN_TOPIC",
    atMs: 0,
    peerId: "peer-1",
    topic: "t",
    via: "random",
  });
  strictEqual(plan(world, "msgRandomTopic"), undefined, "the other member is still joining");
  world = apply(world, { type: "TOPIC_JOINED", atMs: 0, peerId: "peer-1", topic: "t" });
  const change = plan(world, "msgRandomTopic", 5)!;
  assertEquals(change, {
    type: "SEND_MESSAGE",
    atMs: 5,
    peerId: "peer-0",
    topic: "t",
    messageId: "m-0",
  });
  assertEquals(effectsOf(world, change), [
    { kind: "sendMessage", peerId: "peer-0", topic: "t", messageId: "m-0" },
  ]);
});

/** peer-0 sends m-0 to topic t at 100 ms; peer-1..3 joined before, peer-4 is still joining. */
function sentWorld(): World {
  let world = withTopic(peersWorld(5, { deliveryTimeoutMs: 1000 }), "t", [
    "peer-0",
    "peer-1",
    "peer-2",
    "peer-3",
  ]);
  world = apply(
    world,
    { type: "JOIN_TOPIC", atMs: 50, peerId: "peer-4", topic: "t", via: "random" },
    { type: "SEND_MESSAGE", atMs: 100, peerId: "peer-0", topic: "t", messageId: "m-0" },
    { type: "MESSAGE_SENT", atMs: 110, messageId: "m-0" },
  );
  return world;
}

Deno.test("delivery check expects the topic's members that joined before the send, the sender and joiners aside", () => {
  const world = sentWorld();
  assertEquals([...world.pending.get("m-0")!.expected].sort(), ["peer-1", "peer-2", "peer-3"]);
});

Deno.test("delivery check ends as soon as every expected peer has the message", () => {
  const world = apply(
    sentWorld(),
    ...["peer-1", "peer-4", "peer-2", "peer-3"].map((peerId): WorldEvent => ({
      type: "MESSAGE_RECEIVED",
      atMs: 200,
      peerId,
      messageId: "m-0",
    })),
  );
  strictEqual(world.pending.size, 0);
  assertEquals(world.verifications, [
    { seq: 1, messageId: "m-0", topic: "t", expected: 3, delivered: 3, missed: 0, atMs: 200 },
  ]);
  assertEquals(world.totals.delivered, 3);
  assertEquals(world.topics.get("t")!.delivered, 3);
});

Deno.test("delivery check counts what did not arrive by the deadline as missed, not before", () => {
  let world = apply(sentWorld(), {
    type: "MESSAGE_RECEIVED",
    atMs: 200,
    peerId: "peer-1",
    messageId: "m-0",
  });
  world = apply(world, { type: "HEARTBEAT", atMs: 1_100 });
  strictEqual(world.pending.size, 1, "the deadline is 110 + 1000");
  world = apply(world, { type: "HEARTBEAT", atMs: 1_110 });
  strictEqual(world.pending.size, 0);
  assertEquals(world.totals.delivered, 1);
  assertEquals(world.totals.missed, 2);
  assertEquals(world.verifications.at(-1)?.missed, 2);
});

Deno.test("delivery check excuses peers that leave or are removed before their copy arrives", () => {
  let world = apply(sentWorld(), { type: "REMOVE_PEER", atMs: 150, peerId: "peer-2" });
  world = apply(world, { type: "PEER_FAILED", atMs: 160, peerId: "peer-3", error: "gone" });
  world = apply(world, { type: "MESSAGE_RECEIVED", atMs: 170, peerId: "peer-1", messageId: "m-0" });
  assertEquals(world.verifications.at(-1), {
    seq: 1,
    messageId: "m-0",
    topic: "t",
    expected: 1,
    delivered: 1,
    missed: 0,
    atMs: 170,
  });
  strictEqual(world.totals.peersFailed, 1);
});

Deno.test("delivery check of a failed publish is dropped and the failure counted", () => {
  let world = withTopic(peersWorld(2), "t", ["peer-0", "peer-1"]);
  world = apply(
    world,
    { type: "SEND_MESSAGE", atMs: 0, peerId: "peer-0", topic: "t", messageId: "m-0" },
    { type: "MESSAGE_FAILED", atMs: 1, messageId: "m-0", error: "no peers" },
  );
  strictEqual(world.pending.size, 0);
  assertEquals([world.totals.sendFailures, world.totals.verifications], [1, 0]);
});

Deno.test("canApplyChange refuses a change the world no longer allows", () => {
  const world = withTopic(peersWorld(3, { minPeers: 0 }), "t", ["peer-0", "peer-1"]);
  const change = plan(world, "msgRandomTopic")!;
  const gone = apply(world, { type: "REMOVE_PEER", atMs: 0, peerId: "peer-1" });
  strictEqual(canApplyChange(gone, change), false);
  strictEqual(
    canApplyChange(world, {
      type: "JOIN_TOPIC",
      atMs: 0,
      peerId: "peer-0",
      topic: "t",
      via: "random",
    }),
    false,
  );
  strictEqual(canApplyChange(world, { type: "ADD_PEER", atMs: 0, peerId: "peer-0" }), false);
});
