/**
 * Reads a bench config file and the environment, then parses them with
 * {@linkcode parseBenchConfig}.
 *
 * @module
 */

import { ConfigError } from "./config_error.ts";
import { osReason, readEnvironment } from "./read_environment.ts";
import { ENV_NAMES } from "./_overrides.ts";
import { type BenchFlags, parseBenchConfig } from "./parse_bench_config.ts";
import type { BenchConfig } from "./types.ts";

/** Options of {@linkcode loadBenchConfig}. */
export interface LoadBenchConfigOptions {
  /**
   * The YAML file, relative to the working directory or absolute.
   * @default {"bench.yml"}
   */
  file?: string;
  /**
   * A profile of the file's `profiles` section.
   * @default {undefined} (no profile)
   */
  profile?: string;
  /**
   * Environment overrides (see {@linkcode ParseBenchConfigOptions.env}). Pass `{}` to ignore the
   * real environment.
   * @default {the nine variables read from `Deno.env`}
   */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Command-line overrides, applied last.
   * @default {{}}
   */
  flags?: Readonly<BenchFlags>;
}

/**
 * Loads the benchmark config: reads `file`, applies `profile`, the environment and `flags`.
 *
 * Needs read permission for `file`, and env permission for `NUM_HOSTS`, `RAND_MSGS` and the
 * `BENCH_*` variables unless `env` is given. The `yaml` package also reads `LOG_TOKENS` and
 * `LOG_STREAM` while parsing, so a narrowed `--allow-env` must include them.
 *
 * @throws {ConfigError} when the file cannot be read (`cannot read config file "nope.yml": ...`)
 * or the config is invalid (see {@linkcode parseBenchConfig}).
 *
 * @example
 * ```ts ignore
 * import { loadBenchConfig } from "./load_bench_config.ts";
 *
 * const config = await loadBenchConfig({ profile: "smoke", flags: { hosts: "4" } });
 * ```
 */
export async function loadBenchConfig(
  options: LoadBenchConfigOptions = {},
): Promise<BenchConfig> {
  const { file = "bench.yml", profile, flags } = options;
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (error) {
    throw new ConfigError(
      `cannot read config file ${JSON.stringify(file)}: ${osReason(error)}`,
      { cause: error },
    );
  }
  const env = options.env ?? readEnvironment(ENV_NAMES);
  return parseBenchConfig(text, file, { profile, env, flags });
}
