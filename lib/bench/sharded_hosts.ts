/**
 * The hosts of a sharded run, as the scenario sees them: spread over the shards of a
 * {@linkcode ShardPool} (host i in shard i mod S), each shard a worker thread with its own event
 * loop, the hosts connected over TCP on 127.0.0.1. This thread, the coordinator, holds the run's
 * one mock discovery service and answers every host's discovery requests, and feeds the shards'
 * delivery verdicts to the run's tracker.
 *
 * While hosts 1..n-1 join, discovery applies their advertisements and answers their lookups in
 * host order, whatever order the shards' messages arrive in: host i finds exactly hosts 1..i-1,
 * as in a one-shard run, and the seed's draws come in the same order, so a seed gives the same
 * network however many shards there are.
 *
 * @module
 */
import { createMockDiscovery, type PeerRecord } from "../net/mod.ts";
import { sumTransitions, waitForRecords } from "./local_hosts.ts";
import { type ScenarioHosts, type ScenarioHostsInit, type StopOutcome } from "./scenario_hosts.ts";
import type { ShardPool } from "./shard_pool.ts";
import type { FromShard, IndexedRecord } from "./shard_protocol.ts";

/** The shard that holds host `index` among `shards`. */
export function shardOfHost(index: number, shards: number): number {
  return index % shards;
}

/**
 * The scenario's hosts on `pool`'s shards. The scenario's clock (`init.now`) must be
 * `performance.now`: shards' times are converted to it.
 */
