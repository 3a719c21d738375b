/**
 * How many file descriptors a run's process needs: every host of a run lives in one process
 * (shards are threads), and every loopback connection between two of them takes a descriptor at
 * each end. A run past the process's limit fails its dials midway, so a bench whose biggest run
 * cannot fit is refused before it starts.
 *
 * @module
 */

/** Descriptors a run's process holds besides its hosts' (Deno, pipes, workers), rounded up. */
export const FDS_PROCESS_BASE = 200;

/** What decides a run's connections. */
export interface RunFdsInput {
  hosts: number;
  /** Peers each joining host dials. */
  dialsPerHost: number;
  /** Topic peers host 0 reaches before its first publish. */
  readyTopicPeers: number;
}

/**
 * Descriptors of one run: one listener per host, two per connection (hosts 1..n-1 dial up to
 * `dialsPerHost` of the hosts before them; host 0 connects to its readiness target), and
 * {@linkcode FDS_PROCESS_BASE}.
 *
 * @example
 * ```ts
 * estimateRunFds({ hosts: 2000, dialsPerHost: 4, readyTopicPeers: 100 }); // 18372
 * ```
 */
export function estimateRunFds(input: RunFdsInput): number {
  let connections = input.readyTopicPeers;
  for (let host = 1; host < input.hosts; host++) {
    connections += Math.min(input.dialsPerHost, host - 1);
  }
  return FDS_PROCESS_BASE + input.hosts + 2 * connections;
}

/**
 * The soft limit of open files a run's process gets, read by a `deno eval` child: Deno lets only
 * `--allow-all` read `/proc/self/limits`, which the bench does not have, and a child has the limit
 * the runs' children (Deno too, which raises its soft limit to the hard one) will have.
 * `undefined` when it cannot be read (not Linux, no `deno` to run).
 */
export async function readOpenFilesLimit(): Promise<number | undefined> {
  const own = Deno.execPath();
  const granted = Deno.permissions.querySync({ name: "run", command: own }).state === "granted";
  try {
    const output = await new Deno.Command(granted ? own : "deno", {
      args: ["eval", "console.log(Deno.readTextFileSync('/proc/self/limits'))"],
      cwd: "/",
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).output();
    return output.success ? openFilesLimit(new TextDecoder().decode(output.stdout)) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The soft limit of open files in `/proc/<pid>/limits` text; `undefined` when the text has none
 * or it is unlimited.
 */
export function openFilesLimit(limitsText: string): number | undefined {
  const match = /^Max open files\s+(\S+)/m.exec(limitsText);
  if (match === null || match[1] === "unlimited") return undefined;
  const limit = Number(match[1]);
  return Number.isSafeInteger(limit) ? limit : undefined;
}
