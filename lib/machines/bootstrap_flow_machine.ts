/**
 * The bootstrap-flow machine: the `states` variant's counterpart of `bootstrapTopic()` in
 * lib/bench/bootstrap_topic.ts, modelled on the Go project's bootstrap-flow state set (checking,
 * discovering, delay, bootstrapped, failed).
 *
 * @module
 */
import { assign, fromPromise, setup } from "xstate";

/** Input of {@linkcode bootstrapFlowMachine}: `bootstrapTopic()`'s options minus its effects. */
export interface BootstrapFlowInput {
  topic: string;
  /** Ready means at least this many topic peers. */
  minTopicPeers: number;
  /** How many records to ask discovery for on each attempt. */
  discoverLimit: number;
  /** The first wait window; doubled after each window that ends without enough peers. */
  backoffMs: number;
  /** The cap of the doubled window. */
  maxBackoffMs: number;
  /** Discover-and-wait rounds before giving up. */
  maxAttempts: number;
}

/** How the bootstrap went: the fields of `bootstrapTopic()`'s `BootstrapOutcome`. */
export interface BootstrapFlowOutput {
  ready: boolean;
  /** Discover-and-wait rounds started (0 when the first check was already ready). */
  attempts: number;
  /** Dials that failed, summed over the rounds. */
  dialFailures: number;
  /** Time spent in wait windows, summed from the `waitedMs` the wait actor reports. */
  windowWaitMs: number;
  /** The last topic-peer count seen. */
  topicPeers: number;
  /** Set only when an actor failed; the flow then ends in `failed`. */
  error?: unknown;
}

/** Input of the provided `countTopicPeers` actor. */
export interface CountTopicPeersInput {
  topic: string;
}

/** Input of the provided `discoverAndDial` actor. */
export interface DiscoverAndDialInput {
  topic: string;
  /** How many discovery records to ask for. */
  limit: number;
}

/** Output of the provided `discoverAndDial` actor. */
export interface DiscoverAndDialOutput {
  /** Dials of this round that failed. */
  dialFailures: number;
}

/** Input of the provided `waitForTopicPeers` actor. */
export interface WaitForTopicPeersInput {
  topic: string;
  /** Resolve `ready: true` as soon as the host has this many topic peers. */
  count: number;
  /** Resolve `ready: false` after this long. */
  timeoutMs: number;
}

/** Output of the provided `waitForTopicPeers` actor. */
export interface WaitForTopicPeersOutput {
  ready: boolean;
  /** How long the wait took. */
  waitedMs: number;
  /**
   * The topic-peer count when the wait ended. Optional; when given it becomes the output's
   * `topicPeers` on a ready window, as `bootstrapTopic()` reports the count after the wait.
   */
  topicPeers?: number;
}

/** Context of {@linkcode bootstrapFlowMachine}: the input plus the running totals. */
export interface BootstrapFlowContext extends BootstrapFlowInput {
  /** The current wait window (starts at `input.backoffMs`). */
  currentBackoffMs: number;
  attempts: number;
  dialFailures: number;
  windowWaitMs: number;
  topicPeers: number;
  ready: boolean;
  error?: unknown;
}

function _mustBeProvided(name: string): Error {
  return new Error(
    `bootstrapFlowMachine: the ${name} actor must be provided with ` +
      `bootstrapFlowMachine.provide({ actors: { ${name} } })`,
  );
}

/**
 * Makes a host ready to publish on a topic, with the semantics of `bootstrapTopic()`:
 *
 * - `checking` invokes `countTopicPeers`. When `maxAttempts` rounds are already spent the flow
 *   ends in `failed` (`bootstrapTopic()` does not re-check readiness after its last round, it only
 *   reads the count for the outcome); otherwise at least `minTopicPeers` ends it in `bootstrapped`,
 *   and fewer start a round: `attempts + 1`, then `discovering`.
 * - `discovering` invokes `discoverAndDial` and adds its `dialFailures`, then `delay`.
 * - `delay` invokes `waitForTopicPeers` with the current back-off as `timeoutMs` and adds its
 *   `waitedMs` to `windowWaitMs`; ready ends in `bootstrapped`, otherwise the back-off doubles (up
 *   to `maxBackoffMs`) and the flow goes back to `checking`.
 * - Any actor error ends in `failed`, with the error in the output.
 *
 * The three actors must be provided; the defaults reject. The output is a
 * {@linkcode BootstrapFlowOutput}.
 *
 * @example Run it with provided effects
 * ```ts
 * import { createActor, fromPromise, toPromise } from "xstate";
 *
 * const flow = bootstrapFlowMachine.provide({
 *   actors: {
 *     countTopicPeers: fromPromise(async ({ input }) => host.topicPeerCount(input.topic)),
 *     discoverAndDial: fromPromise(({ input }) => discoverAndDial(input.topic, input.limit)),
 *     waitForTopicPeers: fromPromise(({ input }) => waitWindow(input)),
 *   },
 * });
 * const outcome = await toPromise(createActor(flow, { input }).start());
 * ```
 */
