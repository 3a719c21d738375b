/**
 * One simulated topic, whose states are derived from two numbers the runner keeps up to date:
 * its peers and its recent messages.
 *
 * @module
 */
import { assign, setup } from "xstate";

/** Input of {@linkcode simTopicMachine}. */
export interface SimTopicInput {
  topic: string;
  /** A topic with at least this many peers is `peaking`. */
  peakingMinPeers: number;
}

/** Events of {@linkcode simTopicMachine}. */
export type SimTopicEvent = {
  type: "UPDATE";
  /** Peers in the topic, joining ones included. */
  peers: number;
  /** Messages sent to it within the active window (a minute by default). */
  recentMessages: number;
};

/** Context of {@linkcode simTopicMachine}. */
export interface SimTopicContext {
  topic: string;
  peakingMinPeers: number;
  peers: number;
  recentMessages: number;
}

/**
 * A topic, modelled on the Go project's topic state set (HasPeers, Active, Peaking, Stale). It
 * has no effects: every state is derived, by eventless transitions, from the numbers the last
 * `UPDATE` brought. Three parallel regions:
 *
 * - `peers`: `empty`, or `hasPeers` with `normal` / `peaking` (at least `peakingMinPeers`);
 * - `messages`: `quiet`, or `active` (a message within the active window);
 * - `freshness`: `stale` when it is quiet and not peaking (as Go's Stale, which Active and
 *   Peaking remove), else `fresh`.
 *
 * @example
 * ```ts
 * import { createActor } from "xstate";
 *
 * const topic = createActor(simTopicMachine, { input: { topic: "t-1", peakingMinPeers: 10 } });
 * topic.start().send({ type: "UPDATE", peers: 3, recentMessages: 1 });
 * topic.getSnapshot().matches({ messages: "active" }); // true
 * ```
 */
export const simTopicMachine = setup({
  types: {
    context: {} as SimTopicContext,
    events: {} as SimTopicEvent,
    input: {} as SimTopicInput,
  },
  actions: {
    update: assign(({ event }) => ({
      peers: event.peers,
      recentMessages: event.recentMessages,
    })),
  },
  guards: {
    hasPeers: ({ context }) => context.peers > 0,
    isEmpty: ({ context }) => context.peers === 0,
    isPeaking: ({ context }) => context.peers >= context.peakingMinPeers,
    isNotPeaking: ({ context }) => context.peers < context.peakingMinPeers,
    hasRecentMessages: ({ context }) => context.recentMessages > 0,
    isQuiet: ({ context }) => context.recentMessages === 0,
    isStale: ({ context }) =>
      context.recentMessages === 0 && context.peers < context.peakingMinPeers,
    isFresh: ({ context }) =>
      context.recentMessages > 0 || context.peers >= context.peakingMinPeers,
  },
}).createMachine({
  id: "simTopic",
  type: "parallel",
  context: ({ input }) => ({
    topic: input.topic,
    peakingMinPeers: input.peakingMinPeers,
    peers: 0,
    recentMessages: 0,
  }),
  on: { UPDATE: { actions: "update" } },
  states: {
    peers: {
      initial: "empty",
      states: {
        empty: { always: { guard: "hasPeers", target: "hasPeers" } },
        hasPeers: {
          initial: "normal",
          always: { guard: "isEmpty", target: "empty" },
          states: {
            normal: { always: { guard: "isPeaking", target: "peaking" } },
            peaking: { always: { guard: "isNotPeaking", target: "normal" } },
          },
        },
      },
    },
    messages: {
      initial: "quiet",
      states: {
        quiet: { always: { guard: "hasRecentMessages", target: "active" } },
        active: { always: { guard: "isQuiet", target: "quiet" } },
      },
    },
    freshness: {
      initial: "stale",
      states: {
        stale: { always: { guard: "isFresh", target: "fresh" } },
        fresh: { always: { guard: "isStale", target: "stale" } },
      },
    },
  },
});
