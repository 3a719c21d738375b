/**
 * One simulated peer: its identity, its host's life, and the topic and message work the world
 * gives it, one operation at a time.
 *
 * @module
 */
import { assign, fromPromise, setup } from "xstate";

/** Input of {@linkcode simPeerMachine}. */
export interface SimPeerInput {
  peerId: string;
  /** The peer's number; its key derives from it. */
  num: number;
}

/** A topic operation waiting its turn. */
export interface TopicOp {
  op: "join" | "leave";
  topic: string;
}

/** A message waiting to be published. */
export interface OutgoingMessage {
  topic: string;
  messageId: string;
}

/** Events of {@linkcode simPeerMachine}. */
export type SimPeerEvent =
  | { type: "JOIN_TOPIC"; topic: string }
  | { type: "LEAVE_TOPIC"; topic: string }
  | { type: "SEND_MESSAGE"; topic: string; messageId: string }
  | { type: "STOP" };

/** Context of {@linkcode simPeerMachine}. */
export interface SimPeerContext {
  peerId: string;
  num: number;
  /** The 32 bytes the host key derives from, once `createIdentity` made them. */
  keySeed: Uint8Array | null;
  /** `STOP` came while the host was starting: stop it as soon as it is up. */
  stopRequested: boolean;
  /** Joins and leaves in order; the head is the one in progress. */
  topicOps: readonly TopicOp[];
  /** Messages in order; the head is the one being published. */
  outbox: readonly OutgoingMessage[];
  joins: number;
  joinFailures: number;
  leaves: number;
  sent: number;
  sendFailures: number;
  /** Why the peer failed, if it did. */
  error?: string;
}

/** Input of the provided `createIdentity` actor. */
export type CreateIdentityInput = SimPeerInput;
/** Output of the provided `createIdentity` actor. */
export interface CreateIdentityOutput {
  keySeed: Uint8Array;
}
/** Input of the provided `connect` actor. */
export interface ConnectInput {
  peerId: string;
  keySeed: Uint8Array;
}
/** Params of the provided `topicJoined` and `topicLeft` actions, input of `joinTopic`, `leaveTopic`. */
export interface PeerTopicParams {
  topic: string;
}
/** Params of the provided `topicJoinFailed` action. */
export interface TopicJoinFailedParams {
  topic: string;
  error: string;
}
/** Params of the provided `messageSent` action. */
export interface MessageSentParams {
  messageId: string;
}
/** Params of the provided `messageFailed` action. */
export interface MessageFailedParams {
  messageId: string;
  error: string;
}

function _mustBeProvided(name: string): Error {
  return new Error(
    `simPeerMachine: the ${name} actor must be provided with simPeerMachine.provide({ actors: { ${name} } })`,
  );
}

function _errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** From a state of the `topics` region: start the next queued operation, if any. */
const _nextTopicOp = [
  { guard: "nextIsJoin", target: "joining" },
  { guard: "nextIsLeave", target: "leaving" },
] as const;

const _leftTopic = [
  {
    type: "topicLeft",
    params: ({ context }: { context: SimPeerContext }) => ({ topic: context.topicOps[0].topic }),
  },
  { type: "finishTopicOp", params: { ok: true } },
] as const;

/**
 * A peer, modelled on the Go project's peer state set (GenIdentity / IdentityReady, Connecting,
 * Connected, Ready, JoiningTopic / TopicJoined, LeavingTopic / TopicLeft, SendingMsgs /
 * MsgsSent, Disconnecting):
 *
 * - `identity` invokes `createIdentity` (the host key's seed) → `connecting`, which invokes
 *   `connect` (start the host, its router and its discovery) → `connected` (tag `ready`), running
 *   `peerReady`. A `STOP` while connecting is remembered: the host is stopped once it is up.
 *   A failure of either goes to `failed` (final), running `peerFailed`.
 * - `connected` is parallel. `JOIN_TOPIC` / `LEAVE_TOPIC` queue topic operations and
 *   `SEND_MESSAGE` queues a message; each region works through its queue one item at a time:
 *   - `topics`: `idle` → `joining` (invokes `joinTopic`) → `joined` (runs `topicJoined`), or
 *     `leaving` (invokes `leaveTopic`) → `left` (runs `topicLeft`); then the next operation.
 *     A failed join runs `topicJoinFailed` and goes back to `idle`.
 *   - `messages`: `idle` → `sending` (invokes `sendMessage`) → `sent` (runs `messageSent`, or
 *     `messageFailed` when the publish rejected); then the next message.
 * - `STOP` → `disconnecting`, which invokes `disconnect` → `stopped` (final), running
 *   `peerStopped`; queued work is dropped.
 *
 * Provided effects: actors `createIdentity` (`fromPromise<CreateIdentityOutput,
 * CreateIdentityInput>`), `connect` (`fromPromise<void, ConnectInput>`), `joinTopic` and
 * `leaveTopic` (`fromPromise<void, PeerTopicParams>`), `sendMessage`
 * (`fromPromise<void, OutgoingMessage>`), `disconnect` (`fromPromise<void>`); actions
 * `peerReady()`, `peerFailed({ error })`, `peerStopped()`, `topicJoined(PeerTopicParams)`,
 * `topicJoinFailed(TopicJoinFailedParams)`, `topicLeft(PeerTopicParams)`,
 * `messageSent(MessageSentParams)`, `messageFailed(MessageFailedParams)`.
 */
