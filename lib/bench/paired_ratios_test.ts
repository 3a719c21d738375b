// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert, throws } from "node:assert/strict";
import { pairedRatios, PairedRatiosError } from "./paired_ratios.ts";
import type { RunResult } from "./run_result.ts";
import { createSeededRandom } from "./seeded_random.ts";
import { fakeRun } from "./testdata/run_fixtures.ts";

function run(
  variant: string,
  iteration: number,
  cpuMs: number,
  extra: { seed?: number; ok?: boolean; warmup?: boolean; hosts?: number } = {},
): RunResult {
  return {
    ...fakeRun({
      variant,
      hosts: extra.hosts ?? 20,
      msgs: 100,
      ok: extra.ok ?? true,
      warmup: extra.warmup ?? false,
      measured: { cpuMs, activeMs: cpuMs / 2 },
    }),
    iteration,
    seed: extra.seed ?? 1000 + iteration,
  };
}

const random = () => createSeededRandom(7);

function assertClose(actual: number | null, expected: number): void {
  assert(
    actual !== null && Math.abs(actual - expected) < 1e-12,
    `expected ${expected}, got ${actual}`,
  );
}

function assertThrowsPaired(fn: () => unknown, message: string): void {
  throws(fn, (error) => {
    assert(error instanceof PairedRatiosError, `not a PairedRatiosError: ${error}`);
    assert(error.message.includes(message), `message "${error.message}" lacks "${message}"`);
    return true;
  });
}

Deno.test("pairedRatios divides each round's figures and takes median and quartiles", () => {
  // Ratios by round: 1.1, 1.2, 0.9, 1.0 -> sorted 0.9, 1.0, 1.1, 1.2.
  const results = [
    run("default", 0, 100),
    run("states", 0, 110),
    run("states", 1, 120),
    run("default", 1, 100),
    run("default", 2, 200),
    run("states", 2, 180),
    run("default", 3, 50),
    run("states", 3, 50),
  ];
  const [cpu] = pairedRatios(results, ["states", "default"], {
    metrics: ["cpuMs"],
    random: random(),
  });
  assertEquals(cpu.metric, "cpuMs");
  assertEquals(cpu.rounds.map((round) => round.iteration), [0, 1, 2, 3]);
  assertEquals(cpu.rounds.map((round) => round.ratio.toFixed(6)), [
    "1.100000",
    "1.200000",
    "0.900000",
    "1.000000",
  ]);
  assertClose(cpu.median, 1.05);
  assertClose(cpu.q1, 0.975); // type 7: 0.9 + 0.75 * 0.1
  assertClose(cpu.q3, 1.125);
  // The bootstrap median of these four ratios stays within their range.
  assert(cpu.low !== null && cpu.high !== null);
  assert(cpu.low >= 0.9 && cpu.high <= 1.2 && cpu.low <= cpu.high, `${cpu.low}..${cpu.high}`);
});

Deno.test("pairedRatios pairs by round, not by a group median", () => {
  // Group medians are equal (100 vs 100) but every round says states is 2x.
  const results = [
    run("default", 0, 50),
    run("states", 0, 100),
    run("default", 1, 100),
    run("states", 1, 200),
    run("default", 2, 150),
    run("states", 2, 300),
  ];
  const [cpu] = pairedRatios(results, ["states", "default"], {
    metrics: ["cpuMs"],
    random: random(),
  });
  assertEquals([cpu.median, cpu.low, cpu.high], [2, 2, 2]);
});

Deno.test("pairedRatios leaves out warm-ups, failed runs and unpaired rounds", () => {
  const results = [
    run("default", 0, 100, { warmup: true }),
    run("states", 0, 900, { warmup: true }),
    run("default", 0, 100),
    run("states", 0, 130),
    run("default", 1, 100, { ok: false }),
    run("states", 1, 500),
    run("default", 2, 100),
  ];
  const [cpu] = pairedRatios(results, ["states", "default"], {
    metrics: ["cpuMs"],
    random: random(),
  });
  assertEquals(cpu.rounds.map((round) => round.ratio), [1.3]);
  assertEquals([cpu.median, cpu.low, cpu.high], [1.3, null, null]);
});

Deno.test("pairedRatios gives one summary per cell and metric", () => {
  const results = [
    run("default", 0, 100, { hosts: 5 }),
    run("states", 0, 150, { hosts: 5 }),
    run("default", 0, 100),
    run("states", 0, 110),
  ];
  const summaries = pairedRatios(results, ["states", "default"], {
    metrics: ["cpuMs", "activeMs"],
    random: random(),
  });
  assertEquals(
    summaries.map((s) => [s.hosts, s.metric, s.median]),
    [[5, "cpuMs", 1.5], [5, "activeMs", 1.5], [20, "cpuMs", 1.1], [20, "activeMs", 1.1]],
  );
});

Deno.test("pairedRatios refuses rounds whose seeds differ", () => {
  const results = [run("default", 0, 100, { seed: 1 }), run("states", 0, 110, { seed: 2 })];
  assertThrowsPaired(
    () => pairedRatios(results, ["states", "default"], { metrics: ["cpuMs"], random: random() }),
    'round 0 of 20 x 100 has seed 2 for "states" but 1 for "default"',
  );
});

Deno.test("pairedRatios names an unknown variant and the ones the results hold", () => {
  const results = [run("default", 0, 100), run("states", 0, 110)];
  assertThrowsPaired(
    () => pairedRatios(results, ["statez", "default"], { metrics: ["cpuMs"], random: random() }),
    'variant "statez" has no counted run in the results (variants: default, states)',
  );
});

Deno.test("pairedRatios names an unknown metric", () => {
  const results = [run("default", 0, 100), run("states", 0, 110)];
  assertThrowsPaired(
    () => pairedRatios(results, ["states", "default"], { metrics: ["cpu"], random: random() }),
    'unknown metric "cpu"; use one of activeMs',
  );
});
