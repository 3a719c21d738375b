// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { reportOutputs } from "./report_outputs.ts";

const SVG = (label: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><text>${label}</text></svg>`;

Deno.test("reportOutputs shows text blocks as Markdown and charts as PNG, in order", async () => {
  const outputs = await reportOutputs({
    title: "t",
    blocks: [
      { kind: "heading", level: 1, text: "t" },
      { kind: "paragraph", text: [{ text: "see " }, { text: "x", code: true }] },
      { kind: "chart", title: "Active time", svgFile: "a.svg", svg: SVG("a") },
      { kind: "table", header: ["a", "b"], rows: [["1", "2"]], align: ["left", "right"] },
      { kind: "chart", title: "Peak RSS", svgFile: "b.svg", svg: SVG("b") },
    ],
  });
  assertEquals(outputs.map((output) => output.data["text/plain"]), [
    "# t\n\nsee `x`\n",
    "Active time",
    "| a | b |\n| --- | ---: |\n| 1 | 2 |\n",
    "Peak RSS",
  ]);
  assertEquals(outputs[0].data["text/markdown"], "# t\n\nsee `x`\n");
  assertEquals(outputs.map((output) => Object.keys(output.data).sort()), [
    ["text/markdown", "text/plain"],
    ["image/png", "text/plain"],
    ["text/markdown", "text/plain"],
    ["image/png", "text/plain"],
  ]);
  assertEquals(outputs[1].metadata, { "image/png": { width: 20, height: 10 } });
});

Deno.test("reportOutputs of an empty document is empty", async () => {
  assertEquals(await reportOutputs({ title: "t", blocks: [] }), []);
});
