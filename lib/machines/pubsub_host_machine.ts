/**
 * The pub/sub host machine: one libp2p host's life in the `states` variant, modelled on the Go
 * project's pub/sub host state set.
 *
 * @module
 */
import { assign, setup } from "xstate";
import { withItem, withoutItem } from "./_set_items.ts";

import type {
  DeliverMessageParams,
  InstallValidatorParams,
  PublishFailedParams,
  PublishMessageInput,
  PublishMessageOutput,
  PubsubHostContext,
  PubsubHostEvent,
  PubsubHostInput,
  TopicParams,
} from "./pubsub_host_types.ts";

/**
 * One pub/sub host, as a parallel machine with a region per concern of the Go state set that has
 * states of its own; concerns that only count (streams, subscriptions, mesh, rpc) are handled at
 * the machine's root, which keeps the per-message event cheap:
 *
 * - `peers`: `pending` (never had a peer) → `connected` → `dead` (had peers, none left).
 *   `PEER_CONNECTED` adds to `peers`; `PEER_DISCONNECTED` of a connected peer removes it (of an
 *   unknown peer it is not accepted); `GET_PEERS` is a self-transition running `countQuery`.
 * - streams (root): `PEER_NEW_STREAM` / `PEER_CLOSE_STREAM` count open streams,
 *   `PEER_ERROR` counts `streamErrors`, `PEER_BLACKLIST` adds to `blacklist` unless the peer is
 *   the host itself (guard `isNotSelf`).
 * - `topics`: `none` → `announcing` (`ADD_TOPIC`, from `none` or `joined`, runs `joinTopic`) →
 *   `joined` (`TOPIC_ANNOUNCED` adds the topic). `REMOVE_TOPIC` of a joined topic, in `joined`,
 *   runs `leaveTopic` and goes to `none` when no topic is left. `GET_TOPIC` runs `countQuery`.
 *   `ADD_TOPIC` while `announcing` is not accepted: announce one topic at a time.
 * - subscriptions (root): `ADD_SUBSCRIPTION` / `REMOVE_SUBSCRIPTION` count remote
 *   subscriptions.
 * - mesh (root): `GRAFT` / `PRUNE` count `meshPeers`.
 * - `relays`: `none` / `relaying`, `ADD_RELAY` / `REMOVE_RELAY` count `relays`.
 * - `validators`: `none` / `validating`, `ADD_VALIDATOR` runs `installValidator`,
 *   `REMOVE_VALIDATOR` (only while `validating`) runs `removeValidator`.
 * - rpc (root): `INCOMING_RPC` of a joined topic (guard `isJoined`) runs `deliverMessage`, which
 *   hands the message over (and is where it is counted: no context change, so the per-message
 *   transition builds no new snapshot); of any other topic it is not accepted.
 * - `publishing`: `idle` → `publishing` on `PUBLISH` of a joined topic, which runs
 *   `publishMessage` to start the publish. Its end is an event with the request id:
 *   `PUBLISH_DONE` runs `publishDone` and counts `messagesPublished`, `PUBLISH_FAILED` runs
 *   `publishFailed` with the error; both return to `idle`, and neither is accepted for another
 *   request (guard `isCurrentPublish`) or while `idle`. A `PUBLISH` while `publishing` is not
 *   accepted: the runner awaits each publish (it waits for `publishDone` or `publishFailed`)
 *   before sending the next. (The publish is an action and an event back, not an invoked actor:
 *   one actor per message would be created, started and stopped for nothing the model needs.)
 *
 * Provided effects (defaults do nothing, except `publishMessage`, which fails the publish with
 * an error asking for it to be provided):
 * actions `joinTopic(TopicParams)`, `leaveTopic(TopicParams)`,
 * `installValidator(InstallValidatorParams)`, `removeValidator(TopicParams)`,
 * `deliverMessage(DeliverMessageParams)`, `publishMessage(PublishMessageInput)`,
 * `publishDone(PublishMessageOutput)`, `publishFailed(PublishFailedParams)`.
 *
 * @example Provide the effects, then send router events in
 * ```ts
 * import { createActor } from "xstate";
 *
 * const machine = pubsubHostMachine.provide({
 *   actions: {
 *     joinTopic: (_, { topic }) => host.subscribe(topic),
 *     deliverMessage: (_, { topic, data }) => onMessage(topic, data),
 *     publishMessage: ({ self }, { requestId, topic, data }) => {
 *       host.publish(topic, data).then(
 *         () => self.send({ type: "PUBLISH_DONE", requestId }),
 *         (error) => self.send({ type: "PUBLISH_FAILED", requestId, error }),
 *       );
 *     },
 *     publishDone: (_, { requestId }) => settle(requestId),
 *   },
 * });
 * const actor = createActor(machine, { input: { hostIndex: 0, peerId: host.peerId } }).start();
 * actor.send({ type: "ADD_TOPIC", topic: "bench" });
 * ```
 */
