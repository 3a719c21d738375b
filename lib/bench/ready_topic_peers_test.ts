import { deepStrictEqual as assertEquals } from "node:assert/strict";
import {
  BIG_RUN_READY_TOPIC_PEERS,
  GO_RULE_MAX_HOSTS,
  resolveReadyTopicPeers,
} from "./ready_topic_peers.ts";

Deno.test("resolveReadyTopicPeers keeps the Go test's n-1 up to GO_RULE_MAX_HOSTS hosts", () => {
  assertEquals(resolveReadyTopicPeers(undefined, 2), 1);
  assertEquals(resolveReadyTopicPeers(undefined, 20), 19);
  assertEquals(resolveReadyTopicPeers(undefined, GO_RULE_MAX_HOSTS), GO_RULE_MAX_HOSTS - 1);
});

Deno.test("resolveReadyTopicPeers departs from the Go test above GO_RULE_MAX_HOSTS hosts", () => {
  assertEquals(resolveReadyTopicPeers(undefined, GO_RULE_MAX_HOSTS + 1), BIG_RUN_READY_TOPIC_PEERS);
  assertEquals(resolveReadyTopicPeers(undefined, 2000), 100);
});

Deno.test("resolveReadyTopicPeers takes a set target as it is", () => {
  assertEquals(resolveReadyTopicPeers(3, 20), 3);
  assertEquals(resolveReadyTopicPeers(1500, 2000), 1500);
});
