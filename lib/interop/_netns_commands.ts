/**
 * The small process and file steps of the namespace runner (netns_experiment.ts): run a command
 * and fail with its stderr, copy a child's output to a file, kill a child that may be gone.
 *
 * @module
 */
import { InteropError } from "./interop_error.ts";

/** Runs `command` with `args`; a failure throws with its stderr. */
export async function runChecked(command: string, args: string[]): Promise<void> {
  const output = await new Deno.Command(command, { args, stdout: "null", stderr: "piped" })
    .output();
  if (!output.success) {
    const stderr = new TextDecoder().decode(output.stderr).trim();
    throw new InteropError(`network namespaces: ${command} ${args.join(" ")}: ${stderr}`);
  }
}

/** Writes all of `stream` to the file at `path`, replacing it. */
export async function copyStreamToFile(
  stream: ReadableStream<Uint8Array>,
  path: string,
): Promise<void> {
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  await stream.pipeTo(file.writable);
}

/** Sends SIGKILL to `child`; one that has already exited is left alone. */
export function killQuietly(child: Deno.ChildProcess): void {
  try {
    child.kill("SIGKILL");
  } catch {
    // Already exited.
  }
}

/** Whether something exists at `path`. */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
