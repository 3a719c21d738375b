/**
 * The error every failure of the config layer throws.
 *
 * @module
 */

/**
 * A benchmark configuration could not be read or is invalid.
 *
 * The message is one line that names where the bad input is (`bench.yml:14`, `env NUM_HOSTS`,
 * `flag --hosts`), the rule it breaks and the value it got, so `main.ts` can print it as is.
 *
 * @example
 * ```ts
 * import { ConfigError } from "./config_error.ts";
 *
 * const error = new ConfigError("bench.yml:14: matrix.hosts[1] must be an integer >= 2, got -3");
 * console.assert(error.name === "ConfigError");
 * ```
 */
export class ConfigError extends Error {
  /** Always `"ConfigError"`, so the error keeps its kind after serialisation. */
  override name = "ConfigError";

  /**
   * @param message One line: where, the rule, the value got.
   * @param options `cause`: the underlying error (a YAML parse error, a file-system error), if any.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}
