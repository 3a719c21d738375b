/**
 * Runs the simulator: the sim machine and its world, the heartbeat and the action scheduler,
 * a peer machine and libp2p host per peer, a topic machine per topic, the metrics endpoint and
 * the journal. The edge where the pure parts meet time, the network and files.
 *
 * @module
 */
import client from "prom-client";
import pLimit from "p-limit";
import { type Actor, createActor, fromPromise, type InspectionEvent, waitFor } from "xstate";
import { type SimEvent, simMachine } from "./sim_machine.ts";
import { closeTrackedBroadcastChannels, createMockDiscovery } from "../net/mod.ts";
import { createSeededRandom } from "../bench/mod.ts";
import { createActionScheduler } from "./action_scheduler.ts";
import { createHeartbeatLoop, type Heartbeat } from "./heartbeat_loop.ts";
import { createMachineMetrics } from "./machine_metrics.ts";
import { createMetricsPusher, type MetricsServer, serveMetrics } from "./metrics_server.ts";
import { type AnyMetric, registerSimMetrics } from "./sim_metrics.ts";
import { createSimNetwork } from "./_sim_network.ts";
import { SIM_ACTIONS, type SimConfig } from "./sim_config.ts";
import { openSimJournal } from "./_sim_journal.ts";
import { untilDurationOrAbort } from "./_until_duration.ts";
import {
  formatSimStatus,
  type SimStatus,
  type SimSummary,
  summarizeLags,
  topicLines,
  worldStats,
} from "./format_sim_status.ts";
import { planAction } from "./world_plan.ts";
import { createWorld, type World, worldLimitsOf } from "./world.ts";

/** Options of {@linkcode runSim}. */
export interface RunSimOptions {
  /** Aborting ends the simulation early (Ctrl-C); it still stops every peer. */
  signal?: AbortSignal;
  /** Where the status and notices go. @default nothing is printed */
  print?: (text: string) => void;
  /** Called once `/metrics` listens, with its URL. */
  onMetricsListen?: (url: string) => void;
  /**
   * Called with each status, when it is printed (every `printIntervalMs`), e.g. to collect a
   * time series. @default nothing is called
   */
  onStatus?: (status: SimStatus) => void;
}

/** Counters that follow a world total. */
const _TOTAL_COUNTERS: ReadonlyArray<[string, keyof World["totals"]]> = [
  ["sim_msgs_recv_total", "delivered"],
  ["sim_msgs_miss_total", "missed"],
  ["sim_msgs_sent_total", "messagesSent"],
  ["sim_msgs_send_failed_total", "sendFailures"],
  ["sim_verifications_total", "verifications"],
  ["sim_peers_added_total", "peersAdded"],
  ["sim_peers_removed_total", "peersRemoved"],
  ["sim_peers_failed_total", "peersFailed"],
];

/** How long stopping may wait for one peer's host. */
const _STOP_TIMEOUT_MS = 20_000;

/**
 * Runs the simulation of `config` until its duration has passed or `options.signal` aborts,
 * then stops every peer and returns the summary. A peer whose host fails is removed from the
 * world and counted; the simulation goes on.
 *
 * @throws {SimError} when the metrics port cannot be bound.
 */
