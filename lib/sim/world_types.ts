/**
 * The types of the simulated world (world.ts has the guards and queries, _world_apply.ts the
 * updates): in a file of their own so that both use them and neither imports the other.
 *
 * @module
 */

/** The caps and timings the world enforces. */
export interface WorldLimits {
  maxPeers: number;
  minPeers: number;
  maxTopics: number;
  maxTopicsPerPeer: number;
  maxPeersPerTopic: number;
  maxFriendsPerPeer: number;
  initialPeersPerTopic: number;
  peakTopicPeers: number;
  maxMessagesPerPeer: number;
  deliveryTimeoutMs: number;
  topicActiveWindowMs: number;
}

/** One peer as the world knows it. */
export interface PeerState {
  id: string;
  /** The peer's number; its key and name derive from it. */
  num: number;
  /** `starting` until its host is up; only `ready` peers are chosen by actions. */
  status: "starting" | "ready";
  /** Its topics: the time its join completed, or `null` while it is joining. */
  topics: ReadonlyMap<string, number | null>;
  /** Friendships are mutual: a friend has this peer among its friends too. */
  friends: ReadonlySet<string>;
  /** Ids of the messages it received lately, oldest first (`gc` keeps the last ones). */
  inbox: readonly string[];
}

/** One topic as the world knows it. */
export interface TopicState {
  name: string;
  createdAtMs: number;
  /** Peers in it, joining ones included. */
  members: ReadonlySet<string>;
  /** Send times of its messages within the active window. */
  recentSendsMs: readonly number[];
  /** Messages verified on it: delivered and missed receptions. */
  delivered: number;
  missed: number;
}

/** A message sent (or about to be) whose delivery is still being checked. */
export interface PendingMessage {
  id: string;
  topic: string;
  senderId: string;
  plannedAtMs: number;
  /** When the publish returned; `null` before. */
  sentAtMs: number | null;
  /** Verified at this time at the latest. */
  deadlineMs: number;
  /** Peers that were in the topic (join completed) before the send, the sender excepted. */
  expected: ReadonlySet<string>;
  /** Expected peers it reached. */
  received: ReadonlySet<string>;
}

/** The outcome of checking one message. */
export interface Verification {
  /** 1 for the first verification of the world, then 2, ... */
  seq: number;
  messageId: string;
  topic: string;
  /** Expected peers still in the topic at the check. */
  expected: number;
  delivered: number;
  missed: number;
  atMs: number;
}

/** Running totals since the world began. */
export interface WorldTotals {
  peersAdded: number;
  peersRemoved: number;
  peersFailed: number;
  topicsAdded: number;
  topicsRemoved: number;
  friendshipsAdded: number;
  friendshipsDropped: number;
  joins: number;
  joinFailures: number;
  messagesPlanned: number;
  messagesSent: number;
  sendFailures: number;
  /** Messages whose check was dropped: nobody left to check, or never sent. */
  cancelled: number;
  verifications: number;
  delivered: number;
  missed: number;
}

/** The whole world. */
export interface World {
  limits: WorldLimits;
  peers: ReadonlyMap<string, PeerState>;
  topics: ReadonlyMap<string, TopicState>;
  pending: ReadonlyMap<string, PendingMessage>;
  nextPeerNum: number;
  nextTopicNum: number;
  nextMessageNum: number;
  totals: WorldTotals;
  /** The latest verifications, oldest first (at most `KEPT_VERIFICATIONS`). */
  verifications: readonly Verification[];
}

/** A change an action plans (world_plan.ts); the sim machine applies it if still valid. */
export type WorldChange =
  | { type: "ADD_PEER"; atMs: number; peerId: string }
  | { type: "REMOVE_PEER"; atMs: number; peerId: string }
  | { type: "ADD_TOPIC"; atMs: number; topic: string; members: readonly string[] }
  | { type: "REMOVE_TOPIC"; atMs: number; topic: string }
  | { type: "PEAK_TOPIC"; atMs: number; topic: string; members: readonly string[] }
  | { type: "ADD_FRIEND"; atMs: number; peerId: string; friendId: string; topic?: string }
  | { type: "GC"; atMs: number }
  | { type: "JOIN_TOPIC"; atMs: number; peerId: string; topic: string; via: "random" | "friend" }
  | { type: "SEND_MESSAGE"; atMs: number; peerId: string; topic: string; messageId: string };

/** What the peers and the clock report back; always applied (stale reports change nothing). */
export type WorldReport =
  | { type: "PEER_READY"; atMs: number; peerId: string }
  | { type: "PEER_FAILED"; atMs: number; peerId: string; error: string }
  | { type: "TOPIC_JOINED"; atMs: number; peerId: string; topic: string }
  | { type: "TOPIC_JOIN_FAILED"; atMs: number; peerId: string; topic: string; error: string }
  | { type: "MESSAGE_SENT"; atMs: number; messageId: string }
  | { type: "MESSAGE_FAILED"; atMs: number; messageId: string; error: string }
  | { type: "MESSAGE_RECEIVED"; atMs: number; peerId: string; messageId: string }
  | { type: "HEARTBEAT"; atMs: number };

/** Any event the world takes. */
export type WorldEvent = WorldChange | WorldReport;

/** What the runner must do in the real network for a change (see `effectsOf` in world.ts). */
export type WorldEffect =
  | { kind: "startPeer"; peerId: string; num: number }
  | { kind: "stopPeer"; peerId: string }
  | { kind: "createTopic"; topic: string }
  | { kind: "removeTopic"; topic: string }
  | { kind: "joinTopic"; peerId: string; topic: string }
  | { kind: "leaveTopic"; peerId: string; topic: string }
  | { kind: "sendMessage"; peerId: string; topic: string; messageId: string };
