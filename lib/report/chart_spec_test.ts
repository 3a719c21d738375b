// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { buildBenchCharts, type CellSummary } from "./chart_spec.ts";

type SampleSummary = CellSummary["metrics"][string];

/** A summary with the given median and quartiles; the other figures do not reach the charts. */
function summary(q1: number | null, median: number | null, q3: number | null): SampleSummary {
  return {
    n: median === null ? 0 : 3,
    median,
    q1,
    q3,
    iqr: q1 === null || q3 === null ? null : q3 - q1,
    mad: null,
    min: q1,
    max: q3,
    mean: median,
    outlierIndices: [],
  };
}

function cell(
  variant: string,
  hosts: number,
  msgs: number,
  activeMs: number,
  extra: Partial<CellSummary> = {},
): CellSummary {
  return {
    cell: { hosts, msgs, variant },
    runs: 3,
    failures: 0,
    failureReasons: [],
    warmups: 0,
    metrics: { activeMs: summary(activeMs - 1, activeMs, activeMs + 2) },
    ...extra,
  };
}

/** Two variants x two host counts x two message counts, deliberately out of order. */
function matrix(): CellSummary[] {
  return [
    cell("states", 20, 50, 800),
    cell("default", 20, 10, 200),
    cell("default", 10, 50, 300),
    cell("states", 10, 10, 150),
    cell("default", 10, 10, 100),
    cell("default", 20, 50, 600),
    cell("states", 20, 10, 400),
    cell("states", 10, 50, 450),
  ];
}

Deno.test("buildBenchCharts() gives seven charts in report order", () => {
  const charts = buildBenchCharts(matrix());
  assertEquals(charts.map((chart) => chart.id), [
    "active-time",
    "peak-rss",
    "final-heap",
    "cpu-time",
    "p99-latency",
    "duplicates",
    "failures",
  ]);
});

Deno.test("buildBenchCharts() orders active-time points by variant appearance, hosts, then msgs", () => {
  const [activeTime] = buildBenchCharts(matrix());
  assertEquals(activeTime.title, "Active time");
  assertEquals(activeTime.yLabel, "active time (ms)");
  // "states" appears first in the input, so its series come first.
  assertEquals(activeTime.points, [
    {
      series: "10 hosts · states",
      variant: "states",
      hosts: 10,
      x: 10,
      y: 150,
      low: 149,
      high: 152,
    },
    {
      series: "10 hosts · states",
      variant: "states",
      hosts: 10,
      x: 50,
      y: 450,
      low: 449,
      high: 452,
    },
    {
      series: "20 hosts · states",
      variant: "states",
      hosts: 20,
      x: 10,
      y: 400,
      low: 399,
      high: 402,
    },
    {
      series: "20 hosts · states",
      variant: "states",
      hosts: 20,
      x: 50,
      y: 800,
      low: 799,
      high: 802,
    },
    {
      series: "10 hosts · default",
      variant: "default",
      hosts: 10,
      x: 10,
      y: 100,
      low: 99,
      high: 102,
    },
    {
      series: "10 hosts · default",
      variant: "default",
      hosts: 10,
      x: 50,
      y: 300,
      low: 299,
      high: 302,
    },
    {
      series: "20 hosts · default",
      variant: "default",
      hosts: 20,
      x: 10,
      y: 200,
      low: 199,
      high: 202,
    },
    {
      series: "20 hosts · default",
      variant: "default",
      hosts: 20,
      x: 50,
      y: 600,
      low: 599,
      high: 602,
    },
  ]);
});

Deno.test("buildBenchCharts() converts bytes to MiB and ms to s", () => {
  const cells = [
    cell("default", 10, 10, 100, {
      metrics: {
        // 1 MiB = 1048576 bytes
        peakRssBytes: summary(1048576, 3145728, 5242880),
        heapUsedFinalBytes: summary(524288, 524288, 1572864),
        cpuMs: summary(1500, 2500, 4000),
      },
    }),
  ];
  const charts = buildBenchCharts(cells);
  const points = (id: string) =>
    charts.find((chart) => chart.id === id)!.points.map(({ y, low, high }) => [low, y, high]);
  assertEquals(points("peak-rss"), [[1, 3, 5]]);
  assertEquals(points("final-heap"), [[0.5, 0.5, 1.5]]);
  assertEquals(points("cpu-time"), [[1.5, 2.5, 4]]);
});

Deno.test("buildBenchCharts() leaves out cells whose median is null or missing", () => {
  const cells = [
    cell("default", 10, 10, 100, {
      metrics: { "latencyMs.p99": summary(null, null, null) },
    }),
    cell("default", 10, 50, 100, {
      metrics: { "latencyMs.p99": summary(7, 8, 9), duplicatesPerDelivery: summary(0, 0, 0) },
    }),
  ];
  const charts = buildBenchCharts(cells);
  const byId = (id: string) => charts.find((chart) => chart.id === id)!;
  assertEquals(byId("p99-latency").points.map((point) => [point.x, point.y]), [[50, 8]]);
  // A median of 0 is a measurement, not a missing one.
  assertEquals(byId("duplicates").points.map((point) => [point.x, point.y]), [[50, 0]]);
  assertEquals(byId("active-time").points, []);
});

Deno.test("buildBenchCharts() counts failures of every cell, without a spread", () => {
  const cells = [
    cell("default", 10, 50, 100, { failures: 2, metrics: {} }),
    cell("default", 10, 10, 100, { failures: 0 }),
  ];
  const failures = buildBenchCharts(cells).find((chart) => chart.id === "failures")!;
  assertEquals(failures.yLabel, "failed runs");
  assertEquals(failures.points, [
    { series: "10 hosts · default", variant: "default", hosts: 10, x: 10, y: 0 },
    { series: "10 hosts · default", variant: "default", hosts: 10, x: 50, y: 2 },
  ]);
});

Deno.test("buildBenchCharts() gives empty charts for no cells", () => {
  const charts = buildBenchCharts([]);
  assertEquals(charts.length, 7);
  assertEquals(charts.every((chart) => chart.points.length === 0), true);
});

Deno.test("buildBenchCharts() does not modify its input", () => {
  const cells = matrix();
  const before = structuredClone(cells);
  buildBenchCharts(cells);
  assertEquals(cells, before);
});
