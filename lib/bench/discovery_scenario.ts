/**
 * The benchmark's scenario, a port of go-libp2p-pubsub's TestSimpleDiscovery: n hosts find each
 * other through a shared mock discovery service, join one topic, and every host must receive
 * every message, byte for byte.
 *
 * @module
 */
import type { ScenarioConfig, VariantSpec } from "../config/types.ts";
import {
  createDeliveryTracker,
  type DeliveryFigures,
  writeMessageIndex,
} from "./delivery_tracker.ts";
import { createFnv1a32 } from "./fnv1a.ts";
import { createLocalHosts, shortList } from "./local_hosts.ts";
import { createPhaseClock, type PhaseName } from "./phase_clock.ts";
import { resolveReadyTopicPeers } from "./ready_topic_peers.ts";
import type { RunObserver } from "./run_observer.ts";
import { ScenarioFailure, type ScenarioHosts, type ScenarioHostsInit } from "./scenario_hosts.ts";
import { createSeededRandom } from "./seeded_random.ts";
import type { BootstrapOutcome } from "./bootstrap_topic.ts";

/** How far a run has got, for a progress line and for the record of a run that failed. */
export interface ScenarioProgress {
  /** The phase running now (the last one reached). */
  phase: PhaseName;
  /** Phases that ran to their end, in order. */
  phasesCompleted: PhaseName[];
  /** Hosts that have joined the topic. */
  hostsJoined: number;
  hosts: number;
  /** Receptions recorded so far (the publishers' own copies included). */
  deliveries: number;
  /** Receptions the whole run expects: (msgs + 1) x hosts. */
  deliveriesExpected: number;
}

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
  /**
   * Where the hosts live. @default all in this thread, with an in-process discovery service
   * (`createLocalHosts`)
   */
  createHosts?: (init: ScenarioHostsInit) => ScenarioHosts;
  /** Called once, before the first phase, with a function that tells how far the run has got. */
  onStarted?: (progress: () => ScenarioProgress) => void;
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
  /** The shards' heap, when hosts ran in worker threads (see `StopOutcome.shardHeap`). */
  shardHeap?: { maxBytes: number; finalBytes: number };
  /** How far the measured phases got (for a failed run: where it failed). */
  reached: ScenarioProgress;
  /** Topic peers host 0 had to reach before the first publish. */
  readyTopicPeers: number;
}

/**
 * Runs the scenario once and stops every host, whether it succeeded or not:
 * 1. init: n hosts, each with a client of one mock discovery service;
 * 2. subscribe: hosts 1..n-1 join in turn: subscribe, advertise, and dial up to `dialsPerHost`
 *    of the peers advertised before them; wait (event-driven) until discovery holds n-1 records
 *    and those dials are done;
 * 3. host 0 subscribes, advertises, bootstraps until it has `readyTopicPeers` topic peers (n-1
 *    by default, as the Go test; see `ready_topic_peers.ts`), and publishes the first message;
 * 4. msgs times a random host (ready at 1 topic peer) publishes; `serial` waits for every host
 *    before the next message, `burst` publishes all and then waits;
 * 5. every host stops.
 */
