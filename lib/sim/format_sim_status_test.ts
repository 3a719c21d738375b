// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, strictEqual } from "node:assert/strict";
import {
  formatClock,
  formatSimStatus,
  formatSimSummary,
  type SimStatus,
  summarizeLags,
  topicLines,
  worldStats,
} from "./format_sim_status.ts";
import { applyWorldEvent, createWorld, type WorldEvent, type WorldLimits } from "./world.ts";

const LIMITS: WorldLimits = {
  maxPeers: 10,
  minPeers: 0,
  maxTopics: 5,
  maxTopicsPerPeer: 5,
  maxPeersPerTopic: 5,
  maxFriendsPerPeer: 5,
  initialPeersPerTopic: 2,
  peakTopicPeers: 2,
  maxMessagesPerPeer: 10,
  deliveryTimeoutMs: 1000,
  topicActiveWindowMs: 60_000,
};

Deno.test("summarizeLags of no, one and equal samples", () => {
  assertEquals(summarizeLags([], 0), { count: 0, p50: 0, p99: 0, max: 0, skipped: 0 });
  assertEquals(summarizeLags([7], 2), { count: 1, p50: 7, p99: 7, max: 7, skipped: 2 });
  assertEquals(summarizeLags([3, 3, 3], 0), { count: 3, p50: 3, p99: 3, max: 3, skipped: 0 });
});

Deno.test("summarizeLags takes nearest-rank percentiles", () => {
  const lags = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 .. 1, unsorted
  assertEquals(summarizeLags(lags, 0), { count: 100, p50: 50, p99: 99, max: 100, skipped: 0 });
});

Deno.test("worldStats counts peers, topics, friendships and peers per topic", () => {
  const events: WorldEvent[] = [
    ...["a", "b", "c"].flatMap((peerId): WorldEvent[] => [
      { type: "ADD_PEER", atMs: 0, peerId },
      { type: "PEER_READY", atMs: 0, peerId },
    ]),
    { type: "ADD_PEER", atMs: 0, peerId: "d" },
    { type: "ADD_TOPIC", atMs: 0, topic: "t1", members: ["a", "b"] },
    { type: "ADD_TOPIC", atMs: 0, topic: "t2", members: ["a"] },
    { type: "ADD_FRIEND", atMs: 0, peerId: "a", friendId: "c" },
  ];
  const world = events.reduce(applyWorldEvent, createWorld(LIMITS));
  assertEquals(worldStats(world), {
    peers: 4,
    readyPeers: 3,
    topics: 2,
    friendships: 1,
    peersWithTopics: 2,
    peersPerTopic: 1.5,
    pending: 0,
  });
  assertEquals(worldStats(createWorld(LIMITS)).peersPerTopic, 0);
  assertEquals(
    topicLines(world, 0, () => ["hasPeers"]).map((line) => [line.name, line.peers, line.joined]),
    [
      ["t1", 2, 0],
      ["t2", 1, 0],
    ],
  );
});

const STATUS: SimStatus = {
  elapsedMs: 70_000,
  world: {
    peers: 4,
    readyPeers: 3,
    topics: 1,
    friendships: 2,
    peersWithTopics: 3,
    peersPerTopic: 3,
    pending: 1,
  },
  connections: 10,
  streams: 8,
  delivered: 12,
  missed: 1,
  deliveredPerSecond: 1.2,
  missedPerSecond: 0.1,
  verifications: 4,
  lag: { count: 10, p50: 1.5, p99: 12, max: 30, skipped: 0 },
  failedHeartbeats: 0,
  rssBytes: 300 * 2 ** 20,
  topics: [{
    name: "t-a",
    peers: 3,
    joined: 2,
    recentMessages: 4,
    delivered: 12,
    missed: 1,
    states: ["hasPeers", "active", "fresh"],
  }],
};

Deno.test("formatSimStatus prints the totals, then one line per topic", () => {
  const text = formatSimStatus(STATUS);
  assertEquals(text.split("\n"), [
    "[01:10] peers 4 (ready 3) | topics 1 | connections 10 (2.5/peer) | streams 8 | friendships 2 | " +
    "peers with topics 3 | peers/topic 3.0",
    "  msgs delivered 12 (1.20/s) missed 1 (0.10/s) | checks 4, pending 1 | heartbeat lag p50 1.5 ms " +
    "p99 12 ms max 30 ms, skipped 0 | rss 300.0 MiB",
    "  t-a  peers  3 (joined  2)  msgs/window   4  delivered 12 missed 1  hasPeers active fresh",
  ]);
});

Deno.test("formatSimStatus counts failed heartbeats on the lag line once there are some", () => {
  const line = formatSimStatus({ ...STATUS, failedHeartbeats: 3 }).split("\n")[1];
  strictEqual(
    line.endsWith("p99 12 ms max 30 ms, skipped 0, failed 3 | rss 300.0 MiB"),
    true,
    line,
  );
});

Deno.test("formatSimSummary states how the run ended and the delivered share", () => {
  const totals = createWorld(LIMITS).totals;
  const text = formatSimSummary({
    elapsedMs: 600_000,
    reason: "interrupted",
    peersMax: 30,
    topicsMax: 20,
    peersAtEnd: 29,
    topicsAtEnd: 18,
    totals: { ...totals, delivered: 999, missed: 1 },
    refused: 0,
    heartbeats: 600,
    failedHeartbeats: 2,
    lag: { count: 600, p50: 1, p99: 5, max: 9, skipped: 0 },
    rssStartBytes: 2 ** 27,
    rssEndBytes: 2 ** 28,
    rssMaxBytes: 2 ** 28,
    machineErrors: 0,
  });
  strictEqual(text.split("\n")[0], "simulation interrupted after 10:00");
  strictEqual(text.includes("delivered 999, missed 1 (99.90% delivered)"), true);
  strictEqual(text.includes("skipped 0, failed 2; refused changes 0"), true);
  strictEqual(text.includes("rss: start 128.0 MiB, end 256.0 MiB, max 256.0 MiB"), true);
});

Deno.test("formatClock writes mm:ss, and h:mm:ss from an hour on", () => {
  assertEquals([0, 59_999, 61_000, 3_600_000, 3_725_000].map(formatClock), [
    "00:00",
    "00:59",
    "01:01",
    "1:00:00",
    "1:02:05",
  ]);
});
