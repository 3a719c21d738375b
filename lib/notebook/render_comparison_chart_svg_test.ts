// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { ok as assert } from "node:assert/strict";
import { renderComparisonChartSvg } from "./render_comparison_chart_svg.ts";

Deno.test("renderComparisonChartSvg draws a row per ratio, coloured by verdict, and the band", () => {
  const svg = renderComparisonChartSvg({
    title: "This bench against the baseline",
    noiseThreshold: 0.02,
    rows: [
      {
        label: "active · 5 hosts x 20 msgs · default",
        ratio: 1.4,
        low: 1.3,
        high: 1.5,
        change: "higher",
      },
      {
        label: "peak RSS · 5 hosts x 20 msgs · default",
        ratio: 0.7,
        low: 0.6,
        high: 0.8,
        change: "lower",
      },
      { label: "p99 latency · 5 hosts x 20 msgs · default", ratio: 1, change: null },
    ],
  });
  assert(svg.includes("<title>This bench against the baseline</title>"));
  for (
    const text of [
      "active · 5 hosts x 20 msgs · default",
      "this bench / baseline",
      "within noise",
      "±2% band",
    ]
  ) assert(svg.includes(text), text);
  // The verdict colours: higher red, lower green, unchanged blue.
  for (const color of ["#e15759", "#59a14f", "#4e79a7"]) assert(svg.includes(color), color);
  assert(!svg.includes("no data"));
  assert(
    renderComparisonChartSvg({ title: "t", noiseThreshold: 0.02, rows: [] }).includes("no data"),
  );
});
