// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import {
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

function comparison(
  ratio: number | null,
  low: number | null,
  high: number | null,
  metric = "activeMs",
): VariantComparison {
  return {
    hosts: 20,
    msgs: 100,
    variant: "states",
    baseline: "default",
    metric,
    estimate: { ratio, low, high, resamples: 2000, confidence: 0.95 },
  };
}

function chart(id: string, title: string): ChartSpec {
  return { id, title, yLabel: title, points: [] };
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

Deno.test("buildBenchDocument links only the given chart files", () => {
  const markdown = renderBenchMarkdown(input());
  const links = [...markdown.matchAll(/!\[[^\]]*\]\(([^)]*)\)/g)].map((match) => match[1]);
  assertEquals(links, ["bench-active-time.svg", "bench-failures.svg"]);
});

Deno.test("buildBenchDocument shows each cell's median and IQR in the active-time table", () => {
  const markdown = renderBenchMarkdown(input());
  // 1234.4 ms -> "1234", IQR 56.6 -> "57"; below 10 ms one decimal: 8.26 -> "8.3", 0.5 -> "0.5".
  assert(markdown.includes("| 20 | 100 | default | 1234 (57) | 3 | — |"), markdown);
  assert(markdown.includes("| 20 | 100 | states | 8.3 (0.5) | 3 | 1.041 [1.020, 1.063] |"));
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

Deno.test("buildBenchDocument words a cost with its signed interval", () => {
  const lines = summaryLines(renderBenchMarkdown(input()));
  assertEquals(
    lines[0],
    "- states costs +4.1% [+2.0, +6.3] active time at 20 hosts x 100 messages.",
  );
});

Deno.test("buildBenchDocument words a saving with the absolute percentage", () => {
  const lines = summaryLines(renderBenchMarkdown(input({
    comparisons: [comparison(0.968, 0.950, 0.990, "peakRssBytes")],
  })));
  assertEquals(lines[0], "- states saves 3.2% [-5.0, -1.0] peak RSS at 20 hosts x 100 messages.");
});

Deno.test("buildBenchDocument notes an interval that includes no change", () => {
  const lines = summaryLines(renderBenchMarkdown(input({
    comparisons: [comparison(1.01, 0.98, 1.05)],
  })));
  assertEquals(
    lines[0],
    "- states costs +1.0% [-2.0, +5.0] active time at 20 hosts x 100 messages" +
      " (the CI includes no change).",
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
  assert(markdown.includes("`results.ndjson`\n\n**Note: **2 lines were left out.\n\n## What"));
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

Deno.test("buildBenchDocument sums up many cells: the largest, then the sure changes", () => {
  const at = (hosts: number, ratio: number, low: number, high: number): VariantComparison => ({
    ...comparison(ratio, low, high),
    hosts,
    msgs: 20,
  });
  const lines = summaryLines(renderBenchMarkdown(input({
    comparisons: [at(5, 1.1, 1.05, 1.15), at(10, 1.01, 0.98, 1.05)],
  })));
  assertEquals(lines.slice(0, 2), [
    "- states costs +1.0% [-2.0, +5.0] active time at 10 hosts x 20 messages" +
    " (the CI includes no change).",
    "- states, active time over all 2 cells: the interval excludes no change in 1" +
    " (+10.0% at 5 x 20); per cell in the table below.",
  ]);
});