export async function runSim(config: SimConfig, options: RunSimOptions = {}): Promise<SimSummary> {
  const print = options.print ?? (() => {});
  const t0 = performance.now();
  const now = (): number => performance.now() - t0;
  const rssStartBytes = Deno.memoryUsage().rss;
  let rssMaxBytes = rssStartBytes;
  const random = createSeededRandom(config.seed);
  const planRandom = random.fork("plan");
  const scheduleRandom = random.fork("schedule");
  const discoveryRandom = random.fork("discovery");

  const registry = new client.Registry();
  const metrics = registerSimMetrics(registry);
  const metric = <T extends AnyMetric>(name: string): T => metrics.get(name) as T;
  let machineErrors = 0;
  const errorsCounter = metric<client.Counter<string>>("sim_machine_errors_total");
  const machineMetrics = createMachineMetrics({
    transitions: metric<client.Counter<string>>("sim_machine_transitions_total"),
    transitionSeconds: metric<client.Histogram<string>>("sim_machine_transition_seconds"),
    errors: {
      inc: (labels, value) => {
        machineErrors += value;
        errorsCounter.inc(labels, value);
      },
    },
  });
  const journal = config.journal.enabled ? openSimJournal(config) : undefined;
  const inspect = journal === undefined
    ? machineMetrics.inspect
    : (event: InspectionEvent): void => {
      machineMetrics.inspect(event);
      journal.inspect(event);
    };

  let sim: Actor<typeof simMachine> | undefined;
  const world = (): World => (sim as Actor<typeof simMachine>).getSnapshot().context.world;
  const report = (event: SimEvent): void => sim?.send(event);
  const network = createSimNetwork({
    config,
    random,
    discovery: createMockDiscovery({ random: () => discoveryRandom.next() }),
    limitDial: ((limit) => <T>(dial: () => Promise<T>) => limit(dial))(
      pLimit(config.network.dialConcurrency),
    ),
    inspect,
    report,
    now,
    onPeerFailed: (peerId, error) => print(`peer ${peerId} failed and was removed: ${error}`),
  });

  function refreshMachineGauges(): void {
    const gauges = machineMetrics.gauges();
    const states = metric<client.Gauge<string>>("sim_machine_states_active");
    states.reset();
    for (const [machine, state, count] of gauges.states) states.set({ machine, state }, count);
    const actors = metric<client.Gauge<string>>("sim_machine_actors");
    actors.reset();
    for (const [machine, count] of gauges.actors) actors.set({ machine }, count);
    const queues = metric<client.Gauge<string>>("sim_machine_queue_size");
    queues.reset();
    for (const [machine, depth] of gauges.queues) queues.set({ machine }, depth);
  }

  const lastTotals = { ...createWorld(worldLimitsOf(config)).totals };
  let lastVerificationSeq = 0;
  let heartbeats = 0;
  let peersMax = 0;
  let topicsMax = 0;
  const lagsAll: number[] = [];
  let lagsWindow: number[] = [];
  let skippedTotal = 0;
  let skippedWindow = 0;
  let failedHeartbeats = 0;
  let lastPrint = { atMs: 0, delivered: 0, missed: 0 };

  function updateMetrics(current: World, beat: Heartbeat): void {
    const stats = worldStats(current);
    const { connections, streams } = network.counts();
    const gauges: Array<[string, number]> = [
      ["sim_peers", stats.peers],
      ["sim_topics", stats.topics],
      ["sim_connections", connections],
      ["sim_streams", streams],
      ["sim_friends", stats.friendships],
      ["sim_peers_with_topics", stats.peersWithTopics],
      ["sim_peers_per_topic", stats.peersPerTopic],
    ];
    for (const [name, value] of gauges) metric<client.Gauge<string>>(name).set(value);
    for (const [name, key] of _TOTAL_COUNTERS) {
      const delta = current.totals[key] - lastTotals[key];
      if (delta > 0) metric<client.Counter<string>>(name).inc(delta);
      lastTotals[key] = current.totals[key];
    }
    const ratio = metric<client.Histogram<string>>("sim_verification_delivered_ratio");
    for (const verification of current.verifications) {
      if (verification.seq <= lastVerificationSeq) continue;
      ratio.observe(
        verification.expected === 0 ? 1 : verification.delivered / verification.expected,
      );
      lastVerificationSeq = verification.seq;
    }
    metric<client.Counter<string>>("sim_heartbeats_total").inc();
    if (beat.skipped > 0) {
      metric<client.Counter<string>>("sim_heartbeats_skipped_total").inc(beat.skipped);
    }
    metric<client.Histogram<string>>("sim_heartbeat_lag_seconds").observe(beat.lagMs / 1000);
    const rss = Deno.memoryUsage().rss;
    rssMaxBytes = Math.max(rssMaxBytes, rss);
    metric<client.Gauge<string>>("sim_rss_bytes").set(rss);
    peersMax = Math.max(peersMax, stats.peers);
    topicsMax = Math.max(topicsMax, stats.topics);
    // Half a heartbeat early is on time: beats are a period apart, and a status 11 s apart for
    // a 10 s interval would drift.
    if (now() - lastPrint.atMs < config.printIntervalMs - config.heartbeatMs / 2) return;
    const seconds = Math.max(1e-3, (now() - lastPrint.atMs) / 1000);
    const status: SimStatus = {
      elapsedMs: now(),
      world: stats,
      connections,
      streams,
      delivered: current.totals.delivered,
      missed: current.totals.missed,
      deliveredPerSecond: (current.totals.delivered - lastPrint.delivered) / seconds,
      missedPerSecond: (current.totals.missed - lastPrint.missed) / seconds,
      verifications: current.totals.verifications,
      lag: summarizeLags(lagsWindow, skippedWindow),
      failedHeartbeats,
      rssBytes: rss,
      topics: topicLines(current, now(), (topic) => network.topicStates(topic)),
    };
    print(formatSimStatus(status));
    options.onStatus?.(status);
    lastPrint = { atMs: now(), delivered: current.totals.delivered, missed: current.totals.missed };
    lagsWindow = [];
    skippedWindow = 0;
  }

  const scheduler = createActionScheduler(
    SIM_ACTIONS.map((name) => ({ name, meanMs: config.actions[name] * 1000 })),
    () => scheduleRandom.next(),
    { startMs: 0, spread: config.actionSpread },
  );
  const actionsRun = metric<client.Counter<string>>("sim_actions_total");

  function onBeat(beat: Heartbeat): void {
    const actor = sim as Actor<typeof simMachine>;
    if (!actor.getSnapshot().matches({ live: "running" })) return;
    heartbeats++;
    lagsAll.push(beat.lagMs);
    lagsWindow.push(beat.lagMs);
    skippedTotal += beat.skipped;
    skippedWindow += beat.skipped;
    actor.send({ type: "HEARTBEAT", atMs: now(), lagMs: beat.lagMs, skipped: beat.skipped });
    // Actions are timed by the heartbeat's intended time, so a late beat does not slow them.
    const ran = scheduler.tick(beat.intendedMs, (name) => {
      const change = planAction(world(), name, planRandom, now());
      if (change === undefined) return false;
      const before = world();
      actor.send(change);
      return world() !== before;
    });
    for (const name of ran) actionsRun.inc({ action: name });
    network.updateTopics(world(), now());
    updateMetrics(world(), beat);
  }

  /**
   * A beat whose work threw (a bug, a hook such as `onStatus` that threw): counted in the metric
   * and the status line, sent to the sim machine so the journal has it, printed; the loop goes
   * on. Only the first failure is printed with its message in full, then one line per
   * printInterval at most, so a beat that fails every time does not flood the terminal.
   */
  let lastFailurePrintMs = -Infinity;
  function onBeatError(error: unknown, beat: Heartbeat): void {
    failedHeartbeats++;
    metric<client.Counter<string>>("sim_heartbeat_errors_total").inc();
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    sim?.send({ type: "HEARTBEAT_FAILED", seq: beat.seq, error: message });
    if (failedHeartbeats > 1 && now() - lastFailurePrintMs < config.printIntervalMs) return;
    lastFailurePrintMs = now();
    print(
      `heartbeat ${beat.seq} failed (${failedHeartbeats} so far; the simulation goes on): ${message}`,
    );
  }

  const machine = simMachine.provide({
    actions: {
      perform: (_, { effects }) => {
        for (const effect of effects) network.perform(effect);
      },
      reportFailure: (_, { error }) =>
        print(`the simulation failed to start: ${error instanceof Error ? error.message : error}`),
    },
    actors: {
      populate: fromPromise(async ({ signal }) => {
        // The actor starts inside the sim's START transition, where what it sends would wait in
        // the sim's mailbox and every plan would see the same world: let that transition end.
        await Promise.resolve();
        for (let i = 0; i < config.initialPeers; i++) {
          const change = planAction(world(), "addPeer", planRandom, now());
          if (change) report(change);
        }
        await waitFor(
          sim as Actor<typeof simMachine>,
          (snapshot) =>
            !snapshot.matches({ live: "populating" }) ||
            [...snapshot.context.world.peers.values()].every((peer) => peer.status === "ready"),
          { signal },
        );
        for (let i = 0; i < config.initialTopics; i++) {
          const change = planAction(world(), "addTopic", planRandom, now());
          if (change) report(change);
        }
      }),
      stopAll: fromPromise(() => network.stopAll(_STOP_TIMEOUT_MS)),
    },
  });

  let server: MetricsServer | undefined;
  const pusher = config.metrics.pushgateway === ""
    ? undefined
    : createMetricsPusher(registry, config.metrics.pushgateway);
  let pushTimer: ReturnType<typeof setInterval> | undefined;
  let reason: SimSummary["reason"] = "duration";
  const loop = createHeartbeatLoop(onBeat, {
    intervalMs: config.heartbeatMs,
    onError: onBeatError,
    timers: {
      now,
      setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
      clearTimeout: (id) => clearTimeout(id as number),
    },
  });
  try {
    if (config.metrics.enabled) {
      server = serveMetrics(registry, {
        port: config.metrics.port,
        beforeScrape: refreshMachineGauges,
      });
      options.onMetricsListen?.(server.url);
    }
    if (pusher !== undefined) {
      let warned = false;
      pushTimer = setInterval(async () => {
        refreshMachineGauges();
        const error = await pusher.push();
        if (error !== undefined && !warned) {
          warned = true;
          print(
            `pushing metrics to ${config.metrics.pushgateway} failed (retrying quietly): ${error}`,
          );
        }
      }, config.metrics.pushIntervalMs);
    }
    sim = createActor(machine, {
      id: "sim",
      input: { world: createWorld(worldLimitsOf(config)) },
      inspect,
    });
    sim.start();
    sim.send({ type: "START" });
    const ended = untilDurationOrAbort(config.durationMs - now(), options.signal);
    // Resolves when the actor ends by itself: only a failed start ends it before STOP.
    const failed = waitFor(sim, (snapshot) => snapshot.status !== "active")
      .then(() => "failed" as const, () => "failed" as const);
    const started = waitFor(sim, (snapshot) => !snapshot.matches({ live: "populating" }))
      .then(() => "started" as const, () => "failed" as const);
    const first = await Promise.race([ended, started]);
    if (first === "started" && sim.getSnapshot().matches({ live: "running" })) {
      loop.start();
      reason = await Promise.race([ended, failed]);
    } else {
      reason = first === "started" ? "failed" : first;
    }
  } finally {
    loop.stop();
    if (pushTimer !== undefined) clearInterval(pushTimer);
    if (sim !== undefined) {
      sim.send({ type: "STOP" });
      await waitFor(sim, (snapshot) => snapshot.status !== "active", {
        timeout: _STOP_TIMEOUT_MS * 2,
      }).catch(() => sim?.stop());
    }
    if (pusher !== undefined) {
      refreshMachineGauges();
      await pusher.push();
    }
    await server?.close();
    await journal?.close().catch((error) => print(`journal: ${error.message}`));
    closeTrackedBroadcastChannels();
  }
  const final = world();
  const context = sim.getSnapshot().context;
  const rssEndBytes = Deno.memoryUsage().rss;
  return {
    elapsedMs: now(),
    reason,
    peersMax,
    topicsMax,
    peersAtEnd: final.peers.size,
    topicsAtEnd: final.topics.size,
    totals: final.totals,
    refused: context.refused,
    heartbeats,
    failedHeartbeats,
    lag: summarizeLags(lagsAll, skippedTotal),
    rssStartBytes,
    rssEndBytes,
    // Sampled each heartbeat; the end reading may be the highest.
    rssMaxBytes: Math.max(rssMaxBytes, rssEndBytes),
    machineErrors,
    ...(journal ? { journalFile: journal.path } : {}),
    ...(context.error === undefined
      ? {}
      : { error: context.error instanceof Error ? context.error.message : String(context.error) }),
  };
}
