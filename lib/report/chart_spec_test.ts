// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { summarizeResults } from "../bench/mod.ts";
import { fakeRun } from "../bench/testdata/run_fixtures.ts";
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

function byId(charts: ReturnType<typeof buildBenchCharts>, id: string) {
  const chart = charts.find((candidate) => candidate.id === id);
  assert(chart, `no chart ${id} among ${charts.map((candidate) => candidate.id)}`);
  return chart;
}

Deno.test("buildBenchCharts() gives the metric charts in report order, no failures chart when none failed", () => {
  const charts = buildBenchCharts(matrix());
  assertEquals(charts.map((chart) => chart.id), [
    "active-time",
    "peak-rss",
    "final-heap",
    "cpu-time",
    "p99-latency",
    "duplicates",
    "mesh-degree",
  ]);
});

Deno.test("buildBenchCharts() places points by variant appearance, hosts, then msgs, dodged per variant", () => {
  const [activeTime] = buildBenchCharts(matrix());
  assertEquals(activeTime.title, "Active time");
  assertEquals(activeTime.yLabel, "active time (ms)");
  // "states" appears first in the input, so it comes first, on the left.
  assertEquals(activeTime.variants, ["states", "default"]);
  // Two variants share half a slot: (0 - 0.5) * 0.25 = -0.125 and (1 - 0.5) * 0.25 = +0.125.
  const point = (variant: string, hosts: number, x: number, y: number) => ({
    variant,
    hosts,
    x,
    y,
    offset: variant === "states" ? -0.125 : 0.125,
    low: y - 1,
    high: y + 2,
  });
  assertEquals(activeTime.points, [
    point("states", 10, 10, 150),
    point("states", 10, 50, 450),
    point("states", 20, 10, 400),
    point("states", 20, 50, 800),
    point("default", 10, 10, 100),
    point("default", 10, 50, 300),
    point("default", 20, 10, 200),
    point("default", 20, 50, 600),
  ]);
});

Deno.test("buildBenchCharts() gives each of three variants its own offset, centred on the count", () => {
  const cells = [cell("a", 5, 10, 1), cell("b", 5, 10, 1), cell("c", 5, 10, 1)];
  const offsets = buildBenchCharts(cells)[0].points.map((point) => point.offset);
  // Half a slot over three variants: steps of 1/6, at -1/6, 0, +1/6.
  assertEquals(offsets, [-1 / 6, 0, 1 / 6]);
  assertEquals(new Set(offsets).size, 3);
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
  const points = (id: string) => byId(charts, id).points.map(({ y, low, high }) => [low, y, high]);
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
  assertEquals(byId(charts, "p99-latency").points.map((point) => [point.x, point.y]), [[50, 8]]);
  // A median of 0 is a measurement, not a missing one.
  assertEquals(byId(charts, "duplicates").points.map((point) => [point.x, point.y]), [[50, 0]]);
  assertEquals(byId(charts, "active-time").points, []);
});

Deno.test("buildBenchCharts() counts failures of every cell, without a spread, when a run failed", () => {
  const cells = [
    cell("default", 10, 50, 100, { failures: 2, metrics: {} }),
    cell("default", 10, 10, 100, { failures: 0 }),
  ];
  const failures = byId(buildBenchCharts(cells), "failures");
  assertEquals(failures.yLabel, "failed runs");
  assertEquals(failures.points, [
    { variant: "default", hosts: 10, x: 10, y: 0, offset: 0 },
    { variant: "default", hosts: 10, x: 50, y: 2, offset: 0 },
  ]);
  assertEquals(failures.samples, []);
});

Deno.test("buildBenchCharts() gives empty charts for no cells", () => {
  const charts = buildBenchCharts([]);
  assertEquals(charts.length, 7);
  assert(charts.every((chart) => chart.points.length === 0 && chart.samples.length === 0));
});

Deno.test("buildBenchCharts() makes a sample of every counted ok run, and no other", () => {
  const runs = [
    fakeRun({ measured: { activeMs: 30 } }),
    fakeRun({ measured: { activeMs: 10 } }),
    fakeRun({ measured: { activeMs: 20 } }),
    fakeRun({ warmup: true, measured: { activeMs: 999 } }),
    fakeRun({ ok: false, failure: "timeout", measured: { activeMs: 5000 } }),
    fakeRun({ variant: "states", measured: { activeMs: 40 } }),
  ];
  const charts = buildBenchCharts(summarizeResults(runs), { results: runs });
  const activeTime = byId(charts, "active-time");
  // 3 counted ok default runs + 1 states run; the warm-up and the failed run are left out.
  assertEquals(activeTime.samples.length, 4);
  assertEquals(activeTime.samples.map((sample) => [sample.variant, sample.y]), [
    ["default", 30],
    ["default", 10],
    ["default", 20],
    ["states", 40],
  ]);
  // Every sample count equals the n of its cell's summary.
  const cells = summarizeResults(runs);
  for (const { cell, metrics } of cells) {
    const count = activeTime.samples.filter((sample) => sample.variant === cell.variant).length;
    assertEquals(count, metrics.activeMs.n);
  }
  // No run measured a latency: no samples there.
  assertEquals(byId(charts, "p99-latency").samples, []);
});

