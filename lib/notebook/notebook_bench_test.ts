// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import {
  deepStrictEqual as assertEquals,
  match,
  ok as assert,
  rejects,
  throws,
} from "node:assert/strict";
import { type BenchOutcome, type RunResult, serializeConfig } from "../bench/mod.ts";
import { cliTest } from "../bench/testdata/run_cli.ts";
import { fakeRun, TEST_MEASUREMENTS } from "../bench/testdata/run_fixtures.ts";
import { ConfigError } from "../config/mod.ts";
import { renderMarkdown } from "../report/mod.ts";
import {
  benchConfigFromParameters,
  buildBenchView,
  describeNotebookBench,
  describeWrittenReport,
  formatRunLine,
  prepareNotebookBench,
  runNotebookBench,
} from "./notebook_bench.ts";
import { NotebookError } from "./notebook_error.ts";

const MATRIX = { hosts: [3], msgs: [5], variants: ["default", "states"], iterations: 2 };

Deno.test("benchConfigFromParameters makes a config with bench.yml's defaults for the rest", () => {
  const config = benchConfigFromParameters({ ...MATRIX, trace: true, resultsRoot: "/tmp/r" });
  assertEquals(config.matrix, { ...MATRIX, warmups: 1, seed: 1 });
  assertEquals([config.telemetry.trace, config.resultsRoot], [true, "/tmp/r"]);
  assertEquals(config.scenario.payloadBytes, 128);
  assertEquals(config.source, { file: "notebook parameters" });
});

