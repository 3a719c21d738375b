/**
 * How many topic peers host 0 must have before it publishes the first message.
 *
 * The Go test's rule is n-1: host 0 waits until every other host is its topic peer. It is kept up
 * to {@linkcode READY_TOPIC_PEERS_CAP} + 1 hosts; beyond that the default is the cap, because
 * every one of those topic peers is a connection of host 0's, and one process's file descriptors
 * (20000 here, two per loopback connection, every shard of a run in one process) run out at about
 * 2000 hosts with n-1 of them (docs/scaling.md, "one big run"). `scenario.readyTopicPeers` sets
 * any target from 1 to n-1.
 *
 * @module
 */

/** The default readiness target of big runs: host 0's topic peers, at most. */
export const READY_TOPIC_PEERS_CAP = 999;

/**
 * The readiness target of a run of `hosts` hosts: `setting` when given, else the Go test's n-1
 * up to {@linkcode READY_TOPIC_PEERS_CAP}.
 *
 * @example
 * ```ts
 * resolveReadyTopicPeers(undefined, 20); // 19
 * resolveReadyTopicPeers(undefined, 2000); // 999
 * resolveReadyTopicPeers(50, 2000); // 50
 * ```
 */
export function resolveReadyTopicPeers(setting: number | undefined, hosts: number): number {
  return setting ?? Math.min(hosts - 1, READY_TOPIC_PEERS_CAP);
}
