/**
 * The simulator's root machine: the world's life from start to stop, with every change to the
 * world passing through one of its transitions.
 *
 * @module
 */
import { assign, fromPromise, setup } from "xstate";
// Here, not in lib/machines/: its guard and updates are the world model's own functions, and
// machines/ is the bottom layer, which imports no other area (scripts/check_layers.ts).
import {
  applyWorldEvent,
  canApplyChange,
  effectsOf,
  type World,
  type WorldChange,
  type WorldEffect,
  type WorldEvent,
  type WorldReport,
} from "./world.ts";

/** Input of {@linkcode simMachine}. */
export interface SimInput {
  /** The world to start from (usually empty). */
  world: World;
}

/** Events of {@linkcode simMachine}. */
export type SimEvent =
  | { type: "START" }
  | { type: "STOP" }
  /** Sent by the runner's heartbeat loop; `lagMs` is how late it fired, `skipped` beats lost. */
  | { type: "HEARTBEAT"; atMs: number; lagMs: number; skipped: number }
  /** Sent by the runner when its work for heartbeat `seq` threw; the simulation goes on. */
  | { type: "HEARTBEAT_FAILED"; seq: number; error: string }
  | WorldChange
  | Exclude<WorldReport, { type: "HEARTBEAT" }>;

/** Context of {@linkcode simMachine}. */
export interface SimContext {
  world: World;
  heartbeats: number;
  /** Lateness of the latest heartbeat, in milliseconds. */
  lastLagMs: number;
  /** Heartbeats lost because the loop fell a whole period behind. */
  skippedHeartbeats: number;
  /** Heartbeats whose work threw (`HEARTBEAT_FAILED`). */
  failedHeartbeats: number;
  /** Changes applied, by event type. */
  applied: Readonly<Record<string, number>>;
  /** Changes refused by the guard: the world changed between planning and applying them. */
  refused: number;
  /** Why `populate` or `stopAll` failed, if one did. */
  error?: unknown;
}

/** Params of the provided `perform` action. */
export interface PerformParams {
  /** What to do in the network, computed against the world before the change. */
  effects: WorldEffect[];
  change: WorldChange;
}

/** Input of the provided `populate` actor. */
export interface PopulateInput {
  world: World;
}

function _mustBeProvided(name: string): Error {
  return new Error(
    `simMachine: the ${name} actor must be provided with simMachine.provide({ actors: { ${name} } })`,
  );
}

const _change = {
  guard: "isApplicable",
  actions: [
    {
      type: "perform",
      params: ({ context, event }: { context: SimContext; event: SimEvent }): PerformParams => ({
        effects: effectsOf(context.world, event as WorldChange),
        change: event as WorldChange,
      }),
    },
    "apply",
    "countApplied",
  ],
} as const;

const _refused = { actions: "countRefused" } as const;

/** A planned change: applied when still valid, counted as refused otherwise. */
const _changeTransitions = [_change, _refused] as const;

/**
 * The simulator, modelled on the Go project's sim state set (Start, Heartbeat, AddPeer,
 * RemovePeer, AddTopic, ...). Go's transient action states are events here:
 *
 * - `idle` → `START` → `live.populating`, which invokes `populate` (the runner adds the initial
 *   peers, waits until they are up, then adds the initial topics) → `live.running`.
 * - In `live`, each planned change (`ADD_PEER`, `REMOVE_PEER`, `ADD_TOPIC`, `REMOVE_TOPIC`,
 *   `PEAK_TOPIC`, `ADD_FRIEND`, `GC`, `JOIN_TOPIC`, `SEND_MESSAGE`) is checked by the guard
 *   `isApplicable` against the current world; if it holds, `perform` gets the network effects
 *   (from `effectsOf`, against the world before the change) and the world is updated with
 *   `applyWorldEvent`. A refused change is only counted. Reports from the peers (`PEER_READY`,
 *   `PEER_FAILED`, `TOPIC_JOINED`, `TOPIC_JOIN_FAILED`, `MESSAGE_SENT`, `MESSAGE_FAILED`,
 *   `MESSAGE_RECEIVED`) are applied as they come.
 * - `live.running` takes `HEARTBEAT`: the world ends the delivery checks that are due, and the
 *   heartbeat is counted with its lag. The runner then plans the due actions and sends them.
 *   `HEARTBEAT_FAILED` (the runner's work for a beat threw) is counted and changes nothing else,
 *   so a journal of the run shows the failure among the transitions.
 * - `STOP` (from `live`) → `stopping`, which invokes `stopAll` → `stopped` (final). A failure of
 *   `populate` ends in `failed` (final), running `reportFailure`; a failure of `stopAll` still
 *   ends in `stopped`, with the error in context.
 *
 * Provided effects: action `perform(PerformParams)` and `reportFailure({ error })`; actors
 * `populate` (`fromPromise<void, PopulateInput>`) and `stopAll` (`fromPromise<void>`).
 *
 * @example
 * ```ts
 * import { createActor, fromPromise } from "xstate";
 * import { createWorld } from "./world.ts";
 *
 * const machine = simMachine.provide({
 *   actions: { perform: (_, { effects }) => runEffects(effects) },
 *   actors: { populate: fromPromise(addInitialPeers), stopAll: fromPromise(stopEveryPeer) },
 * });
 * const sim = createActor(machine, { input: { world: createWorld(limits) } }).start();
 * sim.send({ type: "START" });
 * ```
 */
