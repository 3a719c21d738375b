// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import type { ChartPoint } from "./chart_spec.ts";
import { seriesColors, VARIANT_PALETTE } from "./series_colors.ts";

function point(variant: string, hosts: number, x = 1): ChartPoint {
  return { series: `${hosts} hosts · ${variant}`, variant, hosts, x, y: 1 };
}

Deno.test("seriesColors() gives each variant its hue in order of first appearance", () => {
  const colors = seriesColors([point("states", 10), point("default", 10), point("other", 10)]);
  assertEquals([...colors], [
    ["10 hosts · states", "#4e79a7"],
    ["10 hosts · default", "#f28e2c"],
    ["10 hosts · other", "#59a14f"],
  ]);
});

Deno.test("seriesColors() shades host counts from half-way to white up to the hue", () => {
  // blue #4e79a7 = (78, 121, 167); half-way to white: (166.5, 188, 211) -> #a7bcd3;
  // a quarter of the way: (122.25, 154.5, 189) -> #7a9bbd (rounding half up).
  const colors = seriesColors([point("default", 40), point("default", 10), point("default", 20)]);
  assertEquals([...colors], [
    ["40 hosts · default", "#4e79a7"],
    ["10 hosts · default", "#a7bcd3"],
    ["20 hosts · default", "#7a9bbd"],
  ]);
});

Deno.test("seriesColors() lists each series once however many points it has", () => {
  const colors = seriesColors([point("default", 10, 1), point("default", 10, 2)]);
  assertEquals([...colors.keys()], ["10 hosts · default"]);
});

Deno.test("seriesColors() reuses the palette when variants outnumber its hues", () => {
  const points = VARIANT_PALETTE.map((_, index) => point(`v${index}`, 10));
  const colors = seriesColors([...points, point("extra", 10)]);
  assertEquals(colors.get("10 hosts · extra"), VARIANT_PALETTE[0]);
});

Deno.test("seriesColors() gives an empty map for no points", () => {
  assertEquals(seriesColors([]).size, 0);
});
