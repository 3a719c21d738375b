import type { BenchHost, ReceivedMessage, RouterEvent, RouterTraceEvent } from "./bench_host.ts";
import type { RouterName } from "../config/types.ts";
import { type OutboundStreamRouter, retryFailedOutboundStreams } from "./outbound_stream_retry.ts";
import { installRouterTraceHooks } from "./router_trace_hooks.ts";

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
  addEventListener(
    type: "peer:connect" | "peer:disconnect",
    listener: (event: CustomEvent) => void,
  ): void;
}

/** The pub/sub service as both gossipsub generations and floodsub expose it. */
export interface PubSubLike {
  subscribe(topic: string): void;
  unsubscribe(topic: string): void;
  publish(topic: string, data: Uint8Array): Promise<unknown>;
  getSubscribers(topic: string): unknown[];
  /** Per-topic validators; every router here runs them before accepting a message. */
  topicValidators: Map<string, (...args: unknown[]) => Promise<string>>;
  addEventListener(
    type:
      | "message"
      | "subscription-change"
      | "gossipsub:heartbeat"
      | "gossipsub:graft"
      | "gossipsub:prune",
    listener: (event: CustomEvent) => void,
  ): void;
}

/** A host and the router object inside it. */
export interface HostWithRouter {
  host: BenchHost;
  pubsub: PubSubLike;
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
  /** Peers this router has a stream to send on, by peer id string. */
  streamsOutbound?: Map<string, unknown>;
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
  const topicPeerListeners = new Set<() => void>();
  const notifyTopicPeers = (): void => {
    for (const listener of [...topicPeerListeners]) listener();
  };
  pubsub.addEventListener("subscription-change", notifyTopicPeers);
  const heartbeatListeners = new Set<() => void>();
  pubsub.addEventListener("gossipsub:heartbeat", () => {
    for (const listener of [...heartbeatListeners]) listener();
  });
  const internals = pubsub as unknown as GossipsubInternals;
  const routerListeners = new Set<(event: RouterEvent) => void>();
  const traceListeners = new Set<(event: RouterTraceEvent) => void>();
  const emitTrace = (event: RouterTraceEvent): void => {
    for (const listener of traceListeners) {
      try {
        listener(event);
      } catch (error) {
        // Trace events come from inside the router: a tracer's bug must not break it.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  };
  const emit = (event: RouterEvent): void => {
    for (const listener of routerListeners) listener(event);
    emitTrace(event);
  };
  const router = {
    isWanted: () => routerListeners.size > 0 || traceListeners.size > 0,
    emit,
  };
  _translateRouterEvents(node, pubsub, router);
  _notifyOnOutboundStream(internals, notifyTopicPeers, router);
  const stopRetrying = _hasOutboundQueue(internals)
    ? retryFailedOutboundStreams(internals)
    : () => {};
  let uninstallTraceHooks: (() => void) | undefined;
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
    // A topic peer counts once the router can send to it: gossipsub drops a message for a peer
    // whose outbound stream is not open yet, and never sends it again once that peer joins the
    // mesh (seen with @chainsafe/libp2p-gossipsub 14 on small networks).
    topicPeerCount: (topic) =>
      pubsub.getSubscribers(topic).filter((peer) =>
        internals.streamsOutbound === undefined ||
        internals.streamsOutbound.has(String(peer))
      ).length,
    meshDegree: (topic) =>
      options.router === "gossipsub" && internals.getMeshPeers !== undefined
        ? internals.getMeshPeers(topic).length
        : pubsub.getSubscribers(topic).length,
    isConnected: (peerId) => node.getPeers().some((peer) => peer.toString() === peerId),
    connectionCount: () => node.getConnections().length,
    setValidationDelay: (topic, delayMs) => {
      pubsub.topicValidators.set(topic, async () => {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        return "accept";
      });
    },
    dial: options.dial,
    onTopicPeersChange: (listener) => {
      topicPeerListeners.add(listener);
      return () => topicPeerListeners.delete(listener);
    },
    onRouterEvent: (listener) => {
      routerListeners.add(listener);
      return () => routerListeners.delete(listener);
    },
    onRouterTrace: (listener) => {
      if (traceListeners.size === 0) {
        uninstallTraceHooks = installRouterTraceHooks(pubsub, {
          router: options.router,
          selfId,
          emit: emitTrace,
        });
      }
      traceListeners.add(listener);
      return () => {
        if (!traceListeners.delete(listener) || traceListeners.size > 0) return;
        uninstallTraceHooks?.();
        uninstallTraceHooks = undefined;
      };
    },
    onHeartbeat: (listener) => {
      heartbeatListeners.add(listener);
      return () => heartbeatListeners.delete(listener);
    },
    onMessage: (listener) => {
      listeners.push(listener);
    },
    stop: async () => {
      const heartbeat = internals.status?.heartbeatTimeout;
      stopRetrying();
      await node.stop();
      if (heartbeat !== undefined) clearTimeout(heartbeat);
    },
  };
}

/** Whether the router opens its outbound streams from a queue the retry can feed (gossipsub). */
function _hasOutboundQueue(
  internals: GossipsubInternals,
): internals is GossipsubInternals & OutboundStreamRouter {
  const router = internals as Partial<OutboundStreamRouter>;
  return typeof router.createOutboundStream === "function" &&
    router.outboundInflightQueue !== undefined && router.peers instanceof Map &&
    router.streamsOutbound instanceof Map && typeof router.isStarted === "function";
}

/**
 * Gossipsub emits no event when it opens an outbound stream to a peer, which is when that peer
 * becomes a topic peer we can send to; watching its stream map's `set` lets readiness checks wait
 * on that moment instead of polling.
 */
function _notifyOnOutboundStream(
  internals: GossipsubInternals,
  notify: () => void,
  router: { isWanted(): boolean; emit(event: RouterEvent): void },
): void {
  const streams = internals.streamsOutbound;
  if (streams === undefined) return;
  const set = streams.set.bind(streams);
  streams.set = (key: string, value: unknown) => {
    const result = set(key, value);
    if (router.isWanted()) router.emit({ type: "stream-opened", peerId: key });
    queueMicrotask(notify);
    return result;
  };
  const remove = streams.delete.bind(streams);
  streams.delete = (key: string) => {
    const removed = remove(key);
    if (removed && router.isWanted()) router.emit({ type: "stream-closed", peerId: key });
    return removed;
  };
}

/**
 * Turns libp2p and router events into {@linkcode RouterEvent}s while someone listens (to router
 * events or to the trace).
 */
function _translateRouterEvents(
  node: Libp2pNodeLike,
  pubsub: PubSubLike,
  router: { isWanted(): boolean; emit(event: RouterEvent): void },
): void {
  const peerEvent = (type: "peer-connected" | "peer-disconnected") => (event: CustomEvent) => {
    if (router.isWanted()) router.emit({ type, peerId: String(event.detail) });
  };
  node.addEventListener("peer:connect", peerEvent("peer-connected"));
  node.addEventListener("peer:disconnect", peerEvent("peer-disconnected"));
  pubsub.addEventListener("subscription-change", (event) => {
    if (!router.isWanted()) return;
    const detail = event.detail as {
      peerId: unknown;
      subscriptions: Array<{ topic: string; subscribe: boolean }>;
    };
    for (const { topic, subscribe } of detail.subscriptions) {
      router.emit({ type: "subscription-change", peerId: String(detail.peerId), topic, subscribe });
    }
  });
  const meshEvent = (type: "graft" | "prune") => (event: CustomEvent) => {
    if (!router.isWanted()) return;
    const detail = event.detail as {
      peerId: unknown;
      topic: string;
      direction?: "inbound" | "outbound";
    };
    router.emit({
      type,
      peerId: String(detail.peerId),
      topic: detail.topic,
      ...(detail.direction === undefined ? {} : { direction: detail.direction }),
    });
  };
  pubsub.addEventListener("gossipsub:graft", meshEvent("graft"));
  pubsub.addEventListener("gossipsub:prune", meshEvent("prune"));
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
