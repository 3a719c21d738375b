// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { DOMParser } from "linkedom";
// A CommonMark parser with GitHub's tables, HTML on as on GitHub: what a reader's viewer does.
import MarkdownIt from "markdown-it";
import { renderMarkdown } from "./render_markdown.ts";
import type { ReportBlock, RichText } from "./report_document.ts";

const markdownIt = new MarkdownIt({ html: true });

function render(...blocks: ReportBlock[]): string {
  return renderMarkdown({ title: "T", blocks });
}

/** The HTML a Markdown viewer makes of `markdown`, as a DOM to query. */
function view(markdown: string) {
  const html = `<!DOCTYPE html><html><body>${markdownIt.render(markdown)}</body></html>`;
  return new DOMParser().parseFromString(html, "text/html");
}

function paragraph(text: RichText): ReportBlock {
  return { kind: "paragraph", text };
}

Deno.test("renderMarkdown renders each block kind", () => {
  const markdown = render(
    { kind: "heading", level: 1, text: "T" },
    paragraph([
      { text: "a " },
      { text: "x", code: true },
      { text: " " },
      { text: "b", href: "f.json" },
      { text: " " },
      { text: "c", strong: true },
    ]),
    { kind: "list", ordered: true, items: [{ text: "one", children: ["sub"] }, { text: "two" }] },
    { kind: "table", header: ["n", "name"], rows: [["1", "a|b"]], align: ["right", "left"] },
    {
      kind: "chart",
      title: "C",
      svgFile: "c.svg",
      pngFile: "c.png",
      svg: "<svg/>",
      caption: "Dots are runs.",
    },
  );
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
      "![C](c.svg)\n\nDots are runs.\n\nPNG: [c.png](c.png)",
      "",
    ].join("\n"),
  );
});

Deno.test("renderMarkdown escapes inline specials in text", () => {
  const text = "a*b* _c_ [d](e) <f> `g` h&amp; i\\j ~~k~~ snake_case";
  const markdown = render(paragraph(text));
  assertEquals(
    markdown,
    "a\\*b\\* \\_c\\_ [d\\](e) \\<f> \\`g\\` h\\&amp; i\\\\j \\~\\~k\\~\\~ snake_case\n",
  );
  const html = view(markdown);
  assertEquals(html.querySelector("p")!.textContent, text);
  assertEquals(html.querySelectorAll("em, strong, a, code, f, s, del").length, 0);
});

Deno.test("renderMarkdown escapes what would start a heading, list or quote", () => {
  const starts = ["# no heading", "- no list", "+ nor this", "1. not numbered", "2) no", "> no"];
  for (const text of [...starts, "[ ] no task", "[x]: no reference"]) {
    const html = view(render(paragraph(text)));
    assertEquals(html.querySelector("p")?.textContent, text, text);
    assertEquals(html.querySelectorAll("h1, ul, ol, blockquote, input").length, 0, text);
  }
  const html = view(render({ kind: "list", ordered: false, items: [{ text: "# x" }] }));
  assertEquals(html.querySelector("li")!.textContent, "# x");
  assertEquals(html.querySelectorAll("h1").length, 0);
  // Inside a line these need no backslash, nor do brackets that make no link.
  assertEquals(
    render(paragraph("a - b # c 1. d > e [+2.0, +6.3]")),
    "a - b # c 1. d > e [+2.0, +6.3]\n",
  );
});

Deno.test("renderMarkdown keeps code spans whole, backticks and specials included", () => {
  const code = "a`b *c* <d> |";
  const markdown = render(paragraph([{ text: "run " }, { text: code, code: true }]));
  assertEquals(markdown, "run ``a`b *c* <d> |``\n");
  assertEquals(view(markdown).querySelector("code")!.textContent, code);
  // A backtick at an end needs a space between it and the fence.
  const edge = render(paragraph([{ text: "`x`", code: true }]));
  assertEquals(edge, "`` `x` ``\n");
  assertEquals(view(edge).querySelector("code")!.textContent, "`x`");
});

Deno.test("renderMarkdown keeps links working, with specials in their text and target", () => {
  const markdown = render(paragraph([
    { text: "[x] *y*", href: "../results/a b/(1).json" },
    { text: " and " },
    { text: "plain", href: "f.json" },
  ]));
  assertEquals(
    markdown,
    "[[x] \\*y\\*](<../results/a b/(1).json>) and [plain](f.json)\n",
  );
  const links = [...view(markdown).querySelectorAll("a")];
  assertEquals(links.map((link) => link.textContent), ["[x] *y*", "plain"]);
  assertEquals(links.map((link) => decodeURI(link.getAttribute("href")!)), [
    "../results/a b/(1).json",
    "f.json",
  ]);
});

Deno.test("renderMarkdown escapes | in table cells, in code spans and links too", () => {
  const markdown = render({
    kind: "table",
    header: ["a|b", "code", "link"],
    rows: [[
      "x|y",
      [{ text: "p|q", code: true }],
      [{ text: "l|m", href: "f|g.json" }, { text: " *n*" }],
    ]],
  });
  const html = view(markdown);
  assertEquals([...html.querySelectorAll("th")].map((cell) => cell.textContent), [
    "a|b",
    "code",
    "link",
  ]);
  const cells = [...html.querySelectorAll("td")];
  assertEquals(cells.map((cell) => cell.textContent), ["x|y", "p|q", "l|m *n*"]);
  assertEquals(cells[1].querySelector("code")!.textContent, "p|q");
  assertEquals(cells[2].querySelector("a")!.getAttribute("href"), "f%7Cg.json");
  // A number's minus sign at the start of a cell stays as it is.
  assert(render({ kind: "table", header: ["x"], rows: [["-3.2"]] }).includes("| -3.2 |"));
});

Deno.test("renderMarkdown keeps strong text strong when it ends with a space", () => {
  const markdown = render(paragraph([{ text: "Note: ", strong: true }, { text: "2 lines" }]));
  assertEquals(markdown, "**Note:** 2 lines\n");
  assertEquals(view(markdown).querySelector("strong")!.textContent, "Note:");
});

Deno.test("renderMarkdown escapes headings and chart titles", () => {
  const markdown = render(
    { kind: "heading", level: 2, text: "p99 *latency* <ms>" },
    { kind: "chart", title: "A [b]", svgFile: "c d.svg", svg: "<svg/>" },
  );
  const html = view(markdown);
  assertEquals(html.querySelector("h2")!.textContent, "p99 *latency* <ms>");
  const image = html.querySelector("img")!;
  assertEquals(image.getAttribute("alt"), "A [b]");
  assertEquals(image.getAttribute("src"), "c%20d.svg");
});
