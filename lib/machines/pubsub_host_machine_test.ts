// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert, strictEqual } from "node:assert/strict";
import { pubsubHostMachine } from "./pubsub_host_machine.ts";
import {
  assertNotAccepted,
  DATA,
  joinTopic,
  SELF,
  startHost,
} from "./testdata/pubsub_host_fixtures.ts";

Deno.test("pubsubHostMachine starts every region in its initial state with context from input", () => {
  const actor = startHost();
  const snapshot = actor.getSnapshot();
  assertEquals(snapshot.value, {
    peers: "pending",
    topics: "none",
    relays: "none",
    validators: "none",
    publishing: "idle",
  });
  assertEquals(snapshot.context, {
    hostIndex: 3,
    peerId: SELF,
    peers: new Set(),
    blacklist: new Set(),
    streams: 0,
    streamErrors: 0,
    topics: [],
    remoteSubscriptions: 0,
    meshPeers: 0,
    relays: 0,
    validators: 0,
    messagesPublished: 0,
    publishRequestId: null,
    queries: 0,
  });
  strictEqual(pubsubHostMachine.id, "pubsubHost");
  actor.stop();
});

Deno.test("pubsubHostMachine PEER_CONNECTED moves peers from pending to connected and adds the peer", () => {
  const actor = startHost();
  actor.send({ type: "PEER_CONNECTED", peerId: "a" });
  assert(actor.getSnapshot().matches({ peers: "connected" }));
  assertEquals(actor.getSnapshot().context.peers, new Set(["a"]));
  actor.stop();
});

Deno.test("pubsubHostMachine PEER_CONNECTED of a known peer keeps the same peers set", () => {
  const actor = startHost();
  actor.send({ type: "PEER_CONNECTED", peerId: "a" });
  const peers = actor.getSnapshot().context.peers;
  actor.send({ type: "PEER_CONNECTED", peerId: "a" });
  strictEqual(actor.getSnapshot().context.peers, peers);
  actor.stop();
});

Deno.test("pubsubHostMachine PEER_DISCONNECTED of the last peer moves peers to dead", () => {
  const actor = startHost();
  actor.send({ type: "PEER_CONNECTED", peerId: "a" });
  actor.send({ type: "PEER_DISCONNECTED", peerId: "a" });
  assert(actor.getSnapshot().matches({ peers: "dead" }));
  assertEquals(actor.getSnapshot().context.peers, new Set());
  actor.send({ type: "PEER_CONNECTED", peerId: "b" });
  assert(actor.getSnapshot().matches({ peers: "connected" }));
  actor.stop();
});

Deno.test("pubsubHostMachine PEER_DISCONNECTED with peers left stays connected", () => {
  const actor = startHost();
  actor.send({ type: "PEER_CONNECTED", peerId: "a" });
  actor.send({ type: "PEER_CONNECTED", peerId: "b" });
  actor.send({ type: "PEER_DISCONNECTED", peerId: "a" });
  assert(actor.getSnapshot().matches({ peers: "connected" }));
  assertEquals(actor.getSnapshot().context.peers, new Set(["b"]));
  actor.stop();
});

Deno.test("pubsubHostMachine PEER_DISCONNECTED of an unknown peer is not accepted", () => {
  const actor = startHost();
  assertNotAccepted(actor, { type: "PEER_DISCONNECTED", peerId: "a" });
  actor.send({ type: "PEER_CONNECTED", peerId: "a" });
  assertNotAccepted(actor, { type: "PEER_DISCONNECTED", peerId: "z" });
  actor.stop();
});

Deno.test("pubsubHostMachine GET_PEERS is a self-transition that counts a query", () => {
  const actor = startHost();
  actor.send({ type: "PEER_CONNECTED", peerId: "a" });
  const before = actor.getSnapshot();
  strictEqual(before.can({ type: "GET_PEERS" }), true);
  actor.send({ type: "GET_PEERS" });
  assertEquals(actor.getSnapshot().value, before.value);
  strictEqual(actor.getSnapshot().context.queries, 1);
  actor.stop();
});

Deno.test("pubsubHostMachine counts open streams and never below 0", () => {
  const actor = startHost();
  actor.send({ type: "PEER_NEW_STREAM", peerId: "a" });
  actor.send({ type: "PEER_NEW_STREAM", peerId: "b" });
  actor.send({ type: "PEER_CLOSE_STREAM", peerId: "a" });
  strictEqual(actor.getSnapshot().context.streams, 1);
  actor.send({ type: "PEER_CLOSE_STREAM", peerId: "b" });
  actor.send({ type: "PEER_CLOSE_STREAM", peerId: "b" });
  strictEqual(actor.getSnapshot().context.streams, 0);
  actor.stop();
});

