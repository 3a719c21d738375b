/**
 * How each event changes the world (world.ts has the types and the guards). Every function
 * here builds new maps and objects; nothing it is given is changed.
 *
 * @module
 */
import type {
  PeerState,
  PendingMessage,
  TopicState,
  Verification,
  World,
  WorldEvent,
  WorldTotals,
} from "./world_types.ts";
import { addTotals, withEntry, withoutEntry } from "./_world_copies.ts";

/** Verifications a world keeps for its observers; older ones are only in the totals. */
export const KEPT_VERIFICATIONS = 100;

/**
 * The world after `event`. Planned changes are applied as given: check them with
 * `canApplyChange` first (the sim machine's guard does). Reports about peers, topics or messages
 * the world no longer has change nothing.
 *
 * - `ADD_PEER` adds a `starting` peer; `PEER_READY` makes it `ready`.
 * - `REMOVE_PEER` and `PEER_FAILED` take the peer out of its topics and friendships; its
 *   unverified receptions are excused (it is not counted as a miss).
 * - `ADD_TOPIC`, `PEAK_TOPIC`, `JOIN_TOPIC` and `ADD_FRIEND` (with a topic) add members that
 *   are joining; `TOPIC_JOINED` records when the join completed, `TOPIC_JOIN_FAILED` removes the
 *   member again.
 * - `REMOVE_TOPIC` removes the topic from every member; checks of its messages end at once, with
 *   the receptions so far as delivered and the rest excused.
 * - `SEND_MESSAGE` starts a check: expected are the topic's other members whose join completed.
 *   `MESSAGE_SENT` starts its delivery timeout; `MESSAGE_FAILED` drops it.
 * - `MESSAGE_RECEIVED` records the reception; the check ends early once every expected peer
 *   has the message.
 * - `HEARTBEAT` ends the checks whose deadline has passed (what did not arrive is missed) and
 *   forgets send times older than the active window.
 * - `GC` drops friendships whose peers share no topic and trims inboxes to
 *   `maxMessagesPerPeer`.
 */
