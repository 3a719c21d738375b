// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { reportBundles } from "./report_bundles.ts";

Deno.test("reportBundles shows text blocks as Markdown and charts as SVG, in order", () => {
  const bundles = reportBundles({
    title: "t",
    blocks: [
      { kind: "heading", level: 1, text: "t" },
      { kind: "paragraph", text: [{ text: "see " }, { text: "x", code: true }] },
      { kind: "chart", title: "Active time", svgFile: "a.svg", svg: "<svg>a</svg>" },
      { kind: "table", header: ["a", "b"], rows: [["1", "2"]], align: ["left", "right"] },
      { kind: "chart", title: "Peak RSS", svgFile: "b.svg", svg: "<svg>b</svg>" },
    ],
  });
  assertEquals(bundles, [
    { "text/markdown": "# t\n\nsee `x`\n", "text/plain": "# t\n\nsee `x`\n" },
    { "image/svg+xml": "<svg>a</svg>", "text/plain": "Active time" },
    {
      "text/markdown": "| a | b |\n| --- | ---: |\n| 1 | 2 |\n",
      "text/plain": "| a | b |\n| --- | ---: |\n| 1 | 2 |\n",
    },
    { "image/svg+xml": "<svg>b</svg>", "text/plain": "Peak RSS" },
  ]);
});

Deno.test("reportBundles of an empty document is empty", () => {
  assertEquals(reportBundles({ title: "t", blocks: [] }), []);
});
