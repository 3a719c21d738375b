// Test helper: what /proc says about processes, to check that none is left behind.

/** A process as /proc/<pid>/stat shows it. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgrp: number;
  /** One-letter state; `Z` is a zombie: dead, only its exit status left. */
  state: string;
  command: string;
}

/** Every process /proc shows now (those that vanish while it is read are left out). */
export function listProcesses(): ProcessInfo[] {
  const processes: ProcessInfo[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const stat = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
      // The command sits in parentheses and may hold spaces; the fields follow the last ")".
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      let command = "";
      try {
        command = Deno.readTextFileSync(`/proc/${entry.name}/cmdline`).replaceAll("\0", " ");
      } catch {
        // gone meanwhile
      }
      processes.push({
        pid: Number(entry.name),
        state: fields[0],
        ppid: Number(fields[1]),
        pgrp: Number(fields[2]),
        command,
      });
    } catch {
      // gone meanwhile
    }
  }
  return processes;
}

/** The live (not zombie) processes among `pids`. */
export function aliveAmong(pids: readonly number[]): ProcessInfo[] {
  const wanted = new Set(pids);
  return listProcesses().filter((process) => wanted.has(process.pid) && process.state !== "Z");
}

/** Every live descendant of `pid`. */
export function descendantsOf(pid: number): ProcessInfo[] {
  const all = listProcesses().filter((process) => process.state !== "Z");
  const found: ProcessInfo[] = [];
  let frontier = [pid];
  while (frontier.length > 0) {
    const children = all.filter((process) => frontier.includes(process.ppid));
    found.push(...children);
    frontier = children.map((process) => process.pid);
  }
  return found;
}

/**
 * How many TCP sockets `pid` listens on: a run's hosts listen on 127.0.0.1 once they exist, while
 * a loaded child waiting for its go listens on none.
 */
export function listeningTcpSockets(pid: number): number {
  const inodes = new Set<string>();
  try {
    for (const entry of Deno.readDirSync(`/proc/${pid}/fd`)) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(Deno.readLinkSync(`/proc/${pid}/fd/${entry.name}`));
        if (match) inodes.add(match[1]);
      } catch {
        // closed meanwhile
      }
    }
    let count = 0;
    for (const table of ["tcp", "tcp6"]) {
      const lines = Deno.readTextFileSync(`/proc/${pid}/net/${table}`).split("\n").slice(1);
      for (const line of lines) {
        const fields = line.trim().split(/\s+/);
        // fields[3] is the state (0A: LISTEN), fields[9] the socket's inode.
        if (fields[3] === "0A" && inodes.has(fields[9])) count++;
      }
    }
    return count;
  } catch {
    return 0; // gone
  }
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
