// The coordinator of a sharded run against stand-in shards: the discovery it holds for every
// shard, and the order in which it lets hosts join.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { BUILTIN_VARIANTS, parseBenchConfig } from "../config/mod.ts";
import { createMockDiscovery } from "../net/mod.ts";
import { createDeliveryTracker, writeMessageIndex } from "./delivery_tracker.ts";
import { createSeededRandom } from "./seeded_random.ts";
import { createShardedHosts, shardOfHost } from "./sharded_hosts.ts";
import type { ShardPool } from "./shard_pool.ts";
import type { FromShard, ShardMethod, ToShard } from "./shard_protocol.ts";

const SCENARIO = { ...parseBenchConfig("", "x", { env: {} }).scenario, dialsPerHost: 2 };
const N = 9;
const SHARDS = 3;
const peerId = (index: number): string => `peer-${index}`;

/**
 * Stand-in shards: `create` answers records; `joinOthers` makes every shard send its hosts'
 * advertisements and lookups, the shards' streams interleaved in `order`, and resolves when the
 * shard's lookups are answered.
 */
function standInPool(order: (messages: [number, FromShard][]) => [number, FromShard][]) {
  let receive: (shard: number, message: FromShard) => void = () => {};
  const found = new Map<number, string[]>();
  const posted: [number, ToShard][] = [];
  let findsLeft = 0;
  let allFound: () => void = () => {};
  const pool: ShardPool = {
    size: SHARDS,
    call(shard: number, method: ShardMethod, args: unknown) {
      if (method === "create") {
        const indices = (args as { indices: number[] }).indices;
        return Promise.resolve(
          indices.map((index) => ({ index, peerId: peerId(index), addrs: [] })),
        );
      }
      if (method === "joinOthers") {
        // Every shard's messages are produced by the first call, in the order under test.
        if (shard === 0) {
          const messages: [number, FromShard][] = [];
          for (let host = 1; host < N; host++) {
            const from = shardOfHost(host, SHARDS);
            messages.push([from, { type: "advertise", host, namespace: "bench", ttlMs: 60_000 }]);
            messages.push([from, { type: "find", id: host, host, namespace: "bench", limit: 2 }]);
          }
          findsLeft = N - 1;
          const done = new Promise<void>((resolve) => (allFound = resolve));
          for (const [from, message] of order(messages)) receive(from, message);
          return done.then(() => 0);
        }
        return Promise.resolve(0);
      }
      return Promise.reject(new Error(`not used here: ${method}`));
    },
    post(shard: number, message: ToShard) {
      posted.push([shard, message]);
      if (message.type === "found") {
        found.set(message.id, message.records.map((record) => record.peerId));
        if (--findsLeft === 0) allFound();
      }
    },
    onMessage(listener) {
      receive = listener;
    },
    terminate() {},
  } as ShardPool;
  return { pool, found, posted };
}

function hostsOn(pool: ShardPool) {
  return createShardedHosts({
    hosts: N,
    variant: BUILTIN_VARIANTS.default,
    scenario: SCENARIO,
    random: createSeededRandom(5),
    seed: 5,
    runTag: "t",
    now: () => performance.now(),
    tracker: createDeliveryTracker(N, () => performance.now()),
  }, pool);
}

/** What hosts 1..n-1 find when they join one after another in one thread. */
function foundInOneThread(): Map<number, string[]> {
  const random = createSeededRandom(5).fork("discovery");
  const discovery = createMockDiscovery({ random: () => random.next() });
  const found = new Map<number, string[]>();
  for (let host = 1; host < N; host++) {
    discovery.advertise("bench", { peerId: peerId(host), addrs: [] }, 60_000);
    found.set(
      host,
      discovery.findPeers("bench", 2, { exclude: peerId(host) }).map((record) => record.peerId),
    );
  }
  return found;
}

for (
  const [name, order] of [
    ["in host order", (messages: [number, FromShard][]) => messages],
    ["in reverse", (messages: [number, FromShard][]) => [...messages].reverse()],
    [
      "shard by shard, last shard first",
      (messages: [number, FromShard][]) => [...messages].sort((a, b) => b[0] - a[0]),
    ],
  ] as const
) {
  Deno.test(`createShardedHosts answers join lookups as one thread would, arriving ${name}`, async () => {
    const { pool, found } = standInPool(order);
    const hosts = hostsOn(pool);
    assertEquals(await hosts.create(), Array.from({ length: N }, (_, index) => peerId(index)));
    assertEquals(await hosts.joinOthers(), 0);
    assertEquals(hosts.joinedCount(), N - 1);
    assertEquals(new Map([...found].sort((a, b) => a[0] - b[0])), foundInOneThread());
    for (const [host, peers] of found) {
      assert(
        peers.every((peer) => Number(peer.split("-")[1]) < host),
        `host ${host} found ${peers}`,
      );
    }
  });
}

Deno.test("createShardedHosts tells every shard what a message carries before it is published", async () => {
  const { pool, posted } = standInPool((messages) => messages);
  const calls: string[] = [];
  const call = pool.call.bind(pool);
  pool.call = ((shard: number, method: ShardMethod, args: unknown) => {
    if (method !== "publish") return call(shard, method, args as never);
    calls.push(
      `publish on ${shard} after ${posted.filter(([, m]) => m.type === "expect").length} expects`,
    );
    return Promise.resolve({ publishedAt: performance.timeOrigin + 42 });
  }) as ShardPool["call"];
  const hosts = hostsOn(pool);
  await hosts.create();
  const data = writeMessageIndex(new Uint8Array(16), 3);
  const outcome = await hosts.publish({ index: 3, publisher: 5, data });
  assertEquals(calls, [`publish on ${shardOfHost(5, SHARDS)} after ${SHARDS} expects`]);
  assertEquals(posted.map(([shard, message]) => [shard, message.type]), [
    [0, "expect"],
    [1, "expect"],
    [2, "expect"],
  ]);
  // The shard's epoch time, on this thread's performance.now clock.
  assert(Math.abs(outcome.publishedAt! - 42) < 1e-6, `publishedAt ${outcome.publishedAt}`);
});