export function applyWorldEvent(world: World, event: WorldEvent): World {
  switch (event.type) {
    case "ADD_PEER": {
      const peer: PeerState = {
        id: event.peerId,
        num: world.nextPeerNum,
        status: "starting",
        topics: new Map(),
        friends: new Set(),
        inbox: [],
      };
      return {
        ...world,
        peers: withEntry(world.peers, peer.id, peer),
        nextPeerNum: world.nextPeerNum + 1,
        totals: addTotals(world.totals, { peersAdded: 1 }),
      };
    }
    case "PEER_READY": {
      const peer = world.peers.get(event.peerId);
      if (peer === undefined || peer.status === "ready") return world;
      return { ...world, peers: withEntry(world.peers, peer.id, { ...peer, status: "ready" }) };
    }
    case "REMOVE_PEER":
      return _removePeer(world, event.peerId, event.atMs, { peersRemoved: 1 });
    case "PEER_FAILED":
      return _removePeer(world, event.peerId, event.atMs, { peersFailed: 1 });
    case "ADD_TOPIC": {
      const topic: TopicState = {
        name: event.topic,
        createdAtMs: event.atMs,
        members: new Set(),
        recentSendsMs: [],
        delivered: 0,
        missed: 0,
      };
      const added = {
        ...world,
        topics: withEntry(world.topics, topic.name, topic),
        nextTopicNum: world.nextTopicNum + 1,
        totals: addTotals(world.totals, { topicsAdded: 1 }),
      };
      return _joinAll(added, event.members, event.topic);
    }
    case "REMOVE_TOPIC":
      return _removeTopic(world, event.topic, event.atMs);
    case "PEAK_TOPIC":
      return _joinAll(world, event.members, event.topic);
    case "JOIN_TOPIC":
      return _joinAll(world, [event.peerId], event.topic);
    case "ADD_FRIEND": {
      const peer = world.peers.get(event.peerId) as PeerState;
      const friend = world.peers.get(event.friendId) as PeerState;
      let peers = withEntry(world.peers, peer.id, {
        ...peer,
        friends: new Set([...peer.friends, friend.id]),
      });
      peers = withEntry(peers, friend.id, {
        ...friend,
        friends: new Set([...friend.friends, peer.id]),
      });
      const befriended = {
        ...world,
        peers,
        totals: addTotals(world.totals, { friendshipsAdded: 1 }),
      };
      return event.topic === undefined
        ? befriended
        : _joinAll(befriended, [friend.id], event.topic);
    }
    case "TOPIC_JOINED": {
      const peer = world.peers.get(event.peerId);
      if (peer === undefined || peer.topics.get(event.topic) !== null) return world;
      return {
        ...world,
        peers: withEntry(world.peers, peer.id, {
          ...peer,
          topics: withEntry(peer.topics, event.topic, event.atMs),
        }),
        totals: addTotals(world.totals, { joins: 1 }),
      };
    }
    case "TOPIC_JOIN_FAILED": {
      const peer = world.peers.get(event.peerId);
      if (peer === undefined || peer.topics.get(event.topic) !== null) return world;
      const left = _leave(world, peer.id, event.topic, event.atMs);
      return { ...left, totals: addTotals(left.totals, { joinFailures: 1 }) };
    }
    case "GC":
      return _gc(world);
    case "SEND_MESSAGE": {
      const expected = new Set(
        [...(world.topics.get(event.topic)?.members ?? [])].filter((id) => {
          const peer = world.peers.get(id);
          return id !== event.peerId && peer?.status === "ready" &&
            (peer.topics.get(event.topic) ?? null) !== null;
        }),
      );
      const message: PendingMessage = {
        id: event.messageId,
        topic: event.topic,
        senderId: event.peerId,
        plannedAtMs: event.atMs,
        sentAtMs: null,
        // Until the publish returns, the check waits for it (twice the timeout at most).
        deadlineMs: event.atMs + 2 * world.limits.deliveryTimeoutMs,
        expected,
        received: new Set(),
      };
      const topic = world.topics.get(event.topic) as TopicState;
      return {
        ...world,
        pending: withEntry(world.pending, message.id, message),
        topics: withEntry(world.topics, topic.name, {
          ...topic,
          recentSendsMs: [...topic.recentSendsMs, event.atMs],
        }),
        nextMessageNum: world.nextMessageNum + 1,
        totals: addTotals(world.totals, { messagesPlanned: 1 }),
      };
    }
    case "MESSAGE_SENT": {
      const message = world.pending.get(event.messageId);
      if (message === undefined || message.sentAtMs !== null) return world;
      const sent = { ...world, totals: addTotals(world.totals, { messagesSent: 1 }) };
      return _settle(sent, {
        ...message,
        sentAtMs: event.atMs,
        deadlineMs: event.atMs + world.limits.deliveryTimeoutMs,
      }, event.atMs);
    }
    case "MESSAGE_FAILED": {
      if (!world.pending.has(event.messageId)) return world;
      return {
        ...world,
        pending: withoutEntry(world.pending, event.messageId),
        totals: addTotals(world.totals, { sendFailures: 1 }),
      };
    }
    case "MESSAGE_RECEIVED":
      return _receive(world, event.peerId, event.messageId, event.atMs);
    case "HEARTBEAT": {
      let next = world;
      for (const message of world.pending.values()) {
        if (message.deadlineMs <= event.atMs) next = _finish(next, message, event.atMs);
      }
      const since = event.atMs - world.limits.topicActiveWindowMs;
      const stale = [...next.topics.values()].filter((topic) =>
        topic.recentSendsMs.length > 0 && topic.recentSendsMs[0] <= since
      );
      if (stale.length === 0) return next;
      const topics = new Map(next.topics);
      for (const topic of stale) {
        topics.set(topic.name, {
          ...topic,
          recentSendsMs: topic.recentSendsMs.filter((time) => time > since),
        });
      }
      return { ...next, topics };
    }
  }
}

/** Adds `peerIds` to `topicName` as joining members. */
function _joinAll(world: World, peerIds: readonly string[], topicName: string): World {
  const topic = world.topics.get(topicName) as TopicState;
  const peers = new Map(world.peers);
  for (const id of peerIds) {
    const peer = peers.get(id) as PeerState;
    peers.set(id, { ...peer, topics: withEntry(peer.topics, topicName, null) });
  }
  const members = new Set([...topic.members, ...peerIds]);
  return { ...world, peers, topics: withEntry(world.topics, topicName, { ...topic, members }) };
}

/** `peerId` leaves `topicName`: membership gone, its unverified receptions excused. */
function _leave(world: World, peerId: string, topicName: string, atMs: number): World {
  const peer = world.peers.get(peerId);
  const topic = world.topics.get(topicName);
  let next = world;
  if (peer !== undefined) {
    const topics = new Map(peer.topics);
    topics.delete(topicName);
    next = { ...next, peers: withEntry(next.peers, peerId, { ...peer, topics }) };
  }
  if (topic !== undefined) {
    const members = new Set(topic.members);
    members.delete(peerId);
    next = { ...next, topics: withEntry(next.topics, topicName, { ...topic, members }) };
  }
  return _excuse(next, (message) => message.topic === topicName, peerId, atMs);
}

/** Drops `peerId` from the expected peers of the matching unfinished checks. */
function _excuse(
  world: World,
  matches: (message: PendingMessage) => boolean,
  peerId: string,
  atMs: number,
): World {
  let next = world;
  for (const message of world.pending.values()) {
    if (!matches(message) || !message.expected.has(peerId) || message.received.has(peerId)) {
      continue;
    }
    const expected = new Set(message.expected);
    expected.delete(peerId);
    next = _settle(next, { ...message, expected }, atMs);
  }
  return next;
}

