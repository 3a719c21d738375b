/**
 * The benchmark's scenario, a port of go-libp2p-pubsub's TestSimpleDiscovery: n hosts find each
 * other through a shared mock discovery service, join one topic, and every host must receive
 * every message, byte for byte.
 *
 * @module
 */
import pLimit from "p-limit";
import type { ScenarioConfig, VariantSpec } from "../config/types.ts";
import {
  type BenchHost,
  closeTrackedBroadcastChannels,
  createBenchHost,
  createMockDiscovery,
} from "../net/mod.ts";
import { createFnv1a32 } from "./fnv1a.ts";
import { createHostDriver } from "./create_host_driver.ts";
import type { HostDriver } from "./host_driver.ts";
import {
  createDeliveryTracker,
  type DeliveryFigures,
  writeMessageIndex,
} from "./delivery_tracker.ts";
import { createPhaseClock, type PhaseName } from "./phase_clock.ts";
import type { RunObserver } from "./run_observer.ts";
import { createSeededRandom } from "./seeded_random.ts";

/** Options of {@linkcode runDiscoveryScenario}. */
export interface DiscoveryScenarioOptions {
  hosts: number;
  /** Random messages after the first one. */
  msgs: number;
  variant: VariantSpec;
  scenario: ScenarioConfig;
  /** Every random choice of the run (keys, publishers, bodies, discovery order) comes from it. */
  seed: number;
  /** Called when a phase starts, e.g. to sample memory at phase boundaries. */
  onPhase?: (phase: PhaseName) => void;
  /** Monotonic clock in ms. @default performance.now */
  now?: () => number;
  /** Sees phases, hosts and machines; given only for traced runs. */
  observer?: RunObserver;
}

/** What one scenario run measured. */
export interface DiscoveryScenarioOutcome {
  ok: boolean;
  failure?: string;
  phasesMs: Record<PhaseName, number>;
  /** Time inside bootstrap back-off windows; part of the phases (the windows end on events). */
  waitedMs: number;
  activeMs: number;
  totalMs: number;
  delivery: DeliveryFigures;
  /** Router receptions of messages over all hosts, duplicates included. */
  receptions: number;
  meshDegreeAtFirstPublish: number;
  meshDegreeMeanAtFirstPublish: number;
  dialFailures: number;
  bootstrapAttempts: number;
  /**
   * A hash of everything the seed decides: host keys (peer ids), publishers and message bodies.
   * Two runs with the same seed have the same fingerprint.
   */
  seedFingerprint: string;
  /** Transitions per machine kind over all hosts (machine-driven orchestrations only). */
  transitions?: Record<string, number>;
}

/** The run could not go on; the message says which step and what was seen. */
class _ScenarioFailure extends Error {
  override name = "ScenarioFailure";
}

/**
 * Runs the scenario once and stops every host, whether it succeeded or not:
 * 1. init: n hosts, each with a client of one mock discovery service;
 * 2. subscribe: hosts 1..n-1 join in turn: subscribe, advertise, and dial up to `dialsPerHost`
 *    of the peers advertised before them; wait (event-driven) until discovery holds n-1 records
 *    and those dials are done;
 * 3. host 0 subscribes, advertises, bootstraps until it has n-1 topic peers, and publishes the
 *    first message;
 * 4. msgs times a random host (ready at 1 topic peer) publishes; `serial` waits for every host
 *    before the next message, `burst` publishes all and then waits;
 * 5. every host stops.
 */
