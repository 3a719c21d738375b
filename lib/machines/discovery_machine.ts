/**
 * The discovery machine: a host's discovery pool, topic discovery, advertising and topic
 * bootstrap in the `states` variant, modelled on the Go project's discovery state set.
 *
 * @module
 */
import { assertEvent, assign, fromPromise, setup } from "xstate";
import {
  type BootstrapFlowInput,
  bootstrapFlowMachine,
  type BootstrapFlowOutput,
} from "./bootstrap_flow_machine.ts";

/** Input of {@linkcode discoveryMachine}. */
export interface DiscoveryInput {
  /** Period of the pool's `refreshDiscoveries` while it is running. */
  refreshIntervalMs: number;
}

/** Events of {@linkcode discoveryMachine}, grouped by the region that takes them. */
export type DiscoveryEvent =
  // pool
  | { type: "START" }
  | { type: "STOP" }
  // discovery
  | { type: "DISCOVER_TOPIC"; topic: string; limit: number }
  // advertising
  | { type: "ADVERTISE"; topic: string; ttlMs: number }
  | { type: "STOP_ADVERTISING"; topic: string }
  // bootstrap
  | { type: "BOOTSTRAP_TOPIC"; topicPeers?: number } & BootstrapFlowInput;

/** Context of {@linkcode discoveryMachine}. */
export interface DiscoveryContext {
  refreshIntervalMs: number;
  /** Pool refreshes so far. */
  refreshes: number;
  /** Peers found by `findAndDial`, summed. */
  peersFound: number;
  /** Failed dials reported by `findAndDial`, summed (bootstrap rounds report theirs apart). */
  dialFailures: number;
  /** Errors of `findAndDial` and `advertise`, and crashes of the bootstrap-flow child itself. */
  errors: number;
}

/** Input of the provided `findAndDial` actor. */
export interface FindAndDialInput {
  topic: string;
  /** How many discovery records to ask for. */
  limit: number;
}

/** Output of the provided `findAndDial` actor. */
export interface FindAndDialOutput {
  /** Records found. */
  found: number;
  /** Dials that failed. */
  dialFailures: number;
}

/** Input of the provided `advertise` actor. */
export interface AdvertiseInput {
  topic: string;
  ttlMs: number;
}

/** Params of the provided `stopAdvertising` action. */
export interface StopAdvertisingParams {
  topic: string;
}

function _mustBeProvided(name: string): Error {
  return new Error(
    `discoveryMachine: the ${name} actor must be provided with ` +
      `discoveryMachine.provide({ actors: { ${name} } })`,
  );
}

