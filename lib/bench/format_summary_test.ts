// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import type { RunMeasurements, RunResult } from "./run_result.ts";
import { formatComparisonTable, formatSummaryTable } from "./format_summary.ts";
import {
  type CellSummary,
  compareVariants,
  summarizeResults,
  type VariantComparison,
} from "./summarize_results.ts";
import { fakeRun as sharedFakeRun } from "./testdata/run_fixtures.ts";

const MB = 1024 * 1024;

/** A run of 5 hosts x 20 msgs; only its variant, failure and measurements matter here. */
function fakeRun(
  variant: string,
  measured: Partial<RunMeasurements>,
  failure?: string,
): RunResult {
  return sharedFakeRun({ variant, measured, ok: failure === undefined, failure });
}

function latency(p99: number): RunMeasurements["latencyMs"] {
  return { count: 100, p50: 1, p95: 2, p99, max: p99 };
}

/** The cells of the table row whose variant column is `variant`, trimmed. */
function rowOf(table: string, variant: string): string[] {
  const line = table.split("\n").find((row) => row.split("│")[3]?.trim() === variant);
  assert(line !== undefined, `no row for ${variant} in\n${table}`);
  return line.split("│").slice(1, -1).map((cell) => cell.trim());
}

function headOf(table: string): string[] {
  return table.split("\n")[1].split("│").slice(1, -1).map((cell) => cell.trim());
}

// The hand-made pair of cells:
// default: two ok runs, active 1200 and 1300 ms -> median 1250, q1 1225, q3 1275, IQR 50;
//   peak RSS 50 and 60 MB -> 55.0; p99 7.2 and 8.0 ms -> 7.6; duplicates 1.5 and 2 -> 1.75.
// states: one ok run (active 8.44 ms -> 8.4, IQR 0 -> 0.0; 100 MB; p99 12.6 -> 13;
//   duplicates 0) and one timeout.
const RESULTS: RunResult[] = [
  fakeRun("default", {
    activeMs: 1200,
    peakRssBytes: 50 * MB,
    latencyMs: latency(7.2),
    duplicatesPerDelivery: 1.5,
  }),
  fakeRun("default", {
    activeMs: 1300,
    peakRssBytes: 60 * MB,
    latencyMs: latency(8.0),
    duplicatesPerDelivery: 2,
  }),
  fakeRun("states", {
    activeMs: 8.44,
    peakRssBytes: 100 * MB,
    latencyMs: latency(12.6),
    duplicatesPerDelivery: 0,
  }),
  fakeRun("states", {}, "timeout"),
];

Deno.test("formatSummaryTable heads its columns", () => {
  assertEquals(headOf(formatSummaryTable(summarizeResults(RESULTS))), [
    "hosts",
    "msgs",
    "variant",
    "ok/runs",
    "active ms median (IQR)",
    "peak RSS MB median",
    "p99 latency ms median",
    "dup/delivery",
    "failures",
  ]);
});

Deno.test("formatSummaryTable formats ms as integers from 10 and MB with one decimal", () => {
  const table = formatSummaryTable(summarizeResults(RESULTS));
  assertEquals(rowOf(table, "default"), [
    "5",
    "20",
    "default",
    "2/2",
    "1250 (50)",
    "55.0",
    "7.6",
    "1.75",
    "0",
  ]);
});

Deno.test("formatSummaryTable formats ms under 10 with one decimal and lists failures", () => {
  const table = formatSummaryTable(summarizeResults(RESULTS));
  assertEquals(rowOf(table, "states"), [
    "5",
    "20",
    "states",
    "1/2",
    "8.4 (0.0)",
    "100.0",
    "13",
    "0.00",
    "1 (timeout)",
  ]);
});

Deno.test("formatSummaryTable prints n/a for a cell without ok runs", () => {
  const cells = summarizeResults([
    fakeRun("flaky", {}, "timeout"),
    fakeRun("flaky", {}, "crash"),
    fakeRun("flaky", {}, "timeout"),
  ]);
  assertEquals(rowOf(formatSummaryTable(cells), "flaky"), [
    "5",
    "20",
    "flaky",
    "0/3",
    "n/a",
    "n/a",
    "n/a",
    "n/a",
    "3 (timeout x2, crash)",
  ]);
});

