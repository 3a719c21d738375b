// The report's "Summary" section, through buildBenchDocument and the Markdown it renders.
// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import type { BaselineComparison } from "../bench/mod.ts";
import {
  benchInput,
  cellSummary,
  judgedComparison,
  renderBenchMarkdown,
  summaryLines,
  testEnvironment,
} from "./testdata/bench_report_fixtures.ts";

Deno.test("buildBenchDocument words a reported change with its interval and p-value", () => {
  const lines = summaryLines(renderBenchMarkdown(benchInput()));
  assertEquals(
    lines[0],
    "- states took 4.1% longer (active time, 95% CI +2.0% to +6.3%, p = 0.004) at 20 hosts x " +
      "100 messages.",
  );
});

Deno.test("buildBenchDocument words a drop of a figure that is not a time", () => {
  const lines = summaryLines(renderBenchMarkdown(benchInput({
    comparisons: [judgedComparison(0.968, 0.950, 0.990, "peakRssBytes")],
  })));
  assertEquals(
    lines[0],
    "- states had 3.2% lower peak RSS (95% CI -5.0% to -1.0%, p = 0.004) at 20 hosts x 100 " +
      "messages.",
  );
});

Deno.test("buildBenchDocument says no figure changed beyond noise, with the threshold", () => {
  const lines = summaryLines(renderBenchMarkdown(benchInput({
    comparisons: [
      judgedComparison(1.01, 0.98, 1.05, "activeMs", {
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
  const lines = summaryLines(renderBenchMarkdown(benchInput({
    comparisons: [
      judgedComparison(1.05, 0.98, 1.1, "activeMs", {
        verdict: "within-noise",
        change: null,
        threshold: 0.07,
        thresholdFrom: "calibration",
        drift: null,
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
  const environment = testEnvironment();
  const lines = summaryLines(renderBenchMarkdown(benchInput({
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
  const markdown = renderBenchMarkdown(
    benchInput({ comparisons: [judgedComparison(null, null, null)] }),
  );
  assertEquals(
    summaryLines(markdown)[0],
    "- too few runs (n = 2) to compare; add at least 3 more.",
  );
  assert(markdown.includes("| 20 | 100 | states | 8.3 (0.5) | 3 | too few runs (n = 2) |"));
  assert(!/\[\d/.test(markdown), "an interval is printed");
  assert(!/[▲▼]/.test(markdown), "a verdict is printed");
});

Deno.test("buildBenchDocument says when the baseline ran on another machine or commit", () => {
  const base = judgedComparison(1.3, 1.2, 1.4);
  const lines = summaryLines(renderBenchMarkdown(benchInput({
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
  const lines = summaryLines(renderBenchMarkdown(benchInput({
    cells: [cellSummary("default", {}, ["timeout"])],
    comparisons: [],
  })));
  assertEquals(lines, [
    "- Only one variant ran, so there is nothing to compare.",
    "- 3 counted runs, 1 failed.",
  ]);
});

Deno.test("buildBenchDocument gives one sentence per changed figure, the primary first", () => {
  const lines = summaryLines(renderBenchMarkdown(benchInput({
    comparisons: [
      judgedComparison(1.1, 1.05, 1.15, "peakRssBytes"),
      { ...judgedComparison(1.2, 1.1, 1.3), hosts: 5, msgs: 20 },
      judgedComparison(1.01, 0.98, 1.05, "cpuMs", { verdict: "not-significant", change: null }),
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
