// Test helper: what the OS says about processes, to check that none is left behind.

/** A process as `ps` shows it. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgrp: number;
  /** One-letter state; `Z` is a zombie: dead, only its exit status left. */
  state: string;
  command: string;
}

async function _output(command: string, args: string[]): Promise<string> {
  const output = await new Deno.Command(command, { args, stdout: "piped", stderr: "null" })
    .output();
  return new TextDecoder().decode(output.stdout);
}

/**
 * Every process now, from `ps` (Deno lets only `--allow-all` read /proc itself; `ps` comes with
 * procps, in .ci/run's packages).
 */
export async function listProcesses(): Promise<ProcessInfo[]> {
  const text = await _output("ps", ["-eo", "pid=,ppid=,pgid=,stat=,args="]);
  return text.split("\n").filter((line) => line.trim() !== "").map((line) => {
    const [pid, ppid, pgrp, stat, ...command] = line.trim().split(/\s+/);
    return {
      pid: Number(pid),
      ppid: Number(ppid),
      pgrp: Number(pgrp),
      state: stat[0],
      command: command.join(" "),
    };
  });
}

/** The live (not zombie) processes among `pids`. */
export async function aliveAmong(pids: readonly number[]): Promise<ProcessInfo[]> {
  const wanted = new Set(pids);
  return (await listProcesses()).filter((p) => wanted.has(p.pid) && p.state !== "Z");
}

/** Every live descendant of `pid`. */
export async function descendantsOf(pid: number): Promise<ProcessInfo[]> {
  const all = (await listProcesses()).filter((p) => p.state !== "Z");
  const found: ProcessInfo[] = [];
  let frontier = [pid];
  while (frontier.length > 0) {
    const children = all.filter((p) => frontier.includes(p.ppid));
    found.push(...children);
    frontier = children.map((p) => p.pid);
  }
  return found;
}

/**
 * The processes among `pids` that listen on TCP, from `ss` (iproute2): a run's hosts listen on
 * 127.0.0.1 once they exist, while a loaded child waiting for its go listens on nothing.
 */
export async function listeningAmong(pids: readonly number[]): Promise<number[]> {
  const text = await _output("ss", ["-Hltnp"]);
  const listening = new Set([...text.matchAll(/pid=(\d+)/g)].map((match) => Number(match[1])));
  return pids.filter((pid) => listening.has(pid));
}

/**
 * Checks `condition` every `everyMs` until it holds or `timeoutMs` passes; this watches the OS's
 * state (processes, files), which offers no event to await.
 */
export async function pollUntil(
  condition: () => boolean | Promise<boolean>,
  what: string,
  { timeoutMs = 60_000, everyMs = 50 } = {},
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
