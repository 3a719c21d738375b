// JSR is not reachable from our machines, so tests use Node's built-in strict assertions.
import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import { declaredParameters, injectParameters } from "./inject_parameters.ts";
import type { NotebookCell, NotebookDocument } from "./notebook_document.ts";
import { NotebookError } from "./notebook_error.ts";

function code(source: string, tags?: string[]): NotebookCell {
  return {
    cell_type: "code",
    execution_count: null,
    metadata: tags ? { tags } : {},
    outputs: [],
    source,
  };
}

function notebook(cells: NotebookCell[], nbformatMinor = 5): NotebookDocument {
  return { nbformat: 4, nbformat_minor: nbformatMinor, metadata: {}, cells };
}

const PARAMETERS = code('let hosts = [5, 10];\nlet variant = "default";\nconst label = "x";', [
  "parameters",
]);

Deno.test("declaredParameters finds the top-level let, var and const names", () => {
  assertEquals(
    declaredParameters(
      'let hosts = [5];\nvar seed = 1;\nconst label = "x";\n  let nested = 1;\n// let no = 1;\nlet hosts = [6];',
    ),
    new Map([["hosts", "let"], ["seed", "var"], ["label", "const"]]),
  );
});

Deno.test("injectParameters adds an injected-parameters cell after the parameters cell", () => {
  const input = notebook([
    { ...code("# title"), cell_type: "markdown" },
    PARAMETERS,
    code("run()"),
  ]);
  const before = structuredClone(input);
  const injected = injectParameters(input, { hosts: [3], variant: "states" });
  assertEquals(injected.injectedIndex, 2);
  assertEquals(injected.removedCells, 0);
  assertEquals(injected.notebook.cells.length, 4);
  assertEquals(injected.notebook.cells[2], {
    cell_type: "code",
    execution_count: null,
    id: "injected-parameters",
    metadata: { tags: ["injected-parameters"] },
    outputs: [],
    source: '// Parameters set by `deno task nb`\nhosts = [3];\nvariant = "states";\nvoid 0;',
  });
  assertEquals(injected.notebook.cells[3], input.cells[2]);
  assertEquals(input, before, "the input notebook is not modified");
});

Deno.test("injectParameters replaces the injected cell of an earlier run", () => {
  const first = injectParameters(notebook([PARAMETERS, code("run()")]), { hosts: [3] }).notebook;
  const second = injectParameters(first, { variant: "states" });
  assertEquals(second.removedCells, 1);
  assertEquals(second.notebook.cells.length, 3);
  assertEquals(
    second.notebook.cells[1].source,
    '// Parameters set by `deno task nb`\nvariant = "states";\nvoid 0;',
  );
});

Deno.test("injectParameters without parameters drops an earlier injected cell", () => {
  const injected = injectParameters(notebook([PARAMETERS]), { hosts: [3] }).notebook;
  const plain = injectParameters(injected, {});
  assertEquals(plain.removedCells, 1);
  assertEquals(plain.injectedIndex, undefined);
  assertEquals(plain.notebook.cells, [PARAMETERS]);
});

Deno.test("injectParameters gives no cell id before nbformat 4.5", () => {
  const injected = injectParameters(notebook([PARAMETERS], 4), { hosts: [3] });
  assertEquals(injected.notebook.cells[1].id, undefined);
});

Deno.test("injectParameters refuses a name the parameters cell does not declare", () => {
  throws(
    () => injectParameters(notebook([code("x"), PARAMETERS]), { host: [3] }, { label: "nb.ipynb" }),
    (error: Error) =>
      error instanceof NotebookError &&
      error.message ===
        'nb.ipynb: unknown parameter "host": the parameters cell (cell 2) declares hosts, ' +
          "variant, label",
  );
});

Deno.test("injectParameters refuses a parameter declared with const", () => {
  throws(
    () => injectParameters(notebook([PARAMETERS]), { label: "y" }, { label: "nb.ipynb" }),
    (error: Error) =>
      error instanceof NotebookError &&
      error.message ===
        'nb.ipynb: parameter "label" is declared with const in the parameters cell (cell 1); ' +
          "declare it with let so it can be set",
  );
});

Deno.test("injectParameters refuses parameters for a notebook without a parameters cell", () => {
  throws(
    () => injectParameters(notebook([code("let hosts = 1;")]), { hosts: 3 }, { label: "nb.ipynb" }),
    (error: Error) =>
      error instanceof NotebookError &&
      error.message ===
        'nb.ipynb: has no cell tagged "parameters", so hosts cannot be set; tag the code cell ' +
          "that declares the parameters, or run it without -p/-r/-y/-f",
  );
});

Deno.test("injectParameters refuses a value that is not JSON-like", () => {
  throws(
    () => injectParameters(notebook([PARAMETERS]), { hosts: new Map() }, { label: "nb.ipynb" }),
    (error: Error) =>
      error instanceof NotebookError &&
      error.message.startsWith('nb.ipynb: parameter "hosts": toTypeScriptLiteral: value must be'),
  );
});