/** Stores `message`, or ends its check when nothing is left to wait for. */
function _settle(world: World, message: PendingMessage, atMs: number): World {
  if (message.expected.size === 0) {
    return {
      ...world,
      pending: withoutEntry(world.pending, message.id),
      totals: addTotals(world.totals, { cancelled: 1 }),
    };
  }
  if (message.sentAtMs !== null && message.received.size === message.expected.size) {
    return _finish(world, message, atMs);
  }
  return { ...world, pending: withEntry(world.pending, message.id, message) };
}

/** Ends the check of `message`: what arrived is delivered, the rest missed. */
function _finish(world: World, message: PendingMessage, atMs: number): World {
  const delivered = message.received.size;
  const missed = message.expected.size - delivered;
  const verification: Verification = {
    seq: world.totals.verifications + 1,
    messageId: message.id,
    topic: message.topic,
    expected: message.expected.size,
    delivered,
    missed,
    atMs,
  };
  const topic = world.topics.get(message.topic);
  return {
    ...world,
    pending: withoutEntry(world.pending, message.id),
    topics: topic === undefined ? world.topics : withEntry(world.topics, topic.name, {
      ...topic,
      delivered: topic.delivered + delivered,
      missed: topic.missed + missed,
    }),
    totals: addTotals(world.totals, { verifications: 1, delivered, missed }),
    verifications: [...world.verifications, verification].slice(-KEPT_VERIFICATIONS),
  };
}

function _receive(world: World, peerId: string, messageId: string, atMs: number): World {
  const peer = world.peers.get(peerId);
  if (peer === undefined) return world;
  const cap = world.limits.maxMessagesPerPeer;
  // Between two gc runs an inbox may grow to twice its cap, never more.
  const inbox = peer.inbox.length >= 2 * cap
    ? [...peer.inbox.slice(-(cap - 1)), messageId]
    : [...peer.inbox, messageId];
  const next = { ...world, peers: withEntry(world.peers, peerId, { ...peer, inbox }) };
  const message = next.pending.get(messageId);
  if (message === undefined || !message.expected.has(peerId) || message.received.has(peerId)) {
    return next;
  }
  return _settle(next, { ...message, received: new Set([...message.received, peerId]) }, atMs);
}

function _removePeer(
  world: World,
  peerId: string,
  atMs: number,
  count: Partial<WorldTotals>,
): World {
  const peer = world.peers.get(peerId);
  if (peer === undefined) return world;
  let next = world;
  for (const topic of peer.topics.keys()) next = _leave(next, peerId, topic, atMs);
  const peers = new Map(next.peers);
  peers.delete(peerId);
  for (const friendId of peer.friends) {
    const friend = peers.get(friendId);
    if (friend === undefined) continue;
    const friends = new Set(friend.friends);
    friends.delete(peerId);
    peers.set(friendId, { ...friend, friends });
  }
  next = { ...next, peers };
  // A message it planned but never sent cannot be checked.
  for (const message of next.pending.values()) {
    if (message.senderId === peerId && message.sentAtMs === null) {
      next = {
        ...next,
        pending: withoutEntry(next.pending, message.id),
        totals: addTotals(next.totals, { cancelled: 1 }),
      };
    }
  }
  return { ...next, totals: addTotals(next.totals, count) };
}

function _removeTopic(world: World, topicName: string, atMs: number): World {
  const topic = world.topics.get(topicName);
  if (topic === undefined) return world;
  let next = world;
  for (const peerId of topic.members) next = _leave(next, peerId, topicName, atMs);
  // Whatever was received so far is delivered; the members left, so nothing else is missed.
  for (const message of next.pending.values()) {
    if (message.topic !== topicName) continue;
    next = message.received.size > 0
      ? _finish(next, { ...message, expected: message.received }, atMs)
      : {
        ...next,
        pending: withoutEntry(next.pending, message.id),
        totals: addTotals(next.totals, { cancelled: 1 }),
      };
  }
  return {
    ...next,
    topics: withoutEntry(next.topics, topicName),
    totals: addTotals(next.totals, { topicsRemoved: 1 }),
  };
}

function _gc(world: World): World {
  const peers = new Map(world.peers);
  let dropped = 0;
  for (const peer of world.peers.values()) {
    const current = peers.get(peer.id) as PeerState;
    const friends = new Set(current.friends);
    for (const friendId of current.friends) {
      const friend = peers.get(friendId) as PeerState;
      const shares = [...current.topics.keys()].some((topic) => friend.topics.has(topic));
      if (shares) continue;
      friends.delete(friendId);
      const theirs = new Set(friend.friends);
      theirs.delete(peer.id);
      peers.set(friendId, { ...friend, friends: theirs });
      dropped++;
    }
    const cap = world.limits.maxMessagesPerPeer;
    const inbox = current.inbox.length > cap ? current.inbox.slice(-cap) : current.inbox;
    peers.set(peer.id, { ...current, friends, inbox });
  }
  return { ...world, peers, totals: addTotals(world.totals, { friendshipsDropped: dropped }) };
}
