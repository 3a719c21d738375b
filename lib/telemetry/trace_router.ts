/**
 * Router trace events of one host as OpenTelemetry spans (`PS_TRACING_HOST=1`).
 *
 * @module
 */
import {
  type Attributes,
  type Context,
  type Span,
  SpanKind,
  trace,
  type Tracer,
} from "@opentelemetry/api";
import type { BenchHost, RouterTraceEvent, RpcCounts } from "../net/mod.ts";
import { SPAN_ATTRIBUTES, SPAN_NAMES } from "./span_conventions.ts";

/**
 * Names of the router spans other than {@linkcode SPAN_NAMES}' `publish` and `deliver`. Local
 * until span_conventions.ts takes them.
 */
export const ROUTER_SPAN_NAMES = {
  /** A connected remote peer, from connect to disconnect; its RPC and mesh spans nest in it. */
  peer: "peer",
  rpcReceived: "rpc.received",
  rpcSent: "rpc.sent",
  rpcDropped: "rpc.dropped",
  duplicate: "duplicate",
  reject: "reject",
  graft: "graft",
  prune: "prune",
  /** A remote peer subscribed to or left a topic. */
  subscription: "subscription",
  streamOpened: "stream.opened",
  streamClosed: "stream.closed",
} as const;

/** Attribute keys of the router spans that span_conventions.ts does not have (yet). */
export const ROUTER_SPAN_ATTRIBUTES = {
  /** Entries of an RPC, by kind (numbers); a kind the RPC did not carry is left out (0). */
  rpcMessages: "pubsub.rpc.messages",
  rpcSubscriptions: "pubsub.rpc.subscriptions",
  rpcIhave: "pubsub.rpc.ihave",
  rpcIwant: "pubsub.rpc.iwant",
  rpcGraft: "pubsub.rpc.graft",
  rpcPrune: "pubsub.rpc.prune",
  rpcIdontwant: "pubsub.rpc.idontwant",
  /** Why an RPC was dropped: `no-stream` or `send-failed` (string). */
  dropReason: "pubsub.rpc.drop_reason",
  /** Why a message was refused: `reject`, `ignore`, `invalid` or `blacklisted` (string). */
  rejectReason: "pubsub.message.reject_reason",
  /** A subscription span: true for subscribe, false for unsubscribe (boolean). */
  subscribe: "pubsub.subscribe",
  /** A graft / prune span: `inbound` (the remote peer sent it) or `outbound` (string). */
  direction: "pubsub.control.direction",
} as const;

/** Options of {@linkcode traceRouter}. */
export interface TraceRouterOptions {
  /** The context every span of this host descends from (the host's span set in it). */
  parent: Context;
  /** Trace each RPC received, sent and dropped (the bulk of the spans). @default true */
  rpcs?: boolean;
}

/**
 * Turns `host`'s router trace events into spans of `tracer` until the returned function is
 * called; that function also ends the peer spans still open.
 *
 * - `publish` (kind producer) and `deliver` (kind consumer) spans, named by
 *   {@linkcode SPAN_NAMES}, carry the message id, so the Chrome trace file can draw an arrow from
 *   each publish to its deliveries; `duplicate` and `reject` spans carry it too. They are
 *   children of `options.parent`.
 * - A `peer` span lasts from a peer's connect to its disconnect (a peer connected before tracing
 *   began gets one at its first event); the RPC, graft, prune, subscription and stream spans of
 *   that peer are its children.
 *
 * Every span has the host's peer id, and the remote peer id and topic where the event has them.
 * Event spans are instants: they start and end when the router reports the event.
 *
 * @example
 * ```ts
 * import { context, trace } from "@opentelemetry/api";
 *
 * const hostSpan = tracer.startSpan("host", { attributes: { "bench.host.index": 0 } });
 * const stop = traceRouter(host, tracer, { parent: trace.setSpan(context.active(), hostSpan) });
 * // ... run ...
 * stop();
 * hostSpan.end();
 * ```
 */