export async function runDiscoveryScenario(
  options: DiscoveryScenarioOptions,
): Promise<DiscoveryScenarioOutcome> {
  const { hosts: n, msgs, variant, scenario } = options;
  const now = options.now ?? (() => performance.now());
  const random = createSeededRandom(options.seed);
  const clock = createPhaseClock(now);
  const tracker = createDeliveryTracker(n, now);
  const limitDial = pLimit(scenario.dialConcurrency);
  const discoveryRandom = random.fork("discovery");
  const discovery = createMockDiscovery({ now, random: () => discoveryRandom.next() });
  const hosts: BenchHost[] = [];
  const drivers: HostDriver[] = [];
  const mesh = { publisher: 0, mean: 0 };
  const counters = { dialFailures: 0, bootstrapAttempts: 0, windowWaitMs: 0 };
  let failure: string | undefined;
  const startedAt = now();

  function phase(name: PhaseName): void {
    clock.start(name);
    options.onPhase?.(name);
    options.observer?.phaseStarted(name);
  }

  async function ensureReady(index: number, minTopicPeers: number, limit: number): Promise<void> {
    const outcome = await drivers[index].bootstrap(scenario.topic, minTopicPeers, limit);
    counters.dialFailures += outcome.dialFailures;
    counters.bootstrapAttempts += outcome.attempts;
    counters.windowWaitMs += outcome.windowWaitMs;
    if (!outcome.ready) {
      throw new _ScenarioFailure(
        `bootstrap: host ${index} has ${outcome.topicPeers} of ${minTopicPeers} topic peers after ${outcome.attempts} attempts`,
      );
    }
  }

  const bodies = random.fork("bodies");
  // FNV-1a over the run's seeded choices: equal seeds must give equal fingerprints.
  const fingerprint = createFnv1a32();
  async function publish(index: number, publisher: number): Promise<void> {
    const data = writeMessageIndex(bodies.bytes(scenario.payloadBytes), index);
    fingerprint.text(`${index}:${publisher}:`);
    fingerprint.bytes(data);
    tracker.expect(index, publisher, data);
    await drivers[publisher].publish(scenario.topic, data);
  }

  async function waitForDelivery(index: number): Promise<void> {
    const verified = options.observer?.verifyStarted(index);
    const delivered = await tracker.waitForAll(index, scenario.deliveryTimeoutMs);
    verified?.();
    if (delivered) return;
    const missing = tracker.missingHosts(index);
    throw new _ScenarioFailure(
      `missed delivery: message ${index} reached ${
        n - missing.length
      } of ${n} hosts within ${scenario.deliveryTimeoutMs} ms (missing hosts ${
        _shortList(missing)
      })`,
    );
  }

  try {
    phase("init");
    const keys = random.fork("keys");
    const runTag = `run-${options.seed}-${random.fork("tag").int(0, 2 ** 31)}`;
    const created = await Promise.all(
      Array.from(
        { length: n },
        (_, index) => createBenchHost({ index, keySeed: keys.bytes(32), runTag, variant }),
      ),
    );
    hosts.push(...created);
    for (const host of hosts) fingerprint.text(host.peerId);
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
        inspect: options.observer?.machineInspector(host.index),
      });
      drivers.push(driver);
      driver.onMessage((message) => tracker.receive(host.index, message.data));
      const validationDelayMs = variant.validationDelayMs ?? scenario.validationDelayMs;
      if (validationDelayMs > 0) host.setValidationDelay(scenario.topic, validationDelayMs);
    }

    phase("subscribe");
    // Hosts join one after another, as the Go test's loop of Join calls does; each one's
    // discovery then dials some of the peers advertised before it (in the background, as Go's
    // discovery does), so no two hosts dial each other at the same moment.
    const joinDials: Promise<number>[] = [];
    for (let i = 1; i < n; i++) {
      await drivers[i].join(scenario.topic, scenario.discoveryTtlMs);
      joinDials.push(drivers[i].dialDiscovered(scenario.topic, scenario.dialsPerHost));
    }
    await _waitForRecords(discovery, hosts, scenario);
    for (const failures of await Promise.all(joinDials)) counters.dialFailures += failures;

    phase("firstMessage");
    await drivers[0].join(scenario.topic, scenario.discoveryTtlMs);
    await ensureReady(0, n - 1, n);
    mesh.publisher = drivers[0].meshDegree(scenario.topic);
    mesh.mean = drivers.reduce((sum, driver) => sum + driver.meshDegree(scenario.topic), 0) / n;
    await publish(0, 0);
    await waitForDelivery(0);

    phase("randomMessages");
    const publishers = random.fork("publishers");
    for (let index = 1; index <= msgs; index++) {
      const publisher = publishers.int(0, n - 1);
      await ensureReady(publisher, 1, scenario.dialsPerHost);
      await publish(index, publisher);
      if (scenario.pattern === "serial") await waitForDelivery(index);
    }
    if (scenario.pattern === "burst") {
      for (let index = 1; index <= msgs; index++) await waitForDelivery(index);
    }
    const problems = tracker.problems();
    if (problems.length > 0) throw new _ScenarioFailure(problems.join("; "));
  } catch (error) {
    failure = error instanceof _ScenarioFailure
      ? error.message
      : `error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  }

  phase("stop");
  const transitions = _sumTransitions(drivers);
  const stopErrors = (await Promise.allSettled(
    hosts.map((host, index) => drivers[index]?.stop() ?? host.stop()),
  ))
    .filter((result) => result.status === "rejected");
  closeTrackedBroadcastChannels();
  clock.end();
  options.observer?.ended(failure);
  if (failure === undefined && stopErrors.length > 0) {
    failure = `stop: ${stopErrors.length} hosts failed to stop`;
  }

  const phasesMs = clock.phasesMs();
  return {
    ok: failure === undefined,
    failure,
    phasesMs,
    waitedMs: counters.windowWaitMs,
    activeMs: phasesMs.init + phasesMs.subscribe + phasesMs.firstMessage + phasesMs.randomMessages,
    totalMs: now() - startedAt,
    delivery: tracker.figures(),
    receptions: hosts.reduce((sum, host) => sum + host.messageReceptions, 0),
    meshDegreeAtFirstPublish: mesh.publisher,
    meshDegreeMeanAtFirstPublish: mesh.mean,
    dialFailures: counters.dialFailures,
    bootstrapAttempts: counters.bootstrapAttempts,
    seedFingerprint: fingerprint.hex(),
    ...(transitions !== undefined ? { transitions } : {}),
  };
}

/** Transitions per machine kind over all hosts; undefined when no driver runs machines. */
function _sumTransitions(drivers: HostDriver[]): Record<string, number> | undefined {
  let total: Record<string, number> | undefined;
  for (const driver of drivers) {
    const counts = driver.transitions();
    if (counts === undefined) continue;
    total ??= {};
    for (const [kind, count] of Object.entries(counts)) total[kind] = (total[kind] ?? 0) + count;
  }
  return total;
}

async function _waitForRecords(
  discovery: ReturnType<typeof createMockDiscovery>,
  hosts: BenchHost[],
  scenario: ScenarioConfig,
): Promise<void> {
  const expected = hosts.length - 1;
  const signal = AbortSignal.timeout(scenario.deliveryTimeoutMs);
  await discovery.waitForCount(scenario.topic, expected, { signal }).catch(() => {
    throw new _ScenarioFailure(
      `subscribe: discovery holds ${
        discovery.count(scenario.topic)
      } of ${expected} records after ${scenario.deliveryTimeoutMs} ms`,
    );
  });
  const absent = hosts.slice(1).filter((host) => !discovery.has(scenario.topic, host.peerId));
  if (absent.length > 0) {
    throw new _ScenarioFailure(
      `subscribe: hosts ${_shortList(absent.map((host) => host.index))} are not in discovery`,
    );
  }
}

function _shortList(items: number[]): string {
  return items.length <= 10 ? items.join(", ") : `${items.slice(0, 10).join(", ")}, ...`;
}
