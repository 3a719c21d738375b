// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import {
  fitColumnWidths,
  layoutLines,
  type Line,
  measureExtent,
  type MeasureText,
  toRuns,
} from "./_pdf_layout.ts";

/** Every character one unit wide, whatever the face: answers can be counted by hand. */
const oneEach: MeasureText = (text) => [...text].length;

function texts(lines: Line[]): string[] {
  return lines.map((line) => line.fragments.map((fragment) => fragment.text).join(""));
}

Deno.test("layoutLines fills each line with as many words as fit", () => {
  const lines = layoutLines([{ text: "aa bb cc dd e", face: "sans" }], 5, oneEach);
  assertEquals(texts(lines), ["aa bb", "cc dd", "e"]);
  assertEquals(lines.map((line) => line.width), [5, 5, 1]);
});

Deno.test("layoutLines counts a run of spaces as one and drops spaces at line starts", () => {
  const lines = layoutLines([{ text: "  aa    bb  ", face: "sans" }], 100, oneEach);
  assertEquals(texts(lines), ["aa bb"]);
});

Deno.test("layoutLines breaks at newlines and returns one empty line for no text", () => {
  assertEquals(texts(layoutLines([{ text: "a\nb", face: "sans" }], 100, oneEach)), ["a", "b"]);
  assertEquals(layoutLines([], 100, oneEach), [{ fragments: [], width: 0 }]);
});

Deno.test("layoutLines cuts a word wider than a line after a slash or a dot", () => {
  // 10 characters fit: "results/20" is cut back to "results/", "2026/x.ndj" to "2026/x.".
  const lines = layoutLines([{ text: "results/2026/x.ndjson", face: "mono" }], 10, oneEach);
  assertEquals(texts(lines), ["results/", "2026/x.", "ndjson"]);
});

Deno.test("layoutLines cuts a word without cut characters where the line is full", () => {
  const lines = layoutLines([{ text: "abcdefghij", face: "mono" }], 4, oneEach);
  assertEquals(texts(lines), ["abcd", "efgh", "ij"]);
});

Deno.test("layoutLines puts at least one character on a line narrower than it", () => {
  assertEquals(texts(layoutLines([{ text: "ab", face: "sans" }], 0.5, oneEach)), ["a", "b"]);
});

Deno.test("layoutLines joins pieces of one face and link into fragments placed left to right", () => {
  const runs = toRuns([
    { text: "see " },
    { text: "a.json", code: true, href: "a.json" },
    { text: " now" },
  ]);
  const [line] = layoutLines(runs, 100, oneEach);
  assertEquals(line, {
    fragments: [
      { text: "see ", face: "sans", x: 0, width: 4 },
      { text: "a.json", face: "mono", href: "a.json", x: 4, width: 6 },
      { text: " now", face: "sans", x: 10, width: 4 },
    ],
    width: 14,
  });
});

Deno.test("layoutLines keeps a word made of several spans together", () => {
  // "`x`," is one word: the comma must not start the next line.
  const runs = toRuns([{ text: "aaa " }, { text: "x", code: true }, { text: ", b" }]);
  assertEquals(texts(layoutLines(runs, 5, oneEach)), ["aaa", "x, b"]);
});

Deno.test("toRuns picks the face from code and strong, or bold for the whole text", () => {
  assertEquals(
    toRuns([
      { text: "a" },
      { text: "b", strong: true },
      { text: "c", code: true },
      { text: "d", code: true, strong: true },
    ]).map((run) => run.face),
    ["sans", "sansBold", "mono", "monoBold"],
  );
  assertEquals(toRuns("head", true), [{ text: "head", face: "sansBold" }]);
});

Deno.test("measureExtent gives the longest word and the unbroken width", () => {
  assertEquals(measureExtent(toRuns("ab abcd a"), oneEach), { min: 4, max: 9 });
  assertEquals(measureExtent([], oneEach), { min: 0, max: 0 });
});

Deno.test("fitColumnWidths gives every column its widest content when all fit", () => {
  assertEquals(fitColumnWidths([{ min: 5, max: 10 }, { min: 3, max: 20 }], 40), [10, 20]);
});

Deno.test("fitColumnWidths shares the room above the minimums in proportion to max - min", () => {
  // 10 units above the minimums (30), 20 wanted, all by the first column: it gets half of 20.
  assertEquals(fitColumnWidths([{ min: 10, max: 30 }, { min: 20, max: 20 }], 40), [20, 20]);
});

Deno.test("fitColumnWidths scales the minimums when even they do not fit", () => {
  assertEquals(fitColumnWidths([{ min: 10, max: 30 }, { min: 20, max: 20 }], 15), [5, 10]);
});