Deno.test("formatSummaryTable switches to integers where one decimal would read 10.0", () => {
  // Active 9.94 ms -> "9.9"; p99 9.96 ms would be "10.0" with one decimal, so it prints "10".
  const cells = summarizeResults([fakeRun("edge", { activeMs: 9.94, latencyMs: latency(9.96) })]);
  assertEquals(rowOf(formatSummaryTable(cells), "edge").slice(4, 7), ["9.9 (0.0)", "n/a", "10"]);
});

Deno.test("formatSummaryTable prints only the head for no cells", () => {
  const table = formatSummaryTable([] satisfies CellSummary[]);
  assertEquals(table.split("\n").length, 3);
  assertEquals(headOf(table)[0], "hosts");
});

Deno.test("formatSummaryTable has no colour codes", () => {
  assert(!formatSummaryTable(summarizeResults(RESULTS)).includes("\u001b["));
});

/** A hand-made judged comparison: tested unless `ratio` is null. */
function comparison(
  variant: string,
  estimate: VariantComparison["estimate"],
  judged: Partial<VariantComparison> = {},
): VariantComparison {
  const tested = estimate.ratio !== null;
  return {
    hosts: 5,
    msgs: 20,
    variant,
    baseline: "default",
    metric: "activeMs",
    estimate,
    test: {
      design: "paired",
      status: tested ? "tested" : "too-few-runs",
      nVariant: tested ? 8 : 2,
      nBaseline: tested ? 8 : 2,
      runsToAdd: tested ? 0 : 3,
      ...estimate,
      pValue: tested ? 0.0078125 : null,
      smallestPValue: tested ? 0.0078125 : null,
      test: tested ? "signed-rank" : null,
    },
    qValue: tested ? 0.0078125 : null,
    threshold: 0.02,
    thresholdFrom: "floor",
    drift: null,
    verdict: tested ? "higher" : "too-few-runs",
    change: tested ? "higher" : null,
    ...judged,
  };
}

Deno.test("formatComparisonTable prints n, the ratio and interval, p, threshold and verdict", () => {
  const table = formatComparisonTable([
    comparison("states", { ratio: 1.0412, low: 1.0199, high: 1.0634, confidence: 0.95 }),
  ]);
  assertEquals(headOf(table), [
    "hosts",
    "msgs",
    "variant vs baseline",
    "metric",
    "n",
    "ratio [CI]",
    "p",
    "noise",
    "verdict",
  ]);
  assertEquals(rowOf(table, "states vs default"), [
    "5",
    "20",
    "states vs default",
    "activeMs",
    "8",
    "1.041 [1.020, 1.063]",
    "0.008",
    "2.0%",
    "HIGHER",
  ]);
});

Deno.test("formatComparisonTable shows no interval and no verdict below the minimum sample count", () => {
  const table = formatComparisonTable([
    comparison("states", { ratio: null, low: null, high: null, confidence: 0.95 }),
  ]);
  assertEquals(rowOf(table, "states vs default").slice(4), [
    "2",
    "n/a",
    "n/a",
    "2.0%",
    "too few runs",
  ]);
});

Deno.test("formatComparisonTable names the coverage of an interval that is not 95%", () => {
  const table = formatComparisonTable([
    comparison("a", { ratio: 1, low: 0.9, high: 1.1, confidence: 0.9375 }, {
      verdict: "cannot-show",
      change: null,
    }),
  ]);
  assertEquals(rowOf(table, "a vs default")[5], "1.000 [0.900, 1.100] 93.8%");
  assertEquals(rowOf(table, "a vs default")[8], "too few to show");
});

Deno.test("formatComparisonTable prints compareVariants output for the hand-made pair", () => {
  // The hand-made runs are of different rounds, so no round pairs up: no ratio, no verdict.
  const table = formatComparisonTable(
    compareVariants(RESULTS, { baseline: "default", metrics: ["peakRssBytes"] }),
  );
  const row = rowOf(table, "states vs default");
  assertEquals(row.slice(0, 4), ["5", "20", "states vs default", "peakRssBytes"]);
  assertEquals(row.slice(4), ["0", "n/a", "n/a", "2.0%", "no data"]);
});
