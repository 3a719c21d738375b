/**
 * Reads a simulator config file and the environment, then parses them with
 * {@linkcode parseSimConfig}.
 *
 * @module
 */
import { ConfigError } from "../config/mod.ts";
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
      throw new ConfigError(`cannot read config file ${JSON.stringify(file)}: ${_reason(error)}`, {
        cause: error,
      });
    }
  }
  const env = options.env ?? _readEnv();
  return parseSimConfig(text, file, { env, flags: options.flags });
}

function _readEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const name of SIM_ENV_NAMES) {
    try {
      env[name] = Deno.env.get(name);
    } catch (error) {
      throw new ConfigError(`cannot read environment variable ${name}: ${_reason(error)}`, {
        cause: error,
      });
    }
  }
  return env;
}

function _reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n", 1)[0].replace(/ \(os error \d+\).*$/, "");
}
