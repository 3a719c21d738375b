// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { renderMarkdown } from "./render_markdown.ts";

Deno.test("renderMarkdown renders each block kind", () => {
  const markdown = renderMarkdown({
    title: "T",
    blocks: [
      { kind: "heading", level: 1, text: "T" },
      {
        kind: "paragraph",
        text: [
          { text: "a " },
          { text: "x", code: true },
          { text: " " },
          {
            text: "b",
            href: "f.json",
          },
          { text: " " },
          { text: "c", strong: true },
        ],
      },
      { kind: "list", ordered: true, items: [{ text: "one", children: ["sub"] }, { text: "two" }] },
      { kind: "table", header: ["n", "name"], rows: [["1", "a|b"]], align: ["right", "left"] },
      { kind: "chart", title: "C", svgFile: "c.svg", pngFile: "c.png", svg: "<svg/>" },
    ],
  });
  assertEquals(
    markdown,
    [
      "# T",
      "",
      "a `x` [b](f.json) **c**",
      "",
      "1. one\n  - sub\n2. two",
      "",
      "| n | name |\n| ---: | --- |\n| 1 | a\\|b |",
      "",
      "![C](c.svg)\n\nPNG: [c.png](c.png)",
      "",
    ].join("\n"),
  );
});
