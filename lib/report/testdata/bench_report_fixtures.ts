// Test fixtures: hand-made summaries, comparisons and report input of the bench report's tests.
import type { CellSummary, VariantComparison } from "../../bench/mod.ts";
import type { VariantSpec } from "../../config/mod.ts";
import { buildBenchDocument } from "../bench_document.ts";
import type { BenchReportInput, RunEnvironment } from "../bench_report_input.ts";
import { renderMarkdown } from "../render_markdown.ts";
import type { ChartSpec } from "../chart_spec.ts";

/** One figure's statistics in a cell. */
export type SampleSummary = CellSummary["metrics"][string];

/** A summary with only the figures the report shows; the rest are placeholders. */
export function sampleSummary(median: number, iqr: number, n = 3): SampleSummary {
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

/** A cell of 20 hosts x 100 messages with three counted runs, failed ones by reason. */
export function cellSummary(
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
export function judgedComparison(
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
    drift: null,
    verdict: !tested ? "too-few-runs" : ratio > 1 ? "higher" : "lower",
    change: !tested ? null : ratio > 1 ? "higher" : "lower",
    ...judged,
  };
}

/** A chart spec with no data: only its id, title and caption matter to the report. */
export function chartSpec(id: string, title: string, caption = ""): ChartSpec {
  return { id, title, yLabel: title, variants: [], points: [], samples: [], baseline: [], caption };
}

/** The `default` variant, spelled out. */
export const TEST_VARIANT: VariantSpec = {
  stack: "libp2p3",
  router: "gossipsub",
  orchestration: "plain",
  transport: "tcp",
  encryption: "noise",
  ed25519: "node",
  memoryLatencyMs: 0,
  gossipsub: {},
};

/**
 * A bench of two variants (default, states) in one cell, states 4.1% slower, with the
 * active-time and failures charts; `overrides` replace fields.
 */
export function benchInput(overrides: Partial<BenchReportInput> = {}): BenchReportInput {
  return {
    generatedAt: "2025-01-02T03:04:05.000Z",
    benchId: "bench-1",
    resultsFile: "results.ndjson",
    cells: [
      cellSummary("default", { activeMs: sampleSummary(1234.4, 56.6) }),
      cellSummary("states", { activeMs: sampleSummary(8.26, 0.5) }),
    ],
    comparisons: [judgedComparison(1.041, 1.020, 1.063)],
    charts: [
      {
        spec: chartSpec("active-time", "Active time"),
        svgFile: "bench-active-time.svg",
        svg: "<svg/>",
      },
      { spec: chartSpec("failures", "Failed runs"), svgFile: "bench-failures.svg", svg: "<svg/>" },
    ],
    variants: { default: TEST_VARIANT, states: { ...TEST_VARIANT, orchestration: "states" } },
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

/** A machine's recorded environment (Deno 2.9.6 on an 8-core test CPU); `overrides` replace fields. */
export function testEnvironment(overrides: Partial<RunEnvironment> = {}): RunEnvironment {
  return {
    deno: "2.9.6",
    v8: "13.0",
    typescript: "5.8",
    os: "linux",
    cpuModel: "Test CPU",
    cpuCount: 8,
    memoryBytes: 2 ** 30,
    gitCommit: "abc",
    packages: {},
    ...overrides,
  };
}

/** The report of `input` as Markdown. */
export function renderBenchMarkdown(input: BenchReportInput): string {
  return renderMarkdown(buildBenchDocument(input));
}

/** The list items of the report's "Summary" section, each with its `- `. */
export function summaryLines(markdown: string): string[] {
  const start = markdown.indexOf("## Summary");
  const end = markdown.indexOf("\n## ", start + 1);
  return markdown.slice(start, end).split("\n").filter((line) => line.startsWith("- "));
}
