// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { type CellSummary, type RunResult, summarizeResults } from "../bench/mod.ts";
import { buildBenchDocument } from "./bench_document.ts";
import { renderMarkdown } from "./render_markdown.ts";
import {
  benchInput,
  cellSummary,
  chartSpec,
  judgedComparison,
  renderBenchMarkdown,
  sampleSummary,
  TEST_VARIANT,
} from "./testdata/bench_report_fixtures.ts";

Deno.test("buildBenchDocument links only the given chart files, the failures chart when a run failed", () => {
  const failing = benchInput({
    cells: [
      cellSummary("default", { activeMs: sampleSummary(1, 1) }),
      cellSummary("states", {}, ["timeout"]),
    ],
  });
  const links = (markdown: string) =>
    [...markdown.matchAll(/!\[[^\]]*\]\(([^)]*)\)/g)].map((match) => match[1]);
  assertEquals(links(renderBenchMarkdown(failing)), [
    "bench-active-time.svg",
    "bench-failures.svg",
  ]);
  // Nothing failed: no failures chart, even when one was drawn.
  assertEquals(links(renderBenchMarkdown(benchInput())), ["bench-active-time.svg"]);
});

Deno.test("buildBenchDocument says in one line that no run failed, with no chart or table", () => {
  const document = buildBenchDocument(benchInput());
  const index = document.blocks.findIndex((block) =>
    block.kind === "heading" && block.text === "Failed runs"
  );
  assert(index > 0);
  const next = document.blocks[index + 1];
  assertEquals(next, { kind: "paragraph", text: "No run failed (6 counted runs)." });
  // The traces section follows straight away.
  assertEquals(document.blocks[index + 2], { kind: "heading", level: 2, text: "Traces" });
  const markdown = renderMarkdown(document);
  assert(!markdown.includes("| counted runs | failures |"), markdown);
});

Deno.test("buildBenchDocument prints each heading once", () => {
  const markdown = renderBenchMarkdown(benchInput({
    cells: [
      cellSummary("default", { activeMs: sampleSummary(1, 1) }),
      cellSummary("states", {}, ["timeout"]),
    ],
    charts: [
      { spec: chartSpec("active-time", "Active time"), svgFile: "a.svg", svg: "<svg/>" },
      { spec: chartSpec("peak-rss", "Peak RSS"), svgFile: "r.svg", svg: "<svg/>" },
      { spec: chartSpec("failures", "Failed runs"), svgFile: "f.svg", svg: "<svg/>" },
    ],
  }));
  const headings = markdown.split("\n").filter((line) => line.startsWith("#"));
  assertEquals(headings.length, new Set(headings).size, headings.join("\n"));
  assert(headings.includes("## Failed runs") && headings.includes("## Active time"));
});

Deno.test("buildBenchDocument sets each chart's caption under it", () => {
  const markdown = renderBenchMarkdown(benchInput({
    charts: [{
      spec: chartSpec("active-time", "Active time", "Each small dot is one counted run."),
      svgFile: "a.svg",
      svg: "<svg/>",
    }],
  }));
  assert(markdown.includes("![Active time](a.svg)\n\nEach small dot is one counted run.\n"));
});