export function createShardedHosts(init: ScenarioHostsInit, pool: ShardPool): ScenarioHosts {
  const { hosts: n, scenario } = init;
  const discoveryRandom = init.random.fork("discovery");
  const discovery = createMockDiscovery({ now: init.now, random: () => discoveryRandom.next() });
  const records: PeerRecord[] = [];
  const shards = Array.from({ length: pool.size }, (_, shard) => shard);
  const toLocalTime = (epochMs: number): number => epochMs - performance.timeOrigin;
  // Joins in host order (see the module doc): each host's first advertisement and lookup wait
  // here until every host before it has joined.
  const sequence = {
    active: false,
    next: 1,
    advertised: new Map<number, { namespace: string; ttlMs: number }>(),
    finds: new Map<number, Extract<FromShard, { type: "find" }>>(),
  };
  let hostZeroJoined = false;

  const answerFind = (shard: number, request: Extract<FromShard, { type: "find" }>): void => {
    const found = discovery.findPeers(request.namespace, request.limit, {
      exclude: records[request.host].peerId,
    });
    pool.post(shard, { type: "found", id: request.id, records: found });
  };
  const drainJoins = (): void => {
    while (sequence.advertised.has(sequence.next) && sequence.finds.has(sequence.next)) {
      const host = sequence.next++;
      const { namespace, ttlMs } = sequence.advertised.get(host)!;
      sequence.advertised.delete(host);
      discovery.advertise(namespace, records[host], ttlMs);
      const find = sequence.finds.get(host)!;
      sequence.finds.delete(host);
      answerFind(shardOfHost(host, pool.size), find);
    }
  };
  const inJoinOrder = (host: number): boolean =>
    sequence.active && host !== 0 && host >= sequence.next;

  pool.onMessage((shard, message) => {
    switch (message.type) {
      case "advertise":
        if (inJoinOrder(message.host)) {
          sequence.advertised.set(message.host, message);
          drainJoins();
        } else {
          discovery.advertise(message.namespace, records[message.host], message.ttlMs);
        }
        return;
      case "stop-advertising":
        discovery.stopAdvertising(message.namespace, records[message.host].peerId);
        return;
      case "find":
        if (inJoinOrder(message.host) && !sequence.finds.has(message.host)) {
          sequence.finds.set(message.host, message);
          drainJoins();
        } else {
          answerFind(shard, message);
        }
        return;
      case "deliveries":
        for (let i = 0; i < message.hosts.length; i++) {
          init.tracker.receiveVerified(
            message.hosts[i],
            message.indices[i],
            toLocalTime(message.times[i]),
          );
        }
        return;
      case "corrupted":
        init.tracker.receiveCorrupted(message.host, message.index);
        return;
    }
  });

  const callAll = <T>(call: (shard: number) => Promise<T>): Promise<T[]> =>
    Promise.all(shards.map(call));

  return {
    async create() {
      const created: IndexedRecord[][] = await callAll((shard) =>
        pool.call(shard, "create", {
          shard,
          indices: Array.from({ length: n }, (_, index) => index)
            .filter((index) => shardOfHost(index, pool.size) === shard),
          hosts: n,
          variant: init.variant,
          scenario,
          seed: init.seed,
          runTag: init.runTag,
        })
      );
      for (const record of created.flat()) {
        records[record.index] = { peerId: record.peerId, addrs: record.addrs };
      }
      return records.map((record) => record.peerId);
    },
    async joinOthers() {
      sequence.active = true;
      const joined = callAll((shard) => pool.call(shard, "joinOthers", {}));
      // A shard that failed has no joins to wait for: its error ends the phase at once.
      const failed = joined.then(() => new Promise<never>(() => {}));
      try {
        await Promise.race([
          waitForRecords(discovery, records.map((record) => record.peerId), scenario),
          failed,
        ]);
        return (await joined).reduce((sum, failures) => sum + failures, 0);
      } finally {
        sequence.active = false;
        joined.catch(() => {});
      }
    },
    async join(index) {
      await pool.call(shardOfHost(index, pool.size), "join", { index });
      if (index === 0) hostZeroJoined = true;
    },
    bootstrap: (index, minTopicPeers, discoverLimit) =>
      pool.call(shardOfHost(index, pool.size), "bootstrap", {
        index,
        minTopicPeers,
        discoverLimit,
      }),
    async meshDegrees(publisher) {
      const degrees = await callAll((shard) => pool.call(shard, "meshDegrees", { publisher }));
      const sum = degrees.reduce((total, degree) => total + degree.sum, 0);
      const own = degrees.find((degree) => degree.publisher !== undefined)?.publisher;
      return { publisher: own ?? 0, mean: sum / n };
    },
    async publish(message, readiness) {
      for (const shard of shards) {
        pool.post(shard, { type: "expect", index: message.index, data: message.data });
      }
      const outcome = await pool.call(shardOfHost(message.publisher, pool.size), "publish", {
        ...message,
        ...(readiness !== undefined ? { readiness } : {}),
      });
      return {
        ...(outcome.bootstrap !== undefined ? { bootstrap: outcome.bootstrap } : {}),
        ...(outcome.publishedAt !== undefined
          ? { publishedAt: toLocalTime(outcome.publishedAt) }
          : {}),
      };
    },
    joinedCount: () => sequence.next - 1 + (hostZeroJoined ? 1 : 0),
    async problems() {
      return (await callAll((shard) => pool.call(shard, "problems", {}))).flat();
    },
    async stop(): Promise<StopOutcome> {
      const stopped = await Promise.allSettled(shards.map((shard) => pool.call(shard, "stop", {})));
      const ok = stopped.flatMap((result) => result.status === "fulfilled" ? [result.value] : []);
      const lost = shards.filter((shard) => stopped[shard].status === "rejected");
      const transitions = sumTransitions(ok.map((shard) => shard.transitions));
      return {
        // A shard that could not stop its hosts (it crashed) counts all of them.
        stopErrors: ok.reduce((sum, shard) => sum + shard.stopErrors, 0) +
          lost.reduce((sum, shard) => sum + _hostsOf(shard, n, pool.size), 0),
        ...(transitions !== undefined ? { transitions } : {}),
        receptions: ok.reduce((sum, shard) => sum + shard.receptions, 0),
        shardHeap: {
          maxBytes: ok.reduce((sum, shard) => sum + shard.heapUsedMaxBytes, 0),
          finalBytes: ok.reduce((sum, shard) => sum + shard.heapUsedFinalBytes, 0),
        },
      };
    },
  };
}

function _hostsOf(shard: number, hosts: number, shards: number): number {
  return Math.floor((hosts - 1 - shard) / shards) + 1;
}
