/**
 * How many topic peers host 0 must have before it publishes the first message.
 *
 * The Go test's rule is n-1: host 0 waits until every other host is its topic peer. It is kept up
 * to {@linkcode GO_RULE_MAX_HOSTS} hosts. Above that the default is
 * {@linkcode BIG_RUN_READY_TOPIC_PEERS}. Measured on a 2-core machine (docs/scaling.md, "one big
 * run"): at 500 hosts n-1 holds (host 0 got its 499 topic peers in 38 s of the first-message
 * phase); at 1000 host 0 never got ready, every connection open, while the idle routers' own
 * work (a thousand heartbeats a second) kept both cores busy; and every topic peer of host 0's
 * is a connection, two file descriptors in a process that holds every host of the run (shards
 * are threads). A hundred direct peers still start the first message well on its way; the mesh
 * carries it to the rest, and every host must still receive it. `scenario.readyTopicPeers` sets
 * any target from 1 to n-1.
 *
 * @module
 */

/** Up to this many hosts, host 0 waits for n-1 topic peers, as in the Go test. */
export const GO_RULE_MAX_HOSTS = 500;
/** The default readiness target of runs of more than {@linkcode GO_RULE_MAX_HOSTS} hosts. */
export const BIG_RUN_READY_TOPIC_PEERS = 100;

/**
 * The readiness target of a run of `hosts` hosts: `setting` when given, else the Go test's n-1
 * up to {@linkcode GO_RULE_MAX_HOSTS} hosts and {@linkcode BIG_RUN_READY_TOPIC_PEERS} above.
 *
 * @example
 * ```ts
 * resolveReadyTopicPeers(undefined, 20); // 19
 * resolveReadyTopicPeers(undefined, 500); // 499
 * resolveReadyTopicPeers(undefined, 1000); // 100
 * resolveReadyTopicPeers(50, 2000); // 50
 * ```
 */
export function resolveReadyTopicPeers(setting: number | undefined, hosts: number): number {
  if (setting !== undefined) return setting;
  return hosts <= GO_RULE_MAX_HOSTS ? hosts - 1 : BIG_RUN_READY_TOPIC_PEERS;
}
