import type { BenchHost, ReceivedMessage } from "./bench_host.ts";
import type { RouterName } from "../config/types.ts";

/**
 * The parts of a libp2p 2 or 3 node and its pub/sub service that the benchmark uses. Both
 * generations share this shape; typing it structurally lets one wrapper serve both.
 */
export interface Libp2pNodeLike {
  peerId: { toString(): string };
  getMultiaddrs(): Array<{ toString(): string }>;
  getConnections(peerId?: never): unknown[];
  getPeers(): Array<{ toString(): string }>;
  stop(): void | Promise<void>;
}

/** The pub/sub service as both gossipsub generations and floodsub expose it. */
export interface PubSubLike {
  subscribe(topic: string): void;
  unsubscribe(topic: string): void;
  publish(topic: string, data: Uint8Array): Promise<unknown>;
  getSubscribers(topic: string): unknown[];
  addEventListener(
    type: "message" | "subscription-change",
    listener: (event: CustomEvent) => void,
  ): void;
}

/** Options of {@linkcode wrapLibp2pNode}. */
export interface WrapLibp2pNodeOptions {
  index: number;
  router: RouterName;
  /** Dials a multiaddr string with the node's own multiaddr library version. */
  dial(addr: string): Promise<void>;
}

/** Internal fields of gossipsub that its public interface does not declare. */
interface GossipsubInternals {
  getMeshPeers?(topic: string): string[];
  status?: { heartbeatTimeout?: ReturnType<typeof setTimeout> };
}

/**
 * Wraps a started libp2p node as a {@linkcode BenchHost}: counts router receptions (duplicates
 * included) by wrapping the router's per-message handler, and clears gossipsub's pending
 * heartbeat timer on stop, which gossipsub's own `stop()` leaves running
 * (NOTES-libp2p-deno.md, trap 2).
 */
export function wrapLibp2pNode(
  node: Libp2pNodeLike,
  pubsub: PubSubLike,
  options: WrapLibp2pNodeOptions,
): BenchHost {
  const selfId = node.peerId.toString();
  const counter = { receptions: 0 };
  _countReceptions(pubsub, options.router, selfId, counter);
  const listeners: Array<(message: ReceivedMessage) => void> = [];
  pubsub.addEventListener("message", (event) => {
    const message = event.detail as { topic: string; data: Uint8Array };
    for (const listener of listeners) listener({ topic: message.topic, data: message.data });
  });
  const subscriptionListeners = new Set<() => void>();
  pubsub.addEventListener("subscription-change", () => {
    for (const listener of [...subscriptionListeners]) listener();
  });
  const internals = pubsub as unknown as GossipsubInternals;
  return {
    index: options.index,
    peerId: selfId,
    addrs: node.getMultiaddrs().map((addr) => addr.toString()),
    get messageReceptions(): number {
      return counter.receptions;
    },
    subscribe: (topic) => pubsub.subscribe(topic),
    unsubscribe: (topic) => pubsub.unsubscribe(topic),
    publish: async (topic, data) => {
      await pubsub.publish(topic, data);
    },
    topicPeerCount: (topic) => pubsub.getSubscribers(topic).length,
    meshDegree: (topic) =>
      options.router === "gossipsub" && internals.getMeshPeers !== undefined
        ? internals.getMeshPeers(topic).length
        : pubsub.getSubscribers(topic).length,
    isConnected: (peerId) => node.getPeers().some((peer) => peer.toString() === peerId),
    connectionCount: () => node.getConnections().length,
    dial: options.dial,
    onSubscriptionChange: (listener) => {
      subscriptionListeners.add(listener);
      return () => subscriptionListeners.delete(listener);
    },
    onMessage: (listener) => {
      listeners.push(listener);
    },
    stop: async () => {
      const heartbeat = internals.status?.heartbeatTimeout;
      await node.stop();
      if (heartbeat !== undefined) clearTimeout(heartbeat);
    },
  };
}

/** Wraps the router's per-message entry point so every reception from a peer is counted. */
function _countReceptions(
  pubsub: PubSubLike,
  router: RouterName,
  selfId: string,
  counter: { receptions: number },
): void {
  // gossipsub: handleReceivedMessage(from, rpcMsg); floodsub: processMessage(from, msg). Both run
  // before the duplicate check, so duplicates are counted too.
  const methodName = router === "gossipsub" ? "handleReceivedMessage" : "processMessage";
  const target = pubsub as unknown as Record<string, unknown>;
  const original = target[methodName];
  if (typeof original !== "function") {
    throw new TypeError(`the ${router} router has no ${methodName}() to count receptions with`);
  }
  target[methodName] = function (this: unknown, from: { toString(): string }, ...rest: unknown[]) {
    if (from.toString() !== selfId) counter.receptions++;
    return original.call(this, from, ...rest);
  };
}
