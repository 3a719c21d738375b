// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import {
  type BaselineComparison,
  type CellSummary,
  type RunResult,
  summarizeResults,
  type VariantComparison,
} from "../bench/mod.ts";
import type { VariantSpec } from "../config/mod.ts";
import { type BenchReportInput, buildBenchDocument } from "./bench_document.ts";
import { renderMarkdown } from "./render_markdown.ts";
import type { ChartSpec } from "./chart_spec.ts";

type SampleSummary = CellSummary["metrics"][string];

/** A summary with only the figures the report shows; the rest are placeholders. */
function summary(median: number, iqr: number, n = 3): SampleSummary {
  return {
    n,
    median,
    q1: median - iqr / 2,
    q3: median + iqr / 2,
    iqr,
    mad: 0,
    min: median,
    max: median,
    mean: median,
    outlierIndices: [],
  };
}

function cell(
  variant: string,
  metrics: Record<string, SampleSummary>,
  failureReasons: string[] = [],
): CellSummary {
  return {
    cell: { hosts: 20, msgs: 100, variant },
    runs: 3,
    failures: failureReasons.length,
    failureReasons,
    warmups: 1,
    metrics,
  };
}

/**
 * A judged comparison of states against default: tested and reported as changed (adjusted
 * p = 0.004) unless `judged` says otherwise; `ratio` null means too few runs (n = 2).
 */
function comparison(
  ratio: number | null,
  low: number | null,
  high: number | null,
  metric = "activeMs",
  judged: Partial<VariantComparison> = {},
): VariantComparison {
  const tested = ratio !== null;
  const estimate = { ratio, low, high, confidence: 0.95 };
  return {
    hosts: 20,
    msgs: 100,
    variant: "states",
    baseline: "default",
    metric,
    estimate,
    test: {
      design: "paired",
      status: tested ? "tested" : "too-few-runs",
      nVariant: tested ? 10 : 2,
      nBaseline: tested ? 10 : 2,
      runsToAdd: tested ? 0 : 3,
      ...estimate,
      pValue: tested ? 0.004 : null,
      smallestPValue: tested ? 0.002 : null,
      test: tested ? "signed-rank" : null,
    },
    qValue: tested ? 0.004 : null,
    threshold: 0.02,
    thresholdFrom: "floor",
    verdict: !tested ? "too-few-runs" : ratio > 1 ? "higher" : "lower",
    change: !tested ? null : ratio > 1 ? "higher" : "lower",
    ...judged,
  };
}

function chart(id: string, title: string, caption = ""): ChartSpec {
  return { id, title, yLabel: title, variants: [], points: [], samples: [], baseline: [], caption };
}

const VARIANT: VariantSpec = {
  stack: "libp2p3",
  router: "gossipsub",
  orchestration: "plain",
  transport: "tcp",
  encryption: "noise",
  ed25519: "node",
  memoryLatencyMs: 0,
  gossipsub: {},
};

function input(overrides: Partial<BenchReportInput> = {}): BenchReportInput {
  return {
    generatedAt: "2025-01-02T03:04:05.000Z",
    benchId: "bench-1",
    resultsFile: "results.ndjson",
    cells: [
      cell("default", { activeMs: summary(1234.4, 56.6) }),
      cell("states", { activeMs: summary(8.26, 0.5) }),
    ],
    comparisons: [comparison(1.041, 1.020, 1.063)],
    charts: [
      {
        spec: chart("active-time", "Active time"),
        svgFile: "bench-active-time.svg",
        svg: "<svg/>",
      },
      { spec: chart("failures", "Failed runs"), svgFile: "bench-failures.svg", svg: "<svg/>" },
    ],
    variants: { default: VARIANT, states: { ...VARIANT, orchestration: "states" } },
    matrix: {
      hosts: [20],
      msgs: [100],
      variants: ["default", "states"],
      iterations: 3,
      warmups: 1,
      seed: 1,
    },
    ...overrides,
  };
}

function renderBenchMarkdown(input: BenchReportInput): string {
  return renderMarkdown(buildBenchDocument(input));
}

