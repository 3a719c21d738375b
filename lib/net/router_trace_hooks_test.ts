// Real hosts, three in a triangle, on each router the benchmark runs: what the trace hooks report
// for one published message, and that they leave the router as they found it.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { BUILTIN_VARIANTS } from "../config/mod.ts";
import type { VariantSpec } from "../config/types.ts";
import type { BenchHost, RouterTraceEvent, RpcCounts } from "./bench_host.ts";
import {
  closeTrackedBroadcastChannels,
  trackBroadcastChannels,
} from "./broadcast_channel_guard.ts";
import { createLibp2p2HostWithRouter } from "./create_libp2p2_host.ts";
import { createLibp2p3HostWithRouter } from "./create_libp2p3_host.ts";
import { countRpcEntries } from "./router_trace_hooks.ts";
import type { HostWithRouter, PubSubLike } from "./wrap_libp2p_node.ts";

const libp2pTest = { sanitizeOps: false, sanitizeResources: false };
const TOPIC = "t";
const WAIT_MS = 20_000;

/** A fast heartbeat, so the chainsafe router's mesh (formed by heartbeats only) is ready soon. */
const GOSSIPSUB = { heartbeatIntervalMs: 100 };

/** The four stack x router pairs, on the fastest transport each stack has. */
const STACKS: Record<string, VariantSpec> = {
  "@libp2p/gossipsub 17": {
    ...BUILTIN_VARIANTS.default,
    transport: "memory",
    encryption: "plaintext",
    gossipsub: GOSSIPSUB,
  },
  "@chainsafe/libp2p-gossipsub 14": {
    ...BUILTIN_VARIANTS.chainsafe,
    encryption: "plaintext",
    gossipsub: GOSSIPSUB,
  },
  "@libp2p/floodsub 11": {
    ...BUILTIN_VARIANTS.floodsub,
    transport: "memory",
    encryption: "plaintext",
  },
  "@libp2p/floodsub 10": {
    ...BUILTIN_VARIANTS.floodsub,
    stack: "libp2p2",
    encryption: "plaintext",
  },
};

/** Methods the hooks wrap, per router; none may be left as an own property after uninstall. */
const WRAPPED: Record<string, string[]> = {
  gossipsub: [
    "handleReceivedRpc",
    "sendRpc",
    "sendRpcInBatch",
    "validateReceivedMessage",
    "selectPeersToPublish",
  ],
  floodsub: ["processRpc", "sendRpc", "validate", "buildMessage"],
};

interface TracedNet {
  hosts: BenchHost[];
  routers: PubSubLike[];
  /** Trace events of each host, in order. */
  events: RouterTraceEvent[][];
  /** Resolves when `predicate` holds, re-checked after every trace event and heartbeat. */
  until(predicate: () => boolean, what: string): Promise<void>;
  stop(): Promise<void>;
}

async function startTracedNet(count: number, variant: VariantSpec, tag: string) {
  trackBroadcastChannels();
  const create = variant.stack === "libp2p3"
    ? createLibp2p3HostWithRouter
    : createLibp2p2HostWithRouter;
  const created: HostWithRouter[] = await Promise.all(
    Array.from(
      { length: count },
      (_, index) =>
        create({ index, keySeed: new Uint8Array(32).fill(index + 1), runTag: tag, variant }),
    ),
  );
  const hosts = created.map(({ host }) => host);
  const events: RouterTraceEvent[][] = hosts.map(() => []);
  const waiters = new Set<() => void>();
  const recheck = (): void => {
    for (const waiter of [...waiters]) waiter();
  };
  const stops = hosts.flatMap((host, index) => [
    host.onRouterTrace((event) => {
      events[index].push(event);
      recheck();
    }),
    host.onHeartbeat(recheck),
    host.onTopicPeersChange(recheck),
  ]);
  const net: TracedNet = {
    hosts,
    routers: created.map(({ pubsub }) => pubsub),
    events,
    until: (predicate, what) =>
      _withTimeout(
        new Promise<void>((resolve) => {
          const waiter = (): void => {
            if (!predicate()) return;
            waiters.delete(waiter);
            resolve();
          };
          waiters.add(waiter);
          waiter();
        }),
        what,
      ),
    stop: async () => {
      await Promise.all(hosts.map((host) => host.stop()));
      for (const stop of stops) stop();
      closeTrackedBroadcastChannels();
    },
  };
  return net;
}

