// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert, throws } from "node:assert/strict";
import { DOMParser } from "linkedom";
import { summarizeResults } from "../bench/mod.ts";
import { fakeRun, TEST_MEASUREMENTS } from "../bench/testdata/run_fixtures.ts";
import { buildScaleChart } from "./scale_chart_spec.ts";
import { renderScaleChartSvg } from "./render_scale_chart_svg.ts";

const MIB = 2 ** 20;

function run(hosts: number, activeMs: number, cpuMs: number, rssMib: number, msgs = 100) {
  return fakeRun({
    hosts,
    msgs,
    measured: { ...TEST_MEASUREMENTS, activeMs, cpuMs, peakRssBytes: rssMib * MIB },
  });
}

/** default at 100 hosts (3 runs) and 1000 hosts (1 run); a warm-up and a failure that count not. */
function runs() {
  return [
    run(100, 10_000, 20_000, 300),
    run(100, 12_000, 22_000, 310),
    run(100, 14_000, 24_000, 320),
    run(1000, 150_000, 400_000, 1800),
    { ...run(1000, 1, 1, 1), warmup: true },
    fakeRun({ hosts: 1000, msgs: 100, ok: false, failure: "timeout" }),
  ];
}

Deno.test("buildScaleChart() divides each cell's median and quartiles by its host count", () => {
  const chart = buildScaleChart(summarizeResults(runs()));
  assertEquals(chart.hosts, [100, 1000]);
  assertEquals(chart.series, [{ name: "default · 100 msgs", variant: "default", msgs: 100 }]);
  const at = (hosts: number, metric: string) =>
    chart.points.find((point) => point.hosts === hosts && point.metric === metric);
  // 100 hosts: active medians 12000 ms (quartiles 11000, 13000) / 100 hosts.
  assertEquals(at(100, "activeMs"), {
    series: "default · 100 msgs",
    variant: "default",
    msgs: 100,
    hosts: 100,
    metric: "activeMs",
    y: 120,
    low: 110,
    high: 130,
  });
  assertEquals(at(100, "cpuMs")?.y, 220);
  assertEquals(at(100, "peakRssBytes")?.y, 3.1);
  // 1000 hosts: its single ok run; the warm-up and the failure are not counted.
  assertEquals([at(1000, "activeMs")?.y, at(1000, "cpuMs")?.y, at(1000, "peakRssBytes")?.y], [
    150,
    400,
    1.8,
  ]);
  // By series, then metric (active, CPU, RSS), then hosts.
  assertEquals(chart.points.map((point) => `${point.metric}@${point.hosts}`), [
    "activeMs@100",
    "activeMs@1000",
    "cpuMs@100",
    "cpuMs@1000",
    "peakRssBytes@100",
    "peakRssBytes@1000",
  ]);
});

Deno.test("buildScaleChart() has no points with a single host count", () => {
  const chart = buildScaleChart(summarizeResults([run(100, 1, 1, 1), run(100, 2, 2, 2)]));
  assertEquals(chart.points, []);
  assertEquals(chart.series, []);
});

Deno.test("buildScaleChart() keeps a series per variant and message count", () => {
  const chart = buildScaleChart(summarizeResults([
    run(100, 1, 1, 1, 10),
    run(200, 1, 1, 1, 10),
    run(100, 1, 1, 1, 100),
    run(200, 1, 1, 1, 100),
  ]));
  assertEquals(chart.series.map((entry) => entry.name), [
    "default · 10 msgs",
    "default · 100 msgs",
  ]);
});

Deno.test("renderScaleChartSvg() draws three panels on a log host axis, a line per series", () => {
  const svg = renderScaleChartSvg(buildScaleChart(summarizeResults(runs())));
  const document = new DOMParser().parseFromString(svg, "image/svg+xml");
  assertEquals(document.querySelectorAll(".scale-panel").length, 3);
  // Per panel: one median line, two median markers and two IQR bars (1000 hosts' is of length 0:
  // one run).
  assertEquals(document.querySelectorAll("g.median-line path").length, 3);
  assertEquals(document.querySelectorAll("g.median.series-0 > *").length, 6);
  assertEquals(document.querySelectorAll("g.iqr line").length, 6);
  const labels = [...document.querySelectorAll("text")].map((text) => text.textContent);
  for (
    const label of [
      "active time per host (ms)",
      "CPU time per host (ms)",
      "peak RSS per host (MiB)",
    ]
  ) {
    assert(labels.some((text) => text?.includes(label)), `no axis label "${label}"`);
  }
  assert(labels.includes("default · 100 msgs"), "the legend names the series");
  // The x ticks are the host counts.
  assert(labels.includes("100") && labels.includes("1000"));
});

Deno.test("renderScaleChartSvg() says no data without points, and refuses a narrow width", () => {
  const empty = renderScaleChartSvg(buildScaleChart([]));
  assert(empty.includes("no data"));
  throws(
    () => renderScaleChartSvg(buildScaleChart([]), { width: 300 }),
    /renderScaleChartSvg: option width must be a finite number >= 480 \(pixels\), got 300/,
  );
});