Deno.test("benchConfigFromParameters takes the comparison settings as bench.yml's section", () => {
  const config = benchConfigFromParameters({
    ...MATRIX,
    comparison: { minSamples: 3, noiseFloor: 0.05 },
  });
  assertEquals(config.comparison, {
    minSamples: 3,
    primary: "activeMs",
    falseDiscoveryRate: 0.05,
    noiseFloor: 0.05,
    calibration: "",
  });
  throws(
    () => benchConfigFromParameters({ ...MATRIX, comparison: { minSamples: 1 } }),
    (error: Error) =>
      error instanceof ConfigError &&
      /^notebook parameters:\d+: comparison\.minSamples must be an integer from 2 to 10000, got 1$/
        .test(error.message),
  );
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

Deno.test("prepareNotebookBench names a new bench folder after the time", async () => {
  const config = benchConfigFromParameters({ ...MATRIX, resultsRoot: "/data/results" });
  const bench = await prepareNotebookBench(config, { now: new Date("2026-01-02T03:04:05.678Z") });
  assertEquals(bench, {
    config,
    outDir: "/data/results/nb-2026-01-02T03-04-05.678Z",
    resume: false,
  });
  assertEquals(
    await describeNotebookBench(bench),
    "A new bench in `/data/results/nb-2026-01-02T03-04-05.678Z`: 6 runs (hosts 3 x msgs 5 x " +
      "variants default, states; 2 counted, 1 warm-up per cell).",
  );
});

Deno.test("prepareNotebookBench resumes the newest notebook bench started with the same config", async () => {
  const root = await Deno.makeTempDir();
  const config = benchConfigFromParameters({ ...MATRIX, warmups: 0, resultsRoot: root });
  for (const name of ["nb-2026-01-01T00-00-00.000Z", "nb-2026-01-02T00-00-00.000Z"]) {
    await Deno.mkdir(`${root}/${name}`);
    await Deno.writeTextFile(`${root}/${name}/config.json`, serializeConfig(config));
  }
  // Newer by name, but not a notebook bench.
  await Deno.mkdir(`${root}/zz-cli-bench`);
  const newest = `${root}/nb-2026-01-02T00-00-00.000Z`;
  await Deno.writeTextFile(
    `${newest}/results.ndjson`,
    JSON.stringify({
      ...fakeRun({ hosts: 3, msgs: 5, measured: TEST_MEASUREMENTS }),
      key: "h3-m5-default-i0",
    }) + "\n",
  );
  const bench = await prepareNotebookBench(config, { resume: "newest" });
  assertEquals([bench.outDir, bench.resume], [newest, true]);
  assertEquals(
    await describeNotebookBench(bench),
    `Continuing the bench in \`${newest}\`: 1 of 4 runs done, 3 to run (hosts 3 x msgs 5 x ` +
      "variants default, states; 2 counted per cell).",
  );
  const byFolder = await prepareNotebookBench(config, {
    resume: `${root}/nb-2026-01-01T00-00-00.000Z`,
  });
  assertEquals(byFolder.outDir, `${root}/nb-2026-01-01T00-00-00.000Z`);
  await Deno.remove(root, { recursive: true });
});

Deno.test("prepareNotebookBench refuses to resume a bench of other parameters, or none", async () => {
  const root = await Deno.makeTempDir();
  const config = benchConfigFromParameters({ ...MATRIX, resultsRoot: root });
  await rejects(
    () => prepareNotebookBench(config, { resume: "newest" }),
    (error: Error) =>
      error instanceof NotebookError &&
      error.message === `resume "newest": no notebook bench (nb-* folder with config.json) under ` +
          `"${root}"; set resume to "" to start a new bench`,
  );
  await Deno.mkdir(`${root}/nb-1`);
  await Deno.writeTextFile(`${root}/nb-1/config.json`, serializeConfig(config));
  const other = benchConfigFromParameters({ ...MATRIX, hosts: [4], resultsRoot: root });
  await rejects(
    () => prepareNotebookBench(other, { resume: "newest" }),
    (error: Error) =>
      error instanceof NotebookError &&
      error.message === `resume "newest": the bench in ${root}/nb-1 was started with other ` +
          "parameters (matrix.hosts differs); set the parameters it was started with, or set " +
          'resume to "" to start a new bench',
  );
  await rejects(
    () => prepareNotebookBench(config, { resume: `${root}/nope` }),
    (error: Error) =>
      error instanceof NotebookError &&
      error.message.startsWith(
        `resume "${root}/nope": cannot read the bench's ${root}/nope/config.json`,
      ),
  );
  await rejects(() => prepareNotebookBench(config, { resume: true }), NotebookError);
  await Deno.remove(root, { recursive: true });
});

Deno.test("describeWrittenReport names the files relative to the report folder", () => {
  assertEquals(
    describeWrittenReport({
      markdownPath: "../reports/notebook/bench.md",
      pdfPath: "../reports/notebook/bench.pdf",
      chartPaths: ["../reports/notebook/a.svg", "../reports/notebook/b.svg"],
      skippedLines: 0,
      skipped: [],
    }, "../reports/notebook"),
    "Wrote `bench.md`, `bench.pdf` and 2 charts (SVG and PNG) to `../reports/notebook`.",
  );
});

Deno.test(
  "runNotebookBench shows its progress in one updated output, and resumes without rerunning",
  cliTest,
  async () => {
    const root = await Deno.makeTempDir();
    const config = benchConfigFromParameters({
      hosts: [2],
      msgs: [1],
      variants: ["default"],
      iterations: 1,
      warmups: 0,
      resultsRoot: root,
    });
    const bench = await prepareNotebookBench(config);
    const sent: [string, boolean][] = [];
    const ids = new Set<string | undefined>();
    const options = {
      publish: (
        output: { data: Record<string, string> },
        how: { displayId?: string; update?: boolean } = {},
      ) => {
        sent.push([output.data["text/plain"], how.update ?? false]);
        ids.add(how.displayId);
      },
      flush: () => Promise.resolve(),
    };
    const outcome = await runNotebookBench(bench, options);
    assertEquals([outcome.ranNow, outcome.results.length], [1, 1]);
    assertEquals(ids.size, 1);
    assertEquals(sent.map(([, update]) => update), [false, ...sent.slice(1).map(() => true)]);
    match(
      sent[0][0],
      /^bench .*: 0\/1 runs done, 0 failed, [\d.]+ s\nnow: {2}2 hosts x 1 msgs default #1$/,
    );
    match(
      sent.at(-1)![0],
      /^bench .*: 1 runs in [\d.]+ s, 0 failed\nlast: \[1\/1\] 2 hosts x 1 msgs default #1: active \d+ ms/,
    );
    const again = await runNotebookBench(
      await prepareNotebookBench(config, { resume: "newest" }),
      options,
    );
    assertEquals([again.ranNow, again.resumed], [0, 1]);
    match(sent.at(-1)![0], /: 1 runs \(1 resumed\) in [\d.]+ s, 0 failed/);
    await Deno.remove(root, { recursive: true });
  },
);
