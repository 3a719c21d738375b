/**
 * One shard of a sharded run: some of the run's hosts, in this thread, with their drivers, a
 * discovery client that asks the coordinator's service, and the byte-for-byte delivery check of
 * what they receive. It answers the coordinator's calls (`shard_protocol.ts`); the worker entry
 * (`shard_worker.ts`) connects it to its port.
 *
 * @module
 */
import pLimit from "p-limit";
import {
  type BenchHost,
  closeTrackedBroadcastChannels,
  createBenchHost,
  type DiscoveryClient,
  type PeerRecord,
} from "../net/mod.ts";
import { createHostDriver } from "./create_host_driver.ts";
import { createDeliveryVerifier } from "./delivery_verifier.ts";
import type { HostDriver } from "./host_driver.ts";
import { sumTransitions } from "./local_hosts.ts";
import { createSeededRandom } from "./seeded_random.ts";
import {
  epochNow,
  type FromShard,
  type ShardMethod,
  type ShardMethods,
  type ShardPort,
  type ShardSetup,
  type ToShard,
} from "./shard_protocol.ts";

/** How often the shard samples its heap, as the run's main thread does. */
const _HEAP_SAMPLE_INTERVAL_MS = 25;

/**
 * Serves the coordinator on `port` until it calls `stop`. Deliveries are verified here and sent
 * in batches, one per turn of the event loop.
 */
