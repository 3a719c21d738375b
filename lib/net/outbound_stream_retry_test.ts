// The outbound-stream retry: on a stand-in router (when it retries and when not), and on real
// gossipsub hosts, where a failed stream would otherwise leave a subscribed peer unreachable.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { BUILTIN_VARIANTS } from "../config/mod.ts";
import {
  closeTrackedBroadcastChannels,
  trackBroadcastChannels,
} from "./broadcast_channel_guard.ts";
import { createLibp2p3HostWithRouter } from "./create_libp2p3_host.ts";
import { type OutboundStreamRouter, retryFailedOutboundStreams } from "./outbound_stream_retry.ts";
import { waitUntil } from "./testdata/wait_until.ts";

const libp2pTest = { sanitizeOps: false, sanitizeResources: false };

/** A router whose stream opening fails until `opens` is set; it records what was queued. */
function standInRouter() {
  const queued: string[] = [];
  const router = {
    opens: false,
    started: true,
    streamsOutbound: new Map<string, unknown>(),
    peers: new Map<string, unknown>([["peer-a", {}]]),
    outboundInflightQueue: {
      push: (item: { peerId: unknown; connection: unknown }) => queued.push(String(item.peerId)),
    },
    isStarted(): boolean {
      return this.started;
    },
    createOutboundStream(peerId: unknown, _connection: { status: string }): Promise<void> {
      if (this.opens) this.streamsOutbound.set(String(peerId), {});
      return Promise.resolve();
    },
  };
  return { router, queued };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

Deno.test("retryFailedOutboundStreams queues a failed peer again after each back-off, then gives up", async () => {
  const { router, queued } = standInRouter();
  const retried: number[] = [];
  const stop = retryFailedOutboundStreams(router as OutboundStreamRouter, {
    delaysMs: [5, 10],
    onRetry: (_, retry) => retried.push(retry),
  });
  const connection = { status: "open" };
  // What gossipsub's queue does with each item: one attempt, then the next item.
  await router.createOutboundStream("peer-a", connection);
  await sleep(30);
  assertEquals(queued, ["peer-a"]);
  await router.createOutboundStream("peer-a", connection);
  await sleep(40);
  assertEquals(queued, ["peer-a", "peer-a"]);
  await router.createOutboundStream("peer-a", connection);
  await sleep(40);
  assertEquals(queued, ["peer-a", "peer-a"], "a third retry with two back-offs");
  assertEquals(retried, [1, 2]);
  stop();
});

Deno.test("retryFailedOutboundStreams leaves alone a peer with a stream, a closed connection, a stopped router", async () => {
  const { router, queued } = standInRouter();
  const stop = retryFailedOutboundStreams(router as OutboundStreamRouter, { delaysMs: [5] });
  router.opens = true;
  await router.createOutboundStream("peer-a", { status: "open" });
  router.opens = false;
  await router.createOutboundStream("peer-b", { status: "open" }); // not a known peer
  await router.createOutboundStream("peer-a", { status: "closed" });
  await sleep(20);
  assertEquals(queued, []);
  // A retry already scheduled is dropped when the connection closes before it is due ...
  router.streamsOutbound.clear();
  const connection = { status: "open" };
  await router.createOutboundStream("peer-a", connection);
  connection.status = "closed";
  await sleep(20);
  assertEquals(queued, []);
  // ... and when the host stops.
  connection.status = "open";
  await router.createOutboundStream("peer-a", { status: "open" });
  stop();
  await sleep(20);
  assertEquals(queued, []);
});

Deno.test(
  "a gossipsub host reopens an outbound stream whose first attempt failed",
  libp2pTest,
  async () => {
    trackBroadcastChannels();
    const variant = BUILTIN_VARIANTS.memory;
    const [a, b] = await Promise.all([0, 1].map((index) =>
      createLibp2p3HostWithRouter({
        index,
        keySeed: new Uint8Array(32).fill(index + 1),
        runTag: "outbound-retry",
        variant,
      })
    ));
    try {
      const topic = "t";
      a.host.subscribe(topic);
      b.host.subscribe(topic);
      await a.host.dial(b.host.addrs[0]);
      await waitUntil(() => a.host.topicPeerCount(topic) === 1, "a can send to b");
      const router = a.pubsub as unknown as OutboundStreamRouter;
      const connection = _connectionTo(a.pubsub, b.host.peerId);
      // Take a's stream to b away, then let gossipsub's queue try once on a connection whose
      // first stream fails, as a negotiation timeout would.
      const stream = router.streamsOutbound.get(b.host.peerId) as {
        rawStream: { abort(error: Error): void };
      };
      stream.rawStream.abort(new Error("test: stream taken away"));
      await waitUntil(() => a.host.topicPeerCount(topic) === 0, "a's stream to b closed");
      let failures = 0;
      const failingOnce = new Proxy(connection, {
        get(target, key) {
          if (key !== "newStream") return Reflect.get(target, key);
          return (...args: unknown[]) => {
            if (failures++ === 0) return Promise.reject(new Error("negotiation timed out"));
            return (target.newStream as (...args: unknown[]) => Promise<unknown>)(...args);
          };
        },
      });
      router.outboundInflightQueue.push({
        peerId: _peerIdOf(a.pubsub, b.host.peerId),
        connection: failingOnce,
      });
      await waitUntil(() => failures >= 1, "the failing attempt");
      assertEquals(a.host.topicPeerCount(topic), 0);
      // The retry comes after its first back-off (1 s) and opens the stream.
      await waitUntil(() => a.host.topicPeerCount(topic) === 1, "a's stream to b reopened");
      assertEquals(failures, 2);
      assert(router.streamsOutbound.has(b.host.peerId));
    } finally {
      await Promise.all([a.host.stop(), b.host.stop()]);
      closeTrackedBroadcastChannels();
    }
  },
);

type _Connection = { status: string; newStream: unknown };

function _connectionTo(pubsub: unknown, peerId: string): _Connection {
  const components = (pubsub as {
    components: {
      connectionManager: {
        getConnections(): Array<_Connection & { remotePeer: { toString(): string } }>;
      };
    };
  }).components;
  const connection = components.connectionManager.getConnections().find((c) =>
    c.remotePeer.toString() === peerId
  );
  assert(connection, `no connection to ${peerId}`);
  return connection;
}

function _peerIdOf(pubsub: unknown, peerId: string): unknown {
  return (pubsub as { peers: Map<string, unknown> }).peers.get(peerId);
}