Deno.test("buildBenchDocument tabulates each phase's median (IQR) per cell after active time", () => {
  const phases = {
    "phasesMs.init": sampleSummary(120, 10),
    "phasesMs.subscribe": sampleSummary(900, 40),
    "phasesMs.firstMessage": sampleSummary(8.26, 0.5),
    "phasesMs.randomMessages": sampleSummary(2283.4, 101),
    "phasesMs.stop": sampleSummary(101, 3),
  };
  const markdown = renderBenchMarkdown(benchInput({
    cells: [
      cellSummary("default", { activeMs: sampleSummary(3300, 60), ...phases }),
      cellSummary("states", {}),
    ],
  }));
  const section = markdown.slice(markdown.indexOf("## Phases"), markdown.indexOf("## Failed"));
  assert(markdown.indexOf("## Active time") < markdown.indexOf("## Phases"), markdown);
  assert(
    section.includes(
      "| hosts | msgs | variant | init | subscribe | first message | random messages | stop | n |",
    ),
    section,
  );
  // 8.26 -> "8.3" (below 10 ms, one decimal), 2283.4 -> "2283", IQR 101 -> "101".
  assert(
    section.includes(
      "| 20 | 100 | default | 120 (10) | 900 (40) | 8.3 (0.5) | 2283 (101) | 101 (3.0) | 3 |",
    ),
    section,
  );
  assert(section.includes("| 20 | 100 | states | — | — | — | — | — | 0 |"), section);
});

Deno.test("buildBenchDocument puts the phase chart in the Phases section, above its table", () => {
  const markdown = renderBenchMarkdown(benchInput({
    cells: [cellSummary("default", { "phasesMs.init": sampleSummary(120, 10) })],
    charts: [
      { spec: chartSpec("active-time", "Active time"), svgFile: "a.svg", svg: "<svg/>" },
      {
        spec: {
          id: "phases",
          title: "Where the time goes",
          phases: [],
          variants: [],
          bars: [],
          caption: "One bar per cell.",
        },
        svgFile: "bench-phases.svg",
        svg: "<svg/>",
      },
    ],
  }));
  const section = markdown.slice(markdown.indexOf("## Phases"), markdown.indexOf("## Failed"));
  assert(section.includes("![Where the time goes](bench-phases.svg)\n\nOne bar per cell."));
  assert(section.indexOf("bench-phases.svg") < section.indexOf("| hosts |"), section);
  assertEquals(markdown.split("bench-phases.svg").length, 2, "linked once");
});

Deno.test("buildBenchDocument leaves the phase table out when no run measured a phase", () => {
  assert(!renderBenchMarkdown(benchInput()).includes("## Phases"));
});

Deno.test("buildBenchDocument shows p50 and p95 latency beside p99", () => {
  const markdown = renderBenchMarkdown(benchInput({
    cells: [
      cellSummary("default", {
        "latencyMs.p50": sampleSummary(11.3, 2),
        "latencyMs.p95": sampleSummary(28.4, 4),
        "latencyMs.p99": sampleSummary(37.3, 6),
      }),
      cellSummary("states", {}),
    ],
    comparisons: [judgedComparison(1.1, 1.0, 1.2, "latencyMs.p99")],
    charts: [{
      spec: chartSpec("p99-latency", "Delivery latency"),
      svgFile: "l.svg",
      svg: "<svg/>",
    }],
  }));
  assert(markdown.includes("| hosts | msgs | variant | p50 | p95 | p99 | n | vs default |"));
  assert(
    markdown.includes("| 20 | 100 | default | 11 (2.0) | 28 (4.0) | 37 (6.0) | 3 | — |"),
    markdown,
  );
  assert(markdown.includes('"vs" columns compare p99.'), markdown);
});

Deno.test("buildBenchDocument shows the publisher's mesh degree and the mean over hosts", () => {
  const markdown = renderBenchMarkdown(benchInput({
    cells: [
      cellSummary("default", {
        meshDegreeAtFirstPublish: sampleSummary(4, 1),
        meshDegreeMeanAtFirstPublish: sampleSummary(5.25, 0.5),
      }),
    ],
    comparisons: [],
    charts: [{ spec: chartSpec("mesh-degree", "Mesh degree"), svgFile: "m.svg", svg: "<svg/>" }],
  }));
  assert(markdown.includes("| hosts | msgs | variant | publisher | mean over hosts | n |"));
  assert(markdown.includes("| 20 | 100 | default | 4.0 (1.0) | 5.3 (0.5) | 3 |"), markdown);
});