export async function runDiscoveryScenario(
  options: DiscoveryScenarioOptions,
): Promise<DiscoveryScenarioOutcome> {
  const { hosts: n, msgs, scenario } = options;
  const now = options.now ?? (() => performance.now());
  const random = createSeededRandom(options.seed);
  const clock = createPhaseClock(now);
  const tracker = createDeliveryTracker(n, now);
  const mesh = { publisher: 0, mean: 0 };
  const counters = { dialFailures: 0, bootstrapAttempts: 0, windowWaitMs: 0 };
  const reached: PhaseName[] = [];
  let failure: string | undefined;
  const startedAt = now();
  const target = resolveReadyTopicPeers(scenario.readyTopicPeers, n);
  const hosts = (options.createHosts ?? createLocalHosts)({
    hosts: n,
    variant: options.variant,
    scenario,
    random,
    seed: options.seed,
    runTag: `run-${options.seed}-${random.fork("tag").int(0, 2 ** 31)}`,
    now,
    tracker,
    ...(options.observer ? { observer: options.observer } : {}),
  });
  const progress = (): ScenarioProgress => ({
    phase: reached.at(-1) ?? "init",
    phasesCompleted: reached.slice(0, -1),
    hostsJoined: hosts.joinedCount(),
    hosts: n,
    deliveries: tracker.deliveredCount(),
    deliveriesExpected: (msgs + 1) * n,
  });
  options.onStarted?.(progress);

  function phase(name: PhaseName): void {
    clock.start(name);
    reached.push(name);
    options.onPhase?.(name);
    options.observer?.phaseStarted(name);
  }

  function count(outcome: BootstrapOutcome): void {
    counters.dialFailures += outcome.dialFailures;
    counters.bootstrapAttempts += outcome.attempts;
    counters.windowWaitMs += outcome.windowWaitMs;
  }

  function bootstrapFailure(index: number, minTopicPeers: number, outcome: BootstrapOutcome) {
    return new ScenarioFailure(
      `bootstrap: host ${index} has ${outcome.topicPeers} of ${minTopicPeers} topic peers after ${outcome.attempts} attempts`,
    );
  }

  const bodies = random.fork("bodies");
  // FNV-1a over the run's seeded choices: equal seeds must give equal fingerprints.
  const fingerprint = createFnv1a32();
  /** Registers message `index` and hands it to its publisher; the promise settles after. */
  function publish(index: number, publisher: number, readyAt?: number): Promise<void> {
    const data = writeMessageIndex(bodies.bytes(scenario.payloadBytes), index);
    fingerprint.text(`${index}:${publisher}:`);
    fingerprint.bytes(data);
    tracker.expect(index, publisher, data);
    const readiness = readyAt === undefined
      ? undefined
      : { minTopicPeers: readyAt, discoverLimit: scenario.dialsPerHost };
    return hosts.publish({ index, publisher, data }, readiness).then((outcome) => {
      if (outcome.bootstrap !== undefined) count(outcome.bootstrap);
      if (outcome.publishedAt === undefined) {
        throw bootstrapFailure(publisher, readyAt ?? 0, outcome.bootstrap!);
      }
      tracker.setPublishedAt(index, outcome.publishedAt);
    });
  }

  async function waitForDelivery(index: number): Promise<void> {
    const verified = options.observer?.verifyStarted(index);
    const delivered = await tracker.waitForAll(index, scenario.deliveryTimeoutMs);
    verified?.();
    if (delivered) return;
    const missing = tracker.missingHosts(index);
    throw new ScenarioFailure(
      `missed delivery: message ${index} reached ${
        n - missing.length
      } of ${n} hosts within ${scenario.deliveryTimeoutMs} ms (missing hosts ${
        shortList(missing)
      })`,
    );
  }

  try {
    phase("init");
    for (const peerId of await hosts.create()) fingerprint.text(peerId);

    phase("subscribe");
    counters.dialFailures += await hosts.joinOthers();

    phase("firstMessage");
    await hosts.join(0);
    // Asks discovery for as many peers as it must reach: at a target below n-1 it dials no more.
    const ready = await hosts.bootstrap(0, target, target);
    count(ready);
    if (!ready.ready) throw bootstrapFailure(0, target, ready);
    Object.assign(mesh, await hosts.meshDegrees(0));
    await publish(0, 0);
    await waitForDelivery(0);

    phase("randomMessages");
    const publishers = random.fork("publishers");
    const published: Promise<void>[] = [];
    for (let index = 1; index <= msgs; index++) {
      const sent = publish(index, publishers.int(0, n - 1), 1);
      if (scenario.pattern === "serial") {
        await sent;
        await waitForDelivery(index);
      } else {
        // Burst: every publish is handed over at once; they still go out one after another.
        published.push(sent);
        sent.catch(() => {});
      }
    }
    if (scenario.pattern === "burst") {
      await Promise.all(published);
      for (let index = 1; index <= msgs; index++) await waitForDelivery(index);
    }
    const problems = [...await hosts.problems(), ...tracker.problems()];
    if (problems.length > 0) throw new ScenarioFailure(problems.join("; "));
  } catch (error) {
    failure = error instanceof ScenarioFailure
      ? error.message
      : `error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  }

  // Where the measured phases ended: for a failed run, where it failed.
  const measuredProgress = progress();
  phase("stop");
  const stopped = await hosts.stop();
  clock.end();
  options.observer?.ended(failure);
  if (failure === undefined && stopped.stopErrors > 0) {
    failure = `stop: ${stopped.stopErrors} hosts failed to stop`;
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
    receptions: stopped.receptions,
    meshDegreeAtFirstPublish: mesh.publisher,
    meshDegreeMeanAtFirstPublish: mesh.mean,
    dialFailures: counters.dialFailures,
    bootstrapAttempts: counters.bootstrapAttempts,
    seedFingerprint: fingerprint.hex(),
    ...(stopped.transitions !== undefined ? { transitions: stopped.transitions } : {}),
    ...(stopped.shardHeap !== undefined ? { shardHeap: stopped.shardHeap } : {}),
    reached: measuredProgress,
    readyTopicPeers: target,
  };
}
