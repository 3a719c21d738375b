/**
 * The types of the pub/sub host machine: its input, events, context, and the params of the
 * effects its runner provides. The machine itself is in pubsub_host_machine.ts.
 *
 * @module
 */
/** Input of `pubsubHostMachine`. */
export interface PubsubHostInput {
  /** Position of the host in the run. */
  hostIndex: number;
  /** The host's own peer id; a host never blacklists itself. */
  peerId: string;
}

/** Events of `pubsubHostMachine`, grouped by the region that takes them. */
export type PubsubHostEvent =
  // peers
  | { type: "PEER_CONNECTED"; peerId: string }
  | { type: "PEER_DISCONNECTED"; peerId: string }
  | { type: "GET_PEERS" }
  // streams
  | { type: "PEER_NEW_STREAM"; peerId: string }
  | { type: "PEER_CLOSE_STREAM"; peerId: string }
  | { type: "PEER_ERROR"; peerId: string; error: string }
  | { type: "PEER_BLACKLIST"; peerId: string }
  // topics
  | { type: "ADD_TOPIC"; topic: string }
  | { type: "TOPIC_ANNOUNCED"; topic: string }
  | { type: "REMOVE_TOPIC"; topic: string }
  | { type: "GET_TOPIC"; topic: string }
  // subscriptions
  | { type: "ADD_SUBSCRIPTION"; peerId: string; topic: string }
  | { type: "REMOVE_SUBSCRIPTION"; peerId: string; topic: string }
  // mesh
  | { type: "GRAFT"; peerId: string; topic: string }
  | { type: "PRUNE"; peerId: string; topic: string }
  // relays
  | { type: "ADD_RELAY"; topic: string }
  | { type: "REMOVE_RELAY"; topic: string }
  // validators
  | { type: "ADD_VALIDATOR"; topic: string; delayMs: number }
  | { type: "REMOVE_VALIDATOR"; topic: string }
  // rpc
  | { type: "INCOMING_RPC"; topic: string; data: Uint8Array }
  // publishing
  | { type: "PUBLISH"; requestId: number; topic: string; data: Uint8Array }
  | { type: "PUBLISH_DONE"; requestId: number }
  | { type: "PUBLISH_FAILED"; requestId: number; error: unknown };

/**
 * Context of `pubsubHostMachine`. Kept flat and small, and left alone by the
 * per-message event: a received message is counted where it is handed over (`deliverMessage`),
 * because an `assign` makes xstate build a whole new snapshot, and there is one such event per
 * message and host. The sets are replaced (never mutated) on the rare peer events.
 */
export interface PubsubHostContext {
  hostIndex: number;
  peerId: string;
  /** Connected peers. */
  peers: ReadonlySet<string>;
  /** Peers this host has blacklisted. */
  blacklist: ReadonlySet<string>;
  /** Open outbound streams (never below 0). */
  streams: number;
  streamErrors: number;
  /** Joined topics, in the order they were announced. */
  topics: readonly string[];
  /** Remote (peer, topic) subscription adds minus removes (never below 0). */
  remoteSubscriptions: number;
  /** Grafts minus prunes (never below 0). */
  meshPeers: number;
  /** Relayed topics: adds minus removes. */
  relays: number;
  /** Installed validators: adds minus removes. */
  validators: number;
  messagesPublished: number;
  /** The request being published; `null` while `publishing` is `idle`. */
  publishRequestId: number | null;
  /** `GET_PEERS` and `GET_TOPIC` queries answered. */
  queries: number;
}

/** Params of the provided `joinTopic`, `leaveTopic` and `removeValidator` actions. */
export interface TopicParams {
  topic: string;
}

/** Params of the provided `installValidator` action. */
export interface InstallValidatorParams {
  topic: string;
  /** How long validating each message of `topic` takes. */
  delayMs: number;
}

/** Params of the provided `deliverMessage` action: the `INCOMING_RPC` event itself. */
export interface DeliverMessageParams {
  topic: string;
  data: Uint8Array;
}

/**
 * Params of the provided `publishMessage` action: the `PUBLISH` event. The action starts the
 * publish; its end comes back as `PUBLISH_DONE` or `PUBLISH_FAILED` with the same `requestId`.
 */
export interface PublishMessageInput {
  requestId: number;
  topic: string;
  data: Uint8Array;
}

/** Params of the provided `publishDone` action. */
export interface PublishMessageOutput {
  requestId: number;
}

/** Params of the provided `publishFailed` action. */
export interface PublishFailedParams {
  requestId: number;
  /** What the publish failed with (the `PUBLISH_FAILED` event's error). */
  error: unknown;
}