export const simPeerMachine = setup({
  types: {
    context: {} as SimPeerContext,
    events: {} as SimPeerEvent,
    input: {} as SimPeerInput,
  },
  actors: {
    createIdentity: fromPromise<CreateIdentityOutput, CreateIdentityInput>(() =>
      Promise.reject(_mustBeProvided("createIdentity"))
    ),
    connect: fromPromise<void, ConnectInput>(() => Promise.reject(_mustBeProvided("connect"))),
    joinTopic: fromPromise<void, PeerTopicParams>(() =>
      Promise.reject(_mustBeProvided("joinTopic"))
    ),
    leaveTopic: fromPromise<void, PeerTopicParams>(() =>
      Promise.reject(_mustBeProvided("leaveTopic"))
    ),
    sendMessage: fromPromise<void, OutgoingMessage>(() =>
      Promise.reject(_mustBeProvided("sendMessage"))
    ),
    disconnect: fromPromise<void, void>(() => Promise.reject(_mustBeProvided("disconnect"))),
  },
  actions: {
    // Provided effects: the runner replaces these through provide().
    peerReady: () => {},
    peerFailed: (_, _params: { error: string }) => {},
    peerStopped: () => {},
    topicJoined: (_, _params: PeerTopicParams) => {},
    topicJoinFailed: (_, _params: TopicJoinFailedParams) => {},
    topicLeft: (_, _params: PeerTopicParams) => {},
    messageSent: (_, _params: MessageSentParams) => {},
    messageFailed: (_, _params: MessageFailedParams) => {},

    keepKeySeed: assign({
      keySeed: (_, params: CreateIdentityOutput) => params.keySeed,
    }),
    requestStop: assign({ stopRequested: true }),
    keepError: assign({ error: (_, params: { error: string }) => params.error }),
    queueJoin: assign({
      topicOps: ({ context }, params: PeerTopicParams) => [
        ...context.topicOps,
        { op: "join" as const, topic: params.topic },
      ],
    }),
    queueLeave: assign({
      topicOps: ({ context }, params: PeerTopicParams) => [
        ...context.topicOps,
        { op: "leave" as const, topic: params.topic },
      ],
    }),
    queueMessage: assign({
      outbox: ({ context }, params: OutgoingMessage) => [...context.outbox, params],
    }),
    finishTopicOp: assign(({ context }, params: { ok: boolean }) => {
      const op = context.topicOps[0];
      return {
        topicOps: context.topicOps.slice(1),
        joins: context.joins + (op?.op === "join" && params.ok ? 1 : 0),
        joinFailures: context.joinFailures + (op?.op === "join" && !params.ok ? 1 : 0),
        leaves: context.leaves + (op?.op === "leave" ? 1 : 0),
      };
    }),
    finishMessage: assign(({ context }, params: { ok: boolean }) => ({
      outbox: context.outbox.slice(1),
      sent: context.sent + (params.ok ? 1 : 0),
      sendFailures: context.sendFailures + (params.ok ? 0 : 1),
    })),
  },
  guards: {
    nextIsJoin: ({ context }) => context.topicOps[0]?.op === "join",
    nextIsLeave: ({ context }) => context.topicOps[0]?.op === "leave",
    hasOutgoing: ({ context }) => context.outbox.length > 0,
    stopRequested: ({ context }) => context.stopRequested,
  },
}).createMachine({
  id: "simPeer",
  initial: "identity",
  context: ({ input }) => ({
    peerId: input.peerId,
    num: input.num,
    keySeed: null,
    stopRequested: false,
    topicOps: [],
    outbox: [],
    joins: 0,
    joinFailures: 0,
    leaves: 0,
    sent: 0,
    sendFailures: 0,
  }),
  states: {
    identity: {
      invoke: {
        src: "createIdentity",
        input: ({ context }) => ({ peerId: context.peerId, num: context.num }),
        onDone: {
          target: "connecting",
          actions: { type: "keepKeySeed", params: ({ event }) => event.output },
        },
        onError: {
          target: "failed",
          actions: [
            { type: "keepError", params: ({ event }) => ({ error: _errorText(event.error) }) },
            { type: "peerFailed", params: ({ event }) => ({ error: _errorText(event.error) }) },
          ],
        },
      },
      // No host yet: nothing to stop.
      on: { STOP: { target: "stopped" } },
    },
    connecting: {
      invoke: {
        src: "connect",
        input: ({ context }) => ({
          peerId: context.peerId,
          keySeed: context.keySeed as Uint8Array,
        }),
        onDone: [
          { guard: "stopRequested", target: "disconnecting" },
          { target: "connected" },
        ],
        onError: {
          target: "failed",
          actions: [
            { type: "keepError", params: ({ event }) => ({ error: _errorText(event.error) }) },
            { type: "peerFailed", params: ({ event }) => ({ error: _errorText(event.error) }) },
          ],
        },
      },
      on: { STOP: { actions: "requestStop" } },
    },
    connected: {
      type: "parallel",
      tags: ["ready"],
      entry: "peerReady",
      on: {
        JOIN_TOPIC: {
          actions: { type: "queueJoin", params: ({ event }) => ({ topic: event.topic }) },
        },
        LEAVE_TOPIC: {
          actions: { type: "queueLeave", params: ({ event }) => ({ topic: event.topic }) },
        },
        SEND_MESSAGE: {
          actions: {
            type: "queueMessage",
            params: ({ event }) => ({ topic: event.topic, messageId: event.messageId }),
          },
        },
        STOP: "disconnecting",
      },
      states: {
        topics: {
          initial: "idle",
          states: {
            idle: { always: _nextTopicOp },
            joining: {
              invoke: {
                src: "joinTopic",
                input: ({ context }) => ({ topic: context.topicOps[0].topic }),
                onDone: {
                  target: "joined",
                  actions: [
                    {
                      type: "topicJoined",
                      params: ({ context }) => ({ topic: context.topicOps[0].topic }),
                    },
                    { type: "finishTopicOp", params: { ok: true } },
                  ],
                },
                onError: {
                  target: "idle",
                  actions: [
                    {
                      type: "topicJoinFailed",
                      params: ({ context, event }) => ({
                        topic: context.topicOps[0].topic,
                        error: _errorText(event.error),
                      }),
                    },
                    { type: "finishTopicOp", params: { ok: false } },
                  ],
                },
              },
            },
            joined: { always: _nextTopicOp },
            leaving: {
              invoke: {
                src: "leaveTopic",
                input: ({ context }) => ({ topic: context.topicOps[0].topic }),
                // Leaving only unsubscribes locally; should it throw, the peer has left anyway.
                onDone: { target: "left", actions: _leftTopic },
                onError: { target: "left", actions: _leftTopic },
              },
            },
            left: { always: _nextTopicOp },
          },
        },
        messages: {
          initial: "idle",
          states: {
            idle: { always: { guard: "hasOutgoing", target: "sending" } },
            sending: {
              invoke: {
                src: "sendMessage",
                input: ({ context }) => context.outbox[0],
                onDone: {
                  target: "sent",
                  actions: [
                    {
                      type: "messageSent",
                      params: ({ context }) => ({ messageId: context.outbox[0].messageId }),
                    },
                    { type: "finishMessage", params: { ok: true } },
                  ],
                },
                onError: {
                  target: "sent",
                  actions: [
                    {
                      type: "messageFailed",
                      params: ({ context, event }) => ({
                        messageId: context.outbox[0].messageId,
                        error: _errorText(event.error),
                      }),
                    },
                    { type: "finishMessage", params: { ok: false } },
                  ],
                },
              },
            },
            sent: { always: { guard: "hasOutgoing", target: "sending" } },
          },
        },
      },
    },
    disconnecting: {
      invoke: {
        src: "disconnect",
        onDone: "stopped",
        onError: {
          target: "stopped",
          actions: {
            type: "keepError",
            params: ({ event }) => ({ error: _errorText(event.error) }),
          },
        },
      },
    },
    stopped: { type: "final", entry: "peerStopped" },
    failed: { type: "final" },
  },
});
