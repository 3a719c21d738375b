/**
 * Reads a simulator config file and the environment, then parses them with
 * {@linkcode parseSimConfig}.
 *
 * @module
 */
import { ConfigError, osReason, readEnvironment } from "../config/mod.ts";
import { parseSimConfig, SIM_ENV_NAMES, type SimFlags } from "./parse_sim_config.ts";
import type { SimConfig } from "./sim_config.ts";

/** Options of {@linkcode loadSimConfig}. */
export interface LoadSimConfigOptions {
  /** The YAML file. @default {"sim.yml"} */
  file?: string;
  /**
   * Environment overrides. Pass `{}` to ignore the real environment.
   * @default {the `SIM_*` variables, `PS_AM_DEBUG`, read from `Deno.env`}
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** Command-line overrides, applied last. @default {{}} */
  flags?: Readonly<SimFlags>;
}

/**
 * Loads the simulator config: reads `file`, applies the environment and `flags`. A missing
 * `sim.yml` (the default file) means all defaults; a missing file named by the user is an error.
 *
 * @throws {ConfigError} when the file cannot be read or the config is invalid.
 */
export async function loadSimConfig(options: LoadSimConfigOptions = {}): Promise<SimConfig> {
  const file = options.file ?? "sim.yml";
  let text = "";
  try {
    text = await Deno.readTextFile(file);
  } catch (error) {
    if (!(options.file === undefined && error instanceof Deno.errors.NotFound)) {
      throw new ConfigError(`cannot read config file ${JSON.stringify(file)}: ${osReason(error)}`, {
        cause: error,
      });
    }
  }
  const env = options.env ?? readEnvironment(SIM_ENV_NAMES);
  return parseSimConfig(text, file, { env, flags: options.flags });
}