Deno.test("buildBenchDocument shows each cell's median and IQR in the active-time table", () => {
  const markdown = renderBenchMarkdown(benchInput());
  // 1234.4 ms -> "1234", IQR 56.6 -> "57"; below 10 ms one decimal: 8.26 -> "8.3", 0.5 -> "0.5".
  assert(markdown.includes("| 20 | 100 | default | 1234 (57) | 3 | — |"), markdown);
  assert(
    markdown.includes(
      "| 20 | 100 | states | 8.3 (0.5) | 3 | **1.041 [1.020, 1.063] p = 0.004 ▲** |",
    ),
    markdown,
  );
  assert(markdown.includes("| hosts | msgs | variant | median (IQR) | n | vs default |"));
});

Deno.test("buildBenchDocument tables match summarizeResults' statistics", () => {
  const run = (iteration: number, activeMs: number, peakRssBytes: number): RunResult => ({
    schema: 1,
    key: `k${iteration}`,
    benchId: "b",
    cell: { hosts: 5, msgs: 20, variant: "default" },
    iteration,
    warmup: false,
    seed: 1,
    ok: true,
    startedAt: "2025-01-01T00:00:00.000Z",
    durationMs: 1,
    activeMs,
    peakRssBytes,
    variantSpec: TEST_VARIANT,
    scenario: undefined as unknown as RunResult["scenario"],
    environment: undefined as unknown as RunResult["environment"],
  });
  // active [100, 200, 400]: median 200, q1 150, q3 300, IQR 150.
  // RSS [1, 2, 3] MiB: median 2 MiB, IQR 1 MiB.
  const cells = summarizeResults([
    run(0, 100, 2 ** 20),
    run(1, 400, 3 * 2 ** 20),
    run(2, 200, 2 * 2 ** 20),
  ]);
  const markdown = renderBenchMarkdown(benchInput({
    cells,
    comparisons: [],
    charts: [
      { spec: chartSpec("active-time", "Active time"), svgFile: "a.svg", svg: "<svg/>" },
      { spec: chartSpec("peak-rss", "Peak RSS"), svgFile: "r.svg", svg: "<svg/>" },
    ],
  }));
  assert(markdown.includes("| 5 | 20 | default | 200 (150) | 3 |\n"), markdown);
  assert(markdown.includes("| 5 | 20 | default | 2.0 (1.0) | 3 |\n"), markdown);
});

Deno.test("buildBenchDocument lists failure reasons in the failures table", () => {
  const markdown = renderBenchMarkdown(benchInput({
    cells: [cellSummary("default", {}), cellSummary("states", {}, ["timeout", "crash"])],
  }));
  assert(markdown.includes("| hosts | msgs | variant | counted runs | failures | reasons |"));
  assert(markdown.includes("| 20 | 100 | default | 3 | 0 | — |"), markdown);
  assert(markdown.includes("| 20 | 100 | states | 3 | 2 | timeout; crash |"), markdown);
});

Deno.test("buildBenchDocument escapes | in table cells", () => {
  const markdown = renderBenchMarkdown(benchInput({
    cells: [cellSummary("default", {}, ["a|b"])],
    comparisons: [],
  }));
  assert(markdown.includes("| 20 | 100 | default | 3 | 1 | a\\|b |"), markdown);
});

Deno.test("buildBenchDocument lists the variants with their gossipsub options", () => {
  const markdown = renderBenchMarkdown(benchInput({
    variants: { default: TEST_VARIANT, tuned: { ...TEST_VARIANT, gossipsub: { D: 8 } } },
  }));
  assert(
    markdown.includes("| default | libp2p3 | gossipsub | plain | tcp | noise | node | defaults |"),
  );
  assert(
    markdown.includes('| tuned | libp2p3 | gossipsub | plain | tcp | noise | node | {"D":8} |'),
  );
});

