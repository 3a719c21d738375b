/**
 * Turns the first zod issue of an interop input into the one-line {@linkcode InteropError} the
 * node prints: `<prefix><path>: <rule>, got <value>`. Schemas carry their rule as the issue's
 * message ("must be an integer >= 0"); an issue whose params say `refusal` is printed without
 * the value (it names an instruction the node will not run, not a bad value).
 *
 * @module
 */
import type { z } from "zod";
import { describeValue } from "./_describe_value.ts";
import { InteropError } from "./interop_error.ts";

/** `["script", 0, "instruction", "x"]` as `script[0].instruction.x`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else text += text === "" ? String(key) : `.${String(key)}`;
  }
  return text;
}

/**
 * The error for the first issue of `error`, found in `value`.
 *
 * @param locate names a place from its path inside `value` (`""` for `value` itself), e.g.
 *   `(path) => path === "" ? "params.json" : \`params.json: ${path}\``
 */
export function interopErrorFromZod(
  error: z.ZodError,
  value: unknown,
  locate: (path: string) => string,
): InteropError {
  const issue = error.issues[0];
  const where = locate(formatIssuePath(issue.path));
  if (issue.code === "unrecognized_keys") {
    return new InteropError(
      `${where}: unknown key${issue.keys.length === 1 ? "" : "s"} ${
        issue.keys.map((key) => JSON.stringify(key)).join(", ")
      }`,
      { cause: error },
    );
  }
  const params = (issue as { params?: { refusal?: boolean } }).params;
  if (params?.refusal === true) return new InteropError(`${where}: ${issue.message}`);
  const got = describeValue(_valueAt(value, issue.path));
  return new InteropError(`${where}: ${issue.message}, got ${got}`, { cause: error });
}

/** A `locate` for {@linkcode interopErrorFromZod} that appends paths to `where`. */
export function locateUnder(where: string): (path: string) => string {
  return (path) => path === "" ? where : `${where}${path.startsWith("[") ? "" : "."}${path}`;
}

function _valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
