/**
 * The libp2p host of an interop node: TCP on /ip4/0.0.0.0/tcp/9000, Noise, yamux, identify and
 * gossipsub set up as the Go node sets up go-libp2p-pubsub (StrictNoSign, no author, message id =
 * first eight payload bytes, no peer scoring), and a hook that reports every message received in
 * an RPC, duplicates included, before validation (as the Go node's RECV_RPC tracer). Two stacks:
 * `default` (js-libp2p 3, `@libp2p/gossipsub` 17) and `chainsafe` (js-libp2p 2,
 * `@chainsafe/libp2p-gossipsub` 14, the router `@libp2p/gossipsub` was forked from, with the same
 * options and internals).
 *
 * @module
 */
import type { StackNode, StackNodeInit } from "./_stack_node.ts";
import type { InteropGossipsubSettings } from "./gossipsub_params.ts";
import { MESSAGE_ID_BYTES, messageIdBytes } from "./message_payload.ts";
import { createNodePrivateKey } from "./node_identity.ts";

/** The TCP port every node of the experiment listens on and dials. */
export const INTEROP_TCP_PORT = 9000;

/** Where a node listens: every interface, port 9000 (as the Go and Rust nodes). */
export const INTEROP_LISTEN_ADDR = `/ip4/0.0.0.0/tcp/${INTEROP_TCP_PORT}`;

/**
 * Connection-manager settings. Each node has its own IP here, so the loopback trap of
 * NOTES-libp2p-deno.md (every dial from one IP) does not arise, but the defaults still refuse
 * more than 10 pending inbound upgrades at once: at the experiment's start every node dials about
 * 20 others at the same instant, and a Go or Rust node does not retry a refused dial. The
 * timeouts allow slow handshakes across Shadow's simulated wide-area links.
 */
export const INTEROP_CONNECTION_MANAGER = {
  maxConnections: 10_000,
  maxIncomingPendingConnections: 10_000,
  inboundConnectionThreshold: 10_000,
  dialTimeout: 60_000,
  addressDialTimeout: 60_000,
  inboundUpgradeTimeout: 60_000,
} as const;

/**
 * Peer scoring off, as in the Go and Rust nodes (neither enables it): with the IP-colocation and
 * behaviour-penalty weights at 0 and no topic parameters every score is 0, which no threshold
 * rejects. This also removes the IP-colocation trap of NOTES-libp2p-deno.md.
 */
export const INTEROP_SCORE_PARAMS = {
  IPColocationFactorWeight: 0,
  behaviourPenaltyWeight: 0,
} as const;

/** `@libp2p/gossipsub` 17 schedules its first heartbeat this long after start (not an option). */
const ROUTER_HEARTBEAT_INITIAL_DELAY_MS = 100;

/** Go's `WithMaxMessageSize(10 MiB)` in the Go node. */
const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/** A message as it arrived in an RPC, before validation and duplicate checks. */
export interface ReceivedRpcMessage {
  /** The peer that sent it (not the publisher). */
  from: string;
  topic: string;
  data: Uint8Array;
}

/** The libp2p and gossipsub packages a node runs. */
export type InteropStack = "default" | "chainsafe";

/** Every stack, the default first. */
export const INTEROP_STACKS: readonly InteropStack[] = ["default", "chainsafe"];

/** What each stack is, for usage texts and logs. */
export const INTEROP_STACK_DESCRIPTIONS: Readonly<Record<InteropStack, string>> = {
  default: "js-libp2p 3, @libp2p/gossipsub 17",
  chainsafe: "js-libp2p 2, @chainsafe/libp2p-gossipsub 14",
};

/** Options of {@linkcode createInteropHost}. */
export interface InteropHostOptions {
  /** @default "default" */
  stack?: InteropStack;
  /** The router's options, from `toGossipsubOptions`. */
  settings: InteropGossipsubSettings;
  /**
   * Called for every message in every RPC received, duplicates included, before validation.
   */
  onMessageReceived(message: ReceivedRpcMessage): void;
  /** Called with a diagnostic line (for stderr). */
  onWarning?(line: string): void;
  /** Called after each gossipsub heartbeat. */
  onHeartbeat?(): void;
  /**
   * The listen address; tests on one machine pass a loopback address with its own port.
   *
   * @default {@linkcode INTEROP_LISTEN_ADDR}
   */
  listen?: string;
}

/** A started interop host. */
export interface InteropHost {
  /** Its peer id, derived from the node id. */
  readonly peerId: string;
  /** The addresses it listens on. */
  listenAddrs(): string[];
  /** Opens a connection to a multiaddr with a `/p2p/` part; resolves once it is up. */
  dial(addr: string): Promise<void>;
  subscribe(topic: string): void;
  /** Publishes; resolves to the number of peers it was sent to. */
  publish(topic: string, data: Uint8Array): Promise<number>;
  /** Every message on `topic` waits `delayMs` in validation before it is accepted. */
  setTopicValidationDelay(topic: string, delayMs: number): void;
  /** Peers with an open connection. */
  connectedPeerCount(): number;
  /** Peers in the router's mesh for `topic`. */
  meshPeerCount(topic: string): number;
  /** Stops the host and the router's pending heartbeat timer. */
  stop(): Promise<void>;
}

/** The router internals the host reaches into; absent from both packages' interfaces. */
interface RouterInternals {
  getMeshPeers?: (topic: string) => string[];
  handleReceivedMessage?: (from: { toString(): string }, rpcMsg: RpcMessage) => Promise<void>;
  runHeartbeat?: () => void;
  status?: {
    code?: number;
    heartbeatTimeout?: ReturnType<typeof setTimeout>;
    hearbeatStartMs?: number;
  };
}

/** A message as gossipsub decodes it from an RPC. */
interface RpcMessage {
  topic: string;
  data?: Uint8Array;
}

