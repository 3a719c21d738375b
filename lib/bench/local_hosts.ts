/**
 * Every host of a run in this thread, with one in-process mock discovery service: the scenario's
 * hosts as they always were, for runs of one shard.
 *
 * @module
 */
import pLimit from "p-limit";
import type { ScenarioConfig } from "../config/types.ts";
import {
  type BenchHost,
  closeTrackedBroadcastChannels,
  createBenchHost,
  createMockDiscovery,
  type MockDiscovery,
} from "../net/mod.ts";
import { createHostDriver } from "./create_host_driver.ts";
import type { HostDriver } from "./host_driver.ts";
import {
  type OutgoingMessage,
  type PublishOutcome,
  type PublishReadiness,
  ScenarioFailure,
  type ScenarioHosts,
  type ScenarioHostsInit,
  type StopOutcome,
} from "./scenario_hosts.ts";

/** The hosts of a one-shard run, in this thread. */
export function createLocalHosts(options: ScenarioHostsInit): ScenarioHosts {
  const { hosts: n, variant, scenario, random, now, tracker } = options;
  const limitDial = pLimit(scenario.dialConcurrency);
  const discoveryRandom = random.fork("discovery");
  const discovery = createMockDiscovery({ now, random: () => discoveryRandom.next() });
  const hosts: BenchHost[] = [];
  const drivers: HostDriver[] = [];
  let joined = 0;
  let publishing: Promise<unknown> = Promise.resolve();
  let publishStopped = false;

  return {
    async create() {
      const keys = random.fork("keys");
      const runTag = options.runTag;
      const created = await Promise.all(
        Array.from(
          { length: n },
          (_, index) => createBenchHost({ index, keySeed: keys.bytes(32), runTag, variant }),
        ),
      );
      hosts.push(...created);
      for (const host of hosts) options.observer?.hostCreated(host);
      for (const host of hosts) {
        const driver = createHostDriver(variant.orchestration, {
          host,
          discovery: discovery.createClient({ peerId: host.peerId, addrs: host.addrs }),
          limitDial,
          bootstrap: {
            backoffMs: scenario.bootstrapBackoffMs,
            maxBackoffMs: scenario.bootstrapMaxBackoffMs,
            maxAttempts: scenario.bootstrapMaxAttempts,
          },
          discoveryTtlMs: scenario.discoveryTtlMs,
          inspect: options.observer?.machineInspector(host.index),
        });
        drivers.push(driver);
        driver.onMessage((message) => tracker.receive(host.index, message.data));
        const validationDelayMs = variant.validationDelayMs ?? scenario.validationDelayMs;
        if (validationDelayMs > 0) host.setValidationDelay(scenario.topic, validationDelayMs);
      }
      return hosts.map((host) => host.peerId);
    },
    async joinOthers() {
      // Hosts join one after another, as the Go test's loop of Join calls does; each one's
      // discovery then dials some of the peers advertised before it (in the background, as Go's
      // discovery does), so no two hosts dial each other at the same moment.
      const joinDials: Promise<number>[] = [];
      for (let i = 1; i < n; i++) {
        await drivers[i].join(scenario.topic, scenario.discoveryTtlMs);
        joined++;
        joinDials.push(drivers[i].dialDiscovered(scenario.topic, scenario.dialsPerHost));
      }
      await waitForRecords(discovery, hosts.map((host) => host.peerId), scenario);
      let dialFailures = 0;
      for (const failures of await Promise.all(joinDials)) dialFailures += failures;
      return dialFailures;
    },
    async join(index) {
      await drivers[index].join(scenario.topic, scenario.discoveryTtlMs);
      joined++;
    },
    bootstrap: (index, minTopicPeers, discoverLimit) =>
      drivers[index].bootstrap(scenario.topic, minTopicPeers, discoverLimit),
    meshDegrees(publisher) {
      const sum = drivers.reduce((total, driver) => total + driver.meshDegree(scenario.topic), 0);
      return Promise.resolve({
        publisher: drivers[publisher].meshDegree(scenario.topic),
        mean: sum / n,
      });
    },
    publish(message, readiness) {
      const result = publishing.then(() => _publish(message, readiness));
      publishing = result.catch(() => {});
      return result;
    },
    joinedCount: () => joined,
    problems: () => Promise.resolve([]),
    async stop(): Promise<StopOutcome> {
      const transitions = sumTransitions(drivers.map((driver) => driver.transitions()));
      const stopped = await Promise.allSettled(
        hosts.map((host, index) => drivers[index]?.stop() ?? host.stop()),
      );
      closeTrackedBroadcastChannels();
      return {
        stopErrors: stopped.filter((result) => result.status === "rejected").length,
        ...(transitions !== undefined ? { transitions } : {}),
        receptions: hosts.reduce((sum, host) => sum + host.messageReceptions, 0),
      };
    },
  };

  async function _publish(
    message: OutgoingMessage,
    readiness: PublishReadiness | undefined,
  ): Promise<PublishOutcome> {
    if (publishStopped) throw new ScenarioFailure("publish: an earlier publish failed");
    const driver = drivers[message.publisher];
    const bootstrap = readiness === undefined ? undefined : await driver.bootstrap(
      scenario.topic,
      readiness.minTopicPeers,
      readiness.discoverLimit,
    );
    if (bootstrap !== undefined && !bootstrap.ready) {
      publishStopped = true;
      return { bootstrap };
    }
    const publishedAt = now();
    try {
      await driver.publish(scenario.topic, message.data);
    } catch (error) {
      publishStopped = true;
      throw error;
    }
    return { ...(bootstrap !== undefined ? { bootstrap } : {}), publishedAt };
  }
}

/**
 * Waits (on advertise events, no polling) until `discovery` holds a record of every host but
 * host 0, within the scenario's delivery timeout.
 */
export async function waitForRecords(
  discovery: MockDiscovery,
  peerIds: readonly string[],
  scenario: ScenarioConfig,
): Promise<void> {
  const expected = peerIds.length - 1;
  const signal = AbortSignal.timeout(scenario.deliveryTimeoutMs);
  await discovery.waitForCount(scenario.topic, expected, { signal }).catch(() => {
    throw new ScenarioFailure(
      `subscribe: discovery holds ${
        discovery.count(scenario.topic)
      } of ${expected} records after ${scenario.deliveryTimeoutMs} ms`,
    );
  });
  const absent = peerIds.map((peerId, index) => ({ peerId, index }))
    .slice(1)
    .filter((host) => !discovery.has(scenario.topic, host.peerId));
  if (absent.length > 0) {
    throw new ScenarioFailure(
      `subscribe: hosts ${shortList(absent.map((host) => host.index))} are not in discovery`,
    );
  }
}

/** Transitions per machine kind summed over `counts`; undefined when no driver runs machines. */
export function sumTransitions(
  counts: readonly (Record<string, number> | undefined)[],
): Record<string, number> | undefined {
  let total: Record<string, number> | undefined;
  for (const byKind of counts) {
    if (byKind === undefined) continue;
    total ??= {};
    for (const [kind, count] of Object.entries(byKind)) total[kind] = (total[kind] ?? 0) + count;
  }
  return total;
}

/** Up to ten items, then an ellipsis. */
export function shortList(items: readonly number[]): string {
  return items.length <= 10 ? items.join(", ") : `${items.slice(0, 10).join(", ")}, ...`;
}
