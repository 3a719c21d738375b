/**
 * The simulator's network side: a peer machine and host per peer, a topic machine per topic,
 * and the world effects carried out on them. Used by run_sim.ts.
 *
 * @module
 */
import { type Actor, createActor, fromPromise, type InspectionEvent, waitFor } from "xstate";
import { simPeerMachine, simTopicMachine } from "../machines/mod.ts";
import type { SimEvent } from "./sim_machine.ts";
import type { MockDiscovery } from "../net/mod.ts";
import type { createSeededRandom } from "../bench/mod.ts";
import { leafStatePaths } from "./machine_metrics.ts";
import { createSimPeerHost, type SimPeerHost } from "./sim_peer_host.ts";
import type { SimConfig } from "./sim_config.ts";
import { recentMessageCount, type World, type WorldEffect } from "./world.ts";

/** One peer: its machine, and its host once it is up. */
interface _Peer {
  actor: Actor<typeof simPeerMachine>;
  host?: SimPeerHost;
}

/** What the network needs from the runner. */
export interface SimNetworkInit {
  config: SimConfig;
  random: ReturnType<typeof createSeededRandom>;
  discovery: MockDiscovery;
  limitDial: <T>(dial: () => Promise<T>) => Promise<T>;
  inspect?: (event: InspectionEvent) => void;
  /** Sends a report to the sim machine. */
  report: (event: SimEvent) => void;
  /** Milliseconds since the start. */
  now: () => number;
  /** A peer failed: the runner prints it. */
  onPeerFailed?: (peerId: string, error: string) => void;
}

/** The network; see {@linkcode createSimNetwork}. */
export interface SimNetwork {
  /** Carries out one world effect. */
  perform(effect: WorldEffect): void;
  /** Brings each topic machine up to date with `world`. */
  updateTopics(world: World, atMs: number): void;
  /** The topic machine's states, shortened for the status line. */
  topicStates(topic: string): string[];
  /** Open connections and outbound pub/sub streams, summed over peers. */
  counts(): { connections: number; streams: number };
  /** Stops every peer (waiting up to `timeoutMs` for each) and every topic machine. */
  stopAll(timeoutMs: number): Promise<void>;
}

const _encoder = new TextEncoder();
const _decoder = new TextDecoder();

/** A message's payload: `sim:<message id>:<sender>`, so receivers can tell it and its sender. */
export function encodeSimMessage(messageId: string, senderId: string): Uint8Array {
  return _encoder.encode(`sim:${messageId}:${senderId}`);
}

/** The message id and sender of a payload, or `undefined` for anything else. */
export function decodeSimMessage(
  data: Uint8Array,
): { messageId: string; senderId: string } | undefined {
  const match = /^sim:([^:]+):(.+)$/.exec(_decoder.decode(data));
  return match === null ? undefined : { messageId: match[1], senderId: match[2] };
}

