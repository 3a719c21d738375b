// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { ok as assert } from "node:assert/strict";
import { renderComparisonChartSvg } from "./render_comparison_chart_svg.ts";

Deno.test("renderComparisonChartSvg draws a row per ratio, coloured by verdict, and the band", () => {
  const svg = renderComparisonChartSvg({
    title: "This bench against the baseline",
    rows: [
      {
        label: "active · 5 hosts x 20 msgs · default",
        ratio: 1.4,
        low: 1.3,
        high: 1.5,
        threshold: 0.02,
        change: "higher",
      },
      {
        label: "peak RSS · 5 hosts x 20 msgs · default",
        ratio: 0.7,
        low: 0.6,
        high: 0.8,
        threshold: 0.02,
        change: "lower",
      },
      {
        label: "p99 latency · 5 hosts x 20 msgs · default",
        ratio: 1,
        threshold: 0.02,
        change: null,
      },
    ],
  });
  assert(svg.includes("<title>This bench against the baseline</title>"));
  for (
    const text of [
      "active · 5 hosts x 20 msgs · default",
      "this bench / baseline",
      "within noise",
      "noise band ±2%",
    ]
  ) assert(svg.includes(text), text);
  // The verdict colours: higher red, lower green, unchanged blue.
  for (const color of ["#e15759", "#59a14f", "#4e79a7"]) assert(svg.includes(color), color);
  assert(!svg.includes("no data"));
  assert(renderComparisonChartSvg({ title: "t", rows: [] }).includes("no data"));
});

Deno.test("renderComparisonChartSvg names the range of thresholds when rows differ", () => {
  const row = { ratio: 1, change: null };
  const svg = renderComparisonChartSvg({
    title: "t",
    rows: [
      { ...row, label: "a", threshold: 0.02 },
      { ...row, label: "b", threshold: 0.125 },
    ],
  });
  assert(svg.includes("noise band 2% to 12.5%"), svg);
  // One shaded band per row, the wider threshold's wider.
  const bars = /fill="#dddddd" aria-label="bar">([\s\S]*?)<\/g>/.exec(svg)?.[1] ?? "";
  const widths = [...bars.matchAll(/width="([\d.]+)"/g)].map((match) => Number(match[1]));
  assert(widths.length === 2 && widths[1] > 3 * widths[0], bars);
});
