/**
 * Reading a config's inputs from the process: environment variables and files' OS errors, as
 * one-line ConfigErrors. Shared by the bench and simulator configs.
 *
 * @module
 */
import { ConfigError } from "./config_error.ts";

/**
 * The values of `names` in the environment (`undefined` when unset).
 *
 * @throws {ConfigError} naming the variable, when the environment cannot be read (no permission)
 */
export function readEnvironment(names: readonly string[]): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const name of names) {
    try {
      env[name] = Deno.env.get(name);
    } catch (error) {
      throw new ConfigError(`cannot read environment variable ${name}: ${osReason(error)}`, {
        cause: error,
      });
    }
  }
  return env;
}

/**
 * The OS's reason without Deno's `(os error 2): readfile 'x'` tail. A path Deno's permissions
 * do not cover is said so without Deno's advice to rerun with a wider flag: the tasks' permissions
 * are chosen, and `/proc`, `/dev` and `/sys` need `--allow-all`, which no task grants.
 */
export function osReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Deno.errors.NotCapable) {
    const denied = /^Requires (\w+) access to (.+?)(?:, run again with the --allow-[\w-]+ flag)?$/
      .exec(message.split("\n", 1)[0]);
    if (denied !== null) {
      const [, access, target] = denied;
      return access === "all"
        ? `${target} is a system path this command may not use; choose a path elsewhere`
        : `this command has no ${access} permission for ${target}`;
    }
  }
  return message.split("\n", 1)[0].replace(/ \(os error \d+\).*$/, "");
}