Deno.test("buildBenchDocument uses the default title and traces note", () => {
  const markdown = renderBenchMarkdown(benchInput());
  assert(markdown.startsWith("# libp2p pub/sub benchmark\n\nGenerated 2025-01-02T03:04:05.000Z"));
  assert(markdown.endsWith(
    "## Traces\n\nNo traces were recorded for this bench (run `deno task bench --trace` to trace " +
      "one extra run per cell).\n",
  ));
});

Deno.test("buildBenchDocument links each traced cell's files", () => {
  const markdown = renderBenchMarkdown(benchInput({
    traces: [{
      hosts: 20,
      msgs: 100,
      variant: "states",
      files: [
        { label: "OTLP", href: "../results/b/traces/x.otlp.json" },
        { label: "Jaeger", href: "../results/b/traces/x.jaeger.json" },
      ],
    }],
  }));
  assert(
    markdown.includes(
      "| 20 | 100 | states | [OTLP](../results/b/traces/x.otlp.json) · " +
        "[Jaeger](../results/b/traces/x.jaeger.json) |",
    ),
    markdown,
  );
  assert(!markdown.includes("No traces were recorded"));
});

Deno.test("buildBenchDocument puts notes under the title", () => {
  const markdown = renderBenchMarkdown(benchInput({ notes: ["2 lines were left out."] }));
  assert(markdown.includes("`results.ndjson`\n\n**Note:** 2 lines were left out.\n\n## What"));
});

Deno.test("buildBenchDocument orders table rows by hosts, messages, then variant", () => {
  const at = (variant: string, hosts: number, msgs: number): CellSummary => ({
    ...cellSummary(variant, { activeMs: sampleSummary(hosts * msgs, 1) }),
    cell: { hosts, msgs, variant },
  });
  const markdown = renderBenchMarkdown(benchInput({
    // summarizeResults' order: variants first.
    cells: [at("default", 5, 20), at("default", 10, 20), at("states", 5, 20), at("states", 10, 20)],
    comparisons: [],
  }));
  const rows = [...markdown.matchAll(/^\| (\d+) \| 20 \| (\w+) \| \d+ \(/gm)]
    .map((found) => `${found[1]} ${found[2]}`);
  assertEquals(rows, ["5 default", "5 states", "10 default", "10 states"]);
});

Deno.test("buildBenchDocument says per cell how many runs sequential sampling took and why it stopped", () => {
  const rule = {
    untilCiWidth: 0.1,
    minIterations: 3,
    maxIterations: 40,
    metric: "cpuMs",
    reference: "default",
    variants: ["states"],
    minSamples: 5,
    confidence: 0.95,
  };
  const pair = (ratio: number, low: number, high: number) => ({
    variant: "states",
    reference: "default",
    pairs: 20,
    ratio,
    low,
    high,
    width: high - low,
  });
  const markdown = renderBenchMarkdown(benchInput({
    sequential: {
      rule,
      cells: [
        {
          hosts: 5,
          msgs: 20,
          rounds: 12,
          runs: 24,
          state: "reached",
          pairs: [pair(1.02, 0.98, 1.07)],
          width: 0.09,
        },
        {
          hosts: 20,
          msgs: 100,
          rounds: 40,
          runs: 80,
          state: "max",
          pairs: [pair(1.05, 0.97, 1.12)],
          width: 0.15,
        },
      ],
    },
  }));
  const section = markdown.slice(
    markdown.indexOf("## Runs per cell"),
    markdown.indexOf("## Environment"),
  );
  assert(section.includes("each cell ran 3 to 40 rounds"), section);
  assert(section.includes("| 5 | 20 | 12 | 24 | reached the width |"), section);
  assert(section.includes("| 20 | 100 | 40 | 80 | hit the maximum |"), section);
  assert(section.includes("0.150 > 0.100"), section);
  assert(markdown.includes("3 to 40 iterations (sequential sampling"), markdown);
  assert(!renderBenchMarkdown(benchInput()).includes("## Runs per cell"));
});
