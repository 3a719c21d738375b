/**
 * How much memory a bench's biggest runs will take, estimated from figures measured on this
 * project's runs, so that a host count the machine cannot hold is refused before anything starts.
 *
 * @module
 */

const _MIB = 2 ** 20;

/**
 * RSS a run adds per host: the independent one-process measurement gave 1.6 MB per extra
 * host; the 1000-host run of docs/scaling.md ("one big run") held 1.68 GiB with 2 shards before
 * its first message, about 1.5 MB per host over its bases. Messages in flight add more (200 x 100
 * in a burst peaked at 658-996 MiB), so this is the floor a bench is refused below, not a forecast.
 */
export const RSS_PER_HOST_BYTES = 1.6 * _MIB;
/** Peak RSS of a run's process before its hosts: Deno, the modules, the run's own state. */
export const RSS_PROCESS_BASE_BYTES = 120 * _MIB;
/** Peak RSS of each shard's worker thread before its hosts: its isolate and its modules. */
export const RSS_SHARD_BASE_BYTES = 50 * _MIB;

/**
 * The estimated peak RSS of one run of `hosts` hosts over `shards` shards.
 *
 * @example
 * ```ts
 * estimateRunRssBytes(1000, 2) / 2 ** 30; // about 1.78 (GiB)
 * ```
 */
export function estimateRunRssBytes(hosts: number, shards: number): number {
  return RSS_PROCESS_BASE_BYTES + (shards > 1 ? shards * RSS_SHARD_BASE_BYTES : 0) +
    hosts * RSS_PER_HOST_BYTES;
}

/** A run shape the memory check looks at. */
export interface MemoryCheckInput {
  /** The biggest host count of the bench, and its shards. */
  hosts: number;
  shards: number;
  /** Runs at once. */
  jobs: number;
  /** Memory the system has available now (`Deno.systemMemoryInfo().available`). */
  availableBytes: number;
}

/**
 * Why the bench's biggest runs will not fit in the available memory (`jobs` of them at once),
 * or `undefined` when they fit.
 *
 * @example
 * ```ts
 * memoryShortfall({ hosts: 10000, shards: 2, jobs: 2, availableBytes: 8 * 2 ** 30 });
 * // "a run of 10000 hosts needs about 15.8 GiB ..."
 * ```
 */
export function memoryShortfall(input: MemoryCheckInput): string | undefined {
  const perRun = estimateRunRssBytes(input.hosts, input.shards);
  const needed = perRun * input.jobs;
  if (needed <= input.availableBytes) return undefined;
  const gib = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  const runs = input.jobs > 1 ? `, ${input.jobs} at once (--jobs): ${gib(needed)}` : "";
  return `a run of ${input.hosts} hosts needs about ${gib(perRun)} (${
    (RSS_PER_HOST_BYTES / _MIB).toFixed(1)
  } MiB per host plus ${RSS_PROCESS_BASE_BYTES / _MIB} MiB per process and ${
    RSS_SHARD_BASE_BYTES / _MIB
  } MiB per shard, as measured here)${runs}, and this machine has ${
    gib(input.availableBytes)
  } available`;
}
