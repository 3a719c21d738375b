// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert, throws } from "node:assert/strict";
import { DOMParser } from "linkedom";
import { VARIANT_PALETTE } from "../report/mod.ts";
import { renderTimeSeriesSvg, type TimeSeriesChart } from "./render_time_series_svg.ts";

const CHART: TimeSeriesChart = {
  title: "Peers & topics",
  yLabel: "count",
  points: [
    { series: "peers", seconds: 2, value: 3 },
    { series: "peers", seconds: 4, value: 5 },
    { series: "topics", seconds: 2, value: 1 },
    { series: "topics", seconds: 4, value: 2 },
  ],
};

function parse(svg: string) {
  return new DOMParser().parseFromString(svg, "image/svg+xml");
}

Deno.test("renderTimeSeriesSvg draws a line per series and a legend in order of appearance", () => {
  const svg = renderTimeSeriesSvg(CHART);
  assert(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="720" height="300" '));
  assert(svg.includes("<title>Peers &amp; topics</title>"), svg.slice(0, 400));
  const document = parse(svg);
  const legend = [...document.querySelectorAll("g.legend text")].map((node) => node.textContent);
  assertEquals(legend, ["peers", "topics"]);
  const lines = [...document.querySelectorAll("path")].filter((path) =>
    VARIANT_PALETTE.slice(0, 2).includes(path.getAttribute("stroke") ?? "")
  );
  assertEquals(lines.map((path) => path.getAttribute("stroke")), VARIANT_PALETTE.slice(0, 2));
  // Two samples per series make lines, not dots; the axis labels name time and the unit.
  assertEquals(document.querySelectorAll("circle").length, 0);
  assert(svg.includes("time (s)") && svg.includes("count"));
});

Deno.test("renderTimeSeriesSvg marks a lone sample with a dot and an empty chart as no data", () => {
  const lone = renderTimeSeriesSvg({ ...CHART, points: [CHART.points[0]] });
  assertEquals(parse(lone).querySelectorAll("circle").length, 1);
  const empty = renderTimeSeriesSvg({ ...CHART, points: [] });
  assert(empty.includes('class="no-data"'), empty);
});

Deno.test("renderTimeSeriesSvg refuses a size below its minimum", () => {
  throws(
    () => renderTimeSeriesSvg(CHART, { width: 100 }),
    (error: Error) =>
      error instanceof RangeError &&
      error.message ===
        "renderTimeSeriesSvg: option width must be a finite number >= 320 (pixels), got 100",
  );
});