export function traceRouter(
  host: BenchHost,
  tracer: Tracer,
  options: TraceRouterOptions,
): () => void {
  if (typeof (options?.parent as { getValue?: unknown } | undefined)?.getValue !== "function") {
    throw new TypeError(
      `traceRouter: options.parent must be an OpenTelemetry Context, got ${typeof options
        ?.parent}; pass trace.setSpan(context.active(), hostSpan)`,
    );
  }
  const { parent } = options;
  const includeRpcs = options.rpcs ?? true;
  const selfId = host.peerId;
  // Each open peer span with the context its children start in, made once per peer.
  const peers = new Map<string, { span: Span; context: Context }>();
  const disconnected = new Set<string>();

  const instant = (name: string, attributes: Attributes, context: Context, kind?: SpanKind) => {
    tracer.startSpan(name, { attributes, kind }, context).end();
  };
  const openPeer = (remoteId: string): Context => {
    const span = tracer.startSpan(ROUTER_SPAN_NAMES.peer, {
      attributes: {
        [SPAN_ATTRIBUTES.peerId]: selfId,
        [SPAN_ATTRIBUTES.remotePeerId]: remoteId,
      },
    }, parent);
    const peer = { span, context: trace.setSpan(parent, span) };
    peers.set(remoteId, peer);
    disconnected.delete(remoteId);
    return peer.context;
  };
  const peerContext = (remoteId: string): Context => {
    const open = peers.get(remoteId);
    if (open !== undefined) return open.context;
    // A peer connected before tracing began: its span starts at its first event.
    if (disconnected.has(remoteId) || !host.isConnected(remoteId)) return parent;
    return openPeer(remoteId);
  };
  const peerInstant = (name: string, remoteId: string, attributes: Attributes): void => {
    attributes[SPAN_ATTRIBUTES.peerId] = selfId;
    attributes[SPAN_ATTRIBUTES.remotePeerId] = remoteId;
    instant(name, attributes, peerContext(remoteId));
  };

  const onEvent = (event: RouterTraceEvent): void => {
    switch (event.type) {
      case "peer-connected":
        // Already open when an event of the peer came first and opened it.
        if (!peers.has(event.peerId)) openPeer(event.peerId);
        return;
      case "peer-disconnected":
        peers.get(event.peerId)?.span.end();
        peers.delete(event.peerId);
        disconnected.add(event.peerId);
        return;
      case "stream-opened":
      case "stream-closed":
        peerInstant(
          event.type === "stream-opened"
            ? ROUTER_SPAN_NAMES.streamOpened
            : ROUTER_SPAN_NAMES.streamClosed,
          event.peerId,
          {},
        );
        return;
      case "subscription-change":
        peerInstant(ROUTER_SPAN_NAMES.subscription, event.peerId, {
          [SPAN_ATTRIBUTES.topic]: event.topic,
          [ROUTER_SPAN_ATTRIBUTES.subscribe]: event.subscribe,
        });
        return;
      case "graft":
      case "prune": {
        const attributes: Attributes = { [SPAN_ATTRIBUTES.topic]: event.topic };
        if (event.direction !== undefined) {
          attributes[ROUTER_SPAN_ATTRIBUTES.direction] = event.direction;
        }
        peerInstant(ROUTER_SPAN_NAMES[event.type], event.peerId, attributes);
        return;
      }
      case "rpc-received":
      case "rpc-sent":
      case "rpc-dropped": {
        if (!includeRpcs) return;
        const attributes = _rpcAttributes(event.rpc);
        if (event.type === "rpc-dropped") {
          attributes[ROUTER_SPAN_ATTRIBUTES.dropReason] = event.reason;
        }
        peerInstant(
          event.type === "rpc-received"
            ? ROUTER_SPAN_NAMES.rpcReceived
            : event.type === "rpc-sent"
            ? ROUTER_SPAN_NAMES.rpcSent
            : ROUTER_SPAN_NAMES.rpcDropped,
          event.peerId,
          attributes,
        );
        return;
      }
      case "publish":
        instant(
          SPAN_NAMES.publish,
          {
            [SPAN_ATTRIBUTES.peerId]: selfId,
            [SPAN_ATTRIBUTES.topic]: event.topic,
            [SPAN_ATTRIBUTES.messageId]: event.messageId,
          },
          parent,
          SpanKind.PRODUCER,
        );
        return;
      case "deliver":
      case "duplicate":
        instant(
          event.type === "deliver" ? SPAN_NAMES.deliver : ROUTER_SPAN_NAMES.duplicate,
          {
            [SPAN_ATTRIBUTES.peerId]: selfId,
            [SPAN_ATTRIBUTES.remotePeerId]: event.peerId,
            [SPAN_ATTRIBUTES.topic]: event.topic,
            [SPAN_ATTRIBUTES.messageId]: event.messageId,
          },
          parent,
          event.type === "deliver" ? SpanKind.CONSUMER : SpanKind.INTERNAL,
        );
        return;
      case "reject": {
        const attributes: Attributes = {
          [SPAN_ATTRIBUTES.peerId]: selfId,
          [SPAN_ATTRIBUTES.remotePeerId]: event.peerId,
          [SPAN_ATTRIBUTES.topic]: event.topic,
          [ROUTER_SPAN_ATTRIBUTES.rejectReason]: event.reason,
        };
        if (event.messageId !== undefined) attributes[SPAN_ATTRIBUTES.messageId] = event.messageId;
        instant(ROUTER_SPAN_NAMES.reject, attributes, parent);
        return;
      }
    }
  };

  const unsubscribe = host.onRouterTrace(onEvent);
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    unsubscribe();
    for (const { span } of peers.values()) span.end();
    peers.clear();
  };
}

const _RPC_COUNT_ATTRIBUTES: ReadonlyArray<[keyof RpcCounts, string]> = [
  ["messages", ROUTER_SPAN_ATTRIBUTES.rpcMessages],
  ["subscriptions", ROUTER_SPAN_ATTRIBUTES.rpcSubscriptions],
  ["ihave", ROUTER_SPAN_ATTRIBUTES.rpcIhave],
  ["iwant", ROUTER_SPAN_ATTRIBUTES.rpcIwant],
  ["graft", ROUTER_SPAN_ATTRIBUTES.rpcGraft],
  ["prune", ROUTER_SPAN_ATTRIBUTES.rpcPrune],
  ["idontwant", ROUTER_SPAN_ATTRIBUTES.rpcIdontwant],
];

/** The RPC's non-zero counts: most RPCs carry one kind, and the SDK checks every attribute. */
function _rpcAttributes(rpc: RpcCounts): Attributes {
  const attributes: Attributes = {};
  for (const [field, key] of _RPC_COUNT_ATTRIBUTES) {
    if (rpc[field] !== 0) attributes[key] = rpc[field];
  }
  return attributes;
}
