/**
 * Parameter values as TypeScript source, the way `deno fmt` writes them.
 *
 * @module
 */

const _IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * The TypeScript literal of a JSON-like `value`: strings double-quoted and escaped, numbers as
 * JavaScript writes them (`NaN`, `Infinity` and `-0` included), booleans, `null`, arrays as
 * `[1, 2]`, objects as `{ D: 8, "a-b": 1 }` (keys bare when they are identifiers) and `{}` / `[]`
 * when empty. This is the spacing `deno fmt` uses, so an injected cell is already formatted while
 * it fits on one line.
 *
 * @example
 * ```ts
 * toTypeScriptLiteral({ D: 8, heartbeatIntervalMs: 700 }); // '{ D: 8, heartbeatIntervalMs: 700 }'
 * toTypeScriptLiteral([3, 5]); // "[3, 5]"
 * ```
 *
 * @param value what JSON or YAML parsing gives: plain objects, arrays, strings, numbers,
 * booleans and null; not modified
 * @throws {TypeError} for anything else (undefined, a function, a Date, a class instance, ...),
 * naming where in `value` it sits
 */
export function toTypeScriptLiteral(value: unknown): string {
  return _literal(value, "value");
}

function _literal(value: unknown, at: string): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return String(value);
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "object":
      if (Array.isArray(value)) {
        return `[${value.map((item, index) => _literal(item, `${at}[${index}]`)).join(", ")}]`;
      }
      if (
        Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null
      ) {
        const entries = Object.entries(value);
        if (entries.length === 0) return "{}";
        const fields = entries.map(([key, item]) =>
          `${_IDENTIFIER.test(key) ? key : JSON.stringify(key)}: ${_literal(item, `${at}.${key}`)}`
        );
        return `{ ${fields.join(", ")} }`;
      }
  }
  throw new TypeError(
    `toTypeScriptLiteral: ${at} must be JSON-like (object, array, string, number, boolean or ` +
      `null), got ${_describe(value)}`,
  );
}

function _describe(value: unknown): string {
  if (typeof value === "object" && value !== null) {
    return `an instance of ${value.constructor?.name ?? "an unknown class"}`;
  }
  return typeof value === "function" ? "a function" : String(value);
}
