/**
 * Parameter values from the command line: `-p NAME VALUE` (JSON, else a string), `-r NAME VALUE`
 * (a string), `-y YAML` and `-f FILE` (a YAML mapping), as papermill reads them.
 *
 * @module
 */
import YAML from "yaml";
import { jsonErrorReason, oneLine } from "../config/mod.ts";
import { NotebookError } from "./notebook_error.ts";

const _IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * The value of `-p NAME VALUE`: the JSON value when `text` is JSON (`3`, `true`, `null`,
 * `[3, 5]`, `{"D": 8}`, `"x"`), else `text` itself as a string (`states`). Text that starts like
 * a JSON array, object or string but does not parse is refused rather than taken as a string.
 *
 * @example
 * ```ts
 * parseParameterValue("[3,5]"); // [3, 5]
 * parseParameterValue("states"); // "states"
 * ```
 *
 * @param text the VALUE word as the shell passed it
 * @param name the parameter's name, for the error message
 * @throws {NotebookError} when `text` looks like JSON but is not
 */
export function parseParameterValue(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (/^\s*[[{"]/.test(text)) {
      throw new NotebookError(
        `nb: -p ${name}: ${JSON.stringify(text)} looks like JSON but does not parse (${
          jsonErrorReason(error)
        }); fix it, or pass a plain string with -r ${name} VALUE`,
      );
    }
    return text;
  }
}

/**
 * The parameters of a YAML (or JSON) mapping, as `-y TEXT` and `-f FILE` give them.
 *
 * @param text YAML text whose top level is a mapping
 * @param label where the text came from, e.g. `-y` or `-f params.yml`
 * @throws {NotebookError} when the text is not YAML or its top level is not a mapping
 */
export function parseParameterMapping(text: string, label: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = YAML.parse(text);
  } catch (error) {
    throw new NotebookError(
      `nb: ${label}: not YAML (${
        oneLine(error instanceof Error ? error.message.split("\n")[0] : String(error))
      })`,
      { cause: error },
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new NotebookError(
      `nb: ${label}: must be a mapping of parameter names to values, e.g. "{hosts: [3]}", got ${
        JSON.stringify(value)
      }`,
    );
  }
  return value as Record<string, unknown>;
}

/**
 * Checks that `name` can be a parameter: a TypeScript identifier.
 *
 * @throws {NotebookError} naming the flag and the name
 */
export function validateParameterName(name: string, flag: string): void {
  if (!_IDENTIFIER.test(name)) {
    throw new NotebookError(
      `nb: ${flag}: parameter name must be a TypeScript identifier (letters, digits, _ or $, ` +
        `not starting with a digit), got ${JSON.stringify(name)}`,
    );
  }
}
