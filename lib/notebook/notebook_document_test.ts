// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import { cellSource, hasTag, parseNotebook } from "./notebook_document.ts";
import { NotebookError } from "./notebook_error.ts";

const CELL = { cell_type: "code", metadata: { tags: ["parameters"] }, source: ["a\n", "b"] };

Deno.test("parseNotebook reads an nbformat 4 notebook", () => {
  const notebook = parseNotebook(
    JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [CELL] }),
    "x.ipynb",
  );
  assertEquals(cellSource(notebook.cells[0]), "a\nb");
  assertEquals(hasTag(notebook.cells[0], "parameters"), true);
  assertEquals(hasTag(notebook.cells[0], "injected-parameters"), false);
});

Deno.test("parseNotebook names the notebook, the cell and the rule it breaks", () => {
  const cases: [unknown, string][] = [
    [
      { nbformat: 3, metadata: {}, cells: [] },
      "x.ipynb: not an nbformat 4 notebook (nbformat is 3)",
    ],
    [
      { nbformat: 4, metadata: {} },
      'x.ipynb: not a notebook: it needs a "cells" list and "metadata"',
    ],
    [
      { nbformat: 4, metadata: {}, cells: [CELL, { ...CELL, cell_type: "heading" }] },
      'x.ipynb: cell 2 has cell_type "heading" (allowed: code, markdown, raw)',
    ],
    [
      { nbformat: 4, metadata: {}, cells: [{ ...CELL, source: [1] }] },
      "x.ipynb: cell 1 has a source that is neither a string nor a list of strings",
    ],
    [
      { nbformat: 4, metadata: {}, cells: [{ ...CELL, metadata: { tags: "parameters" } }] },
      "x.ipynb: cell 1 has metadata.tags that is not a list of strings",
    ],
  ];
  for (const [document, message] of cases) {
    throws(
      () => parseNotebook(JSON.stringify(document), "x.ipynb"),
      (error: Error) => error instanceof NotebookError && error.message.startsWith(message),
      message,
    );
  }
  throws(
    () => parseNotebook("{", "x.ipynb"),
    (error: Error) =>
      error instanceof NotebookError &&
      error.message.startsWith("x.ipynb: not a notebook: the file is not JSON ("),
  );
});