Deno.test("pubsubHostMachine PEER_ERROR counts stream errors", () => {
  const actor = startHost();
  actor.send({ type: "PEER_ERROR", peerId: "a", error: "reset" });
  actor.send({ type: "PEER_ERROR", peerId: "b", error: "timeout" });
  strictEqual(actor.getSnapshot().context.streamErrors, 2);
  actor.stop();
});

Deno.test("pubsubHostMachine PEER_BLACKLIST adds another peer to the blacklist", () => {
  const actor = startHost();
  actor.send({ type: "PEER_BLACKLIST", peerId: "a" });
  assertEquals(actor.getSnapshot().context.blacklist, new Set(["a"]));
  actor.stop();
});

Deno.test("pubsubHostMachine PEER_BLACKLIST of the host itself is not accepted", () => {
  const actor = startHost();
  assertNotAccepted(actor, { type: "PEER_BLACKLIST", peerId: SELF });
  assertEquals(actor.getSnapshot().context.blacklist, new Set());
  actor.stop();
});

Deno.test("pubsubHostMachine ADD_TOPIC moves topics to announcing and runs joinTopic", () => {
  const joined: string[] = [];
  const actor = startHost(pubsubHostMachine.provide({
    actions: { joinTopic: (_, { topic }) => joined.push(topic) },
  }));
  actor.send({ type: "ADD_TOPIC", topic: "t1" });
  assert(actor.getSnapshot().matches({ topics: "announcing" }));
  assertEquals(joined, ["t1"]);
  assertEquals(actor.getSnapshot().context.topics, []);
  actor.stop();
});

Deno.test("pubsubHostMachine TOPIC_ANNOUNCED moves topics to joined and adds the topic once", () => {
  const actor = startHost();
  joinTopic(actor, "t1");
  assert(actor.getSnapshot().matches({ topics: "joined" }));
  joinTopic(actor, "t1");
  joinTopic(actor, "t2");
  assertEquals(actor.getSnapshot().context.topics, ["t1", "t2"]);
  actor.stop();
});

Deno.test("pubsubHostMachine ADD_TOPIC while announcing is not accepted", () => {
  const actor = startHost();
  actor.send({ type: "ADD_TOPIC", topic: "t1" });
  assertNotAccepted(actor, { type: "ADD_TOPIC", topic: "t2" });
  actor.stop();
});

Deno.test("pubsubHostMachine REMOVE_TOPIC of the last topic runs leaveTopic and moves to none", () => {
  const left: string[] = [];
  const actor = startHost(pubsubHostMachine.provide({
    actions: { leaveTopic: (_, { topic }) => left.push(topic) },
  }));
  joinTopic(actor, "t1");
  actor.send({ type: "REMOVE_TOPIC", topic: "t1" });
  assert(actor.getSnapshot().matches({ topics: "none" }));
  assertEquals(actor.getSnapshot().context.topics, []);
  assertEquals(left, ["t1"]);
  actor.stop();
});

Deno.test("pubsubHostMachine REMOVE_TOPIC with topics left stays joined", () => {
  const actor = startHost();
  joinTopic(actor, "t1");
  joinTopic(actor, "t2");
  actor.send({ type: "REMOVE_TOPIC", topic: "t1" });
  assert(actor.getSnapshot().matches({ topics: "joined" }));
  assertEquals(actor.getSnapshot().context.topics, ["t2"]);
  actor.stop();
});

Deno.test("pubsubHostMachine REMOVE_TOPIC of a topic not joined is not accepted", () => {
  const actor = startHost();
  assertNotAccepted(actor, { type: "REMOVE_TOPIC", topic: "t1" });
  joinTopic(actor, "t1");
  assertNotAccepted(actor, { type: "REMOVE_TOPIC", topic: "t9" });
  actor.stop();
});

Deno.test("pubsubHostMachine GET_TOPIC is a self-transition that counts a query", () => {
  const actor = startHost();
  const before = actor.getSnapshot();
  actor.send({ type: "GET_TOPIC", topic: "t1" });
  assertEquals(actor.getSnapshot().value, before.value);
  strictEqual(actor.getSnapshot().context.queries, 1);
  actor.stop();
});

Deno.test("pubsubHostMachine counts remote subscriptions and never below 0", () => {
  const actor = startHost();
  actor.send({ type: "ADD_SUBSCRIPTION", peerId: "a", topic: "t1" });
  actor.send({ type: "ADD_SUBSCRIPTION", peerId: "b", topic: "t1" });
  actor.send({ type: "REMOVE_SUBSCRIPTION", peerId: "a", topic: "t1" });
  strictEqual(actor.getSnapshot().context.remoteSubscriptions, 1);
  actor.send({ type: "REMOVE_SUBSCRIPTION", peerId: "b", topic: "t1" });
  actor.send({ type: "REMOVE_SUBSCRIPTION", peerId: "b", topic: "t1" });
  strictEqual(actor.getSnapshot().context.remoteSubscriptions, 0);
  actor.stop();
});

