// Known-answer checks of the measurements and verdicts on real hosts: an injected validation
// delay must show up in the measured latency, our own waiting must never show up as active time,
// and a variant made slower on purpose must be reported slower while default's identical twin
// is not. None of them has a designed failure rate: each bound would need a broken measurement
// or a gross bias (see the comments) to fail, not bad luck.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { BUILTIN_VARIANTS, parseBenchConfig } from "../config/mod.ts";
import type { ScenarioConfig, VariantSpec } from "../config/types.ts";
import { runInChild } from "./run_in_child.ts";
import type { ChildReport } from "./run_child.ts";
import { runBench } from "./run_bench.ts";
import { compareVariants } from "./summarize_results.ts";

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
  "a 50 ms validation delay puts every delivery at 50 ms or more, once, not twice",
  realHostsTest,
  async () => {
    // Every receiver's topic validator waits 50 ms before accepting. With floodPublish the
    // publisher sends straight to every topic peer, so a typical delivery is one hop and one wait.
    const shape = { hosts: 4, msgs: 20, seed: 7 };
    const variant = BUILTIN_VARIANTS.memory;
    const direct = await measure(variant, SCENARIO, shape);
    const delayed = await measure(variant, { ...SCENARIO, validationDelayMs: 50 }, shape);
    console.log(
      `p50 latency: ${direct.latencyMs.p50.toFixed(1)} ms without delay, ${
        delayed.latencyMs.p50.toFixed(1)
      } ms with 50 ms`,
    );
    // No delivery can be accepted before its validator's 50 ms timer fired (1 ms for timer
    // rounding): this holds however loaded the machine is.
    assert(delayed.latencyMs.p50 >= 49, `p50 ${delayed.latencyMs.p50} below the 50 ms delay`);
    // Two hops would wait twice: p50 >= 100 ms. One hop stays below that unless the rest of a
    // memory-transport delivery took 50 ms at the median, 10 times what it measures here.
    assert(delayed.latencyMs.p50 < 100, `p50 ${delayed.latencyMs.p50}: the delay counted twice?`);
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
  "a variant with a 500 ms validation delay is reported slower; default's twin is not",
  realHostsTest,
  async () => {
    const dir = await Deno.makeTempDir();
    const config = parseBenchConfig(
      [
        "matrix: { hosts: [3], msgs: [5], variants: [default, twin, slow], iterations: 8, warmups: 1 }",
        "variants: { slow: { validationDelayMs: 500 } }",
      ].join("\n"),
      "known-answer.yml",
      { env: {} },
    );
    assertEquals(config.variants.twin, config.variants.default);
    const outcome = await runBench(config, { outDir: `${dir}/bench` });
    // A fixed 50% threshold. The slow variant waits 500 ms before accepting each of its 6
    // messages, one after the other: at least 3 s more than a run of well under 3 s, so its
    // ratio is far above 1.5 in every round unless a default run takes 6 s. The twin would need
    // a 50% bias in nearly every round: no noise gives that, only a broken pairing or an order
    // effect would. (An in-bench A/A threshold is tested in noise_calibration_test.ts; on a
    // loaded machine it can exceed 100% at this size, which would make this check depend on the
    // load.)
    const comparisons = compareVariants(outcome.results, {
      baseline: "default",
      metrics: ["activeMs"],
      noise: { floor: 0.5 },
    });
    for (const c of comparisons) {
      console.log(
        `${c.variant}: ratio ${c.estimate.ratio?.toFixed(3)} [${c.estimate.low?.toFixed(3)}, ${
          c.estimate.high?.toFixed(3)
        }], p ${c.qValue?.toFixed(4)}, threshold ${(c.threshold * 100).toFixed(0)}%: ${c.verdict}`,
      );
    }
    const slow = comparisons.find((c) => c.variant === "slow")!;
    const twin = comparisons.find((c) => c.variant === "twin")!;
    assertEquals(slow.test.nVariant, 8);
    assertEquals(slow.change, "higher");
    assertEquals(twin.change, null);
    await Deno.remove(dir, { recursive: true });
  },
);
