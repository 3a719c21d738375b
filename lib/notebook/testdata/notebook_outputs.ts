// Test fixtures: where the notebooks are, and the outputs of an executed notebook picked apart.
import { ok as assert } from "node:assert/strict";
import { type CellOutput, type ExecutedNotebook, outputData, outputText } from "./jupyter.ts";

/** The notebooks/ folder, with a trailing slash. */
export const NOTEBOOKS = new URL("../../../notebooks/", import.meta.url).pathname;
/** The repository's root, with a trailing slash. */
export const REPO = new URL("../../../", import.meta.url).pathname;

/** Every output of every cell of `notebook`, in order. */
export function outputsOf(notebook: ExecutedNotebook): CellOutput[] {
  return notebook.cells.flatMap((cell) => cell.outputs ?? []);
}

/** The outputs of the code cell whose source contains `marker`. */
export function cellOutputs(notebook: ExecutedNotebook, marker: string): CellOutput[] {
  const cell = notebook.cells.find((cell) => [cell.source].flat().join("").includes(marker));
  assert(cell, `no cell with ${marker}`);
  return cell.outputs ?? [];
}

/** Each output as its plain text, for charts their title. */
export function texts(outputs: CellOutput[]): string[] {
  return outputs.map((output) => outputData(output, "text/plain") ?? outputText(output));
}

/** The titles of the PNG charts among `outputs`. */
export function pngTitles(outputs: CellOutput[]): string[] {
  return outputs.filter((output) => outputData(output, "image/png") !== undefined)
    .map((output) => outputData(output, "text/plain") ?? "");
}

/** The Markdown of `outputs`, joined by newlines. */
export function markdown(outputs: CellOutput[]): string {
  return outputs.map((output) => outputData(output, "text/markdown") ?? "").join("\n");
}