/**
 * Creates and starts the host of node `nodeId`.
 *
 * @example
 * ```ts ignore
 * const host = await createInteropHost(3, {
 *   settings: toGossipsubOptions(GO_DEFAULT_GOSSIPSUB_PARAMS),
 *   onMessageReceived: ({ from, data }) => console.log(from, formatMessageId(data)),
 * });
 * ```
 */
export async function createInteropHost(
  nodeId: number,
  options: InteropHostOptions,
): Promise<InteropHost> {
  const { settings } = options;
  const warn = options.onWarning ?? (() => {});
  const privateKey = await createNodePrivateKey(nodeId);
  const listen = options.listen ?? INTEROP_LISTEN_ADDR;
  const pubsubOptions = {
    ...settings.options,
    globalSignaturePolicy: "StrictNoSign" as const,
    msgIdFn: (message: { data: Uint8Array }) => messageIdBytes(message.data),
    fastMsgIdFn: (rpcMessage: { data?: Uint8Array }) =>
      _hex(rpcMessage.data?.subarray(0, MESSAGE_ID_BYTES)),
    floodPublish: true,
    emitSelf: false,
    // go-libp2p-pubsub publishes to no one without an error; so does this node.
    allowPublishToZeroTopicPeers: true,
    maxInboundDataLength: MAX_MESSAGE_BYTES,
    scoreParams: { ...INTEROP_SCORE_PARAMS },
  };
  const init: StackNodeInit = {
    privateKey,
    listen,
    pubsubOptions,
    connectionManager: { ...INTEROP_CONNECTION_MANAGER },
  };
  // Each stack loads only its own packages: a process that imported both would start slower.
  const node: StackNode = options.stack === "chainsafe"
    ? await (await import("./_chainsafe_stack_node.ts")).createChainsafeStackNode(init)
    : await (await import("./_default_stack_node.ts")).createDefaultStackNode(init);
  const pubsub = node.pubsub;
  const internals = pubsub as unknown as RouterInternals;
  _reportReceivedMessages(internals, options.onMessageReceived, warn);
  const onHeartbeat = options.onHeartbeat;
  if (onHeartbeat !== undefined) {
    pubsub.addEventListener("gossipsub:heartbeat", () => onHeartbeat());
  }
  await node.start();
  _rescheduleFirstHeartbeat(internals, settings.heartbeatInitialDelayMs, warn);
  return {
    peerId: node.peerId.toString(),
    listenAddrs: () => node.getMultiaddrs().map((addr) => addr.toString()),
    dial: (addr) => node.dialAddress(addr),
    subscribe: (topic) => pubsub.subscribe(topic),
    publish: async (topic, data) => (await pubsub.publish(topic, data)).recipients.length,
    setTopicValidationDelay: (topic, delayMs) => {
      pubsub.topicValidators.set(topic, async () => {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        // TopicValidatorResult.Accept in both routers.
        return "accept";
      });
    },
    connectedPeerCount: () => node.getPeers().length,
    meshPeerCount: (topic) => internals.getMeshPeers?.(topic).length ?? 0,
    stop: async () => {
      const heartbeat = internals.status?.heartbeatTimeout;
      await node.stop();
      // NOTES-libp2p-deno.md trap 2: gossipsub's stop() leaves this timer pending.
      if (heartbeat !== undefined) clearTimeout(heartbeat);
    },
  };
}

/**
 * Wraps the router's per-message handler: it runs for every message of every RPC, before the
 * duplicate check, which is where the Go node's tracer logs "Received Message".
 */
function _reportReceivedMessages(
  internals: RouterInternals,
  report: (message: ReceivedRpcMessage) => void,
  warn: (line: string) => void,
): void {
  const original = internals.handleReceivedMessage;
  if (typeof original !== "function") {
    warn("gossipsub has no handleReceivedMessage: received messages cannot be logged");
    return;
  }
  internals.handleReceivedMessage = function (this: unknown, from, rpcMsg) {
    try {
      report({ from: from.toString(), topic: rpcMsg.topic, data: rpcMsg.data ?? new Uint8Array() });
    } catch (error) {
      // A logging failure must not break the router's message path.
      warn(`logging a received message failed: ${String(error)}`);
    }
    return original.call(this, from, rpcMsg);
  };
}

/**
 * `HeartbeatInitialDelay`: gossipsub 17 starts heartbeats a fixed 100 ms after `start()`. The
 * experiment spreads the first heartbeats of its nodes (100.1 ms, 100.2 ms, ...) because under
 * Shadow every node starts at the same simulated instant; the pending first heartbeat is moved to
 * the requested delay after the router's start, and later ones keep their period from there.
 */
function _rescheduleFirstHeartbeat(
  internals: RouterInternals,
  delayMs: number,
  warn: (line: string) => void,
): void {
  const status = internals.status;
  const runHeartbeat = internals.runHeartbeat;
  if (
    status?.hearbeatStartMs === undefined || status.heartbeatTimeout === undefined ||
    typeof runHeartbeat !== "function"
  ) {
    warn("gossipsub's heartbeat internals changed: HeartbeatInitialDelay is not applied");
    return;
  }
  const startedMs = status.hearbeatStartMs - ROUTER_HEARTBEAT_INITIAL_DELAY_MS;
  const firstMs = startedMs + delayMs;
  clearTimeout(status.heartbeatTimeout);
  status.hearbeatStartMs = firstMs;
  status.heartbeatTimeout = setTimeout(runHeartbeat, Math.max(0, firstMs - Date.now()));
}

function _hex(bytes: Uint8Array | undefined): string {
  if (bytes === undefined) return "";
  let text = "";
  for (const byte of bytes) text += byte.toString(16).padStart(2, "0");
  return text;
}
