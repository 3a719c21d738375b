/**
 * The simulated world as data: peers, topics, friendships, memberships, and the messages
 * awaiting verification. Pure: every function returns a new world and never changes its input;
 * time comes in on the events (`atMs`), and random choices are made by the planners
 * (world_plan.ts), so a seed replays a world exactly.
 *
 * @module
 */
import type { SimConfig } from "./sim_config.ts";
import type {
  PeerState,
  World,
  WorldChange,
  WorldEffect,
  WorldEvent,
  WorldLimits,
} from "./world_types.ts";

// The types are the world's too: importers keep reading them from here.
export type {
  PeerState,
  PendingMessage,
  TopicState,
  Verification,
  World,
  WorldChange,
  WorldEffect,
  WorldEvent,
  WorldLimits,
  WorldReport,
  WorldTotals,
} from "./world_types.ts";

/** The world's limits from a simulator config. */
export function worldLimitsOf(config: SimConfig): WorldLimits {
  const {
    maxPeers,
    minPeers,
    maxTopics,
    maxTopicsPerPeer,
    maxPeersPerTopic,
    maxFriendsPerPeer,
    initialPeersPerTopic,
    peakTopicPeers,
    maxMessagesPerPeer,
    deliveryTimeoutMs,
    topicActiveWindowMs,
  } = config;
  return {
    maxPeers,
    minPeers,
    maxTopics,
    maxTopicsPerPeer,
    maxPeersPerTopic,
    maxFriendsPerPeer,
    initialPeersPerTopic,
    peakTopicPeers,
    maxMessagesPerPeer,
    deliveryTimeoutMs,
    topicActiveWindowMs,
  };
}

/** An empty world. */
export function createWorld(limits: WorldLimits): World {
  return {
    limits: { ...limits },
    peers: new Map(),
    topics: new Map(),
    pending: new Map(),
    nextPeerNum: 0,
    nextTopicNum: 0,
    nextMessageNum: 0,
    totals: {
      peersAdded: 0,
      peersRemoved: 0,
      peersFailed: 0,
      topicsAdded: 0,
      topicsRemoved: 0,
      friendshipsAdded: 0,
      friendshipsDropped: 0,
      joins: 0,
      joinFailures: 0,
      messagesPlanned: 0,
      messagesSent: 0,
      sendFailures: 0,
      cancelled: 0,
      verifications: 0,
      delivered: 0,
      missed: 0,
    },
    verifications: [],
  };
}

/** Ready peers, in the order they were added. */
export function readyPeers(world: World): PeerState[] {
  return [...world.peers.values()].filter((peer) => peer.status === "ready");
}

/** Whether `peer` may be in one more topic. */
export function hasTopicRoom(world: World, peer: PeerState): boolean {
  return peer.topics.size < world.limits.maxTopicsPerPeer;
}

/** Members of `topic` whose join completed, ready ones only. */
export function joinedMembers(world: World, topic: string): string[] {
  const members = world.topics.get(topic)?.members ?? new Set<string>();
  return [...members].filter((id) => {
    const peer = world.peers.get(id);
    return peer?.status === "ready" && (peer.topics.get(topic) ?? null) !== null;
  });
}

/** Messages sent to `topic` within the active window before `atMs`. */
export function recentMessageCount(world: World, topic: string, atMs: number): number {
  const since = atMs - world.limits.topicActiveWindowMs;
  return world.topics.get(topic)?.recentSendsMs.filter((time) => time > since).length ?? 0;
}

/**
 * Whether a planned change is still valid in `world`: its peers are ready and the caps hold.
 * The sim machine's guard; a planner only plans changes this accepts.
 */
