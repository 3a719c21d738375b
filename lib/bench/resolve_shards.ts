/**
 * How many shards (worker threads) a run's hosts are spread over.
 *
 * @module
 */
import type { ShardsSetting } from "../config/types.ts";

/**
 * Hosts per shard below which `auto` adds no shard: a shard costs a worker thread (its own V8
 * isolate, about 40 MB, and a second of loading ahead of the run) and every delivery crosses
 * threads, which small runs do not earn back (docs/scaling.md, "one big run").
 */
export const AUTO_HOSTS_PER_SHARD = 50;

/** What `auto` looks at. */
export interface ResolveShardsOptions {
  hosts: number;
  /** Cores of this machine. */
  cores: number;
  /**
   * Some variant of the bench cannot be sharded (the memory transport): `auto` then keeps every
   * run of the bench in one shard, so that the variants of a cell stay comparable.
   */
  unshardable?: boolean;
}

/**
 * The shards of one run: a number as it is; `auto` one shard per {@linkcode AUTO_HOSTS_PER_SHARD}
 * hosts, at least 1 and at most one per core (1 when `unshardable`). It depends on the cell's
 * hosts only, never on the variant: every variant of a cell runs with the same sharding.
 *
 * @example
 * ```ts
 * resolveShards("auto", { hosts: 20, cores: 2 }); // 1
 * resolveShards("auto", { hosts: 1000, cores: 2 }); // 2
 * resolveShards(3, { hosts: 1000, cores: 2 }); // 3
 * ```
 */
export function resolveShards(setting: ShardsSetting, options: ResolveShardsOptions): number {
  if (setting !== "auto") return setting;
  if (options.unshardable) return 1;
  const byHosts = Math.floor(options.hosts / AUTO_HOSTS_PER_SHARD);
  return Math.max(1, Math.min(options.cores, byHosts));
}