/**
 * A host's discovery, as a parallel machine with four regions modelled on the Go discovery
 * state set:
 *
 * - `pool`: `stopped` → `START` → `running`, which every `refreshIntervalMs` (delay
 *   `refreshInterval`) re-enters itself running `refreshDiscoveries` and counting `refreshes`.
 *   `STOP` → `stopped` cancels the pending timer.
 * - `discovery`: `idle` / `discovered` → `DISCOVER_TOPIC` → `discovering`, which invokes
 *   `findAndDial`; done adds to `peersFound` and `dialFailures` and goes to `discovered`, an
 *   error counts `errors` and goes to `idle`. Not accepted while `discovering`.
 * - `advertising`: `idle` / `advertised` → `ADVERTISE` → `advertising`, which invokes
 *   `advertise` → `advertised` (an error counts `errors` → `idle`); `STOP_ADVERTISING` in
 *   `advertised` runs `stopAdvertising` → `idle`.
 * - `bootstrap`: `idle` / `bootstrapped` / `failed` → `BOOTSTRAP_TOPIC` → `bootstrapping`, which
 *   invokes the `bootstrapFlow` actor (by default {@linkcode bootstrapFlowMachine}, child id
 *   `bootstrapFlow`) with the event's fields as input. Its output goes to `bootstrapFinished`, and
 *   the region to `bootstrapped` when `output.ready`, else `failed`. Should the child itself
 *   error (not its actors: their errors end the flow in `failed`), `bootstrapFinished` still
 *   runs, with `ready: false`, zero counts and the error, so it runs once per `BOOTSTRAP_TOPIC`.
 *   Not accepted while `bootstrapping`. When the event says the host already has
 *   `topicPeers >= minTopicPeers` (the runner counts them first, as `bootstrapTopic()` checks
 *   first), the region goes straight to `bootstrapped` and `bootstrapFinished` gets a ready output
 *   with no attempts: no flow is spawned for a host that is ready, which is the common case of a
 *   publish.
 *
 * Provided effects (default actions do nothing, default actors reject): actions
 * `refreshDiscoveries()`, `stopAdvertising(StopAdvertisingParams)`,
 * `bootstrapFinished(BootstrapFlowOutput)`; actors `findAndDial`
 * (`fromPromise<FindAndDialOutput, FindAndDialInput>`), `advertise`
 * (`fromPromise<void, AdvertiseInput>`), and `bootstrapFlow`. The bootstrap flow's own actors are
 * provided by providing a provided copy of the flow machine as `bootstrapFlow`.
 *
 * @example Provide the effects, including the bootstrap flow's
 * ```ts
 * import { createActor, fromPromise } from "xstate";
 * import { bootstrapFlowMachine } from "./bootstrap_flow_machine.ts";
 *
 * const machine = discoveryMachine.provide({
 *   actions: {
 *     refreshDiscoveries: () => refresh(),
 *     bootstrapFinished: (_, output) => done(output),
 *   },
 *   actors: {
 *     findAndDial: fromPromise(({ input }) => findAndDial(input.topic, input.limit)),
 *     advertise: fromPromise(({ input }) => client.advertise(input.topic, input.ttlMs)),
 *     bootstrapFlow: bootstrapFlowMachine.provide({
 *       actors: { countTopicPeers, discoverAndDial, waitForTopicPeers },
 *     }),
 *   },
 * });
 * const actor = createActor(machine, { input: { refreshIntervalMs: 1000 } }).start();
 * actor.send({ type: "START" });
 * ```
 */
/**
 * `BOOTSTRAP_TOPIC` from `idle`, `bootstrapped` or `failed`: a host that already has enough topic
 * peers is bootstrapped at once (the runner counted them first, as `bootstrapTopic()` checks
 * first); otherwise the flow runs.
 */
const _startBootstrap = [
  {
    guard: {
      type: "hasEnoughPeersAlready",
      params: ({ event }: { event: DiscoveryEvent }) => event as BootstrapTopicEvent,
    },
    target: "bootstrapped",
    actions: {
      type: "bootstrapFinished",
      params: ({ event }: { event: DiscoveryEvent }): BootstrapFlowOutput => ({
        ready: true,
        attempts: 0,
        dialFailures: 0,
        windowWaitMs: 0,
        topicPeers: (event as BootstrapTopicEvent).topicPeers ?? 0,
      }),
    },
  },
  { target: "bootstrapping" },
] as const;

type BootstrapTopicEvent = Extract<DiscoveryEvent, { type: "BOOTSTRAP_TOPIC" }>;

