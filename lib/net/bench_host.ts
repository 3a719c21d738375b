/**
 * One libp2p host as the benchmark sees it, whatever its stack (libp2p 2 or 3) and router.
 *
 * @module
 */

/** A message the router handed to the application. */
export interface ReceivedMessage {
  topic: string;
  data: Uint8Array;
}

/** What happened in the host or its router, for code that drives the host through machines. */
export type RouterEvent =
  | { type: "peer-connected" | "peer-disconnected"; peerId: string }
  | { type: "stream-opened" | "stream-closed"; peerId: string }
  | { type: "subscription-change"; peerId: string; topic: string; subscribe: boolean }
  | {
    type: "graft" | "prune";
    peerId: string;
    topic: string;
    /** `inbound` when the remote peer sent the GRAFT / PRUNE, `outbound` when this host did. */
    direction?: "inbound" | "outbound";
  };

/**
 * How many entries of each kind one pub/sub RPC carried. Floodsub RPCs carry only messages and
 * subscriptions; the control counts are then 0.
 */
export interface RpcCounts {
  messages: number;
  subscriptions: number;
  ihave: number;
  iwant: number;
  graft: number;
  prune: number;
  idontwant: number;
}

/**
 * Why a router dropped an outbound RPC: it had no open stream to the peer, or writing to the
 * stream threw (a closed stream, or `@chainsafe/libp2p-gossipsub`'s full outbound queue).
 */
export type RpcDropReason = "no-stream" | "send-failed";

/**
 * Why a router did not accept a received message: a topic validator said `reject` or `ignore`,
 * the message itself was invalid (signature, sequence number, transform), or its sender is
 * blacklisted. Floodsub reports every refusal as `invalid`: it does not tell them apart.
 */
export type MessageRejectReason = "reject" | "ignore" | "invalid" | "blacklisted";

/**
 * A router event at trace level: every {@linkcode RouterEvent}, plus each RPC and each message.
 * `peerId` is always the remote peer: the one an RPC went to or came from, or the one a message
 * was received from (this host's own id for the copy a publisher delivers to itself).
 * `messageId` is the router's own message id string (unpadded base64 for every router here).
 */
export type RouterTraceEvent =
  | RouterEvent
  | { type: "rpc-received" | "rpc-sent"; peerId: string; rpc: RpcCounts }
  | { type: "rpc-dropped"; peerId: string; rpc: RpcCounts; reason: RpcDropReason }
  | { type: "publish"; topic: string; messageId: string }
  | { type: "deliver" | "duplicate"; topic: string; messageId: string; peerId: string }
  | {
    type: "reject";
    topic: string;
    /** Missing when the router rejected the message before computing its id (bad signature). */
    messageId?: string;
    peerId: string;
    reason: MessageRejectReason;
  };

/** A running libp2p host with its pub/sub router. */
export interface BenchHost {
  /** Position of the host in the run (0 is the first publisher). */
  readonly index: number;
  readonly peerId: string;
  /** Dialable addresses, each ending in `/p2p/<peerId>`. */
  readonly addrs: readonly string[];
  /** Router receptions of messages from other peers, duplicates included. */
  readonly messageReceptions: number;
  subscribe(topic: string): void;
  unsubscribe(topic: string): void;
  publish(topic: string, data: Uint8Array): Promise<void>;
  /** Peers known to be subscribed to `topic` that the router can already send to. */
  topicPeerCount(topic: string): number;
  /** Gossipsub mesh size for `topic`; for floodsub, the topic peers (it floods to all of them). */
  meshDegree(topic: string): number;
  isConnected(peerId: string): boolean;
  connectionCount(): number;
  /**
   * Makes this host's router take `delayMs` to validate each message of `topic` it receives
   * before accepting it (a topic validator that waits), as slow application validation would.
   */
  setValidationDelay(topic: string, delayMs: number): void;
  /** Dials an address from `addrs` of another host. */
  dial(addr: string): Promise<void>;
  /**
   * Calls `listener` whenever {@linkcode topicPeerCount} may have changed (a remote peer's
   * subscriptions changed, or the router opened a stream to a peer), until the returned function
   * is called.
   */
  onTopicPeersChange(listener: () => void): () => void;
  /**
   * Calls `listener` for every peer connect / disconnect, outbound stream open / close, remote
   * subscription change and gossipsub graft / prune, until the returned function is called.
   * Nothing is translated while no listener is registered.
   */
  onRouterEvent(listener: (event: RouterEvent) => void): () => void;
  /**
   * Calls `listener` for every {@linkcode RouterTraceEvent} until the returned function is
   * called: the {@linkcode onRouterEvent} events plus every RPC received, sent or dropped and
   * every message published, delivered, duplicated or rejected. The router's methods are wrapped
   * only while at least one listener is registered, and unwrapped when the last one goes, so an
   * untraced host runs the router's own code.
   */
  onRouterTrace(listener: (event: RouterTraceEvent) => void): () => void;
  /** Calls `listener` after each gossipsub heartbeat (floodsub has none). */
  onHeartbeat(listener: () => void): () => void;
  /** Calls `listener` for every message the router delivers to this host. */
  onMessage(listener: (message: ReceivedMessage) => void): void;
  /** Stops the host and every timer it left behind. */
  stop(): Promise<void>;
}
