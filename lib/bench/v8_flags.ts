/**
 * The V8 flags of a bench's run processes (`v8Flags`): how they are passed, and whether this
 * Deno's V8 takes them, checked once before a bench starts so that a typo fails at once with its
 * name instead of as every run's crash.
 *
 * @module
 */
import { denoCommand } from "./run_in_child.ts";

/** The `deno run` argument that hands `flags` to V8; none when there are none. */
export function v8FlagsArgs(flags: readonly string[] | undefined): string[] {
  return flags !== undefined && flags.length > 0 ? [`--v8-flags=${flags.join(",")}`] : [];
}

/**
 * Why V8 refuses `flags`, in its own words, as one line naming the setting; `undefined` when it
 * takes them (or there are none).
 */
export async function findV8FlagsProblem(
  flags: readonly string[] | undefined,
): Promise<string | undefined> {
  if (flags === undefined || flags.length === 0) return undefined;
  const probe = await new Deno.Command(denoCommand(), {
    args: ["eval", ...v8FlagsArgs(flags), "0"],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  if (probe.success) return undefined;
  const said = new TextDecoder().decode(probe.stderr).split("\n")
    .map((line) => line.trim())
    .find((line) => line.startsWith("error:") || line.startsWith("Error:"));
  return `v8Flags ${flags.join(",")}: ${
    said?.replace(/^error:\s*/i, "") ?? `deno exited with code ${probe.code}`
  }; see deno run --v8-flags=--help`;
}
