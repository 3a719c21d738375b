// The bootstrap-flow machine must behave as bootstrapTopic(), the `default` variant's bootstrap,
// so both variants do the same work. This test runs both against the same scripted world and
// compares their outcomes. It sits in lib/bench/, the upper of the two areas, since machines/
// imports no other area (scripts/check_layers.ts).
//
// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { createActor, fromPromise, toPromise } from "xstate";
import { bootstrapTopic } from "./bootstrap_topic.ts";
import {
  type BootstrapFlowInput,
  bootstrapFlowMachine,
  type BootstrapFlowOutput,
  type CountTopicPeersInput,
  type DiscoverAndDialInput,
  type DiscoverAndDialOutput,
  type WaitForTopicPeersInput,
  type WaitForTopicPeersOutput,
} from "../machines/mod.ts";

type BenchHostLike = Parameters<typeof bootstrapTopic>[0];
type DiscoveryClientLike = Parameters<typeof bootstrapTopic>[1];

/** A world where the topic-peer count changes only when a discover-and-dial round runs. */
interface World {
  /** Topic peers before the first round. */
  initial: number;
  /** Per round: the topic peers after its dials, and how many of its dials fail. */
  rounds: Array<{ count: number; failures: number }>;
}

interface ParityCase {
  name: string;
  world: World;
  minTopicPeers: number;
  maxAttempts: number;
}

const CASES: ParityCase[] = [
  {
    name: "ready at the first check",
    world: { initial: 3, rounds: [] },
    minTopicPeers: 2,
    maxAttempts: 3,
  },
  {
    name: "ready in the second round",
    world: { initial: 0, rounds: [{ count: 1, failures: 1 }, { count: 2, failures: 0 }] },
    minTopicPeers: 2,
    maxAttempts: 3,
  },
  {
    name: "ready in the last round",
    world: {
      initial: 0,
      rounds: [{ count: 0, failures: 2 }, { count: 1, failures: 0 }, { count: 2, failures: 1 }],
    },
    minTopicPeers: 2,
    maxAttempts: 3,
  },
  {
    name: "never ready",
    world: {
      initial: 0,
      rounds: [{ count: 1, failures: 1 }, { count: 1, failures: 0 }, { count: 1, failures: 2 }],
    },
    minTopicPeers: 2,
    maxAttempts: 3,
  },
  {
    name: "no attempts allowed",
    world: { initial: 5, rounds: [] },
    minTopicPeers: 2,
    maxAttempts: 0,
  },
];

/** Steps through `world` one round at a time; both implementations share this. */
function createWorldCursor(world: World): { count(): number; runRound(): number } {
  let count = world.initial;
  let round = 0;
  return {
    count: () => count,
    runRound(): number {
      const next = world.rounds[round++];
      if (next === undefined) throw new Error(`world script exhausted at round ${round}`);
      count = next.count;
      return next.failures;
    },
  };
}

function runBootstrapTopic(parity: ParityCase): Promise<BootstrapFlowOutput> {
  const world = createWorldCursor(parity.world);
  const host = {
    topicPeerCount: () => world.count(),
    isConnected: () => false,
    dial: (addr: string) =>
      addr === "fail" ? Promise.reject(new Error("dial failed")) : Promise.resolve(),
    onTopicPeersChange: () => () => {},
  } as unknown as BenchHostLike;
  const discovery = {
    findPeers: () => {
      const failures = world.runRound();
      const records = [{ peerId: "ok", addrs: ["ok"] }];
      for (let i = 0; i < failures; i++) records.push({ peerId: `bad${i}`, addrs: ["fail"] });
      return Promise.resolve(records);
    },
  } as unknown as DiscoveryClientLike;
  return bootstrapTopic(host, discovery, {
    topic: "t1",
    minTopicPeers: parity.minTopicPeers,
    discoverLimit: 5,
    // A zero window: bootstrapTopic() times a not-ready window out on the next macrotask.
    backoffMs: 0,
    maxBackoffMs: 0,
    maxAttempts: parity.maxAttempts,
    limitDial: (dial) => dial(),
    now: () => 0,
  });
}

function runFlowMachine(parity: ParityCase): Promise<BootstrapFlowOutput> {
  const world = createWorldCursor(parity.world);
  const machine = bootstrapFlowMachine.provide({
    actors: {
      countTopicPeers: fromPromise<number, CountTopicPeersInput>(() =>
        Promise.resolve(world.count())
      ),
      discoverAndDial: fromPromise<DiscoverAndDialOutput, DiscoverAndDialInput>(() =>
        Promise.resolve({ dialFailures: world.runRound() })
      ),
      waitForTopicPeers: fromPromise<WaitForTopicPeersOutput, WaitForTopicPeersInput>(
        ({ input }) =>
          Promise.resolve({
            ready: world.count() >= input.count,
            waitedMs: 0,
            topicPeers: world.count(),
          }),
      ),
    },
  });
  const input: BootstrapFlowInput = {
    topic: "t1",
    minTopicPeers: parity.minTopicPeers,
    discoverLimit: 5,
    backoffMs: 0,
    maxBackoffMs: 0,
    maxAttempts: parity.maxAttempts,
  };
  return toPromise(createActor(machine, { input }).start());
}

for (const parity of CASES) {
  Deno.test(`bootstrapFlowMachine matches bootstrapTopic: ${parity.name}`, async () => {
    const expected = await runBootstrapTopic(parity);
    const actual = await runFlowMachine(parity);
    assertEquals(actual, expected);
  });
}