/** Subscribes every host, connects all pairs, and waits until each can send to both others. */
async function connectTriangle(net: TracedNet, router: string): Promise<void> {
  const [a, b, c] = net.hosts;
  for (const host of net.hosts) host.subscribe(TOPIC);
  await b.dial(a.addrs[0]);
  await c.dial(a.addrs[0]);
  await c.dial(b.addrs[0]);
  await net.until(
    () =>
      net.hosts.every((host) =>
        host.topicPeerCount(TOPIC) === 2 &&
        (router !== "gossipsub" || host.meshDegree(TOPIC) === 2)
      ),
    "a complete triangle",
  );
}

function ofType<T extends RouterTraceEvent["type"]>(
  events: RouterTraceEvent[],
  type: T,
): Array<RouterTraceEvent & { type: T }> {
  return events.filter((event): event is RouterTraceEvent & { type: T } => event.type === type);
}

function receptions(net: TracedNet): number {
  return net.hosts.reduce((sum, host) => sum + host.messageReceptions, 0);
}

/**
 * Every RPC sent was received, every message in them reached the router's message handler, and
 * every copy the handler saw became a deliver, a duplicate or a reject. Checked after each trace
 * event: a reception is counted before the router classifies it, so this holds only once the
 * last classification is in.
 */
function isQuiet(net: TracedNet): boolean {
  const messagesReceived = net.events.flat().reduce(
    (sum, event) => sum + (event.type === "rpc-received" ? event.rpc.messages : 0),
    0,
  );
  const remoteDeliveries = net.hosts.reduce(
    (sum, host, index) =>
      sum + ofType(net.events[index], "deliver").filter((e) => e.peerId !== host.peerId).length,
    0,
  );
  return countAll(net, "rpc-sent") === countAll(net, "rpc-received") &&
    messagesReceived === receptions(net) &&
    remoteDeliveries + countAll(net, "duplicate") + countAll(net, "reject") === receptions(net);
}

function countAll(net: TracedNet, type: RouterTraceEvent["type"]): number {
  return net.events.reduce((sum, events) => sum + ofType(events, type).length, 0);
}

/** Sent RPCs of each directed pair "from>to", in order, and the same for received ones. */
function rpcSequences(net: TracedNet): { sent: Map<string, RpcCounts[]>; received: typeof sent } {
  const sent = new Map<string, RpcCounts[]>();
  const received = new Map<string, RpcCounts[]>();
  const push = (map: Map<string, RpcCounts[]>, key: string, rpc: RpcCounts): void => {
    map.set(key, [...(map.get(key) ?? []), rpc]);
  };
  net.hosts.forEach((host, index) => {
    for (const event of net.events[index]) {
      if (event.type === "rpc-sent") push(sent, `${host.peerId}>${event.peerId}`, event.rpc);
      if (event.type === "rpc-received") {
        push(received, `${event.peerId}>${host.peerId}`, event.rpc);
      }
    }
  });
  return { sent, received };
}

function sortedEntries(map: Map<string, RpcCounts[]>): Array<[string, RpcCounts[]]> {
  return [...map.entries()].sort(([a], [b]) => a.localeCompare(b));
}

