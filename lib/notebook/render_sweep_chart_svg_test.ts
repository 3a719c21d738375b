// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert, throws } from "node:assert/strict";
import { renderSweepChartSvg, type SweepChart } from "./render_sweep_chart_svg.ts";

const CHART: SweepChart = {
  title: "Mesh degree when publishing",
  xLabel: "D/Dlo/Dhi",
  yLabel: "mesh peers per host (mean)",
  xValues: ["2/1/3", "8/6/12"],
  points: [
    { series: "20 hosts x 20 msgs", x: "2/1/3", y: 2, low: 1.8, high: 2.2 },
    { series: "20 hosts x 20 msgs", x: "8/6/12", y: 7.5 },
  ],
  reference: { label: "D asked for", points: [{ x: "2/1/3", y: 2 }, { x: "8/6/12", y: 8 }] },
};

function count(svg: string, pattern: RegExp): number {
  return svg.match(pattern)?.length ?? 0;
}

Deno.test("renderSweepChartSvg draws one panel: ticks at the values, dots, a whisker, crosses", () => {
  const svg = renderSweepChartSvg(CHART);
  assert(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="640" height="300"'), svg);
  assert(svg.includes("<title>Mesh degree when publishing</title>"));
  for (const text of ["2/1/3", "8/6/12", "D/Dlo/Dhi", "20 hosts x 20 msgs", "× D asked for"]) {
    assert(svg.includes(text), text);
  }
  // Two measured dots, two reference crosses (Plot's "times" symbol is a path), one whisker.
  assertEquals(count(svg, /<circle /g), 2 + 1); // + the legend's dot
  assertEquals(count(svg, /<line /g) >= 2, true);
  assert(!svg.includes("no data"));
});

Deno.test("renderSweepChartSvg uses a numeric axis for numbers and says when there is no data", () => {
  const svg = renderSweepChartSvg({
    ...CHART,
    xLabel: "hosts",
    xValues: [5, 10, 20],
    points: [{ series: "20 msgs", x: 5, y: 1 }, { series: "20 msgs", x: 20, y: 3 }],
    reference: undefined,
  });
  for (const tick of [">5<", ">10<", ">20<"]) assert(svg.includes(tick), tick);
  assert(renderSweepChartSvg({ ...CHART, points: [], reference: undefined }).includes("no data"));
  throws(() => renderSweepChartSvg(CHART, { width: 100 }), RangeError);
});