Deno.test("buildBenchCharts() spreads a cell's samples by the van der Corput sequence of their rank", () => {
  const runs = [30, 10, 20, 40].map((activeMs) => fakeRun({ measured: { activeMs } }));
  const runsOfStates = [5].map((activeMs) =>
    fakeRun({ variant: "states", measured: { activeMs } })
  );
  const all = [...runs, ...runsOfStates];
  const activeTime = byId(buildBenchCharts(summarizeResults(all), { results: all }), "active-time");
  // default sits at -0.125 (a variant's width is 0.25); samples spread over 0.7 of it, 0.175.
  // Ranks by value: 10 -> 0, 20 -> 1, 30 -> 2, 40 -> 3; van der Corput of rank + 1:
  // 1 -> 0.5, 2 -> 0.25, 3 -> 0.75, 4 -> 0.125; offset = (v - 0.5) * 0.175.
  const expected = new Map([
    [10, -0.125 + 0],
    [20, -0.125 - 0.25 * 0.175],
    [30, -0.125 + 0.25 * 0.175],
    [40, -0.125 - 0.375 * 0.175],
  ]);
  for (const sample of activeTime.samples.filter((item) => item.variant === "default")) {
    const want = expected.get(sample.y)!;
    assert(Math.abs(sample.offset - want) < 1e-12, `${sample.y}: ${sample.offset} != ${want}`);
  }
  // A lone sample sits on its variant's place.
  assertEquals(activeTime.samples.find((item) => item.variant === "states")!.offset, 0.125);
  // Every sample stays within its variant's half of the group: default left of 0, states right.
  assert(activeTime.samples.every((item) => (item.variant === "default") === item.offset < 0));
});

Deno.test("buildBenchCharts() gives the same samples for the same runs", () => {
  const runs = [3, 1, 4, 1, 5, 9, 2, 6].map((activeMs) => fakeRun({ measured: { activeMs } }));
  const first = buildBenchCharts(summarizeResults(runs), { results: runs })[0].samples;
  const second = buildBenchCharts(summarizeResults(runs), { results: runs })[0].samples;
  assertEquals(first, second);
  // Equal values (the two 1s) still get apart.
  const ones = first.filter((sample) => sample.y === 1).map((sample) => sample.offset);
  assertEquals(ones.length, 2);
  assert(ones[0] !== ones[1], `equal values at one place: ${ones}`);
});

Deno.test("buildBenchCharts() draws the baseline's medians of the cells both benches ran", () => {
  const baseline = [
    cell("default", 10, 10, 90),
    cell("default", 99, 10, 5), // a cell this bench did not run
    cell("states", 20, 50, 700),
  ];
  const activeTime = buildBenchCharts(matrix(), { baseline })[0];
  assertEquals(activeTime.baseline, [
    { variant: "states", hosts: 20, x: 50, y: 700, low: 699, high: 702, offset: -0.125 },
    { variant: "default", hosts: 10, x: 10, y: 90, low: 89, high: 92, offset: 0.125 },
  ]);
  assert(activeTime.caption.includes("baseline"), activeTime.caption);
  assert(!buildBenchCharts(matrix())[0].caption.includes("baseline"));
});

Deno.test("buildBenchCharts() explains dots, IQR bars and the side-by-side variants in the caption", () => {
  const runs = [1, 2, 3].flatMap((activeMs) => [
    fakeRun({ measured: { activeMs } }),
    fakeRun({ variant: "states", measured: { activeMs } }),
  ]);
  const [activeTime] = buildBenchCharts(summarizeResults(runs), { results: runs });
  for (const words of ["one counted run (6 in all)", "interquartile range", "side by side"]) {
    assert(activeTime.caption.includes(words), `"${words}" missing from: ${activeTime.caption}`);
  }
  const lone = buildBenchCharts([cell("default", 5, 5, 1)])[0].caption;
  assert(!lone.includes("side by side") && !lone.includes("small dot"), lone);
});

Deno.test("buildBenchCharts() does not modify its input", () => {
  const cells = matrix();
  const runs = [fakeRun({ measured: { activeMs: 1 } })];
  const before = structuredClone([cells, runs]);
  buildBenchCharts(cells, { results: runs, baseline: cells });
  assertEquals([cells, runs], before);
});
