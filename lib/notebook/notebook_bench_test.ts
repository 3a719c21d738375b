// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert, throws } from "node:assert/strict";
import type { BenchOutcome, RunResult } from "../bench/mod.ts";
import { fakeRun } from "../bench/testdata/run_fixtures.ts";
import { ConfigError } from "../config/mod.ts";
import { renderMarkdown } from "../report/mod.ts";
import { benchConfigFromParameters, buildBenchView, formatRunLine } from "./notebook_bench.ts";

const MATRIX = { hosts: [3], msgs: [5], variants: ["default", "states"], iterations: 2 };

Deno.test("benchConfigFromParameters makes a config with bench.yml's defaults for the rest", () => {
  const config = benchConfigFromParameters({ ...MATRIX, trace: true, resultsRoot: "/tmp/r" });
  assertEquals(config.matrix, { ...MATRIX, warmups: 1, seed: 1 });
  assertEquals([config.telemetry.trace, config.resultsRoot], [true, "/tmp/r"]);
  assertEquals(config.scenario.payloadBytes, 128);
  assertEquals(config.source, { file: "notebook parameters" });
});

Deno.test("benchConfigFromParameters gives the router options to every gossipsub variant only", () => {
  const config = benchConfigFromParameters({
    ...MATRIX,
    variants: ["default", "floodsub", "tight"],
    gossipsub: { D: 8, heartbeatIntervalMs: 700 },
    customVariants: { tight: { gossipsub: { D: 5, Dhi: 9 } } },
  });
  assertEquals(config.variants.default.gossipsub, { D: 8, heartbeatIntervalMs: 700 });
  assertEquals(config.variants.floodsub.gossipsub, {});
  assertEquals(config.variants.tight.gossipsub, { D: 8, Dhi: 9, heartbeatIntervalMs: 700 });
  // Variants that do not run keep their own options.
  assertEquals(config.variants.states.gossipsub, {});
});

Deno.test("benchConfigFromParameters refuses bad values with the config's own message", () => {
  throws(
    () => benchConfigFromParameters({ ...MATRIX, hosts: [1] }, { label: "bench.ipynb" }),
    (error: Error) =>
      error instanceof ConfigError &&
      error.message === "bench.ipynb:4: matrix.hosts[0] must be an integer from 2 to 10000, got 1",
  );
  throws(
    () => benchConfigFromParameters({ ...MATRIX, gossipsub: { D: 2 } }),
    (error: Error) =>
      error instanceof ConfigError &&
      error.message.includes("variants.default.gossipsub.D must be >= Dlo"),
  );
});

Deno.test("formatRunLine says which run ended and what it measured, or why it failed", () => {
  const ok: RunResult = {
    ...fakeRun({
      hosts: 3,
      msgs: 5,
      variant: "states",
      measured: {
        activeMs: 412.4,
        peakRssBytes: 121.44 * 2 ** 20,
        latencyMs: { count: 1, p50: 1, p95: 2, p99: 4.6, max: 5 },
      },
    }),
    iteration: 0,
  };
  assertEquals(
    formatRunLine(ok, { done: 3, total: 8, failures: 0 }),
    "[3/8] 3 hosts x 5 msgs states #1: active 412 ms, peak RSS 121.4 MiB, p99 latency 5 ms",
  );
  const failed = { ...fakeRun({ ok: false, failure: "timeout", warmup: true }), iteration: 1 };
  assertEquals(
    formatRunLine(failed, { done: 1, total: 2, failures: 1 }),
    "[1/2] 5 hosts x 20 msgs default warm-up 2: FAILED: timeout",
  );
});

Deno.test("buildBenchView builds the report document with charts, ratios and trace links", () => {
  const config = benchConfigFromParameters({ ...MATRIX, iterations: 2, warmups: 0 });
  const run = (variant: string, activeMs: number, traced = false, iteration = 0): RunResult => ({
    ...fakeRun({
      hosts: 3,
      msgs: 5,
      variant,
      iteration,
      measured: { activeMs, peakRssBytes: 100 * 2 ** 20, duplicatesPerDelivery: 1 },
    }),
    benchId: "b1",
    ...(traced
      ? { traced: true, telemetryFiles: { jaeger: "traces/h3-m5-states-t0.jaeger.json" } }
      : {}),
  });
  const outcome: BenchOutcome = {
    benchId: "b1",
    resultsPath: "/data/results/b1/results.ndjson",
    results: [
      run("default", 100, false, 0),
      run("default", 100, false, 1),
      run("states", 150, false, 0),
      run("states", 150, false, 1),
      run("states", 150, true),
    ],
    ranNow: 5,
    resumed: 0,
    skippedLines: [],
  };
  const view = buildBenchView(outcome, config, {
    generatedAt: new Date("2026-01-02T03:04:05Z"),
    linkBase: "/data/notebooks",
  });
  assertEquals(view.charts.map((chart) => chart.spec.id), [
    "active-time",
    "peak-rss",
    "final-heap",
    "cpu-time",
    "p99-latency",
    "duplicates",
    "mesh-degree",
  ]);
  assert(view.charts.every((chart) => chart.svg.startsWith("<svg ")));
  const markdown = renderMarkdown(view.document);
  assert(
    markdown.startsWith(
      "# libp2p pub/sub benchmark (notebook)\n\nGenerated 2026-01-02T03:04:05.000Z · bench `b1` · results `../results/b1/results.ndjson`",
    ),
    markdown,
  );
  // Two rounds: below the minimum of 5, so no interval and no verdict.
  assert(markdown.includes("| 3 | 5 | states | 150 (0.0) | 2 | too few runs (n = 2) |"), markdown);
  assert(markdown.includes("- too few runs (n = 2) to compare"), markdown);
  assert(markdown.includes("[jaeger](../results/b1/traces/h3-m5-states-t0.jaeger.json)"), markdown);
});