export const pubsubHostMachine = setup({
  types: {
    context: {} as PubsubHostContext,
    events: {} as PubsubHostEvent,
    input: {} as PubsubHostInput,
  },
  actions: {
    // Fails the publish, as an event like any other publish end, so the runner hears of it.
    publishMessage: ({ self }, { requestId }: PublishMessageInput) => {
      self.send({
        type: "PUBLISH_FAILED",
        requestId,
        error: new Error(
          "pubsubHostMachine: the publishMessage action must be provided with " +
            "pubsubHostMachine.provide({ actions: { publishMessage } })",
        ),
      });
    },
    // Provided effects: the runner replaces these through provide().
    joinTopic: (_, _params: TopicParams) => {},
    leaveTopic: (_, _params: TopicParams) => {},
    installValidator: (_, _params: InstallValidatorParams) => {},
    removeValidator: (_, _params: TopicParams) => {},
    deliverMessage: (_, _params: DeliverMessageParams) => {},
    publishDone: (_, _params: PublishMessageOutput) => {},
    publishFailed: (_, _params: PublishFailedParams) => {},

    countQuery: assign({ queries: ({ context }) => context.queries + 1 }),
    addPeer: assign({
      peers: ({ context }, params: { peerId: string }) =>
        context.peers.has(params.peerId) ? context.peers : withItem(context.peers, params.peerId),
    }),
    removePeer: assign({
      peers: ({ context }, params: { peerId: string }) => withoutItem(context.peers, params.peerId),
    }),
    openStream: assign({ streams: ({ context }) => context.streams + 1 }),
    closeStream: assign({ streams: ({ context }) => Math.max(0, context.streams - 1) }),
    countStreamError: assign({ streamErrors: ({ context }) => context.streamErrors + 1 }),
    blacklistPeer: assign({
      blacklist: ({ context }, params: { peerId: string }) =>
        context.blacklist.has(params.peerId)
          ? context.blacklist
          : withItem(context.blacklist, params.peerId),
    }),
    addTopic: assign({
      topics: ({ context }, params: TopicParams) =>
        context.topics.includes(params.topic) ? context.topics : [...context.topics, params.topic],
    }),
    removeTopic: assign({
      topics: ({ context }, params: TopicParams) =>
        context.topics.filter((topic) => topic !== params.topic),
    }),
    addSubscription: assign({
      remoteSubscriptions: ({ context }) => context.remoteSubscriptions + 1,
    }),
    removeSubscription: assign({
      remoteSubscriptions: ({ context }) => Math.max(0, context.remoteSubscriptions - 1),
    }),
    graft: assign({ meshPeers: ({ context }) => context.meshPeers + 1 }),
    prune: assign({ meshPeers: ({ context }) => Math.max(0, context.meshPeers - 1) }),
    addRelay: assign({ relays: ({ context }) => context.relays + 1 }),
    removeRelay: assign({ relays: ({ context }) => Math.max(0, context.relays - 1) }),
    addValidator: assign({ validators: ({ context }) => context.validators + 1 }),
    dropValidator: assign({ validators: ({ context }) => Math.max(0, context.validators - 1) }),
    startPublish: assign({
      publishRequestId: (_, params: { requestId: number }) => params.requestId,
    }),
    finishPublish: assign({
      publishRequestId: null,
      messagesPublished: ({ context }) => context.messagesPublished + 1,
    }),
    clearPublish: assign({ publishRequestId: null }),
  },
  guards: {
    isNotSelf: ({ context }, params: { peerId: string }) => params.peerId !== context.peerId,
    isKnownPeer: ({ context }, params: { peerId: string }) => context.peers.has(params.peerId),
    isLastPeer: ({ context }, params: { peerId: string }) =>
      context.peers.size === 1 && context.peers.has(params.peerId),
    isJoined: ({ context }, params: TopicParams) => context.topics.includes(params.topic),
    isLastTopic: ({ context }, params: TopicParams) =>
      context.topics.length === 1 && context.topics[0] === params.topic,
    isLastRelay: ({ context }) => context.relays <= 1,
    isLastValidator: ({ context }) => context.validators <= 1,
    isCurrentPublish: ({ context }, params: { requestId: number }) =>
      params.requestId === context.publishRequestId,
  },
}).createMachine({
  id: "pubsubHost",
  type: "parallel",
  context: ({ input }) => ({
    hostIndex: input.hostIndex,
    peerId: input.peerId,
    peers: new Set<string>(),
    blacklist: new Set<string>(),
    streams: 0,
    streamErrors: 0,
    topics: [],
    remoteSubscriptions: 0,
    meshPeers: 0,
    relays: 0,
    validators: 0,
    messagesPublished: 0,
    publishRequestId: null,
    queries: 0,
  }),
  // Events that only update counters need no state of their own: handling them at the root
  // instead of in four single-state regions makes every event cheaper (the per-event cost of
  // xstate grows with the number of active regions, and INCOMING_RPC comes once per message).
  on: {
    // streams
    PEER_NEW_STREAM: { actions: "openStream" },
    PEER_CLOSE_STREAM: { actions: "closeStream" },
    PEER_ERROR: { actions: "countStreamError" },
    PEER_BLACKLIST: {
      guard: { type: "isNotSelf", params: ({ event }) => event },
      actions: { type: "blacklistPeer", params: ({ event }) => event },
    },
    // subscriptions
    ADD_SUBSCRIPTION: { actions: "addSubscription" },
    REMOVE_SUBSCRIPTION: { actions: "removeSubscription" },
    // mesh
    GRAFT: { actions: "graft" },
    PRUNE: { actions: "prune" },
    // rpc
    // One event per delivered message and host: one action, its params the event itself (no
    // copy), and no assign, which would build a new snapshot per message.
    INCOMING_RPC: {
      guard: { type: "isJoined", params: ({ event }) => event },
      actions: { type: "deliverMessage", params: ({ event }) => event },
    },
  },
  states: {
    peers: {
      initial: "pending",
      on: {
        PEER_CONNECTED: {
          target: ".connected",
          actions: { type: "addPeer", params: ({ event }) => event },
        },
        GET_PEERS: { actions: "countQuery" },
      },
      states: {
        pending: {},
        connected: {
          on: {
            PEER_DISCONNECTED: [
              {
                guard: { type: "isLastPeer", params: ({ event }) => event },
                target: "dead",
                actions: { type: "removePeer", params: ({ event }) => event },
              },
              {
                guard: { type: "isKnownPeer", params: ({ event }) => event },
                actions: { type: "removePeer", params: ({ event }) => event },
              },
            ],
          },
        },
        dead: {},
      },
    },
    topics: {
      initial: "none",
      on: {
        GET_TOPIC: { actions: "countQuery" },
      },
      states: {
        none: {
          on: {
            ADD_TOPIC: {
              target: "announcing",
              actions: { type: "joinTopic", params: ({ event }) => event },
            },
          },
        },
        announcing: {
          on: {
            TOPIC_ANNOUNCED: {
              target: "joined",
              actions: { type: "addTopic", params: ({ event }) => event },
            },
          },
        },
        joined: {
          on: {
            ADD_TOPIC: {
              target: "announcing",
              actions: { type: "joinTopic", params: ({ event }) => event },
            },
            REMOVE_TOPIC: [
              {
                guard: { type: "isLastTopic", params: ({ event }) => event },
                target: "none",
                actions: [
                  { type: "leaveTopic", params: ({ event }) => event },
                  { type: "removeTopic", params: ({ event }) => event },
                ],
              },
              {
                guard: { type: "isJoined", params: ({ event }) => event },
                actions: [
                  { type: "leaveTopic", params: ({ event }) => event },
                  { type: "removeTopic", params: ({ event }) => event },
                ],
              },
            ],
          },
        },
      },
    },
    relays: {
      initial: "none",
      states: {
        none: {
          on: { ADD_RELAY: { target: "relaying", actions: "addRelay" } },
        },
        relaying: {
          on: {
            ADD_RELAY: { actions: "addRelay" },
            REMOVE_RELAY: [
              { guard: "isLastRelay", target: "none", actions: "removeRelay" },
              { actions: "removeRelay" },
            ],
          },
        },
      },
    },
    validators: {
      initial: "none",
      states: {
        none: {
          on: {
            ADD_VALIDATOR: {
              target: "validating",
              actions: [
                { type: "installValidator", params: ({ event }) => event },
                "addValidator",
              ],
            },
          },
        },
        validating: {
          on: {
            ADD_VALIDATOR: {
              actions: [
                { type: "installValidator", params: ({ event }) => event },
                "addValidator",
              ],
            },
            REMOVE_VALIDATOR: [
              {
                guard: "isLastValidator",
                target: "none",
                actions: [
                  { type: "removeValidator", params: ({ event }) => event },
                  "dropValidator",
                ],
              },
              {
                actions: [
                  { type: "removeValidator", params: ({ event }) => event },
                  "dropValidator",
                ],
              },
            ],
          },
        },
      },
    },
    publishing: {
      initial: "idle",
      states: {
        idle: {
          on: {
            PUBLISH: {
              guard: { type: "isJoined", params: ({ event }) => event },
              target: "publishing",
              actions: [
                { type: "startPublish", params: ({ event }) => event },
                { type: "publishMessage", params: ({ event }) => event },
              ],
            },
          },
        },
        publishing: {
          // No PUBLISH here on purpose: one publish at a time, the runner awaits each.
          on: {
            PUBLISH_DONE: {
              guard: { type: "isCurrentPublish", params: ({ event }) => event },
              target: "idle",
              actions: [
                { type: "publishDone", params: ({ event }) => ({ requestId: event.requestId }) },
                "finishPublish",
              ],
            },
            PUBLISH_FAILED: {
              guard: { type: "isCurrentPublish", params: ({ event }) => event },
              target: "idle",
              actions: [
                { type: "publishFailed", params: ({ event }) => event },
                "clearPublish",
              ],
            },
          },
        },
      },
    },
  },
});