async function _withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${WAIT_MS} ms waiting for ${what}`)),
      WAIT_MS,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

Deno.test("countRpcEntries counts each part of an RPC, missing parts as 0", () => {
  assertEquals(countRpcEntries({}), {
    messages: 0,
    subscriptions: 0,
    ihave: 0,
    iwant: 0,
    graft: 0,
    prune: 0,
    idontwant: 0,
  });
  assertEquals(
    countRpcEntries({
      messages: [1, 2],
      subscriptions: [1],
      control: { ihave: [1, 2, 3], iwant: [], graft: [1], prune: [1, 2], idontwant: [1] },
    }),
    { messages: 2, subscriptions: 1, ihave: 3, iwant: 0, graft: 1, prune: 2, idontwant: 1 },
  );
});

for (const [name, variant] of Object.entries(STACKS)) {
  Deno.test(
    `onRouterTrace wraps the ${name} router only while someone listens`,
    libp2pTest,
    async () => {
      const net = await startTracedNet(1, variant, `wrap-${variant.stack}-${variant.router}`);
      try {
        const [router] = net.routers;
        const own = () => WRAPPED[variant.router].filter((method) => Object.hasOwn(router, method));
        // startTracedNet subscribed one listener: everything is wrapped.
        assertEquals(own(), WRAPPED[variant.router]);
        const second = net.hosts[0].onRouterTrace(() => {});
        second();
        assertEquals(own(), WRAPPED[variant.router], "one listener is still there");
      } finally {
        await net.stop();
      }
      const router = net.routers[0] as unknown as Record<string, unknown>;
      assertEquals(WRAPPED[variant.router].filter((method) => Object.hasOwn(router, method)), []);
      if (variant.router === "gossipsub") {
        assertEquals(Object.hasOwn(router.publishedMessageIds as object, "put"), false);
      }
    },
  );

  Deno.test(
    `onRouterTrace on ${name}: an RPC to a peer without a stream is traced as dropped`,
    libp2pTest,
    async () => {
      const net = await startTracedNet(1, variant, `drop-${variant.stack}-${variant.router}`);
      try {
        // The router's own send path, called as its publish and heartbeat call it.
        const router = net.routers[0] as unknown as {
          sendRpc(peer: string, rpc: { messages: unknown[]; subscriptions: unknown[] }): unknown;
        };
        router.sendRpc("12D3KooWNoStream", { messages: [], subscriptions: [{ topic: TOPIC }] });
        assertEquals(ofType(net.events[0], "rpc-dropped"), [{
          type: "rpc-dropped",
          peerId: "12D3KooWNoStream",
          rpc: { ...countRpcEntries({}), subscriptions: 1 },
          reason: "no-stream",
        }]);
      } finally {
        await net.stop();
      }
    },
  );

  Deno.test(
    `onRouterTrace on ${name}: a publish is traced as publish, deliver on every host, ` +
      "duplicates, and matching RPC pairs",
    libp2pTest,
    async () => {
      const net = await startTracedNet(3, variant, `pub-${variant.stack}-${variant.router}`);
      try {
        await connectTriangle(net, variant.router);
        const [a, b, c] = net.hosts;
        await a.publish(TOPIC, new Uint8Array([1, 2, 3, 4]));
        await net.until(
          () =>
            ofType(net.events[1], "deliver").length === 1 &&
            ofType(net.events[2], "deliver").length === 1 &&
            isQuiet(net),
          "deliveries on hosts 1 and 2, every RPC received and every copy classified",
        );

        const publishes = ofType(net.events[0], "publish");
        assertEquals(publishes.length, 1);
        const { messageId } = publishes[0];
        assertEquals(publishes[0].topic, TOPIC);
        assert(/^[A-Za-z0-9+/]+$/.test(messageId), `message id ${messageId} is not base64`);
        assertEquals(
          ofType(net.events[1], "publish").length + ofType(net.events[2], "publish").length,
          0,
        );
        // The publisher delivers its own copy first (emitSelf), from itself.
        const selfDelivery = ofType(net.events[0], "deliver")[0];
        assertEquals(selfDelivery, { type: "deliver", topic: TOPIC, messageId, peerId: a.peerId });
        for (const index of [1, 2]) {
          const [delivery] = ofType(net.events[index], "deliver");
          assertEquals([delivery.topic, delivery.messageId], [TOPIC, messageId]);
          assert([a.peerId, b.peerId, c.peerId].includes(delivery.peerId));
        }
        for (const duplicate of net.events.flatMap((events) => ofType(events, "duplicate"))) {
          assertEquals([duplicate.topic, duplicate.messageId], [TOPIC, messageId]);
        }
        if (variant.router === "gossipsub") {
          // Each receiver forwards once, to the one mesh peer that is not the source: two copies
          // arrive where the message is already known, whatever the order.
          assertEquals(receptions(net), 4);
          assertEquals(countAll(net, "duplicate"), 2);
        }
        const { sent, received } = rpcSequences(net);
        assertEquals(sortedEntries(received), sortedEntries(sent));
        const messagesSent = [...sent.values()].flat().reduce((sum, rpc) => sum + rpc.messages, 0);
        assertEquals(messagesSent, receptions(net));
      } finally {
        await net.stop();
      }
    },
  );

  Deno.test(
    `onRouterTrace on ${name}: a topic validator's reject is traced as reject, not deliver`,
    libp2pTest,
    async () => {
      const net = await startTracedNet(3, variant, `rej-${variant.stack}-${variant.router}`);
      try {
        net.routers[1].topicValidators.set(TOPIC, () => Promise.resolve("reject"));
        await connectTriangle(net, variant.router);
        const [a] = net.hosts;
        await a.publish(TOPIC, new Uint8Array([5, 6, 7, 8]));
        await net.until(
          () =>
            ofType(net.events[1], "reject").length >= 1 &&
            ofType(net.events[2], "deliver").length === 1,
          "the reject on host 1 and the delivery on host 2",
        );
        const [{ messageId }] = ofType(net.events[0], "publish");
        const [reject] = ofType(net.events[1], "reject");
        assertEquals(reject.topic, TOPIC);
        assertEquals(reject.messageId, messageId);
        // Floodsub does not tell a validator's reject from a bad signature.
        assertEquals(reject.reason, variant.router === "gossipsub" ? "reject" : "invalid");
        assertEquals(ofType(net.events[1], "deliver"), []);
      } finally {
        await net.stop();
      }
    },
  );
}
