// The bootstrap-flow machine must behave as bootstrapTopic(), the `default` variant's bootstrap,
// so both variants do the same work on the same schedule. This test runs both against the same
// scripted world on fake time, with real back-offs (growing wait windows, capped), and compares
// their outcomes and the wait windows they asked for, when. The machine's effects are provided as
// lib/bench/states_driver.ts provides them, through the same helpers of bootstrap_topic.ts. It sits
// in lib/bench/, the upper of the two areas, since machines/ imports no other area
// (scripts/check_layers.ts).
//
// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { createActor, fromPromise, toPromise } from "xstate";
import { bootstrapTopic, dialDiscoveredPeers, waitForTopicPeers } from "./bootstrap_topic.ts";
import {
  type BootstrapFlowInput,
  bootstrapFlowMachine,
  type BootstrapFlowOutput,
  type CountTopicPeersInput,
  type DiscoverAndDialInput,
  type DiscoverAndDialOutput,
  type WaitForTopicPeersInput,
  type WaitForTopicPeersOutput,
} from "../machines/bootstrap_flow_machine.ts";

type BenchHostLike = Parameters<typeof bootstrapTopic>[0];
type DiscoveryClientLike = Parameters<typeof bootstrapTopic>[1];

/** One discover-and-dial round of the scripted world. */
interface Round {
  /** Topic peers right after the round's dials. */
  count: number;
  /** How many of its dials fail. */
  failures: number;
  /** Peers that subscribe later: the count becomes `count` this long after the round. */
  later?: { afterMs: number; count: number };
}

/** A world where the topic-peer count changes when a round runs, or a set time after one. */
interface World {
  /** Topic peers before the first round. */
  initial: number;
  rounds: Round[];
}

interface ParityCase {
  name: string;
  world: World;
  minTopicPeers: number;
  maxAttempts: number;
  backoffMs: number;
  maxBackoffMs: number;
  /** The wait windows asked for, as [start ms, length ms], worked out by hand. */
  windows: Array<[number, number]>;
  /** Time spent in windows, by hand. */
  windowWaitMs: number;
}

const CASES: ParityCase[] = [
  {
    name: "ready at the first check",
    world: { initial: 3, rounds: [] },
    minTopicPeers: 2,
    maxAttempts: 3,
    backoffMs: 10,
    maxBackoffMs: 25,
    windows: [],
    windowWaitMs: 0,
  },
  {
    name: "ready in the second round",
    world: { initial: 0, rounds: [{ count: 1, failures: 1 }, { count: 2, failures: 0 }] },
    minTopicPeers: 2,
    maxAttempts: 3,
    backoffMs: 10,
    maxBackoffMs: 25,
    // Round 2 is ready as its window opens: no timer.
    windows: [[0, 10]],
    windowWaitMs: 10,
  },
  {
    name: "never ready: windows double up to the cap",
    world: {
      initial: 0,
      rounds: [1, 2, 0, 1, 1].map((failures) => ({ count: 1, failures })),
    },
    minTopicPeers: 2,
    maxAttempts: 5,
    backoffMs: 10,
    maxBackoffMs: 25,
    windows: [[0, 10], [10, 20], [30, 25], [55, 25], [80, 25]],
    windowWaitMs: 105,
  },
  {
    name: "ready part-way through a window, when peers subscribe",
    world: {
      initial: 0,
      rounds: [
        { count: 0, failures: 2 },
        { count: 1, failures: 0, later: { afterMs: 7, count: 2 } },
      ],
    },
    minTopicPeers: 2,
    maxAttempts: 4,
    backoffMs: 10,
    maxBackoffMs: 40,
    // The second window (20 ms) ends after 7 ms, when the second peer subscribes.
    windows: [[0, 10], [10, 20]],
    windowWaitMs: 17,
  },
  {
    name: "a subscription due after a window closed ends the next window",
    world: {
      initial: 0,
      rounds: [
        { count: 1, failures: 0, later: { afterMs: 15, count: 2 } },
        { count: 1, failures: 0 },
      ],
    },
    minTopicPeers: 2,
    maxAttempts: 3,
    backoffMs: 10,
    maxBackoffMs: 40,
    // The first window times out at 10; the second (20 ms) ends at 15 when the peer subscribes.
    windows: [[0, 10], [10, 20]],
    windowWaitMs: 15,
  },
  {
    name: "no attempts allowed",
    world: { initial: 5, rounds: [] },
    minTopicPeers: 2,
    maxAttempts: 0,
    backoffMs: 10,
    maxBackoffMs: 25,
    windows: [],
    windowWaitMs: 0,
  },
];

/**
 * Fake time for code that calls the global setTimeout / clearTimeout (bootstrap_topic.ts's
 * waitForTopicPeers does): installed over the globals while one implementation runs, it records
 * each timer asked for and fires them in time order when nothing else is left to run.
 */
class FakeTime {
  nowMs = 0;
  /** Timers set through the globals, as [time set, delay]. */
  readonly asked: Array<[number, number]> = [];
  #timers = new Map<number, { atMs: number; callback: () => void }>();
  #nextId = 1;

  /** Schedules `callback` at `delayMs` from now without recording it (the world's own events). */
  schedule(callback: () => void, delayMs: number): number {
    const id = this.#nextId++;
    this.#timers.set(id, { atMs: this.nowMs + delayMs, callback });
    return id;
  }

