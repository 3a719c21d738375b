/**
 * Error text as the one line a command prints: other libraries' messages (V8's JSON errors
 * quote the whole input, newlines included) folded so that an error is always one line.
 *
 * @module
 */

/**
 * `text` on one line: each run of white space that holds a line break becomes one space.
 *
 * @example
 * ```ts
 * import { oneLine } from "./one_line.ts";
 *
 * console.assert(oneLine("a\n  b") === "a b");
 * ```
 */
export function oneLine(text: string): string {
  return text.trim().replace(/\s*[\r\n]\s*/g, " ");
}

/**
 * Why `JSON.parse` refused its input, in one line and without the input V8 quotes in the
 * message (`Unexpected token 'x', "{\n x}" is not valid JSON` -> `Unexpected token 'x'`).
 *
 * @example
 * ```ts
 * import { jsonErrorReason } from "./one_line.ts";
 *
 * try {
 *   JSON.parse('{"a":\nx}');
 * } catch (error) {
 *   console.assert(jsonErrorReason(error) === "Unexpected token 'x'");
 * }
 * ```
 */
export function jsonErrorReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return oneLine(message.replace(/, "[\s\S]*" is not valid JSON$/, ""));
}