export const simMachine = setup({
  types: {
    context: {} as SimContext,
    events: {} as SimEvent,
    input: {} as SimInput,
  },
  actors: {
    populate: fromPromise<void, PopulateInput>(() => Promise.reject(_mustBeProvided("populate"))),
    stopAll: fromPromise<void, void>(() => Promise.reject(_mustBeProvided("stopAll"))),
  },
  actions: {
    // Provided effects: the runner replaces these through provide().
    perform: (_, _params: PerformParams) => {},
    reportFailure: (_, _params: { error: unknown }) => {},

    apply: assign({
      world: ({ context, event }) => applyWorldEvent(context.world, event as WorldEvent),
    }),
    countApplied: assign({
      applied: ({ context, event }) => ({
        ...context.applied,
        [event.type]: (context.applied[event.type] ?? 0) + 1,
      }),
    }),
    countRefused: assign({ refused: ({ context }) => context.refused + 1 }),
    countHeartbeat: assign(({ context, event }) => {
      const beat = event as Extract<SimEvent, { type: "HEARTBEAT" }>;
      return {
        heartbeats: context.heartbeats + 1,
        lastLagMs: beat.lagMs,
        skippedHeartbeats: context.skippedHeartbeats + beat.skipped,
      };
    }),
    countFailedHeartbeat: assign({
      failedHeartbeats: ({ context }) => context.failedHeartbeats + 1,
    }),
    keepError: assign({ error: ({ event }) => (event as { error?: unknown }).error }),
  },
  guards: {
    isApplicable: ({ context, event }) => canApplyChange(context.world, event as WorldChange),
  },
}).createMachine({
  id: "sim",
  initial: "idle",
  context: ({ input }) => ({
    world: input.world,
    heartbeats: 0,
    lastLagMs: 0,
    skippedHeartbeats: 0,
    failedHeartbeats: 0,
    applied: {},
    refused: 0,
  }),
  states: {
    idle: {
      on: { START: "live" },
    },
    live: {
      initial: "populating",
      on: {
        STOP: "stopping",
        ADD_PEER: _changeTransitions,
        REMOVE_PEER: _changeTransitions,
        ADD_TOPIC: _changeTransitions,
        REMOVE_TOPIC: _changeTransitions,
        PEAK_TOPIC: _changeTransitions,
        ADD_FRIEND: _changeTransitions,
        GC: _changeTransitions,
        JOIN_TOPIC: _changeTransitions,
        SEND_MESSAGE: _changeTransitions,
        PEER_READY: { actions: "apply" },
        PEER_FAILED: { actions: "apply" },
        TOPIC_JOINED: { actions: "apply" },
        TOPIC_JOIN_FAILED: { actions: "apply" },
        MESSAGE_SENT: { actions: "apply" },
        MESSAGE_FAILED: { actions: "apply" },
        MESSAGE_RECEIVED: { actions: "apply" },
      },
      states: {
        populating: {
          invoke: {
            src: "populate",
            input: ({ context }) => ({ world: context.world }),
            onDone: "running",
            onError: {
              target: "#sim.failed",
              actions: [
                "keepError",
                { type: "reportFailure", params: ({ event }) => ({ error: event.error }) },
              ],
            },
          },
        },
        running: {
          on: {
            HEARTBEAT: { actions: ["apply", "countHeartbeat"] },
            HEARTBEAT_FAILED: { actions: "countFailedHeartbeat" },
          },
        },
      },
    },
    stopping: {
      invoke: {
        src: "stopAll",
        onDone: "stopped",
        onError: { target: "stopped", actions: "keepError" },
      },
    },
    stopped: { type: "final" },
    failed: { type: "final" },
  },
});