  /** Runs `start` with the fake timers installed, firing timers until its promise settles. */
  async run<T>(start: () => Promise<T>): Promise<T> {
    const realSetTimeout = globalThis.setTimeout;
    const realClearTimeout = globalThis.clearTimeout;
    // A real macrotask: every microtask queued so far (promise chains, xstate) runs first.
    const settle = () => new Promise<void>((resolve) => realSetTimeout(resolve, 0));
    Object.assign(globalThis, {
      setTimeout: (callback: () => void, delayMs = 0) => {
        this.asked.push([this.nowMs, delayMs]);
        return this.schedule(callback, delayMs);
      },
      clearTimeout: (id: number) => this.#timers.delete(id),
    });
    try {
      let settled = false;
      const outcome = start().finally(() => settled = true);
      for (;;) {
        await settle();
        if (settled) return await outcome;
        const next = [...this.#timers].sort((a, b) => a[1].atMs - b[1].atMs)[0];
        if (next === undefined) throw new Error("stuck: nothing to run and no timer pending");
        this.#timers.delete(next[0]);
        this.nowMs = Math.max(this.nowMs, next[1].atMs);
        next[1].callback();
      }
    } finally {
      Object.assign(globalThis, { setTimeout: realSetTimeout, clearTimeout: realClearTimeout });
    }
  }
}

/** A host and discovery stepping through `world`; both implementations get the same. */
function createScriptedWorld(world: World, time: FakeTime) {
  let count = world.initial;
  let round = 0;
  const listeners = new Set<() => void>();
  const setCount = (next: number): void => {
    count = next;
    for (const listener of listeners) listener();
  };
  const host = {
    topicPeerCount: () => count,
    isConnected: () => false,
    dial: (addr: string) =>
      addr === "fail" ? Promise.reject(new Error("dial failed")) : Promise.resolve(),
    onTopicPeersChange: (listener: () => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as BenchHostLike;
  const discovery = {
    findPeers: () => {
      const next = world.rounds[round++];
      if (next === undefined) throw new Error(`world script exhausted at round ${round}`);
      // The dials below succeed or fail first; the count is what they leave.
      queueMicrotask(() => setCount(next.count));
      if (next.later) {
        const { afterMs, count: laterCount } = next.later;
        time.schedule(() => setCount(laterCount), afterMs);
      }
      const records = [{ peerId: "ok", addrs: ["ok"] }];
      for (let i = 0; i < next.failures; i++) records.push({ peerId: `bad${i}`, addrs: ["fail"] });
      return Promise.resolve(records);
    },
  } as unknown as DiscoveryClientLike;
  return { host, discovery };
}

interface Run {
  output: BootstrapFlowOutput;
  windows: Array<[number, number]>;
}

async function runBootstrapTopic(parity: ParityCase): Promise<Run> {
  const time = new FakeTime();
  const { host, discovery } = createScriptedWorld(parity.world, time);
  const output = await time.run(() =>
    bootstrapTopic(host, discovery, {
      topic: "t1",
      minTopicPeers: parity.minTopicPeers,
      discoverLimit: 5,
      backoffMs: parity.backoffMs,
      maxBackoffMs: parity.maxBackoffMs,
      maxAttempts: parity.maxAttempts,
      limitDial: (dial) => dial(),
      now: () => time.nowMs,
    })
  );
  return { output, windows: time.asked };
}

async function runFlowMachine(parity: ParityCase): Promise<Run> {
  const time = new FakeTime();
  const { host, discovery } = createScriptedWorld(parity.world, time);
  const init = { host, discovery, limitDial: <T>(dial: () => Promise<T>) => dial() };
  // As lib/bench/states_driver.ts provides them, on the fake clock.
  const machine = bootstrapFlowMachine.provide({
    actors: {
      countTopicPeers: fromPromise<number, CountTopicPeersInput>(({ input }) =>
        Promise.resolve(host.topicPeerCount(input.topic))
      ),
      discoverAndDial: fromPromise<DiscoverAndDialOutput, DiscoverAndDialInput>(
        async ({ input }) => ({
          dialFailures: (await dialDiscoveredPeers(init, input.topic, input.limit)).dialFailures,
        }),
      ),
      waitForTopicPeers: fromPromise<WaitForTopicPeersOutput, WaitForTopicPeersInput>(
        async ({ input }) => {
          const startedAt = time.nowMs;
          const ready = await waitForTopicPeers(host, input.topic, input.count, input.timeoutMs);
          return {
            ready,
            waitedMs: time.nowMs - startedAt,
            topicPeers: host.topicPeerCount(input.topic),
          };
        },
      ),
    },
  });
  const input: BootstrapFlowInput = {
    topic: "t1",
    minTopicPeers: parity.minTopicPeers,
    discoverLimit: 5,
    backoffMs: parity.backoffMs,
    maxBackoffMs: parity.maxBackoffMs,
    maxAttempts: parity.maxAttempts,
  };
  const output = await time.run(() => toPromise(createActor(machine, { input }).start()));
  return { output, windows: time.asked };
}

for (const parity of CASES) {
  Deno.test(`bootstrapFlowMachine matches bootstrapTopic: ${parity.name}`, async () => {
    const expected = await runBootstrapTopic(parity);
    const actual = await runFlowMachine(parity);
    // The hand-worked schedule pins bootstrapTopic itself, so the two cannot agree on a wrong one.
    assertEquals(expected.windows, parity.windows);
    assertEquals(expected.output.windowWaitMs, parity.windowWaitMs);
    assertEquals(actual, expected);
  });
}