function summaryLines(markdown: string): string[] {
  const start = markdown.indexOf("## Summary");
  const end = markdown.indexOf("\n## ", start + 1);
  return markdown.slice(start, end).split("\n").filter((line) => line.startsWith("- "));
}

Deno.test("buildBenchDocument links only the given chart files, the failures chart when a run failed", () => {
  const failing = input({
    cells: [cell("default", { activeMs: summary(1, 1) }), cell("states", {}, ["timeout"])],
  });
  const links = (markdown: string) =>
    [...markdown.matchAll(/!\[[^\]]*\]\(([^)]*)\)/g)].map((match) => match[1]);
  assertEquals(links(renderBenchMarkdown(failing)), [
    "bench-active-time.svg",
    "bench-failures.svg",
  ]);
  // Nothing failed: no failures chart, even when one was drawn.
  assertEquals(links(renderBenchMarkdown(input())), ["bench-active-time.svg"]);
});

Deno.test("buildBenchDocument says in one line that no run failed, with no chart or table", () => {
  const document = buildBenchDocument(input());
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
  const markdown = renderBenchMarkdown(input({
    cells: [cell("default", { activeMs: summary(1, 1) }), cell("states", {}, ["timeout"])],
    charts: [
      { spec: chart("active-time", "Active time"), svgFile: "a.svg", svg: "<svg/>" },
      { spec: chart("peak-rss", "Peak RSS"), svgFile: "r.svg", svg: "<svg/>" },
      { spec: chart("failures", "Failed runs"), svgFile: "f.svg", svg: "<svg/>" },
    ],
  }));
  const headings = markdown.split("\n").filter((line) => line.startsWith("#"));
  assertEquals(headings.length, new Set(headings).size, headings.join("\n"));
  assert(headings.includes("## Failed runs") && headings.includes("## Active time"));
});

Deno.test("buildBenchDocument sets each chart's caption under it", () => {
  const markdown = renderBenchMarkdown(input({
    charts: [{
      spec: chart("active-time", "Active time", "Each small dot is one counted run."),
      svgFile: "a.svg",
      svg: "<svg/>",
    }],
  }));
  assert(markdown.includes("![Active time](a.svg)\n\nEach small dot is one counted run.\n"));
});

