// Real runs (child processes, libp2p hosts on TCP) spread over worker threads, and how a run that
// fails or is killed records how far it got.
import { deepStrictEqual as assertEquals, match, ok as assert } from "node:assert/strict";
import { BUILTIN_VARIANTS, parseBenchConfig } from "../config/mod.ts";
import type { ScenarioConfig } from "../config/types.ts";
import type { ScenarioProgress } from "./discovery_scenario.ts";
import { runBench } from "./run_bench.ts";
import { runInChild } from "./run_in_child.ts";

const realHostsTest = { sanitizeOps: false, sanitizeResources: false };
const SCENARIO: ScenarioConfig = parseBenchConfig("", "bench.yml", { env: {} }).scenario;

for (const pattern of ["serial", "burst"] as const) {
  Deno.test(
    `a ${pattern} run over 2 shards delivers every message to every host, as 1 shard does`,
    realHostsTest,
    async () => {
      const params = {
        hosts: 7,
        msgs: 4,
        variant: BUILTIN_VARIANTS.default,
        scenario: { ...SCENARIO, pattern },
        seed: 21,
      };
      const progress: ScenarioProgress[] = [];
      const sharded = await runInChild({ ...params, shards: 2 }, {
        timeoutMs: 120_000,
        onProgress: (line) => progress.push(line),
      });
      const single = await runInChild({ ...params, shards: 1 }, { timeoutMs: 120_000 });
      for (const outcome of [sharded, single]) {
        assertEquals(outcome.processFailure, undefined);
        assertEquals(outcome.report?.ok, true, outcome.report?.failure);
        assertEquals(outcome.report!.measurements.messagesDelivered, 5 * 7);
        assertEquals(outcome.report!.measurements.messagesMissed, 0);
        // Every remote delivery has a latency: the shards' clock is the coordinator's.
        assertEquals(outcome.report!.measurements.latencyMs.count, 5 * 6);
        assert(outcome.report!.measurements.latencyMs.p50 > 0);
      }
      assertEquals([sharded.report!.shards, single.report!.shards], [2, 1]);
      // Same seed, same keys, publishers and bodies, however the hosts are spread.
      assertEquals(
        sharded.report!.measurements.seedFingerprint,
        single.report!.measurements.seedFingerprint,
      );
      // The child told how far it got, phase by phase, ending with every delivery.
      const phases = [...new Set(progress.map((line) => line.phase))];
      assertEquals(phases.slice(0, 4), ["init", "subscribe", "firstMessage", "randomMessages"]);
      assertEquals(progress.at(-1)!.hostsJoined, 7);
    },
  );
}

Deno.test(
  "a run killed at its timeout records the phase it reached and the phases it completed",
  realHostsTest,
  async () => {
    const dir = await Deno.makeTempDir();
    const config = parseBenchConfig(
      "matrix: { hosts: [3], msgs: [2], variants: [default], iterations: 1, warmups: 0 }\n" +
        "runTimeoutMs: 15000\n",
      "bench.yml",
      { env: {} },
    );
    // Host 0 can never have 5 topic peers among 2 other hosts (the config check refuses this;
    // here it makes a run that waits in its first-message phase until it is killed).
    config.scenario = {
      ...config.scenario,
      readyTopicPeers: 5,
      bootstrapBackoffMs: 1_000,
      bootstrapMaxBackoffMs: 1_000,
      bootstrapMaxAttempts: 1_000,
    };
    const outcome = await runBench(config, { outDir: `${dir}/killed` });
    const [result] = outcome.results;
    assertEquals(result.ok, false);
    assertEquals(result.failure, "timeout after 15000 ms");
    assertEquals(result.reached?.phase, "firstMessage");
    assertEquals(result.reached?.phasesCompleted, ["init", "subscribe"]);
    assertEquals(result.reached?.hostsJoined, 3);
    assertEquals(result.reached?.deliveries, 0);
    assertEquals(result.reached?.deliveriesExpected, 9);
    assertEquals(result.readyTopicPeers, 5);
    await Deno.remove(dir, { recursive: true });
  },
);

Deno.test(
  "a run that fails records where it failed and the deliveries so far",
  realHostsTest,
  async () => {
    const outcome = await runInChild({
      hosts: 3,
      msgs: 2,
      variant: BUILTIN_VARIANTS.default,
      scenario: { ...SCENARIO, readyTopicPeers: 5, bootstrapMaxAttempts: 3 },
      seed: 2,
    }, { timeoutMs: 60_000 });
    assertEquals(outcome.report?.ok, false);
    // How many of the 2 others host 0 has after three short windows depends on the machine.
    match(
      outcome.report?.failure ?? "",
      /^bootstrap: host 0 has [0-2] of 5 topic peers after 3 attempts$/,
    );
    assertEquals(outcome.report?.reached, {
      phase: "firstMessage",
      phasesCompleted: ["init", "subscribe"],
      hostsJoined: 3,
      hosts: 3,
      deliveries: 0,
      deliveriesExpected: 9,
    });
  },
);

Deno.test(
  "a variant's own shards decide its runs' shards; the others take the bench's",
  realHostsTest,
  async () => {
    const dir = await Deno.makeTempDir();
    const config = parseBenchConfig(
      "variants:\n  one-shard: { shards: 1 }\n  two-shards: { shards: 2 }\n" +
        "matrix: { hosts: [4], msgs: [1], iterations: 1, warmups: 0,\n" +
        "  variants: [one-shard, two-shards, default] }\nshards: 2\n",
      "bench.yml",
      { env: {} },
    );
    const outcome = await runBench(config, { outDir: `${dir}/pinned` });
    const shardsOf = Object.fromEntries(
      outcome.results.map((result) => [result.cell.variant, result.shards]),
    );
    assertEquals(shardsOf, { "one-shard": 1, "two-shards": 2, default: 2 });
    // A shard's worker module is not in the runs' bundle: a sharded run's process loads the sources.
    const modulesOf = Object.fromEntries(
      outcome.results.map((result) => [result.cell.variant, result.environment.childModules]),
    );
    assertEquals(modulesOf, { "one-shard": "bundle", "two-shards": "source", default: "source" });
    assert(outcome.results.every((result) => result.ok), JSON.stringify(outcome.results));
    await Deno.remove(dir, { recursive: true });
  },
);
