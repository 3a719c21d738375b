/**
 * Whether this machine can hold a bench's biggest runs: their memory (`jobs` at once), estimated
 * from the per-host figure measured here, and their open files, against what is available now.
 * Checked before anything is written; `--force` skips it.
 *
 * @module
 */
import type { BenchConfig } from "../config/types.ts";
import { memoryShortfall } from "./estimate_run_memory.ts";
import { estimateRunFds, readOpenFilesLimit } from "./estimate_run_fds.ts";
import { resolveReadyTopicPeers } from "./ready_topic_peers.ts";
import { resolveJobs } from "./run_bench.ts";
import { resolveShards } from "./resolve_shards.ts";

/**
 * What makes the biggest runs of `config` too big for this machine, as one sentence ending in
 * what to do; `undefined` when they fit.
 */
export async function findResourceProblem(config: BenchConfig): Promise<string | undefined> {
  const cores = navigator.hardwareConcurrency;
  const hosts = Math.max(...config.matrix.hosts);
  const unshardable = config.matrix.variants.some((name) =>
    config.variants[name]?.transport === "memory"
  );
  const shards = Math.max(
    ...config.matrix.variants.map((name) =>
      config.variants[name]?.shards ??
        resolveShards(config.shards ?? 1, { hosts, cores, unshardable })
    ),
  );
  const shortfall = memoryShortfall({
    hosts,
    shards,
    jobs: resolveJobs(config.jobs ?? 1, cores),
    availableBytes: Deno.systemMemoryInfo().available,
  });
  if (shortfall !== undefined) {
    return `${shortfall}; use fewer hosts or --jobs, or --force to start anyway`;
  }
  const limit = await readOpenFilesLimit();
  const readyTopicPeers = resolveReadyTopicPeers(config.scenario.readyTopicPeers, hosts);
  const { dialsPerHost } = config.scenario;
  const fds = estimateRunFds({ hosts, dialsPerHost, readyTopicPeers });
  if (limit === undefined || fds <= limit) return undefined;
  return `a run of ${hosts} hosts needs about ${fds} open files (a listener per host and two ` +
    `per connection: ${dialsPerHost} dials per joining host and ${readyTopicPeers} of host ` +
    `0's, every shard in one process), and this process may open ${limit} (ulimit -n); use ` +
    `fewer hosts, a smaller scenario.dialsPerHost or readyTopicPeers, raise ulimit -n, or ` +
    `--force to start anyway`;
}
