// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { createActor } from "xstate";
import { simTopicMachine } from "./sim_topic_machine.ts";

function valueAfter(peers: number, recentMessages: number): unknown {
  const actor = createActor(simTopicMachine, { input: { topic: "t", peakingMinPeers: 10 } })
    .start();
  actor.send({ type: "UPDATE", peers, recentMessages });
  const value = actor.getSnapshot().value;
  actor.stop();
  return value;
}

Deno.test("simTopicMachine starts empty, quiet and stale", () => {
  const actor = createActor(simTopicMachine, { input: { topic: "t", peakingMinPeers: 10 } })
    .start();
  assertEquals(actor.getSnapshot().value, {
    peers: "empty",
    messages: "quiet",
    freshness: "stale",
  });
  actor.stop();
});

Deno.test("simTopicMachine derives has peers, peaking, active and stale from the last update", () => {
  assertEquals(valueAfter(3, 0), {
    peers: { hasPeers: "normal" },
    messages: "quiet",
    freshness: "stale",
  });
  assertEquals(valueAfter(3, 2), {
    peers: { hasPeers: "normal" },
    messages: "active",
    freshness: "fresh",
  });
  // A peaking topic is not stale even without messages (as Go's Peaking removed Stale).
  assertEquals(valueAfter(10, 0), {
    peers: { hasPeers: "peaking" },
    messages: "quiet",
    freshness: "fresh",
  });
  assertEquals(valueAfter(0, 1), { peers: "empty", messages: "active", freshness: "fresh" });
});

Deno.test("simTopicMachine follows the numbers back down", () => {
  const actor = createActor(simTopicMachine, { input: { topic: "t", peakingMinPeers: 2 } }).start();
  actor.send({ type: "UPDATE", peers: 5, recentMessages: 4 });
  actor.send({ type: "UPDATE", peers: 0, recentMessages: 0 });
  assertEquals(actor.getSnapshot().value, {
    peers: "empty",
    messages: "quiet",
    freshness: "stale",
  });
  assertEquals(actor.getSnapshot().context, {
    topic: "t",
    peakingMinPeers: 2,
    peers: 0,
    recentMessages: 0,
  });
  actor.stop();
});
