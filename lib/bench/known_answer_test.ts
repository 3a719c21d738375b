// Known-answer checks of the measurements on real hosts: an injected link delay must show up in
// the measured latency by about its size, and our own waiting must never show up as active time.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { BUILTIN_VARIANTS, parseBenchConfig } from "../config/mod.ts";
import type { ScenarioConfig, VariantSpec } from "../config/types.ts";
import { runInChild } from "./run_in_child.ts";
import type { ChildReport } from "./run_child.ts";
import { runBench } from "./run_bench.ts";
import { createSeededRandom } from "./seeded_random.ts";
import { bootstrapRatioOfMedians } from "./statistics.ts";

const realHostsTest = { sanitizeOps: false, sanitizeResources: false };
const SCENARIO: ScenarioConfig = parseBenchConfig("", "bench.yml", { env: {} }).scenario;

async function measure(
  variant: VariantSpec,
  scenario: ScenarioConfig,
  options: { hosts: number; msgs: number; seed: number },
): Promise<ChildReport["measurements"]> {
  const outcome = await runInChild({ ...options, variant, scenario }, { timeoutMs: 120_000 });
  assertEquals(outcome.processFailure, undefined);
  assertEquals(outcome.report?.ok, true, outcome.report?.failure);
  return outcome.report!.measurements;
}

Deno.test(
  "a 50 ms validation delay raises the measured p50 latency by about 50 ms",
  realHostsTest,
  async () => {
    // Every receiver's topic validator waits 50 ms before accepting. With floodPublish the
    // publisher sends straight to every topic peer, so a typical delivery is one hop and one wait.
    const shape = { hosts: 4, msgs: 20, seed: 7 };
    const variant = BUILTIN_VARIANTS.memory;
    const direct = await measure(variant, SCENARIO, shape);
    const delayed = await measure(variant, { ...SCENARIO, validationDelayMs: 50 }, shape);
    const added = delayed.latencyMs.p50 - direct.latencyMs.p50;
    console.log(
      `p50 latency: ${direct.latencyMs.p50.toFixed(1)} ms without delay, ${
        delayed.latencyMs.p50.toFixed(1)
      } ms with 50 ms: +${added.toFixed(1)} ms`,
    );
    // Measured here: +52.6 to +53.9 ms. The upper bound leaves room for a loaded CI machine; a
    // delay that did not show, or showed twice (two hops), still fails.
    assert(added >= 45 && added <= 85, `p50 latency rose by ${added} ms, expected about 50`);
    assert(delayed.latencyMs.p99 >= 50, `p99 ${delayed.latencyMs.p99} below the validation delay`);
  },
);

Deno.test("a long bootstrap back-off does not show up as active time", realHostsTest, async () => {
  // If the bootstrap step slept through its back-off, the first-message phase would grow by at
  // least the first window (1.5 s). Its waits end on events, so the phase must stay close.
  const shape = { hosts: 6, msgs: 5, seed: 11 };
  const variant = BUILTIN_VARIANTS.default;
  const short = await measure(variant, { ...SCENARIO, bootstrapBackoffMs: 10 }, shape);
  const long = await measure(
    variant,
    { ...SCENARIO, bootstrapBackoffMs: 1_500, bootstrapMaxBackoffMs: 3_000 },
    shape,
  );
  console.log(
    `first-message phase: ${short.phasesMs.firstMessage.toFixed(0)} ms with a 10 ms back-off, ${
      long.phasesMs.firstMessage.toFixed(0)
    } ms with 1500 ms`,
  );
  assert(
    long.phasesMs.firstMessage < short.phasesMs.firstMessage + 750,
    `first message took ${long.phasesMs.firstMessage} ms with the long back-off`,
  );
  assert(long.activeMs < short.activeMs + 1_000, `active ${long.activeMs} vs ${short.activeMs}`);
});

Deno.test(
  "an A/A comparison of a variant against an identical copy gives a CI around 1.0",
  realHostsTest,
  async () => {
    const dir = await Deno.makeTempDir();
    const config = parseBenchConfig(
      [
        "matrix: { hosts: [4], msgs: [10], variants: [default, default-copy], iterations: 10, warmups: 1 }",
        "variants: { default-copy: {} }",
      ].join("\n"),
      "aa.yml",
      { env: {} },
    );
    assertEquals(config.variants["default-copy"], config.variants.default);
    const outcome = await runBench(config, { outDir: `${dir}/aa` });
    const activeMs = (variant: string): number[] =>
      outcome.results
        .filter((result) => result.ok && !result.warmup && result.cell.variant === variant)
        .map((result) => result.activeMs!);
    assertEquals(activeMs("default").length, 10);
    // A 95% interval misses 1.0 in one A/A test out of twenty by design; the 99% interval keeps
    // this check from failing at random, while a real bias (e.g. an order effect) still shows.
    const { ratio, low, high } = bootstrapRatioOfMedians(
      activeMs("default-copy"),
      activeMs("default"),
      { random: createSeededRandom(1), confidence: 0.99 },
    );
    console.log(
      `A/A active time ratio ${ratio?.toFixed(3)} [${low?.toFixed(3)}, ${high?.toFixed(3)}]`,
    );
    assert(
      low !== null && high !== null && low <= 1 && 1 <= high,
      `CI [${low}, ${high}] misses 1.0`,
    );
    await Deno.remove(dir, { recursive: true });
  },
);