export function serveHostShard(port: ShardPort<ToShard, FromShard>): void {
  let setup: ShardSetup | undefined;
  const hosts = new Map<number, BenchHost>();
  const drivers = new Map<number, HostDriver>();
  const finds = new Map<number, (records: PeerRecord[]) => void>();
  let nextFind = 0;
  let publishing: Promise<unknown> = Promise.resolve();
  let publishStopped = false;
  let heapUsedMaxBytes = 0;
  const sampleHeap = (): void => {
    heapUsedMaxBytes = Math.max(heapUsedMaxBytes, Deno.memoryUsage().heapUsed);
  };
  const sampler = setInterval(sampleHeap, _HEAP_SAMPLE_INTERVAL_MS);

  // Verdicts go out in one message per turn of the event loop, not one per reception.
  let batch: { hosts: number[]; indices: number[]; times: number[] } | undefined;
  const flush = (): void => {
    if (batch === undefined) return;
    port.post({ type: "deliveries", ...batch });
    batch = undefined;
  };
  const verifier = createDeliveryVerifier({
    delivered(host, index, time) {
      if (batch === undefined) {
        batch = { hosts: [], indices: [], times: [] };
        setTimeout(flush, 0);
      }
      batch.hosts.push(host);
      batch.indices.push(index);
      batch.times.push(time);
    },
    corrupted: (host, index) => port.post({ type: "corrupted", host, index }),
  });

  const discoveryOf = (host: number): DiscoveryClient => ({
    // Not answered: the port keeps order, so a later find of any host sees this record.
    advertise(namespace, ttlMs) {
      port.post({ type: "advertise", host, namespace, ttlMs });
      return Promise.resolve();
    },
    stopAdvertising(namespace) {
      port.post({ type: "stop-advertising", host, namespace });
      return Promise.resolve();
    },
    findPeers(namespace, limit) {
      const id = nextFind++;
      return new Promise((resolve) => {
        finds.set(id, resolve);
        port.post({ type: "find", id, host, namespace, limit });
      });
    },
  });

  const methods: {
    [M in ShardMethod]: (args: ShardMethods[M]["args"]) => Promise<ShardMethods[M]["result"]>;
  } = {
    async create(args) {
      setup = args;
      const { variant, scenario } = args;
      const keys = createSeededRandom(args.seed).fork("keys");
      // Every shard draws every host's key in index order, so host i has the same key however
      // the hosts are spread.
      const keySeeds = Array.from({ length: args.hosts }, () => keys.bytes(32));
      const limitDial = pLimit(scenario.dialConcurrency);
      const created = await Promise.all(
        args.indices.map((index) =>
          createBenchHost({ index, keySeed: keySeeds[index], runTag: args.runTag, variant })
        ),
      );
      for (const host of created) {
        hosts.set(host.index, host);
        const driver = createHostDriver(variant.orchestration, {
          host,
          discovery: discoveryOf(host.index),
          limitDial,
          bootstrap: {
            backoffMs: scenario.bootstrapBackoffMs,
            maxBackoffMs: scenario.bootstrapMaxBackoffMs,
            maxAttempts: scenario.bootstrapMaxAttempts,
          },
          discoveryTtlMs: scenario.discoveryTtlMs,
        });
        drivers.set(host.index, driver);
        driver.onMessage((message) => verifier.receive(host.index, message.data, epochNow()));
        const validationDelayMs = variant.validationDelayMs ?? scenario.validationDelayMs;
        if (validationDelayMs > 0) host.setValidationDelay(scenario.topic, validationDelayMs);
      }
      return created.map((host) => ({ index: host.index, peerId: host.peerId, addrs: host.addrs }));
    },
    async joinOthers() {
      const { scenario } = setup!;
      const dials: Promise<number>[] = [];
      for (const [index, driver] of drivers) {
        if (index === 0) continue;
        await driver.join(scenario.topic, scenario.discoveryTtlMs);
        dials.push(driver.dialDiscovered(scenario.topic, scenario.dialsPerHost));
      }
      return (await Promise.all(dials)).reduce((sum, failures) => sum + failures, 0);
    },
    async join({ index }) {
      await drivers.get(index)!.join(setup!.scenario.topic, setup!.scenario.discoveryTtlMs);
      return null;
    },
    bootstrap: ({ index, minTopicPeers, discoverLimit }) =>
      drivers.get(index)!.bootstrap(setup!.scenario.topic, minTopicPeers, discoverLimit),
    meshDegrees({ publisher }) {
      const topic = setup!.scenario.topic;
      let sum = 0;
      for (const driver of drivers.values()) sum += driver.meshDegree(topic);
      const own = drivers.get(publisher);
      return Promise.resolve(
        own === undefined ? { sum } : { sum, publisher: own.meshDegree(topic) },
      );
    },
    publish(args) {
      const result = publishing.then(() => _publish(args));
      publishing = result.catch(() => {});
      return result;
    },
    problems: () => Promise.resolve(verifier.unknownReceptions()),
    async stop() {
      flush();
      clearInterval(sampler);
      sampleHeap();
      const transitions = sumTransitions(
        [...drivers.values()].map((driver) => driver.transitions()),
      );
      const stopped = await Promise.allSettled(
        [...drivers.values()].map((driver) => driver.stop()),
      );
      closeTrackedBroadcastChannels();
      return {
        stopErrors: stopped.filter((result) => result.status === "rejected").length,
        ...(transitions !== undefined ? { transitions } : {}),
        receptions: [...hosts.values()].reduce((sum, host) => sum + host.messageReceptions, 0),
        heapUsedMaxBytes,
        heapUsedFinalBytes: Deno.memoryUsage().heapUsed,
      };
    },
  };

  async function _publish(
    args: ShardMethods["publish"]["args"],
  ): Promise<ShardMethods["publish"]["result"]> {
    if (publishStopped) throw new Error("publish: an earlier publish of this shard failed");
    const driver = drivers.get(args.publisher)!;
    const topic = setup!.scenario.topic;
    const bootstrap = args.readiness === undefined
      ? undefined
      : await driver.bootstrap(topic, args.readiness.minTopicPeers, args.readiness.discoverLimit);
    if (bootstrap !== undefined && !bootstrap.ready) {
      publishStopped = true;
      return { bootstrap };
    }
    const publishedAt = epochNow();
    try {
      await driver.publish(topic, args.data);
    } catch (error) {
      publishStopped = true;
      throw error;
    }
    return { ...(bootstrap !== undefined ? { bootstrap } : {}), publishedAt };
  }

  port.onMessage((message) => {
    switch (message.type) {
      case "expect":
        verifier.expect(message.index, message.data);
        return;
      case "found":
        finds.get(message.id)?.(message.records);
        finds.delete(message.id);
        return;
      case "call": {
        const method = methods[message.method] as (args: unknown) => Promise<unknown>;
        method(message.args).then(
          (value) => port.post({ type: "result", id: message.id, value }),
          (error) =>
            port.post({
              type: "result",
              id: message.id,
              error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
            }),
        );
        return;
      }
    }
  });
}
