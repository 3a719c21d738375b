/**
 * The world's actions as planners: each one is the action's guard and its random choices. It
 * returns the change to make, or `undefined` when the guard does not allow the action now.
 * Pure: the random source is an argument, so a seed replays the same choices.
 *
 * @module
 */
import type { SimActionName } from "./sim_config.ts";
import {
  hasTopicRoom,
  joinedMembers,
  type PeerState,
  readyPeers,
  type World,
  type WorldChange,
} from "./world.ts";

/** The random source planners draw from (a `SeededRandom` is one). */
export interface WorldRandom {
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
}

/**
 * Plans `action` on `world` at `atMs`: the change to apply, which `canApplyChange` accepts, or
 * `undefined` when the action's guard does not allow it. The guards (fixed where the Go
 * original could never pass or broke a cap):
 *
 * - `addPeer`: fewer than `maxPeers` peers.
 * - `removePeer`: more than `minPeers` peers (the Go guard compared with the initial 50 peers
 *   under a cap of 30, so it never passed); removes a random ready peer.
 * - `addTopic`: fewer than `maxTopics` topics and a ready peer in fewer than `maxTopicsPerPeer`
 *   topics; up to `initialPeersPerTopic` such peers join it.
 * - `removeTopic`: any topic; all its members leave.
 * - `peakTopic`: at least 3 topics and `2 * peakTopicPeers` ready peers; up to `peakTopicPeers`
 *   more peers join a random topic that has room (the Go version ignored the topic cap and did
 *   not record the joins).
 * - `addFriend`: a ready peer with a topic and room for a friend, and another ready peer with
 *   room that is not its friend yet; they become friends (mutually), and the friend joins one of
 *   the peer's topics if caps allow.
 * - `gc`: always.
 * - `joinRandomTopic`: a ready peer with room joins a random topic with room it is not in.
 * - `joinFriendsTopic`: a ready peer with room joins a topic of one of its friends.
 * - `msgRandomTopic`: a ready peer sends to one of its joined topics that has another joined
 *   member.
 */