Deno.test("pubsubHostMachine GRAFT and PRUNE count mesh peers and never below 0", () => {
  const actor = startHost();
  actor.send({ type: "GRAFT", peerId: "a", topic: "t1" });
  actor.send({ type: "GRAFT", peerId: "b", topic: "t1" });
  actor.send({ type: "PRUNE", peerId: "a", topic: "t1" });
  strictEqual(actor.getSnapshot().context.meshPeers, 1);
  actor.send({ type: "PRUNE", peerId: "b", topic: "t1" });
  actor.send({ type: "PRUNE", peerId: "b", topic: "t1" });
  strictEqual(actor.getSnapshot().context.meshPeers, 0);
  actor.stop();
});

Deno.test("pubsubHostMachine relays move to relaying and back to none with the last relay", () => {
  const actor = startHost();
  assertNotAccepted(actor, { type: "REMOVE_RELAY", topic: "t1" });
  actor.send({ type: "ADD_RELAY", topic: "t1" });
  actor.send({ type: "ADD_RELAY", topic: "t2" });
  assert(actor.getSnapshot().matches({ relays: "relaying" }));
  strictEqual(actor.getSnapshot().context.relays, 2);
  actor.send({ type: "REMOVE_RELAY", topic: "t1" });
  assert(actor.getSnapshot().matches({ relays: "relaying" }));
  actor.send({ type: "REMOVE_RELAY", topic: "t2" });
  assert(actor.getSnapshot().matches({ relays: "none" }));
  strictEqual(actor.getSnapshot().context.relays, 0);
  actor.stop();
});

Deno.test("pubsubHostMachine validators run installValidator and removeValidator", () => {
  const calls: string[] = [];
  const actor = startHost(pubsubHostMachine.provide({
    actions: {
      installValidator: (_, { topic, delayMs }) => calls.push(`install ${topic} ${delayMs}`),
      removeValidator: (_, { topic }) => calls.push(`remove ${topic}`),
    },
  }));
  actor.send({ type: "ADD_VALIDATOR", topic: "t1", delayMs: 5 });
  assert(actor.getSnapshot().matches({ validators: "validating" }));
  actor.send({ type: "REMOVE_VALIDATOR", topic: "t1" });
  assert(actor.getSnapshot().matches({ validators: "none" }));
  assertEquals(calls, ["install t1 5", "remove t1"]);
  strictEqual(actor.getSnapshot().context.validators, 0);
  actor.stop();
});

Deno.test("pubsubHostMachine REMOVE_VALIDATOR without a validator is not accepted", () => {
  const actor = startHost();
  assertNotAccepted(actor, { type: "REMOVE_VALIDATOR", topic: "t1" });
  actor.stop();
});

Deno.test("pubsubHostMachine INCOMING_RPC on a joined topic runs deliverMessage, context untouched", () => {
  const delivered: Array<[string, Uint8Array]> = [];
  const actor = startHost(pubsubHostMachine.provide({
    actions: { deliverMessage: (_, { topic, data }) => delivered.push([topic, data]) },
  }));
  joinTopic(actor, "t1");
  const before = actor.getSnapshot();
  strictEqual(before.can({ type: "INCOMING_RPC", topic: "t1", data: DATA }), true);
  actor.send({ type: "INCOMING_RPC", topic: "t1", data: DATA });
  assertEquals(delivered, [["t1", DATA]]);
  // The message is counted where it is handed over: the snapshot is not rebuilt per message.
  strictEqual(actor.getSnapshot(), before);
  actor.stop();
});

Deno.test("pubsubHostMachine INCOMING_RPC on a topic not joined is not accepted", () => {
  let deliveries = 0;
  const actor = startHost(pubsubHostMachine.provide({
    actions: { deliverMessage: () => deliveries++ },
  }));
  assertNotAccepted(actor, { type: "INCOMING_RPC", topic: "t1", data: DATA });
  joinTopic(actor, "t1");
  assertNotAccepted(actor, { type: "INCOMING_RPC", topic: "t2", data: DATA });
  strictEqual(deliveries, 0);
  actor.stop();
});

Deno.test("pubsubHostMachine per-message events leave the context and snapshot alone", () => {
  let deliveries = 0;
  const actor = startHost(pubsubHostMachine.provide({
    actions: { deliverMessage: () => deliveries++ },
  }));
  actor.send({ type: "PEER_CONNECTED", peerId: "a" });
  joinTopic(actor, "t1");
  const before = actor.getSnapshot();
  for (let i = 0; i < 1000; i++) actor.send({ type: "INCOMING_RPC", topic: "t1", data: DATA });
  strictEqual(deliveries, 1000);
  strictEqual(actor.getSnapshot(), before);
  actor.stop();
});
