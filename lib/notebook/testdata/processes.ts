// Test helpers: processes by PID, from /proc (Linux), for "nothing left behind" checks.

/** Whether `pid` is a running process (a zombie, already dead but not reaped, is not). */
export async function isAlive(pid: number): Promise<boolean> {
  try {
    const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
    // "pid (comm) S ...": the state follows the last ")".
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** The parent PID of `pid`, or undefined when it is gone. */
export async function parentOf(pid: number): Promise<number | undefined> {
  try {
    const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

/** The command line of `pid`, words joined by spaces ("" when it is gone). */
export async function commandLine(pid: number): Promise<string> {
  try {
    return (await Deno.readTextFile(`/proc/${pid}/cmdline`)).split("\0").join(" ").trim();
  } catch {
    return "";
  }
}

/** Polls `condition` every 100 ms until it holds; throws `message` after `timeoutMs`. */
export async function waitFor(
  condition: () => Promise<boolean>,
  message: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
