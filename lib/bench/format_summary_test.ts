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
import { createSeededRandom } from "./seeded_random.ts";
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

function comparison(
  variant: string,
  estimate: VariantComparison["estimate"],
): VariantComparison {
  return { hosts: 5, msgs: 20, variant, baseline: "default", metric: "activeMs", estimate };
}

Deno.test("formatComparisonTable prints the ratio and its interval with three decimals", () => {
  const table = formatComparisonTable([
    comparison("states", {
      ratio: 1.0412,
      low: 1.0199,
      high: 1.0634,
      resamples: 2000,
      confidence: 0.95,
    }),
  ]);
  assertEquals(headOf(table), [
    "hosts",
    "msgs",
    "variant vs baseline",
    "metric",
    "ratio",
    "95% CI",
  ]);
  assertEquals(rowOf(table, "states vs default"), [
    "5",
    "20",
    "states vs default",
    "activeMs",
    "1.041",
    "[1.020, 1.063]",
  ]);
});

Deno.test("formatComparisonTable prints n/a for null figures", () => {
  const table = formatComparisonTable([
    comparison("states", { ratio: null, low: null, high: null, resamples: 0, confidence: 0.95 }),
  ]);
  assertEquals(rowOf(table, "states vs default").slice(4), ["n/a", "n/a"]);
});

Deno.test("formatComparisonTable names each coverage when they differ", () => {
  const table = formatComparisonTable([
    comparison("a", { ratio: 1, low: 0.9, high: 1.1, resamples: 10, confidence: 0.9 }),
    comparison("b", { ratio: 2, low: 1.5, high: 2.5, resamples: 10, confidence: 0.99 }),
  ]);
  assertEquals(headOf(table)[5], "CI");
  assertEquals(rowOf(table, "a vs default")[5], "[0.900, 1.100] (90%)");
  assertEquals(rowOf(table, "b vs default")[5], "[1.500, 2.500] (99%)");
});

Deno.test("formatComparisonTable prints compareVariants output for the hand-made pair", () => {
  // Peak RSS: median 100 MB / median 55 MB = 1.8181... -> 1.818; one states sample, so every
  // resample's numerator is 100 MB and the interval spans 100/60 .. 100/50 at most.
  const table = formatComparisonTable(
    compareVariants(RESULTS, {
      baseline: "default",
      metrics: ["peakRssBytes"],
      random: createSeededRandom(1),
    }),
  );
  const row = rowOf(table, "states vs default");
  assertEquals(row.slice(0, 5), ["5", "20", "states vs default", "peakRssBytes", "1.818"]);
  const [low, high] = row[5].slice(1, -1).split(", ").map(Number);
  assert(100 / 60 - 1e-3 <= low && low <= high && high <= 2 + 1e-3, row[5]);
});