/** Creates the network; nothing runs until effects come in. */
export function createSimNetwork(init: SimNetworkInit): SimNetwork {
  const { config, report, now } = init;
  const peers = new Map<string, _Peer>();
  const topics = new Map<string, Actor<typeof simTopicMachine>>();

  function startPeer(peerId: string, num: number): void {
    const peer = {} as _Peer;
    const host = (): SimPeerHost => {
      if (peer.host === undefined) throw new Error(`peer ${peerId} has no host`);
      return peer.host;
    };
    const machine = simPeerMachine.provide({
      actors: {
        createIdentity: fromPromise(({ input }) =>
          Promise.resolve({ keySeed: init.random.fork(`key-${input.num}`).bytes(32) })
        ),
        connect: fromPromise(async ({ input }) => {
          peer.host = await createSimPeerHost({
            num,
            keySeed: input.keySeed,
            discovery: init.discovery,
            limitDial: init.limitDial,
            dialsPerJoin: config.network.dialsPerJoin,
            discoveryTtlMs: config.network.discoveryTtlMs,
            inspect: init.inspect,
          });
          peer.host.onMessage((message) => {
            const decoded = decodeSimMessage(message.data);
            // The publisher's own copy (emitSelf) is not a delivery.
            if (decoded === undefined || decoded.senderId === peerId) return;
            report({ type: "MESSAGE_RECEIVED", atMs: now(), peerId, messageId: decoded.messageId });
          });
        }),
        joinTopic: fromPromise(({ input }) => host().join(input.topic)),
        leaveTopic: fromPromise(({ input }) => host().leave(input.topic)),
        sendMessage: fromPromise(({ input }) =>
          host().publish(input.topic, encodeSimMessage(input.messageId, peerId))
        ),
        disconnect: fromPromise(async () => {
          await peer.host?.stop();
        }),
      },
      actions: {
        peerReady: () => report({ type: "PEER_READY", atMs: now(), peerId }),
        peerFailed: (_, { error }) => {
          peers.delete(peerId);
          init.onPeerFailed?.(peerId, error);
          report({ type: "PEER_FAILED", atMs: now(), peerId, error });
          // A host that came up and then failed is stopped; one that never came up has nothing.
          void peer.host?.stop().catch(() => {});
        },
        peerStopped: () => {
          peers.delete(peerId);
        },
        topicJoined: (_, { topic }) => report({ type: "TOPIC_JOINED", atMs: now(), peerId, topic }),
        topicJoinFailed: (_, { topic, error }) =>
          report({ type: "TOPIC_JOIN_FAILED", atMs: now(), peerId, topic, error }),
        messageSent: (_, { messageId }) => report({ type: "MESSAGE_SENT", atMs: now(), messageId }),
        messageFailed: (_, { messageId, error }) =>
          report({ type: "MESSAGE_FAILED", atMs: now(), messageId, error }),
      },
    });
    peer.actor = createActor(machine, {
      id: peerId,
      input: { peerId, num },
      ...(init.inspect ? { inspect: init.inspect } : {}),
    });
    peers.set(peerId, peer);
    peer.actor.start();
  }

  return {
    perform(effect) {
      switch (effect.kind) {
        case "startPeer":
          return startPeer(effect.peerId, effect.num);
        case "stopPeer":
          return peers.get(effect.peerId)?.actor.send({ type: "STOP" });
        case "createTopic": {
          const actor = createActor(simTopicMachine, {
            id: effect.topic,
            input: { topic: effect.topic, peakingMinPeers: config.topicPeakingMinPeers },
            ...(init.inspect ? { inspect: init.inspect } : {}),
          });
          topics.set(effect.topic, actor);
          actor.start();
          return;
        }
        case "removeTopic":
          topics.get(effect.topic)?.stop();
          topics.delete(effect.topic);
          return;
        case "joinTopic":
          return peers.get(effect.peerId)?.actor.send({ type: "JOIN_TOPIC", topic: effect.topic });
        case "leaveTopic":
          return peers.get(effect.peerId)?.actor.send({ type: "LEAVE_TOPIC", topic: effect.topic });
        case "sendMessage":
          return peers.get(effect.peerId)?.actor.send({
            type: "SEND_MESSAGE",
            topic: effect.topic,
            messageId: effect.messageId,
          });
      }
    },
    updateTopics(world, atMs) {
      for (const [name, actor] of topics) {
        const topic = world.topics.get(name);
        if (topic === undefined) continue;
        const peersIn = topic.members.size;
        const recentMessages = recentMessageCount(world, name, atMs);
        const context = actor.getSnapshot().context;
        if (context.peers !== peersIn || context.recentMessages !== recentMessages) {
          actor.send({ type: "UPDATE", peers: peersIn, recentMessages });
        }
      }
    },
    topicStates(topic) {
      const actor = topics.get(topic);
      if (actor === undefined) return [];
      return leafStatePaths(actor.getSnapshot().value).map((path) =>
        path.split(".").slice(1).filter((part) => part !== "normal").join(" ")
      );
    },
    counts() {
      let connections = 0;
      let streams = 0;
      for (const peer of peers.values()) {
        connections += peer.host?.connectionCount() ?? 0;
        streams += peer.host?.streamCount() ?? 0;
      }
      return { connections, streams };
    },
    async stopAll(timeoutMs) {
      const stopping = [...peers.values()];
      for (const peer of stopping) peer.actor.send({ type: "STOP" });
      await Promise.all(
        stopping.map((peer) =>
          waitFor(peer.actor, (snapshot) => snapshot.status !== "active", { timeout: timeoutMs })
            .catch(() => {
              // A host that would not stop in time: stop its machine; the process exit ends it.
              peer.actor.stop();
            })
        ),
      );
      for (const topic of topics.values()) topic.stop();
      topics.clear();
    },
  };
}