Deno.test("buildBenchDocument tabulates each phase's median (IQR) per cell after active time", () => {
  const phases = {
    "phasesMs.init": summary(120, 10),
    "phasesMs.subscribe": summary(900, 40),
    "phasesMs.firstMessage": summary(8.26, 0.5),
    "phasesMs.randomMessages": summary(2283.4, 101),
    "phasesMs.stop": summary(101, 3),
  };
  const markdown = renderBenchMarkdown(input({
    cells: [cell("default", { activeMs: summary(3300, 60), ...phases }), cell("states", {})],
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
  const markdown = renderBenchMarkdown(input({
    cells: [cell("default", { "phasesMs.init": summary(120, 10) })],
    charts: [
      { spec: chart("active-time", "Active time"), svgFile: "a.svg", svg: "<svg/>" },
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
  assert(!renderBenchMarkdown(input()).includes("## Phases"));
});

Deno.test("buildBenchDocument shows p50 and p95 latency beside p99", () => {
  const markdown = renderBenchMarkdown(input({
    cells: [
      cell("default", {
        "latencyMs.p50": summary(11.3, 2),
        "latencyMs.p95": summary(28.4, 4),
        "latencyMs.p99": summary(37.3, 6),
      }),
      cell("states", {}),
    ],
    comparisons: [comparison(1.1, 1.0, 1.2, "latencyMs.p99")],
    charts: [{ spec: chart("p99-latency", "Delivery latency"), svgFile: "l.svg", svg: "<svg/>" }],
  }));
  assert(markdown.includes("| hosts | msgs | variant | p50 | p95 | p99 | n | vs default |"));
  assert(
    markdown.includes("| 20 | 100 | default | 11 (2.0) | 28 (4.0) | 37 (6.0) | 3 | — |"),
    markdown,
  );
  assert(markdown.includes('"vs" columns compare p99.'), markdown);
});

Deno.test("buildBenchDocument shows the publisher's mesh degree and the mean over hosts", () => {
  const markdown = renderBenchMarkdown(input({
    cells: [
      cell("default", {
        meshDegreeAtFirstPublish: summary(4, 1),
        meshDegreeMeanAtFirstPublish: summary(5.25, 0.5),
      }),
    ],
    comparisons: [],
    charts: [{ spec: chart("mesh-degree", "Mesh degree"), svgFile: "m.svg", svg: "<svg/>" }],
  }));
  assert(markdown.includes("| hosts | msgs | variant | publisher | mean over hosts | n |"));
  assert(markdown.includes("| 20 | 100 | default | 4.0 (1.0) | 5.3 (0.5) | 3 |"), markdown);
});

Deno.test("buildBenchDocument shows each cell's median and IQR in the active-time table", () => {
  const markdown = renderBenchMarkdown(input());
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
    variantSpec: VARIANT,
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
  const markdown = renderBenchMarkdown(input({
    cells,
    comparisons: [],
    charts: [
      { spec: chart("active-time", "Active time"), svgFile: "a.svg", svg: "<svg/>" },
      { spec: chart("peak-rss", "Peak RSS"), svgFile: "r.svg", svg: "<svg/>" },
    ],
  }));
  assert(markdown.includes("| 5 | 20 | default | 200 (150) | 3 |\n"), markdown);
  assert(markdown.includes("| 5 | 20 | default | 2.0 (1.0) | 3 |\n"), markdown);
});

Deno.test("buildBenchDocument words a reported change with its interval and p-value", () => {
  const lines = summaryLines(renderBenchMarkdown(input()));
  assertEquals(
    lines[0],
    "- states took 4.1% longer (active time, 95% CI +2.0% to +6.3%, p = 0.004) at 20 hosts x " +
      "100 messages.",
  );
});

Deno.test("buildBenchDocument words a drop of a figure that is not a time", () => {
  const lines = summaryLines(renderBenchMarkdown(input({
    comparisons: [comparison(0.968, 0.950, 0.990, "peakRssBytes")],
  })));
  assertEquals(
    lines[0],
    "- states had 3.2% lower peak RSS (95% CI -5.0% to -1.0%, p = 0.004) at 20 hosts x 100 " +
      "messages.",
  );
});

Deno.test("buildBenchDocument says no figure changed beyond noise, with the threshold", () => {
  const lines = summaryLines(renderBenchMarkdown(input({
    comparisons: [
      comparison(1.01, 0.98, 1.05, "activeMs", {
        verdict: "not-significant",
        change: null,
        qValue: 0.4,
      }),
    ],
  })));
  assertEquals(
    lines[0],
    "- no figure changed beyond noise (threshold 2%, the floor: no A/A calibration).",
  );
});

Deno.test("buildBenchDocument names the calibration the threshold came from", () => {
  const lines = summaryLines(renderBenchMarkdown(input({
    comparisons: [
      comparison(1.05, 0.98, 1.1, "activeMs", {
        verdict: "within-noise",
        change: null,
        threshold: 0.07,
        thresholdFrom: "calibration",
      }),
    ],
    verdicts: {
      primary: "activeMs",
      falseDiscoveryRate: 0.05,
      noise: {
        floor: 0.02,
        origin: "results/calibration.json",
        calibration: {
          kind: "noise-calibration",
          schema: 1,
          measuredAt: "2026-12-05T23:10:00.000Z",
          benchId: "aa",
          reference: "default",
          twin: "twin",
          figures: [],
        },
      },
    },
  })));
  assertEquals(
    lines[0],
    "- no figure changed beyond noise (threshold 7%, from the A/A calibration of 2026-12-05 in " +
      "results/calibration.json; the floor is 2%).",
  );
});

Deno.test("buildBenchDocument says when the calibration ran on another machine", () => {
  const environment = {
    deno: "2.9.6",
    v8: "13.0",
    typescript: "5.8",
    os: "linux",
    cpuModel: "Test CPU",
    cpuCount: 8,
    memoryBytes: 2 ** 30,
    gitCommit: "abc",
    packages: {},
  };
  const lines = summaryLines(renderBenchMarkdown(input({
    environment,
    verdicts: {
      primary: "activeMs",
      falseDiscoveryRate: 0.05,
      noise: {
        floor: 0.02,
        calibration: {
          kind: "noise-calibration",
          schema: 1,
          measuredAt: "2026-12-05T23:10:00.000Z",
          benchId: "aa",
          reference: "default",
          twin: "twin",
          environment: { ...environment, cpuCount: 2 },
          figures: [],
        },
      },
    },
  })));
  assert(
    lines.includes(
      '- the A/A calibration ran on another machine (CPU "Test CPU" x 8 here, "Test CPU" x 2 ' +
        "there): its thresholds may not fit this one; calibrate here with deno task bench " +
        "--calibrate.",
    ),
    lines.join("\n"),
  );
});

Deno.test("buildBenchDocument gives no interval and no verdict for too few runs", () => {
  const markdown = renderBenchMarkdown(input({ comparisons: [comparison(null, null, null)] }));
  assertEquals(
    summaryLines(markdown)[0],
    "- too few runs (n = 2) to compare; add at least 3 more.",
  );
  assert(markdown.includes("| 20 | 100 | states | 8.3 (0.5) | 3 | too few runs (n = 2) |"));
  assert(!/\[\d/.test(markdown), "an interval is printed");
  assert(!/[▲▼]/.test(markdown), "a verdict is printed");
});

Deno.test("buildBenchDocument says when the baseline ran on another machine or commit", () => {
  const base = comparison(1.3, 1.2, 1.4);
  const lines = summaryLines(renderBenchMarkdown(input({
    baseline: {
      label: "old/results.ndjson",
      benchId: "old",
      noiseThreshold: 0.02,
      comparisons: [{ ...base, baseline: undefined } as unknown as BaselineComparison],
      differences: {
        machine: ['CPU "A" x 2 here, "B" x 8 there'],
        commit: "commit 1 here, 2 there",
      },
    },
  })));
  assert(
    lines.includes("- The two benches ran different code (commit 1 here, 2 there)."),
    lines.join("\n"),
  );
  assert(
    lines.includes(
      '- The two benches ran on different machines (CPU "A" x 2 here, "B" x 8 there): a change ' +
        "may be the machine's, not the code's.",
    ),
  );
  assert(
    lines.includes(
      "- this bench's states took 30.0% longer (active time, 95% CI +20.0% to +40.0%, " +
        "p = 0.004) at 20 hosts x 100 messages.",
    ),
    lines.join("\n"),
  );
});

Deno.test("buildBenchDocument says when only one variant ran, and totals runs", () => {
  const lines = summaryLines(renderBenchMarkdown(input({
    cells: [cell("default", {}, ["timeout"])],
    comparisons: [],
  })));
  assertEquals(lines, [
    "- Only one variant ran, so there is nothing to compare.",
    "- 3 counted runs, 1 failed.",
  ]);
});

Deno.test("buildBenchDocument lists failure reasons in the failures table", () => {
  const markdown = renderBenchMarkdown(input({
    cells: [cell("default", {}), cell("states", {}, ["timeout", "crash"])],
  }));
  assert(markdown.includes("| hosts | msgs | variant | counted runs | failures | reasons |"));
  assert(markdown.includes("| 20 | 100 | default | 3 | 0 | — |"), markdown);
  assert(markdown.includes("| 20 | 100 | states | 3 | 2 | timeout; crash |"), markdown);
});

Deno.test("buildBenchDocument says when the environment was not recorded", () => {
  const markdown = renderBenchMarkdown(input());
  assert(markdown.includes("## Environment\n\nThe environment was not recorded for this bench.\n"));
});

Deno.test("buildBenchDocument lists the environment and the key packages only", () => {
  const markdown = renderBenchMarkdown(input({
    environment: {
      deno: "2.9.6",
      v8: "13.0",
      typescript: "5.8",
      os: "linux",
      cpuModel: "Test CPU",
      cpuCount: 8,
      memoryBytes: 1.5 * 2 ** 30,
      gitCommit: "abc123",
      packages: { "libp2p": "npm:libp2p@3.3.11", "yaml": "npm:yaml@2.9.1" },
    },
  }));
  assert(markdown.includes("- CPU: Test CPU x 8\n- Memory: 1.5 GiB\n"), markdown);
  assert(markdown.includes("  - libp2p: `npm:libp2p@3.3.11`"));
  assert(!markdown.includes("yaml"));
});

Deno.test("buildBenchDocument escapes | in table cells", () => {
  const markdown = renderBenchMarkdown(input({
    cells: [cell("default", {}, ["a|b"])],
    comparisons: [],
  }));
  assert(markdown.includes("| 20 | 100 | default | 3 | 1 | a\\|b |"), markdown);
});

Deno.test("buildBenchDocument lists the variants with their gossipsub options", () => {
  const markdown = renderBenchMarkdown(input({
    variants: { default: VARIANT, tuned: { ...VARIANT, gossipsub: { D: 8 } } },
  }));
  assert(
    markdown.includes("| default | libp2p3 | gossipsub | plain | tcp | noise | node | defaults |"),
  );
  assert(
    markdown.includes('| tuned | libp2p3 | gossipsub | plain | tcp | noise | node | {"D":8} |'),
  );
});

Deno.test("buildBenchDocument uses the default title and traces note", () => {
  const markdown = renderBenchMarkdown(input());
  assert(markdown.startsWith("# libp2p pub/sub benchmark\n\nGenerated 2025-01-02T03:04:05.000Z"));
  assert(markdown.endsWith(
    "## Traces\n\nNo traces were recorded for this bench (run `deno task bench --trace` to trace " +
      "one extra run per cell).\n",
  ));
});

Deno.test("buildBenchDocument links each traced cell's files", () => {
  const markdown = renderBenchMarkdown(input({
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
  const markdown = renderBenchMarkdown(input({ notes: ["2 lines were left out."] }));
  assert(markdown.includes("`results.ndjson`\n\n**Note:** 2 lines were left out.\n\n## What"));
});

Deno.test("buildBenchDocument orders table rows by hosts, messages, then variant", () => {
  const at = (variant: string, hosts: number, msgs: number): CellSummary => ({
    ...cell(variant, { activeMs: summary(hosts * msgs, 1) }),
    cell: { hosts, msgs, variant },
  });
  const markdown = renderBenchMarkdown(input({
    // summarizeResults' order: variants first.
    cells: [at("default", 5, 20), at("default", 10, 20), at("states", 5, 20), at("states", 10, 20)],
    comparisons: [],
  }));
  const rows = [...markdown.matchAll(/^\| (\d+) \| 20 \| (\w+) \| \d+ \(/gm)]
    .map((found) => `${found[1]} ${found[2]}`);
  assertEquals(rows, ["5 default", "5 states", "10 default", "10 states"]);
});

Deno.test("buildBenchDocument gives one sentence per changed figure, the primary first", () => {
  const lines = summaryLines(renderBenchMarkdown(input({
    comparisons: [
      comparison(1.1, 1.05, 1.15, "peakRssBytes"),
      { ...comparison(1.2, 1.1, 1.3), hosts: 5, msgs: 20 },
      comparison(1.01, 0.98, 1.05, "cpuMs", { verdict: "not-significant", change: null }),
    ],
  })));
  assertEquals(lines.slice(0, 3), [
    "- states took 20.0% longer (active time, 95% CI +10.0% to +30.0%, p = 0.004) at 5 hosts x " +
    "20 messages.",
    "- states had 10.0% higher peak RSS (95% CI +5.0% to +15.0%, p = 0.004) at 20 hosts x 100 " +
    "messages.",
    "- every other figure: no change beyond noise (threshold 2%, the floor: no A/A calibration).",
  ]);
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
  const markdown = renderBenchMarkdown(input({
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
  assert(!renderBenchMarkdown(input()).includes("## Runs per cell"));
});
