// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, rejects } from "node:assert/strict";
import { renderChartPng } from "./render_chart_png.ts";
import { renderChartPngs } from "./render_chart_pngs.ts";
import { ReportError } from "./report_error.ts";

/** A 200 x 100 picture with one line of text and a square of `fill`. */
function svgWith(fill: string): string {
  return '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">' +
    `<rect width="200" height="100" fill="white"/><rect width="40" height="40" fill="${fill}"/>` +
    '<text x="60" y="50" font-family="DejaVu Sans, sans-serif" font-size="20">Hello</text>' +
    "</svg>";
}

Deno.test("renderChartPngs draws on its worker the very PNGs renderChartPng draws, in order", async () => {
  const svgs = [svgWith("red"), svgWith("blue"), svgWith("green")];
  const drawn = await renderChartPngs(svgs);
  const here = await Promise.all(svgs.map((svg) => renderChartPng(svg)));
  assertEquals(drawn.length, 3);
  drawn.forEach((png, index) => assertEquals(png, here[index], `chart ${index}`));
  // The three pictures differ: order matters.
  assertEquals(new Set(drawn.map((png) => png.join(","))).size, 3);
  assertEquals(await renderChartPngs([]), []);
});

Deno.test("renderChartPngs rejects a chart resvg cannot read with renderChartPng's reason", async () => {
  await rejects(
    renderChartPngs([svgWith("red"), "not an svg"]),
    (error: unknown) =>
      error instanceof ReportError &&
      /^renderChartPng: cannot read the SVG \(starting "not an svg"\)/.test(error.message),
  );
});