export const discoveryMachine = setup({
  types: {
    context: {} as DiscoveryContext,
    events: {} as DiscoveryEvent,
    input: {} as DiscoveryInput,
  },
  actors: {
    findAndDial: fromPromise<FindAndDialOutput, FindAndDialInput>(() =>
      Promise.reject(_mustBeProvided("findAndDial"))
    ),
    advertise: fromPromise<void, AdvertiseInput>(() =>
      Promise.reject(_mustBeProvided("advertise"))
    ),
    bootstrapFlow: bootstrapFlowMachine,
  },
  actions: {
    // Provided effects: the runner replaces these through provide().
    refreshDiscoveries: () => {},
    stopAdvertising: (_, _params: StopAdvertisingParams) => {},
    bootstrapFinished: (_, _params: BootstrapFlowOutput) => {},

    countRefresh: assign({ refreshes: ({ context }) => context.refreshes + 1 }),
    addDiscovery: assign(({ context }, params: FindAndDialOutput) => ({
      peersFound: context.peersFound + params.found,
      dialFailures: context.dialFailures + params.dialFailures,
    })),
    countError: assign({ errors: ({ context }) => context.errors + 1 }),
  },
  guards: {
    isReady: (_, params: { ready: boolean }) => params.ready,
    hasEnoughPeersAlready: (_, params: { topicPeers?: number; minTopicPeers: number }) =>
      params.topicPeers !== undefined && params.topicPeers >= params.minTopicPeers,
  },
  delays: {
    refreshInterval: ({ context }) => context.refreshIntervalMs,
  },
}).createMachine({
  id: "discovery",
  type: "parallel",
  context: ({ input }) => ({
    refreshIntervalMs: input.refreshIntervalMs,
    refreshes: 0,
    peersFound: 0,
    dialFailures: 0,
    errors: 0,
  }),
  states: {
    pool: {
      initial: "stopped",
      states: {
        stopped: {
          on: { START: "running" },
        },
        running: {
          after: {
            // reenter restarts the delay, so the refresh repeats; leaving the state cancels it.
            refreshInterval: {
              target: "running",
              reenter: true,
              actions: ["refreshDiscoveries", "countRefresh"],
            },
          },
          on: { STOP: "stopped" },
        },
      },
    },
    discovery: {
      initial: "idle",
      states: {
        idle: {
          on: { DISCOVER_TOPIC: "discovering" },
        },
        discovering: {
          invoke: {
            src: "findAndDial",
            input: ({ event }) => {
              assertEvent(event, "DISCOVER_TOPIC");
              return { topic: event.topic, limit: event.limit };
            },
            onDone: {
              target: "discovered",
              actions: { type: "addDiscovery", params: ({ event }) => event.output },
            },
            onError: { target: "idle", actions: "countError" },
          },
        },
        discovered: {
          on: { DISCOVER_TOPIC: "discovering" },
        },
      },
    },
    advertising: {
      initial: "idle",
      states: {
        idle: {
          on: { ADVERTISE: "advertising" },
        },
        advertising: {
          invoke: {
            src: "advertise",
            input: ({ event }) => {
              assertEvent(event, "ADVERTISE");
              return { topic: event.topic, ttlMs: event.ttlMs };
            },
            onDone: "advertised",
            onError: { target: "idle", actions: "countError" },
          },
        },
        advertised: {
          on: {
            ADVERTISE: "advertising",
            STOP_ADVERTISING: {
              target: "idle",
              actions: { type: "stopAdvertising", params: ({ event }) => ({ topic: event.topic }) },
            },
          },
        },
      },
    },
    bootstrap: {
      initial: "idle",
      states: {
        idle: {
          on: { BOOTSTRAP_TOPIC: _startBootstrap },
        },
        bootstrapping: {
          invoke: {
            id: "bootstrapFlow",
            src: "bootstrapFlow",
            input: ({ event }) => {
              assertEvent(event, "BOOTSTRAP_TOPIC");
              return {
                topic: event.topic,
                minTopicPeers: event.minTopicPeers,
                discoverLimit: event.discoverLimit,
                backoffMs: event.backoffMs,
                maxBackoffMs: event.maxBackoffMs,
                maxAttempts: event.maxAttempts,
              };
            },
            onDone: [
              {
                guard: { type: "isReady", params: ({ event }) => event.output },
                target: "bootstrapped",
                actions: { type: "bootstrapFinished", params: ({ event }) => event.output },
              },
              {
                target: "failed",
                actions: { type: "bootstrapFinished", params: ({ event }) => event.output },
              },
            ],
            onError: {
              target: "failed",
              actions: [
                "countError",
                {
                  type: "bootstrapFinished",
                  params: ({ event }) => ({
                    ready: false,
                    attempts: 0,
                    dialFailures: 0,
                    windowWaitMs: 0,
                    topicPeers: 0,
                    error: event.error,
                  }),
                },
              ],
            },
          },
        },
        bootstrapped: {
          on: { BOOTSTRAP_TOPIC: _startBootstrap },
        },
        failed: {
          on: { BOOTSTRAP_TOPIC: _startBootstrap },
        },
      },
    },
  },
});