export function planAction(
  world: World,
  action: SimActionName,
  random: WorldRandom,
  atMs: number,
): WorldChange | undefined {
  const { limits } = world;
  const ready = readyPeers(world);
  const pick = <T>(items: readonly T[]): T | undefined =>
    items.length === 0 ? undefined : items[random.int(0, items.length - 1)];
  const topicHasRoom = (name: string): boolean =>
    (world.topics.get(name)?.members.size ?? Infinity) < limits.maxPeersPerTopic;
  switch (action) {
    case "addPeer":
      if (world.peers.size >= limits.maxPeers) return undefined;
      return { type: "ADD_PEER", atMs, peerId: `peer-${world.nextPeerNum}` };
    case "removePeer": {
      if (world.peers.size <= limits.minPeers) return undefined;
      const peer = pick(ready);
      return peer && { type: "REMOVE_PEER", atMs, peerId: peer.id };
    }
    case "addTopic": {
      if (world.topics.size >= limits.maxTopics) return undefined;
      const candidates = ready.filter((peer) => hasTopicRoom(world, peer));
      if (candidates.length === 0) return undefined;
      const size = Math.min(limits.initialPeersPerTopic, limits.maxPeersPerTopic);
      const members = _pickSome(candidates, size, random).map((peer) => peer.id);
      return { type: "ADD_TOPIC", atMs, topic: topicName(world.nextTopicNum, random), members };
    }
    case "removeTopic": {
      const topic = pick([...world.topics.keys()]);
      return topic === undefined ? undefined : { type: "REMOVE_TOPIC", atMs, topic };
    }
    case "peakTopic": {
      if (world.topics.size < 3 || ready.length < 2 * limits.peakTopicPeers) return undefined;
      const joinable = (name: string): PeerState[] =>
        ready.filter((peer) => hasTopicRoom(world, peer) && !peer.topics.has(name));
      const topic = pick(
        [...world.topics.keys()].filter((name) => topicHasRoom(name) && joinable(name).length > 0),
      );
      if (topic === undefined) return undefined;
      const room = limits.maxPeersPerTopic - (world.topics.get(topic)?.members.size ?? 0);
      const members = _pickSome(joinable(topic), Math.min(limits.peakTopicPeers, room), random)
        .map((peer) => peer.id);
      return { type: "PEAK_TOPIC", atMs, topic, members };
    }
    case "addFriend": {
      const hasRoom = (peer: PeerState): boolean => peer.friends.size < limits.maxFriendsPerPeer;
      const peer = pick(
        ready.filter((candidate) => candidate.topics.size > 0 && hasRoom(candidate)),
      );
      if (peer === undefined) return undefined;
      const friend = pick(
        ready.filter((other) => other !== peer && hasRoom(other) && !peer.friends.has(other.id)),
      );
      if (friend === undefined) return undefined;
      const topic = hasTopicRoom(world, friend)
        ? pick(
          [...peer.topics.keys()].filter((name) => !friend.topics.has(name) && topicHasRoom(name)),
        )
        : undefined;
      return {
        type: "ADD_FRIEND",
        atMs,
        peerId: peer.id,
        friendId: friend.id,
        ...(topic === undefined ? {} : { topic }),
      };
    }
    case "gc":
      return { type: "GC", atMs };
    case "joinRandomTopic": {
      const peer = pick(
        ready.filter((candidate) =>
          hasTopicRoom(world, candidate) &&
          [...world.topics.keys()].some((name) => topicHasRoom(name) && !candidate.topics.has(name))
        ),
      );
      if (peer === undefined) return undefined;
      const topic = pick(
        [...world.topics.keys()].filter((name) => topicHasRoom(name) && !peer.topics.has(name)),
      ) as string;
      return { type: "JOIN_TOPIC", atMs, peerId: peer.id, topic, via: "random" };
    }
    case "joinFriendsTopic": {
      const friendTopics = (peer: PeerState, friendId: string): string[] =>
        [
          ...(world.peers.get(friendId)?.topics.keys() ?? []),
        ].filter((name) => !peer.topics.has(name) && topicHasRoom(name));
      const friendsWithTopics = (peer: PeerState): string[] =>
        [...peer.friends].filter((id) => friendTopics(peer, id).length > 0);
      const peer = pick(
        ready.filter((candidate) =>
          hasTopicRoom(world, candidate) && friendsWithTopics(candidate).length > 0
        ),
      );
      if (peer === undefined) return undefined;
      const friendId = pick(friendsWithTopics(peer)) as string;
      const topic = pick(friendTopics(peer, friendId)) as string;
      return { type: "JOIN_TOPIC", atMs, peerId: peer.id, topic, via: "friend" };
    }
    case "msgRandomTopic": {
      const sendable = (peer: PeerState): string[] =>
        [...peer.topics].filter(([name, joinedAt]) =>
          joinedAt !== null && joinedMembers(world, name).some((id) => id !== peer.id)
        ).map(([name]) => name);
      const peer = pick(ready.filter((candidate) => sendable(candidate).length > 0));
      if (peer === undefined) return undefined;
      const topic = pick(sendable(peer)) as string;
      const messageId = `m-${world.nextMessageNum}`;
      return { type: "SEND_MESSAGE", atMs, peerId: peer.id, topic, messageId };
    }
  }
}

const _ADJECTIVES = [
  "amber",
  "brisk",
  "calm",
  "dusty",
  "eager",
  "fuzzy",
  "gentle",
  "hollow",
  "icy",
  "jolly",
  "lucky",
  "misty",
  "noble",
  "quiet",
  "rusty",
  "sunny",
] as const;

const _NOUNS = [
  "badger",
  "comet",
  "delta",
  "falcon",
  "glacier",
  "harbor",
  "island",
  "lantern",
  "meadow",
  "nebula",
  "orchard",
  "pepper",
  "river",
  "summit",
  "tundra",
  "willow",
] as const;

/** A readable, unique topic name: `t-<adjective>-<noun>-<num>`. */
export function topicName(num: number, random: WorldRandom): string {
  const adjective = _ADJECTIVES[random.int(0, _ADJECTIVES.length - 1)];
  const noun = _NOUNS[random.int(0, _NOUNS.length - 1)];
  return `t-${adjective}-${noun}-${num}`;
}

/** Up to `count` distinct items of `items`, in random order (a partial Fisher-Yates). */
function _pickSome<T>(items: readonly T[], count: number, random: WorldRandom): T[] {
  const pool = [...items];
  const picked: T[] = [];
  while (picked.length < count && pool.length > 0) {
    const index = random.int(0, pool.length - 1);
    picked.push(pool[index]);
    pool[index] = pool[pool.length - 1];
    pool.pop();
  }
  return picked;
}
