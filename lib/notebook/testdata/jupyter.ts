// Test helpers of the notebook runner: the Jupyter check every notebook test starts with, tiny
// generated notebooks, and reading outputs back.
import { stripVTControlCharacters } from "node:util";
import { DEFAULT_PYTHON, JUPYTER_INSTALL_HINT } from "../execute_notebook.ts";
import type { NotebookCell, NotebookDocument } from "../notebook_document.ts";

let _checked: Promise<void> | undefined;

/**
 * Fails with how to install them when Jupyter (jupyter_client, nbformat, nbclient for the
 * comparison) or the Deno kernel is missing, instead of a test failing somewhere inside.
 */
export function requireJupyter(): Promise<void> {
  _checked ??= _checkJupyter();
  return _checked;
}

async function _checkJupyter(): Promise<void> {
  const script = "import json, nbformat, nbclient\n" +
    "from jupyter_client.kernelspec import KernelSpecManager\n" +
    "print(json.dumps(sorted(KernelSpecManager().find_kernel_specs())))";
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command(DEFAULT_PYTHON, { args: ["-c", script], stderr: "piped" })
      .output();
  } catch (error) {
    throw new Error(
      `the notebook tests need ${DEFAULT_PYTHON} with Jupyter (${error}); ${JUPYTER_INSTALL_HINT}`,
    );
  }
  const stderr = new TextDecoder().decode(output.stderr).trim().split("\n").at(-1);
  if (!output.success) {
    throw new Error(
      `the notebook tests need Jupyter for ${DEFAULT_PYTHON} (${stderr}); ${JUPYTER_INSTALL_HINT}`,
    );
  }
  const kernels: string[] = JSON.parse(new TextDecoder().decode(output.stdout));
  if (!kernels.includes("deno")) {
    throw new Error(
      `the notebook tests need the Deno kernel (Jupyter knows ${kernels.join(", ") || "none"}); ` +
        "register it with: deno jupyter --install",
    );
  }
}

/** A code cell; `tags` go to its metadata. */
export function codeCell(source: string, tags?: string[]): NotebookCell {
  return {
    cell_type: "code",
    execution_count: null,
    metadata: tags ? { tags } : {},
    outputs: [],
    source,
  };
}

/** A markdown cell. */
export function markdownCell(source: string): NotebookCell {
  return { cell_type: "markdown", metadata: {}, source };
}

/** Writes an nbformat 4.4 notebook for the Deno kernel holding `cells`. */
export async function writeNotebook(path: string, cells: NotebookCell[]): Promise<void> {
  const notebook: NotebookDocument = {
    nbformat: 4,
    nbformat_minor: 4,
    metadata: { kernelspec: { name: "deno", display_name: "Deno", language: "typescript" } },
    cells,
  };
  await Deno.writeTextFile(path, JSON.stringify(notebook, null, 1) + "\n");
}

/** One output of an executed cell, as nbformat stores it. */
export interface CellOutput {
  output_type: "stream" | "display_data" | "execute_result" | "error";
  name?: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
  ename?: string;
  evalue?: string;
}

/** A cell of an executed notebook. */
export interface ExecutedCell {
  cell_type: "code" | "markdown" | "raw";
  source: string | string[];
  metadata: { tags?: string[] };
  execution_count?: number | null;
  outputs?: CellOutput[];
}

/** An executed notebook. */
export interface ExecutedNotebook {
  metadata: Record<string, unknown>;
  cells: ExecutedCell[];
}

/** An executed notebook read back. */
export async function readExecuted(path: string): Promise<ExecutedNotebook> {
  return JSON.parse(await Deno.readTextFile(path));
}

/** The text of an output (stream text, or `text/plain`), without ANSI colours. */
export function outputText(output: CellOutput): string {
  const text = output.text ?? output.data?.["text/plain"] ?? "";
  return stripVTControlCharacters(Array.isArray(text) ? text.join("") : text);
}

/** The content of `mime` in an output, joined when nbformat split it into lines. */
export function outputData(output: CellOutput, mime: string): string | undefined {
  const data = output.data?.[mime];
  return Array.isArray(data) ? data.join("") : data;
}