export function canApplyChange(world: World, change: WorldChange): boolean {
  const { limits } = world;
  const ready = (id: string): PeerState | undefined => {
    const peer = world.peers.get(id);
    return peer?.status === "ready" ? peer : undefined;
  };
  const canJoin = (id: string, topic: string): boolean => {
    const peer = ready(id);
    return peer !== undefined && hasTopicRoom(world, peer) && !peer.topics.has(topic);
  };
  switch (change.type) {
    case "ADD_PEER":
      return world.peers.size < limits.maxPeers && !world.peers.has(change.peerId);
    case "REMOVE_PEER":
      return ready(change.peerId) !== undefined && world.peers.size > limits.minPeers;
    case "ADD_TOPIC":
      return world.topics.size < limits.maxTopics && !world.topics.has(change.topic) &&
        new Set(change.members).size === change.members.length &&
        change.members.length <= limits.maxPeersPerTopic &&
        change.members.every((id) => canJoin(id, change.topic));
    case "REMOVE_TOPIC":
      return world.topics.has(change.topic);
    case "PEAK_TOPIC": {
      const topic = world.topics.get(change.topic);
      return topic !== undefined && change.members.length > 0 &&
        new Set(change.members).size === change.members.length &&
        topic.members.size + change.members.length <= limits.maxPeersPerTopic &&
        change.members.every((id) => canJoin(id, change.topic));
    }
    case "ADD_FRIEND": {
      const peer = ready(change.peerId);
      const friend = ready(change.friendId);
      if (peer === undefined || friend === undefined || peer === friend) return false;
      if (peer.friends.has(friend.id)) return false;
      if (
        peer.friends.size >= limits.maxFriendsPerPeer ||
        friend.friends.size >= limits.maxFriendsPerPeer
      ) return false;
      if (change.topic === undefined) return true;
      const topic = world.topics.get(change.topic);
      return peer.topics.has(change.topic) && topic !== undefined &&
        topic.members.size < limits.maxPeersPerTopic && canJoin(friend.id, change.topic);
    }
    case "GC":
      return true;
    case "JOIN_TOPIC": {
      const topic = world.topics.get(change.topic);
      return topic !== undefined && topic.members.size < limits.maxPeersPerTopic &&
        canJoin(change.peerId, change.topic);
    }
    case "SEND_MESSAGE": {
      const peer = ready(change.peerId);
      return peer !== undefined && (peer.topics.get(change.topic) ?? null) !== null &&
        !world.pending.has(change.messageId) &&
        joinedMembers(world, change.topic).some((id) => id !== change.peerId);
    }
  }
}

/**
 * What the runner does in the network for `change`, planned against `world` (before the change
 * is applied). Reports need no effect.
 */
export function effectsOf(world: World, change: WorldEvent): WorldEffect[] {
  switch (change.type) {
    case "ADD_PEER":
      return [{ kind: "startPeer", peerId: change.peerId, num: world.nextPeerNum }];
    case "REMOVE_PEER":
      return [{ kind: "stopPeer", peerId: change.peerId }];
    case "ADD_TOPIC":
      return [
        { kind: "createTopic", topic: change.topic },
        ...change.members.map((peerId) => _join(peerId, change.topic)),
      ];
    case "REMOVE_TOPIC":
      return [
        ...[...(world.topics.get(change.topic)?.members ?? [])].map((peerId) => ({
          kind: "leaveTopic" as const,
          peerId,
          topic: change.topic,
        })),
        { kind: "removeTopic", topic: change.topic },
      ];
    case "PEAK_TOPIC":
      return change.members.map((peerId) => _join(peerId, change.topic));
    case "ADD_FRIEND":
      return change.topic === undefined ? [] : [_join(change.friendId, change.topic)];
    case "JOIN_TOPIC":
      return [_join(change.peerId, change.topic)];
    case "SEND_MESSAGE":
      return [{
        kind: "sendMessage",
        peerId: change.peerId,
        topic: change.topic,
        messageId: change.messageId,
      }];
    default:
      return [];
  }
}

function _join(peerId: string, topic: string): WorldEffect {
  return { kind: "joinTopic", peerId, topic };
}

export { applyWorldEvent, KEPT_VERIFICATIONS } from "./_world_apply.ts";
