/**
 * Parameter injection, papermill's convention in TypeScript: a new code cell tagged
 * `injected-parameters` right after the cell tagged `parameters`, assigning the given values.
 *
 * @module
 */
import {
  cellSource,
  hasTag,
  type NotebookCell,
  type NotebookDocument,
} from "./notebook_document.ts";
import { NotebookError } from "./notebook_error.ts";
import { toTypeScriptLiteral } from "./typescript_literal.ts";

/** Tag of the cell that declares a notebook's parameters and their defaults. */
export const PARAMETERS_TAG = "parameters";
/** Tag of the cell the runner adds with the values given on the command line. */
export const INJECTED_PARAMETERS_TAG = "injected-parameters";

/** How a parameters cell declares a name. */
export type DeclarationKind = "let" | "var" | "const";

/** Options of {@linkcode injectParameters}. */
export interface InjectParametersOptions {
  /** How errors name the notebook, e.g. its path. @default "notebook" */
  label?: string;
}

/** What {@linkcode injectParameters} made. */
export interface InjectedNotebook {
  /** A new notebook; the input is not modified. */
  notebook: NotebookDocument;
  /** `injected-parameters` cells of an earlier run that were dropped. */
  removedCells: number;
  /** Index of the new injected cell in `notebook.cells`; absent when nothing was injected. */
  injectedIndex?: number;
}

/**
 * The names a parameters cell declares at the top level: every line that starts (in column 0)
 * with `let`, `var` or `const` and a name, e.g. `let hosts = [5, 10];` declares `hosts`.
 *
 * @example
 * ```ts
 * declaredParameters("let hosts = [5];\nconst label = 'x';"); // Map { "hosts" => "let", "label" => "const" }
 * ```
 */
export function declaredParameters(source: string): Map<string, DeclarationKind> {
  const declared = new Map<string, DeclarationKind>();
  for (const match of source.matchAll(/^(let|var|const)\s+([A-Za-z_$][\w$]*)/gm)) {
    if (!declared.has(match[2])) declared.set(match[2], match[1] as DeclarationKind);
  }
  return declared;
}

/**
 * Injects `parameters` into `notebook`. Cells tagged `injected-parameters` from an earlier run
 * are removed first, so a notebook run without parameters runs with its own defaults. With
 * parameters, a new cell tagged `injected-parameters` goes right after the first cell tagged
 * `parameters`, holding one assignment per parameter in the given order, e.g. `hosts = [3];`,
 * and `void 0;` so that the cell shows no output.
 *
 * Every parameter must be declared with `let` or `var` at the top of the parameters cell: an
 * unknown name is most often a typo, and the kernel cannot assign to a `const`.
 *
 * @param notebook not modified
 * @param parameters names to values (JSON-like, see {@linkcode toTypeScriptLiteral})
 * @throws {NotebookError} when there are parameters but no `parameters` cell, a name is not
 * declared there, or it is declared `const`
 */
export function injectParameters(
  notebook: NotebookDocument,
  parameters: Readonly<Record<string, unknown>>,
  options: InjectParametersOptions = {},
): InjectedNotebook {
  const label = options.label ?? "notebook";
  const kept = notebook.cells.filter((cell) => !hasTag(cell, INJECTED_PARAMETERS_TAG));
  const removedCells = notebook.cells.length - kept.length;
  const names = Object.keys(parameters);
  if (names.length === 0) return { notebook: { ...notebook, cells: kept }, removedCells };

  const parametersIndex = kept.findIndex((cell) => hasTag(cell, PARAMETERS_TAG));
  if (parametersIndex < 0) {
    throw new NotebookError(
      `${label}: has no cell tagged "${PARAMETERS_TAG}", so ${names.join(", ")} cannot be set; ` +
        `tag the code cell that declares the parameters, or run it without -p/-r/-y/-f`,
    );
  }
  const declared = declaredParameters(cellSource(kept[parametersIndex]));
  for (const name of names) {
    const kind = declared.get(name);
    if (kind === undefined) {
      const known = [...declared.keys()].join(", ") || "none";
      throw new NotebookError(
        `${label}: unknown parameter "${name}": the parameters cell (cell ${
          parametersIndex + 1
        }) declares ${known}`,
      );
    }
    if (kind === "const") {
      throw new NotebookError(
        `${label}: parameter "${name}" is declared with const in the parameters cell (cell ${
          parametersIndex + 1
        }); declare it with let so it can be set`,
      );
    }
  }
  const lines = names.map((name) => `${name} = ${_literal(name, parameters[name], label)};`);
  const injected: NotebookCell = {
    cell_type: "code",
    execution_count: null,
    // nbformat 4.5 requires ids; a fixed one keeps the diff of a re-run notebook small.
    ...(notebook.nbformat_minor >= 5 ? { id: INJECTED_PARAMETERS_TAG } : {}),
    metadata: { tags: [INJECTED_PARAMETERS_TAG] },
    outputs: [],
    // The kernel echoes a cell's last value (with ANSI colours); `void 0` leaves nothing to echo.
    source: ["// Parameters set by `deno task nb`", ...lines, "void 0;"].join("\n"),
  };
  const cells = [...kept];
  cells.splice(parametersIndex + 1, 0, injected);
  return { notebook: { ...notebook, cells }, removedCells, injectedIndex: parametersIndex + 1 };
}

function _literal(name: string, value: unknown, label: string): string {
  try {
    return toTypeScriptLiteral(value);
  } catch (error) {
    throw new NotebookError(
      `${label}: parameter "${name}": ${error instanceof Error ? error.message : error}`,
    );
  }
}