export const bootstrapFlowMachine = setup({
  types: {
    context: {} as BootstrapFlowContext,
    input: {} as BootstrapFlowInput,
    output: {} as BootstrapFlowOutput,
  },
  actors: {
    countTopicPeers: fromPromise<number, CountTopicPeersInput>(() =>
      Promise.reject(_mustBeProvided("countTopicPeers"))
    ),
    discoverAndDial: fromPromise<DiscoverAndDialOutput, DiscoverAndDialInput>(() =>
      Promise.reject(_mustBeProvided("discoverAndDial"))
    ),
    waitForTopicPeers: fromPromise<WaitForTopicPeersOutput, WaitForTopicPeersInput>(() =>
      Promise.reject(_mustBeProvided("waitForTopicPeers"))
    ),
  },
  actions: {
    recordCount: assign((_, params: { count: number }) => ({ topicPeers: params.count })),
    startAttempt: assign(({ context }) => ({ attempts: context.attempts + 1 })),
    addDialFailures: assign(({ context }, params: { dialFailures: number }) => ({
      dialFailures: context.dialFailures + params.dialFailures,
    })),
    addWindow: assign(({ context }, params: WaitForTopicPeersOutput) => ({
      windowWaitMs: context.windowWaitMs + params.waitedMs,
      topicPeers: params.topicPeers ?? context.topicPeers,
    })),
    growBackoff: assign(({ context }) => ({
      currentBackoffMs: Math.min(context.currentBackoffMs * 2, context.maxBackoffMs),
    })),
    markReady: assign({ ready: true }),
    recordError: assign((_, params: { error: unknown }) => ({ error: params.error })),
  },
  guards: {
    isOutOfAttempts: ({ context }) => context.attempts >= context.maxAttempts,
    hasEnoughPeers: ({ context }, params: { count: number }) =>
      params.count >= context.minTopicPeers,
    isWindowReady: (_, params: { ready: boolean }) => params.ready,
  },
}).createMachine({
  id: "bootstrapFlow",
  context: ({ input }) => ({
    topic: input.topic,
    minTopicPeers: input.minTopicPeers,
    discoverLimit: input.discoverLimit,
    backoffMs: input.backoffMs,
    maxBackoffMs: input.maxBackoffMs,
    maxAttempts: input.maxAttempts,
    currentBackoffMs: input.backoffMs,
    attempts: 0,
    dialFailures: 0,
    windowWaitMs: 0,
    topicPeers: 0,
    ready: false,
  }),
  initial: "checking",
  states: {
    checking: {
      invoke: {
        src: "countTopicPeers",
        input: ({ context }) => ({ topic: context.topic }),
        onDone: [
          // Checked before readiness on purpose: bootstrapTopic() ends after its last round
          // without asking whether the host became ready in the meantime.
          {
            guard: "isOutOfAttempts",
            target: "failed",
            actions: { type: "recordCount", params: ({ event }) => ({ count: event.output }) },
          },
          {
            guard: { type: "hasEnoughPeers", params: ({ event }) => ({ count: event.output }) },
            target: "bootstrapped",
            actions: [
              { type: "recordCount", params: ({ event }) => ({ count: event.output }) },
              "markReady",
            ],
          },
          {
            target: "discovering",
            actions: [
              { type: "recordCount", params: ({ event }) => ({ count: event.output }) },
              "startAttempt",
            ],
          },
        ],
        onError: {
          target: "failed",
          actions: { type: "recordError", params: ({ event }) => ({ error: event.error }) },
        },
      },
    },
    discovering: {
      invoke: {
        src: "discoverAndDial",
        input: ({ context }) => ({ topic: context.topic, limit: context.discoverLimit }),
        onDone: {
          target: "delay",
          actions: { type: "addDialFailures", params: ({ event }) => event.output },
        },
        onError: {
          target: "failed",
          actions: { type: "recordError", params: ({ event }) => ({ error: event.error }) },
        },
      },
    },
    delay: {
      invoke: {
        src: "waitForTopicPeers",
        input: ({ context }) => ({
          topic: context.topic,
          count: context.minTopicPeers,
          timeoutMs: context.currentBackoffMs,
        }),
        onDone: [
          {
            guard: { type: "isWindowReady", params: ({ event }) => event.output },
            target: "bootstrapped",
            actions: [{ type: "addWindow", params: ({ event }) => event.output }, "markReady"],
          },
          {
            target: "checking",
            actions: [{ type: "addWindow", params: ({ event }) => event.output }, "growBackoff"],
          },
        ],
        onError: {
          target: "failed",
          actions: { type: "recordError", params: ({ event }) => ({ error: event.error }) },
        },
      },
    },
    bootstrapped: { type: "final" },
    failed: { type: "final" },
  },
  output: ({ context }) => {
    const output: BootstrapFlowOutput = {
      ready: context.ready,
      attempts: context.attempts,
      dialFailures: context.dialFailures,
      windowWaitMs: context.windowWaitMs,
      topicPeers: context.topicPeers,
    };
    if (context.error !== undefined) output.error = context.error;
    return output;
  },
});
