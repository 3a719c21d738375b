/**
 * The parts of an nbformat 4 notebook the runner reads and writes, and their validation.
 *
 * @module
 */
import { NotebookError } from "./notebook_error.ts";

/** One cell of an nbformat 4 notebook; fields the runner does not read are kept as they are. */
export interface NotebookCell {
  cell_type: "code" | "markdown" | "raw";
  /** nbformat writes a list of lines, each but the last ending in `\n`; a string is also valid. */
  source: string | string[];
  metadata: { tags?: string[]; [key: string]: unknown };
  /** Required by nbformat 4.5 and later. */
  id?: string;
  outputs?: unknown[];
  execution_count?: number | null;
  [key: string]: unknown;
}

/** An nbformat 4 notebook. */
export interface NotebookDocument {
  nbformat: 4;
  nbformat_minor: number;
  metadata: { kernelspec?: { name?: string; [key: string]: unknown }; [key: string]: unknown };
  cells: NotebookCell[];
}

const _CELL_TYPES = ["code", "markdown", "raw"];

/**
 * Parses the text of an `.ipynb` file and checks what the runner relies on: nbformat 4, a cell
 * list, and each cell's type, source and metadata.
 *
 * @param text the file's text
 * @param label how errors name the notebook, e.g. its path
 * @throws {NotebookError} naming the notebook, the cell and the rule broken
 */
export function parseNotebook(text: string, label: string): NotebookDocument {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new NotebookError(
      `${label}: not a notebook: the file is not JSON (${
        error instanceof Error ? error.message : error
      })`,
      { cause: error },
    );
  }
  if (!_isRecord(document) || document.nbformat !== 4) {
    const got = _isRecord(document) ? JSON.stringify(document.nbformat) : typeof document;
    throw new NotebookError(
      `${label}: not an nbformat 4 notebook (nbformat is ${got}); convert it with ` +
        `"jupyter nbconvert --to notebook" first`,
    );
  }
  if (!Array.isArray(document.cells) || !_isRecord(document.metadata)) {
    throw new NotebookError(`${label}: not a notebook: it needs a "cells" list and "metadata"`);
  }
  document.cells.forEach((cell: unknown, index: number) => {
    const problem = _cellProblem(cell);
    if (problem) throw new NotebookError(`${label}: cell ${index + 1} ${problem}`);
  });
  return document as unknown as NotebookDocument;
}

/** The source of `cell` as one string. */
export function cellSource(cell: NotebookCell): string {
  return typeof cell.source === "string" ? cell.source : cell.source.join("");
}

/** Whether `cell` carries `tag` in `metadata.tags`. */
export function hasTag(cell: NotebookCell, tag: string): boolean {
  return Array.isArray(cell.metadata.tags) && cell.metadata.tags.includes(tag);
}

function _cellProblem(cell: unknown): string | undefined {
  if (!_isRecord(cell)) return "is not an object";
  if (!_CELL_TYPES.includes(cell.cell_type as string)) {
    return `has cell_type ${JSON.stringify(cell.cell_type)} (allowed: ${_CELL_TYPES.join(", ")})`;
  }
  const source = cell.source;
  const sourceOk = typeof source === "string" ||
    (Array.isArray(source) && source.every((line) => typeof line === "string"));
  if (!sourceOk) return "has a source that is neither a string nor a list of strings";
  if (!_isRecord(cell.metadata)) return "has no metadata object";
  const tags = cell.metadata.tags;
  if (
    tags !== undefined && !(Array.isArray(tags) && tags.every((tag) => typeof tag === "string"))
  ) {
    return "has metadata.tags that is not a list of strings";
  }
  return undefined;
}

function _isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
